"""What the built-in check families share: the parameters every evidence check takes, and helpers
for the messages they write (no evidence found, a date that is not one, a capped list)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from isocheck.checks import CheckContext, CheckResult, Violation, label, values_of
from isocheck.checks.params import Doc, MinLength, Ref
from isocheck.conditions import BadDate, describe, evaluate, is_empty, to_date
from isocheck.evidence import Item, own_names, section_text
from isocheck.meaning import says, says_none, to_days, words
from isocheck.names import reference_key

MAX_LISTED = 25  # violations listed per check before summarising the rest

EvidenceName = Annotated[str, MinLength(1), Doc("an evidence type of the pack")]
Condition = Annotated[dict[str, Any], Ref("condition")]
NonEmpty = Annotated[str, MinLength(1)]


@dataclass(frozen=True, kw_only=True)
class Selection:
    """The items a check looks at: those of one evidence type, narrowed by a condition."""

    evidence: EvidenceName
    where: Annotated[
        Condition | None, Doc("a condition: only the items that satisfy it are looked at")
    ] = None


@dataclass(frozen=True, kw_only=True)
class EveryItem(Selection):
    """A check that holds something of every item: with no item at all, it has nothing to hold it
    of. That is a failure (the evidence is missing) unless the check says `allow_empty: true`."""

    allow_empty: Annotated[
        bool,
        Doc(
            "pass when the evidence type has no item at all; otherwise that fails as missing "
            "evidence (items that exist but do not satisfy `where` are never a failure)"
        ),
    ] = False


def every_item(ctx: CheckContext, p: EveryItem) -> tuple[list[Item], CheckResult]:
    """The items of `p` (as `ctx.items`), and the "none found" failure when the evidence type has
    no item at all and `p` does not allow that."""
    items, result = ctx.items(p.evidence, p.where)
    if not p.allow_empty and not ctx.evidence(p.evidence).items:
        result.violations.extend(none_found(ctx, p.evidence, None))
    return items, result


def none_found(ctx: CheckContext, evidence: str, where: dict[str, Any] | None) -> list[Violation]:
    """ "None found", unless files were found that could not be read (already reported). Its code
    is `missing` when the evidence type has no item at all, `none-matching` when it has items but
    none the check can use (none satisfies `where`, or, for `interval`, none is dated in the
    past)."""
    resolved = ctx.evidence(evidence)
    if resolved.broken:
        return []
    said = describe(where, own_names(resolved), resolved.words) if where else ""
    qualifier = f" matching {said}" if where else ""
    code = "none-matching" if resolved.items else "missing"
    if where and any(only_unkept(where, item, ctx) for item in resolved.items):
        # a row would match but for a column the register does not keep ("backed_up" of an
        # asset inventory with no such column): the matter is recorded elsewhere, or not per row
        code = "not-kept"
    title = resolved.type.title
    if resolved.items or not resolved.files:
        looked = ", ".join(resolved.locations)
        return [Violation(f"no {title}{qualifier} found (looked in: {looked})", code=code)]
    # Files are there, and nothing in them is of this type: say so, not "not found".
    names = ", ".join(f.path for f in resolved.files[:5])
    more = f" and {len(resolved.files) - 5} more" if len(resolved.files) > 5 else ""
    if resolved.left_out:
        why = f"none of the {resolved.left_out} rows of {names}{more} satisfies the profile's rows:"
    elif resolved.type.kind == "table":
        why = f"{names}{more} {'has' if len(resolved.files) == 1 else 'have'} no rows"
    else:
        why = f"{names}{more} hold nothing"
    return [Violation(f"no {title} recorded: {why}", code=code)]


def date_or_none(item: Item, name: str) -> dt.date | None:
    """The date in field `name` of `item`; None where it holds none (empty, or no date the way
    the organization writes them), saying nothing: what is wrong with it is said elsewhere."""
    value = item.fields.get(name)
    if name in item.unread or is_empty(value):
        return None
    try:
        return to_date(value)
    except BadDate:
        return None


def date_of(item: Item, name: str, result: CheckResult) -> dt.date | None:
    """The date in field `name` of `item`; None, with a violation in `result`, if it has none."""
    value = item.fields.get(name)
    if name in item.unread:  # not a date the way the organization says it writes them
        result.violations.append(Violation(item.unread[name], item.where(name), code="bad-date"))
        return None
    if is_empty(value):
        result.violations.append(
            Violation(f"{label(item)}: {item.named(name)} is empty", item.where(name), code="empty")
        )
        return None
    try:
        return to_date(value)
    except BadDate as exc:
        result.violations.append(
            Violation(
                f"{label(item)}: {item.named(name)}: {exc}", item.where(name), code="bad-date"
            )
        )
        return None


def cap(result: CheckResult) -> CheckResult:
    """At most MAX_LISTED violations, then one line saying how many more there are."""
    extra = len(result.violations) - MAX_LISTED
    if extra > 0:
        result.violations = [
            *result.violations[:MAX_LISTED],
            Violation(f"... and {extra} more of the same kind", code="more", count=extra),
        ]
    return result


def only_unkept(require: dict[str, Any], item: Item, ctx: CheckContext) -> bool:
    """Whether a row that fails `require` fails only on fields its register keeps no column for
    at all (none in its header, none mapped): the matter is recorded elsewhere, or not per row."""
    if item.parsed is not None:
        return False
    absent = [f for f in require if f not in COMBINED and f not in item.fields]
    if not absent:
        return False
    kept = {k: v for k, v in require.items() if k not in absent}
    return not kept or not evaluate(kept, item, ctx.as_of)


COMBINED = frozenset({"any", "all", "not"})


def names_in(
    ctx: CheckContext, evidence: str, column: str, where: Any, result: CheckResult
) -> set[str]:
    """The values (as references compare them) that a column of another evidence type's items
    satisfying `where` holds: the people of a list, the records a register names."""
    found, found_result = ctx.items(evidence, where)
    result.extend(found_result)
    return {reference_key(value) for row in found for value in values_of(row, column, None)}


def section_of(item: Item, field: str) -> str | None:
    """The text of the section a document's field is read from, as written (lines kept), where
    the profile maps the field to a heading; None for a field of the document's head."""
    if item.parsed is None or (line := item.field_lines.get(field)) is None:
        return None
    heading = next((h for h in item.parsed.headings if h.line == line), None)
    return section_text(item.parsed, heading.title) if heading is not None else None


MAX_TABLE_ROWS = 500  # rows of a table in a field read
# A list item's mark, and a line that goes on from the item before (indented)
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,2}[.)])[ \t]+(\S.*)$")
_GOES_ON = re.compile(r"^[ \t]+\S")


def list_items(value: object) -> list[str] | None:
    """The items of a field's text written as a list and nothing else (a report's section of
    findings, one per item), each with the lines that go on from it; None for a text that is
    not a list. Items that answer none ("- No nonconformities.") are no items."""
    if not isinstance(value, str):
        return None
    items: list[str] = []
    for line in value.strip().splitlines():
        if not line.strip():
            continue
        if (item := _LIST_ITEM.match(line)) is not None:
            items.append(item.group(1).strip())
        elif items and _GOES_ON.match(line):
            items[-1] += " " + line.strip()
        else:
            return None
        if len(items) > MAX_TABLE_ROWS:
            break
    return [i for i in items if not says_none(i)] if items else None


def table_rows(value: object) -> list[str] | None:
    """The data rows of the first Markdown table in a field's text (a report's section of
    findings), each as written; None for a text holding no table. Rows that answer none
    ("| - | - |") are no rows."""
    if not isinstance(value, str) or "|" not in value:
        return None
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    table = [line for line in lines if line.startswith("|")]
    if len(table) < 2 or not set(table[1].replace(" ", "")) <= set("|-:"):
        return None  # no header and separator row: no Markdown table (the first one counts)
    rows = []
    for line in table[2 : 2 + MAX_TABLE_ROWS]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if any(c and not says_none(c) and c not in "-–—" for c in cells):
            rows.append(line)
    return rows


# --- an indicator's subject -------------------------------------------------------------------

MAX_SUBJECT_WORDS = 12  # words of an indicator's name looked at for its subject
MIN_SUBJECT_WORDS_SPARING = 3  # subject words from which one may be missing (a period, a unit)
# Words saying how a thing is measured, not what: an indicator named "TSP monitoring" measures TSP
_MEASURING = frozenset(
    """monitoring monitored measurement measurements measured measuring results result readings
    reading data records record log logs metrics tonnage quantity quantities volume amount total
    totals level levels rate rates count counts number numbers of per the and in at by for on to
    a an
    anzahl zahl menge anteil quote je pro der die das des und im am
    nombre taux quantité part de du des la le les et par
    número tasa cantidad porcentaje del el los las por y
    numero tasso quantità percentuale di della il
    aantal percentage hoeveelheid van het een
    liczba ilość odsetek udział procent na w z do i
    počet podíl množství míra
    lukumäärä määrä osuus
    antal andel mængde mængd
    mērījumi mērījums monitorings rezultāti rezultāts rādījumi dati skaits daudzums apjoms
    uzskaite žurnāls un uz par
    matavimai matavimas stebėsena rezultatai duomenys skaičius kiekis apimtis žurnalas ir
    mõõtmised mõõtmine seire tulemused andmed arv kogus maht logi ja
    моніторинг вимірювання результати дані кількість обсяг журнал облік та і на
    мониторинг измерения результаты данные количество объем объём учет учёт и""".split()
)


def subject_words(value: str) -> list[str]:
    """The words of an indicator's name that may say its subject: not a word of measuring, not a
    figure or a period ("rok" of "t emulze / rok", a year), not a single letter ("t")."""
    return [
        w
        for w in words(value)[:MAX_SUBJECT_WORDS]
        if len(w) > 1 and not w.isdigit() and w not in _MEASURING and not _a_period(w)
    ]


@lru_cache(maxsize=4096)
def _a_period(word: str) -> bool:
    """Whether a word is a period ("year", "Monat", "ročně", "kwartał")."""
    try:
        to_days(word)
    except ValueError:
        return False
    return True


def mentions_subject(subject: list[str], said: list[str]) -> bool:
    """Whether a text (its `words`) mentions an indicator by its subject (`subject_words`):
    every word of it, inflection aside; of three words or more, all but one (a unit, a place)."""
    if not subject:
        return False
    spared = 1 if len(subject) >= MIN_SUBJECT_WORDS_SPARING else 0
    return sum(not says(w, said) for w in subject) <= spared
