"""Every bad rule pack gives one clear error naming file, line and fix (no traceback).

Bad profiles: tests/unit/test_profile.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import MINI_PACK, mini_files, write_tree

import isocheck
from isocheck.errors import InputError


def problems_for(tmp_path: Path, **overrides: str) -> list[str]:
    folder = write_tree(tmp_path / "ev", mini_files(**overrides))
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    return [str(p) for p in info.value.problems]


def pack_problems(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in MINI_PACK, old
    return problems_for(tmp_path, **{"packs/mini.yaml": MINI_PACK.replace(old, new, 1)})


PACK = "packs/mini.yaml"


def test_malformed_yaml(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, "clauses:\n", "clauses: [\n")
    assert p.startswith(str(tmp_path / "ev" / PACK) + ":6:")
    assert "invalid YAML" in p and "fix the YAML syntax" in p


def test_duplicate_keys(tmp_path: Path) -> None:
    (p,) = pack_problems(
        tmp_path, "    severity: major\n", "    severity: major\n    severity: minor\n"
    )
    assert ":35:5: duplicate key 'severity' (first defined on line 34)" in p
    assert "remove or rename one of the two keys" in p


def test_unknown_check_lists_known_ones(tmp_path: Path) -> None:
    (p,) = pack_problems(
        tmp_path, "- approved: {evidence: policy}", "- aproved: {evidence: policy}"
    )
    assert ":37:18:" in p
    known = "all_of, any_of, approved, at_each_site, attested, authorised, certification_cycle"
    assert f"unknown check 'aproved'; known checks: {known}" in p


def test_wrong_parameter_type(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, 'max_days: "${review_days}"', "max_days: soon")
    assert ":62:61:" in p
    assert ":62:61: rule M-9.2-01: interval: " in p
    assert "$.rules[3].checks[0].interval.max_days" in p


def test_clause_id_as_number(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, '- {id: "7.1.5"', "- {id: 7.10")
    assert ":7:10: 7.10 must be a string (at $.clauses[1].id); quote it: '7.10'" in p
    assert "unquoted 5.10 as the number 5.1" in p


def test_rule_id_with_forbidden_characters(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, "- id: M-5.2-01", "- id: M::5.2[1]")
    assert ":31:9:" in p and "(at $.rules[0].id)" in p
    assert "use only letters, digits, '.', '-' and '_'" in p


def test_rule_id_duplicated(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, "- id: M-9.2-02", "- id: M-9.2-01")
    assert ":63:9: rule id 'M-9.2-01' is used twice" in p


def test_pack_extends_missing_pack(tmp_path: Path) -> None:
    (p,) = pack_problems(
        tmp_path, "title: Mini standard}", "title: Mini standard, extends: nowhere}"
    )
    assert ":2:" in p and "pack extends 'nowhere', which is not installed" in p


def test_pack_extends_itself(tmp_path: Path) -> None:
    (p,) = pack_problems(tmp_path, "title: Mini standard}", "title: Mini standard, extends: mini}")
    assert "pack extends itself: mini -> mini" in p


def test_a_rule_excluded_with_a_clause_the_pack_does_not_list(tmp_path: Path) -> None:
    (p,) = pack_problems(
        tmp_path, '    clauses: ["5.2"]\n', '    clauses: ["5.2"]\n    excluded_with: ["7.1.9"]\n'
    )
    assert p.endswith(
        ":33:21: rule M-5.2-01 names clause '7.1.9', which the pack does not list (at "
        "$.rules[0].excluded_with[0]); add it under clauses: or fix the number"
    )
