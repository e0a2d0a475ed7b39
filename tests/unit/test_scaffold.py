"""`isocheck init`'s starting folder (`isocheck.scaffold`): a profile and a template for every
evidence type, placeholders that pass no rule, and nothing overwritten.

The folder run as a gap analysis through pytest: tests/integration/test_cli_pytest.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from isocheck.globs import glob_problem, glob_regex
from isocheck.loaders import BUILTIN_LOADERS, LoadLimits, ParsedFile
from isocheck.model import (
    DOCUMENT_CONTROL_FIELDS,
    CheckSpec,
    EvidenceType,
    Rule,
    RulePack,
    SourceRef,
)
from isocheck.scaffold import init_folder, template_path
from isocheck.validation import parse_yaml_bytes, schema_problems

PROCEDURE = EvidenceType(
    "procedure",
    "document",
    "Design procedure",
    ("procedures/*.md",),
    fields=("scope", "due_date", "owner"),
    description="How design is planned and reviewed.",
)
TRAINING = EvidenceType(
    "training", "table", "Training records", ("**/training.csv",), columns=("person", "course")
)
MINUTES = EvidenceType("minutes", "records", "Review minutes", ("reviews/minutes-????.md",))
ROSTER = EvidenceType("roster", "table", "Roster", ("people/roster.csv",))


def spec(name: str, params: object) -> CheckSpec:
    return CheckSpec(name, params, SourceRef("p.yaml"))


def pack(*types: EvidenceType, standard: str = "mini", rules: tuple[Rule, ...] = ()) -> RulePack:
    return RulePack(
        id=standard,
        standard=standard,
        edition="1",
        version="1",
        title="Mini",
        clauses=(),
        evidence_types={t.name: t for t in types},
        rules=rules,
        thresholds={},
        source=SourceRef(f"{standard}.yaml"),
        sha256="",
    )


SECTIONS_RULE = Rule(
    id="R-1",
    clauses=("8.3",),
    title="The procedure has its sections",
    severity="minor",
    stage=1,
    checks=(
        spec("sections", {"evidence": "procedure", "headings": ["Scope", "Reviews"]}),
        spec("all_of", [{"not": {"evidence": "procedure", "section": "Obsolete"}}]),
        # A section asked for below a check's evidence is that evidence's.
        spec("contains", {"evidence": "procedure", "within": {"section": "Approval"}}),
        spec("sections", {"evidence": "minutes", "headings": ["Attendees"]}),
    ),
)


def front_matter(path: Path) -> dict[str, object]:
    parsed = ParsedFile(path.name)
    BUILTIN_LOADERS[0][2](parsed, path.read_bytes(), LoadLimits())
    assert parsed.error == "" and parsed.fields is not None
    return parsed.fields


# --- template paths -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "path"),
    [
        ("registers/calibration.csv", "registers/calibration.csv"),
        ("procedures/*.md", "procedures/procedure.md"),  # the type's name where a name is free
        ("**/training/*.csv", "training/procedure.csv"),
        ("reviews/minutes-????.md", "reviews/minutes-xxxx.md"),
        ("policy/*.{md,docx,pdf}", "policy/procedure.md"),  # the first of the formats
        ("planning/risks*.{csv,xlsx}", "planning/risks.csv"),
    ],
)
def test_a_template_path_is_concrete(location: str, path: str) -> None:
    etype = EvidenceType("procedure", "document", "P", (location, "elsewhere/*.md"))
    assert template_path(etype) == path


segments = st.sampled_from(
    [
        "policy",
        "records",
        "*",
        "*.md",
        "?",
        "a?c",
        "x*y",
        "**",
        "*.*",
        "*.{md,docx}",
        "r*.{csv,xlsx}",
    ]
)
globs = (
    st.tuples(st.booleans(), st.lists(segments, min_size=1, max_size=4))
    .map(lambda t: ("**/" if t[0] else "") + "/".join(t[1]))
    .filter(lambda g: glob_problem(g) is None)  # the locations a pack may hold
)


@given(globs, st.sampled_from(["policy", "training-record", "risks"]))
def test_a_template_matches_the_location_it_was_made_for(location: str, name: str) -> None:
    etype = EvidenceType(name, "document", "T", (location,))
    assert glob_regex(location).match(template_path(etype))


@pytest.mark.parametrize("location", ["records/audit-[0-9].csv", "docs/[!x]*.md"])
def test_a_template_matches_a_location_with_a_bracket(location: str) -> None:
    etype = EvidenceType("audits", "table", "Audits", (location,))
    assert glob_regex(location).match(template_path(etype))


# --- the folder -----------------------------------------------------------------------------------


def test_a_template_for_every_type_and_a_profile(tmp_path: Path) -> None:
    created, kept = init_folder(tmp_path, [pack(PROCEDURE, TRAINING, MINUTES)])
    assert created == [
        str(tmp_path / rel)
        for rel in [
            "isocheck.yaml",
            "procedures/procedure.md",
            "reviews/minutes-xxxx.md",
            "training.csv",
        ]
    ]
    assert kept == []


def test_a_table_template_is_its_header_row(tmp_path: Path) -> None:
    init_folder(tmp_path, [pack(TRAINING, ROSTER)])
    assert (tmp_path / "training.csv").read_text() == "person,course\n"
    assert (tmp_path / "people" / "roster.csv").read_text() == "TODO\n"


def test_a_document_template_has_placeholders_that_pass_no_rule(tmp_path: Path) -> None:
    init_folder(tmp_path, [pack(PROCEDURE)])
    fields = front_matter(tmp_path / "procedures" / "procedure.md")
    assert list(fields) == [*DOCUMENT_CONTROL_FIELDS, "scope", "due_date"]
    assert fields["title"] == "Design procedure"
    assert fields["status"] == "draft"
    # Not dates: a date check fails on them, whatever the as-of date.
    assert fields["approved_on"] == fields["next_review"] == fields["due_date"] == "YYYY-MM-DD"
    assert {fields[k] for k in ("id", "version", "owner", "approved_by", "scope")} == {"TODO"}
    text = (tmp_path / "procedures" / "procedure.md").read_text()
    assert (
        "# TODO: the document's title\n" in text and "How design is planned and reviewed." in text
    )


def test_the_sections_rules_look_for_are_a_checklist_not_headings(tmp_path: Path) -> None:
    init_folder(tmp_path, [pack(PROCEDURE, MINUTES, rules=(SECTIONS_RULE,))])
    text = (tmp_path / "procedures" / "procedure.md").read_text()
    assert "     - Scope\n     - Reviews\n     - Obsolete\n     - Approval\n" in text
    assert "Attendees" not in text  # another type's section
    parsed = ParsedFile("procedure.md")
    BUILTIN_LOADERS[0][2](parsed, text.encode(), LoadLimits())
    assert [h.title for h in parsed.headings] == ["TODO: the document's title"]
    assert "     - Attendees\n" in (tmp_path / "reviews" / "minutes-xxxx.md").read_text()


def test_one_template_serves_every_type_its_path_matches(tmp_path: Path) -> None:
    plan = EvidenceType("plan", "document", "Design plan", ("procedures/*.md",))
    created, _kept = init_folder(tmp_path, [pack(PROCEDURE, plan)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in created] == [
        "isocheck.yaml",
        "procedures/plan.md",
    ]


def test_the_profile_names_the_standards_and_is_valid(tmp_path: Path) -> None:
    packs = [pack(PROCEDURE, standard="iso9001-2015"), pack(TRAINING, standard="iso45001-2018")]
    init_folder(tmp_path, packs)
    raw = (tmp_path / "isocheck.yaml").read_bytes()
    data, positions, _sha = parse_yaml_bytes(raw, "isocheck.yaml")
    assert data["standards"] == ["iso9001-2015", "iso45001-2018"]
    assert schema_problems("profile.schema.json", data, positions) == []
    assert b"isocheck explain iso9001-2015" in raw
    # Placeholders there too, never a plausible organization.
    assert data["organization"]["name"].startswith("TODO") and data["scope"].startswith("TODO")
    assert yaml.safe_load(raw) == data


def test_nothing_is_overwritten(tmp_path: Path) -> None:
    ours = tmp_path / "procedures" / "procedure.md"
    ours.parent.mkdir()
    ours.write_text("ours\n")
    created, kept = init_folder(tmp_path, [pack(PROCEDURE, TRAINING)])
    assert kept == [str(ours)] and str(ours) not in created
    assert ours.read_text() == "ours\n"
    (tmp_path / "isocheck.yaml").write_text("edited\n")
    again, kept = init_folder(tmp_path, [pack(PROCEDURE, TRAINING)])
    assert again == [] and set(kept) == {*created, str(ours)}
    assert (tmp_path / "isocheck.yaml").read_text() == "edited\n"


def test_the_profile_says_how_to_map_a_workbook_and_stays_valid_when_uncommented(
    tmp_path: Path,
) -> None:
    init_folder(tmp_path, [pack(PROCEDURE, standard="iso9001-2015")])
    text = (tmp_path / "isocheck.yaml").read_text(encoding="utf-8")
    mapping = text.split("# evidence:", 1)[1].split("\n# exclusions:", 1)[0]
    uncommented = text.replace("# evidence:" + mapping, "evidence:" + mapping.replace("\n# ", "\n"))
    data, positions, _ = parse_yaml_bytes(uncommented.encode(), "isocheck.yaml")
    assert data["evidence"] == {
        "training-record": {
            "locations": ["HR/training/*.{csv,xlsx}"],
            "sheet": "Training",
            "header_row": 3,
            "columns": {"person": "Employee"},
        }
    }
    assert schema_problems("profile.schema.json", data, positions) == []


def test_a_type_taken_from_the_profile_gets_no_template(tmp_path: Path) -> None:
    certificates = EvidenceType(
        "certificates", "profile", "Certificates", (), section="certification"
    )
    created, _kept = init_folder(tmp_path, [pack(certificates, TRAINING)])
    assert [Path(p).name for p in created] == ["isocheck.yaml", "training.csv"]
