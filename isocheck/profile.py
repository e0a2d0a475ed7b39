"""The organization's profile, `isocheck.yaml` at the root of its evidence folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from pathlib import Path
from typing import Any

from isocheck import packcache
from isocheck.conditions import condition_errors
from isocheck.confined import ConfinedError, ConfinedRoot
from isocheck.errors import InputError, Problem
from isocheck.globs import GLOB_HINT, glob_problem
from isocheck.meaning import DateFormatError, check_date_format, words
from isocheck.model import (
    PROFILE_NAME,
    Attestations,
    EvidenceMapping,
    Exclusion,
    Limits,
    Lookup,
    Profile,
    Site,
    SourceRef,
    Waiver,
    Wide,
)
from isocheck.resources import schemas_dir
from isocheck.validation import parse_yaml_bytes, schema_problems
from isocheck.yamlsrc import Positions

PROFILE_SCHEMA = "profile.schema.json"


def profile_path(evidence_dir: Path) -> Path:
    return evidence_dir / PROFILE_NAME


def load_profile(evidence_dir: Path) -> tuple[Profile, Positions]:
    """Load and validate the profile of an evidence folder; all problems at once, with lines."""
    path = profile_path(evidence_dir)
    shown = str(path)
    if not evidence_dir.is_dir():
        raise InputError(
            [
                Problem(
                    str(evidence_dir),
                    None,
                    None,
                    "evidence folder not found",
                    "give the path of a folder that holds isocheck.yaml",
                )
            ]
        )
    try:
        with ConfinedRoot(evidence_dir) as root:
            raw = root.read(PROFILE_NAME, Limits().max_file_bytes)
    except ConfinedError as exc:
        raise InputError([_unread(exc, shown, evidence_dir)]) from None
    except OSError as exc:  # the folder went away or is not readable
        raise InputError(
            [Problem(str(evidence_dir), None, None, f"cannot read: {exc.strerror}")]
        ) from None
    data, positions, sha = parse_yaml_bytes(raw, shown)
    mark = _valid_mark(raw, evidence_dir)
    if mark is None or not mark.is_file():
        problems = schema_problems(PROFILE_SCHEMA, data, positions)
        if problems:
            raise InputError(problems)
        if mark is not None:
            packcache.write_entry(mark, "")
    return build_profile(data, positions, shown, evidence_dir.resolve(), sha), positions


def _valid_mark(raw: bytes, evidence_dir: Path) -> Path | None:
    """Where a mark says that these bytes met the profile schema of this isocheck before (an
    unchanged profile is not validated again); None when there is no cache."""
    folder = packcache.kept_folder("profiles", evidence_dir)
    if folder is None:
        return None
    try:
        digest = hashlib.sha256(f"{packcache.code_digest()}\0".encode())
        digest.update(hashlib.sha256((schemas_dir() / PROFILE_SCHEMA).read_bytes()).digest())
    except OSError:
        return None
    digest.update(raw)
    return folder / digest.hexdigest()


def _unread(exc: ConfinedError, shown: str, evidence_dir: Path) -> Problem:
    """Why the profile was not read. Never its content: a link's target may be anything."""
    if exc.kind == "missing":
        return Problem(
            shown,
            None,
            None,
            "no profile: the evidence folder has no isocheck.yaml",
            f"create one with: isocheck init --standard iso9001-2015 {evidence_dir}",
        )
    if exc.kind == "link":
        return Problem(
            shown,
            None,
            None,
            "isocheck.yaml is a symbolic link, which isocheck does not follow",
            "put the profile itself in the evidence folder, not a link to it",
        )
    if exc.kind == "not-regular":
        return Problem(shown, None, None, "isocheck.yaml is not a regular file", "make it a file")
    return Problem(shown, None, None, exc.reason)


def build_profile(
    data: dict[str, Any], positions: Positions, shown: str, root: Path, sha: str
) -> Profile:
    """A Profile from schema-valid data."""

    def src(*key: str | int) -> SourceRef:
        return SourceRef(shown, positions.at(key)[0])

    problems: list[Problem] = []
    evidence = {}
    # The organization's own way of writing dates, for every evidence type (and lookup) that
    # does not name one of its own: "%m/%d/%Y" written once, not under each register
    every = data.get("dates")
    if every is not None:
        try:
            check_date_format(every)
        except DateFormatError as exc:
            problems.append(positions.problem(("dates",), str(exc), DATE_FORMAT_HINT))
            every = None
    elif len(said := _one_format(data.get("evidence", {}))) == 1:
        # A profile that gives every register it dates the same format ("%m/%d/%Y" thirty
        # times) says how the organization writes dates: that format holds for the evidence it
        # gave none, as a top-level `dates:` would ("07/09/2026" in a report is July 9).
        (every,) = said
    # The code page of the organization's files that are not UTF-8, for every evidence type,
    # lookup and other source that names none of its own
    code_page = data.get("encoding")
    for name, spec in data.get("evidence", {}).items():
        if code_page is not None:
            spec = {
                **spec,
                "encoding": spec.get("encoding", code_page),
                "lookup": [{"encoding": code_page, **other} for other in spec.get("lookup", [])],
                "also": [{"encoding": code_page, **other} for other in spec.get("also", [])],
            }
        if every is not None:
            # each evidence type and each lookup that names no format of its own
            spec = {
                **spec,
                "dates": spec.get("dates", every),
                "lookup": [{"dates": every, **other} for other in spec.get("lookup", [])],
            }
            if isinstance(spec["dates"], dict):
                # a format for some columns ("%m/%Y" for the month planned) leaves the others
                # written as the organization writes dates
                spec["dates_else"] = every
        if spec.get("dates") is not None and spec.get("also"):
            # another source of the same evidence writes its dates as the evidence's own
            # mapping does (or the profile), unless it says otherwise
            as_written = {"dates": spec["dates"], "dates_else": spec.get("dates_else")}
            spec = {**spec, "also": [{**as_written, **other} for other in spec["also"]]}
        problems.extend(_mapping_problems(name, spec, positions))
        columns = spec.get("columns", {})
        lookups = tuple(
            Lookup(
                str(other["key"]),
                EvidenceMapping(
                    tuple(other["locations"]),
                    {str(k): str(v) for k, v in other["columns"].items() if isinstance(v, str)},
                    {},
                    # a field its file keeps in several columns (first name and surname)
                    joins={
                        str(k): tuple(str(c) for c in v)
                        for k, v in other["columns"].items()
                        if isinstance(v, list)
                    },
                    # the evidence's own words hold in the fields a lookup fills
                    values={
                        str(c): {str(k): str(v) for k, v in m.items()}
                        for c, m in spec.get("values", {}).items()
                        if c in other["columns"]
                    },
                    empty=tuple(spec.get("empty", ())),
                    delimiter=other.get("delimiter"),
                    encoding=other.get("encoding"),
                    sheet=other.get("sheet"),
                    header_row=other.get("header_row"),
                    dates=other.get("dates"),
                    rows=other.get("rows"),
                    source=src("evidence", name, "lookup", i),
                ),
            )
            for i, other in enumerate(spec.get("lookup", []))
        )
        evidence[name] = EvidenceMapping(
            tuple(spec["locations"]) if "locations" in spec else None,
            {k: v for k, v in columns.items() if isinstance(v, str)},
            dict(spec.get("fields", {})),
            joins={k: tuple(v) for k, v in columns.items() if isinstance(v, list)},
            per_standard={
                k: {str(std): str(col) for std, col in v.items()}
                for k, v in columns.items()
                if isinstance(v, dict)
            },
            defaults={str(k): str(v) for k, v in spec.get("defaults", {}).items()},
            **_reading(spec),
            values={
                str(c): {str(k): str(v) for k, v in m.items()}
                for c, m in spec.get("values", {}).items()
            },
            empty=tuple(spec.get("empty", ())),
            rows=spec.get("rows"),
            scales={
                str(c): (float(v["worst"]), float(v["best"]))
                for c, v in spec.get("scales", {}).items()
            },
            reviewed_in=spec.get("reviewed_in"),
            kept_in=spec.get("kept_in"),
            lookups=lookups,
            also=tuple(
                _source(other, spec, src("evidence", name, "also", i))
                for i, other in enumerate(spec.get("also", []))
            ),
            wide=_wide(spec),
            source=src("evidence", name),
        )
    problems.extend(_site_problems(data.get("sites", []), positions))
    problems.extend(_phrase_problems(data.get("phrases", {}), positions))
    if problems:
        raise InputError(problems)
    sites = tuple(
        Site(
            str(s["id"]),
            str(s["name"]),
            bool(s.get("central", False)),
            tuple(s.get("paths", ())),
            src("sites", i),
        )
        for i, s in enumerate(data.get("sites", []))
    )
    exclusions = tuple(
        Exclusion(e["clause"], e["justification"], e.get("standard"), src("exclusions", i))
        for i, e in enumerate(data.get("exclusions", []))
    )
    waivers = tuple(
        Waiver(
            rule=w["rule"],
            reason=w["reason"],
            approver=w["approver"],
            expires=dt.date.fromisoformat(w["expires"]),
            standard=w.get("standard"),
            corrective_action=w.get("corrective_action", ""),
            source=src("waivers", i),
        )
        for i, w in enumerate(data.get("waivers", []))
    )
    limits = Limits(**data.get("limits", {}))
    attesting = data.get("attestations", {})
    attestations = Attestations(
        allowed_signers=attesting.get("allowed_signers"),
        require_signatures=bool(attesting.get("require_signatures", False)),
        source=src("attestations") if attesting else None,
    )
    return Profile(
        path=shown,
        root=root,
        organization=dict(data["organization"]),
        scope=data["scope"],
        standards=tuple(data["standards"]),
        as_of=dt.date.fromisoformat(data["as_of"]) if "as_of" in data else None,
        packs=tuple(data.get("packs", [])),
        applicability=dict(data.get("applicability", {})),
        document_control=dict(data.get("document_control", {})),
        evidence=evidence,
        exclusions=exclusions,
        waivers=waivers,
        certification={k: dict(v) for k, v in data.get("certification", {}).items()},
        thresholds={
            k: float(v) if isinstance(v, float) else v
            for k, v in data.get("thresholds", {}).items()
        },
        limits=limits,
        sha256=sha,
        phrases={k: tuple(v) for k, v in data.get("phrases", {}).items()},
        attestations=attestations,
        sites=sites,
    )


def _phrase_problems(phrases: dict[str, Any], positions: Positions) -> list[Problem]:
    """A phrase of the organization's own with no word in it ("...", "-"): every text would say
    it, so a topic it extends would be found anywhere."""
    return [
        positions.problem(
            ("phrases", topic, i),
            f"phrase {phrase!r} for {topic!r} has no word to find in a text",
            "write the words the organization uses, or a mark such as '×' or '✓'",
        )
        for topic, said in phrases.items()
        for i, phrase in enumerate(said or ())
        if isinstance(phrase, str) and not words(phrase)
    ]


def _site_problems(sites: list[dict[str, Any]], positions: Positions) -> list[Problem]:
    """What the schema cannot say about the sites: usable globs, unique ids, and exactly one
    central function when there are sites."""
    problems = []
    first: dict[str, int] = {}
    for i, site in enumerate(sites):
        for j, glob in enumerate(site.get("paths") or []):
            if isinstance(glob, str) and (why := glob_problem(glob)) is not None:
                problems.append(positions.problem(("sites", i, "paths", j), why, GLOB_HINT))
        key = str(site.get("id", "")).casefold()
        if key in first:
            line = positions.at(("sites", first[key], "id"))[0]
            problems.append(
                positions.problem(
                    ("sites", i, "id"),
                    f"site id {site.get('id')!r} is used twice (first on line {line})",
                    "give every site an id of its own",
                )
            )
        else:
            first[key] = i
    central = [i for i, site in enumerate(sites) if site.get("central") is True]
    if sites and not central:
        problems.append(
            positions.problem(
                ("sites",),
                "no site is the central function",
                "mark the head office, where the management system is planned and controlled, "
                "with central: true",
            )
        )
    for i in central[1:]:
        line = positions.at(("sites", central[0], "central"))[0]
        problems.append(
            positions.problem(
                ("sites", i, "central"),
                f"a second central function (the first is on line {line})",
                "mark exactly one site, the head office, with central: true",
            )
        )
    return problems


def _reading(spec: dict[str, Any]) -> dict[str, Any]:
    """How a mapping's files are read, as its spec says: delimiter, sheet, header row, the table
    in a document, date formats."""
    keys = ("delimiter", "encoding", "sheet", "header_row", "table", "dates", "dates_else")
    return {key: spec.get(key) for key in keys}


def _wide(spec: dict[str, Any]) -> Wide | None:
    """A table kept across (`wide:`): a column per indicator, each cell an item."""
    if "wide" not in spec:
        return None
    across = spec["wide"]
    return Wide(tuple(str(c) for c in across["columns"]), str(across["name"]), str(across["value"]))


def _source(other: dict[str, Any], spec: dict[str, Any], source: SourceRef) -> EvidenceMapping:
    """Another source of an evidence type's items, with columns of its own (`also:`): read as
    its own mapping says, in the evidence's words (its values and empty markers, and its own)."""
    columns = other.get("columns", {})
    values = {
        str(c): {str(k): str(v) for k, v in m.items()} for c, m in spec.get("values", {}).items()
    }
    for c, m in other.get("values", {}).items():
        values[str(c)] = {**values.get(str(c), {}), **{str(k): str(v) for k, v in m.items()}}
    return EvidenceMapping(
        tuple(other["locations"]),
        {k: v for k, v in columns.items() if isinstance(v, str)},
        dict(other.get("fields", {})),
        joins={k: tuple(v) for k, v in columns.items() if isinstance(v, list)},
        defaults={str(k): str(v) for k, v in other.get("defaults", {}).items()},
        **_reading(other),
        values=values,
        empty=(*spec.get("empty", ()), *other.get("empty", ())),
        rows=other.get("rows"),
        wide=_wide(other),
        source=source,
    )


DATE_FORMAT_HINT = (
    'write it in strftime codes, e.g. "%d.%m.%Y" for 31.01.2026 or "%m/%d/%Y" for 01/31/2026'
)


MIN_FORMATS_AGREEING = 2  # mappings giving the same date format, to make it the profile's


def _one_format(evidence: dict[str, Any]) -> set[str]:
    """The date formats the mappings give for all their dates (one format per mapping), where
    at least MIN_FORMATS_AGREEING give one (a format per column, "%b %Y" for a month, is that
    column's own)."""
    found = [
        spec["dates"]
        for spec in evidence.values()
        if isinstance(spec, dict) and isinstance(spec.get("dates"), str)
    ]
    if len(found) < MIN_FORMATS_AGREEING or len(set(found)) != 1:
        return set()
    try:
        check_date_format(found[0])
    except DateFormatError:
        return set()  # reported where it is written, never spread to the others
    return {found[0]}


def _mapping_problems(
    name: str, spec: dict[str, Any], positions: Positions, where: tuple[str | int, ...] = ()
) -> list[Problem]:
    """What the schema cannot say about an evidence mapping: date formats strftime can use, and a
    row filter in the condition language."""
    base = where or ("evidence", name)
    problems = []
    for i, location in enumerate(spec.get("locations") or []):
        if isinstance(location, str) and (why := glob_problem(location)) is not None:
            problems.append(positions.problem((*base, "locations", i), why, GLOB_HINT))
    dates = spec.get("dates")
    formats = {(): dates} if isinstance(dates, str) else {(c,): f for c, f in (dates or {}).items()}
    for sub, fmt in formats.items():
        try:
            check_date_format(fmt)
        except DateFormatError as exc:
            problems.append(
                positions.problem(
                    (*base, "dates", *sub),
                    str(exc),
                    DATE_FORMAT_HINT,
                )
            )
    for column, scale in (spec.get("scales") or {}).items():
        ends = [scale.get("worst"), scale.get("best")] if isinstance(scale, dict) else []
        numbers = [float(e) for e in ends if isinstance(e, int | float)]
        if len(numbers) == 2 and (
            not all(math.isfinite(e) for e in numbers) or numbers[0] == numbers[1]
        ):
            problems.append(
                positions.problem(
                    (*base, "scales", column),
                    f"the scale of {column} runs from {ends[0]} to {ends[1]}: no scale",
                    "give its worst and best values as two different numbers, e.g. "
                    "{worst: 5, best: 1} for school grades",
                )
            )
    if "rows" in spec:
        for error in condition_errors(spec["rows"]):
            problems.append(
                positions.problem(
                    (*base, "rows", *error.path),
                    f"rows: {error.message}",
                    "write a condition as in a pack's where:, e.g. {type: {equals: risk}}",
                )
            )
    for i, other in enumerate(spec.get("lookup") or []):
        at = (*base, "lookup", i)
        problems.extend(_mapping_problems(name, other, positions, at))
        if other.get("key") not in (other.get("columns") or {}):
            problems.append(
                positions.problem(
                    (*at, "key"),
                    f"the lookup joins on {other.get('key')!r}, which its columns: do not map",
                    "map the column of that file naming the same thing, e.g. "
                    "columns: {name: Collaborateur, screened_on: Vérifié le}",
                )
            )
    return problems
