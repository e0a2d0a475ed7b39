"""`isocheck migrate`: a v1 pack rewritten as v2 means the same on any evidence, keeps its comments,
and is refused, untouched, where it cannot be rewritten safely."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from support import MINI_PACK, write_tree

import isocheck
from isocheck.cli import main
from isocheck.migrate import MigrationError, migrate_text
from isocheck.plugins import make_host

REGISTRY = make_host(load_entry_points=False).checks

SHAPES = """\
format: isocheck/rulepack/v1
pack: {id: shapes, standard: shapes, edition: "1", version: "1", title: Shapes}
clauses:
  - {id: "1", title: One}
evidence:
  x: {kind: table, title: X register, locations: ["x.csv"]}
  y: {kind: table, title: Y register, locations: ["y.csv"]}
rules:
  - id: EXISTS-RECORDS  # exists, then a check of every item of the same evidence
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x}   # goes: records says the same
      - records: {evidence: x, require: {owner: {present: true}}}
  - id: EXISTS-FIELDS
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x}
      - fields: {evidence: x, required: [owner]}
  - id: EXISTS-FIELDS-WHERE
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x}
      - fields: {evidence: x, where: {status: {equals: open}}, required: [owner]}
  - id: EXISTS-WHERE-APPROVED  # the same where: approved says the same "no ... matching ..."
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x, where: {status: {equals: open}}}
      - fields: {evidence: x, where: {status: {equals: open}}, required: [owner]}
      - exists: {evidence: y, where: {ref: {equals: A}}}
      - records: {evidence: y, where: {ref: {equals: A}}, require: {ref: {present: true}}}
  - id: RECORDS-ALONE
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - records: {evidence: x, require: {owner: {present: true}}}
  - id: OTHER-EVIDENCE
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x}
      - references: {evidence: y, column: ref, to: {evidence: x, column: id}}
  - id: NESTED
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - any_of:
          - records: {evidence: x, require: {owner: {present: true}}}
          - exists: {evidence: y}
  - id: LATER
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - fields: {evidence: y, required: [ref]}
      - exists: {evidence: x}
      - unique: {evidence: x, column: id}
  - id: BEFORE
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - records: {evidence: x, require: {owner: {present: true}}}
      - fields: {evidence: y, required: [ref]}
      - exists: {evidence: x}
  - id: BLOCK
    clauses: ["1"]
    title: t
    severity: minor
    stage: 1
    checks:
      - exists: {evidence: x}
      - records:
          evidence: x
          # owners are named people
          require:
            owner: {present: true}
      - closed_within:
          evidence: x
          opened: opened
          closed: closed
          days: 30
"""

X_STATES = {
    "missing": None,
    "header only": "id,owner,status,opened,closed\n",
    "rows": "id,owner,status,opened,closed\nA,Ann,open,2026-10-01,\nB,,closed,2026-01-01,2026-01-09\n",
    "ragged": "id,owner,status,opened,closed\nA,Ann,open\n",
    "duplicate": "id,owner,status,opened,closed\nA,Ann,open,2026-10-01,\nA,Bob,open,2026-10-02,\n",
    "not utf-8": b"id,owner\nA,Jos\xe9\n",
}
Y_STATES = {"missing": None, "rows": "ref\nA\nZ\n", "header only": "ref\n"}

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Shapes Ltd}
scope: Everything
standards: [shapes]
as_of: 2026-11-01
packs: [packs/shapes.yaml]
"""


def findings(root: Path, pack: str, x: str | bytes | None, y: str | None) -> list[tuple]:
    files = {"isocheck.yaml": PROFILE, "packs/shapes.yaml": pack}
    if isinstance(y, str):
        files["y.csv"] = y
    if isinstance(x, str):
        files["x.csv"] = x
    folder = write_tree(root, files)
    if isinstance(x, bytes):
        (folder / "x.csv").write_bytes(x)
    return [(f.rule, f.outcome, f.message, f.details) for f in isocheck.evaluate(folder).findings]


def test_the_migrated_pack_means_the_same_on_every_kind_of_evidence(tmp_path: Path) -> None:
    migrated = migrate_text(SHAPES, "shapes.yaml", REGISTRY)
    assert migrated is not None
    compared = 0
    for (xs, x), (ys, y) in itertools.product(X_STATES.items(), Y_STATES.items()):
        where = tmp_path / f"{xs}-{ys}".replace(" ", "_")
        before = findings(where / "v1", SHAPES, x, y)
        after = findings(where / "v2", migrated, x, y)
        assert after == before, (xs, ys)
        compared += len(before)
    assert compared == 10 * len(X_STATES) * len(Y_STATES)


def test_it_drops_what_v2_says_by_itself_and_keeps_what_it_does_not() -> None:
    migrated = migrate_text(SHAPES, "shapes.yaml", REGISTRY)
    assert migrated is not None
    rules = migrated.split("  - id: ")[1:]
    text = {rule.split()[0]: rule for rule in rules}
    # The exists goes; the one check left names its evidence itself.
    assert "- exists" not in text["EXISTS-RECORDS"]
    assert (
        "    checks:\n      - records: {evidence: x, require: {owner: {present: true}}}\n"
        in (text["EXISTS-RECORDS"])
    )
    assert "- exists" not in text["EXISTS-FIELDS"]
    # "none matching" is not "none found": the exists stays.
    assert "- exists: {}" in text["EXISTS-FIELDS-WHERE"]
    # With a where, only a check that says "none found" itself (with the same where) replaces it.
    assert text["EXISTS-WHERE-APPROVED"].count("- exists") == 1
    assert "- exists: {evidence: y, where: {ref: {equals: A}}}" in text["EXISTS-WHERE-APPROVED"]
    # Alone, a check of every item passed on no items in v1; it still does.
    assert (
        "records: {evidence: x, require: {owner: {present: true}}, allow_empty: true}"
        in (text["RECORDS-ALONE"])
    )
    assert "to: {evidence: x, column: id}, allow_empty: true}" in text["OTHER-EVIDENCE"]
    assert "exists: {evidence: x}" in text["OTHER-EVIDENCE"]
    assert "allow_empty: true" in text["NESTED"]
    assert "- exists" not in text["LATER"] and "allow_empty" not in text["LATER"]
    assert "exists: {evidence: x}" in text["BEFORE"] and "allow_empty: true" in text["BEFORE"]
    # Block mappings lose their evidence line; comments stay.
    assert (
        "      - records:\n          # owners are named people\n          require:"
        in (text["BLOCK"])
    )
    assert "days: 30\n" in text["BLOCK"] and "allow_empty" not in text["BLOCK"]
    assert "# goes: records says the same" not in migrated  # went with its line
    assert migrated.startswith("format: isocheck/rulepack/v2\n")


def test_a_v2_pack_is_left_alone() -> None:
    migrated = migrate_text(SHAPES, "shapes.yaml", REGISTRY)
    assert migrated is not None
    assert migrate_text(migrated, "shapes.yaml", REGISTRY) is None


def test_the_mini_pack_migrates_and_loads(tmp_path: Path) -> None:
    migrated = migrate_text(MINI_PACK, "mini.yaml", REGISTRY)
    assert migrated is not None
    assert "records:\n          evidence: calibration" in migrated
    assert "          allow_empty: true\n" in migrated
    pack = tmp_path / "mini.yaml"
    pack.write_text(migrated, encoding="utf-8")
    assert main(["lint", str(pack)]) == 0


def test_a_check_that_shares_its_line_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_line = SHAPES.replace(
        "      - exists: {evidence: x}   # goes: records says the same\n"
        "      - records: {evidence: x, require: {owner: {present: true}}}\n",
        "      [{exists: {evidence: x}}, {records: {evidence: x, require: {owner: {present: 1}}}}]\n",
    ).replace("    checks:\n      [{exists", "    checks: [{exists", 1)
    assert one_line != SHAPES
    with pytest.raises(MigrationError, match=r"shapes.yaml:\d+: cannot be migrated automatically"):
        migrate_text(one_line, "shapes.yaml", REGISTRY)
    path = tmp_path / "shapes.yaml"
    path.write_text(one_line, encoding="utf-8")
    assert main(["migrate", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == one_line
    assert "edit this part by hand" in capsys.readouterr().err


def test_the_command_rewrites_in_place_or_shows_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shapes.yaml"
    path.write_text(SHAPES, encoding="utf-8")
    assert main(["lint", str(path)]) == 0
    assert "format isocheck/rulepack/v1 is deprecated" in capsys.readouterr().err
    assert main(["migrate", "--diff", str(path)]) == 0
    diff = capsys.readouterr().out
    assert "-format: isocheck/rulepack/v1\n+format: isocheck/rulepack/v2\n" in diff
    assert path.read_text(encoding="utf-8") == SHAPES
    assert main(["migrate", str(path)]) == 0
    assert "migrated to isocheck/rulepack/v2" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == migrate_text(SHAPES, "x", REGISTRY)
    assert main(["lint", str(path)]) == 0
    assert "deprecated" not in capsys.readouterr().err


def test_every_builtin_pack_is_v2() -> None:
    root = Path(__file__).resolve().parents[2] / "rulepacks"
    for path in sorted(root.glob("*.yaml")):
        assert migrate_text(path.read_text(encoding="utf-8"), str(path), REGISTRY) is None, path


def test_changes_are_data_not_text() -> None:
    # The same rule written in block and flow style migrates to the same data.
    from isocheck.migrate import migrated
    from isocheck.validation import parse_yaml_bytes

    data, _, _ = parse_yaml_bytes(SHAPES.encode(), "shapes.yaml")
    target, changes = migrated(data, REGISTRY)
    drops = [c.drop for c in changes]
    assert drops == [[0], [0], [], [0], [], [], [], [1], [], [0]]  # fmt: skip
    assert "evidence" not in target["rules"][0]
    assert target["rules"][9]["evidence"] == "x"


def test_a_pack_that_does_not_load_is_reported_with_its_lines_and_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = SHAPES.replace("    title: t\n", "", 1)
    path = tmp_path / "shapes.yaml"
    path.write_text(broken, encoding="utf-8")
    assert main(["migrate", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == broken
    assert f"{path}:9:5: 'title' is a required property" in capsys.readouterr().err
