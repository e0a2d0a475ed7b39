"""The evidence index (`isocheck.evidence`): the folder walked once, each file parsed at most once,
globs matched against that one listing, and an evidence type resolved into the items checks read.

Links, FIFOs and files swapped after the walk: tests/unit/test_confined.py. The same counts over a
whole run: tests/unit/test_performance_contract.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from support import write_tree

from isocheck.confined import ConfinedRoot
from isocheck.evidence import (
    MAX_OWN_NAME,
    EvidenceIndex,
    Item,
    Skipped,
    _own_names,
    from_profile,
    resolve_evidence,
    section_text,
)
from isocheck.globs import GlobError, glob_problem, glob_regex
from isocheck.loaders import BUILTIN_LOADERS, Loader, LoaderRegistry, LoadLimits, ParsedFile
from isocheck.model import EvidenceMapping, EvidenceRef, EvidenceType, Limits
from isocheck.profile import load_profile

POLICY = EvidenceType("policy", "document", "Quality policy", ("policy/*.md",))
CALIBRATION = EvidenceType(
    "calibration", "table", "Calibration register", ("registers/calibration.csv",)
)


def loaders(calls: Counter[str] | None = None) -> LoaderRegistry:
    """The built-in loaders; with `calls`, each file a loader reads is counted there."""
    registry = LoaderRegistry()
    for name, suffixes, loader in BUILTIN_LOADERS:

        def counted(
            parsed: ParsedFile, data: bytes, limits: LoadLimits, _load: Loader = loader
        ) -> None:
            if calls is not None:
                calls[parsed.path] += 1
            _load(parsed, data, limits)

        registry.register(name, suffixes, counted)
    return registry


def in_memory(files: dict[str, str], **kwargs: Any) -> EvidenceIndex:
    return EvidenceIndex(None, loaders(), files={k: v.encode() for k, v in files.items()}, **kwargs)


# --- globs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("policy/*.md", "policy/quality.md", True),
        ("policy/*.md", "policy/old/quality.md", False),  # `*` stays within a segment
        ("policy/*.md", "policy/quality.md.bak", False),  # the whole path, not a prefix
        ("policy/*.md", "x/policy/quality.md", False),
        ("records/audit-??.csv", "records/audit-01.csv", True),
        ("records/audit-??.csv", "records/audit-1.csv", False),
        ("records/a?b.csv", "records/a/b.csv", False),  # `?` stays within a segment too
        ("**/*.md", "a.md", True),  # `**/` spans zero or more segments
        ("**/*.md", "a/b/c.md", True),
        ("docs/**/plan.md", "docs/plan.md", True),
        ("docs/**/plan.md", "docs/x/y/plan.md", True),
        ("docs/**", "docs/x/y/plan.md", True),
        ("audit-[0-9].csv", "audit-7.csv", True),
        ("audit-[0-9].csv", "audit-x.csv", False),
        ("audit-[!0-9].csv", "audit-x.csv", True),
        ("audit-[!0-9].csv", "audit-7.csv", False),
        ("odd[.csv", "odd[.csv", True),  # an unclosed bracket is itself
        ("a+b (1).csv", "a+b (1).csv", True),  # regex characters are themselves
        ("Policy/*.MD", "policy/quality.md", True),  # case-insensitive
        ("policy/*.{md,docx,pdf}", "policy/quality.docx", True),  # one of the alternatives
        ("policy/*.{md,docx,pdf}", "policy/quality.pdf", True),
        ("policy/*.{md,docx,pdf}", "policy/quality.doc", False),
        ("policy/*.{md,docx,pdf}", "policy/quality.mdx", False),
        ("{policy,procedures}/*.md", "procedures/p.md", True),
        ("risks*.{csv,xls?}", "risks-2026.xlsx", True),  # an alternative is a glob itself
        ("odd{.csv", "odd{.csv", True),  # an unclosed brace is itself
        ("odd{x}.csv", "odd{x}.csv", True),  # and so is one without alternatives
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).match(path)) is matches


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("registers/[]x].csv", "the character class '[]' holds no character"),
        ("registers/[z-a].csv", "the range z-a in '[z-a]' runs backwards"),
        ("[]", "the character class '[]' holds no character"),
        ("[!]", "the character class '[!]' holds no character"),
        ("*a*b*c*d*e*f*g*h*i.csv", "the pattern has 9 wildcards, more than 8"),
        ("x" * 300, "the pattern is 300 characters long, more than 256"),
    ],
)
def test_a_glob_that_cannot_be_used_says_why(pattern: str, problem: str) -> None:
    assert glob_problem(pattern) == problem
    with pytest.raises(GlobError):
        glob_regex(pattern)


def test_repeated_double_stars_are_one_and_match_in_linear_time() -> None:
    assert glob_regex("**/**/**/x.md").pattern == glob_regex("**/x.md").pattern
    assert glob_regex("**/**/x.md").match("a/b/c/x.md")


def test_the_index_globs_its_listing_sorted() -> None:
    index = in_memory({"b/2.md": "", "a/1.md": "", "B/3.MD": "", "a/x.txt": ""})
    assert index.paths == ["B/3.MD", "a/1.md", "a/x.txt", "b/2.md"]
    assert index.glob("*/*.md") == ["B/3.MD", "a/1.md", "b/2.md"]
    assert index.glob("c/*") == []


def test_the_profile_is_not_evidence(mini: Path) -> None:
    assert "isocheck.yaml" not in EvidenceIndex(mini, loaders()).paths
    assert in_memory({"isocheck.yaml": "", "a.md": ""}).paths == ["a.md"]


# --- one walk, one parse --------------------------------------------------------------------------


def test_the_folder_is_walked_once(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks = []
    real_walk = ConfinedRoot.walk

    def counting_walk(self: ConfinedRoot, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        walks.append(self)
        return real_walk(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ConfinedRoot, "walk", counting_walk)
    index = EvidenceIndex(mini, loaders())
    write_tree(mini, {"policy/later.md": "# Written after the walk\n"})
    for _ in range(3):
        index.resolve(POLICY, None, {})
        index.resolve(CALIBRATION, None, {})
    assert len(walks) == 1
    assert index.glob("policy/*.md") == ["policy/quality-policy.md"]  # the listing as walked


def test_each_file_is_parsed_once(mini: Path) -> None:
    calls: Counter[str] = Counter()
    index = EvidenceIndex(mini, loaders(calls))
    assert calls == Counter()  # nothing is read until a rule asks
    first = index.parsed("policy/quality-policy.md")
    both = EvidenceType("both", "records", "Everything", ("policy/*", "registers/*"))
    for _ in range(3):
        index.resolve(POLICY, None, {})
        index.resolve(both, None, {})
    assert index.parsed("policy/quality-policy.md") is first
    assert calls == Counter(
        {
            "policy/quality-policy.md": 1,
            "registers/calibration.csv": 1,
            "registers/audits.csv": 1,
        }
    )


def test_the_profiles_way_of_reading_reaches_the_loader_once_per_way(mini: Path) -> None:
    seen: list[dict[str, object]] = []

    def records(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
        seen.append(dict(parsed.options))
        parsed.rows = []

    registry = LoaderRegistry()
    registry.register("grid", [".grid"], records)
    index = EvidenceIndex(None, registry, files={"a.grid": b"x"})
    grid = EvidenceType("grid", "table", "Grid", ("*.grid",))
    mapping = EvidenceMapping(None, {}, {}, sheet="Risks", header_row=3)
    for _ in range(2):
        index.resolve(grid, mapping, {})
        index.resolve(grid, EvidenceMapping(None, {}, {}, sheet=2), {})
        index.resolve(grid, None, {})
    assert seen == [{"sheet": "Risks", "header_row": 3}, {"sheet": 2}, {}]


def test_files_parsed_before_close_stay_available(mini: Path) -> None:
    index = EvidenceIndex(mini, loaders())
    parsed = index.parsed("policy/quality-policy.md")
    index.close()
    assert index.parsed("policy/quality-policy.md") is parsed
    assert parsed.fields is not None and parsed.fields["id"] == "POL-01"
    assert index.parsed("registers/audits.csv").error  # nothing is read once it is closed


def test_a_folder_that_cannot_be_listed_is_skipped_not_raised(tmp_path: Path) -> None:
    index = EvidenceIndex(tmp_path / "missing", loaders())
    assert index.paths == []
    (skipped,) = index.skipped
    assert skipped.path == "." and skipped.reason.startswith("cannot be listed: ")


# --- what a file's parse records ------------------------------------------------------------------


def test_a_file_without_a_loader_says_which_suffixes_are_read() -> None:
    index = in_memory({"scan.pdf": "%PDF", "README": "x"})
    known = "known: .csv, .json, .markdown, .md, .text, .txt, .yaml, .yml"
    assert index.parsed("scan.pdf").error == f"no loader reads .pdf; {known}"
    assert index.parsed("README").error == f"no loader reads files without a suffix; {known}"


def test_a_file_over_the_size_limit_says_how_to_raise_it(mini: Path) -> None:
    size = (mini / "registers" / "audits.csv").stat().st_size
    index = EvidenceIndex(mini, loaders(), limits=Limits(max_file_bytes=10))
    parsed = index.parsed("registers/audits.csv")
    assert parsed.size == size and parsed.rows is None
    assert parsed.error.endswith(
        "; raise limits.max_file_bytes in the profile if this is really evidence"
    )


def test_a_loader_that_raises_is_recorded_not_raised() -> None:
    def broken(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
        raise ValueError("boom")

    registry = LoaderRegistry()
    registry.register("broken", [".bad"], broken)
    parsed = EvidenceIndex(None, registry, files={"a.bad": b"12345"}).parsed("a.bad")
    assert parsed.error == "loader failed: ValueError: boom"
    assert (parsed.size, len(parsed.sha256)) == (5, 64)


# --- resolving an evidence type -------------------------------------------------------------------

DOC = """\
---
id: POL-01
Approver: Bob Boss
---
# Policy
"""
CSV = "Gauge,status\nG-01,in use\nG-02,retired\n"


def test_a_document_is_one_item_with_the_organizations_names_mapped() -> None:
    index = in_memory({"policy/a.md": DOC})
    resolved = index.resolve(POLICY, None, {"approved_by": "Approver"})
    (item,) = resolved.items
    assert item.fields == {"id": "POL-01", "approved_by": "Bob Boss"}
    assert item.ref == EvidenceRef("policy/a.md", None, index.parsed("policy/a.md").sha256)
    assert item.where("approved_by").line == 3
    assert item.where("not-a-field") == item.ref
    assert item.parsed is index.parsed("policy/a.md")
    assert [f.path for f in resolved.files] == ["policy/a.md"] and resolved.broken == []


def test_a_table_is_an_item_per_row_with_its_line() -> None:
    index = in_memory({"registers/calibration.csv": CSV})
    mapping = EvidenceMapping(None, columns={"instrument": "Gauge"}, fields={})
    # Document control names are for documents; a table's columns are mapped by `columns`.
    resolved = index.resolve(CALIBRATION, mapping, {"status": "Gauge"})
    assert [(i.fields, i.ref.line) for i in resolved.items] == [
        ({"instrument": "G-01", "status": "in use"}, 2),
        ({"instrument": "G-02", "status": "retired"}, 3),
    ]


def test_one_column_may_be_read_as_two_each_with_its_own_words() -> None:
    # "Backups" says whether an asset is backed up and, by its kind, how often restores are tested
    inventory = EvidenceType(
        "inventory",
        "table",
        "Inventory",
        ("inventory.csv",),
        columns=("name", "backed_up", "restore_test_every"),
        values={"backed_up": {"yes": ("y",), "no": ("n",)}},
    )
    index = in_memory({"inventory.csv": "System,Backups\nCRM,Weekly export\nWiki,None\n"})
    mapping = EvidenceMapping(
        None,
        columns={"name": "System", "backed_up": "Backups", "restore_test_every": "Backups"},
        fields={},
        values={
            "backed_up": {"Weekly export": "yes", "None": "no"},
            "restore_test_every": {"Weekly export": "every 6 months"},
        },
    )
    resolved = index.resolve(inventory, mapping, {})
    assert [i.fields for i in resolved.items] == [
        {"name": "CRM", "backed_up": "yes", "restore_test_every": "every 6 months"},
        {"name": "Wiki", "backed_up": "no", "restore_test_every": "None"},
    ]
    assert [i.unread for i in resolved.items] == [{}, {}]


def test_a_column_may_be_said_by_several_of_the_organizations_columns_together() -> None:
    # a payroll export keeps first name and surname apart; the register names "Luca Songini"
    staff = EvidenceType("staff", "table", "Staff", ("staff.csv",), columns=("name", "role"))
    index = in_memory({"staff.csv": "Cognome;Nome;Qualifica\nSongini;Luca;Capoturno\n;Anna;-\n"})
    mapping = EvidenceMapping(
        None, columns={"role": "Qualifica"}, fields={}, joins={"name": ("Nome", "Cognome")}
    )
    resolved = index.resolve(staff, mapping, {})
    assert [i.fields["name"] for i in resolved.items] == ["Luca Songini", "Anna"]


def test_a_default_says_what_an_empty_or_missing_field_means() -> None:
    index = in_memory({"policy/a.md": DOC, "registers/calibration.csv": CSV + "G-03,\n"})
    documents = EvidenceMapping(None, columns={}, fields={}, defaults={"status": "approved"})
    (item,) = index.resolve(POLICY, documents, {}).items
    assert item.fields["status"] == "approved"
    gauges = EvidenceMapping(None, columns={}, fields={}, defaults={"status": "in use"})
    resolved = index.resolve(CALIBRATION, gauges, {"status": "Gauge"})
    assert [i.fields["status"] for i in resolved.items] == ["in use", "retired", "in use"]


def test_the_organizations_locations_replace_the_packs() -> None:
    index = in_memory({"policy/a.md": DOC, "QMS/policy.md": DOC})
    mapping = EvidenceMapping(("QMS/*.md", "qms/policy.*"), columns={}, fields={})
    resolved = index.resolve(POLICY, mapping, {})
    assert [i.ref.path for i in resolved.items] == ["QMS/policy.md"]  # once, though both match
    assert resolved.locations == ("QMS/*.md", "qms/policy.*")


def test_files_that_cannot_be_read_as_the_type_are_broken_not_items() -> None:
    index = in_memory({"registers/calibration.csv": "a,b\n1,2\n", "registers/x.csv": "\x00bin"})
    wide = EvidenceType("cal", "table", "Calibration register", ("registers/*",))
    resolved = index.resolve(wide, None, {})
    assert [(b.path, bool(b.error)) for b in resolved.broken] == [("registers/x.csv", True)]
    not_a_table = EvidenceType("cal", "table", "Calibration register", ("policy/*.md",))
    resolved = in_memory({"policy/a.md": DOC}).resolve(not_a_table, None, {})
    assert resolved.items == [] and resolved.files == []
    (broken,) = resolved.broken
    assert broken.error == (
        "Calibration register should be a table (CSV with a header row, or a YAML/JSON list of "
        "records), this file has no rows"
    )


def test_a_link_where_evidence_is_expected_is_broken_evidence(mini: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.md").write_text(DOC)
    (mini / "policy" / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    (mini / "unrelated.md").symlink_to(tmp_path / "elsewhere.md")
    index = EvidenceIndex(mini, loaders())
    assert Skipped("unrelated.md", "symbolic link: not followed") in index.skipped
    resolved = index.resolve(POLICY, None, {})
    assert [(b.path, b.error) for b in resolved.broken] == [
        ("policy/linked.md", "symbolic link: not followed")
    ]
    assert [i.ref.path for i in resolved.items] == ["policy/quality-policy.md"]


def test_resolve_evidence_applies_the_profiles_mapping(mini: Path) -> None:
    profile_text = (mini / "isocheck.yaml").read_text() + (
        "document_control: {approved_by: Approver}\nevidence:\n  policy: {locations: [QMS/*.md]}\n"
    )
    write_tree(mini, {"isocheck.yaml": profile_text, "QMS/policy.md": DOC})
    profile, _positions = load_profile(mini)
    resolved = resolve_evidence(EvidenceIndex(mini, loaders()), POLICY, profile)
    (item,) = resolved.items
    assert item.ref.path == "QMS/policy.md" and item.fields["approved_by"] == "Bob Boss"


def test_evidence_from_the_profile_is_located_in_the_profile() -> None:
    etype = EvidenceType("certificates", "profile", "Certificates", (), section="certification")
    items = [Item({"body": "CB"}, EvidenceRef("isocheck.yaml", 12))]
    resolved = from_profile(etype, items)
    assert (resolved.items, resolved.files, resolved.broken) == (items, [], [])
    assert resolved.locations == ("isocheck.yaml",)


# --- sections of a document -----------------------------------------------------------------------

SECTIONS = """\
---
id: X
---
# Procedure

## Scope
All sites.
### Exceptions
None.

## Responsibilities
The manager.
"""


def test_section_text_runs_to_the_next_heading_of_the_same_level() -> None:
    parsed = in_memory({"p.md": SECTIONS}).parsed("p.md")
    assert section_text(parsed, "scope") == "All sites.\n### Exceptions\nNone.\n"
    assert section_text(parsed, "EXCEPT") == "None.\n"
    assert section_text(parsed, "Responsib") == "The manager.\n"
    assert section_text(parsed, "Records") is None


# --- a register kept as a table inside documents ---------------------------------------------

ASSESSMENT = (
    "# Evaluierung {id}\n\n| Dokumentenlenkung | |\n|---|---|\n| Dok.-Nr. | {id} |\n"
    "| Freigegeben | Martin Hollerer |\n| Datum | {date} |\n\n"
    "**Tätigkeitsgruppe:** {who}  \n**Beschäftigte:** ca. 40\n\n## Gefährdungen und Maßnahmen\n\n"
    "| Nr. | Gefahr | Situation | W | S | R | Maßnahmen |{extra_head}\n"
    "|---|---|---|---|---|---|---|{extra_rule}\n"
    "| {id}-01 | Anfahren | Arbeiten unter Verkehr | 3 | 4 | 12 | Absicherung |{extra_cell}\n"
)


def _assessment(id_: str, date: str, who: str, extra: tuple[str, str] | None = None) -> str:
    head, cell = extra or ("", "")
    return ASSESSMENT.format(
        id=id_,
        date=date,
        who=who,
        extra_head=f" {head} |" if head else "",
        extra_rule="---|" if head else "",
        extra_cell=f" {cell} |" if head else "",
    )


def _hazards(tmp_path: Path, files: dict[str, str]) -> dict[str, dict[str, Any]]:
    from isocheck.packs import PackCatalog
    from isocheck.plugins import default_host

    hazards = PackCatalog(default_host()).get("iso45001-2018").evidence_types["hazard-register"]
    profile = (
        "format: isocheck/profile/v1\norganization: {name: Hollerer Bau}\nscope: Straßenbau\n"
        "standards: [iso45001-2018]\n"
        "document_control: {id: Dok.-Nr., approved_by: Freigegeben, approved_on: Datum}\n"
        "evidence:\n"
        "  controlled-document:\n    locations: ['EVAL/*.md']\n    dates: '%d.%m.%Y'\n"
        "  hazard-register:\n    locations: ['EVAL/*.md']\n    table: Gefährdungen\n"
        "    columns: {id: Nr., hazard: Gefahr, activity: Situation, likelihood: W, severity: S,\n"
        "              risk_rating: R, controls: Maßnahmen}\n"
    )
    folder = write_tree(tmp_path / "org", {"isocheck.yaml": profile, **files})
    loaded, _positions = load_profile(folder)
    resolved = resolve_evidence(EvidenceIndex(folder, loaders()), hazards, loaded)
    return {item.fields["id"]: item.fields for item in resolved.items}


def test_the_rows_of_a_table_in_a_document_take_what_its_head_says(tmp_path: Path) -> None:
    rows = _hazards(
        tmp_path,
        {
            "EVAL/EVAL-01.md": _assessment("EVAL-01", "25.09.2026", "Poliere, Straßenbauer"),
            "EVAL/EVAL-02.md": _assessment("EVAL-02", "03.03.2026", "Kraftfahrer"),
        },
    )
    # who is affected from the head; assessed and last reviewed when the document was issued,
    # its date read as the profile says these documents write dates
    assert rows["EVAL-01-01"]["who_affected"] == "Poliere, Straßenbauer"
    assert str(rows["EVAL-01-01"]["assessed_on"]) == "2026-09-25"
    assert str(rows["EVAL-02-01"]["reviewed_on"]) == "2026-03-03"
    assert rows["EVAL-02-01"]["who_affected"] == "Kraftfahrer"


def test_a_column_the_table_keeps_is_never_taken_from_the_head(tmp_path: Path) -> None:
    rows = _hazards(
        tmp_path,
        {
            "EVAL/EVAL-01.md": _assessment(
                "EVAL-01", "25.09.2026", "Poliere", extra=("Persons at risk", "")
            )
        },
    )
    # the table has a column for who is affected: its empty cell is nothing recorded
    assert not rows["EVAL-01-01"].get("who_affected")
    assert str(rows["EVAL-01-01"]["assessed_on"]) == "2026-09-25"


def test_a_header_too_long_or_on_two_lines_is_not_said_in_place_of_the_field() -> None:
    long = "Prüfer " * MAX_OWN_NAME
    renames = {long: ("auditor",), "Bereich\nAbteilung": ("area",), "Nr.": ("id",)}
    assert _own_names(renames, list(renames), None) == {"id": "Nr."}
