"""Checks that the evidence is there and says what it must: exists, fields, approved, contains,
justified, and cites_current (records cite documents in force)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation, label, values_of
from isocheck.checks.common import (
    Condition,
    EveryItem,
    EvidenceName,
    NonEmpty,
    Selection,
    cap,
    date_of,
    every_item,
    names_in,
    none_found,
    section_of,
    table_rows,
)
from isocheck.checks.params import (
    AtLeastOne,
    Constraint,
    Doc,
    Minimum,
    MinItems,
    Needs,
    Nullable,
)
from isocheck.conditions import REVISION_WORD, holds, is_empty, text_of
from isocheck.evidence import EXTERNAL, REGISTER_TYPE, Item, section_text
from isocheck.loaders import ParsedFile
from isocheck.meaning import (
    fold,
    says,
    says_any,
    says_pending,
    says_undecided,
    without_remark,
    words,
)
from isocheck.names import codes_named, reference_key

# --- exists -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ExistsParams(Selection):
    """The number of items (files, or rows for tables) is within bounds."""

    min: Annotated[int, Minimum(0), Doc("the fewest items allowed")] = 1
    max: Annotated[int | None, Minimum(0), Doc("the most items allowed (no limit if left out)")] = (
        None
    )


def check_exists(ctx: CheckContext, p: ExistsParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if len(items) < p.min:
        if not items:
            result.violations.extend(none_found(ctx, p.evidence, p.where))
        else:
            title = ctx.evidence(p.evidence).type.title
            result.violations.append(
                Violation(
                    f"found {len(items)} {title} item(s), expected at least {p.min}", code="too-few"
                )
            )
    if p.max is not None and len(items) > p.max:
        listed = ", ".join(str(i.ref) for i in items[:10])
        result.violations.append(
            Violation(
                f"found {len(items)} item(s), expected at most {p.max}: {listed}", code="too-many"
            )
        )
    return result


# --- fields -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FieldsParams(Selection):
    """Every item has every required field non-empty and matches the schema."""

    required: Annotated[
        list[str] | None, MinItems(1), Doc("fields every item must have, not empty")
    ] = None
    schema: Annotated[
        dict[str, Any] | None, Doc("a JSON Schema (Draft 2020-12) every item must match")
    ] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (AtLeastOne("required", "schema"),)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def check_fields(ctx: CheckContext, p: FieldsParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    validator = ctx.json_validator(p.schema) if p.schema is not None else None
    for item in items:
        missing = [f for f in p.required or [] if is_empty(item.fields.get(f))]
        if missing:
            result.violations.append(
                Violation(
                    f"{label(item)}: missing or empty: {', '.join(map(item.named, missing))}",
                    item.ref,
                    code="missing-field",
                )
            )
        # filled in, but saying the matter is still to be decided ("TBD", "To be defined")
        for f in p.required or []:
            if says_undecided(item.fields.get(f)):
                result.violations.append(
                    Violation(
                        f"{label(item)}: {item.named(f)} says it is still to be decided "
                        f"({text_of(item.fields.get(f))!r})",
                        item.where(f),
                        code="missing-field",
                    )
                )
        if validator is not None:
            for error in sorted(validator.iter_errors(_jsonable(item.fields)), key=str):
                where = ".".join(str(x) for x in error.path) or "item"
                field_name = str(error.path[0]) if error.path else None
                result.violations.append(
                    Violation(
                        f"{label(item)}: {where}: {error.message}",
                        item.where(field_name),
                        code="schema",
                    )
                )
    return cap(result)


# --- approved (document control) ----------------------------------------------------------------


# Rules kept as a part of another document: the documents with a heading saying one of these
OrHeaded = Annotated[
    list[NonEmpty] | None,
    MinItems(1),
    Doc(
        "where `where` selects no document, the documents with a heading saying one of these "
        "phrases or topics: rules kept as a part of another document (the rules for acceptable "
        "use as a section of the asset management policy, for cryptography as a section of the "
        "information security policy)"
    ),
]


@dataclass(frozen=True, kw_only=True)
class NamedIn(Selection):
    """The rows of another evidence type (those `where` selects) that name documents by their
    identifiers in a column."""

    column: Annotated[str, Doc("the column naming the documents")]


@dataclass(frozen=True, kw_only=True)
class ApprovedParams(Selection):
    """Every document has approved_by and approved_on (not in the future), its status equals
    `status`, its approver differs from its author (the field `author`, where filled) or else from
    the field `approver_not`, and its next_review is not before the as-of date."""

    status: Annotated[
        str | None, Nullable(), Doc("the status every document must have (null: any status)")
    ] = "approved"
    approver_not: Annotated[
        str | None,
        Nullable(),
        Doc("a field the approver must differ from (null: anyone may approve)"),
    ] = "owner"
    author: Annotated[
        str | None,
        Nullable(),
        Doc(
            "a field naming who wrote the document: where a document fills it, the approver "
            "must differ from the author rather than from `approver_not` (null: never)"
        ),
    ] = "author"
    review: Annotated[bool, Doc("whether next_review must not be before the as-of date")] = True
    owners_approve: Annotated[
        Approvers | None,
        Doc(
            "who may approve a document they own where it names no author (top management, "
            "who owns and approves the policy): the people of this column"
        ),
    ] = None
    or_headed: OrHeaded = None
    or_named: Annotated[
        NamedIn | None,
        Doc(
            "where neither `where` nor `or_headed` selects a document, the documents another "
            "evidence type names by identifier: the Statement of Applicability naming "
            "'POL-004 / BAAs' as what implements a control has the organization's word on "
            "which document is the control's"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Approvers(Selection):
    """People named in a column of another evidence type (the roles register's top management)."""

    column: Annotated[str, Doc("the column naming the people")]


def _same_person(one: object, other: object) -> bool:
    return fold(text_of(one)) == fold(text_of(other)) != ""


def _headed(
    ctx: CheckContext, evidence: str, headed: Sequence[str], result: CheckResult
) -> list[Item]:
    """The documents of `evidence` with a heading saying one of `headed`: rules kept as a part
    of another document (the rules for access control as a section of the information security
    policy)."""
    every, every_result = ctx.items(evidence, None)
    result.extend(every_result)
    return [
        item
        for item in every
        if item.parsed is not None
        and any(
            _said(ctx, wanted, [words(h.title) for h in item.parsed.headings]) for wanted in headed
        )
    ]


def _documents_named(
    ctx: CheckContext, evidence: str, named: NamedIn, result: CheckResult
) -> list[Item]:
    """The documents of `evidence` whose identifier a row of `named` names in its column."""
    rows, rows_result = ctx.items(named.evidence, named.where)
    result.extend(rows_result)
    codes = {
        reference_key(code)
        for row in rows
        for value in values_of(row, named.column, None)
        for code in codes_named(value)
    }
    if not codes:
        return []
    every, every_result = ctx.items(evidence, None)
    result.extend(every_result)
    return [item for item in every if reference_key(text_of(item.fields.get("id"))) in codes]


def check_approved(ctx: CheckContext, p: ApprovedParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items and p.or_headed:
        items = _headed(ctx, p.evidence, p.or_headed, result)
    if not items and p.or_named is not None:
        items = _documents_named(ctx, p.evidence, p.or_named, result)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    status, approver_not = p.status, p.approver_not
    owners = (
        names_in(ctx, a.evidence, a.column, a.where, result)
        if (a := p.owners_approve) is not None
        else set()
    )
    for item in items:
        name = label(item)
        f = item.fields
        if is_empty(f.get("approved_by")):
            result.violations.append(
                Violation(
                    f"{name}: not approved (approved_by is empty)", item.ref, code="not-approved"
                )
            )
        elif says_pending(f.get("approved_by")):
            result.violations.append(
                Violation(
                    f"{name}: not approved (approved_by says "
                    f"{text_of(f.get('approved_by'))!r}: the approval is still awaited)",
                    item.where("approved_by"),
                    code="not-approved",
                )
            )
        else:
            # The one who wrote it must not approve it; where the document does not say who
            # wrote it, its owner is taken to have (the owner approving another's work is fine).
            other = p.author if p.author and not is_empty(f.get(p.author)) else approver_not
            if (
                other
                and _same_person(f.get("approved_by"), f.get(other))
                and not (other == approver_not and reference_key(text_of(f.get(other))) in owners)
            ):
                result.violations.append(
                    Violation(
                        f"{name}: approved by its own {other} ({text_of(f.get('approved_by'))})",
                        item.where("approved_by"),
                        code="self-approved",
                    )
                )
        approved_on = date_of(item, "approved_on", result)
        if approved_on and approved_on > ctx.as_of:
            result.violations.append(
                Violation(
                    f"{name}: approved_on {approved_on.isoformat()} is after the as-of date",
                    item.where("approved_on"),
                    code="future-date",
                )
            )
        if status and "status" in item.unread:  # a word the pack does not know: say so
            result.violations.append(
                Violation(item.unread["status"], item.where("status"), code="unknown-value")
            )
        elif status and text_of(f.get("status")).casefold() != str(status).casefold():
            result.violations.append(
                Violation(
                    f"{name}: status is {text_of(f.get('status')) or 'empty'!r}, expected {status!r}",
                    item.where("status"),
                    code="wrong-status",
                )
            )
        if p.review and not (
            is_empty(f.get("next_review")) and text_of(f.get(REGISTER_TYPE)) == EXTERNAL
        ):
            # a document of external origin (a permit, a standard) that the master list gives
            # no review date of its own is reviewed when its issuer changes it
            next_review = date_of(item, "next_review", result)
            if next_review and next_review < ctx.as_of:
                days = (ctx.as_of - next_review).days
                result.violations.append(
                    Violation(
                        f"{name}: review overdue since {next_review.isoformat()} ({days} days)",
                        item.where("next_review"),
                        code="review-overdue",
                    )
                )
    return cap(result)


# --- contains -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReadWith(Selection):
    """Another evidence type's latest item, read with the items of `contains` (`together`)."""

    latest: Annotated[str, Doc("the field holding each item's date: the latest is read")]


@dataclass(frozen=True, kw_only=True)
class HeadingNot:
    """A heading that says `topic` but is about another thing, as `says` shows, unless it also
    says `but_says`: "Fulfilment of compliance obligations" is the environmental performance input
    of a review, not the changes in compliance obligations."""

    topic: Annotated[NonEmpty, Doc("the phrase or topic of `headings` this applies to")]
    says: Annotated[NonEmpty, Doc("a phrase or topic saying what such a heading is about")]
    but_says: Annotated[
        NonEmpty | None, Doc("a phrase or topic that makes the heading count for `topic` still")
    ] = None


@dataclass(frozen=True, kw_only=True)
class HeadingWithin:
    """A part of a document that counts for `topic` where minutes take it up within another
    matter: its heading says `heading` and its heading or its own text says `within`. A part on
    changes ("Alterações nas questões externas e internas") whose text takes up a new regulation
    ("Nova regulamentação de embalagens em acompanhamento") considered the changes in compliance
    obligations (ISO 14001 9.3 b)."""

    topic: Annotated[NonEmpty, Doc("the phrase or topic of `headings` this applies to")]
    heading: Annotated[NonEmpty, Doc("a phrase or topic the part's heading says")]
    within: Annotated[NonEmpty, Doc("a phrase or topic the part's heading or its own text says")]
    also: Annotated[
        NonEmpty | None,
        Doc(
            "a phrase or topic the part's heading or text says as well: a part on environmental"
            " performance that names the evaluation of compliance and gives its result"
            ' ("all obligations met"), not one naming it only as where a nonconformity came from'
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class ContainsParams(Selection):
    """Every item says each of `text` and has a heading saying each of `headings` (in `section`
    only, if given); with `any`, one of them suffices. Each is a phrase or the name of one of the
    pack's topics; it is said when its words stand in its order, a few words apart at most,
    whatever their case and inflection, or when a phrase of the topic (or the organization's own
    wording of it, from the profile's phrases:) is."""

    text: Annotated[
        list[NonEmpty] | None, MinItems(1), Doc("phrases or topics each item must say")
    ] = None
    headings: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc("phrases or topics each item must have a heading saying"),
    ] = None
    section: Annotated[
        NonEmpty | None, Doc("look only in the section under the heading with this title")
    ] = None
    any: Annotated[bool, Doc("one of the phrases and headings suffices")] = False
    or_headed: OrHeaded = None
    considered: Annotated[
        bool,
        Doc(
            "the items record what a meeting considered (review minutes): a part that says only "
            'that its matter was not discussed or was postponed ("Niet behandeld wegens '
            'tijdgebrek; doorgeschoven") is no record of it, its heading or label neither'
        ),
    ] = False
    heading_not: Annotated[
        list[HeadingNot] | None,
        MinItems(1),
        Doc("headings that say one of `headings` but are about something else"),
    ] = None
    heading_within: Annotated[
        list[HeadingWithin] | None,
        MinItems(1),
        Doc("parts that count for one of `headings`, where minutes take it up within them"),
    ] = None
    done: Annotated[
        bool,
        Doc(
            "each heading names an activity: a part under it that says only that it was not "
            'done ("Validation | N/A - pilot not run", "not carried out") is no record of it, '
            "nor is one whose table says of one of its rows that it was not carried out "
            '("Heat-loss calculation | - | - | Not carried out"; "N/A" there did not apply)'
        ),
    ] = False
    in_one: Annotated[
        bool,
        Doc(
            "one item saying it all suffices (the organization says it in one of its documents, "
            "not in each)"
        ),
    ] = False
    latest: Annotated[
        NonEmpty | None,
        Doc(
            "look only at the item whose date in this field is the latest (among those `where` "
            "selects): the latest record, where earlier ones need not say it all again"
        ),
    ] = None
    together: Annotated[
        bool,
        Doc(
            "the items say each between them (a year's quarterly analyses, each on some of the "
            "topics): what none of them says is missing"
        ),
    ] = False
    together_with: Annotated[
        ReadWith | None,
        Doc(
            "with `together`: the latest item of another evidence type is read with the items "
            "(the management review at which the analyses' results are evaluated): what none "
            "of them says is missing"
        ),
    ] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (
        AtLeastOne("text", "headings"),
        Needs("together_with", "together"),
    )


# What may lead a label: a list item's mark or a section's number ("- ", "2.3 ", "4) ")
_LABEL_LEAD_IN = r"(?:[-*+][ \t]+|\d{1,2}(?:\.\d{1,2}){0,2}[.)]?[ \t]+)?"
# A label in bold, its words as long as a line of them
_BOLD_LABEL = r"(\*\*|__)([^*_\n]{1,160}?)\1"

# A label heading a paragraph or a list item, as documents written without headings for each
# part use them: "**Requirement not applicable:** ISO 9001 8.3 ...", "- __Method__: ...", "2.3
# **Changes in compliance obligations:** ...", or a
# short line of its own ending in a colon ("Significance criteria:").
_LABEL = re.compile(
    r"^[ \t]{0,3}" + _LABEL_LEAD_IN + r"(?:" + _BOLD_LABEL + "|"
    r"([^\W\d_][^:：\n|#]{0,60})[:：][ \t]*$)|"
    # a short label before a colon that leads a list item ("4. Remote working: company device",
    # "- Requisitos legales y otros requisitos: ...", "- d.3) Evaluación del cumplimiento legal
    # 2026: ...", "- Significant environmental aspects; environmental performance: ..."), its
    # own letter or number of a list inside a list aside
    r"^[ \t]{0,3}(?:[-*+]|\d{1,2}[.)])[ \t]+(?:[^\W\d_](?:\.\d{1,2})?\)[ \t]+)?"
    r"([^\W\d_][^\W\d_ '’-]*(?:(?:[ '’-]|[,;/][ \t]?|[ \t]?&[ \t]?)[^\W_]+(?:&[^\W_]+)?){0,10})"
    # a remark in parentheses may close it ("- Extent to which objectives have been met
    # (quality, environmental and OH&S objectives): 8 of 9 on track")
    # (Chinese and Japanese write a colon of their own, and no space after it: "合规义务的履行情况：")
    r"(?:[ \t]+\([^()\n]{1,80}\))?(?::[ \t]+|：[ \t]*)\S",
    re.MULTILINE,
)
MAX_LABELS = 500  # labels of one document looked at

# The first clause of a list item, up to its first ";", "." or ":" ("- No change to significant
# environmental aspects; EA-02 criteria clarified")
_ITEM_LEAD = re.compile(
    r"^[ \t]{0,3}[-*+][ \t]+([^;:.；：。\n]{3,120}?)[ \t]*(?:[;:.；：。]|$)", re.MULTILINE
)
MAX_LEAD_WORDS = 10  # words of a list item's first clause that stand for its subject
# or characters, for a language that writes a word as several syllables ("Thông tin trao đổi
# với các bên quan tâm bên ngoài", communication with external interested parties)
MAX_LEAD_CHARACTERS = 80
# A label leading a sentence inside a paragraph or a list item ("... carried over to 2026.
# Milieuprestaties: afvalscheiding 72%"; "... all controlled. Communication with external
# interested parties, including complaints: 1 ..."), as minutes report a second subject under
# one heading or in one item; a reference in parentheses may close it ("Significant aspects
# reviewed (AM-2026): 11 ...")
_SENTENCE_LABEL = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)([^\W\d_][^\W\d_-]*(?:(?:[ -]|,[ \t])[^\W\d_]+){0,15})"
    r"(?:[ \t]+\([^()\n]{1,40}\))?:[ \t]+\S",
    re.MULTILINE,
)


# A short sentence of a paragraph that is a statement about one subject, as a list item's first
# clause is ("... 2 of 3 achieved. Significant environmental aspects unchanged. Environmental
# objectives: ..."; "Nozīmīgie vides aspekti nav mainījušies."): it says what it took up
_STATEMENT = re.compile(r"(?:^|(?<=[.!?])\s+)([^\W\d_][^.!?:;]{2,120}?)[.!?](?=\s|$)")
MAX_STATEMENT_WORDS = 6
# A line that is no line of a paragraph: blank, a heading, a table's, a list item's
_NOT_PARAGRAPH = re.compile(r"^\s*(?:$|#|\||[-*+]\s|\d{1,2}[.)]\s)")


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a text, each with its lines joined (a sentence wrapped over two lines
    is one sentence; a line that goes on from the one before starts none)."""
    found: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if _NOT_PARAGRAPH.match(line):
            if lines:
                found.append(" ".join(lines))
                lines = []
        else:
            lines.append(line.strip())
    if lines:
        found.append(" ".join(lines))
    return found


def _item_leads(text: str) -> list[str]:
    """The first clauses of a section's list items that are short enough to say what each item
    is about, as a label would: minutes that list the inputs of a review as statements; the
    short labels leading sentences of its paragraphs; and its short sentences, each a statement
    about one subject."""
    found: list[str] = []
    for pattern in (_ITEM_LEAD, _SENTENCE_LABEL):
        for match in pattern.finditer(text):
            lead = match.group(1).strip()
            if len(lead.split()) <= MAX_LEAD_WORDS or len(lead) <= MAX_LEAD_CHARACTERS:
                found.append(lead)
            if len(found) >= MAX_LABELS:
                return found
    for paragraph in _paragraphs(text):
        for match in _STATEMENT.finditer(paragraph):
            lead = match.group(1).strip()
            if len(lead.split()) <= MAX_STATEMENT_WORDS:
                found.append(lead)
                if len(found) >= MAX_LABELS:
                    return found
    return found


# A bold span, as a label in bold goes on before its colon: "**Needs and expectations of
# interested parties**, including **compliance obligations**: ..."
_BOLD_SPAN = re.compile(r"(\*\*|__)([^*_\n]{1,160}?)\1")
MAX_LABEL_LINE = 240  # characters after a bold label looked at for more of it, before its colon


@lru_cache(maxsize=256)  # every rule that looks for a heading reads the same documents
def labels(text: str) -> tuple[str, ...]:
    """The labels that head paragraphs of a text, each as a heading would be (its colon aside);
    a label in bold that goes on in bold before its colon ("**Needs of interested parties**,
    including **compliance obligations**:") gives each part in bold."""
    found: list[str] = []
    for match in _LABEL.finditer(text):
        found.append(
            (match.group(2) or match.group(3) or match.group(4)).strip().rstrip(":").strip()
        )
        if match.group(2) is not None:
            rest = text[match.end() : match.end() + MAX_LABEL_LINE].split("\n", 1)[0]
            # a bold label closing on its own colon ("**Exclusions:** ...") goes on no further
            if ":" in rest and not match.group(2).rstrip().endswith(":"):
                before = rest.split(":", 1)[0]
                found += [
                    m.group(2).strip().rstrip(":").strip() for m in _BOLD_SPAN.finditer(before)
                ]
        if len(found) >= MAX_LABELS:
            break
    return tuple(found[:MAX_LABELS])


def _said(ctx: CheckContext, wanted: str, text_words: list[list[str]]) -> bool:
    """Whether any of the texts says `wanted` (a phrase or a topic)."""
    phrases = ctx.phrases(wanted)
    return any(says_any(phrases, found) for found in text_words)


def section_headed(ctx: CheckContext, parsed: ParsedFile, section: str) -> str | None:
    """The text of the section whose heading contains `section`, or says it (or a phrase of the
    topic it names, or the organization's wording of it), on words. Of the headings that say it,
    the outermost wins ("## Salidas" over the "### Decisiones ..." within it, which the English
    "decisions" also says), then the one saying the topic's earlier phrase, then the first.
    Minutes that split a part over sections of that level ("Decisions and actions", then
    "Conclusion", both outputs) give the text of each, headings included."""
    found = section_text(parsed, section)
    if found is not None:
        return found
    phrases = ctx.phrases(section)
    titled = [(heading, words(heading.title)) for heading in parsed.headings]
    best: tuple[int, int, int] | None = None
    for at, (heading, title_words) in enumerate(titled):
        rank = next((i for i, phrase in enumerate(phrases) if says(phrase, title_words)), None)
        if rank is not None and (best is None or (heading.level, rank, at) < best):
            best = (heading.level, rank, at)
    if best is None:
        body = _without_head(parsed)
        found = _labelled(body, phrases)
        if found is None and len(labels(body)) >= MIN_AGENDA_HEADINGS:
            # Minutes whose head gives, among its fields, what was consulted ("**Underlag:**
            # key figures 2025, the audit reports ..."), and whose body takes the matters up
            # under labels of their own: the part asked for is in the body, not that field
            return None
        return found if found is not None else _labelled(parsed.text, phrases)
    first = parsed.headings[best[2]]
    saying = [
        at
        for at, (heading, title_words) in enumerate(titled)
        if heading is first
        or (heading.level == first.level and any(says(p, title_words) for p in phrases))
    ]
    parts = []
    lines = parsed.text.split("\n")
    for at in range(saying[0], saying[-1] + 1):
        heading = parsed.headings[at]
        # the sections of that level between two that say it are of the part too
        # ("1. Status of actions" ... "3. Performance of the system", both inputs, and
        # "2. Changes in issues" between them)
        if heading.level == first.level:
            body = _under(parsed, at, lines)
            parts.append(body if heading is first else f"{heading.title}\n{body}")
    if len(saying) == 1:
        parts += _agenda_taken_up(parsed, saying[0], parts[0], lines)
    return "\n".join(parts)


# An item of a numbered list ("1. Status of actions", "2) Changes"), and a heading numbered so
_NUMBERED_ITEM = re.compile(r"^\s{0,3}(\d{1,2})[.)]\s+\S", re.MULTILINE)
_NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]?\s+\S")


def _agenda_taken_up(parsed: ParsedFile, at: int, body: str, lines: list[str]) -> list[str]:
    """The sections taking up, one by one, the agenda a part gives as a numbered list: minutes
    headed "Agenda (inputs)" over "1. Status of actions ... 9. Policy", then "1 Status of
    actions", "2 Changes ..." as sections of the same level, each numbered as its item. Those
    sections are of the part (headings included), in their order, from the first item and as
    far as their numbers follow the agenda's, each under its own heading; none where the part
    is no such agenda."""
    numbers = [int(n) for n in _NUMBERED_ITEM.findall(body)]
    if len(numbers) < MIN_AGENDA_HEADINGS or numbers != list(range(1, len(numbers) + 1)):
        return []
    first = parsed.headings[at]
    taken: list[str] = []
    for later in range(at + 1, len(parsed.headings)):
        heading = parsed.headings[later]
        if heading.level < first.level:
            break
        if heading.level > first.level:
            continue
        number = _NUMBERED_HEADING.match(heading.title.strip())
        if number is None or int(number.group(1)) != len(taken) + 1:
            break
        taken.append(f"{'#' * heading.level} {heading.title}\n{_under(parsed, later, lines)}")
        if len(taken) == len(numbers):
            break
    return taken


# What a part says where its matter was not done: "N/A - pilot not run", "not carried out"
# "Not carried out" in the standards' other languages
_NOT_CARRIED_OUT = (
    r"nicht\s+(?:durchgeführt|erfolgt)|non\s+(?:réalisée?|effectuée?)|no\s+realizad[oa]|"
    r"non\s+eseguit[oa]|niet\s+uitgevoerd|não\s+realizad[oa]|nie\s+przeprowadzon[oa]|ikke\s+udført"
)
_WORD_ENDS = r"(?=[\s,.:;()\-–—]|$)"
_NOT_DONE = re.compile(
    r"^\W*(?:n/a|n\.a\.?|none|not\s+(?:yet\s+)?(?:done|run|carried\s+out|performed|held|"
    r"conducted|completed|started)|pending|outstanding|to\s+be\s+(?:done|carried\s+out|held)|"
    r"entfällt|" + _NOT_CARRIED_OUT + ")" + _WORD_ENDS,
    re.IGNORECASE,
)
MAX_NOT_DONE_PART = 600  # characters of a part read for whether it says it was not done
# What a row of a part's table says where the activity it records was left out, where the others
# were done ("Warmteverliesberekening | - | - | Niet uitgevoerd"): not "n/a" (it did not apply)
_LEFT_UNDONE = re.compile(
    r"^\W*(?:not\s+(?:yet\s+)?(?:done|carried\s+out|performed|conducted|completed)|"
    + _NOT_CARRIED_OUT
    + ")"
    + _WORD_ENDS,
    re.IGNORECASE,
)
MAX_TABLE_PART = 20_000  # characters of a part whose table rows are read for one left undone


def _not_done(part: str) -> bool:
    """Whether a part says that its matter was not done: each of its lines (of a table: each row
    under its header, by its last filled cell) says so, or a row of its table says that what it
    records was left out ("Heat-loss calculation | - | - | Not carried out"), the others done."""
    if len(part) <= MAX_TABLE_PART and any(_LEFT_UNDONE.match(row) for row in _last_cells(part)):
        return True
    if len(part) > MAX_NOT_DONE_PART:
        return False
    said = []
    header = True  # a table's first row names its columns
    for line in part.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the line under a table's header
            if header:
                header = False
                continue
            filled = [c for c in cells if c]
            said.append(filled[-1] if filled else "")
        else:
            header = True
            said.append(line)
    return bool(said) and all(_NOT_DONE.match(s) for s in said)


def _last_cells(part: str) -> Iterator[str]:
    """The last filled cell of each row of the tables in a part, under their headers."""
    header = True
    for line in part.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            header = True
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue
        if header:
            header = False
            continue
        filled = [c for c in cells if c and set(c) - set("-–— ")]
        if filled:
            yield filled[-1]


def _labelled(text: str, phrases: Sequence[str]) -> str | None:
    """The part of a text written without headings that a label saying one of `phrases` heads
    ("**Decisions and actions**" over a table, in minutes whose parts are bold labels): its text
    up to the next label, or to the end."""
    heads = list(itertools.islice(_LABEL.finditer(text), MAX_LABELS))
    for at, head in enumerate(heads):
        label = (head.group(2) or head.group(3) or head.group(4)).strip().rstrip(":").strip()
        if any(says(phrase, words(label)) for phrase in phrases):
            end = heads[at + 1].start() if at + 1 < len(heads) else len(text)
            return text[head.end() : end]
    return None


def _under(parsed: ParsedFile, at: int, lines: list[str]) -> str:
    """The text under the heading at index `at` of the file's headings, up to the next heading
    of the same or a higher level; `lines` are the file's text split at line breaks (split once
    by the caller, which takes up several sections)."""
    heading = parsed.headings[at]
    first = parsed.body_line
    later = parsed.headings[at + 1 :]
    end_line = next((n.line for n in later if n.level <= heading.level), first + len(lines))
    return "\n".join(lines[heading.line - first + 1 : end_line - first])


def _latest(items: list[Item], field: str, result: CheckResult) -> list[Item]:
    """The items whose date in `field` is the latest (several, if they share it); an item
    without a readable date there is reported and left out."""
    dated = [(when, item) for item in items if (when := date_of(item, field, result)) is not None]
    if not dated:
        return []
    last = max(when for when, _ in dated)
    return [item for when, item in dated if when == last]


def _shown(ctx: CheckContext, wanted: str) -> str:
    """A phrase, or a topic as its first phrase (the standard's words) and two others."""
    first, *others = ctx.phrases(wanted)
    if not others:
        return repr(first)
    more = ", ".join(repr(p) for p in others[:2]) + (", ..." if len(others) > 2 else "")
    return f"{first!r} (or {more})"


MIN_AGENDA_HEADINGS = 4  # sections a document has at least to be read as laid out by agenda item


_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,2}[.)])[ \t]+[^:\n]*$")
MAX_AGENDA_LINES = 60


def _bare_list(text: str) -> bool:
    """Whether a part is a bare list of items, each a few words with nothing said of it (an
    agenda, "1. Follow-up on action items", "2. What's changed"), not a part that says things."""
    lines = [line for line in text.split("\n")[:MAX_AGENDA_LINES] if line.strip()]
    return bool(lines) and all(_LIST_ITEM.match(line) for line in lines)


MAX_DETAILED = 3  # documents of the same kind one document is read with, at most


def _detailed(
    items: list[Item], item: Item, text: str, read: dict[int, list[str]]
) -> list[list[str]]:
    """The words of the other items that `text` names by their identifier (at most
    MAX_DETAILED), each read as its text without its head; `read` keeps each item's words
    once, for every item naming it."""
    named = {reference_key(code) for code in codes_named(text)}
    own = reference_key(text_of(item.fields.get("id")))
    found: list[list[str]] = []
    for other in items:
        key = reference_key(text_of(other.fields.get("id")))
        if other is item or other.parsed is None or not key or key == own or key not in named:
            continue
        if id(other) not in read:
            read[id(other)] = words(_without_head(other.parsed))
        found.append(read[id(other)])
        if len(found) == MAX_DETAILED:
            break
    return found


def _without_head(parsed: ParsedFile) -> str:
    """A document's text without the lines of its head that give its fields (a control table,
    "**Present:** Jana Vogel (Interne Auditorin)"): what it says is in its body; its attendees'
    titles say nothing of what was considered."""
    if not parsed.field_lines:
        return parsed.text
    lines = parsed.text.split("\n")
    head = {number - parsed.body_line for number in parsed.field_lines.values()}
    if not any(0 <= at < len(lines) for at in head):
        return parsed.text
    return "\n".join(line for at, line in enumerate(lines) if at not in head)


# What minutes say of an agenda item not taken up: "Not discussed (time); postponed to the next
# meeting", "Niet behandeld wegens tijdgebrek", "Vertagt", "Aplazado a la próxima reunión"
_NOT_DISCUSSED = re.compile(
    r"^\W*(?:not\s+(?:discussed|considered|reviewed|covered|addressed|dealt\s+with|taken\s+up)|"
    r"niet\s+(?:behandeld|besproken)|nicht\s+(?:behandelt|besprochen|erörtert)|"
    r"no\s+(?:tratad[oa]|se\s+trató|se\s+revisó|revisad[oa]|abordad[oa])|"
    r"non\s+(?:traité|abordé|examiné|trattat[oa]|discuss[oa]|esaminat[oa])|"
    r"não\s+(?:tratad[oa]|discutid[oa]|analisad[oa])|nie\s+(?:omówiono|omawiano|rozpatrzono)|"
    r"ikke\s+(?:behandlet|drøftet)|inte\s+(?:behandlad|behandlat|diskuterad)|ei\s+käsitelty|"
    r"neprojednáno|neprobíráno|"
    # put off to another meeting: the word, then to what ("postponed to the next meeting")
    r"(?:postponed|deferred|doorgeschoven|uitgesteld|vertagt|verschoben|aplazad[oa]|pospuest[oa]|"
    r"reporté|rinviat[oa]|adiad[oa]|przełożon[oa]|udsat|uppskjuten|siirretty|odloženo)\s+"
    r"(?:to|until|till|naar|tot|auf|a|al|à|au|para|na|do|til|till|seuraavaan|seuraavalle))"
    + _WORD_ENDS,
    re.IGNORECASE,
)
MAX_NOT_DISCUSSED_LINE = 160  # characters of a labelled line that says only that
# A bold label leading a line of minutes: "**8. Audit results:**", "- __Risks__:"
_LABEL_LEAD = re.compile(r"^[ \t]*" + _LABEL_LEAD_IN + _BOLD_LABEL + r"[ \t]*:?")


def _title(line: str) -> str:
    return line.lstrip("#").strip()


def _discussed(text: str) -> str:
    """Minutes without the agenda items they record as not discussed: a heading whose own part
    (up to the next heading) says only that, and a labelled line whose text after its label
    does."""
    if len(text) > MAX_CONSIDERED_TEXT:
        return text
    lines = text.split("\n")
    dropped: set[int] = set()
    starts = [at for at, line in enumerate(lines) if line.startswith("#")]
    for start, end in zip(starts, [*starts[1:], len(lines)][: len(starts)], strict=True):
        said = [line.strip() for line in lines[start + 1 : end] if line.strip()]
        if (
            said
            and sum(map(len, said)) <= MAX_NOT_DONE_PART
            and all(_NOT_DISCUSSED.match(line) for line in said)
        ):
            dropped.update(range(start, end))
    for at, line in enumerate(lines):
        lead = _LABEL_LEAD.match(line)
        rest = line[lead.end() :].strip() if lead else ""
        if (
            lead
            and at not in dropped
            and len(rest) <= MAX_NOT_DISCUSSED_LINE
            and ";" not in rest
            and _NOT_DISCUSSED.match(rest)
        ):
            dropped.add(at)
    return "\n".join(line for at, line in enumerate(lines) if at not in dropped)


# where a title joins two matters: punctuation, and "and" in the languages of the packs' topics
_TITLE_PARTS = re.compile(
    r"([,;/&+]| (?:and|und|et|y|e|en|og|och|ja|a|i|ir|oraz|és|ve|și|και|và|dan|및|그리고|และ) "
    r"|[和及与・、])",
    re.IGNORECASE,
)
MAX_TITLE_PARTS = 20

MAX_CONSIDERED_TEXT = 200_000  # characters of minutes read for the items they did not take up


def _titles_for(
    ctx: CheckContext, p: ContainsParams, heading: str, titles: list[tuple[str, list[str]]]
) -> list[list[str]]:
    """The words of the titles (each as written, and its words) that may count for `heading`:
    not those `heading_not` says are about another thing, where the title says so outside a
    remark in parentheses ("Compliance obligations (and their fulfilment)" names the
    obligations first). What the organization's wording gives to both says neither apart
    ("Objectives" for its quality and its environmental objectives alike)."""
    rules = [n for n in p.heading_not or () if n.topic == heading]
    if not rules:
        return [said for _, said in titles]
    own = {fold(phrase) for phrase in ctx.phrases(heading)}
    other = {
        n.says: [phrase for phrase in ctx.phrases(n.says) if fold(phrase) not in own] for n in rules
    }
    kept = []
    for title, said in titles:
        bare = without_remark(title)
        whole = words(bare)
        if not any(
            says_any(other[n.says], whole)
            and not (n.but_says and _said(ctx, n.but_says, [whole]))
            and not _said(ctx, heading, [words(_without_parts(bare, other[n.says]))])
            for n in rules
        ):
            kept.append(said)
    return kept


def _without_parts(title: str, phrases: Sequence[str]) -> str:
    """`title` without its parts that say one of `phrases`, where it joins two matters
    ("Compliance obligations and evaluation of compliance" names the obligations apart from
    their evaluation; "Legal and other requirements, evaluation of compliance" too)."""
    pieces = _TITLE_PARTS.split(title, maxsplit=MAX_TITLE_PARTS)
    return " ".join(
        piece if index % 2 or not says_any(phrases, words(piece)) else " , "
        for index, piece in enumerate(pieces)
    )


MAX_PARTS = 200  # parts of one document looked at for `heading_within`


@lru_cache(maxsize=64)  # each heading `heading_within` names reads the same minutes
def _parts(text: str) -> tuple[tuple[list[str], list[str]], ...]:
    """The parts of a text under its headings, each as the words of its heading and of its
    text up to the next heading; and the paragraphs and list items under a label ("- Nghĩa vụ
    tuân thủ: đánh giá tuân thủ 10/2026 ..."), each as the words of its label and of its line."""
    parts: list[tuple[list[str], list[str]]] = []
    title: str | None = None
    lines: list[str] = []
    for line in [*text.split("\n"), "#"]:
        if line.startswith("#"):
            if title is not None and len(parts) < MAX_PARTS:
                parts.append((words(title), words("\n".join(lines))))
            title, lines = _title(line), []
        else:
            if title is not None:
                lines.append(line)
            if (labelled := _LABEL.match(line)) is not None and len(parts) < MAX_PARTS:
                lead = labelled.group(2) or labelled.group(3) or labelled.group(4) or ""
                parts.append((words(lead), words(line[labelled.end() :])))
    return tuple(parts)


def _within(ctx: CheckContext, p: ContainsParams, heading: str, text: str) -> bool:
    """Whether a part of `text` counts for `heading` as `heading_within` says."""
    rules = [n for n in p.heading_within or () if n.topic == heading]
    if not rules:
        return False
    return any(
        _said(ctx, n.heading, [title])
        and _said(ctx, n.within, [title, body])
        and (n.also is None or _said(ctx, n.also, [title, body]))
        for title, body in _parts(text)
        for n in rules
    )


def check_contains(ctx: CheckContext, p: ContainsParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items and p.or_headed:
        items = _headed(ctx, p.evidence, p.or_headed, result)
    if p.latest is not None and items:
        items = _latest(items, p.latest, result)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    if p.together_with is not None:
        other, other_result = ctx.items(p.together_with.evidence, p.together_with.where)
        result.extend(other_result)
        if other:
            items = [*items, *_latest(other, p.together_with.latest, result)]
    phrases = p.text or []
    headings = p.headings or []
    section = p.section
    before = len(result.violations)
    said_by_some: set[str | tuple[str, str]] = set()  # `together`: what some item says
    read_with_others: dict[int, list[str]] = {}  # the words of a document another details
    for item in items:
        parsed = item.parsed
        if parsed is None:
            text = " ".join(text_of(v) for v in item.fields.values())
            titles: list[str] = []
        else:
            text = _without_head(parsed)
            titles = [*(h.title for h in parsed.headings), *labels(text)]
            if p.considered and (kept := _discussed(text)) != text:
                text = kept
                titles = [_title(line) for line in text.split("\n") if line.startswith("#")]
                titles += labels(text)
            if section:
                found = section_headed(ctx, parsed, section)
                if found is None and (
                    len(parsed.headings) >= MIN_AGENDA_HEADINGS
                    or len(titles) >= MIN_AGENDA_HEADINGS
                ):
                    # Minutes laid out one section (or bold label) per agenda item, with none
                    # over the part asked for ("1. Follow-up on actions", "2. Changes in our
                    # landscape", ...): the part is read in the whole document, as an auditor
                    # reads it
                    found = text
                if found is None:
                    result.violations.append(
                        Violation(
                            f"{label(item)}: no section headed {_shown(ctx, section)}",
                            item.ref,
                            code="missing-section",
                        )
                    )
                    continue
                text = _discussed(found) if p.considered else found
                titles = [_title(line) for line in text.split("\n") if line.startswith("#")]
                titles += labels(text)
                titles += _item_leads(text)
        body = [words(text)]
        title_words = [(title, words(title)) for title in titles]
        missing_text = [t for t in phrases if not _said(ctx, t, body)]
        if missing_text and parsed is not None and not section and len(items) > 1:
            # a document that details another of the same kind, naming it ("uszczegóławia
            # politykę ZSZ-POL-01", "supplements IS-POL-01"), is read with it: a topic-specific
            # policy need not repeat the commitments of the policy it details
            detailed = _detailed(items, item, text, read_with_others)
            missing_text = [
                t for t in missing_text if not any(_said(ctx, t, [w]) for w in detailed)
            ]
        missing_headings = [
            h
            for h in headings
            if not _said(ctx, h, _titles_for(ctx, p, h, title_words))
            and not _within(ctx, p, h, text)
        ]
        undone: list[str] = []
        if p.done and parsed is not None and not section:
            # a part headed so that says it was not done ("Validation | N/A - pilot not run")
            # records that it was not: the heading stands for nothing
            undone = [
                h
                for h in headings
                if h not in missing_headings
                and (part := section_headed(ctx, parsed, h)) is not None
                and _not_done(part)
            ]
            missing_headings += undone
        if (
            section
            and parsed is not None
            and (missing_text or missing_headings)
            and len(parsed.headings) >= MIN_AGENDA_HEADINGS
            and _bare_list(text)
        ):
            # Minutes laid out one section per agenda item, where the part asked for is the
            # agenda, a bare list of the items the sections after it take up: what the list
            # does not say is read in the whole document, as an auditor reads it
            whole = _without_head(parsed)
            if p.considered:
                whole = _discussed(whole)
            whole_titles = [
                (title, words(title))
                for title in [*(h.title for h in parsed.headings), *labels(whole)]
            ]
            whole_body = [words(whole)]
            missing_text = [t for t in missing_text if not _said(ctx, t, whole_body)]
            missing_headings = [
                h
                for h in missing_headings
                if not _said(ctx, h, _titles_for(ctx, p, h, whole_titles))
                and not _within(ctx, p, h, whole)
            ]
        if p.together:
            said_by_some.update(t for t in phrases if t not in missing_text)
            said_by_some.update(("heading", h) for h in headings if h not in missing_headings)
        wanted = len(phrases) + len(headings)
        missing = len(missing_text) + len(missing_headings)
        if (p.any and missing == wanted) or (not p.any and missing):
            parts = []
            if missing_text:
                parts.append("text " + ", ".join(_shown(ctx, t) for t in missing_text))
            absent = [h for h in missing_headings if h not in undone]
            if absent:
                parts.append("headings " + ", ".join(_shown(ctx, h) for h in absent))
            where = f" in section {ctx.phrases(section)[0]!r}" if section else ""
            word = "none of" if p.any else "missing"
            sentences = [f"{word} {'; '.join(parts)}"] if parts else []
            if undone:
                sentences.append(
                    "the parts headed "
                    + ", ".join(_shown(ctx, h) for h in undone)
                    + " say that they, or some of what they list, were not done"
                )
            result.violations.append(
                Violation(
                    f"{label(item)}{where}: {'; '.join(sentences)}", item.ref, code="missing-text"
                )
            )
    if p.together:
        del result.violations[before:]
        unsaid = [_shown(ctx, t) for t in phrases if t not in said_by_some]
        unsaid += [_shown(ctx, h) for h in headings if ("heading", h) not in said_by_some]
        if unsaid:
            title = ctx.evidence(p.evidence).type.title
            if p.together_with is not None:
                title += " nor the latest " + ctx.evidence(p.together_with.evidence).type.title
            result.violations.append(
                Violation(
                    f"none of the {len(items)} {title} says {', '.join(unsaid)}",
                    code="missing-text",
                )
            )
        return cap(result)
    if p.in_one and len(result.violations) - before < len(items):
        del result.violations[before:]  # one item says it all: that suffices
    elif p.in_one and len(items) > 1:
        title = ctx.evidence(p.evidence).type.title
        said = ", ".join(_shown(ctx, w) for w in [*phrases, *headings])
        del result.violations[before:]
        result.violations.append(
            Violation(f"none of the {len(items)} {title} says {said}", code="missing-text")
        )
    return cap(result)


# --- justified (requirements determined not applicable) ------------------------------------------


@dataclass(frozen=True, kw_only=True)
class JustifiedParams(Selection):
    """Every requirement determined not applicable is justified in the document, one by one: each
    clause the profile declares not applicable (its `exclusions:`) and not already listed in the
    document's `listed` field is named in the document (in a heading or a paragraph) with a
    justification there (saying one of `reasons`, in `min_words` words at least); and a document
    that declares anything not applicable (it says one of `declares` in a heading) names what,
    in `listed` or as the profile's exclusions."""

    listed: Annotated[
        str,
        Doc(
            "the field listing {requirement, justification} entries (its schema is a fields check's)"
        ),
    ] = "not_applicable"
    declares: Annotated[
        list[NonEmpty], MinItems(1), Doc("phrases or topics of a heading declaring exclusions")
    ]
    reasons: Annotated[list[NonEmpty], MinItems(1), Doc("phrases or topics a justification says")]
    min_words: Annotated[int, Minimum(1), Doc("the fewest words a justification has")] = 8
    none: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc(
            "phrases or topics saying nothing is excluded: a heading on exclusions whose section"
            " says so ('Applicability and exclusions' ... 'No exclusions') declares none"
        ),
    ] = None


# An annex's control ("A.8.30", "A 5.23") and a requirement's clause number ("8.3", "7.1.5.2"):
# bounded, so that a long run of digits and dots costs a step per character
_ANNEX_CONTROL = re.compile(r"(?<![\w.])A\s?\.?\s?\d{1,2}\.\d{1,2}\b")
_REQUIREMENT = re.compile(r"(?<![\w.])(?<!A )\d{1,2}(?:\.\d{1,2}){1,3}(?!\w|\.\d)")


def _naming(clause: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(clause)}(?![\w]|\.\d)")


def _passages(parsed: ParsedFile, clause: str) -> list[str]:
    """Where a document names `clause`: the section under each heading naming it, else each
    paragraph naming it."""
    named = _naming(clause)
    out = [section_text(parsed, h.title) or "" for h in parsed.headings if named.search(h.title)]
    if not out:
        out = [p for p in re.split(r"\n[ \t]*\n", parsed.text) if named.search(p)]
    return out


# A requirement's number as a scope's list of exclusions names it ("8.3", "clause 7.1.5.2"),
# near the start of its row, item or paragraph
_CLAUSE_NAMED = re.compile(r"(?<![\w.])(\d{1,2}(?:\.\d{1,2}){1,3})(?![\w]|\.\d)")
MAX_CLAUSE_AT = 80  # characters into a passage a requirement's number is looked for
MAX_PASSAGES = 200  # passages of a list of exclusions read


def _named_in(text: str) -> list[tuple[str, str]]:
    """The requirements a list of exclusions written as text names, each with its passage: a
    table row ("| 8.3 Design and development | We build to print ... |"), a list item or a
    paragraph; a table's header and rule rows name none."""
    passages = table_rows(text)
    if passages is None:
        passages = re.split(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t])", text)
    named = []
    for passage in passages[:MAX_PASSAGES]:
        found = _CLAUSE_NAMED.search(passage[:MAX_CLAUSE_AT])
        if found is None:
            continue
        head = passage[:MAX_APPLIES_AT]
        if _APPLIES.search(head) and not _DOES_NOT_APPLY.search(head):
            continue  # "All other requirements, including 7.1.5.2, apply": none excluded
        named.append((found.group(1), passage))
    return named


# A passage saying requirements apply, and one saying they do not
_APPLIES = re.compile(
    r"\b(?:apply|applies|applicable|gelten|gilt|anwendbar|aplican|aplica|aplicables|"
    r"appliquent|applicables|applicano|applicabili|toepassing|aplicam|aplicáveis|mają zastosowanie|"
    r"gælder)\b",
    re.IGNORECASE,
)
_DOES_NOT_APPLY = re.compile(
    r"\b(?:not|no|non|nicht|keine?|ne|pas|niet|nie|ikke|não|n'est|ne s)\b\W+(?:\w+\W+){0,2}?"
    r"(?:appl|gelten|gilt|anwend|aplic|toepass|zastosow|gælder)|\bn['’]t\s+appl|\bexclu|\bausgeschlossen|"
    r"\bexclui|\besclus|\buitgesloten|\bwyłącz|\budelukk",
    re.IGNORECASE,
)
MAX_APPLIES_AT = 400  # characters of a passage read for whether it says requirements apply


def check_justified(ctx: CheckContext, p: JustifiedParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    for item in items:
        parsed = item.parsed
        if parsed is None:
            continue
        entries = item.fields.get(p.listed)
        listed = {
            text_of(e.get("requirement")).strip()
            for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, dict)
        }
        if isinstance(entries, str):
            # the list in the document's own words, under its heading: a table row, a list item
            # or a paragraph per requirement, each naming it and saying why
            for clause, passage in _named_in(section_of(item, p.listed) or entries):
                if (
                    ctx.excluded
                    and clause not in ctx.excluded
                    and not _DOES_NOT_APPLY.search(passage[:MAX_APPLIES_AT])
                ):
                    # a requirement the section explains without calling it not applicable,
                    # where the profile names what is ("La proprietà del cliente (8.5.3) è
                    # costituita dai marchi ..."): how it applies, no exclusion
                    continue
                listed.add(clause)
                found = words(passage)
                if len(found) < p.min_words or not any(_said(ctx, r, [found]) for r in p.reasons):
                    result.violations.append(
                        Violation(
                            f"{label(item)}: requirement {clause} is listed not applicable "
                            f"without a justification (why it cannot be applied, in "
                            f"{p.min_words} words or more)",
                            item.where(p.listed),
                            code="missing-text",
                        )
                    )
        for clause in ctx.excluded:
            if clause in listed:
                continue
            passages = _passages(parsed, clause)
            if not passages:
                result.violations.append(
                    Violation(
                        f"{label(item)}: requirement {clause}, which the profile declares not "
                        f"applicable, is not named here with its justification",
                        item.ref,
                        code="missing-text",
                    )
                )
                continue
            justified = any(
                len(found) >= p.min_words and any(_said(ctx, r, [found]) for r in p.reasons)
                for found in (words(passage) for passage in passages)
            )
            if not justified:
                result.violations.append(
                    Violation(
                        f"{label(item)}: requirement {clause} is declared not applicable without "
                        f"a justification (why it cannot be applied, in {p.min_words} words or more)",
                        item.ref,
                        code="missing-text",
                    )
                )
        if not listed and not ctx.excluded:
            titles = [words(h.title) for h in parsed.headings]
            said = [d for d in p.declares if _said(ctx, d, titles)]
            if said:
                text = section_headed(ctx, parsed, said[0])
                if (
                    text is not None
                    and p.none
                    and any(_said(ctx, n, [words(text)]) for n in p.none)
                ):
                    said = []  # the section says nothing is excluded
                elif (
                    text is not None
                    and _ANNEX_CONTROL.search(text)
                    and not _REQUIREMENT.search(text)
                ):
                    # the controls of an annex excluded ("Wyłączono A.8.30"), as an integrated
                    # system's scope states for ISO/IEC 27001: no requirement of a standard
                    said = []
            if said:
                result.violations.append(
                    Violation(
                        f"{label(item)}: a heading declares requirements not applicable "
                        f"({_shown(ctx, said[0])}), but neither {p.listed} nor the profile's "
                        f"exclusions name any",
                        item.ref,
                        code="missing-text",
                    )
                )
    return cap(result)


# --- cites_current -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Register:
    """The register of documents and their revisions."""

    evidence: EvidenceName
    id: Annotated[str, Doc("the column holding the document's identifier")]
    version: Annotated[str, Doc("the column holding the revision")]
    in_force: Annotated[Condition, Doc("the condition a revision in force satisfies")]
    withdrawn: Annotated[str | None, Doc("the column holding the day a revision was withdrawn")] = (
        None
    )


@dataclass(frozen=True, kw_only=True)
class CitesCurrentParams(EveryItem):
    """Where an item cites a document of the register with its revision ("PP-4711-230 B",
    "VA-03 Rev. 2"), that revision was in force when the item was made: the register lists it,
    and it is current, or was withdrawn only after the item's date (`date`). A citation without a
    revision, or of a document the register does not list, is not this check's concern."""

    column: Annotated[str, Doc("the field citing the document (and its revision)")]
    date: Annotated[str | None, Doc("the field holding the day the item was made")] = None
    separator: Annotated[NonEmpty | None, Doc("split each cell on this")] = None
    documents: Register


# What may stand between a document's identifier and its revision ("Rev. C", "Version 3",
# "Index B", "Ausgabe 4", "Revisie 2", "wyd. 2", "(C)")
_REVISION_WORDS = re.compile(rf"^[\s,:;/(\-–]*(?:{REVISION_WORD}|vers|v)?\.?[\s:]*", re.IGNORECASE)
# a revision, or an edition and its revision as Chinese registers number them ("B/1", "A/0")
_REVISION = re.compile(r"^[\w.]{1,12}(?:/[\w.]{1,6})?")
_ROMAN = re.compile(r"[ivxlc]{1,8}")  # a revision numbered so ("Rev. III"), casefolded
MAX_DOCUMENT_IDS = 20_000
MAX_CITATION = 80  # characters of a citation an identifier is looked for in


def _revision_key(text: str) -> str:
    return reference_key(text).removeprefix("rev").strip(". ")


def _earlier(revision: str, than: str) -> bool:
    """Whether a revision comes before another: numbers by value, letters in order ("C" before
    "D", "2" before "10"); revisions of different kinds are not ordered."""
    a, b = _revision_key(revision), _revision_key(than)
    if a.isdigit() and b.isdigit():
        return int(a) < int(b)
    if a.isalpha() and b.isalpha():
        return (len(a), a) < (len(b), b)
    return False


def check_cites_current(ctx: CheckContext, p: CitesCurrentParams) -> CheckResult:
    items, result = every_item(ctx, p)
    reg = p.documents
    rows, found = ctx.items(reg.evidence)
    result.extend(found)
    # document (as compared) -> revision (as compared) -> (as written, in force, withdrawn on)
    revisions: dict[str, dict[str, tuple[str, bool, dt.date | None]]] = {}
    for row in rows[:MAX_DOCUMENT_IDS]:
        doc, version = text_of(row.fields.get(reg.id)), text_of(row.fields.get(reg.version))
        if doc and version:
            # A date that cannot be read is the register's own rules' concern, not this one's.
            withdrawn = date_of(row, reg.withdrawn, CheckResult()) if reg.withdrawn else None
            revisions.setdefault(reference_key(doc), {})[_revision_key(version)] = (
                version,
                holds(reg.in_force, row, ctx.as_of),
                withdrawn,
            )
    for item in items:
        made = date_of(item, p.date, CheckResult()) if p.date else None
        for cited in values_of(item, p.column, p.separator):
            text = cited.casefold().strip()
            # The longest identifier of the register that the citation starts with, as a word
            start = next(
                (
                    text[:n]
                    for n in range(min(len(text), MAX_CITATION), 0, -1)
                    if reference_key(text[:n]) in revisions
                    and (n == len(text) or not text[n].isalnum())
                ),
                None,
            )
            if start is None:
                continue
            rest = _REVISION_WORDS.sub("", text[len(start) :], count=1)
            match = _REVISION.match(rest)
            if not match:
                continue
            said = match.group(0)
            if len(said) > 2 and said.isalpha() and not _ROMAN.fullmatch(said):
                # a word, not a revision: a part of the document ("CAL-PRO-01 anexo 2",
                # "QP-07 Appendix B", "VA-03 Formblatt 2") or a remark; its revision is not said
                continue
            known = revisions[reference_key(start)]
            if _revision_key(said) not in known and "/" in said:
                said = said.split("/", 1)[0]  # "3/2025": revision 3, of 2025
            entry = known.get(_revision_key(said))
            in_force = [w for w, now, _ in known.values() if now]
            current = ", ".join(in_force) or "none"
            if entry is None:
                # A register may list only the revision in force: an earlier one was in force
                # before it, when is not known. A later one is a revision nobody released.
                if any(_earlier(said, w) for w in in_force):
                    continue
                problem = f"which the register does not list (in force: {current})"
            elif entry[1] or entry[2] is None or (made is not None and made < entry[2]):
                continue  # in force, or withdrawn on a day not known, or after the item
            else:
                problem = f"withdrawn on {entry[2].isoformat()} (in force: {current})"
            result.violations.append(
                Violation(
                    f"{label(item)}: {p.column} cites {cited.strip()!r}: revision "
                    f"{said.upper()!r} {problem}",
                    item.where(p.column),
                    code="obsolete-revision",
                )
            )
    return cap(result)


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "cites_current",
        check_cites_current,
        CitesCurrentParams,
        summary="records cite the revisions of documents in force when they were made",
    )
    registry.register_typed(
        "justified",
        check_justified,
        JustifiedParams,
        summary="every requirement determined not applicable is named and justified",
    )
    registry.register_typed(
        "exists",
        check_exists,
        ExistsParams,
        summary="the evidence exists (at least `min`, at most `max` items)",
    )
    registry.register_typed(
        "fields",
        check_fields,
        FieldsParams,
        summary="every item has the required fields and matches the schema",
    )
    registry.register_typed(
        "approved",
        check_approved,
        ApprovedParams,
        summary="documents are approved, by someone other than the owner, and not overdue for review",
    )
    registry.register_typed(
        "contains",
        check_contains,
        ContainsParams,
        summary="every item contains the phrases / headings (case-insensitive)",
    )
