"""`isocheck lint` of a profile's evidence mapping, against the packs and against the files.

A run reads what the profile maps; a typo there (a column that is in neither the pack nor the
file) silently makes every row "empty", and a word the pack does not know only shows in the
rules that read it. Lint finds both before a run: every mapped evidence type, column and field
is one the packs know (with "did you mean"), every mapped column is in the header of the files
it was mapped for, and every cell of a column whose values a pack knows is a word it knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from isocheck.completion import REVIEWED_ON
from isocheck.conditions import predicate
from isocheck.engine import Plan, Session, with_phrases
from isocheck.errors import Problem, did_you_mean
from isocheck.evidence import Item, Resolved
from isocheck.meaning import PhraseTable, fold, names_phrase, to_days, words
from isocheck.model import (
    DOCUMENT_CONTROL_FIELDS,
    EvidenceMapping,
    EvidenceType,
    Rule,
    RulePack,
    Wide,
    shown_at,
)

MAX_PER_COLUMN = 5  # unknown words listed per column before counting the rest


def _strings(value: object) -> set[str]:
    """Every string in a rule's parameters, keys included: column and field names among them."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for key, sub in value.items():
                found.add(str(key))
                walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk(value)
    return found


def _names_read(pack: RulePack, etype: EvidenceType) -> set[str]:
    """Every string the rules of `pack` that read `etype` use: column and field names among them."""
    found: set[str] = set()
    for rule in pack.rules:
        if etype.name in rule.evidence:
            found |= _strings([c.params for c in rule.checks])
        if rule.applies_when:
            found |= _strings(rule.applies_when)
    return found


def review_mapping(plan: Plan) -> tuple[list[Problem], list[Problem]]:
    """The mapping's problems and its notes, the folder read once for both."""
    with Session(plan) as session:
        problems, notes = mapping_problems(plan, session), mapping_notes(plan, session)
        wrong, unused = phrase_problems(plan)
        return problems + wrong, notes + unused + unread_files(plan, session)


_TOPIC_SHAPED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def phrase_problems(plan: Plan) -> tuple[list[Problem], list[Problem]]:
    """The profile's `phrases:` names that name nothing the packs read: a name written as a
    topic is (lowercase, with hyphens) that is none of the packs' topics is a problem (a typo
    would leave the topic in the pack's words only); any other name that joins no topic and no
    phrase a rule wants is a note."""
    names = plan.profile.phrases
    if not names:
        return [], []
    topics = {topic for pack in plan.packs for topic in pack.topics}
    known = {
        fold(p) for pack in plan.packs for phrases in pack.topics.values() for p in phrases
    } | {fold(t) for t in topics}
    wanted = {
        fold(s)
        for pack in plan.packs
        for rule in pack.rules
        for s in _strings([c.params for c in rule.checks])
    }
    # the phrases by their first word: a name is compared only with those it could hold
    by_first: dict[str, list[str]] = {}
    for phrase in known | wanted:
        first = next(iter(words(phrase)), None)
        if first is not None:
            by_first.setdefault(first, []).append(phrase)
    problems: list[Problem] = []
    notes: list[Problem] = []
    for name in names:
        at = ("phrases", name)
        if _TOPIC_SHAPED.match(name) and name not in topics:
            problems.append(
                plan.positions.problem(
                    at,
                    f"phrases: {name!r} is not a topic of the packs{did_you_mean(name, topics)}",
                    "name a topic as isocheck explain shows it, or a phrase a rule looks for",
                )
            )
            continue
        said = words(name)
        if fold(name) in known or fold(name) in wanted:
            continue
        candidates = {
            p
            for w in said
            for form in (w, w + "s", w.removesuffix("s"))
            for p in by_first.get(form, ())
        }
        if any(names_phrase(said, phrase) for phrase in candidates):
            continue
        notes.append(
            plan.positions.problem(
                at,
                f"phrases: {name!r} names no topic of the packs and no phrase a rule looks for",
                "name a topic or phrase as isocheck explain shows it (a rule's looks_for)",
            )
        )
    return problems, notes


MAX_UNREAD_SHOWN = 12  # files named in the note on the files nothing reads, before "and n more"


def unread_files(plan: Plan, session: Session) -> list[Problem]:
    """The files of the folder that no evidence type of the packs reads, as the profile and the
    packs locate them: a register kept there is read by no rule, and whatever is wrong in it
    goes unseen. A note, not a problem: a folder keeps much that is no evidence."""
    for pack in plan.packs:
        for name, etype in pack.evidence_types.items():
            if etype.kind != "profile":
                session.resolve(pack, name)
    # the profile's own packs, kept beside it, are no evidence
    read = session.index.parsed_paths() | {
        str(pack).removeprefix("./") for pack in plan.profile.packs
    }
    unread = [path for path in session.index.paths if path not in read]
    if not unread:
        return []
    shown = ", ".join(unread[:MAX_UNREAD_SHOWN])
    more = len(unread) - MAX_UNREAD_SHOWN
    return [
        plan.positions.problem(
            ("evidence",),
            f"{len(unread)} file(s) of the folder are read by no evidence type: {shown}"
            + (f" and {more} more" if more > 0 else ""),
            "if one keeps evidence (a register, records, a procedure), locate it under its type "
            "(isocheck explain lists the types and what rules read in them)",
        )
    ]


def mapping_problems(plan: Plan, session: Session) -> list[Problem]:
    """What is wrong with the profile's evidence mapping, given the packs and the files."""
    profile = plan.profile
    problems: list[Problem] = []
    seen: set[str] = set()
    periods: Periods = {}
    for pack in plan.packs:
        for name, fields in _period_fields(pack, session).items():
            for field, readers in fields.items():
                periods.setdefault(name, {}).setdefault(field, []).extend(readers)
    for pack in plan.packs:
        for name, etype in pack.evidence_types.items():
            if name in seen or etype.kind == "profile":
                continue
            seen.add(name)
            mapping = profile.evidence.get(name)
            if mapping is None and not etype.values:
                continue  # nothing mapped, no words to know: nothing to look at
            if mapping is not None:
                problems.extend(_names(plan, name, mapping, pack, etype))
            resolved = session.resolve(pack, name)
            if mapping is not None:
                problems.extend(_reading(plan, name, mapping, resolved))
                own = (
                    session.index.resolve(etype, mapping, plan.profile.document_control)
                    if mapping.also
                    else resolved
                )  # the main mapping's files only: each source of also: has its own columns
                problems.extend(_headers(plan, name, mapping, own))
                problems.extend(_lookups(plan, session, name, mapping, pack, etype))
                for i, other in enumerate(mapping.also):
                    at: tuple[str | int, ...] = ("evidence", name, "also", i)
                    problems.extend(_names(plan, name, other, pack, etype, at))
                    found = session.index.resolve(etype, other, plan.profile.document_control)
                    problems.extend(_headers(plan, name, other, found, at))
            problems.extend(_words(resolved))
            problems.extend(_periods(resolved, periods.get(name, {}), plan.as_of))
    return list(dict.fromkeys(problems))


# An evidence type's field a rule reads as a period -> (the rows it reads it of, the rules)
Periods = dict[str, dict[str, list[tuple[Any, str]]]]


def _period_fields(pack: RulePack, session: Session) -> Periods:
    """The fields the rules of `pack` read as how often something is done (a covers check's
    period_column, of the rows its `of` selects; a max_age_days test's every, of the rows its
    check selects), by evidence type, each with the rows' condition and the rule reading it."""
    found: Periods = {}

    def add(evidence: object, field: object, where: Any, rule: str) -> None:
        if isinstance(evidence, str) and isinstance(field, str):
            readers = found.setdefault(evidence, {}).setdefault(field, [])
            if (where, rule) not in readers:
                readers.append((where, rule))

    def walk(value: object, evidence: object, where: Any, rule: str) -> None:
        if isinstance(value, dict):
            if "evidence" in value:
                evidence, where = value["evidence"], value.get("where")
            of = value.get("of")
            if "period_column" in value and isinstance(of, dict):
                add(of.get("evidence"), value["period_column"], of.get("where"), rule)
            age = value.get("max_age_days")
            if isinstance(age, dict):
                add(evidence, age.get("every"), where, rule)
            for sub in value.values():
                walk(sub, evidence, where, rule)
        elif isinstance(value, list):
            for sub in value:
                walk(sub, evidence, where, rule)

    table: PhraseTable | None = None
    for rule in pack.rules:
        if not _reads_periods(rule):
            continue
        # as the rule runs: its conditions' topics the phrases that say them
        table = table or session.topics(pack)
        for check in with_phrases(rule, table).checks:
            walk(check.params, None, None, rule.id)
    return found


def _reads_periods(rule: Rule) -> bool:
    """Whether a rule reads a field as a period (see `_period_fields`)."""
    names = _strings([c.params for c in rule.checks])
    return "period_column" in names or "every" in names


def _selecting(where: Any, as_of: dt.date) -> Callable[[Item], bool]:
    """The rows a rule's condition selects; none where it is not one this reading can hold."""
    if not where:
        return lambda item: True
    try:
        return predicate(where, as_of)
    except (TypeError, ValueError, KeyError):
        return lambda item: False


def _periods(
    resolved: Resolved, fields: dict[str, list[tuple[Any, str]]], as_of: dt.date
) -> list[Problem]:
    """Cells of the fields rules read as a period ("yearly", "every 6 months") that say none, in
    the rows a rule reads it of: it would report each as no period, and hold its row to the
    pack's own."""
    problems: list[Problem] = []
    for field, readers in fields.items():
        rules = list(dict.fromkeys(rule for _, rule in readers))
        selects = [_selecting(where, as_of) for where, _ in readers]
        bad = []
        for item in resolved.items:
            cell = item.fields.get(field)
            if _filled(cell) and any(select(item) for select in selects):
                try:
                    to_days(cell)
                except ValueError:
                    bad.append((item, cell))
        for item, cell in bad[:MAX_PER_COLUMN]:
            problems.append(
                Problem(
                    shown_at(item.ref.path, None, item.ref.place),
                    item.ref.line,
                    None,
                    f"{item.named(field)} {str(cell)!r} is not a period (read by "
                    f"{_rules_shown(rules)}): write it as a number of days, months or years "
                    "('90 days', 'every 6 months', 'yearly'), or map the organization's word in "
                    f"the profile: values: {{{field}: {{{str(cell)!r}: <its period, such as "
                    "yearly>}}",
                )
            )
        if len(bad) > MAX_PER_COLUMN:
            item, _ = bad[MAX_PER_COLUMN]
            problems.append(
                Problem(
                    shown_at(item.ref.path, None, item.ref.place),
                    item.ref.line,
                    None,
                    f"... and {len(bad) - MAX_PER_COLUMN} more cells of {field} that are no period",
                )
            )
    return problems


MAX_LABELS_SHOWN = 12  # a file's columns or labels listed in a note before "..."


def mapping_notes(plan: Plan, session: Session) -> list[Problem]:
    """Columns and fields that rules read and that no file of a mapped evidence type has, under
    the pack's name, a header word, or the profile's mapping. Notes, not problems: a register
    may well not keep a column (the rules reading it then say so), but where it keeps it under
    a name of its own, one line of the profile maps it, and lint is where that is learned."""
    notes: list[Problem] = []
    seen: set[str] = set()
    for pack in plan.packs:
        for name, etype in pack.evidence_types.items():
            mapping = plan.profile.evidence.get(name)
            if name in seen or etype.kind == "profile":
                continue
            seen.add(name)
            if mapping is None:
                if not etype.optional:
                    notes.extend(_unlocated(plan, session, pack, name))
                continue
            resolved = session.resolve(pack, name)
            if not resolved.items:
                continue  # none found: the rules reading them say so
            readers = _readers(plan, name)
            declared = {*etype.columns, *etype.fields}
            for other in plan.packs:
                more = other.evidence_types.get(name)
                if more is not None:
                    declared.update(more.columns, more.fields)
            for logical in sorted(declared, key=lambda n: (n not in etype.columns, n)):
                rules = readers.get(logical)
                if not rules or any(_filled(item.fields.get(logical)) for item in resolved.items):
                    continue
                notes.append(_unfilled(plan, name, logical, rules, mapping, resolved))
    return notes


def _unlocated(plan: Plan, session: Session, pack: RulePack, name: str) -> list[Problem]:
    """An evidence type rules read that the profile does not locate and that the pack's own
    locations find nothing of: kept in a folder of the organization's own, or not kept."""
    rules = list(
        dict.fromkeys(
            planned.rule.id
            for planned in plan.rules
            if name in planned.rule.evidence
            and planned.exclusion is None  # design excluded: its files are none of our business
            and planned.synthetic is None
            # a rule of evidence the folder may well not keep (attestations of manual controls)
            and (planned.rule.applies_when or {}).get("evidence_exists") != name
        )
    )
    if not rules:
        return []
    resolved = session.resolve(pack, name)
    if resolved.found_within:
        # read from inside other documents: said, so that the organization confirms it
        return [
            plan.positions.problem(
                ("evidence",),
                f"{name} ({resolved.type.title}) is read by {_rules_shown(rules)} from "
                f"{'; '.join(resolved.found_within)}, where the profile locates none of it",
                f"if that is it, say so: evidence: {{{name}: {{locations: ['its file']"
                + (", table: 'its heading'" if resolved.type.kind == "table" else "")
                + "}}; if not, locate it where the folder keeps it",
            )
        ]
    if resolved.items or resolved.broken or resolved.files:
        return []
    shown_rules = _rules_shown(rules)
    where = ", ".join(resolved.locations) or "none"
    return [
        plan.positions.problem(
            ("evidence",),
            f"{name} ({resolved.type.title}) is read by {shown_rules}; the pack's locations "
            f"({where}) find none of it",
            f"if the folder keeps it elsewhere, locate it: evidence: {{{name}: {{locations: "
            f"['your folder/your file*.csv']}}}}",
        )
    ]


MAX_RULES_SHOWN = 4  # rules named in a note before "and n more"


def _rules_shown(rules: list[str]) -> str:
    more = len(rules) - MAX_RULES_SHOWN
    return ", ".join(rules[:MAX_RULES_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _readers(plan: Plan, name: str) -> dict[str, list[str]]:
    """Column or field name -> the rules of the plan that read it in evidence type `name`."""
    readers: dict[str, list[str]] = {}
    for pack in plan.packs:
        etype = pack.evidence_types.get(name)
        if etype is None:
            continue
        declared = {*etype.columns, *etype.fields}
        for rule in pack.rules:
            if name not in rule.evidence:
                continue
            for logical in sorted(_strings([c.params for c in rule.checks]) & declared):
                if rule.id not in readers.setdefault(logical, []):
                    readers[logical].append(rule.id)
    return readers


def _unfilled(
    plan: Plan,
    name: str,
    logical: str,
    rules: list[str],
    mapping: EvidenceMapping,
    resolved: Resolved,
) -> Problem:
    table = resolved.type.kind == "table"
    key = "columns" if table else "fields"
    shown_rules = _rules_shown(rules)
    mapped = getattr(mapping, key).get(logical)
    first = resolved.files[0] if resolved.files else None
    if table:
        labels = list(first.header or ()) if first else []
    else:
        labels = list(first.fields) if first and first.fields else []
    shown = ", ".join(labels[:MAX_LABELS_SHOWN]) + (
        " ..." if len(labels) > MAX_LABELS_SHOWN else ""
    )
    if mapped:
        every = "row" if table else "file"
        said = f"{name}: {key[:-1]} {logical} is mapped to {mapped!r}, empty in every {every}"
    else:
        said = f"{name}: {'no row of its files' if table else 'none of its files'} has "
        said += f"{key[:-1]} {logical}"
    fix = f"if the files keep it under a name of their own, map it: {key}: {{{logical}: 'their name'}}"
    if logical == REVIEWED_ON and table:
        # a register reviewed as a whole keeps no date per row: the review is its own record
        fix += (
            "; if the register is reviewed as a whole in another record (the management review, "
            "the energy review, the context analysis), name that record's evidence type: "
            "reviewed_in: <type>"
        )
    return plan.positions.problem(
        ("evidence", name),
        f"{said} (read by {shown_rules})",
        fix + (f"; the first file's {key}: {shown}" if shown else ""),
    )


def _known_by_others(plan: Plan, name: str, pack: RulePack) -> set[str]:
    """The columns and fields of evidence type `name` that the plan's other packs know: in an
    integrated system one mapping serves every standard's pack (a supplier register's
    data_access is ISO/IEC 27001's, its approved_on ISO 9001's)."""
    known: set[str] = set()
    for other in plan.packs:
        etype = other.evidence_types.get(name)
        if other is pack or etype is None:
            continue
        known.update(etype.columns, etype.fields, _names_read(other, etype))
    return known


# The mapping's attributes that name the pack's columns or fields, and the profile key they are under
MAPPED_NAMES = (
    ("columns", "columns"),
    ("joins", "columns"),
    ("per_standard", "columns"),
    ("fields", "fields"),
    ("values", "values"),
    ("defaults", "defaults"),
)


def _named(key: str) -> str:
    return "column or field" if key == "defaults" else key[:-1]


def _names(
    plan: Plan,
    name: str,
    mapping: EvidenceMapping,
    pack: RulePack,
    etype: EvidenceType,
    at: tuple[str | int, ...] | None = None,
) -> list[Problem]:
    """Mapped columns, fields and value lists that name nothing the pack knows."""
    declared = {*etype.columns, *etype.fields}
    if etype.kind != "table":
        declared.update(DOCUMENT_CONTROL_FIELDS)
    # a lookup's key may be a field of the organization's own, mapped only to join on
    known = declared | _names_read(pack, etype) | {other.key for other in mapping.lookups}
    known |= _known_by_others(plan, name, pack)
    problems = []
    for attribute, key in MAPPED_NAMES:
        for logical in getattr(mapping, attribute):
            if logical in known:
                continue
            listing = ", ".join(sorted(declared)) or "none listed"
            problems.append(
                plan.positions.problem(
                    (*(at or ("evidence", name)), key, logical),
                    f"{name} of {pack.id} has no {_named(key)} {logical!r}"
                    + did_you_mean(logical, known),
                    f"map the pack's names ({listing}); see isocheck explain {pack.id}",
                )
            )
    for logical, by in mapping.per_standard.items():
        for standard in by:
            if standard not in plan.profile.standards:
                problems.append(
                    plan.positions.problem(
                        ("evidence", name, "columns", logical, standard),
                        f"{standard!r} is none of the profile's standards "
                        f"({', '.join(plan.profile.standards)})",
                        "name each column by a standard of the profile's standards:",
                    )
                )
    for key in ("name", "value") if mapping.wide else ():
        logical = getattr(mapping.wide, key)
        if logical not in known:
            problems.append(
                plan.positions.problem(
                    ("evidence", name, "wide", key),
                    f"{name} of {pack.id} has no column {logical!r}" + did_you_mean(logical, known),
                    f"wide: {key}: names the pack's column that takes the "
                    f"{'header' if key == 'name' else 'cell'}; see isocheck explain {pack.id}",
                )
            )
    for logical in mapping.scales:
        if logical not in etype.scales:
            scaled = ", ".join(sorted(etype.scales)) or "none"
            problems.append(
                plan.positions.problem(
                    ("evidence", name, "scales", logical),
                    f"{name} of {pack.id} reads no number of column {logical!r} on a scale",
                    f"scales: names a column the pack puts on a scale ({scaled}), or goes",
                )
            )
    return problems


# Reading options that one loader reads (by its format), and what it reads
FORMAT_OPTIONS = {
    "sheet": ("xlsx", "Excel workbooks (.xlsx, .xlsm)"),
    "header_row": ("xlsx", "Excel workbooks (.xlsx, .xlsm)"),
    "table": ("markdown", "Markdown documents (.md)"),
}


def _reading(plan: Plan, name: str, mapping: EvidenceMapping, resolved: Resolved) -> list[Problem]:
    """Ways of reading the files that do not fit them: a file the option it was read with made
    unreadable (a sheet the workbook does not have), and a workbook's options given for files
    that are not workbooks (they would be ignored without a word)."""
    problems = []
    for parsed in resolved.broken:
        if parsed.error_option:
            problems.append(
                plan.positions.problem(
                    ("evidence", name, parsed.error_option),
                    f"{shown_at(parsed.path, None, parsed.error_place)}: {parsed.error}",
                )
            )
    for option, (fmt, kind) in FORMAT_OPTIONS.items():
        if getattr(mapping, option) is None:
            continue
        others = [parsed.path for parsed in resolved.files if parsed.format != fmt]
        if others:
            problems.append(
                plan.positions.problem(
                    ("evidence", name, option),
                    f"{option}: is read from {kind} only, and "
                    f"{', '.join(others[:3])}{' ...' if len(others) > 3 else ''} is not one",
                    f"remove {option}: or map {name} to the files it is meant for",
                )
            )
    return problems


def _lookups(
    plan: Plan,
    session: Session,
    name: str,
    mapping: EvidenceMapping,
    pack: RulePack,
    etype: EvidenceType,
) -> list[Problem]:
    """A lookup's columns that the pack does not know or its files' headers do not have."""
    problems = []
    known = {*etype.columns, *etype.fields} | _names_read(pack, etype)
    known |= _known_by_others(plan, name, pack)
    for i, other in enumerate(mapping.lookups):
        at: tuple[str | int, ...] = ("evidence", name, "lookup", i)
        if other.key not in known and other.key not in {*mapping.columns, *mapping.fields}:
            problems.append(
                plan.positions.problem(
                    (*at, "key"),
                    f"the lookup joins on {other.key!r}, which {name} of {pack.id} has no "
                    f"column for and its columns: do not map",
                    f"map the column of {name}'s own files naming what the lookup's file is "
                    f"keyed by, e.g. columns: {{{other.key}: 'your column'}}",
                )
            )
        for logical in (*other.mapping.columns, *other.mapping.joins):
            if logical not in known and logical != other.key:
                problems.append(
                    plan.positions.problem(
                        (*at, "columns", logical),
                        f"{name} of {pack.id} has no column {logical!r}"
                        + did_you_mean(logical, known),
                        f"a lookup fills the pack's columns; see isocheck explain {pack.id}",
                    )
                )
        found = session.index.resolve(etype, other.mapping, {})
        problems.extend(_headers(plan, name, other.mapping, found, at))
    return problems


def _headers(
    plan: Plan,
    name: str,
    mapping: EvidenceMapping,
    resolved: Resolved,
    at: tuple[str | int, ...] | None = None,
) -> list[Problem]:
    """Mapped column names that a matched table's header does not have."""
    problems = []
    named = [*mapping.columns.items()]
    named += [(logical, one) for logical, theirs in mapping.joins.items() for one in theirs]
    named += [(logical, one) for logical, by in mapping.per_standard.items() for one in by.values()]
    for logical, theirs in named:
        for parsed in resolved.files:
            if not parsed.header or theirs in parsed.header:
                continue
            shown = ", ".join(parsed.header[:12]) + (", ..." if len(parsed.header) > 12 else "")
            problems.append(
                plan.positions.problem(
                    (*(at or ("evidence", name)), "columns", logical),
                    f"column {theirs!r} is not in the header of {parsed.path}"
                    + did_you_mean(theirs, parsed.header),
                    f"its columns: {shown}",
                )
            )
    for i, written in enumerate(mapping.wide.columns if mapping.wide else ()):
        for parsed in (*resolved.files, *resolved.broken):
            if not parsed.header or Wide((written,), "", "").spread(parsed.header):
                continue
            shown = ", ".join(parsed.header[:12]) + (", ..." if len(parsed.header) > 12 else "")
            problems.append(
                plan.positions.problem(
                    ("evidence", name, "wide", "columns", i),
                    f"wide: column {written!r} matches no header of {parsed.path}",
                    f"name its columns as the header writes them, * for any characters; its "
                    f"columns: {shown}",
                )
            )
    return problems


def _words(resolved: Resolved) -> list[Problem]:
    """Cells of columns whose values the pack knows that hold a word it does not know; a column
    the pack has no name for is none of its business ("NIST SP 800-171 Mapping" holding
    "3.1.22", beside dates written 10/06/2026)."""
    etype = resolved.type
    # a pack that declares no columns reads any: every column is its business
    read = {*etype.columns, *etype.fields, *etype.values} if etype.columns or etype.fields else None
    by_column: dict[str, list[tuple[str, int | None, str]]] = {}
    for item in resolved.items:
        for column, why in item.unread.items():
            if read is not None and column not in read:
                continue
            # A cell of a workbook has a place, not a line: "Risks.xlsx, sheet Risks, row 14".
            path = shown_at(item.ref.path, None, item.ref.place)
            by_column.setdefault(column, []).append((path, item.ref.line, why))
    problems = []
    for column, cells in by_column.items():
        for path, line, why in cells[:MAX_PER_COLUMN]:
            problems.append(Problem(path, line, None, why))
        if len(cells) > MAX_PER_COLUMN:
            path, line, _ = cells[MAX_PER_COLUMN]
            problems.append(
                Problem(
                    path,
                    line,
                    None,
                    f"... and {len(cells) - MAX_PER_COLUMN} more cells of {column} the pack "
                    "does not know",
                )
            )
    return problems
