"""Checks on values across items and evidence types: covers, references, unique."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from isocheck.checks import (
    CheckContext,
    CheckRegistry,
    CheckResult,
    Violation,
    label,
    split_outside,
    values_of,
)
from isocheck.checks.common import (
    MAX_LISTED,
    Condition,
    EveryItem,
    EvidenceName,
    NonEmpty,
    Selection,
    cap,
    date_of,
    date_or_none,
    every_item,
    list_items,
    mentions_subject,
    none_found,
    section_of,
    subject_words,
    table_rows,
)
from isocheck.checks.documents import section_headed
from isocheck.checks.params import (
    Constraint,
    Doc,
    ExactlyOne,
    Minimum,
    MinItems,
    Needs,
    Together,
)
from isocheck.conditions import (
    BadDate,
    describe,
    holds,
    is_empty,
    predicate,
    shift,
    text_of,
    to_date,
)
from isocheck.evidence import Item, own_name, own_names
from isocheck.meaning import (
    ANSWER_NO,
    MAX_TITLE_WORDS,
    fold,
    level_held,
    level_stated,
    periods_in,
    says,
    says_any,
    says_none,
    says_only,
    title_key,
    to_days,
    without_folded_remark,
    without_quantity,
    without_remark,
    words,
)
from isocheck.model import FOR_OTHER_STANDARD
from isocheck.names import (
    MAX_EMAIL,
    PERSON_NAME,
    codes_named,
    either_order,
    is_identifier,
    reference_key,
)

Separator = Annotated[NonEmpty | None, Doc("split each cell on this, for multi-valued cells")]


@dataclass(frozen=True, kw_only=True)
class Titles:
    """Where people's job titles are kept: the staff register's name and job title columns."""

    evidence: EvidenceName
    name: Annotated[str, Doc("the column holding each person's name")]
    title: Annotated[str, Doc("the column holding each person's job title")]
    where: Annotated[Condition | None, Doc("a condition: only the people satisfying it")] = None


_RECORDS_DOC = (
    "what the items `where` selects are, in plain words, for findings to say instead of the "
    "condition ('current, assessed records'; 'holders of the authority to accept risks')"
)


@dataclass(frozen=True, kw_only=True)
class Target(Selection):
    """A column of another evidence type: the values it holds (of the items matching `where`)."""

    column: Annotated[str, Doc("the column (or field) holding the values")]
    separator: Separator = None
    records: Annotated[str | None, Doc(_RECORDS_DOC)] = None
    job_titles: Annotated[
        bool,
        Doc(
            "the column holds job titles (a staff register's): a reference naming one, in the "
            "singular or the plural, after 'all' or with the titles in parentheses ('All site "
            "supervisors (Cleaning Supervisor / Security Supervisor)'), names whoever holds it"
        ),
    ] = False
    titles: Annotated[
        Titles | None,
        Doc(
            "the column may name a job title instead of a person (a roles register's holder "
            '"Chefs d\'équipe pose", "Line managers"): everyone another register gives '
            "that title answers to it"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class NamedBy(Target):
    """A column of another evidence type that another column of the item (`by`) names a value of:
    a person's role among the roles the competence matrix requires something of."""

    by: Annotated[str, Doc("the item's column (or field) that names the value")]
    held_elsewhere: Annotated[
        HeldElsewhere | None,
        Doc(
            "a value all of whose rows need what another register records is not judged here: "
            "a role whose needs are all courses of the training log (a managing director's "
            "yearly safety training) is held to them course by course, not to the competence "
            "register"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class HeldElsewhere:
    """What a row needs (its `column`), and the other register that records such things."""

    column: Annotated[str, Doc("the column of the row naming what it needs")]
    recorded: Annotated[Target, Doc("the column of the other evidence type recording them")]


# --- covers -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Everyone:
    """Items of another evidence type each of which covers every required value at once (an
    evacuation drill the whole staff took part in): those satisfying `where`, dated in `date`
    within the period the required values must be found in."""

    evidence: EvidenceName
    where: Annotated[Condition, Doc("what such an item says (its participants: the whole staff)")]
    date: Annotated[str, Doc("the field holding each such item's date")]


@dataclass(frozen=True, kw_only=True)
class MeasuredBy:
    """Required phrases that say `says`, which a value saying `by` covers: the outside
    temperature is measured through degree days, worked out from it, so a plan collecting the
    degree days collects it (the other way round does not hold)."""

    says: Annotated[NonEmpty, Doc("a phrase or topic a required phrase says")]
    by: Annotated[NonEmpty, Doc("a phrase or topic a value found says, which covers it")]


@dataclass(frozen=True, kw_only=True)
class PeriodSaid(Selection):
    """The organization's own rules for how often: the documents selected, read in their part
    headed `section`."""

    section: Annotated[
        NonEmpty, Doc("a phrase or topic of the heading of the part that states the period")
    ]


@dataclass(frozen=True, kw_only=True)
class CoversParams(Selection):
    """The values found in `column` (split on `separator`) include every required value: those
    listed in `values`, or those in another evidence type's column (`of`). With `period_field`,
    only items whose date there is within `period_days` of the as-of date count; with
    `period_column`, a required value's own row of `of` may set its own period there
    ("quarterly", "every 6 months", "365 days"), and `period_days` is for the rows that set none;
    with `period_ahead_days`, items dated that soon after the as-of date count too (planned)."""

    column: Annotated[str, Doc("the column (or field) whose values must cover the set")]
    also: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc("other columns whose values count too (who gave a briefing has heard it)"),
    ] = None
    values: Annotated[list[Any] | None, MinItems(1), Doc("the values required")] = None
    of: Annotated[Target | None, Doc("take the values required from this column")] = None
    separator: Separator = None
    period_field: Annotated[str | None, Doc("the field holding each item's date")] = None
    period_days: Annotated[
        int | None, Minimum(0), Doc("only items dated within this many days count")
    ] = None
    period_column: Annotated[
        str | None,
        Doc("the column of `of` where a required value may set its own period"),
    ] = None
    period_ahead_days: Annotated[
        int | None,
        Minimum(0),
        Doc(
            "items dated up to this many days after the as-of date count too (a programme's "
            "audits still to come)"
        ),
    ] = None
    planned_field: Annotated[
        str | None,
        Doc(
            "a column of the items holding the date each is planned for: a required value whose "
            "next item is planned after the as-of date, and not yet held, is on the "
            "organization's own schedule where the gap from its latest item held to that plan "
            "is at most twice its period (a scenario drilled every two years, its next drill "
            "planned); needs the period"
        ),
    ] = None
    phrases: Annotated[
        bool,
        Doc(
            "the required values are phrases in words (a relevant variable, 'pumpattu "
            "vesimäärä'): a value that says one in its own words, inflection and compounds aside "
            "('Verkostoon pumpattu vesi'), or the thing whose count or share it is ('clinker "
            "factor' by 'Clinker production'), covers it"
        ),
    ] = False
    measured_by: Annotated[
        list[MeasuredBy] | None,
        MinItems(1),
        Doc("with `phrases`: required phrases said another way by what measures them"),
    ] = None
    mentioned: Annotated[
        bool,
        Doc(
            "a required value whose row mentions, as words, a value found is covered by it: an "
            "application signing on through Entra ID, whose sign-ins Entra ID's logs hold; a "
            'site "behind Cloudflare", whose traffic Cloudflare\'s logs hold; and so is one whose '
            "row mentions the system a value found names before a dash or a colon: a repository "
            'kept on "GitLab self-managed" by the review "GitLab – role Maintainer/Owner"; and '
            "one whose name of three words or more a value found says with one word left out "
            'and none added ("GitHub org vcs-itops")'
        ),
    ] = False
    via: Annotated[
        str | None,
        Doc(
            "a column of `of` holding each row's identifier: a value found naming it "
            '("SRV-DC01 (system state)") covers the row, and a required value whose row names '
            'another row by it ("Covered by CS-04 tenant backup") is covered where that one is'
        ),
    ] = None
    clauses: Annotated[
        bool,
        Doc(
            "the values are clause numbers of the pack: a clause found covers its subclauses, "
            "and a clause is covered when every subclause the pack lists under it is"
        ),
    ] = False
    other_standards: Annotated[
        bool,
        Doc(
            "with `clauses`: where the profile maps the column per standard, the clauses the "
            "items give for the other standards of an integrated system count too; for the "
            "Harmonized Structure's clauses, one requirement of the one system (its resources, "
            "7.1, audited as ISO 9001's 7.1.2 to 7.1.6 are audited for ISO 14001)"
        ),
    ] = False
    everyone: Annotated[
        Everyone | None,
        Doc("items of another evidence type that cover every value at once (a drill of all staff)"),
    ] = None
    whole: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc(
            "phrases or topics: an item whose column says one of them names everyone at once "
            'and covers every value (a briefing recorded for "All employees" or "visi '
            'darbinieki (3 maiņas)", not person by person)'
        ),
    ] = None
    per: Annotated[
        str | None,
        Doc(
            "a column both evidence types keep (a site): each required value is covered at each "
            "place its row of `of` names, by items naming that place; 'both' names every place "
            "either names, and so do 'all' and nothing where the row's `period_column` asks for "
            "each place ('annual per site'; else it is covered anywhere); 'all' said of a class "
            "('all sea sites') names no place of its own"
        ),
    ] = None
    everywhere: Annotated[
        Condition | None,
        Doc(
            "with `per`: items that satisfy it cover a required value at every place at once "
            "(a table-top exercise of the plan, held at the office for all the sites)"
        ),
    ] = None
    period_said: Annotated[
        PeriodSaid | None,
        Doc(
            "documents of the organization whose part headed so states how often, in words "
            "('Access rights are reviewed every six months', 'Semestrales por sistema'): "
            "where they state one period, longer than `period_days`, it is the period; a "
            "shorter one, or several, leave `period_days`"
        ),
    ] = None
    joined_field: Annotated[
        str | None,
        Doc(
            "a column of `of` dating when each required value joined (a member of staff's start "
            "date): one that joined within the period must be covered by an item dated at most "
            "`joined_days` after it (a new starter's induction), not only by a later one"
        ),
    ] = None
    joined_days: Annotated[
        int | None, Minimum(0), Doc("with `joined_field`: the days after joining it may take")
    ] = None
    joined_where: Annotated[
        Condition | None,
        Doc(
            "with `joined_field`: the items that are a starter's own induction; only a starter "
            "whose induction is recorded here, and late, is reported (one covered only by the "
            "yearly briefing of everyone may be inducted where other records say)"
        ),
    ] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (
        ExactlyOne("values", "of"),
        Needs("per", "of"),
        Together("joined_field", "joined_days"),
        Needs("joined_where", "joined_field"),
        Needs("joined_field", "of", "period_field", "period_days"),
        Needs("everywhere", "per"),
        Together("period_field", "period_days"),
        Needs("period_column", "of", "period_field", "period_days"),
        Needs("period_ahead_days", "period_field", "period_days"),
        Needs("period_said", "period_field", "period_days"),
        Needs("measured_by", "phrases"),
        Needs("other_standards", "clauses"),
    )


def check_covers(ctx: CheckContext, p: CoversParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if p.period_said is not None and p.period_days is not None:
        stated = _period_stated(ctx, p.period_said, result)
        if stated is not None and stated > p.period_days:
            p = dataclasses.replace(p, period_days=stated)
    # Each item with its age in days at the as-of date (None without a period); dated later (but
    # for `period_ahead_days`), or undated where a period counts, it counts for nothing (a date
    # that cannot be read is said).
    aged: list[tuple[Item, int | None]] = []
    for item in items:
        if p.period_field is None:
            aged.append((item, None))
            continue
        if is_empty(item.fields.get(p.period_field)) and p.period_field not in item.unread:
            # not (yet) held: a drill planned or called off covers nothing, and says no more
            continue
        when = date_of(item, p.period_field, result)
        if when is not None and when <= ctx.as_of:
            aged.append((item, (ctx.as_of - when).days))
        elif (
            when is not None
            and p.period_ahead_days is not None
            and (when - ctx.as_of).days <= p.period_ahead_days
        ):
            aged.append((item, 0))  # still to come, and soon enough to count
    required: dict[str, str] = {}  # key -> as written
    rows: dict[str, list[Item]] = {}  # a required value as written -> the items holding it
    key = str.casefold if p.clauses else reference_key
    if p.values is not None:
        required = {key(text_of(v)): text_of(v) for v in p.values}
    elif p.of is not None:
        target_items, target_result = ctx.items(p.of.evidence, p.of.where)
        result.extend(target_result)
        for item in target_items:
            for value in values_of(item, p.of.column, p.of.separator):
                if says_none(value):
                    continue  # "none" is an answer: nothing to cover
                required.setdefault(key(value), value)
                rows.setdefault(required[key(value)], []).append(item)
    covering = ctx.evidence(p.evidence)
    if required and not covering.items and not covering.broken:
        # Nothing of the evidence at all: that is the finding, not each value it does not cover
        result.violations.extend(none_found(ctx, p.evidence, None))
        return result
    # The required values by the period within which each must be found (None: ever)
    periods: dict[int | None, list[str]] = {}
    for k in sorted(required):
        periods.setdefault(_period(p, rows.get(required[k], ()), result), []).append(k)
    # The ages of the items that cover every value at once (None: undated, counting for nothing)
    whole: list[int] = []
    if p.everyone is not None:
        everyone_items, everyone_result = ctx.items(p.everyone.evidence, p.everyone.where)
        result.extend(everyone_result)
        for item in everyone_items:
            if p.everyone.date not in item.unread and is_empty(item.fields.get(p.everyone.date)):
                continue  # not yet held (a drill planned, its date still blank): it counts for nothing
            when = date_of(item, p.everyone.date, result)
            if when is not None and when <= ctx.as_of:
                whole.append((ctx.as_of - when).days)
    if p.whole:
        # a value naming one of the required (a person) is no one's whole staff: only the others
        # are read for the words, each once whatever the rules asking
        everyone_said = tuple(phrase for t in p.whole for phrase in ctx.phrases(t))
        whole.extend(
            age or 0
            for item, age in aged
            if any(
                reference_key(v) not in required and _names_everyone(everyone_said, v)
                for v in values_of(item, p.column, None)
            )
        )
    places = _Places.of(p, aged, rows, ctx.as_of) if p.per is not None and not p.clauses else None
    missing: list[tuple[str, int | None]] = []
    known: list[str] | None = None  # every name the other evidence type holds, required or not
    # the other standards' columns the profile maps (`other_standards`)
    others = covering.other_standards if p.other_standards else ()

    def uncovered(keys: list[str], chosen: list[Item]) -> list[str]:
        """The keys that none of the chosen items names."""
        nonlocal known
        found: set[str] = set()
        written: set[str] = set()  # the values as written, remarks in parentheses included
        for item in chosen:
            values = [
                v
                for column in (p.column, *(p.also or ()))
                for v in values_of(item, column, p.separator)
            ]
            if p.clauses:
                # which standard's clauses a cell lists matters only where it names standards
                standard = ctx.standard if any(map(_names_standards, values)) else ""
                found.update(v.casefold() for v in _clause_list(values, standard))
                if others:
                    found.update(c.casefold() for c in _other_standards_clauses(p, item, others))
            else:
                found.update(map(reference_key, values))
            written.update(values)
        if p.clauses:
            within = _clause_cover(
                found,
                [c.casefold() for c in ctx.clauses],
                {c.casefold() for c in ctx.general_clauses},
            )
            return [k for k in keys if not within(k)]
        if known is None and p.of is not None and any(_campaign(w) for w in written):
            every, _ = ctx.items(p.of.evidence, None)
            known = [v for item in every for v in values_of(item, p.of.column, p.of.separator)]
        names = _Written(written, required.values(), rows, known)
        reordered = {o for f in found if (o := either_order(f)) is not None}
        short_names = _ShortNames(found)
        mentions = _mentions(written) if p.mentioned else ()
        worded = [words(w) for w in written] if p.phrases else []
        # the values found as sets of words, for a name said with one of its words left out
        bare = [set(words(without_remark(w))) for w in written] if mentions else []
        # a value's row named by its identifier ("SRV-DC01 (system state)" for the domain
        # controller whose asset tag it is)
        idents = (
            found | {reference_key(t) for w in written for t in _TOKEN.findall(w)}
            if p.via
            else set()
        )
        return [
            k
            for k in keys
            if k not in found
            and either_order(k) not in reordered - {None}
            and not names.name(k, required[k])
            and not short_names.name(k)
            and not (mentions and _mentioned(mentions, rows.get(required[k], ())))
            and not (bare and _said_shorter(required[k], bare))
            and not (worded and _phrase_said(ctx, p, required[k], worded))
            and not (idents and _named_by_id(p.via, rows.get(required[k], ()), idents))
        ]

    for (period, place), keys in _by_place(periods, places, required).items():
        if whole and (period is None or min(whole) <= period):
            continue  # the whole staff took part in one within the period
        chosen = [
            item
            for item, age in aged
            if (period is None or age is None or age <= period)
            and (places is None or place is None or places.at(item, place))
        ]
        missing.extend(
            (k if place is None or p.clauses else f"{k}\x00{place}", period)
            for k in uncovered(keys, chosen)
        )
    if missing and p.planned_field is not None and p.period_field is not None:
        missing = _not_on_schedule(ctx, p, items, missing, required, rows, places, result)
    if missing and p.via is not None:
        missing = _not_through(p.via, missing, required, rows)
    if p.joined_field is not None and p.joined_days is not None and p.period_days is not None:
        late = _late_starters(ctx, p, aged, required, rows, {k for k, _ in missing}, uncovered)
        if late:
            source = ctx.evidence(p.of.evidence).type.title if p.of else ""
            title = ctx.evidence(p.evidence).type.title
            listed = [f"{required[k]} (joined {joined})" for k, joined in late]
            shown = "; ".join(listed[:MAX_LISTED]) + (
                f" and {len(listed) - MAX_LISTED} more" if len(listed) > MAX_LISTED else ""
            )
            result.violations.append(
                Violation(
                    f"{title}: inducted more than {p.joined_days} days after joining "
                    f"({p.joined_field} in {source}): {shown}",
                    code="late",
                )
            )
    if missing:
        missing.sort()
        title = ctx.evidence(p.evidence).type.title
        own = p.period_column is not None and len({period for _, period in missing}) > 1

        def shown_as(k: str) -> str:
            value, _, place = k.partition("\x00")
            return (
                f"{required[value]} at {places.written[place]}"
                if places and place
                else required[value]
            )

        if own:
            lapse, listed = "", [f"{shown_as(k)} (within {days} days)" for k, days in missing]
        else:
            lapse = f" within the last {missing[0][1]} days" if p.period_field else ""
            if p.period_ahead_days is not None:
                lapse += f" or the next {p.period_ahead_days}"
            listed = [shown_as(k) for k, _ in missing]
        # Names written surname first ("Howard, Alice") are kept apart by semicolons
        joiner = "; " if any("," in name for name in listed[:MAX_LISTED]) else ", "
        shown = joiner.join(listed[:MAX_LISTED]) + (
            f" and {len(listed) - MAX_LISTED} more" if len(listed) > MAX_LISTED else ""
        )
        result.violations.append(
            Violation(
                f"{title} column {own_name(covering, p.column)!r}{lapse} does not cover: {shown}",
                code="not-covered",
                count=len(listed),
            )
        )
        if p.of is not None and not p.clauses:
            source = ctx.evidence(p.of.evidence).type.title
            result.notes.append(
                f"where {title} names one of {source} otherwise, say so in the profile "
                f"(evidence: {p.evidence}: values: {p.column}: {{'its name there': "
                f"'its name in {source}'}})"
            )
    return result


@lru_cache(maxsize=1 << 14)  # the awareness rules of each standard read the same register
def _names_everyone(phrases: tuple[str, ...], value: str) -> bool:
    """Whether a value says one of the phrases naming everyone ("All employees")."""
    return says_any(phrases, words(value))


def _phrase_said(ctx: CheckContext, p: CoversParams, phrase: str, worded: list[list[str]]) -> bool:
    """Whether one of the values found (as words) says a required phrase: as the phrase says it,
    without its count or share ("number of CIP cycles" as "CIP cycles", "clinker factor" as the
    clinker), or by what measures it."""
    said = _said_as(phrase)
    ways = [said, *filter(None, [without_quantity(said)])]
    if any(says(way, text) for way in ways for text in worded):
        return True
    phrase_words = words(said)
    return any(
        says_any(ctx.phrases(m.says), phrase_words)
        and any(says_any(ctx.phrases(m.by), text) for text in worded)
        for m in p.measured_by or ()
    )


def _said_as(phrase: str) -> str:
    """A required phrase as a text must say it: without the remark in parentheses closing it,
    which gives a unit or a gloss ("Production (kg)", "vėsinimo laipsniadieniai (CDD, bazė 15
    °C)") that a plan naming the same variable need not repeat."""
    return without_remark(phrase) or phrase


def _late_starters(
    ctx: CheckContext,
    p: CoversParams,
    aged: list[tuple[Item, int | None]],
    required: dict[str, str],
    rows: dict[str, list[Item]],
    missing: set[str],
    uncovered: Callable[[list[str], list[Item]], list[str]],
) -> list[tuple[str, dt.date]]:
    """The required values that joined within the period (their latest date in `joined_field`)
    and whose first item came more than `joined_days` after it: a new starter briefed weeks
    after starting work. One not covered at all is reported as missing already, and one still
    within its days is not yet due."""
    assert p.joined_field is not None and p.joined_days is not None
    quiet = CheckResult()  # a start date that cannot be read was said where the rows were read
    due: dict[dt.date, list[str]] = {}  # the last day to be covered by -> the keys due by it
    joined: dict[str, dt.date] = {}
    period = p.period_days if p.period_days is not None else 0
    for k in sorted(required):
        if k in missing:
            continue
        starts = [
            d for item in rows.get(required[k], ()) if (d := date_of(item, p.joined_field, quiet))
        ]
        if not starts:
            continue
        start = max(starts)
        deadline = start + dt.timedelta(days=p.joined_days)
        if (ctx.as_of - start).days > period or deadline >= ctx.as_of or start > ctx.as_of:
            continue  # joined before the period, or still within its days
        joined[k] = start
        due.setdefault(deadline, []).append(k)
    if not due:
        return []
    # Only the items that could name a starter are looked at again for each deadline: those
    # sharing a word with one, or naming many at once ("All staff"); read once, not per deadline
    wanted = {token for k in joined for token in _TOKEN.findall(k)}
    naming = [
        (item, age)
        for item, age in aged
        if age is not None
        and any(
            _campaign(v) or not wanted.isdisjoint(_TOKEN.findall(reference_key(v)))
            for column in (p.column, *(p.also or ()))
            for v in values_of(item, column, p.separator)
        )
    ]
    late: list[str] = []
    for deadline, keys in sorted(due.items()):
        least = (ctx.as_of - deadline).days
        late.extend(uncovered(keys, [item for item, age in naming if age >= least]))
    if late and p.joined_where is not None:
        where = p.joined_where if p.where is None else {"all": [p.where, p.joined_where]}
        inductions, _ = ctx.items(p.evidence, where)
        without = set(uncovered(late, inductions))  # inducted where other records say
        late = [k for k in late if k not in without]
    return sorted((k, joined[k]) for k in late)


# A value that names a system before a dash or a colon and then what of it was looked at
# ("GitLab – role Maintainer/Owner", "Okta: all SSO applications")
_NAMED_HEAD = re.compile(r"^(.{3,60}?)\s+[–—-]\s+|^([^:]{3,60}):\s")


def _mentions(written: set[str]) -> tuple[str, ...]:
    """The values found, as runs of words, that a row may mention: long enough to be a name;
    and the system a value names before a dash or a colon ("GitLab" of "GitLab – role
    Maintainer/Owner")."""
    heads = [
        head
        for value in written
        if (m := _NAMED_HEAD.match(value)) and (head := m.group(1) or m.group(2))
    ]
    found = (" ".join(_TOKEN.findall(reference_key(value))) for value in sorted({*written, *heads}))
    return tuple(dict.fromkeys(f for f in found if len(f) >= MIN_MENTIONED_NAME))


MIN_MENTIONED_NAME = 5  # letters a value found has at least to be taken as mentioned by a row


def _mentioned(mentions: tuple[str, ...], items: Any) -> bool:
    """Whether a required value's rows mention one of the values found, as whole words."""
    for item in items:
        cells = " ".join(
            _TOKEN.findall(
                reference_key(" ".join(text_of(c) for c in (item.written or item.fields).values()))
            )
        )
        if any(f" {name} " in f" {cells} " for name in mentions):
            return True
    return False


MIN_SHORTENED_WORDS = 3  # words of a name one of which a value naming it may leave out


def _said_shorter(name: str, found: list[set[str]]) -> bool:
    """Whether a value found (as the set of its words, its closing remark aside) names `name`
    leaving one of its words out and adding none ("GitHub org vcs-itops" for "GitHub private
    org vcs-itops (admin scripts)"); a name of three words or more, its closing remark aside."""
    wanted = set(words(without_remark(name)))
    if len(wanted) < MIN_SHORTENED_WORDS:
        return False
    return any(len(said) >= len(wanted) - 1 and said <= wanted for said in found)


def _named_by_id(via: str | None, rows: Iterable[Item], idents: set[str]) -> bool:
    """Whether one of a required value's rows is named by its identifier (in `via`)."""
    return via is not None and any(
        (ident := reference_key(text_of(row.fields.get(via)))) and ident in idents for row in rows
    )


def _not_through(
    via: str,
    missing: list[tuple[str, int | None]],
    required: dict[str, str],
    rows: dict[str, list[Item]],
) -> list[tuple[str, int | None]]:
    """The values missing but for those whose row names, by its identifier in `via`, another
    required value that is covered: contracts kept in the tenant "Covered by CS-04 tenant
    backup" are restored with the tenant."""
    ids: dict[str, str] = {}  # identifier (as a reference) -> the key of its value
    for key, written in required.items():
        for item in rows.get(written, ()):
            ident = reference_key(text_of(item.fields.get(via)))
            if ident:
                ids.setdefault(ident, key)
    lacking = {k for k, _ in missing}
    kept = []
    for k, period in missing:
        named = {
            ids[ref]
            for item in rows.get(required[k], ())
            for cell in (*(item.written or item.fields).values(),)
            for token in _TOKEN.findall(text_of(cell))
            if (ref := reference_key(token)) in ids
        }
        if any(other != k and other not in lacking for other in named):
            continue  # covered through the row it names
        kept.append((k, period))
    return kept


# How far past the period its own row states the next planned item of a value may fall and the
# value still be on the organization's schedule: a yearly drill held last June and planned for
# next August (a quarter late) is; one planned eighteen months after the last is a drill skipped
_PLAN_SLACK = 1.25


def _not_on_schedule(
    ctx: CheckContext,
    p: CoversParams,
    items: list[Item],
    missing: list[tuple[str, int | None]],
    required: dict[str, str],
    rows: dict[str, list[Item]],
    places: _Places | None,
    result: CheckResult,
) -> list[tuple[str, int | None]]:
    """The values missing but for those whose next item is planned after the as-of date and not
    yet held, with the gap from their latest item held to that plan at most a quarter more than
    the period their row states, or twice the pack's where it states none (the organization's
    own schedule, `planned_field`). A planned date that cannot be read is
    said, and is no plan."""
    if p.planned_field is None or p.period_field is None:
        return missing
    quiet = CheckResult()  # held dates that cannot be read were said where the items were read
    dated: list[tuple[Item, dt.date | None, dt.date | None, _Written]] = []
    for item in items:
        values = values_of(item, p.column, p.separator)
        if values:  # what each item names, read once for every value missing
            held = date_of(item, p.period_field, quiet)
            unplanned = CheckResult()  # an empty plan is none; one not a date is said
            planned = date_of(item, p.planned_field, unplanned)
            result.violations.extend(v for v in unplanned.violations if v.code == "bad-date")
            dated.append((item, held, planned, _Written(set(values), required.values(), rows)))
    kept = []
    for k, period in missing:
        value, _, place = k.partition("\x00")
        naming = [
            (item, held, planned)
            for item, held, planned, names in dated
            if (places is None or not place or places.at(item, place))
            and names.name(value, required[value])
        ]
        plans = [pl for _, held, pl in naming if held is None and pl is not None and pl > ctx.as_of]
        last = max((held for _, held, _ in naming if held and held <= ctx.as_of), default=None)
        # a period the value's own row states ("Annual") is the schedule; the pack's, where the
        # row states none, may be the organization's half (a drill every two years)
        slack = _PLAN_SLACK if _states_period(p, rows.get(required[value], ())) else 2
        if (
            period is not None
            and plans
            and last is not None
            and (min(plans) - last).days <= period * slack
        ):
            continue  # held, and next planned, on the organization's own schedule
        kept.append((k, period))
    return kept


def _period_stated(ctx: CheckContext, said: PeriodSaid, result: CheckResult) -> int | None:
    """The one period the organization's documents state in their part headed `said.section`
    ("User access rights are reviewed every six months"), or None where they state none, or
    several (users twice a year, administrators each quarter: which is whose is not read)."""
    documents, found = ctx.items(said.evidence, said.where)
    result.consulted.extend(found.consulted)
    periods: set[int] = set()
    for item in documents:
        if item.parsed is not None and (part := section_headed(ctx, item.parsed, said.section)):
            periods |= periods_in(part)
    return periods.pop() if len(periods) == 1 else None


def _states_period(p: CoversParams, rows: Any) -> bool:
    """Whether a required value's rows of `of` state its period in `period_column`."""
    if p.period_column is None:
        return False
    for item in rows:
        try:
            to_days(item.fields.get(p.period_column))
        except (ValueError, TypeError):
            continue
        return True
    return False


def _period(p: CoversParams, rows: Any, result: CheckResult) -> int | None:
    """Within how many days a required value must be found: the shortest period its rows of `of`
    set in `period_column`, else `period_days` (None: no period). A cell that is no period is
    reported, and the pack's period applies to it."""
    if p.period_field is None:
        return None
    own: list[int] = []
    if p.period_column is not None:
        for item in rows:
            cell = item.fields.get(p.period_column)
            if is_empty(cell):
                continue
            try:
                own.append(to_days(cell))
            except ValueError:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {item.named(p.period_column)} {text_of(cell)!r} is not a period: "
                        "write it as a number of days, months or years ('90 days', 'every 6 "
                        "months') or a word such as 'quarterly' or 'yearly', or map it in the "
                        "profile",
                        item.where(p.period_column),
                        code="bad-period",
                    )
                )
    return min(own) if own else p.period_days


# A cell naming every place at once ("Both", "All sites", "Alle Standorte")
_EVERY_PLACE = frozenset(
    {"both", "all", "every", "alle", "beide", "begge", "todos", "todas", "ambos", "ambas", "tous",
     "toutes", "tutti", "tutte", "entrambi", "wszystkie", "obie", "group", "company-wide"}
)  # fmt: skip
# Of those, the words naming two places each by itself ("Both" of two plants)
_BOTH_PLACES = frozenset({"both", "beide", "begge", "ambos", "ambas", "entrambi", "obie"})
# A frequency asking for each place ("annual per project", "jaarlijks per bouwplaats", "je
# Standort", "each site"), not for each period ("per year", "every 2 years")
_PER_PLACE = re.compile(
    r"\b(?:per|each|every|je|pro|jede[mnrs]?|hver|hvert|varje|chaque|cada|ogni)\s+"
    r"(?!(?:\d|other|second|third|two|three|zwei|drei|twee|annum|ano|year|yr|month|quarter|"
    r"week|day|shift|jahr|monat|quartal|woche|tag|"
    r"schicht|jaar|maand|kwartaal|dag|år|måned|mnd|uke|vecka|månad|an\b|année|"
    r"mois|semaine|jour|año|mes|semana|día|anno|mese|settimana|giorno))"
)
# Where changing work is done, in the plural: the sites of customers, projects, jobs
_TRANSIENT = frozenset(
    {"sites", "jobsites", "projects", "baustellen", "einsatzorte", "chantiers", "obras",
     "cantieri", "bouwplaatsen", "projecten", "budowy", "byggepladser", "byggarbetsplatser",
     "työmaat", "stavby", "staveniště", "şantiyeler"}
)  # fmt: skip
_PLACES_SPLIT = re.compile(r"[,;/&+]| and | und | et | y | e | og | i ")


# What "all" is said of where it means every place ("All sites", "alle Standorte", "Alle
# locaties"); said of anything else ("Alle sjølokaliteter", "All projects") it names a class of
# places whose members the register does not list
_ANY_PLACE = frozenset(
    {"site", "sites", "location", "locations", "place", "places", "premises", "facility",
     "facilities", "plant", "plants", "area", "areas", "building", "buildings", "workplace",
     "workplaces", "our", "the", "of", "standort", "standorte", "betriebsstätten", "werke",
     "bereiche", "unsere", "locatie", "locaties", "vestigingen", "onze", "lokaliteter",
     "lokasjoner", "arbeidssteder", "anlegg", "våre", "platser", "arbetsplatser", "anläggningar",
     "lokationer", "sedi", "stabilimenti", "sedes", "centros", "instalaciones", "plantas",
     "los", "las", "les", "établissements", "usines", "lokalizacje", "zakłady", "toimipisteet"}
)  # fmt: skip


def _places_in(cell: Any) -> tuple[str, ...] | None:
    """The places a cell names, folded; None where it names every place (or none at all). A
    class of places ("Alle sjølokaliteter", "All projects") is no place of its own."""
    text = text_of(cell)
    if not text.strip():
        return None
    named = tuple(fold(part) for part in _PLACES_SPLIT.split(text.casefold()) if fold(part))
    places: list[str] = []
    for part in named:
        first, *rest = part.split()
        if first not in _EVERY_PLACE:
            places.append(part)
        elif _ANY_PLACE.issuperset(rest):
            return None
    return tuple(places) if named else None


@dataclass
class _Places:
    """The places of `per`: those the items of both evidence types name, and which of them each
    required value must be covered at (`needed`: none where its rows name every place)."""

    written: dict[str, str]  # place (folded) -> as first written
    needed: dict[str, tuple[str, ...]]  # a required value as written -> its places
    column: str
    everywhere: Callable[[Item], bool] | None = None  # items that cover every place at once
    # places of `needed` no item of the other evidence type names ("Fartøy og fôrflåter"): a
    # class of places, or a name written otherwise there; an item naming only places the
    # register does not ("Flatholmen") may be one of them
    unnamed: frozenset[str] = frozenset()
    register: tuple[str, ...] = ()  # every place the required values' register names

    @staticmethod
    def of(
        p: CoversParams,
        aged: list[tuple[Item, int | None]],
        rows: dict[str, list[Item]],
        as_of: dt.date,
    ) -> _Places | None:
        """Only a row naming several places, or both of two, or every place where its frequency
        asks for each ("annual per site"), is covered place by place; a scenario of one place,
        or of every place drilled yearly, is tested anywhere (a table-top exercise at the
        office for a road-works accident). Every place is each place the required values' own
        register names: a drill's room or yard is no place of its own."""
        column = str(p.per)
        own = [i for items in rows.values() for i in items]
        if not any(not is_empty(i.fields.get(column)) for i in own):
            return None  # the required values' register keeps no places: covered anywhere
        written = _written_places(own, column)
        if len(written) < 2:  # "Both" in each row: the places are those the drills name
            written = _written_places([*own, *(i for i, _ in aged)], column)
        if len(written) < 2:
            return None  # one place, or none named: nothing to cover place by place
        # The sites of changing work ("Client sites", "Baustellen") are no place a scenario is
        # drilled at by itself: it is drilled where the work is that year, anywhere
        written = {k: v for k, v in written.items() if not _transient(k)}
        # A place some row or item names on its own is a place drills are held at ("Slough",
        # "Tank farm"); one named only beside another, in one row ("Tank farm and drum store"),
        # is an area of that row's place, not a place of its own
        alone = [
            named[0]
            for item in [*own, *(i for i, _ in aged)]
            if (named := _places_in(item.fields.get(column))) is not None and len(named) == 1
        ]
        needed: dict[str, tuple[str, ...]] = {}
        for value, items in rows.items():
            places: list[str] = []
            for item in items:
                named = _places_in(item.fields.get(column))
                if named is None and not _each_place(item, column, p.period_column):
                    continue  # a scenario of every place, drilled wherever the plan says
                for place in named if named is not None else written:
                    # one place written twice ("Workshop", "Workshop eMalahleni") is one
                    if (
                        not _transient(place)
                        and not any(_same_place(place, other) for other in places)
                        and (named is None or any(_same_place(place, one) for one in alone))
                    ):
                        places.append(place)
            if len(places) > 1:
                needed[value] = tuple(places)
        if not needed:
            return None
        everywhere = predicate(p.everywhere, as_of) if p.everywhere is not None else None
        drilled = _written_places((i for i, _ in aged), column)
        unnamed = frozenset(
            place
            for places in needed.values()
            for place in places
            if not any(_same_place(place, one) for one in drilled)
        )
        register = tuple(_written_places(own, column))
        return _Places(dict(sorted(written.items())), needed, column, everywhere, unnamed, register)

    def at(self, item: Item, place: str) -> bool:
        """Whether an item names `place`, or every place: as written, or more or less closely
        ("Bauhof Marchtrenk, Übungsschacht" is at the Bauhof; "Asphaltmischanlage" at the
        Mischanlage); or covers every place at once (a table-top exercise)."""
        named = _places_in(item.fields.get(self.column))
        return (
            named is None
            or any(_same_place(place, one) for one in named)
            or (self.everywhere is not None and self.everywhere(item))
            or (
                place in self.unnamed
                and bool(named)
                and not any(_same_place(one, known) for one in named for known in self.register)
            )
        )


def _transient(place: str) -> bool:
    """Whether a place names the changing sites of work ("Client sites", "Renovatieprojecten")."""
    return any(
        word in _TRANSIENT or any(word.endswith(t) and len(word) > len(t) for t in _TRANSIENT)
        for word in place.split()
    )


def _each_place(item: Item, column: str, period_column: str | None) -> bool:
    """Whether a row naming every place asks for each of them: "Both" of two, or a frequency
    per place ("annual per compound"). A scenario of "All sites" or "Alle sjølokaliteter" drilled
    yearly is drilled once a year, at one place or another, as an auditor samples it."""
    cell = fold(text_of(item.fields.get(column)))
    if cell and cell.split()[0] in _BOTH_PLACES:
        return True
    if period_column is None:
        return False
    return _PER_PLACE.search(fold(text_of(item.fields.get(period_column)))) is not None


def _written_places(items: Iterable[Item], column: str) -> dict[str, str]:
    """The places the items name: folded -> as first written."""
    written: dict[str, str] = {}
    for item in items:
        cell = item.fields.get(column)
        for place in _places_in(cell) or ():
            written.setdefault(place, place)
            for part in _PLACES_SPLIT.split(text_of(cell)):
                if fold(part) == place:
                    written[place] = part.strip()
    return written


def _same_place(a: str, b: str) -> bool:
    if a == b:
        return True
    words_a, words_b = set(a.split()), set(b.split())
    if words_a <= words_b or words_b <= words_a:
        return True
    # a compound naming the place as its last part ("Asphaltmischanlage", "Mischanlage")
    short, long = sorted((a, b), key=len)
    return " " not in short and len(short) >= MIN_COMPOUND_END and long.endswith(short)


MIN_COMPOUND_END = 6  # letters of a place's name that a compound must end in to name it


def _by_place(
    periods: dict[int | None, list[str]], places: _Places | None, required: dict[str, str]
) -> dict[tuple[int | None, str | None], list[str]]:
    """The required values (keys) by period and by the place they must be covered at (None:
    anywhere)."""
    out: dict[tuple[int | None, str | None], list[str]] = {}
    for period, keys in periods.items():
        for k in keys:
            for place in (places.needed.get(required[k], ()) if places else ()) or (None,):
                out.setdefault((period, place), []).append(k)
    return out


MAX_NAME_WORDS = 6  # the longest name looked for inside a longer one
# A word of a name, an identifier kept whole ("A.5.10", "7.1.1", "VMW-CL01" are one word each)
_TOKEN = re.compile(r"[^\W_]+(?:[./-][^\W_]+)*")
# A tool's label before a name ("App: TOPdesk", "Group: SG-Admins", "Resource: ERP")
_LABEL = re.compile(r"^\s*[^\W\d_]{1,12}:\s+")
# What a campaign over many systems starts with ("All Okta-assigned applications", "Alle
# Anwendungen", "Every SSO app")
_EVERY = frozenset({"all", "every", "alle", "sämtliche", "jede", "jedes", "tous", "toutes"})
# Between the names of a remark ("Interne VM's (GitLab, Wazuh, Zabbix)")
_REMARK_LIST = re.compile(r"[,;+/]| and | en | und ")
MIN_SHORT_NAME = 4  # letters a shortened name keeps at least
MIN_SHARED_WORDS = 2  # words two longer forms of one name share at their start at least


@lru_cache(maxsize=1 << 16)  # the required values of a register are looked at by many rules
def _forms(value: str, heads: bool = False) -> tuple[tuple[str, ...], ...]:
    """The ways `value` may name something, each as its words: the name before a remark in
    parentheses, without a tool's label, a leading "all" or a count, each name it gives as
    alternatives with " / ", and each name listed in the remark; with `heads`, a form led by a
    compound of words ("FortiGate-configuratie", "SharePoint-sites", never an identifier such as
    "EnPI-03") also as its first word alone."""
    text = _LABEL.sub("", value.casefold())
    main, _, remark = text.partition("(")
    forms = []
    # "Microsoft 365 / Entra ID": the whole, and each of the names it gives as alternatives
    alternatives = [a for a in main.split(" / ") if a.strip()] if " / " in main else []
    for part in (main, *alternatives, *_REMARK_LIST.split(remark.rstrip(") "))):
        words = _TOKEN.findall(part)
        while words and (words[0] in _EVERY or words[0].isdigit()):
            words = words[1:]
        if words:
            forms.append(tuple(words))
            parts = re.split(r"[./-]", words[0])
            if heads and len(parts) > 1 and all(part.isalpha() for part in parts):
                forms.append((parts[0],))
            if len(words) > 1 and is_identifier(words[0]):
                # "VR-01 latte lavorato" is VR-01, and latte lavorato
                forms.extend(((words[0],), tuple(words[1:])))
    return tuple(forms)


MIN_SHORTENED = 3  # letters a word shortened to its first letters keeps ("org" of "organisation")


@lru_cache(maxsize=1 << 16)
def _bag(value: str) -> tuple[str, ...]:
    """A name's words, whatever their order and its parentheses: two to `MAX_NAME_WORDS` of
    them, or none."""
    words = _TOKEN.findall(value.casefold())
    return tuple(sorted(words)) if 2 <= len(words) <= MAX_NAME_WORDS else ()


def _bag_key(bag: tuple[str, ...]) -> tuple[str, ...]:
    """What two bags that may be one name share: their words' first two letters."""
    return tuple(sorted(word[:2] for word in bag))


def _same_bag(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Whether two names have the same words, in any order, a word of one being a word of the
    other or its first letters ("org", "organisation")."""
    left = list(theirs)
    for word in ours:
        match = next(
            (
                other
                for other in left
                if other == word
                or (
                    min(len(word), len(other)) >= MIN_SHORTENED
                    and (other.startswith(word) or word.startswith(other))
                )
            ),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return not left


def _campaign(value: str) -> bool:
    """Whether a value names many things at once ("All Okta-assigned applications"), or says so
    in its remark ("Okta (all SSO applications)")."""
    folded = value.casefold()
    remark = folded.partition("(")[2]
    return any(_TOKEN.findall(text)[:1] in ([word] for word in _EVERY) for text in (folded, remark))


# A campaign over the applications that sign on through the identity provider ("all SSO
# applications"): it covers each system whose own row says it signs on so ("No SSO" does not)
_SINGLE_SIGN_ON = re.compile(
    r"(?<!\bno )(?<!\bnot )(?<!\bnon )(?<!\bwithout )(?:\bsso\b|\bsingle sign[- ]?on\b)"
)


def _long_enough(words: tuple[str, ...]) -> bool:
    return len(" ".join(words)) >= MIN_SHORT_NAME


@lru_cache(maxsize=1 << 16)  # rules over the same registers look at the same values
def _said(
    value: str,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], bool]:
    """What a written value says, for `_Written`: its runs of words, its forms (`_forms`, heads
    included), the first words of each form, and whether it is a campaign."""
    said = [
        one
        for token in _TOKEN.findall(reference_key(value.replace("(", " ").replace(")", " ")))
        for one in _joined_ids(token)
    ]
    runs = [
        " ".join(said[start:end])
        for start in range(len(said))
        for end in range(start + 1, min(start + MAX_NAME_WORDS, len(said)) + 1)
    ]
    forms = _forms(value, heads=True)
    starts = [
        form[:n]
        for form in forms
        for n in range(MIN_SHARED_WORDS, min(len(form), MAX_NAME_WORDS) + 1)
    ]
    return tuple(runs), tuple(forms), tuple(starts), _campaign(value)


def _joined_ids(token: str) -> list[str]:
    """A token of identifiers joined by "/" ("NS-06/NS-13": a drill of two scenarios) as each
    identifier; any other token as itself ("ITSM/CMDB", "1/2")."""
    if "/" not in token:
        return [token]
    parts = token.split("/")
    if all(is_identifier(part) and not part.isdigit() and "-" in part for part in parts):
        return parts
    return [token]


class _Written:
    """Whether the values written in a column name a required value otherwise than exactly:

    - as whole words inside a longer value ("App: TOPdesk" names TOPdesk, "Interne VM's (GitLab,
      Wazuh)" names Wazuh);
    - by the first words of its name or of its remark, as tools shorten names (an inventory's
      "TOPdesk SaaS (ITSM/CMDB)" or "Git-repositories (GitLab self-managed)" is a review's
      "App: TOPdesk" or "App: GitLab");
    - by a longer form sharing its first words with the required one, where no other required
      value starts with them ("All Microsoft 365 groups" and "Microsoft 365 tenant");
    - by a campaign over many ("All Okta-assigned applications"): it names what it mentions and
      every required value whose own record mentions that (each system signing on through Okta);
    - by the same words in another order, a word shortened to its first letters ("GitHub
      (ledgerline org)" names the "ledgerline GitHub organisation").
    """

    def __init__(
        self,
        written: set[str],
        required: Any,
        rows: dict[str, list[Item]] | None = None,
        known: list[str] | None = None,
    ) -> None:
        self._runs: set[str] = set()
        self._forms: set[tuple[str, ...]] = set()
        self._starts: set[tuple[str, ...]] = set()  # the first words (two or more) of each form
        campaigns: list[str] = []
        for value in written:
            runs, forms, starts, campaign = _said(value)
            self._runs.update(runs)
            self._forms.update(forms)
            self._starts.update(starts)
            if campaign:
                campaigns.append(value)
        # The words of each written name, whatever their order, by their first letters
        self._bags: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for value in written:
            if bag := _bag(value):
                self._bags.setdefault(_bag_key(bag), []).append(bag)
        # How many required values start with the same words: a shared start names one only.
        self._sharing: dict[tuple[str, ...], int] = {}
        for value in required:
            for form in _forms(value):
                for n in range(MIN_SHARED_WORDS, min(len(form), MAX_NAME_WORDS) + 1):
                    self._sharing[form[:n]] = self._sharing.get(form[:n], 0) + 1
        self._covered = self._campaigns(campaigns, list(required), rows or {}, known or [])

    def name(self, key: str, value: str | None = None) -> bool:
        if " ".join(_TOKEN.findall(key)) in self._runs or key in self._covered:
            return True
        if (bag := _bag(value if value is not None else key)) and any(
            _same_bag(bag, theirs) for theirs in self._bags.get(_bag_key(bag), ())
        ):
            return True
        for form in _forms(value if value is not None else key):
            for n in range(min(len(form), MAX_NAME_WORDS), 0, -1):
                start = form[:n]
                if start in self._forms and _long_enough(start):
                    return True
                if n >= MIN_SHARED_WORDS and start in self._starts and self._sharing[start] == 1:
                    return True
        return False

    def _campaigns(
        self,
        campaigns: list[str],
        required: list[str],
        rows: dict[str, list[Item]],
        known: list[str],
    ) -> set[str]:
        """The required values (reference keys) covered by a campaign: a campaign mentioning a
        name the other evidence type holds (required or not), as words or as the first part of a
        compound ("Okta-assigned"), covers every required value whose items mention that name as
        a word (the systems signing on through Okta)."""
        if not campaigns or not rows:
            return set()
        said = set()  # the campaigns' words and runs of words, compounds also in their parts
        heads = set()  # the first parts of their compounds ("entra" of "Entra-integrated")
        for campaign in campaigns:
            words: list[str] = []
            for word in _TOKEN.findall(campaign.casefold()):
                parts = [w for w in re.split(r"[./-]", word) if w != word and w]
                words.extend((word, *parts))
                heads.update(parts[:1])
            for start in range(len(words)):
                for end in range(start + 1, min(start + MAX_NAME_WORDS, len(words)) + 1):
                    said.add(" ".join(words[start:end]))
        names = list(
            dict.fromkeys(" ".join(_TOKEN.findall(v.casefold())) for v in (*required, *known))
        )
        mentioned = [name for name in names if name in said and _long_enough((name,))]
        # A compound led by the first word of one known name, and of no other, names it: the
        # applications "Entra-integrated" sign on through Entra ID
        firsts: dict[str, list[str]] = {}
        for name in names:
            firsts.setdefault(name.split(" ")[0], []).append(name)
        mentioned += [
            named[0]
            for head, named in firsts.items()
            if head in heads and len(named) == 1 and _long_enough((head,))
        ]
        signed_on = any(_SINGLE_SIGN_ON.search(c.casefold()) for c in campaigns)
        covered: set[str] = set()
        for value in required:
            cells = " ".join(
                word
                for item in rows.get(value, ())
                for cell in (*item.fields.values(), *(item.written or {}).values())
                for word in _TOKEN.findall(str(cell).casefold())
            )
            if any(f" {name} " in f" {cells} " for name in mentioned) or (
                signed_on
                and any(
                    _SINGLE_SIGN_ON.search(str(cell).casefold())
                    for item in rows.get(value, ())
                    for cell in item.fields.values()
                )
            ):
                covered.add(reference_key(value))
        return covered


# Linear on any cell: separators without surrounding spaces (parts are stripped after), and a
# range only parsed in a part short enough to be a clause range.
# A slash separates too ("8.7 / 45001: 8.1"), but not in Dutch "4 t/m 6" (a range).
_CLAUSE_SEPARATORS = re.compile(r"[,;|]|(?<!\bt)/|\band\b")
_RANGE_WORD = r"(?:-|–|—|〜|～|~|to|bis|t/m|tot|à|a|al)"
_CLAUSE_RANGE = re.compile(rf"^(.*?)(\d+) ?{_RANGE_WORD} ?(?:\1)?(\d+)$")
# A range from a subclause of one clause to one of a later clause: "4.1〜10.2", "4.1 to 10.3"
_ACROSS_CLAUSES = re.compile(rf"^(\d+)\.(\d+) ?{_RANGE_WORD} ?(\d+)\.(\d+)$")
MAX_SUBCLAUSES = 20  # subclauses a clause has at most, for a range that starts inside it
# A cell naming the whole standard rather than its clauses ("All clauses", "Both standards", "the
# full system", "alle Kapitel"): clauses 4 to 10, which cover every clause under them.
_WHOLE_STANDARD = re.compile(
    r"^(?:all|every|whole|entire|full|both|complete|alle|gesamte|todos|todas|tous|toutes|tutti)\b"
    r".{0,30}\b(?:clauses?|requirements?|standards?|system|norm|normen|kapitel|cláusulas|"
    r"requisitos|exigences|chapitres|requisiti)\b|^(?:full|whole|entire)(?: standard| system)?$",
    re.IGNORECASE,
)
WHOLE_STANDARD_CLAUSES = tuple(str(n) for n in range(4, 11))
_WHOLE_TO_SUB = re.compile(rf"^(\d+) ?{_RANGE_WORD} ?(\d+)\.(\d+)$")
MAX_CLAUSE_PART = 40


# A standard named in a cell of clauses ("27001 4-6; 50001 4-6.2", "ISO 9001:2015 7.5"): its
# number, of four or five digits, which is no year; the clauses after it are that standard's.
_STANDARD_NAMED = re.compile(
    # after "ISO", or standing alone: never a document's number ("WI-1234") or a year
    r"(?:\bISO(?:/IEC)?[ -]?|(?<![\w.-]))(?!(?:19|20)\d\d(?!\d))(\d{4,5})(?::(?:19|20)\d\d)?"
    r"(?![\d.])"
)
MAX_STANDARDS_CELL = 512  # characters of a cell searched for the standards it names
# What joins standards named together before their clauses: "/", "+", "&", "and", "ISO"
_STANDARDS_JOINED = re.compile(
    r"(?:\s*(?:[/+&,]|and|und|og|och|y|et|e|en|i|ja|ISO(?:/IEC)?)\s*)*", re.IGNORECASE
)


def _clause_list(values: list[str], standard: str = "") -> list[str]:
    """Clause numbers as people list them: "8.1, 8.5", "4.1–4.4" (4.1, 4.2, 4.3, 4.4),
    "clause 7.5" (7.5), "4-6.2" (4, 5, 6.1, 6.2). In a cell that names standards, the clauses
    after each are that standard's: those of `standard` ("iso27001-2022") and those before any
    standard is named are read, others not."""
    number = m.group() if (m := re.search(r"\d{4,5}", standard)) else ""
    return [clause for value in values for clause in _clauses_in(_of_standard(value, number))]


@lru_cache(maxsize=1 << 12)  # a programme names the same clauses row after row
def _names_standards(value: str) -> bool:
    """Whether a cell of clauses names a standard by its number."""
    return len(value) <= MAX_STANDARDS_CELL and _STANDARD_NAMED.search(value) is not None


@lru_cache(maxsize=1 << 12)
def _of_standard(value: str, number: str) -> str:
    """The parts of a cell of clauses that are the standard numbered `number`'s, or everyone's."""
    if not number or len(value) > MAX_STANDARDS_CELL:
        return value
    named = list(_STANDARD_NAMED.finditer(value))
    if not named:
        return value
    parts = [value[: named[0].start()]]
    joined = False  # the standard is one of a run named together, whose clauses follow the run
    for i, mention in enumerate(named):
        end = named[i + 1].start() if i + 1 < len(named) else len(value)
        after = value[mention.end() : end]
        if mention.group(1) == number or joined:
            if i + 1 < len(named) and _STANDARDS_JOINED.fullmatch(after):
                # "ISO 14001/45001/50001 4, 5, 10", "ISO 14001 / ISO 45001 6.1, 8": the clauses
                # after the last of the run are each one's
                joined = True
                continue
            parts.append(after)
            joined = False
    # "9001: 7.1, 8.7 / 45001: 8.1": the colon after a standard's number is no clause's
    return ";".join(part.strip(" ,;:") for part in parts if part.strip(" ,;:/|"))


@lru_cache(maxsize=1 << 14)  # an audit programme names the same clauses row after row
def _clauses_in(value: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in _CLAUSE_SEPARATORS.split(value):
        part = " ".join(part.split())
        if len(part) > MAX_CLAUSE_PART:
            out.append(part)
            continue
        part = re.sub(
            r"^(clauses?|kap(itel)?\.?|§|箇条) ?", "", part.strip(" :"), flags=re.IGNORECASE
        )
        if _WHOLE_STANDARD.match(part):
            out.extend(WHOLE_STANDARD_CLAUSES)
            continue
        # a remark closing the clauses ("4.1〜10.2 (ISMS要求事項全般)", "8.5.1 (on site)")
        part = without_remark(part)
        ranged = _CLAUSE_RANGE.match(part)
        to_sub = _WHOLE_TO_SUB.match(part)
        across = _ACROSS_CLAUSES.match(part)
        if ranged and int(ranged.group(3)) - int(ranged.group(2)) in range(1, 50):
            prefix, low, high = ranged.group(1), int(ranged.group(2)), int(ranged.group(3))
            out.extend(f"{prefix}{n}" for n in range(low, high + 1))
        elif to_sub and int(to_sub.group(2)) - int(to_sub.group(1)) in range(1, 50):
            # "4-6.2": clauses 4 and 5 whole, and 6 up to 6.2
            low, high, sub = (int(g) for g in to_sub.groups())
            out.extend(str(n) for n in range(low, high))
            out.extend(f"{high}.{n}" for n in range(1, min(sub, 50) + 1))
        elif across and int(across.group(3)) - int(across.group(1)) in range(1, 50):
            # "4.1〜10.2": 4.1 and the subclauses of 4 after it, clauses 5 to 9 whole, and 10
            # up to 10.2
            first, first_sub, last, last_sub = (int(g) for g in across.groups())
            out.extend(f"{first}.{n}" for n in range(first_sub, MAX_SUBCLAUSES + 1))
            out.extend(str(n) for n in range(first + 1, last))
            out.extend(f"{last}.{n}" for n in range(1, min(last_sub, 50) + 1))
        elif part:
            out.append(part)
    return tuple(out)


def _other_standards_clauses(p: CoversParams, item: Item, others: Sequence[str]) -> list[str]:
    """The clauses an item gives in the columns the profile maps for other standards than the
    one assessed (`others`, those fields; each read as that standard's where a cell names
    standards)."""
    clauses: list[str] = []
    for name in others:
        column, _, standard = name.partition(FOR_OTHER_STANDARD)
        if column == p.column:
            values = values_of(item, name, p.separator)
            named = standard if any(map(_names_standards, values)) else ""
            clauses.extend(_clause_list(values, named))
    return clauses


def _clause_cover(
    found: set[str], pack_clauses: list[str], general: set[str] | frozenset[str] = frozenset()
) -> Callable[[str], bool]:
    """Whether a clause is covered by the clauses found: itself, a clause above it (an audit of 7
    covers 7.1), or every subclause the pack lists right under it (7.1.1 to 7.1.6 cover 7.1), a
    subclause that opens it in general terms aside where the others are (7.1.2 to 7.1.6 audit
    7.1, and so its general part)."""
    memo: dict[str, bool] = {}

    def covered(clause: str) -> bool:
        if clause not in memo:
            memo[clause] = False  # no clause is its own subclause; guards a cycle all the same
            parts = clause.split(".")
            above = any(".".join(parts[:n]) in found for n in range(1, len(parts)))
            children = [c for c in pack_clauses if c.rsplit(".", 1)[0] == clause]
            specific = [c for c in children if c not in general] or children
            # a clause the pack does not divide, numbered finer by the organization (9.2.1 and
            # 9.2.2 of ISO 50001's 9.2): a part of it found is it audited
            finer = not children and any(f.startswith(clause + ".") for f in found)
            memo[clause] = (
                clause in found
                or above
                or finer
                or (bool(children) and all(map(covered, specific)))
            )
        return memo[clause]

    return covered


# --- references ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReferencesParams(EveryItem):
    """Every value in `column` appears in the target's column; an empty cell is a reference that
    names nothing."""

    column: Annotated[str, Doc("the column (or field) holding the references")]
    separator: Separator = None
    to: Annotated[Target, Doc("the column the references must name a value of")]
    or_to: Annotated[
        list[Target] | None,
        MinItems(1),
        Doc(
            "other columns a reference may name a value of instead (an aspect arising in an "
            "emergency is addressed by a control or by its emergency scenario)"
        ),
    ] = None
    any_listed: Annotated[
        bool,
        Doc(
            "a cell listing several references holds when one of them names a value of the "
            "target (an aspect's controls list its operational controls and its emergency "
            "scenario): the others may name records elsewhere"
        ),
    ] = False
    other_numbering: Annotated[
        bool,
        Doc(
            'an identifier in another numbering than every one of the target\'s ("A-03" where '
            "the target's run JHA-001 to JHA-040) names a record of another register, not a "
            'missing one: for a column an integrated log fills from several registers ("JHA / '
            'Aspect Ref")'
        ),
    ] = False
    rows_not_counted: Annotated[
        list[str] | None,
        MinItems(1),
        Doc(
            "where the field is a section holding a table, a row per item (a report's findings), "
            "the rows one of whose short cells says one of these phrases or topics are left out "
            "(observations and opportunities for improvement beside the nonconformities)"
        ),
    ] = None
    words_describe: Annotated[
        bool,
        Doc(
            'a value in words alone, naming no identifier ("mantenimiento de quemadores", '
            '"bunded store"), describes the thing in place rather than naming one of the '
            "target's: a control written against the aspect beside the ids of registered ones; "
            "a value with an identifier in it must still name one"
        ),
    ] = False
    words_beside: Annotated[
        bool,
        Doc(
            'a value in words alone beside one that names the target ("EA-07; purchasing of '
            'motors, pumps, lamps") says where or to what the named one applies; a value in '
            "words alone with none named beside it must still name one"
        ),
    ] = False
    answered: Annotated[
        bool,
        Doc(
            "the column answers whether there is anything to name (an incident register's "
            '"Evaluierung angepasst": "ja (EVAL-04)" or "nein"): a no names nothing and holds; '
            "elsewhere a no is a value that names nothing of the target"
        ),
    ] = False
    by_subject: Annotated[
        bool,
        Doc(
            "a value may name the target by what it measures, the words of measuring aside "
            '(an operational control\'s indicator "TSP monitoring" names the result "1-hr TSP '
            'at school boundary"), where the target names indicators'
        ),
    ] = False
    or_says: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc(
            "phrases or topics: a cell that says one of them holds without naming anything (an "
            "emergency aspect's controls saying its response in words: 'spill kits', the "
            "emergency plan), where others name the target by its identifier"
        ),
    ] = None
    only_if_in: Annotated[
        Target | None,
        Doc(
            "a wider column: a reference naming nothing in it is kept elsewhere and not judged "
            "(a process indicator the monitoring results do not track, measured in a register "
            "of its own); one naming something there must name the target"
        ),
    ] = None
    only_if_named: Annotated[
        NamedBy | None,
        Doc(
            "only the items whose `by` column names a value of this column of another evidence "
            "type are judged: the people whose role the competence matrix requires something "
            "of (a role it lists as needing none of its competences needs no record of them; a "
            "role it does not list is another check's finding)"
        ),
    ] = None
    titles: Annotated[
        Titles | None,
        Doc(
            "the column may name job titles where people are expected (an SEU's people of "
            'influence "Einrichter, Schichtleiter, Maschinenbediener", "Critical facilities '
            'engineers", "garo katilų operatoriai"), in the singular or the plural: each title '
            "stands for everyone the register gives it, and each of them must name a value of the "
            "target; a title nobody holds names nothing"
        ),
    ] = None
    beyond_range: Annotated[
        bool,
        Doc(
            "a reference numbered in the target's own numbering but before its first number or "
            "after its last (CC26-00157 where the register runs from CC26-00274 to CC26-00561) "
            "names a record of a period the register does not cover, an export of one period's "
            "reviews: not judged here, the auditor samples it where it is kept"
        ),
    ] = False
    or_named_in: Annotated[
        list[str] | None,
        MinItems(1),
        Doc(
            "other fields of the item that may name the target where the column's value names "
            "nothing: an identifier of the target in one of them holds (an after-sales remake "
            "whose order column holds its after-sales number names the original order in its "
            'description, "Refabrication SAV (réf. CC26-00157)")'
        ),
    ] = None
    standards: Annotated[
        bool,
        Doc(
            "the references name standards, as a log of certification findings writes them "
            '("ISO 45001:2018", "ISO 45001 6.1.3", "ISO 14001 9.3; ISO 45001 9.3"): a cell names '
            "each standard whose number it gives, whatever edition or clause follows it"
        ),
    ] = False


# An acronym a register gives after a name, in parentheses: "(MITECO)", "(AEAT)", "(EPA)".
_ACRONYM = re.compile(r"\(([A-ZÄÖÜÑ][A-ZÄÖÜÑ0-9&]{2,11})\)\s*$")
_ALTERNATIVES = re.compile(r"\s+/\s+")


def _names_of(value: str) -> set[str]:
    """What a value of a register answers to when another register names it: itself, the acronym
    it gives in parentheses ("Ministerio para la Transición Ecológica (MITECO)" is MITECO), and
    each of the names it gives as alternatives ("ANAIP / PlasticsEurope" is ANAIP)."""
    names = {reference_key(value)}
    acronym = _ACRONYM.search(value)
    if acronym:
        names.add(reference_key(acronym.group(1)))
    parts = _ALTERNATIVES.split(value.strip())
    if len(parts) > 1 and all(parts):
        names.update(reference_key(part) for part in parts)
    return names


# Between the references of a list written in one cell ("AB-05, AB-06", "Sam Lee; Ann Roe",
# "Ann Roe and Bo Li", "Site Manager or Foreman"): tried only when the whole cell names nothing,
# so "Müller, Thomas" is still one name where the register knows it that way. Never inside a
# remark in parentheses: "Tom Roe (investigations, PR-13)" is one name.
_LIST = re.compile(r"[,;\n]| / | and | und | & | or | oder ")
# The same, with "and" in the other languages registers are kept in, for a list whose every
# part must name a value
# The words that join the parts of a list of names ("Ann Roe and Cid")
_JOINING = frozenset({"and", "und", "&", "or", "oder", "en", "et", "og", "y", "e", "i", "ou", "o"})
_EACH = re.compile(r"[,;\n]| / |" + "|".join(f" {re.escape(w)} " for w in sorted(_JOINING)))


def split_list(text: str, between: re.Pattern[str] = _LIST) -> list[str]:
    """The parts of a list written in one cell, split where `between` matches outside
    parentheses."""
    return split_outside(text, between)


# An instance's code after a role or name ("Project Manager P-2231", "Site Manager S2"): the
# role "Project Manager" names each of them, as "Thomas Müller (Geschäftsführer)" names Thomas
# Müller.
INSTANCE_CODE = re.compile(r"^[^\W\d_]{1,4}-?\d[\w-]*$")
_NAME_PARTS = re.compile(r"[^\W\d_]+")
_INITIALS = re.compile(r"^[A-ZÄÖÜ]{2,4}$")
MAX_INITIALS = 4
MIN_ABBREVIATION = 3  # letters a shortened word keeps at least ("cert", "mgmt" is none)
MIN_SUBSET_WORDS = 3  # words of a name found among a longer one's in another order
MAX_SURNAME_FIRST_WORDS = 4  # words of a full name written surname first ("Njoroge Peter Kamau")


class _Subjects:
    """The indicators of a target's column, each by the words of what it measures."""

    def __init__(self, values: Iterable[str]) -> None:
        self.of = [
            said for v in sorted(set(values))[:MAX_ABBREVIATED_NAMES] if (said := subject_words(v))
        ]
        self._named: dict[str, bool] = {}

    def named(self, value: str) -> bool:
        """Whether `value` names an indicator by what it measures, as a control's register
        writes it ("TSP monitoring", "Noise monitoring results; complaints", "MWh / mil. Kč"):
        the words of its subject all in one indicator's name ("1-hr TSP at school boundary",
        "Noise complaints (justified)", "Spotřeba elektřiny (MWh / mil. Kč tržeb)"); of three
        words or more, all but one (a period: "t emulze / rok")."""
        found = self._named.get(value)
        if found is None:
            said = subject_words(value)
            found = any(mentions_subject(said, there) for there in self.of)
            self._named[value] = found
        return found


def _target_subjects(ctx: CheckContext, target: Target, result: CheckResult) -> _Subjects:
    """The indicators of a target's column by their subjects (`_Subjects`), built once."""
    items, target_result = ctx.items(target.evidence, target.where)
    result.extend(target_result)
    return ctx.kept(
        target.evidence,
        target.where,
        ("subjects", target.column, target.separator),
        lambda: _Subjects(
            v for item in items for v in values_of(item, target.column, target.separator)
        ),
    )


MAX_ITEM_SHOWN = 100  # characters of a list item a finding quotes
MAX_ABBREVIATED_NAMES = 5000  # names a short form is looked for among; beyond, exact names only
MAX_LOCATOR_WORDS = 6  # words a reference may stand before its locator ("VA-03 Kap. 8")
# What a locator within a document or record starts with: a number, a section sign, or a word
# for a part of it, in English or German ("section 4", "Kap. 8", "Abschnitt 2.1", "rev. 3").
_LOCATOR = re.compile(
    r"^(?:[§#(\d]|(?:sections?|sect|sec|chapters?|chap|ch|kapitel|kap|abschnitt|abs|clauses?|"
    r"cl|paragraphs?|para|part|teil|annex|anhang|appendix|anlage|pages?|p|pp|seite|s|revision|"
    r"rev|version|v|steps?|schritt|items?|nr|no|tables?|tabelle|ziffer|punkt|pkt)\b)"
)


class _Words:
    """Names as a tree of their words: which names a run of words starts, word by word ("cert
    errors" starts "certificate errors per 1000 certs"), found by bisection among each word's
    followers rather than by trying every name."""

    def __init__(self) -> None:
        self.below = 0  # names through this node
        self.next: dict[str, _Words] = {}
        self._sorted: list[str] | None = None

    def add(self, words: list[str]) -> None:
        node = self
        node.below += 1
        for word in words:
            node._sorted = None
            node = node.next.setdefault(word, _Words())
            node.below += 1

    def starting(self, short: list[str], enough: int) -> int:
        """How many names have words that `short`'s words start, in turn; counting stops at
        `enough`."""
        if not short:
            return self.below
        if self._sorted is None:
            self._sorted = sorted(self.next)
        first, rest = short[0], short[1:]
        found = 0
        at = bisect.bisect_left(self._sorted, first)
        while at < len(self._sorted) and self._sorted[at].startswith(first) and found < enough:
            found += self.next[self._sorted[at]].starting(rest, enough - found)
            at += 1
        return min(found, enough)


_PEOPLE_LIST = re.compile(r"[;\n]| / ")


class _ShortNames:
    """People's names as registers write them short, with the first given name only ("Johannes
    Tau", "Pieter van der Merwe"), for the full names a payroll export writes with every given
    name ("Johannes Thabo Tau", "Pieter Johannes van der Merwe"), or surname first with every
    given name after it ("NJOROGE PETER KAMAU", as East African and many Asian payrolls write
    Peter Njoroge)."""

    def __init__(self, keys: Iterable[str]) -> None:
        # (first word, last word) -> the names (as their words) of two words or more
        self._by_ends: dict[tuple[str, str], list[list[str]]] = {}
        self._full: list[list[str]] = []  # the names of four words or more, for `among`
        self._by_word: dict[str, list[list[str]]] | None = None
        # (first word, second word) -> the names of three or four words, for `surname_first`
        self._by_head: dict[tuple[str, str], list[list[str]]] = {}
        for key in keys:
            words = _NAME_PARTS.findall(key)
            if MIN_WITHIN_WORDS <= len(words) <= MAX_LOCATOR_WORDS and words == key.split():
                self._by_ends.setdefault((words[0], words[-1]), []).append(words)
                if len(words) > MIN_SUBSET_WORDS:
                    self._full.append(words)
                if MIN_SUBSET_WORDS <= len(words) <= MAX_SURNAME_FIRST_WORDS:
                    self._by_head.setdefault((words[0], words[1]), []).append(words)

    def name(self, key: str) -> bool:
        """Whether `key`, a full name of three words or more, is one of the names written short,
        and one only: its first word, then its last words, the given names between left out."""
        return self.short_of(key) is not None

    def among(self, key: str) -> bool:
        """Whether `key`, a name of three words or more, is one full name written short in
        another order, and one only: a payroll's "Hernandez Salgado Luis Fernando" (surnames
        first, every given name) of "Luis Hernández Salgado", every word of it among the full
        name's, one given name left out."""
        parts = _NAME_PARTS.findall(key)
        if not MIN_SUBSET_WORDS <= len(parts) < MAX_LOCATOR_WORDS or parts != key.split():
            return False
        if self._by_word is None:
            self._by_word = {}
            for full in self._full:
                for word in set(full):
                    self._by_word.setdefault(word, []).append(full)
        wanted = set(parts)
        found = {
            " ".join(full)
            for full in self._by_word.get(parts[-1], ())
            if len(full) > len(parts) and wanted <= set(full)
        }
        return len(found) == 1

    def short_of(self, key: str) -> str | None:
        """The one name written short that `key` is (`name`), or None: its first word, then its
        last words; or, for a name of three or four words written surname first, its second word
        (the first given name), then its first ("Peter Njoroge" of "Njoroge Peter Kamau")."""
        parts = _NAME_PARTS.findall(key)
        if not MIN_WITHIN_WORDS < len(parts) <= MAX_LOCATOR_WORDS or parts != key.split():
            return None
        found = [
            short
            for short in self._by_ends.get((parts[0], parts[-1]), ())
            if len(short) < len(parts) and parts[len(parts) - len(short) + 1 :] == short[1:]
        ]
        if len(parts) <= MAX_SURNAME_FIRST_WORDS:
            found += [
                short
                for short in self._by_ends.get((parts[1], parts[0]), ())
                if len(short) == MIN_WITHIN_WORDS
            ]
        return " ".join(found[0]) if len(found) == 1 else None

    def surname_first(self, key: str) -> bool:
        """Whether `key`, a name of two words (a given name, then the surname), is one name, and
        one only, that a payroll writes surname first with every given name after it: "Peter
        Njoroge" of "Njoroge Peter Kamau"."""
        parts = _NAME_PARTS.findall(key)
        if len(parts) != MIN_WITHIN_WORDS or parts != key.split():
            return False
        return len(self._by_head.get((parts[1], parts[0]), ())) == 1


MAX_ROLE_AFTER_NAME = 4  # words of a role written after a name with no mark between them
# A role in a script written without spaces between its words (Thai, Chinese, Japanese)
_SPACELESS_ROLE = re.compile(r"[\u0e01-\u0e5b\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


MAX_KIND_LETTERS = 12  # letters of a word naming the kind of a record before its number
_YEAR = re.compile(r"(?:19|20)\d\d")


MAX_KIND_WORDS = 2  # words naming the kind of record before its identifier ("aspecto AA-38")


class _Known:
    """The values a reference may name, and how a cell is found among them: whole, as a list of
    references, or as a reference followed by a locator within it ("VA-03 Kap. 8" names VA-03,
    "ISMS-POL-02 section 4" names ISMS-POL-02)."""

    def __init__(self, keys: set[str], led: bool = False) -> None:
        # A cell of the other register that lists identifiers where the pack expects one a cell
        # ("AA-22, AA-24", written with commas where ";" delimits the CSV) names each of them;
        # a list of words ("Müller, Thomas") stays whole.
        listed = {
            part
            for key in keys
            if len(parts := [p.strip() for p in _LIST.split(key) if p.strip()]) > 1
            and all(any(c.isdigit() for c in p) for p in parts)
            for part in parts
        }
        # and the identifier a cell or a listed part names after the kind of record it is
        # ("aspecto AA-38"; "IPER AL-04; aspectos AA-09, AA-32": the hazard AL-04 and the
        # aspects AA-09 and AA-32)
        listed |= {
            said[-1]
            for part in (*keys, *listed)
            if 1 < len(said := part.split()) <= MAX_KIND_WORDS + 1
            and _ID_SHAPED.match(said[-1])
            and all(word.isalpha() for word in said[:-1])
        }
        # A cell naming several people with ";" between them ("Ruud Hendriks; Dennis Kok", a
        # role four project leaders hold) names each: no one name holds a ";".
        listed |= {
            part
            for key in keys
            if len(parts := [p.strip() for p in _PEOPLE_LIST.split(key) if p.strip()]) > 1
            for part in parts
        }
        # With `led`, a value led by its identifier ("KPI-02 Berettigede reklamationer") answers
        # to it: an indicator named by its number
        heads = {
            head
            for key in (keys if led else ())
            if " " in key and _ID_SHAPED.match(head := key.split(" ", 1)[0].rstrip(",:;"))
        }
        self.keys = keys | listed | heads
        self.reordered = {o for key in self.keys if (o := either_order(key)) is not None}
        # the names' words as a tree, for abbreviations: a short form is looked for along the
        # branches its words can start, not among all names
        self._words: _Words | None = None
        self._words_of: dict[str, list[list[str]]] | None = None  # for _within
        self._short_names: _ShortNames | None = None  # for _given_names_dropped
        self._starts: dict[tuple[str, str], list[list[str]]] | None = None  # for _part_of
        self._leading: set[str] | None = None  # for _leading_ids
        self._numbers: set[str] | None = None  # for numbers
        self._ranges: dict[str, tuple[int, int]] | None = None  # for beyond
        self._named: dict[str, bool] = {}  # a value -> whether it names a known one
        self._parts: set[str] | None = None  # for _id_parts
        self._holding: dict[str, set[str]] | None = None  # for _words_name_one
        # Shop-floor records sign with initials ("AK" for Andreas Klein, "SMK" for Sabine
        # Müller-Kern): initials name a person when exactly one name known has them.
        by_initials: dict[str, set[str]] = {}
        for key in keys:
            parts = _NAME_PARTS.findall(key)
            if 2 <= len(parts) <= MAX_INITIALS and all(p.isalpha() for p in parts):
                by_initials.setdefault("".join(p[0] for p in parts), set()).add(key)
        self.initials = {i: next(iter(k)) for i, k in by_initials.items() if len(k) == 1}
        # "J. Smith" and "Smith J." for Jane Smith: a first initial and a surname, where one
        # name known has them
        by_short: dict[tuple[str, str], set[str]] = {}
        for key in keys:
            parts = key.split()
            if 2 <= len(parts) <= MAX_INITIALS and all(PERSON_NAME.match(p) for p in parts):
                by_short.setdefault((parts[0][0], parts[-1]), set()).add(key)
        self.short = {s: next(iter(k)) for s, k in by_short.items() if len(k) == 1}
        # A login or address of the first initial and the surname run together, as directories
        # make them: "squinn@" for Stella Quinn, where one name known gives it
        by_login: dict[str, set[str]] = {}
        for (initial, surname), names in by_short.items():
            by_login.setdefault(initial + _JOINERS.sub("", surname), set()).update(names)
        self.logins = {run for run, k in by_login.items() if len(k) == 1}
        # A name as its letters run, without the spaces, hyphens and apostrophes between its
        # parts: "Eun-ji Park" is eunji.park@ of the device export, "O'Brien" obrien
        by_letters: dict[str, set[str]] = {}
        for key in keys:
            if _NAME_LETTERS.fullmatch(key):
                by_letters.setdefault(_JOINERS.sub("", key), set()).add(key)
        self.letters = {run for run, k in by_letters.items() if len(k) == 1}
        self.instances = {
            head
            for key in keys
            for head, _, code in [key.rpartition(" ")]
            if head and INSTANCE_CODE.match(code)
        }
        # The letters the register's identifiers start with ("jha" of JHA-001), where its values
        # are such identifiers, but for a few named by letters alone (a plan "SPCC-DAY" among
        # the procedures QP-01 to QP-17)
        matched = [m.group(1) for key in keys if (m := _IDENTIFIER.match(key))]
        self.families = (
            set(matched) if keys and len(matched) >= MOST_IDENTIFIERS * len(keys) else set()
        )

    def beyond(self, value: str) -> bool:
        """Whether `value` is numbered in one of the known values' numberings but before its
        first number or after its last ("CC26-00157" where they run from CC26-00274 to
        CC26-00561): a record of a period they do not cover. A numbering is a prefix that at
        least MIN_NUMBERED of the values share before their serial number."""
        if self._ranges is None:
            serials: dict[str, list[int]] = {}
            for key in self.keys:
                if (found := _SERIAL.fullmatch(key)) is not None:
                    serials.setdefault(found.group(1), []).append(int(found.group(2)))
            self._ranges = {
                prefix: (min(numbers), max(numbers))
                for prefix, numbers in serials.items()
                if len(numbers) >= MIN_NUMBERED
            }
        found = _SERIAL.fullmatch(reference_key(value))
        if found is None or (span := self._ranges.get(found.group(1))) is None:
            return False
        return not span[0] <= int(found.group(2)) <= span[1]

    def _id_parts(self) -> set[str]:
        """The letter parts of the identifiers known ("sop" of "enms-sop-04"), but the first."""
        if self._parts is None:
            self._parts = {
                part
                for key in self.keys
                if _ID_SHAPED.match(key)
                for part in re.split(r"[-./]", key)[1:]
                if part.isalpha()
            }
        return self._parts

    def of_another_register(self, value: str) -> bool:
        """Whether `value` is an identifier in another register's numbering than every one of
        this register's ("A-03", an environmental aspect, where hazards are JHA-001 to JHA-040):
        it names a record of that register, not a missing one of this."""
        key = reference_key(value)
        found = _IDENTIFIER.match(key) or _ALL_OF.match(key)
        return bool(self.families) and found is not None and found.group(1) not in self.families

    def names(self, value: str) -> bool:
        named = self._named.get(value)
        if named is None:
            text = value.strip()
            named = bool(
                (_INITIALS.match(text) and text.casefold() in self.initials)
                or self._one(value)
                or self._each(value)
            )
            self._named[value] = named
        return named

    def _one(self, value: str) -> bool:
        key = reference_key(value)
        if key in self.keys or key in self.instances:
            return True
        if key.isalpha() and (key + "s" in self.keys or key.removesuffix("s") in self.keys):
            return True  # "Customer (Northfield)" of "Customers", one word either way
        if (every := _ALL_OF.match(key)) is not None and every.group(1) in self.families:
            return True  # "EAI-all": every record of the register numbered EAI-01, EAI-02 ...
        if _KIND_PLURAL.match(value.strip()) and key.removesuffix("s") in self._id_parts():
            return True  # "SOPs": the documents numbered EnMS-SOP-01, EnMS-SOP-04 ...
        head = key.split(" ", 1)[0].rstrip(",:;")
        if head != key and is_identifier(head) and head in self.keys:
            return True  # "NC-2026-27/02 closed 30/06/2026": the identifier, then a remark
        kind, _, number = key.rpartition(" ")
        if (
            kind.isalpha()
            and len(kind) <= MAX_KIND_LETTERS
            and number in self.keys
            and any(c.isdigit() for c in number)
            and not _YEAR.fullmatch(number)
        ):
            return True  # "Meldung 300004512", "Ticket 4711": the kind of record, its number
        if is_identifier(key) and key in self._leading_ids():
            return True  # "EVAL-04", the assessment whose rows are EVAL-04-01, EVAL-04-02 ...
        if self.short and _initial_and_surname(key) in self.short:
            return True
        if key in self.logins and ("@" in value or value.strip().islower()):
            return True  # "squinn@example.com", "squinn": an address or a login, not a word
        if self.letters and _NAME_LETTERS.fullmatch(key) and _JOINERS.sub("", key) in self.letters:
            return True
        if (value.count(",") == 1 and (head := value.split(",")[0].strip())) or (
            len(dashed := _NAME_THEN_ROLE.split(value, maxsplit=2)) == 2 and (head := dashed[0])
        ):
            # "Declan Brennan, Managing Director", "Mehmet Ali Karaca - Genel Müdür": a name and
            # the role after it
            name = reference_key(head)
            if name in self.keys or (
                (reordered := either_order(name)) is not None and reordered in self.reordered
            ):
                return True
        if (reordered := either_order(key)) is not None and reordered in self.reordered:
            return True
        cut = key.split()
        if any(
            " ".join(cut[:n]) in self.keys and _SPACELESS_ROLE.fullmatch("".join(cut[n:]))
            for n in range(max(2, len(cut) - MAX_ROLE_AFTER_NAME), min(len(cut), 4))
        ):
            # "วิชัย ศรีสมบูรณ์ กรรมการผู้จัดการ": a name of two or three words, then the role
            # with no mark between them, as Thai (and Chinese or Japanese) writes it; in other
            # scripts the words after a name may be another name ("Ann Roe and Cid")
            return True
        if self._abbreviates(key) or self._within(key) or self._part_of(key):
            return True
        if self._given_names_dropped(key):
            return True
        if " / " in value and all(self._one(part) for part in value.split(" / ") if part.strip()):
            return True  # "Ohio EPA DMWM / US EPA": each of the bodies named
        if self._ids_among_words(key):
            return True
        if head != key and is_identifier(head) and self._words_name_one(key[len(head) :].strip()):
            return True  # "J-2611 Cherrywood D": an internal job number, then the project's name
        cut = key.split(" ", MAX_LOCATOR_WORDS)
        return any(
            " ".join(cut[:n]).rstrip(",:;") in self.keys and _LOCATOR.match(cut[n])
            for n in range(len(cut) - 1, 0, -1)
        )

    def _words_name_one(self, words: str) -> bool:
        """Whether words name one name known, and only one: held in its order with a word or
        two more (`_within`), as the start or a unit of it (`_part_of`), or, a single word, as
        a word of one name known ("Naas" of "Naas housing scheme", "N7" of "N7 junction
        upgrade")."""
        if not words or words.isdigit():
            return False
        if words in self.keys:
            return True  # "J-2627 Carrigtwohill network": the name itself
        if " " in words:
            return self._within(words) or self._part_of(words)
        if len(words) < MIN_FIRST_WORD and not (words.isalnum() and not words.isalpha()):
            return False  # a short word names nothing, but "N7" (a road) may
        if self._holding is None:
            # each word -> the names of two words or more holding it (built once, bounded)
            self._holding = {}
            for k in sorted(self.keys)[:MAX_ABBREVIATED_NAMES]:
                if " " in k:
                    for word in set(k.split()):
                        self._holding.setdefault(word, set()).add(k)
        return len(self._holding.get(words, ())) == 1

    def _ids_among_words(self, key: str) -> bool:
        """Whether `key` is words around identifiers, each of them known: a remark with the
        record it names ("Messung beauftragt (Termin 02.12.2026), KM-26-19")."""
        said = key.split()[:MAX_WORDS_LOOKED_AT]
        ids = [w for w in (word.strip(",:;.()") for word in said) if _ID_SHAPED.match(w)]
        return bool(ids) and len(ids) < len(said) and all(i in self.keys for i in ids)

    def _abbreviates(self, key: str) -> bool:
        """Whether `key` is a known name written short, each word the start of the name's word in
        turn ("cert errors" for "certificate errors per 1000 certs"), and of one name only."""
        short = key.split()
        if not 2 <= len(short) <= MAX_LOCATOR_WORDS or any(
            len(w) < MIN_ABBREVIATION for w in short
        ):
            return False
        if self._words is None:
            self._words = _Words()
            for k in sorted(self.keys)[:MAX_ABBREVIATED_NAMES]:
                self._words.add(k.split()[:MAX_LOCATOR_WORDS])
        return self._words.starting(short, 2) == 1

    def _within(self, key: str) -> bool:
        """Whether `key` is a name of words that one name known, and only one, holds in the same
        order with a word or two more between or around them: "Transport Manager" for the
        "Transport & Dispatch Manager" of the staff register, "John Smith" for "John Paul
        Smith". Words only (no identifier is matched so), two at least."""
        short = _NAME_PARTS.findall(key)
        if not MIN_WITHIN_WORDS <= len(short) <= MAX_LOCATOR_WORDS or short != key.split():
            return False
        if self._words_of is None:
            # each word -> the names (as their words) that hold it: a name is looked for among
            # those holding its first word, not among all
            self._words_of = {}
            for k in sorted(self.keys)[:MAX_ABBREVIATED_NAMES]:
                parts = _NAME_PARTS.findall(k)
                if len(parts) <= MAX_LOCATOR_WORDS + MAX_WITHIN_EXTRA and not any(
                    c.isdigit() for c in k
                ):
                    for word in dict.fromkeys(parts):
                        self._words_of.setdefault(word, []).append(parts)
        found = 0
        for parts in self._words_of.get(short[0], ()):
            if len(short) < len(parts) <= len(short) + MAX_WITHIN_EXTRA and _in_order(short, parts):
                found += 1
                if found > 1:
                    return False
        return found == 1

    def _given_names_dropped(self, key: str) -> bool:
        if self._short_names is None:
            self._short_names = _ShortNames(sorted(self.keys)[:MAX_ABBREVIATED_NAMES])
        return (
            self._short_names.name(key)
            or self._short_names.among(key)
            or self._short_names.surname_first(key)
        )

    def numbers(self) -> set[str]:
        """The standards' numbers the values known name ("45001" of "iso45001-2018")."""
        if self._numbers is None:
            self._numbers = {n for key in self.keys for n in _NUMBER_NOT_YEAR.findall(key)}
        return self._numbers

    def _leading_ids(self) -> set[str]:
        """The leading parts of the identifiers known, where one names a record of several rows
        ("eval-4" of "eval-4-1" and "eval-4-2"): each part up to a "-" that leaves an
        identifier, named by two rows at least."""
        if self._leading is None:
            counts: dict[str, int] = {}
            for k in sorted(self.keys)[:MAX_ABBREVIATED_NAMES]:
                if " " in k or not is_identifier(k):
                    continue
                cuts = [i for i, c in enumerate(k) if c == "-"]
                for i in cuts[1:]:  # "eval-4" of "eval-4-1"; never the letters alone
                    if is_identifier(k[:i]):
                        counts[k[:i]] = counts.get(k[:i], 0) + 1
            self._leading = {part for part, n in counts.items() if n >= 2}
        return self._leading

    def _part_of(self, key: str) -> bool:
        """Whether `key` names a body known by a name of two words or more as a unit of it,
        that name followed by a few words ("Ohio EPA Division of Surface Water" of "Ohio EPA"),
        or as the start of one known name only ("US EPA" of "US EPA Region 5"). Words only
        in `key`, two at least."""
        short = _body_words(key)  # "U.S. EPA" is US EPA
        if not MIN_WITHIN_WORDS <= len(short) <= MAX_LOCATOR_WORDS + MAX_UNIT_WORDS or any(
            not w.isalpha() for w in short
        ):
            return False
        if self._starts is None:
            self._starts = {}
            for k in sorted(self.keys)[:MAX_ABBREVIATED_NAMES]:
                parts = _body_words(k)
                # a name of its own: not one listing others ("A / B", "A (B, C)")
                if len(parts) >= MIN_WITHIN_WORDS and not any(c in k for c in "/()"):
                    self._starts.setdefault((parts[0], parts[1]), []).append(parts)
        found = self._starts.get((short[0], short[1]), ())
        if any(
            len(parts) < len(short) <= len(parts) + MAX_UNIT_WORDS
            and short[: len(parts)] == parts
            and not _JOINING.intersection(short[len(parts) :])  # "Ann Roe and Cid": two
            for parts in found
        ):
            return True  # a unit of a body known
        starting = {tuple(p) for p in found if len(short) < len(p) and p[: len(short)] == short}
        return len(starting) == 1  # the start of one name known

    def _each(self, value: str) -> bool:
        # each of a list, its last item after "and" in the register's language ("Dennis Kok en
        # Lotte de Graaf"): every part must name a value, so a title with the word in it
        # ("Formación en seguridad") does not split into names
        parts = [part for part in split_list(value, _EACH) if part.strip()]
        return len(parts) > 1 and all(self._one(part) for part in parts)


# Between a name and the role after it: a dash set apart by spaces ("Ayşe Kaya - Kalite Müdürü")
_NAME_THEN_ROLE = re.compile(r"\s+[-–—]\s+")


# An identifier: letters, then a number ("jha-001", "a-03", "nc 12", "ev-2026-0011")
# A register's identifier and the letters of its numbering: "jha" of JHA-001, "hb-aa" of
# HB-AA-07 (a family of documents: the work instructions of the handbook)
MOST_IDENTIFIERS = 0.8  # the share of a register's values that are identifiers, for its numbering
# Every record of a register, by the letters of its numbering: "RA-all", "EAI all"
_ALL_OF = re.compile(r"^([^\W\d_]{1,6})[-_ ./](?:all|alle|tous|todos|tutti|wszystkie)$")
_IDENTIFIER = re.compile(r"^([^\W\d_]{1,6}(?:[-_./][^\W\d_]{1,6}){0,2})[-_ ./]?\d[\w./-]*$")


# A person's name of letters and the marks between its parts; and those marks
_NAME_LETTERS = re.compile(r"[^\W\d_]+(?:[ '’-]+[^\W\d_]+){1,4}")
_JOINERS = re.compile(r"[ '’-]+")
MIN_WITHIN_WORDS = 2
MAX_WITHIN_EXTRA = 2  # words a name known may hold beyond those of the name written
MAX_UNIT_WORDS = 5  # words after a body's name that name a unit of it ("Division of Surface Water")


def _body_words(key: str) -> list[str]:
    """The words of a body's name, its initials run together ("u.s. epa", "u s epa": us, epa)."""
    out: list[str] = []
    single = False
    for word in key.replace(".", " ").split():
        if len(word) == 1 and word.isalpha() and single:
            out[-1] += word
        else:
            out.append(word)
        single = len(word) == 1 and word.isalpha()
    return out


def _in_order(short: list[str], parts: list[str]) -> bool:
    """Whether every word of `short` is a word of `parts`, in the same order."""
    found = iter(parts)
    return all(any(word == part for part in found) for word in short)


def _initial_and_surname(key: str) -> tuple[str, str] | None:
    """(first initial, surname) of "j. smith", "j smith" or "smith j.", else None."""
    parts = key.split()
    if len(parts) != 2:
        return None
    first, last = parts
    if _INITIAL_KEY.match(first) and len(last) > 1 and PERSON_NAME.match(last):
        return first[0], last
    if _INITIAL_KEY.match(last) and len(first) > 1 and PERSON_NAME.match(first):
        return last[0], first
    return None


_INITIAL_KEY = re.compile(r"^[^\W\d_]\.?$")


def _from_fields(where: Any) -> bool:
    """Whether a condition compares with the referring item's fields ("from:date")."""
    if isinstance(where, dict):
        return any(_from_fields(v) for v in where.values())
    if isinstance(where, list):
        return any(_from_fields(v) for v in where)
    return isinstance(where, str) and where.startswith("from:")


# "from:test_date+30d": a date of the referring item moved by days
_FROM_SHIFTED = re.compile(r"^from:([^\W\d]\w*)([+-]\d{1,5})d$")


def _filled(where: Any, item: Item) -> Any:
    """`where` with each "from:NAME" replaced by the referring item's value of NAME, and each
    "from:NAME+30d" by its date that many days later (or earlier)."""
    if isinstance(where, dict):
        return {k: _filled(v, item) for k, v in where.items()}
    if isinstance(where, list):
        return [_filled(v, item) for v in where]
    if isinstance(where, str) and (shifted := _FROM_SHIFTED.match(where)) is not None:
        value = item.fields.get(shifted.group(1))
        try:
            return shift(to_date(value), int(shifted.group(2))).isoformat()
        except (BadDate, ValueError):
            return "\x00nothing"
    if isinstance(where, str) and where.startswith("from:"):
        value = item.fields.get(where[len("from:") :])
        return text_of(value) or "\x00nothing"
    return where


def _named_by(ctx: CheckContext, named: NamedBy, result: CheckResult) -> set[str]:
    """The names of `named`'s column, but those all of whose rows need only what its
    `held_elsewhere` register records."""
    names = _target_names(ctx, named, result)
    if named.held_elsewhere is None:
        return names
    elsewhere = named.held_elsewhere
    recorded = _Known(_target_names(ctx, elsewhere.recorded, result))
    rows, rows_result = ctx.items(named.evidence, named.where)
    result.extend(rows_result)
    needing: dict[str, bool] = {}  # a name -> whether some row of it needs what is not elsewhere
    for row in rows:
        held = all(recorded.names(v) for v in values_of(row, elsewhere.column, None))
        for v in values_of(row, named.column, named.separator):
            for key in _names_of(v):
                needing[key] = needing.get(key, False) or not held
    return {key for key in names if needing.get(key, True)}


def _target_names(ctx: CheckContext, target: Target, result: CheckResult) -> set[str]:
    """The names the values of a target's column answer to (`_names_of`)."""
    target_items, target_result = ctx.items(target.evidence, target.where)
    result.extend(target_result)
    names = ctx.kept(
        target.evidence,
        target.where,
        ("names", target.column, target.separator),
        lambda: {
            key
            for item in target_items
            for v in values_of(item, target.column, target.separator)
            for key in _names_of(v)
        },
    )
    if target.titles is None:
        return names
    titles = target.titles
    people, people_result = ctx.items(titles.evidence, titles.where)
    result.extend(people_result)
    wanted = {
        key
        for item in target_items
        for v in values_of(item, target.column, target.separator)
        for part in split_list(v)
        if (key := title_key(part))
    }
    titled = {
        key
        for person in people
        if title_key(text_of(person.fields.get(titles.title))) in wanted
        for name in values_of(person, titles.name, None)
        for key in _names_of(name)
    }
    return names | titled


# Identifiers in a text ("OC-26-013", "AC-26-09", "NC 12"), as a report names what it counts
_IDENTIFIERS = re.compile(r"(?<![\w-])[^\W\d_]{1,6}[-_ ]?\d[\w./-]*")
MAX_COUNTED_TEXT = 100_000  # characters of a report searched for what its count counts
# A numbered reference as its numbering's prefix and its serial number ("cc26-" and 157); the
# serial's length is bounded, so that reading it as a number stays cheap
_SERIAL = re.compile(r"(.{1,40}?\D)(\d{1,12})")
MIN_NUMBERED = 5  # values sharing a prefix that make a numbering, for `beyond_range`
MAX_NAMED_IN = 2_000  # characters of a field `or_named_in` searches for the target's identifiers

# A count followed by what it counts, in parentheses: "1 (AFV-2026-02)", "2 (NC-7, NC-9)", and
# with a word or three for what it counts: "1 minor (EV-2026-0012)", "2 minor NCs (NC-7, NC-9)",
# "1件（NC-2026-02）" (a Japanese counter, parentheses of full width)
# (a counter word may be Thai, whose vowel and tone marks are no letters to [^\W\d_]: "1 ข้อ";
# or joined by a hyphen or an apostrophe: "1 non-conformité mineure (NC-2026-01)")
_LETTER = r"(?:[^\W\d_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
_COUNTER = _LETTER + r"{1,20}(?:[-'’]" + _LETTER + r"{1,20}){0,2}"
_COUNTED = re.compile(
    r"^\s*\d{1,4}(?:\s*" + _COUNTER + r"){0,3}\s*[(（]([^()（）]{1,200})[)）]\s*$"
)
# A count of none, and what it counts: "0", "0 NCs", "0件", "0 ข้อ"
_NONE_COUNTED = re.compile(r"^\s*0(?:\s*" + _COUNTER + r"){0,3}\s*$")
# "yes" and the references it gives in parentheses: "ja (EVAL-04)", "yes (HZ-12; HZ-14)"
_YES_NAMING = re.compile(
    r"^\s*(?:yes|y|ja|oui|s[ií]|sim|tak|jo|da)\s*[,:;-]?\s*\(([^()]{1,200})\)\s*$", re.IGNORECASE
)


_NO_KEYS = frozenset(map(reference_key, ANSWER_NO))  # a bare no, as references compare it


MAX_SHORT_CELL = 40  # characters of a cell that classes its row ("Observación", "NC menor")


def _row_says(row: str, phrases: list[Sequence[str]]) -> bool:
    """Whether a short cell of a table's row (or a list item's label) says one of the
    phrases; each cell is split into words once."""
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return any(
        says_any(wanted, said)
        for said in (words(cell) for cell in cells if 0 < len(cell) <= MAX_SHORT_CELL)
        for wanted in phrases
    )


def _counted(value: str, answered: bool = False) -> list[str]:
    """The references a cell names: those a count lists in parentheses ("1 (AFV-2026-02)") or a
    "yes" does ("ja (EVAL-04)": the assessment was revised, in EVAL-04), none for a count of none
    ("0") or a cell that answers none ("None", "keine"), else the cell. Where the column
    `answered` whether there is anything to name, a no ("nein") names nothing; elsewhere it is a
    value like any other, and names nothing of the target."""
    # as a reference is compared: its remark in parentheses aside ("nein (bereits in EVAL-01)")
    if (
        _NONE_COUNTED.match(value)
        or says_none(value)
        or (answered and reference_key(value) in _NO_KEYS)
    ):
        return []  # "0", "None", "keine", an answered "nein": nothing named
    counted = _COUNTED.match(value) or _YES_NAMING.match(value)
    if counted is None:
        return [value]
    return [part.strip() for part in _LIST.split(counted.group(1)) if part.strip()] or [value]


def _either_of(names: Sequence[str]) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c'."""
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _selected(
    where: Condition | None,
    records: str | None,
    names: dict[str, str] | None = None,
    words: dict[str, dict[str, str]] | None = None,
) -> str:
    """The rows a condition selects, in words, to follow a register's name in a finding: what
    the pack calls them ("(current, assessed records)"), or the condition described (its fields
    as the register `names` them)."""
    if records:
        return f" ({records})"
    if not where:
        return ""
    said = describe(where, names, words)
    return f" where ({said})" if said.startswith("either ") else f" where {said}"


def _places(ctx: CheckContext, targets: Sequence[Target]) -> str:
    """Where references were looked for, in words, each register named once and the columns
    read alike together: "Staff register column 'name' or 'role' where status is 'active', or
    column 'id'", not every column's register and conditions over again."""
    by_title: dict[str, dict[str, list[str]]] = {}
    for t in targets:
        resolved = ctx.evidence(t.evidence)
        said = _selected(t.where, t.records, own_names(resolved), resolved.words)
        columns = by_title.setdefault(resolved.type.title, {}).setdefault(said, [])
        column = own_name(resolved, t.column)
        if column not in columns:
            columns.append(column)
    return " or in ".join(
        f"{title} "
        + ", or ".join(f"column {_either_of(columns)}{said}" for said, columns in ways.items())
        for title, ways in by_title.items()
    )


def check_references(ctx: CheckContext, p: ReferencesParams) -> CheckResult:
    items, result = every_item(ctx, p)
    target = p.to
    others = set().union(*(_target_names(ctx, t, result) for t in p.or_to or ()))
    if _from_fields(target.where):
        per_item = _known_per_item(ctx, p, result)

        def known_for(item: Item, values: list[str]) -> _Known:
            found = per_item(item, values)
            return _Known(found.keys | others) if others else found

    else:
        named = _target_names(ctx, target, result)
        known = (
            _Known(named | others, led=p.only_if_in is not None)
            if others or p.only_if_in
            else ctx.kept(
                target.evidence,
                target.where,
                ("known", target.column, target.separator),
                lambda: _Known(named),
            )
        )

        def known_for(item: Item, values: list[str]) -> _Known:
            return known

    places = _places(ctx, [target, *(p.or_to or ())])
    whole = _incorporated(ctx, target, {i.ref.path for i in items if i.parsed is None})

    def unknown(item: Item, said: str) -> None:
        """`said` of the item's reference, naming nothing of the target."""
        result.violations.append(
            Violation(
                f"{label(item)}: {said} in {places}",
                item.where(p.column),
                code="unknown-reference",
            )
        )

    job_titles = {
        key
        for t in (target, *(p.or_to or ()))
        if t.job_titles
        for item in ctx.items(t.evidence, t.where)[0]
        for v in values_of(item, t.column, t.separator)
        if (key := title_key(v))
    }
    job_words = frozenset(w for title in job_titles for w in title if len(w) >= MIN_JOB_WORD)
    holders = _Holders(ctx, p.titles, result) if p.titles else None
    in_words = [ph for t in p.or_says or () for ph in ctx.phrases(t)]
    subjects = _target_subjects(ctx, target, result) if p.by_subject else None
    wider: list[tuple[_Known, _Subjects | None]] = []

    def anywhere(value: str) -> bool:
        """Whether `value` names a value of the target's column, whatever its `where` says: a
        cell saying in words what the phrases say ("Spill kit checks completed") that names an
        indicator tracked is judged by it, not by the words."""
        if not target.where:
            return False  # naming one, it holds anyway
        if not wider:
            everything = dataclasses.replace(target, where=None)
            wider.append(
                (
                    _Known(_target_names(ctx, everything, result)),
                    _target_subjects(ctx, everything, result) if p.by_subject else None,
                )
            )
        known, by_subject = wider[0]
        return known.names(value) or (by_subject is not None and by_subject.named(value))

    def beyond(value: str) -> bool:
        """Whether `value` is numbered before the first or after the last value of the target's
        column, every row of it read: a row the rule does not count (a review not yet made) is
        within the register's period."""
        everything = dataclasses.replace(target, where=None)
        every_row = ctx.kept(
            target.evidence,
            None,
            ("known", target.column, target.separator),
            lambda: _Known(_target_names(ctx, everything, result)),
        )
        return every_row.beyond(value)

    tracked = _Known(_target_names(ctx, p.only_if_in, result), led=True) if p.only_if_in else None
    judged = _Known(_named_by(ctx, p.only_if_named, result)) if p.only_if_named else None
    for item in items:
        if item.ref.path in whole:
            continue
        if judged is not None and p.only_if_named is not None:
            by = values_of(item, p.only_if_named.by, p.only_if_named.separator)
            if not any(map(judged.names, by)):
                continue  # its role needs nothing of this: not judged here
        written = values_of(item, p.column, p.separator)
        if (
            in_words
            and says_any(in_words, words(text_of(item.fields.get(p.column))))
            and not any(map(anywhere, written))
        ):
            continue  # the cell says it in words, naming nothing the target keeps
        if not written:
            result.violations.append(
                Violation(
                    f"{label(item)}: {item.named(p.column)} is empty",
                    item.where(p.column),
                    code="empty",
                )
            )
            continue
        section = section_of(item, p.column) if item.parsed is not None else None
        rows = table_rows(section)
        if rows is not None:
            # A report's findings kept as a table, a row per finding, its entry in the log in one
            # of its cells ("| 1 | NC menor | ISO 14001 4.2 | ... | AC-2024-003 |"): each row
            # names one, wherever in the row.
            in_rows: list[list[str]] = [_IDENTIFIERS.findall(row) for row in rows]
            names = known_for(item, [found for row in in_rows for found in row])
            skipped = [ctx.phrases(t) for t in p.rows_not_counted or ()]
            for at, (row, found) in enumerate(zip(rows, in_rows, strict=True), 1):
                if skipped and _row_says(row, skipped):
                    continue
                if not any(map(names.names, found)):
                    unknown(item, f"row {at} of the {item.named(p.column)} table names nothing")
            continue
        listed = list_items(section) if p.rows_not_counted else None
        if listed is not None:
            # A report's findings kept as a list, an item per finding ("- NA-2026-01 (minor
            # nonconformity): ...", "- Observation: ..."): each item names its entry in the log,
            # unless its label says it is a finding that needs none
            in_items = [_IDENTIFIERS.findall(entry) for entry in listed]
            names = known_for(item, [found for entry in in_items for found in entry])
            skipped = [ctx.phrases(t) for t in p.rows_not_counted or ()]
            for entry, found in zip(listed, in_items, strict=True):
                # its label, read as a table's short cell that classes its row
                if any(map(names.names, found)) or _row_says(entry.split(":", 1)[0], skipped):
                    continue
                shown = entry if len(entry) <= MAX_ITEM_SHOWN else entry[:MAX_ITEM_SHOWN] + "..."
                unknown(item, f"{item.named(p.column)} item {shown!r} names nothing")
            continue
        values = [v for value in written for v in _counted(value, p.answered)]
        if tracked is not None:
            # only what the wider column tracks is judged: each value, or each it lists
            values = [
                part
                for value in values
                for part in ([value] if tracked.names(value) else split_list(value))
                if tracked.names(part)
            ]
        if not values:
            continue  # "0": a count of none, naming nothing; or nothing tracked
        names = known_for(item, values)
        if item.parsed is not None and len(values) == 1 and values[0].strip().isdigit():
            # A report's field that counts ("Nº de NC: 1") and a text that names them ("Registada
            # como OC-26-013"): what the count counts is named in the text, or not at all
            text = item.parsed.text[:MAX_COUNTED_TEXT]
            if not any(names.names(found) for found in _IDENTIFIERS.findall(text)):
                unknown(
                    item,
                    f"{item.named(p.column)} counts {values[0].strip()}, and the text names none",
                )
            continue
        if p.any_listed:
            # each value whole, or any one of those it lists ("SST-PR-02, SST-PR-04, MTO-RG-01")
            listed = [part for value in values for part in split_list(value) if part.strip()]
            # and each identifier a listed part holds ("EP-006 ES-01": the plan and its scenario)
            held = [found for part in listed for found in _IDENTIFIERS.findall(part)]
            if not any(names.names(value) for value in [*values, *listed, *held]):
                unknown(item, f"{item.named(p.column)} {', '.join(values)!r} names nothing")
            continue
        # a report's own numbering beside the log's, in the list a count gives ("1 minor (NC-1,
        # raised as SEC-287)"): the one names the finding in the report, the other its entry
        beside = (
            len(values) > 1
            and any(_COUNTED.match(value) for value in written)
            and any(names.names(value) for value in values)
        )
        named_beside = p.words_beside and any(names.names(value) for value in values)
        if p.or_named_in and not any(map(names.names, values)):
            elsewhere = [
                found
                for name in p.or_named_in
                for found in _IDENTIFIERS.findall(text_of(item.fields.get(name))[:MAX_NAMED_IN])
            ]
            if any(names.names(found) or (p.beyond_range and beyond(found)) for found in elsewhere):
                continue  # the value names nothing, the item's other field names the target
        described_beside = p.words_describe and any(names.names(value) for value in values)
        for value in values:
            if (p.words_describe or named_beside) and not _names_an_identifier(value):
                continue
            if described_beside and _words_naming_another_register(value, names):
                continue  # "monitoreo AMB-RG-05" beside "AMB-PR-03": its records, kept there
            if beside and names.of_another_register(value):
                continue
            if p.beyond_range and not names.names(value) and beyond(value):
                continue  # a record of another period than the register's
            if p.standards and (numbers := _standard_numbers(value)):
                if not numbers <= names.numbers():
                    unknown(item, f"{item.named(p.column)} {value!r} names a standard not")
                continue
            if subjects is not None and not names.names(value) and not subject_words(value):
                continue  # "Monthly count": how, not what, is measured; its subject is the row's
            if (
                not names.names(value)
                and not (subjects is not None and subjects.named(value))
                and not (
                    p.other_numbering
                    and (names.of_another_register(value) or _each_id_placed(value, names))
                )
                and not (job_titles and _names_job(value, job_titles, job_words))
            ):
                missing = holders.missing(value, names) if holders else None
                if missing is None:
                    unknown(item, f"{item.named(p.column)} {value!r} not found")
                for title, person in missing or ():
                    unknown(
                        item,
                        f"{item.named(p.column)} {title!r} stands for {person}, who is not found",
                    )
    if result.violations and ctx.kept_outside([t.evidence for t in (target, *(p.or_to or ()))]):
        # The records the references name are kept outside the folder (disposal certificates
        # in a binder, as the profile says): each reference is for the auditor to look up
        # there, as a record missing from the folder is, not one naming nothing.
        result.violations = [
            dataclasses.replace(v, code="missing") if v.code == "unknown-reference" else v
            for v in result.violations
        ]
    return cap(result)


class _Holders:
    """Who holds each job title, by a register's title column, for a reference naming titles
    where people are expected."""

    def __init__(self, ctx: CheckContext, titles: Titles, result: CheckResult) -> None:
        people, people_result = ctx.items(titles.evidence, titles.where)
        result.extend(people_result)
        self.of: dict[tuple[str, ...], list[str]] = {}
        for person in people:
            if key := title_key(text_of(person.fields.get(titles.title))):
                self.of.setdefault(key, []).extend(values_of(person, titles.name, None))
        self._missing: dict[tuple[tuple[str, ...], _Known], list[str]] = {}
        self._groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

    def missing(self, value: str, names: _Known) -> list[tuple[str, str]] | None:
        """For a value naming job titles, and perhaps people, between commas or "and"
        ("Einrichter, Schichtleiter, Maschinenbediener"; "Georg Ziegler, Einrichter"): each
        holder of a title it names whom `names` does not know, with the title as written;
        None where a part is neither a title held nor a name known."""
        parts = [part for part in _TITLE_PARTS.split(without_remark(value)) if part.strip()]
        if not parts or len(parts) > MAX_TITLES_NAMED:
            return None
        found: list[tuple[str, str]] = []
        for part in parts:
            key = title_key(part)
            while key and key[0] in _EVERYONE_OF:
                key = key[1:]
            if key not in self.of:
                if names.names(part):
                    continue  # a person named beside the titles
                held = self._inflected(key) or self._named_by(key)
                if not held:
                    return None
            else:
                held = [key]
            for title in held:
                # the same title against the same names: once (registers repeat their titles)
                missed = self._missing.get((title, names))
                if missed is None:
                    missed = [name for name in self.of[title] if not names.names(name)]
                    self._missing[(title, names)] = missed
                found.extend((part.strip(), name) for name in missed)
        return found

    def _inflected(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The titles a group of their holders is named by in the plural of a language that
        inflects more than by an "s" ("garo katilų operatoriai", each "Garo katilų operatorius";
        "operátoři výroby", each "Operátor výroby"): the same words, each in its inflection."""
        if len(key) < 2:
            return []  # one word: `_named_by`, which reads it inside longer titles too
        if key not in self._groups:
            self._groups[key] = sorted(
                t
                for t in self.of
                if len(t) == len(key) and all(says(k, [w]) for k, w in zip(key, t, strict=True))
            )
        return self._groups[key]

    def _named_by(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The titles a group of their holders is named by in one word of theirs, in its own
        inflection ("Maschinisten", each "Maschinist Seilbahn"); none for a shorter word."""
        if len(key) != 1 or len(key[0]) < MIN_JOB_WORD:
            return []
        if key not in self._groups:  # a register names the same group row after row
            self._groups[key] = sorted(t for t in self.of if any(says(key[0], [w]) for w in t))
        return self._groups[key]


MAX_TITLES_NAMED = 12  # job titles one cell names in place of people


# Words before a job title that make it everyone holding it: "All site supervisors"
_EVERYONE_OF = frozenset(
    {"all", "every", "each", "alle", "tous", "toutes", "les", "todos", "todas", "los", "las",
     "tutti", "tutte", "i", "gli", "le", "wszyscy", "alla", "samtliga", "de"}
)  # fmt: skip
_TITLE_PARTS = re.compile(r"\s*(?:/|,|;|\band\b|\bund\b|\bet\b|\by\b|\be\b|\boch\b|\bog\b)\s*")


MIN_JOB_WORD = 5  # letters of a word of a job title that a group of its holders is named by


def _names_job(value: str, titles: set[tuple[str, ...]], held: frozenset[str]) -> bool:
    """Whether a value names holders of a job title the target holds: the title itself, in the
    singular or plural, after "all" ("All Contract Managers"), or the titles it gives in
    parentheses ("All site supervisors (Cleaning Supervisor / Security Supervisor)"); after "all",
    one word that ends job titles ("All operators": each "Production Operator"); or, written in
    lower case as no one's name is, a word of a title in its own inflection ("kontroloři s
    oprávněním", the authorised holders of "Kontrolor OTK"); `held` is the titles' words of
    `MIN_JOB_WORD` letters or more."""
    if value[:1].islower() and "@" not in value:
        said = [w for w in words(value)[:MAX_TITLE_WORDS] if len(w) >= MIN_JOB_WORD]
        if any(says(job, [word]) for word in said for job in held):
            return True
    inside = value[value.find("(") + 1 : value.rfind(")")] if "(" in value else ""
    candidates = [without_remark(value), *(p for p in _TITLE_PARTS.split(inside) if p.strip())]
    for candidate in candidates:
        key = title_key(candidate)
        every = bool(key) and key[0] in _EVERYONE_OF
        while key and key[0] in _EVERYONE_OF:
            key = key[1:]
        if key and key in titles:
            return True
        if every and len(key) == 1 and any(len(t) > 1 and t[-1] == key[0] for t in titles):
            return True  # "All operators": the holders of every title of an operator
    return False


def _each_id_placed(value: str, names: _Known) -> bool:
    """Whether a value of words and identifiers ("Objectif O-06 ; FA-2025-004", "Exercice annuel
    SU-03") names records only: each identifier known, or of another register's numbering."""
    ids = _IDENTIFIERS.findall(value[:MAX_COUNTED_TEXT])
    return bool(ids) and all(names.names(i) or names.of_another_register(i) for i in ids)


def _words_naming_another_register(value: str, names: _Known) -> bool:
    """Whether a value is words that name, by identifier, only records of other registers than
    the target's ("monitoreo AMB-RG-05": the monitoring whose results the records list keeps as
    AMB-RG-05, where the controls are AMB-PR-02, AMB-IT-01): how a control is carried out and
    where its records are, not a control missing from the register."""
    said = reference_key(value).split()[:MAX_WORDS_LOOKED_AT]
    found = [word for word in said if _ID_SHAPED.match(word)]
    in_words = [word for word in said if word.isalpha()]
    return bool(found and in_words) and all(names.of_another_register(word) for word in found)


def _names_an_identifier(value: str) -> bool:
    """Whether a value names an identifier ("AMB-PR-03", "monitoreo AMB-RG-05"), not words
    alone; a remark in parentheses after the words ("(AC-2026-016)") is not the value."""
    words = reference_key(value).split()
    return any(
        _ID_SHAPED.match(word) and not _FILE_NAME.search(word) and not _MONTH_YEAR.match(word)
        for word in words[:MAX_WORDS_LOOKED_AT]
    )


MIN_FIRST_WORD = 4  # letters of a single word of letters that names the one name holding it

# A kind of document named by the capitals of its numbering, in the plural ("SOPs", "WIs"):
# every document numbered with them
_KIND_PLURAL = re.compile(r"^[A-Z]{2,5}s$")


# A month and its year ("Jan-2027", "okt.2026", "mars-2026"): a date a remark gives, no record
_MONTH_YEAR = re.compile(
    r"^(?:jan|feb|fév|fev|mar|mär|apr|avr|abr|may|mai|mag|mei|jun|jui|giu|jul|lug|aug|aoû|aou|ago|"
    r"sep|set|oct|okt|ott|nov|dec|déc|dez|dic|ene|gen|mrt|maa|kwi|lis|gru)[^\W\d_]{0,7}[-./]"
    r"(?:19|20)\d{2}$"
)


# A file's name ("Kennzahlen 2026.csv", "Umweltmessungen.xlsx"): the record it names is that file
_FILE_NAME = re.compile(r"\.(?:csv|xlsx|xlsm|xls|ods|md|pdf|docx|doc|odt|txt|json|ya?ml)$")


MAX_WORDS_LOOKED_AT = 40  # of a value, for an identifier in it
# A register's identifier: letters and digits joined by "-", "." or "/" ("amb-pr-3", "oc-14",
# "a.5.1"), or letters and three digits or more ("sop104"); never a unit or a substance written
# with a digit ("m3", "co2", "pm10")
_ID_SHAPED = re.compile(r"^(?=.*\d)(?=.*[^\W\d_])(?:[^\W_]+[-./])+[^\W_]+$|^[^\W\d_]{1,8}\d{3,}$")


def _standard_numbers(text: str) -> set[str]:
    """The numbers of the standards a cell names ("ISO 14001 9.3; ISO 45001 9.3" names 14001 and
    45001)."""
    return {m.group(1) for m in _STANDARD_NAMED.finditer(text[:MAX_STANDARDS_CELL])}


# A standard's number in a profile's id of it ("iso45001-2018"): four or five digits, no year
_NUMBER_NOT_YEAR = re.compile(r"(?<!\d)(?!(?:19|20)\d\d(?!\d))(\d{4,5})(?!\d)")


# --- excludes -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ExcludesParams(EveryItem):
    """No value in `column` names a value of the target's column: an enabled account names no
    one who has left, read as `references` reads names (an address is the person it spells, a
    name written surname first is the same name)."""

    column: Annotated[str, Doc("the column (or field) holding the values")]
    separator: Separator = None
    of: Annotated[Target, Doc("the column whose values none of the items may name")]


def check_excludes(ctx: CheckContext, p: ExcludesParams) -> CheckResult:
    items, result = every_item(ctx, p)
    known = _Known(_target_names(ctx, p.of, result))
    place = _places(ctx, [p.of])
    for item in items:
        for value in values_of(item, p.column, p.separator):
            if known.names(value):
                result.violations.append(
                    Violation(
                        f"{label(item)}: {item.named(p.column)} {value!r} is in {place}",
                        item.where(p.column),
                        code="excluded",
                    )
                )
    return cap(result)


MIN_FILE_NAME_WORDS = 2  # words of a file's name a record must say to point to the file
# What a record says before the register it points to ("see Kandji export", "siehe MDM-Export",
# "listed in the HR system export")
_POINTER = frozenset(
    {
        "see",
        "siehe",
        "vgl",
        "cf",
        "zie",
        "voir",
        "refer",
        "listed",
        "recorded",
        "kept",
        "maintained",
        "geführt",
        "gelistet",
        "bijgehouden",
        "vermeld",
    }
)
# The same words, to find cells that point at all before any is split into words
_POINTS = re.compile(r"\b(?:" + "|".join(sorted(_POINTER)) + r")\b", re.IGNORECASE)
MIN_FILE_NAME_WORD = 3  # letters a word of a file's name has to count ("hr" does not)
MIN_NAMING_WORD = 4  # letters of one word that names a file alone ("voir GLPI")
MAX_POINTER_REACH = 6  # words after the pointer that name the register
# Words many files' names share, which name no file alone ("see the export")
_COMMON_FILE_WORDS = frozenset(
    {
        "export", "exports", "extract", "extrakt", "auszug", "list", "liste", "lijst", "register",
        "registre", "verzeichnis", "report", "rapport", "bericht", "data", "daten",
        "donnees", "données", "gegevens", "file", "fichier", "datei", "bestand", "table",
        "tableau", "tabelle", "tabel", "sheet", "feuille", "inventory", "inventaire", "inventar",
        "inventaris", "log", "journal", "overview", "übersicht", "overzicht", "all", "alle",
        "tous", "toutes", "current", "aktuell", "actuel", "latest", "final", "copy", "kopie",
        "copie", "version", "draft", "the", "der", "die", "das", "les", "des", "het", "and",
        "und", "et", "en",
    }
)  # fmt: skip


def _incorporated(ctx: CheckContext, target: Target, paths: set[str]) -> set[str]:
    """The referring tables that the other evidence type takes in whole: a record of it
    (matching its condition) points to the file and says at least two words of its name
    ("Company Macs, see Kandji export" for it/kandji_device_export_2026-10-30.csv), or one word
    of its name that few files' names share ("Postes de travail (voir GLPI)" for
    GLPI_export_ordinateurs_2026-11-02.csv), as an inventory points to the device management
    system's export instead of listing every laptop again."""
    wanted: dict[str, tuple[set[str], set[str]]] = {}
    for path in paths:
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].casefold()
        name = {
            w for w in re.split(r"[\W_]+", stem) if len(w) >= MIN_FILE_NAME_WORD and w.isalpha()
        }
        alone = {w for w in name if len(w) >= MIN_NAMING_WORD} - _COMMON_FILE_WORDS
        if len(name) >= MIN_FILE_NAME_WORDS or alone:
            wanted[path] = (name, alone)
    if not wanted:
        return set()
    where = None if _from_fields(target.where) else target.where
    targets, _ = ctx.items(target.evidence, where)
    # what the records point to is the same for every referring table: read once per selection
    pointed = ctx.kept(target.evidence, where, ("pointed",), lambda: _pointed(targets))
    return {
        p
        for named in pointed
        for p, (n, alone) in wanted.items()
        if len(n & named) >= MIN_FILE_NAME_WORDS or alone & named
    }


def _pointed(items: list[Item]) -> list[frozenset[str]]:
    """The words after each pointer ("see", "siehe", ...) in the cells of `items`, as written."""
    pointed: list[frozenset[str]] = []
    for item in items:
        for cell in (item.written or item.fields).values():
            text = str(cell)
            if not _POINTS.search(text):  # most cells point at nothing: no words made of them
                continue
            said = re.findall(r"[^\W_]+", text.casefold())
            for at, word in enumerate(said):
                if word in _POINTER:
                    pointed.append(frozenset(said[at + 1 : at + 1 + MAX_POINTER_REACH]))
    return pointed


# --- independent --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Owners:
    """Who is responsible for what: the owner of each process (or area) of a register, found
    where a record names the process by its identifier or name."""

    evidence: EvidenceName
    column: Annotated[str, Doc("the column holding the process's identifier or name")]
    owner: Annotated[str, Doc("the column holding the person who owns it")]
    named_in: Annotated[
        list[NonEmpty], MinItems(1), Doc("the fields of a record that name the processes")
    ]
    department: Annotated[str | None, Doc("the column holding the department that runs it")] = None


@dataclass(frozen=True, kw_only=True)
class IndependentParams(EveryItem):
    """In every item (an audit, a review, a verification), whoever did it is none of the people
    responsible for what was done: not named in `people`, not the owner of a process the item
    names (`owners`), and not from the department responsible (`department` against
    `responsible_department`, and the departments running the processes it names)."""

    person: Annotated[str, Doc("the field naming who did it (one or a list of people)")]
    alongside: Annotated[
        list[NonEmpty],
        Doc("fields naming others who did it with them (a report's co-auditors)"),
    ] = dataclasses.field(default_factory=list)
    people: Annotated[
        list[NonEmpty], Doc("the fields naming the people responsible for what was done")
    ] = dataclasses.field(default_factory=list)
    department: Annotated[str | None, Doc("the field naming the doer's department")] = None
    responsible_department: Annotated[
        str | None, Doc("the field naming the department responsible for what was done")
    ] = None
    owners: Annotated[
        Owners | None, Doc("the register of processes and their owners the items name")
    ] = None
    external_says: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc(
            "topics or phrases saying that one who did it comes from outside (a consultancy, "
            "'external'): a team of several with such a member is independent as a team, who "
            "covered which part not being recorded"
        ),
    ] = None


def _people(value: Any) -> dict[str, str]:
    """The people a field names, one or a list ("Ann Roe, Bo Li"): as compared -> as written."""
    parts = value if isinstance(value, list) else split_list(text_of(value))
    out: dict[str, str] = {}
    for part in parts:
        written = text_of(part).strip()
        if written:
            out.setdefault(reference_key(written), written)
    return out


# Between the departments a field lists ("Servicedesk, Security & Compliance"): not "&", which
# stands inside many a department's name.
_DEPARTMENT_LIST = re.compile(r"[,;\n]")
_DEPARTMENT_AND = re.compile(r" and | und | en | et ")
# a unit or a role named under its site or division ("Campaspe House - Clinical and Care",
# "Facility Manager - Whipstick House"): the words on either side of the dash are one name each
UNDER_SITE = re.compile(r"\s[-–—/]\s")


def _department_parts(text: str) -> list[str]:
    """The departments a text lists: between commas or semicolons, and between "and" where
    the part names no unit under a site or division."""
    return [
        unit
        for part in _DEPARTMENT_LIST.split(text)
        for unit in ([part] if UNDER_SITE.search(part) else _DEPARTMENT_AND.split(part))
    ]


def _departments(value: Any) -> list[str]:
    """The departments a field names, folded; a team named in parentheses after its
    department ("Engineering (QA)") is in that department too."""
    parts = value if isinstance(value, list) else _department_parts(text_of(value))
    found = [d for d in (fold(text_of(part)) for part in parts) if d]
    heads = [fold(without_remark(text_of(part))) for part in parts]
    return list(dict.fromkeys([*found, *(h for h in heads if h)]))


@dataclass(frozen=True)
class _Process:
    name: str  # how a record names it, as whole words: its identifier or name, folded
    written: str
    owner: str  # as compared
    department: str  # folded
    first: str  # its first word: a text that does not hold it as a word cannot name it


_WORDS = re.compile(r"\w+")


def _word_char(text: str, at: int) -> bool:
    """Whether `text` has a word character (as `\\w` matches one) at `at`."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _says_whole(text: str, name: str) -> bool:
    """Whether `text` holds `name` with no word character right before or after it, as the
    pattern (?<!\\w)name(?!\\w) finds it, without a pattern compiled for every name of a
    register."""
    at = text.find(name)
    while at >= 0:
        if not _word_char(text, at - 1) and not _word_char(text, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


def _processes(ctx: CheckContext, owners: Owners, result: CheckResult) -> list[_Process]:
    items, found = ctx.items(owners.evidence)
    result.extend(found)
    out = []
    for item in items:
        written = text_of(item.fields.get(owners.column)).strip()
        name = fold(written)
        owner = reference_key(text_of(item.fields.get(owners.owner)))
        department = fold(text_of(item.fields.get(owners.department))) if owners.department else ""
        if name and len(name) <= MAX_EMAIL and (owner or department):
            first = _WORDS.search(name)
            out.append(_Process(name, written, owner, department, first[0] if first else ""))
    return out


# A remark beside a person responsible for what was audited, saying who audited their part
# ("Michelle Grant (HR records audited by Priya Raman)")
_AUDITED_BY = re.compile(
    r"\((?:[^()]*?\s)?(?:audited by|auditiert von|auditiert durch|geprüft von|auditado por|"
    r"audité par|auditée par|auditato da|auditata da|geaudit door|auditeret af|audytowany przez|"
    r"audytowana przez)\s+([^()]+)\)",
    re.IGNORECASE,
)


def _audited_by_another(key: str, written: str) -> bool:
    """Whether a person named as responsible had their part audited by someone else, as a
    remark beside their name says."""
    found = _AUDITED_BY.search(written[:MAX_EMAIL])
    return found is not None and reference_key(found.group(1)) not in ("", key)


def check_independent(ctx: CheckContext, p: IndependentParams) -> CheckResult:
    items, result = every_item(ctx, p)
    processes = _processes(ctx, p.owners, result) if p.owners else []
    # The processes by their first word: a record is compared with those whose first word it
    # says, not with every process of the register (records times processes grows as a square)
    by_first: dict[str, list[int]] = {}
    for at, process in enumerate(processes):
        by_first.setdefault(process.first, []).append(at)
    outside = [ph for t in p.external_says or () for ph in ctx.phrases(t)]
    for item in items:
        doers = _people(item.fields.get(p.person))
        for field_name in p.alongside:
            for key, written in _people(item.fields.get(field_name)).items():
                doers.setdefault(key, written)
        if outside and len(doers) > 1:
            units = _departments(item.fields.get(p.department)) if p.department else []
            if any(says_any(outside, words(w)) for w in (*doers.values(), *units)):
                continue  # a team with an external auditor in it
        responsible = {
            key
            for f in p.people
            for key, written in _people(item.fields.get(f)).items()
            if not _audited_by_another(key, written)
        }
        departments: dict[str, str] = {}  # folded -> where it comes from
        if p.responsible_department:
            for value in _departments(item.fields.get(p.responsible_department)):
                departments[value] = p.responsible_department
        owned: dict[str, str] = {}  # owner -> the process
        if p.owners:
            named = " ".join(fold(text_of(item.fields.get(f))) for f in p.owners.named_in)
            said = set(_WORDS.findall(named))
            candidates = sorted(
                at for word in (*said, "") if word in by_first for at in by_first[word]
            )
            for process in (processes[at] for at in candidates):
                if _says_whole(named, process.name):
                    owned.setdefault(process.owner, process.written)
                    departments.setdefault(process.department, f"process {process.written}")
        departments.pop("", None)
        problems = []
        for doer, written in doers.items():
            if doer in responsible:
                problems.append(f"{written} is also named as responsible ({', '.join(p.people)})")
            elif doer in owned:
                problems.append(f"{written} owns process {owned[doer]}, which it covers")
        own_written = text_of(item.fields.get(p.department)) if p.department else ""
        own = _departments(item.fields.get(p.department)) if p.department else []
        for unit in own:
            if unit in departments:
                written_unit = own_written.strip()
                problems.append(
                    f"{p.department} {written_unit!r} runs what it covers ({departments[unit]})"
                )
                break
        if problems:
            result.violations.append(
                Violation(
                    f"{label(item)}: {'; '.join(problems)}",
                    item.where(p.person),
                    code="not-independent",
                )
            )
    return cap(result)


def _known_per_item(
    ctx: CheckContext, p: ReferencesParams, result: CheckResult
) -> Callable[[Item, list[str]], _Known]:
    """For references whose target condition compares with the referring item ("a later passed
    restore test of the same system": `date: {after: "from:date"}`): what each referring item's
    values may name, the target items chosen for it."""
    target = p.to
    candidates, target_result = ctx.items(target.evidence)
    result.extend(target_result)
    by_key: dict[str, list[Item]] = {}
    for t in candidates:
        for key in dict.fromkeys(
            reference_key(v) for v in values_of(t, target.column, target.separator)
        ):
            by_key.setdefault(key, []).append(t)

    # the values the target items meeting one filled condition hold: read as references are
    # (initials, names written otherwise), for a value not named as written
    meeting: dict[str, _Known] = {}

    def known_for(item: Item, values: list[str]) -> _Known:
        where = _filled(target.where, item)
        # The items naming the same value (an index), then the condition on each of those.
        keys = dict.fromkeys(reference_key(v) for v in values)
        exact = {
            key for key in keys if any(holds(where, t, ctx.as_of) for t in by_key.get(key, ()))
        }
        if len(exact) == len(keys):
            return _Known(exact)
        filled = repr(where)
        if filled not in meeting:
            meeting[filled] = _Known(
                {key for key, ts in by_key.items() if any(holds(where, t, ctx.as_of) for t in ts)}
            )
        return meeting[filled]

    return known_for


# --- holds --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Needed:
    """What each kind of item needs: rows naming a kind (a role) and one thing it needs (a
    competence, a licence)."""

    evidence: EvidenceName
    key: Annotated[str, Doc("the column naming the kind (the role) that needs it")]
    value: Annotated[str, Doc("the column naming what it needs")]
    minimum: Annotated[
        str | None,
        Doc("the column that may state the least level needed ('Level 3 required', 'Level 2+')"),
    ] = None
    separator: Separator = None
    scope: Annotated[
        str | None,
        Doc(
            "the column that may restrict a need to some of the kind's people in words"
            " ('Healthcare sites only (C101)'): it applies to those whose own record names"
            " what it is restricted to (a contract code, a site), where any record does"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Held:
    """What each person holds: rows naming a person and one thing held (of those `where`
    selects: held in date, say)."""

    evidence: EvidenceName
    person: Annotated[str, Doc("the column naming who holds it")]
    value: Annotated[str, Doc("the column naming what is held")]
    where: Annotated[Condition | None, Doc("a condition: only the rows that satisfy it count")] = (
        None
    )
    records: Annotated[str | None, Doc(_RECORDS_DOC)] = None
    whole_kind: Annotated[
        bool,
        Doc(
            "a held value naming the person's kind itself (assessed competent in the role as a"
            " whole, against the role's profile) holds everything the kind needs"
        ),
    ] = False
    level: Annotated[
        str | None,
        Doc("the column that may hold the level held, as a skills matrix grades it ('1' to '4')"),
    ] = None
    lapsed: Annotated[
        Condition | None,
        Doc(
            "a condition: rows that satisfy it (an expiry date passed) make their person one to"
            " check under `holders_only`, though nothing they hold is current (with `codes_only`:"
            " a person it selects, whom no other check holds to the records)"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Learning:
    """People still learning their job (a recent joiner) hold, besides, what rows of `held`
    record them as learning under supervision ("Đang kèm cặp", "Under OJT")."""

    where: Annotated[Condition, Doc("a condition on the person: who is still learning the job")]
    held: Annotated[
        Condition, Doc("a condition on the rows of `held`: those recording it being learnt")
    ]


@dataclass(frozen=True, kw_only=True)
class HoldsParams(EveryItem):
    """Every item (a person) holds each thing its kind needs: for each row of `needs` naming the
    item's `kind` (its role), a row of `held` names both the item's `person` and the thing
    needed. Names are compared as references are (a remark in parentheses aside)."""

    person: Annotated[str, Doc("the field naming the person")]
    kind: Annotated[str, Doc("the field naming what the person is (a role): what `needs` keys on")]
    needs: Annotated[Needed, Doc("what each kind needs")]
    held: Annotated[Held, Doc("what each person holds")]
    also_held: Annotated[
        list[Held] | None,
        MinItems(1),
        Doc(
            "other records of what each person holds, read as `held` is (a training log's "
            "courses completed and in date, beside the competence register's assessments)"
        ),
    ] = None
    holders_only: Annotated[
        bool,
        Doc(
            "only people who hold something in `held` are checked: who holds nothing at all is"
            " another check's finding, not one finding per thing the kind needs"
        ),
    ] = False
    codes_only: Annotated[
        Condition | None,
        Doc(
            "a condition: people who satisfy it are held only to what their kind needs that names"
            " documents or standards by code (IO-CT-01, ISO 50001); what is needed in free words"
            " is matched by words only for the others (those the organization says need it)"
        ),
    ] = None
    learning: Annotated[
        Learning | None,
        Doc(
            "who is still learning the job (a recent joiner) holds, besides, what the register"
            " records them as learning under supervision: the assessment is still to come"
        ),
    ] = None


def check_holds(ctx: CheckContext, p: HoldsParams) -> CheckResult:
    items, result = every_item(ctx, p)
    needed_items, needed_result = ctx.items(p.needs.evidence)
    result.extend(needed_result)
    # kind -> what it needs, as written; by the kind as written, and as a reference names it
    # ("Plant Operator (Roller)" and "Plant Operator (Grader)" are two roles, but a role written
    # with a remark the other register leaves out is still the role)
    exact: dict[str, list[str]] = {}
    loose: dict[str, list[str]] = {}
    least: dict[tuple[str, str], int] = {}  # (kind folded, need folded) -> the least level
    scoped: dict[tuple[str, str], str] = {}  # (kind as a reference, need folded) -> restricted to
    for row in needed_items:
        minimum = level_stated(row.fields.get(p.needs.minimum)) if p.needs.minimum else None
        scope = row.fields.get(p.needs.scope) if p.needs.scope else None
        restricted = fold(text_of(scope)) if says_only(scope) else ""
        for kind in values_of(row, p.needs.key, None):
            for value in values_of(row, p.needs.value, p.needs.separator):
                exact.setdefault(fold(kind), []).append(value)
                loose.setdefault(reference_key(kind), []).append(value)
                if minimum is not None:
                    least[fold(kind), fold(value)] = minimum
                if restricted:
                    scoped[reference_key(kind), fold(value)] = restricted
    held_items, held_result = ctx.items(p.held.evidence, p.held.where)
    result.extend(held_result)
    held, held_either = _held_by_person(held_items, p.held)
    learnt: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
    if p.learning is not None:
        learning_items, learning_result = ctx.items(p.held.evidence, p.learning.held)
        result.extend(learning_result)
        learnt = _held_by_person(learning_items, p.held)
    levels = _levels_by_person(held_items, p.held) if p.held.level and least else {}
    # Who holds only what has lapsed (a certificate past its expiry) is no one who holds nothing
    lapsed: set[str] = set()
    if p.held.lapsed is not None:
        for row in ctx.items(p.held.evidence, p.held.lapsed)[0]:
            lapsed.update(reference_key(person) for person in values_of(row, p.held.person, None))
    # Every row of the register, in date or not: who is held to codes only is held to any
    # record naming them (a qualification that names no expiry is not reassessed in the
    # register's own words), and what it records for a person is judged by it alone. Read
    # only where either applies: a large register's rows are not walked twice for nothing.
    ever, ever_either = (
        _held_by_person(ctx.items(p.held.evidence, None)[0], p.held)
        if p.codes_only is not None or p.also_held
        else ({}, {})
    )
    # The other records of what people hold (a training log's courses in date): they hold
    # what the register does not record for the person at all, never what has lapsed there
    extra: dict[str, set[str]] = {}
    extra_either: dict[str, set[str]] = {}
    for spec in p.also_held or ():
        rows, rows_result = ctx.items(spec.evidence, spec.where)
        result.extend(rows_result)
        _merge(_held_by_person(rows, spec), extra, extra_either)
    # What the register records by name, for anyone: a need in free words that it records in
    # those very words ("Forklift (PIT) Evaluation") is held to it as a code is
    recorded = {value for values in ever.values() for value in values}
    title = ctx.evidence(p.held.evidence).type.title

    short_names: dict[int, _ShortNames] = {}

    def of(person: str, by: dict[str, set[str]], by_either: dict[str, set[str]]) -> set[str]:
        # what one register records under the name as written and another with the surname
        # first ("Jiří Pospíšil" certified, "Pospíšil Jiří" examined): all of it is theirs
        either = either_order(person)
        both = by_either.get(either) if either else None
        if person not in by and not both:
            # a full name with every given name, which the register writes with the first only
            if id(by) not in short_names:
                short_names[id(by)] = _ShortNames(by)
            short = short_names[id(by)].short_of(person)
            return by.get(short, set()) if short is not None else set()
        return by.get(person, set()) | both if both else by.get(person, set())

    by_kind: dict[str, set[str]] | None = None

    def peers() -> dict[str, set[str]]:
        """Each kind (folded) -> the needs the register records in their very words (folded)
        for half its people at least: a register kept person by person, not a row or two
        standing for the role. Built once, for the first person of no row at all."""
        nonlocal by_kind
        if by_kind is None:
            people_of: dict[str, int] = {}
            counts: dict[str, dict[str, int]] = {}
            for other in items:
                names = values_of(other, p.person, None)
                if not names:
                    continue
                own = {fold(v) for v in of(reference_key(names[0]), ever, ever_either)}
                for kind in dict.fromkeys(fold(k) for k in values_of(other, p.kind, None)):
                    people_of[kind] = people_of.get(kind, 0) + 1
                    counted = counts.setdefault(kind, {})
                    for value in own:
                        counted[value] = counted.get(value, 0) + 1
            by_kind = {
                kind: {value for value, n in counted.items() if 2 * n >= people_of[kind]}
                for kind, counted in counts.items()
            }
        return by_kind

    scopes = _Scopes(items, set(scoped.values())) if scoped else None
    for item in items:
        kinds = values_of(item, p.kind, None)
        wanted = dict.fromkeys(
            v
            for kind in kinds
            for v in exact.get(fold(kind)) or loose.get(reference_key(kind)) or []
            if scopes is None or scopes.applies(item, scoped.get((reference_key(kind), fold(v))))
        )
        people = values_of(item, p.person, None)
        if not wanted or not people:
            continue  # a kind that needs nothing, or no person: other checks say so
        key = reference_key(people[0])
        owned = of(key, held, held_either)
        coded = p.codes_only is not None and holds(p.codes_only, item, ctx.as_of)
        # who holds only what has lapsed is checked where no other check holds them to records
        # (those `codes_only` selects, when it is given)
        # Who holds nothing at all is another check's finding, but where no other check holds
        # them to records (those `codes_only` selects) and the register has no row of them at
        # all: then they are held to what it records for others of their kind in the very
        # words of the need (the other setters' "Einrichten Spritzgießmaschinen"), no more
        bare = not owned and p.holders_only and not (key in lapsed and (coded or not p.codes_only))
        if bare and not (coded and not of(key, ever, ever_either)):
            continue
        if p.learning is not None and holds(p.learning.where, item, ctx.as_of):
            # what they are learning is theirs; who holds nothing else is still another check's
            owned = owned | of(key, *learnt)
        known = _Known({reference_key(h) for h in owned})
        if p.held.whole_kind and any(fold(k) in owned or known.names(k) for k in kinds):
            continue
        in_register = _Holdings(of(key, ever, ever_either))
        more = of(key, extra, extra_either)
        current = _Holdings(owned, known)
        owned_ever = _Holdings(in_register.values, known) if coded else current
        anywhere = _Holdings(owned_ever.values | more) if more else owned_ever
        for value in wanted:
            if bare and not any(fold(value) in peers().get(fold(k), ()) for k in kinds):
                continue
            # the register alone judges what it records for the person
            alone = not more or in_register.has(value)
            now = current if alone else _Holdings(owned | more)
            if coded and not _codes(value):
                if fold(value) not in recorded:
                    continue  # needed in free words the register does not record them in
                if not now.has(value, coded=False):
                    result.violations.append(_not_held(item, p, kinds, value, people[0], title))
                    continue
            elif not (owned_ever if alone else anywhere).has(value):
                result.violations.append(_not_held(item, p, kinds, value, people[0], title))
                continue
            needed_level = max(
                (least.get((fold(kind), fold(value)), 0) for kind in kinds), default=0
            )
            had = levels.get((key, fold(value)))
            if needed_level and had is not None and had < needed_level:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {people[0]} holds {value!r} at level {had}, below the "
                        f"level {needed_level} their {p.kind} {', '.join(kinds)!r} needs",
                        item.where(p.person),
                        code="not-held",
                    )
                )
    return cap(result)


MIN_SCOPE_CELL = 3
MAX_RESTRICTIONS = 200  # needs restricted in words that are told apart; the rest apply to all


class _Scopes:
    """Whom a need restricted in words applies to ("Healthcare sites only (C101 Kennet Valley
    NHS FT)"): the people whose own record (any of its cells, as the organization wrote it) names
    a code the restriction names, or failing codes, a site or department it names in words. A
    restriction that names nothing any record holds cannot be told apart, and applies to all."""

    def __init__(self, items: Sequence[Item], restrictions: set[str]) -> None:
        self._own: dict[int, frozenset[str]] = {}
        cells: set[str] = set()
        codes: set[str] = set()
        for item in items:
            own = _own_cells(item)
            found = {code for cell in own for code in codes_named(cell)}
            self._own[id(item)] = frozenset(own) | found
            cells.update(own)
            codes.update(found)
        self._to: dict[str, frozenset[str]] = {}  # restriction -> the codes or cells it names
        # each restriction is looked for among every distinct cell: a bounded number of them
        for restricted in sorted(restrictions)[:MAX_RESTRICTIONS]:
            named = set(codes_named(restricted)) & codes
            if not named:
                named = {cell for cell in cells if _names(restricted, cell)}
            if named:
                self._to[restricted] = frozenset(named)

    def applies(self, item: Item, restricted: str | None) -> bool:
        named = self._to.get(restricted) if restricted else None
        return named is None or not named.isdisjoint(self._own.get(id(item), ()))


def _own_cells(item: Item) -> list[str]:
    """An item's cells that could say where or for whom it works: folded, with a letter."""
    cells = []
    for value in (item.written or item.fields).values():
        if isinstance(value, str):
            cell = fold(value)
            if len(cell) >= MIN_SCOPE_CELL and any(c.isalpha() for c in cell):
                cells.append(cell)
    return cells


def _names(text: str, cell: str) -> bool:
    """Whether folded `text` names folded `cell` as whole words."""
    at = text.find(cell)
    while at >= 0:
        end = at + len(cell)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        at = text.find(cell, at + 1)
    return False


class _Holdings:
    """What one person holds, and whether it holds a value as written, as a reference names it,
    or (with `coded`) by the codes of the documents or standards it names."""

    def __init__(self, values: set[str], known: _Known | None = None) -> None:
        self.values = values
        self._known = known
        self._bare_values: set[str] | None = None

    def _bare(self) -> set[str]:
        """The values without the remark that closes them (its closing parenthesis folded away)."""
        if self._bare_values is None:
            self._bare_values = {without_folded_remark(v) for v in self.values}
        return self._bare_values

    def has(self, value: str, coded: bool = True) -> bool:
        if fold(value) in self.values:
            return True
        if without_remark(value) == value and fold(value) in self._bare():
            # a need written without a remark is held under one ("HLR" by "HLR (giltig t.o.m.)",
            # a competence matrix kept across naming each by its column's header); a need with a
            # remark of its own ("(C2)") is held only as written
            return True
        if self._known is None:
            self._known = _Known({reference_key(h) for h in self.values})
        if self._known.names(value) or (coded and _coded(value, self.values)):
            return True
        # a course a matrix names by its code and title ("T-001 QEMS Awareness"), a log by
        # its title alone
        code, _, title = value.strip().partition(" ")
        return (
            bool(title)
            and _ID_SHAPED.match(code.casefold()) is not None
            and (fold(title) in self.values or self._known.names(title))
        )


def _merge(
    found: tuple[dict[str, set[str]], dict[str, set[str]]],
    into: dict[str, set[str]],
    into_either: dict[str, set[str]],
) -> None:
    """Add one source's holdings (`_held_by_person`) to those of the others."""
    for source, target in zip(found, (into, into_either), strict=True):
        for person, values in source.items():
            target.setdefault(person, set()).update(values)


def _levels_by_person(rows: list[Item], spec: Held) -> dict[tuple[str, str], int]:
    """(person, what is held, folded) -> the highest level a row records for it."""
    levels: dict[tuple[str, str], int] = {}
    for row in rows:
        level = level_held(row.fields.get(str(spec.level)))
        if level is None:
            continue
        for person in values_of(row, spec.person, None):
            for value in values_of(row, spec.value, None):
                k = (reference_key(person), fold(value))
                levels[k] = max(level, levels.get(k, 0))
    return levels


def _not_held(
    item: Item, p: HoldsParams, kinds: list[str], value: str, person: str, title: str
) -> Violation:
    return Violation(
        f"{label(item)}: {item.named(p.kind)} {', '.join(kinds)!r} needs {value!r}, not found "
        f"for {person} "
        f"in {title}{_selected(p.held.where, p.held.records)}"
        + (" (nor in the other records of it)" if p.also_held else ""),
        item.where(p.person),
        code="not-held",
    )


def _held_by_person(
    rows: list[Item], spec: Held
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Person -> what they hold, as written (folded); and the same by the words of the person's
    name in either order ("Bormolini Simone", as a "Cognome e nome" column writes him, is Simone
    Bormolini of the staff register)."""
    held: dict[str, set[str]] = {}
    either_held: dict[str, set[str]] = {}
    for row in rows:
        for person in values_of(row, spec.person, None):
            values = {fold(v) for v in values_of(row, spec.value, None)}
            key = reference_key(person)
            held.setdefault(key, set()).update(values)
            if (either := either_order(key)) is not None:
                either_held.setdefault(either, set()).update(values)
    return held, either_held


# A document's or a standard's code in a competence: letters and digits joined by - . or /
# ("IO-CT-01", "M-EN-04-01", "EN 1090"'s 1090), or a number of four digits or more (ISO 50001's
# 50001, UNI CEI 11339's 11339)
_CODE = re.compile(
    r"(?<![\w-])(?:[A-Za-z]+[-./]?\d[\w./-]*"  # WI7, IO-01
    r"|[A-Za-z]+(?:[-./][A-Za-z0-9]+)*[-./]\d[\w./-]*"  # IO-CT-01, M-EN-04-01
    r"|\d{4,})"  # 50001
)


def _codes(text: str) -> set[str]:
    codes = {code.rstrip("./-").casefold() for code in _CODE.findall(text)}
    return {c for c in codes if not (c.isdigit() and 1900 <= int(c) <= 2099)}  # no year


def _coded(value: str, holds: set[str]) -> bool:
    """Whether a competence that names documents or standards by code ("IO-CT-01 con verifica in
    campo") is held by records naming each of those codes ("IO-CT-01 rev. 4 Conduzione centrale
    termica"): training on a document is evidence for the competence the document sets."""
    wanted = _codes(value)
    return bool(wanted) and wanted <= {code for h in holds for code in _codes(h)}


# --- renewed ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class People:
    """Who is checked: the items of another evidence type (the active staff), each a person and
    what the person is (a role)."""

    evidence: EvidenceName
    person: Annotated[str, Doc("the field naming the person")]
    kind: Annotated[str, Doc("the field naming what the person is (a role)")]
    where: Annotated[Condition | None, Doc("a condition: only the people that satisfy it")] = None


@dataclass(frozen=True, kw_only=True)
class RenewedParams(EveryItem):
    """No record of something a person holds (a licence, a certificate) has lapsed without a
    renewal, for a person `people` lists, where their kind needs it: each record of the same
    person and the same thing is past its `until` date, and what their kind needs (`needs`)
    names it by a code or a word of its own. Where `needs` says nothing of any kind at all, every
    lapsed record of such a person is a finding."""

    person: Annotated[str, Doc("the column naming who holds it")]
    value: Annotated[str, Doc("the column naming what is held")]
    until: Annotated[str, Doc("the column holding the date it is valid until")]
    people: Annotated[People, Doc("the people held to their records (the active staff)")]
    needs: Annotated[Needed, Doc("what each kind needs")]


def check_renewed(ctx: CheckContext, p: RenewedParams) -> CheckResult:
    items, result = every_item(ctx, p)
    lapsed: dict[tuple[str, str], tuple[dt.date, Item, str]] = {}
    current: set[tuple[str, str]] = set()
    for item in items:
        for person in values_of(item, p.person, None):
            for value in values_of(item, p.value, None):
                key = (reference_key(person), reference_key(value))
                when = date_or_none(item, p.until)
                if when is None or when >= ctx.as_of:
                    current.add(
                        key
                    )  # in date, or valid with no end (or unreadable: said elsewhere)
                elif key not in lapsed or when > lapsed[key][0]:
                    lapsed[key] = (when, item, value)
    people, people_result = ctx.items(p.people.evidence, p.people.where)
    result.extend(people_result)
    kinds: dict[str, list[str]] = {}
    for row in people:
        for person in values_of(row, p.people.person, None):
            found = values_of(row, p.people.kind, None)
            kinds.setdefault(reference_key(person), []).extend(found)
            if (either := either_order(reference_key(person))) is not None:
                kinds.setdefault(either, []).extend(found)
    needed_items, needed_result = ctx.items(p.needs.evidence)
    result.extend(needed_result)
    needs: dict[str, list[str]] = {}
    for row in needed_items:
        for kind in values_of(row, p.needs.key, None):
            needs.setdefault(reference_key(kind), []).extend(
                values_of(row, p.needs.value, p.needs.separator)
            )
    for (person, thing), (when, item, value) in sorted(lapsed.items(), key=lambda kv: kv[0]):
        if (person, thing) in current:
            continue  # renewed
        of = kinds.get(person)
        if of is None:
            continue  # not one of the people checked (left, or on leave)
        if any(reference_key(kind) == thing for kind in of):
            # an assessment of their competence in their role itself ("Administrator systemów",
            # assessed yearly before production access): the role needs it, whatever it lists
            why = f"; it is the assessment of their {p.people.kind} itself"
        elif needs:
            wanted = [n for kind in of for n in needs.get(reference_key(kind), ())]
            naming = next((n for n in wanted if _own_words(n) & _own_words(value)), None)
            if naming is None:
                continue  # their kind needs it not: an old course, another job's ticket
            why = f"; their {p.people.kind} {', '.join(of)!r} needs {naming!r}"
        else:
            why = ""
        result.violations.append(
            Violation(
                f"{label(item)}: {value} lapsed on {when.isoformat()} and no renewal is "
                f"recorded{why}",
                item.where(p.until),
                code="lapsed",
            )
        )
    return cap(result)


# Words of a competence's name too common to tie two names together ("safety", "training")
_COMMON_WORDS = frozenset(
    {"safety", "training", "course", "certificate", "certification", "certified", "licence",
     "license", "evaluation", "operation", "operator", "awareness", "refresher", "basic",
     "advanced", "level", "module", "general", "valid", "sicherheit", "schulung", "unterweisung",
     "ausbildung", "nachweis", "zertifikat", "bescheinigung", "gültig", "seguridad",
     "capacitación", "curso", "certificado", "operación", "formation", "sécurité", "certificat",
     "habilitation", "sicurezza", "formazione", "corso", "certificato", "veiligheid", "opleiding",
     "cursus", "certificaat", "geldig", "bezpieczeństwo", "szkolenie", "kursus", "certifikat",
     "sikkerhed", "segurança", "formação", "code"}
)  # fmt: skip
MIN_OWN_WORD = 5  # letters of a word of a name's own


def _own_words(name: str) -> set[str]:
    """The words and codes that are a competence name's own: a code or number ("c-5", "95",
    "9606-1") or a word of five letters or more that is not a common one."""
    said = set()
    for token in _TOKEN.findall(reference_key(name)):
        for part in (token, *re.split(r"[./]", token)):
            if any(c.isdigit() for c in part):
                if not (part.isdigit() and len(part) == 4 and part.startswith(("19", "20"))):
                    said.add(part)  # a year names nothing
            elif len(part) >= MIN_OWN_WORD and part not in _COMMON_WORDS:
                said.add(part)
    return said


# --- unique -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class UniqueParams(EveryItem):
    """No value of `column` appears twice among the items (case-insensitive)."""

    column: Annotated[str, Doc("the column (or field) whose values must differ")]
    within: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc(
            "columns that group the items: values must differ only among items with the same "
            "values there (finding numbers restart with each audit)"
        ),
    ] = None


def check_unique(ctx: CheckContext, p: UniqueParams) -> CheckResult:
    items, result = every_item(ctx, p)
    seen: dict[tuple[str, ...], Item] = {}
    for item in items:
        group = tuple(fold(text_of(item.fields.get(c))) for c in p.within or ())
        for value in values_of(item, p.column, None):
            key = (*group, value.casefold())
            first = seen.get(key)
            if first is None:
                seen[key] = item
            else:
                result.violations.append(
                    Violation(
                        f"{p.column} {value!r} is used again (first at {first.where(p.column)})",
                        item.where(p.column),
                        code="duplicate",
                    )
                )
    return cap(result)


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "renewed",
        check_renewed,
        RenewedParams,
        summary="no record a person's kind needs has lapsed without a renewal",
    )
    registry.register_typed(
        "covers",
        check_covers,
        CoversParams,
        summary="the values of `column` cover a set, or another evidence type's column",
    )
    registry.register_typed(
        "references",
        check_references,
        ReferencesParams,
        summary="every value of `column` appears in another evidence type's column",
    )
    registry.register_typed(
        "excludes",
        check_excludes,
        ExcludesParams,
        summary="no value of `column` names a value of another evidence type's column",
    )
    registry.register_typed(
        "independent",
        check_independent,
        IndependentParams,
        summary="whoever did each item is not responsible for what it covers",
    )
    registry.register_typed(
        "holds",
        check_holds,
        HoldsParams,
        summary="every person holds each thing their kind (role) needs, as another evidence "
        "type records it",
    )
    registry.register_typed(
        "unique",
        check_unique,
        UniqueParams,
        summary="no value of `column` appears twice (case-insensitive)",
    )
