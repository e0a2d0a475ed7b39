"""Checks that hold a condition against the items: records (every item), ratio (a share of them),
rated_as_scored and kept_above_floor (scores against a criterion), at_each_site (an item
for each site the profile declares)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from isocheck.checks import (
    CheckContext,
    CheckRegistry,
    CheckResult,
    Violation,
    label,
)
from isocheck.checks.common import (
    Condition,
    EveryItem,
    EvidenceName,
    NonEmpty,
    Selection,
    cap,
    date_of,
    every_item,
    mentions_subject,
    names_in,
    none_found,
    only_unkept,
    subject_words,
)
from isocheck.checks.params import AtLeastOne, Constraint, Doc, Maximum, Minimum, MinItems
from isocheck.conditions import BadDate, describe, evaluate, predicate, text_of, to_date
from isocheck.evidence import Item
from isocheck.meaning import floors_said, fold, to_number, words
from isocheck.model import Site
from isocheck.names import codes_named, reference_key

# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LatestOf:
    """The latest item of each key: a log that adds a row at each attempt or each renewal."""

    key: Annotated[list[NonEmpty], MinItems(1), Doc("the columns whose values make the key")]
    by: Annotated[str, Doc("the date column that orders the items of a key")]
    first: Annotated[
        str | None,
        Doc(
            "a column of the key that may name an inspection done once, when the thing was put "
            "up or into service ('after assembly', 'initial examination', 'Erstprüfung'): a "
            "later item of the same other key columns follows it, whatever it names there"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Mentioned:
    """Records that name no item, but say in words what they were raised for: "Suspended solids
    above licence limit" for a result of "Suspended solids" outside its limit."""

    subject: Annotated[
        str, Doc("the column of the lapsed item whose subject a record mentions ('indicator')")
    ]
    date: Annotated[str, Doc("the column of a record's date")]
    since: Annotated[
        str,
        Doc("the column of the lapsed item's date: a record dated before it is of something else"),
    ]


@dataclass(frozen=True, kw_only=True)
class Corrected:
    """The organization's own records of lapses it found and corrected (a nonconformity log)."""

    evidence: EvidenceName
    key: Annotated[str, Doc("the column of each record's identifier ('CAPA-26-005')")]
    where: Annotated[
        Condition | None, Doc("a condition: only the records that satisfy it (closed) count")
    ] = None
    mentions: Annotated[
        Mentioned | None,
        Doc(
            "a record dated on or after the lapse that mentions its subject in words, in any"
            " of its cells (every word of it; of three or more, all but one), took it up too,"
            " naming no item"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Trainers:
    """Who assesses others in a thing (a course's trainer, who signs off everyone trained in it)."""

    person: Annotated[str, Doc("the column naming whose record the row is")]
    by: Annotated[str, Doc("the column naming who assessed or trained them")]
    value: Annotated[str, Doc("the column naming what was assessed (the competence, the course)")]


@dataclass(frozen=True, kw_only=True)
class RecordsParams(EveryItem):
    """Every item matching `where` satisfies `require`."""

    require: Annotated[Condition, Doc("the condition every item must satisfy")]
    latest_of: Annotated[
        LatestOf | None,
        Doc(
            "only the latest item of each key is held to `require` (a training log's last "
            "attempt at each course by each person); an undated item is never the latest"
        ),
    ] = None
    trainers: Annotated[
        Trainers | None,
        Doc(
            "a row naming its own person as assessor is held to `require` only where that"
            " person assesses the same thing for no one else: the one who trains and signs off"
            " everyone in a course records their own standing in it, not a self-assessment"
        ),
    ] = None
    corrected: Annotated[
        Corrected | None,
        Doc(
            'a past lapse whose own item names one of these records ("reviewed late, see'
            ' CAPA-26-005") was found and corrected by the organization: no new nonconformity.'
            " Only for lapses that are over, never for a state that lasts"
        ),
    ] = None


def check_records(ctx: CheckContext, p: RecordsParams) -> CheckResult:
    items, result = every_item(ctx, p)
    if p.latest_of is not None:
        items = _latest_of_each(items, p.latest_of)
    meets = predicate(p.require, ctx.as_of)
    corrected: set[str] | None = None
    mentioned: list[tuple[dt.date, list[str]]] | None = None
    trainers = (
        _trainers(ctx.evidence(p.evidence).items, p.trainers) if p.trainers is not None else None
    )
    for item in items:
        reasons = [] if meets(item) else evaluate(p.require, item, ctx.as_of)
        if reasons and trainers and p.trainers is not None and _trains(item, p.trainers, trainers):
            continue
        if reasons and p.corrected is not None:
            if corrected is None:
                corrected = names_in(
                    ctx, p.corrected.evidence, p.corrected.key, p.corrected.where, result
                )
            if _names_one_of(item, corrected):
                continue
            if (spec := p.corrected.mentions) is not None:
                if mentioned is None:
                    mentioned = _mentions(ctx, p.corrected, spec, result)
                if _mentioned(item, spec, mentioned):
                    continue
        if reasons:
            # cited where the first field found wanting is kept (the register row a document
            # takes its review date from), or the first field asked for
            fields = [f for f in p.require if f not in ("any", "all", "not")]
            failing = next(
                (f for f in fields if evaluate({f: p.require[f]}, item, ctx.as_of)), None
            )
            first_field = failing or next(iter(p.require), None)
            ref = item.where(first_field) if item.parsed is not None else item.ref
            code = "not-kept" if only_unkept(p.require, item, ctx) else "unmet"
            result.violations.append(
                Violation(f"{label(item)}: {'; '.join(reasons)}", ref, code=code)
            )
    return cap(result)


def _trainers(items: list[Item], spec: Trainers) -> set[tuple[str, str]]:
    """(assessor, thing) for each row where someone assessed another person in the thing."""
    found: set[tuple[str, str]] = set()
    for row in items:
        by = reference_key(text_of(row.fields.get(spec.by)))
        if by and by != reference_key(text_of(row.fields.get(spec.person))):
            found.add((by, fold(text_of(row.fields.get(spec.value)))))
    return found


def _trains(item: Item, spec: Trainers, trainers: set[tuple[str, str]]) -> bool:
    """Whether an item's assessor is its own person, who assesses the same thing for others."""
    by = reference_key(text_of(item.fields.get(spec.by)))
    return (
        bool(by)
        and by == reference_key(text_of(item.fields.get(spec.person)))
        and (by, fold(text_of(item.fields.get(spec.value)))) in trainers
    )


def _mentions(
    ctx: CheckContext, corrected: Corrected, spec: Mentioned, result: CheckResult
) -> list[tuple[dt.date, list[str]]]:
    """Each dated record of `corrected` with the words of its cells, as the organization wrote
    them (a title column the profile does not map says what the record is about as well)."""
    found, found_result = ctx.items(corrected.evidence, corrected.where)
    result.extend(found_result)
    dated: list[tuple[dt.date, list[str]]] = []
    for record in found:
        try:
            when = to_date(record.fields.get(spec.date))
        except BadDate:
            continue  # undated: of no lapse in particular
        said = " ".join(
            value for value in (record.written or record.fields).values() if isinstance(value, str)
        )
        dated.append((when, words(said)))
    return dated


def _mentioned(item: Item, spec: Mentioned, records: list[tuple[dt.date, list[str]]]) -> bool:
    """Whether a record dated on or after the item's `since` mentions its `subject` in words."""
    subject = subject_words(text_of(item.fields.get(spec.subject)))
    if not subject:
        return False
    try:
        since = to_date(item.fields.get(spec.since))
    except BadDate:
        return False
    return any(when >= since and mentions_subject(subject, said) for when, said in records)


def _names_one_of(item: Item, keys: set[str]) -> bool:
    """Whether any cell of an item, as the organization wrote it, names one of `keys`."""
    for value in (item.written or item.fields).values():
        if isinstance(value, str) and any(reference_key(c) in keys for c in codes_named(value)):
            return True
    return False


# Words after a course's name that mark another attempt at it, not another course: "Egzamin
# spawacza EN ISO 9606-1 (136, PF) - poprawka", "First aid (resit)", "Staplerschein -
# Wiederholungsprüfung", "Huấn luyện ATVSLĐ nhóm 4 - sát hạch lại"
_ANOTHER_ATTEMPT = re.compile(
    r"[\s,;:(\[–-]*\b(?:retake|re-take|resit|re-sit|retest|re-test|second attempt|repeat(?:ed)? attempt|"
    r"poprawka|poprawkowy|egzamin poprawkowy|wiederholung|wiederholungsprüfung|nachprüfung|"
    r"repetición|recuperación|repesca|rattrapage|herkansing|herexamen|opravný termín|"
    r"opravná zkouška|opravná|opakování|uusinta|omprøve|omtentamen|ripetizione|recupero|"
    r"recuperação|repescagem|repetição(?: d[oa] (?:exame|prova|teste))?|"
    r"repetición del examen|ripetizione dell'esame|"
    r"pótvizsga|javítóvizsga|ismétlés|reexaminare|repetare|reluare|"
    r"επανάληψη|επανεξέταση|再受験|再試験|追試験|追試|再テスト|补考|重考|재시험|재응시|"
    r"sát hạch lại|thi lại|kiểm tra lại)"
    r"[\s)\].]*$",
    re.IGNORECASE,
)
MAX_KEY_CELL = 200  # characters of a key cell looked at for a mark of another attempt


def _attempted(value: str) -> tuple[str, bool]:
    """A key cell without a closing mark of another attempt, and whether it had one."""
    if len(value) > MAX_KEY_CELL:
        return value, False
    bare = _ANOTHER_ATTEMPT.sub("", value)
    return bare, bare != value


# A course's name done again: "reexaminare ...", "re-examination ...", "re-test ..."; what
# follows "re" is the name done first (at least five letters of it)
_RE_DONE = re.compile(r"^re-?(\w{5,}.*)$")

# What follows a course's name before the words that tell one session of it from another:
# "Řidič VZV – periodické přezkoušení", "Forklift: annual refresher", "First aid (day 2)"
_QUALIFIER = re.compile(r"\s*[–—\-:(,/]")
MAX_HEADS = 16  # names a key's course may be retaken by, at most


def _heads(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The keys a retake may name another key's course by: each cell, or its name before a
    qualifier ("Řidič VZV" of "Řidič VZV – periodické přezkoušení"); the key itself aside."""
    heads: set[tuple[str, ...]] = {()}
    for part in key:
        cuts = {part} | {part[: m.start()] for m in _QUALIFIER.finditer(part) if m.start() > 0}
        heads = {(*head, cut) for head in heads for cut in cuts}
        if len(heads) > MAX_HEADS:
            return set()
    heads.discard(key)
    return heads


def _latest_of_each(items: list[Item], latest: LatestOf) -> list[Item]:
    """The latest dated item of each key, in the order the items come; a retake is an attempt
    at the same thing ("... - poprawka", "(resit)"), and one that names the course by the name
    the failed attempt qualifies ("Řidič VZV – opravná zkouška" after "Řidič VZV – periodické
    přezkoušení") supersedes it."""
    best: dict[tuple[str, ...], tuple[dt.date, int]] = {}
    retakes: dict[tuple[str, ...], dt.date] = {}
    for at, item in enumerate(items):
        value = item.fields.get(latest.by)
        if value is None or value == "":
            continue
        try:
            when = to_date(value)
        except BadDate:
            continue
        parts = [_attempted(text_of(item.fields.get(k))) for k in latest.key]
        key = tuple(reference_key(bare) for bare, _ in parts)
        if key not in best or when >= best[key][0]:
            best[key] = (when, at)
        if any(marked for _, marked in parts) and (key not in retakes or when > retakes[key]):
            retakes[key] = when
    if retakes:
        for key, (when, _) in list(best.items()):
            if any(when <= retakes.get(head, dt.date.min) for head in _heads(key)):
                del best[key]
    # "Reexaminare legător de sarcină" after "Examinare legător de sarcină", "Re-test" after
    # "Test": the course named again with "re" is its retake
    for key, (when, _) in list(best.items()):
        for i, part in enumerate(key):
            again = _RE_DONE.match(part)
            if again is None:
                continue
            first = (*key[:i], again.group(1), *key[i + 1 :])
            if first in best and best[first][0] <= when:
                del best[first]
    if latest.first is not None and latest.first in latest.key and len(latest.key) > 1:
        _supersede_first(best, latest.key.index(latest.first))
        _supersede_by_retest(best, latest.key.index(latest.first))
    kept = {at for _, at in best.values()}
    return [item for at, item in enumerate(items) if at in kept]


# The words of an inspection done once, when the thing was put up or put into service, after
# which its periodic inspections follow: a tower crane's "Verificação após montagem", "initial
# examination", "Erstprüfung", "mise en service" (as keys are compared: folded, unaccented)
_FIRST_INSPECTION = re.compile(
    r"\b(?:initial|initiale?|inicial|iniziale|first|erst\w*|commissioning|after (?:assembly|"
    r"installation|erection|installing)|(?:apos|tras|despues de|dopo(?: il)?|apres|nach|na|po)"
    r" (?:a |la |le |il )?(?:montagem|montaje|montaggio|montage|montazu|instalacao|instalacion|"
    r"installazione|installation|aufstellung|opstelling)|(?:mise|puesta|messa|colocacao|entrada)"
    r" (?:en|in|em) (?:service|servicio|servizio|servico|funcionamento)|inbetriebnahme|"
    r"ingebruikname|odbiorcze|odbior)\b"
)
MAX_FIRST_CELL = 120  # characters of a key cell looked at for the words of a first inspection


def _supersede_first(best: dict[tuple[str, ...], tuple[dt.date, int]], i: int) -> None:
    """Drops from `best` each key whose part `i` names a first inspection (after assembly, at
    commissioning) that a later item of the same other parts follows: the thing's periodic
    inspections took over from it."""
    firsts = [
        key
        for key in best
        if len(key[i]) <= MAX_FIRST_CELL and _FIRST_INSPECTION.search(key[i]) is not None
    ]
    if not firsts:
        return
    latest: dict[tuple[str, ...], dt.date] = {}  # the latest date of each thing (part i aside)
    for key, (when, _) in best.items():
        rest = (*key[:i], *key[i + 1 :])
        if rest not in latest or when > latest[rest]:
            latest[rest] = when
    for key in firsts:
        if latest[(*key[:i], *key[i + 1 :])] > best[key][0]:
            del best[key]


# The words of an inspection repeated after a repair, which closes the one the thing failed:
# "Nachprüfung nach Reparatur", "re-inspection after repair", "contre-visite" (as keys are
# compared: folded, unaccented)
_RETEST = re.compile(
    r"\b(?:nachprufung|herkeuring|contre-visite|re-?inspection|re-?test|follow-up inspection|"
    r"(?:after|nach|apres|tras|despues de|dopo(?: la)?|na|po|apos|efter|etter) "
    r"(?:the )?(?:repair|reparatur|instandsetzung|reparation|reparacion|riparazione|reparatie|"
    r"naprawie|naprawy|reparacao|reparation|reparasjon|reparasjonen|korjauksen|opravy|opravě))\b"
)


def _supersede_by_retest(best: dict[tuple[str, ...], tuple[dt.date, int]], i: int) -> None:
    """Drops from `best` each key that an inspection after a repair of the same thing (its
    other parts the same), on or after its date, follows: the repeated inspection closes the
    one the thing failed, and states when the next is due."""
    marked = {
        key for key in best if len(key[i]) <= MAX_FIRST_CELL and _RETEST.search(key[i]) is not None
    }
    retests: dict[tuple[str, ...], dt.date] = {}
    for key in marked:
        rest = (*key[:i], *key[i + 1 :])
        retests[rest] = max(best[key][0], retests.get(rest, dt.date.min))
    for key, (when, _) in list(best.items()):
        rest = (*key[:i], *key[i + 1 :])
        if rest in retests and when <= retests[rest] and key not in marked:
            del best[key]


# --- ratio --------------------------------------------------------------------------------------

Share = Annotated[float, Minimum(0), Maximum(1)]


@dataclass(frozen=True, kw_only=True)
class RatioParams(Selection):
    """The share of items (matching `where`) that satisfy `require` is within bounds."""

    require: Annotated[Condition, Doc("the condition counted")]
    min: Annotated[Share | None, Doc("the smallest share allowed, 0 to 1")] = None
    max: Annotated[Share | None, Doc("the largest share allowed, 0 to 1")] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (AtLeastOne("min", "max"),)


def check_ratio(ctx: CheckContext, p: RatioParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    meets = predicate(p.require, ctx.as_of)
    failing = [i for i in items if not meets(i)]
    share = (len(items) - len(failing)) / len(items)
    low, high = p.min, p.max
    if (low is not None and share < low) or (high is not None and share > high):
        bound = f"at least {low:.0%}" if low is not None and share < low else f"at most {high:.0%}"
        listed = "; ".join(f"{label(i)} ({i.ref})" for i in failing[:10])
        more = f" and {len(failing) - 10} more" if len(failing) > 10 else ""
        result.violations.append(
            Violation(
                f"in {share:.1%} of {len(items)} item(s), {describe(p.require)}; expected "
                f"{bound}; not in: {listed}{more}",
                code="share",
            )
        )
    return result


@dataclass(frozen=True, kw_only=True)
class RatedAsScoredParams(EveryItem):
    """Every item scored at or above `threshold` in `score` is rated as `rated` says (an aspect
    scoring at or above the significance score is significant). With `threshold: auto` the
    register is held to its own criterion, as an auditor reads a scale they do not know: the
    score from which its ratings show it rates items so (among those rated for their score,
    not for a reason `unless` gives, such as a legal requirement), so that an item scoring as
    high, not rated so, is out of step with the register's own ratings."""

    score: Annotated[str, Doc("the field holding each item's score (a number)")]
    rated: Annotated[Condition, Doc("what an item rated so satisfies (significant: yes)")]
    threshold: Annotated[
        Any,
        Doc(
            "the score from which an item must be rated so: a number, or auto (the register's own)"
        ),
    ]
    unless: Annotated[
        Condition | None,
        Doc(
            "a condition: items rated so for another reason (a legal requirement, a justification)"
        ),
    ] = None
    unless_of_some: Annotated[
        bool,
        Doc(
            "true: `unless` marks a reason only where some scored items do not satisfy it (a "
            "justification every row gives is the register's rationale for each rating, no "
            "reason to set an item apart)"
        ),
    ] = False


AUTO = "auto"


MAX_OUT_OF_STEP = 0.25  # share of ratings a score may leave out of step and be the criterion
# (one rating out of step is always a finding, however short the register)


def _own_cut(rated: list[float], unrated: list[float], ratings: int) -> float | None:
    """The score from which a register rates items so, as its ratings show it: of the scores it
    rates so, the one that leaves fewest ratings out of step (items at or above it not rated so,
    and items below it rated so, for a reason the register does not record), the lowest where
    several do. An item rated so far below the others for an unrecorded reason (a legal limit, a
    severe emergency) does not become the criterion. None where even that score leaves more
    than one of the register's `ratings`, and more than a quarter of them, out of step: the
    register rates on something other than the score (a legal limit, in its own words), and
    no score is its criterion."""
    ours, theirs = sorted(rated), sorted(unrated)  # each cut counted by bisection, not rescanned
    best: tuple[int, float] | None = None
    for cut in sorted(set(rated)):
        out = len(theirs) - bisect.bisect_left(theirs, cut) + bisect.bisect_left(ours, cut)
        if best is None or out < best[0]:
            best = (out, cut)
    assert best is not None
    if best[0] > max(1, MAX_OUT_OF_STEP * ratings):
        return None
    return best[1]


def check_rated_as_scored(ctx: CheckContext, p: RatedAsScoredParams) -> CheckResult:
    items, result = every_item(ctx, p)
    rated = predicate(p.rated, ctx.as_of)
    other = predicate(p.unless, ctx.as_of) if p.unless is not None else None
    scored: list[tuple[Item, float, bool]] = []
    for item in items:
        try:
            value = to_number(item.fields.get(p.score))
        except ValueError:
            continue  # no score: what is asked of the scores is another check's
        scored.append((item, value, rated(item)))
    if other is not None and p.unless_of_some and all(other(item) for item, _, _ in scored):
        other = None  # every item gives it: a rationale column, not a reason of some
    if str(p.threshold).strip().casefold() == AUTO or (
        isinstance(p.threshold, int | float) and p.threshold <= 0
    ):
        own = [v for item, v, is_rated in scored if is_rated and not (other and other(item))]
        if not own:
            return result  # nothing rated for its score: no criterion of its own to hold it to
        cut = _own_cut(own, [v for item, v, is_rated in scored if not is_rated], len(scored))
        if cut is None:
            return result  # the ratings follow no score: no criterion of their own to hold them to
        threshold, said = cut, "the score from which the register rates so"
    else:
        threshold, said = float(p.threshold), f"{p.score} threshold"
    shown = f"{threshold:g}"
    for item, value, is_rated in scored:
        if value >= threshold and not is_rated:
            result.violations.append(
                Violation(
                    f"{label(item)}: {p.score} {value:g} is at or above {shown} ({said}), yet "
                    f"it is not rated so (expected: {describe(p.rated)})",
                    item.where(p.score),
                    code="unmet",
                )
            )
    return cap(result)


# --- kept_above_floor ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FloorSaid(Selection):
    """Where the organization says the score below which an item is dropped: the documents
    selected ("< 60%: suspended" in its purchasing procedure), read for the register's own words
    of the values `dropped` of its field `state`."""

    state: Annotated[str, Doc("the register's field whose values say an item is dropped")]
    dropped: Annotated[
        list[NonEmpty],
        MinItems(1),
        Doc("the values of `state` that drop an item (suspended, removed)"),
    ]


@dataclass(frozen=True, kw_only=True)
class KeptAboveFloorParams(EveryItem):
    """Every item kept (those `where` selects: approved suppliers) scores at or above the floor
    the organization's documents set, the score below which they drop an item ("below 60% the
    supplier is suspended"). Where they set none, or several, or one that no item kept reaches
    (a score on another scale), nothing is held to it."""

    score: Annotated[str, Doc("the field holding each item's score (a number)")]
    floor: Annotated[FloorSaid, Doc("the documents that set the floor, and the words of a drop")]


def check_kept_above_floor(ctx: CheckContext, p: KeptAboveFloorParams) -> CheckResult:
    items, result = every_item(ctx, p)
    scored: list[tuple[Item, float]] = []
    for item in items:
        try:
            scored.append((item, to_number(item.fields.get(p.score))))
        except ValueError:
            continue  # a grade in letters, or no score: no number to hold to a floor
    if not scored:
        return result
    floor = _floor_said(ctx, p, result)
    if floor is None or all(value < floor for _, value in scored):
        return result  # no floor, or one on another scale than the register's scores
    for item, value in scored:
        if value < floor:
            result.violations.append(
                Violation(
                    f"{label(item)}: {item.named(p.score)} {value:g} is below {floor:g}, the "
                    f"score below which the organization's own criteria drop it, yet it is kept "
                    f"({item.named(p.floor.state)} {item.fields.get(p.floor.state)})",
                    item.where(p.score),
                    code="unmet",
                )
            )
    return cap(result)


def _floor_said(ctx: CheckContext, p: KeptAboveFloorParams, result: CheckResult) -> float | None:
    """The one score below which the documents say an item is dropped, in the pack's words for
    the values `dropped` or the organization's (the profile's `values:`); None where they say
    none, or several."""
    register = ctx.evidence(p.evidence)
    known = register.type.values.get(p.floor.state, {})
    own = register.words.get(p.floor.state, {})
    dropped = [
        said
        for value in p.floor.dropped
        for said in (value, *known.get(value, ()), *([own[value]] if value in own else []))
    ]
    documents, found = ctx.items(p.floor.evidence, p.floor.where)
    result.consulted.extend(found.consulted)
    floors: set[float] = set()
    for document in documents:
        if document.parsed is not None:
            floors |= floors_said(document.parsed.text, dropped)
    return floors.pop() if len(floors) == 1 else None


# --- at_each_site ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AtEachSiteParams(EveryItem):
    """Each site of `sites` (the profile's `sites:`) has an item naming it in `column`, dated
    within the last `days` days: an exercise of the continuity plan at each data centre, where
    the plan asks one of each. An item naming a site by its id, its name or the name's leading
    words ("Dublin" for "Dublin Clonshaugh (DUB1)") is that site's; one `everywhere` selects
    stands for every site (a table-top exercise of the plan for all of them). Where the profile
    declares fewer than two sites, or no item keeps the column, nothing is held."""

    sites: Annotated[
        EvidenceName, Doc("the sites: an evidence type of the profile's sites (id, name, central)")
    ]
    column: Annotated[str, Doc("the field naming the site")]
    date: Annotated[str, Doc("the field dating each item")]
    days: Annotated[int, Minimum(1), Doc("the days within which each site needs an item")]
    everywhere: Annotated[Condition | None, Doc("items that stand for every site at once")] = None


@lru_cache(maxsize=256)  # each item of every rule asks of the same few sites
def _site_names(site: Site) -> tuple[str, str, tuple[str, ...]]:
    """What a site answers to: its id and its name as references, and its name's words."""
    return reference_key(site.id), reference_key(site.name), tuple(words(site.name))


def _site_named(sites: tuple[Site, ...], value: str) -> Site | None:
    """The one site a value names: by its id or name, or by leading words of its name."""
    said = tuple(words(value))
    if not said:
        return None
    key = reference_key(value)
    named = [
        site
        for site in sites
        if key in (names := _site_names(site))[:2] or said == names[2][: len(said)]
    ]
    return named[0] if len(named) == 1 else None


def check_at_each_site(ctx: CheckContext, p: AtEachSiteParams) -> CheckResult:
    items, result = every_item(ctx, p)
    declared, declared_result = ctx.items(p.sites)
    result.extend(declared_result)
    sites = tuple(
        Site(
            text_of(s.fields.get("id")),
            text_of(s.fields.get("name")),
            s.fields.get("central") is True,
        )
        for s in declared
    )
    if len(sites) < 2 or not any(p.column in item.fields for item in items):
        return result
    everywhere = predicate(p.everywhere, ctx.as_of) if p.everywhere is not None else None
    latest: dict[str, dt.date] = {}
    for item in items:
        when = date_of(item, p.date, result)
        if when is None or when > ctx.as_of:
            continue
        if everywhere is not None and everywhere(item):
            held = list(sites)
        else:
            site = _site_named(sites, text_of(item.fields.get(p.column))[:MAX_SITE_CELL])
            held = [site] if site is not None else []
        for site in held:
            if site.id not in latest or latest[site.id] < when:
                latest[site.id] = when
    title = ctx.evidence(p.evidence).type.title
    for site in sites:
        last = latest.get(site.id)
        if last is None or (ctx.as_of - last).days > p.days:
            since = f"the last was on {last.isoformat()}" if last else "none is recorded"
            result.violations.append(
                Violation(
                    f"{site.name}: no {title} within the last {p.days} days ({since})",
                    None,
                    code="not-covered",
                )
            )
    return cap(result)


MAX_SITE_CELL = 200  # characters of a cell read for the site it names


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "rated_as_scored",
        check_rated_as_scored,
        RatedAsScoredParams,
        summary="every item scored at or above a threshold (or the register's own) is rated so",
    )
    registry.register_typed(
        "at_each_site",
        check_at_each_site,
        AtEachSiteParams,
        summary="each site the profile declares has an item naming it within a number of days",
    )
    registry.register_typed(
        "kept_above_floor",
        check_kept_above_floor,
        KeptAboveFloorParams,
        summary="every item kept scores at or above the floor the organization's documents set",
    )
    registry.register_typed(
        "records",
        check_records,
        RecordsParams,
        summary="every item matching `where` satisfies `require`",
    )
    registry.register_typed(
        "ratio",
        check_ratio,
        RatioParams,
        summary="the share of items satisfying `require` is within bounds",
    )
