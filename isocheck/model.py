"""The auditor's vocabulary as small frozen dataclasses holding builtin types."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from isocheck.escape import lossless

# The organization's profile, at the root of its evidence folder.
PROFILE_NAME = "isocheck.yaml"
# The document control fields a document carries (front matter, a Word document's control table).
DOCUMENT_CONTROL_FIELDS = (
    "id",
    "title",
    "version",
    "owner",
    "author",
    "approved_by",
    "approved_on",
    "next_review",
    "status",
)

Severity = Literal["major", "minor", "observation"]
Outcome = Literal["conform", "nonconform", "not-applicable", "waived", "error"]
OUTCOMES: tuple[Outcome, ...] = ("conform", "nonconform", "not-applicable", "waived", "error")
SEVERITIES: tuple[Severity, ...] = ("major", "minor", "observation")


def clause_sort_key(clause_id: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Clauses in document order: 4.1 < 7.1.5 < 7.1.5.1 < 10.2, Annex A (A.5.1 < A.5.15) after
    the main clauses; a part that is not a number sorts after the numbers at its level."""
    annex = clause_id.startswith("A.")
    parts = (clause_id[2:] if annex else clause_id).split(".")
    return (1 if annex else 0, tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts))


# A threshold's value: a number (days, a level) or a date as YYYY-MM-DD (a policy's effective date)
Threshold = float | str
# A threshold value a pack may allow (`never:` in its declaration): no limit at all, e.g. a
# competence renewed by its expiry date only, never by the age of its assessment.
NEVER = "never"
# How a finding on evidence the organization keeps outside the folder begins: not applicable
# here, and counted apart by the verdict
NOT_ASSESSED = "not assessed here"


@dataclass(frozen=True)
class SourceRef:
    """Where something was defined: a file and a line (packs and profiles)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    excludable: bool = False


@dataclass(frozen=True)
class EvidenceType:
    name: str
    kind: Literal["document", "records", "table", "profile"]
    title: str
    locations: tuple[str, ...]
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    description: str = ""
    section: str = ""  # kind "profile": which part of the profile (e.g. "certification")
    # column -> the values the pack knows in it -> their synonyms (isocheck.meaning)
    values: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    empty: tuple[str, ...] = ()  # cells that mean nothing was recorded, in any of its columns
    prefixes: dict[str, str] = field(default_factory=dict)  # column -> prefix of its identifiers
    # columns whose known values are read as the pack's words, but whose other words are no
    # problem (a taxonomy the organization may extend, such as asset types)
    open: tuple[str, ...] = ()
    # column -> (worst, best): the scale a number in it is on (satisfaction out of 10: (0, 10))
    scales: dict[str, tuple[float, float]] = field(default_factory=dict)
    # another evidence type of the pack kept in the same files (the document control of the
    # Statement of Applicability is the SoA table's, kept as a spreadsheet): where the profile
    # locates that one and not this, and this one's own locations find nothing, its files are read
    alongside: str = ""
    # the standard asks for no documented information of this kind (communications, purchase
    # orders, improvement logs): where the folder holds none and the profile does not locate it,
    # a rule that finds none of it is not assessed here rather than a nonconformity
    optional: bool = False
    # (key column, date column): a register that keeps its history (a calibration log adds a row
    # at each calibration) is judged on the latest row of each key, by the date column
    latest: tuple[str, str] | None = None
    # column or field -> the words a header may name it with, in any language ("Client" for
    # customer): read as it where the profile maps nothing to it (the pack's `headers:`)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The words the type's own files name a column with (its `headers:`), closed ones included;
    # such a word names the column even of a label the profile maps to another of its names
    own_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a table organizations may keep as documents, one per item: column -> the document fields
    # it is taken from, the first filled in ("text": the document's body)
    documents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a table organizations keep inside documents, one table per document (a risk assessment
    # per activity, its date and the people at risk in the document's head): column -> the
    # document fields a row takes it from where the table keeps no such column
    in_document: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the same records as another standard's evidence type, in an integrated system's one
    # register (a legal register for energy and environment): (its name, {our column: its
    # column}); read through the profile's mapping of it where the profile maps this one nowhere
    same_as: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # kept inside the documents another evidence type locates (the emergency plan's table of
    # scenarios, the aspects procedure among the procedures): read from there where the profile
    # maps this type nowhere and its own locations find nothing
    within: Within | None = None
    # (column of words, date column): where the date column is empty, the date the words say
    # something next falls due ("prochain contrôle avant le 14/05/2024"), in the column's format
    due_from: tuple[str, str] | None = None
    # column -> other columns whose words it is read with: a briefing's topics are what its
    # name says too ("Jahresunterweisung Kraftfahrer", "Annual Quality Briefing 2026") as well as
    # the content listed beside it
    read_with: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Within:
    """Where an evidence type may be kept inside other documents (the pack's `within:`): the
    documents `evidence` locates, a table under a heading that says one of `says` (a table
    type), or a whole document whose title says one (a document type)."""

    evidence: str
    says: tuple[str, ...]


@dataclass(frozen=True)
class CheckSpec:
    """One check of a rule, as written: its name and its parameters (parameters substituted)."""

    name: str
    params: Any
    source: SourceRef


@dataclass(frozen=True)
class Example:
    name: str
    files: tuple[tuple[str, str], ...]
    as_of: dt.date
    profile: dict[str, Any] | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    clauses: tuple[str, ...]
    title: str
    severity: Severity
    stage: int
    checks: tuple[CheckSpec, ...]
    remediation: str = ""
    description: str = ""
    applies_when: dict[str, Any] | None = None
    # clauses whose exclusion makes the rule not applicable though its own clauses stay (a rule
    # on calibration, of 7.1.5.1, where the organization excludes 7.1.5.2: it calibrates nothing)
    excluded_with: tuple[str, ...] = ()
    pass_examples: tuple[Example, ...] = ()
    fail_examples: tuple[Example, ...] = ()
    source: SourceRef = SourceRef("<unknown>")
    message: str = ""  # a template for the sentence a failed rule leads with (fill_template)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The evidence types the rule reads, derived from its checks, in order of first use."""
        return evidence_names([c.params for c in self.checks])


# The names a rule's `message:` template may use: the violation it leads with (with its place in the
# evidence) and how many violations there are.
TEMPLATE_FIELDS = ("violation", "count")
_TEMPLATE_PART = re.compile(r"\{\{|\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\{([^{}]*)\}|[{}]")


def template_problems(template: str) -> list[str]:
    """What is wrong with a message template: unknown names, lone braces. A `${name}` (a pack
    parameter or threshold) is not the template's; it is filled in when the pack is loaded."""
    problems = []
    for match in _TEMPLATE_PART.finditer(template):
        text, name = match.group(0), match.group(1)
        if text in ("{{", "}}") or text.startswith("$"):
            continue
        if name is None:
            problems.append(f"a lone {text!r} at character {match.start() + 1}")
        elif name not in TEMPLATE_FIELDS:
            problems.append(f"unknown name {{{name}}}")
    return problems


def template_names(template: str) -> set[str]:
    """The names a message template uses."""
    return {m.group(1) for m in _TEMPLATE_PART.finditer(template) if m.group(1) is not None}


def fill_template(template: str, values: dict[str, str]) -> str:
    """`template` with each `{name}` replaced by `values[name]` and `{{`/`}}` by a brace. Only
    plain names: no attribute or index lookups, whatever the template says (see
    `template_problems`, which a pack's templates passed when it was loaded)."""

    def part(match: re.Match[str]) -> str:
        text, name = match.group(0), match.group(1)
        if text in ("{{", "}}"):
            return text[0]
        if name is not None and name in values:
            return values[name]
        return text

    return _TEMPLATE_PART.sub(part, template)


def evidence_names(params: Any) -> tuple[str, ...]:
    """Every `evidence:` value in (nested) check parameters, in order of first use."""
    seen: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "evidence" and isinstance(sub, str):
                    seen.setdefault(sub, None)
                else:
                    walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk(params)
    return tuple(seen)


@dataclass(frozen=True)
class RulePack:
    id: str
    standard: str
    edition: str
    version: str
    title: str
    clauses: tuple[Clause, ...]
    evidence_types: dict[str, EvidenceType]
    rules: tuple[Rule, ...]
    thresholds: dict[str, Threshold]
    source: SourceRef
    sha256: str
    extends: str | None = None
    # thresholds a profile may set to NEVER -> what that means, in the pack's words
    never: dict[str, str] = field(default_factory=dict)
    # What a complete assessment concludes: "certification" (stage 1, stage 2, certification
    # decision), "gate" (pass or fail, like the exit status) or "certificates" (maintained or not).
    verdict: Literal["certification", "gate", "certificates"] = "gate"
    # topic -> the phrases that say it (a standard's own wording among them), for `contains`
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        return None


@dataclass(frozen=True)
class Exclusion:
    clause: str
    justification: str
    standard: str | None
    source: SourceRef


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approver: str
    expires: dt.date
    standard: str | None
    corrective_action: str
    source: SourceRef


@dataclass(frozen=True)
class EvidenceMapping:
    """How an organization keeps one evidence type (the profile's `evidence:` entry)."""

    locations: tuple[str, ...] | None
    columns: dict[str, str]  # logical name -> the organization's column name
    fields: dict[str, str]
    # logical name -> the organization's columns whose cells together say it ("Nome", "Cognome")
    joins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # logical name -> standard -> the column that says it for that standard (an integrated
    # system's register with a column of clauses per standard)
    per_standard: dict[str, dict[str, str]] = field(default_factory=dict)
    # logical name -> what an item that leaves it empty says (the organization's word or the pack's)
    defaults: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None  # CSV; detected when not given
    encoding: str | None = None  # the code page of files that are not UTF-8 (cp1252 when not given)
    sheet: str | int | None = None  # workbooks: a sheet's name or its number (1 = the first)
    header_row: int | None = None  # workbooks: the row that names the columns, as Excel numbers it
    table: str | None = None  # Markdown: the heading a register kept inside the document is under
    dates: str | dict[str, str] | None = None  # strftime format, for all columns or per column
    # with `dates` per column: the format of the columns it names none for (the profile's)
    dates_else: str | None = None
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> its word -> ours
    empty: tuple[str, ...] = ()  # cells meaning "nothing recorded"
    rows: dict[str, Any] | None = None  # a condition: only the rows that satisfy it
    # column -> (worst, best): the organization's scale (school grades: (5, 1)), read onto the pack's
    scales: dict[str, tuple[float, float]] = field(default_factory=dict)
    # another evidence type whose latest record is this one's review as a whole (a register
    # reviewed with the management review or the energy review rather than row by row)
    reviewed_in: str | None = None
    # other files that hold some of this evidence's fields for the same items (screening dates
    # kept by HR apart from the staff export): each a mapping of its own, and the field both name
    lookups: tuple[Lookup, ...] = ()
    # a table that keeps one item per column (monthly values, a column per indicator)
    wide: Wide | None = None
    # other sources of the same items, each with columns of its own (physical access reviews kept
    # apart from the directory's): read each as its mapping says and add its items
    also: tuple[EvidenceMapping, ...] = ()
    # where the organization keeps this evidence instead of the folder (its ERP, its HR system):
    # a rule that finds none of it is not assessed here, rather than a nonconformity
    kept_in: str | None = None
    source: SourceRef | None = None

    def renamed(self, ours: dict[str, str]) -> EvidenceMapping:
        """This mapping as another evidence type's, whose columns it names differently (`ours`:
        our column -> this mapping's column): what this one maps as `obligation` is `title`."""
        back = {theirs: our for our, theirs in ours.items()}

        def keyed(values: dict[str, Any]) -> dict[str, Any]:
            return {back.get(k, k): v for k, v in values.items()}

        return replace(
            self,
            columns=keyed(self.columns),
            fields=keyed(self.fields),
            joins=keyed(self.joins),
            per_standard=keyed(self.per_standard),
            defaults=keyed(self.defaults),
            dates=keyed(self.dates) if isinstance(self.dates, dict) else self.dates,
            values=keyed(self.values),
            scales=keyed(self.scales),
            lookups=(),
            also=tuple(other.renamed(ours) for other in self.also),
        )

    def for_standard(self, standard: str) -> EvidenceMapping:
        """This mapping as it reads for one standard: each field mapped per standard taken from
        that standard's column (a field the standard has no column for is not mapped)."""
        if not self.per_standard:
            return self
        columns = dict(self.columns)
        for logical, by_standard in self.per_standard.items():
            if standard in by_standard:
                columns[logical] = by_standard[standard]
                # the other standards' columns of the same items, for a check reading the
                # Harmonized Structure's clauses as one system's (`other_standards`)
                for other, theirs in by_standard.items():
                    if other != standard:
                        columns[f"{logical}{FOR_OTHER_STANDARD}{other}"] = theirs
        return replace(self, columns=columns, per_standard={})

    def reading(self) -> dict[str, Any]:
        """How this evidence's files are to be read, as the profile says (a loader's
        `parsed.options`): only the options it gives."""
        options = {
            "delimiter": self.delimiter,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "table": self.table,
            # which of a section's tables is the register: the one naming a mapped column
            "table_columns": tuple(sorted(self.columns.values())) if self.table else None,
        }
        return {key: value for key, value in options.items() if value is not None}


# Joins a field's name and another standard's id, where a profile maps the field per standard:
# "clauses@iso9001-2015" is the clauses as the column for ISO 9001 gives them
FOR_OTHER_STANDARD = "@"


@dataclass(frozen=True)
class Wide:
    """A table that keeps its items across: each cell of the columns whose headers match
    `columns` (a header, or a pattern with * for any characters) is an item of its own, with the
    row's other cells; `name` takes the column's header and `value` the cell."""

    columns: tuple[str, ...]
    name: str
    value: str

    def spread(self, header: Sequence[str]) -> tuple[str, ...]:
        """The headers of `header` that hold one item each, in the file's order."""
        patterns = [_header_pattern(c) for c in self.columns]
        return tuple(
            h
            for h in header
            if len(h) <= MAX_WIDE_HEADER and any(p.fullmatch(h.strip()) for p in patterns)
        )


MAX_WIDE_HEADER = 200  # characters of a header a pattern of `wide:` is matched against


def _header_pattern(written: str) -> re.Pattern[str]:
    """A header as `wide:` names it: its words in any case, * standing for any characters."""
    parts = (re.escape(" ".join(part.split())) for part in written.strip().split("*"))
    return re.compile(".*?".join(parts).replace(r"\ ", r"\s+"), re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Lookup:
    """A file of the organization's that holds some fields of an evidence type's items: read as
    `mapping` says, its rows are joined to the items on the field `key` (a person's name in either
    order, a reference as references are matched), and fill the fields the items leave empty."""

    key: str
    mapping: EvidenceMapping


@dataclass(frozen=True)
class Limits:
    """How much of the evidence a run reads; a profile may lower each freely and raise it up to
    its ceiling (LIMIT_CEILINGS)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_yaml_depth: int = 64
    max_yaml_nodes: int = 200_000
    max_unpacked_bytes: int = 256 * 1024 * 1024  # what a workbook or Word document unpacks to
    max_cell_chars: int = 131_072  # characters of one CSV cell


# The most a profile may raise each limit to: beyond them a hostile file costs memory and time no
# audit needs (schemas/profile.schema.json states the same numbers; a test keeps them so).
LIMIT_CEILINGS = {
    "max_file_bytes": 1024 * 1024 * 1024,
    "max_rows": 10_000_000,
    "max_yaml_depth": 100,
    "max_yaml_nodes": 2_000_000,
    "max_unpacked_bytes": 4 * 1024 * 1024 * 1024,
    "max_cell_chars": 16 * 1024 * 1024,
}


@dataclass(frozen=True)
class Attestations:
    """How the profile says attestations (signed statements of people, `attested` check) are
    verified: the allowed-signers file (ssh-keygen's format, a path inside the evidence folder,
    read confined like every other file) and whether every attestation must be signed."""

    allowed_signers: str | None = None
    require_signatures: bool = False
    source: SourceRef | None = None


@dataclass(frozen=True)
class Site:
    """One site of a multi-site organization (the profile's `sites:`): which evidence is its own,
    by globs inside the evidence folder, and whether it is the central function (head office)."""

    id: str
    name: str
    central: bool = False
    paths: tuple[str, ...] = ()
    source: SourceRef | None = None


@dataclass(frozen=True)
class Profile:
    path: str  # the profile file, as given
    root: Path  # the evidence folder (absolute); "<example>" for a pack example's profile
    organization: dict[str, Any]
    scope: str
    standards: tuple[str, ...]
    as_of: dt.date | None
    packs: tuple[str, ...]
    applicability: dict[str, Any]
    document_control: dict[str, str]
    evidence: dict[str, EvidenceMapping]
    exclusions: tuple[Exclusion, ...]
    waivers: tuple[Waiver, ...]
    certification: dict[str, dict[str, Any]]
    thresholds: dict[str, Threshold]
    limits: Limits
    sha256: str
    # topic -> the organization's own wording of it (isocheck.meaning, `contains`)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attestations: Attestations = field(default_factory=Attestations)
    # the organization's sites, in the profile's order (empty: a single-site organization)
    sites: tuple[Site, ...] = ()


def shown_at(path: str, line: int | None = None, place: str | None = None) -> str:
    """How a place in the evidence reads: `path:line` in a text file, `path, sheet Risks, row 14`
    in a file without lines (a workbook, a Word document, a PDF), else the path alone."""
    if place:
        return f"{path}, {place}"
    return path if line is None else f"{path}:{line}"


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    path: str  # relative to the evidence folder, '/' separated
    line: int | None = None
    sha256: str | None = None
    # where in a file that has no lines: "sheet Risks, row 14", "table 1, row 3", "page 2"
    place: str | None = None

    def __str__(self) -> str:
        return shown_at(self.path, self.line, self.place)

    def to_dict(self) -> dict[str, Any]:
        """Builtin types only; `place` only where there is one, so that reports on text files
        read as they always did."""
        data: dict[str, Any] = {
            "path": lossless(self.path),
            "line": self.line,
            "sha256": self.sha256,
        }
        if self.place:
            data["place"] = lossless(self.place)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceRef:
        return cls(data["path"], data.get("line"), data.get("sha256"), data.get("place"))


@dataclass(frozen=True)
class Finding:
    """The result of evaluating one rule against the evidence."""

    standard: str
    pack: str
    rule: str
    clauses: tuple[str, ...]
    title: str
    severity: Severity
    stage: int
    outcome: Outcome
    message: str
    # What decided the finding: the rows and files at fault (and the profile's lines for a
    # synthetic finding)
    evidence: tuple[EvidenceRef, ...] = ()
    details: tuple[str, ...] = ()
    remediation: str = ""
    waiver: dict[str, str] | None = None
    exclusion: dict[str, str] | None = None
    error: str = ""  # traceback or pack error text, for outcome "error"
    # Every other file the rule read, each once (a conforming rule's evidence is all here)
    consulted: tuple[EvidenceRef, ...] = ()
    # What is at fault, as (file, item) pairs that do not move with lines ("people/staff.csv",
    # "name Megan Doyle"): how a later run recognises the same nonconformity (isocheck.baseline)
    faults: tuple[tuple[str, str], ...] = ()
    # Against a baseline run: "new", "recurring" or "regraded" (None: no baseline, or not a
    # nonconformity); a recurring one does not fail the run (reporting.verdict.blocks)
    baseline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Builtin types only: safe for xdist transport and JSON (file names that are not UTF-8
        shown losslessly as \\xNN, isocheck.escape.lossless)."""
        return {
            "standard": self.standard,
            "pack": self.pack,
            "rule": self.rule,
            "clauses": list(self.clauses),
            "title": self.title,
            "severity": self.severity,
            "stage": self.stage,
            "outcome": self.outcome,
            "message": lossless(self.message),
            "evidence": [e.to_dict() for e in self.evidence],
            "details": [lossless(d) for d in self.details],
            "remediation": self.remediation,
            "waiver": dict(self.waiver) if self.waiver else None,
            "exclusion": dict(self.exclusion) if self.exclusion else None,
            "error": lossless(self.error),
            "consulted": [e.to_dict() for e in self.consulted],
            "faults": [[lossless(path), lossless(item)] for path, item in self.faults],
            "baseline": self.baseline,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            standard=data["standard"],
            pack=data["pack"],
            rule=data["rule"],
            clauses=tuple(data["clauses"]),
            title=data["title"],
            severity=data["severity"],
            stage=data["stage"],
            outcome=data["outcome"],
            message=data["message"],
            evidence=tuple(EvidenceRef.from_dict(e) for e in data["evidence"]),
            details=tuple(data.get("details", ())),
            remediation=data.get("remediation", ""),
            waiver=data.get("waiver"),
            exclusion=data.get("exclusion"),
            error=data.get("error", ""),
            consulted=tuple(EvidenceRef.from_dict(e) for e in data.get("consulted", ())),
            faults=tuple((str(path), str(item)) for path, item in data.get("faults", ())),
            baseline=data.get("baseline"),
        )
