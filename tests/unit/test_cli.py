"""The isocheck command: lint, verify, packs, explain, init.

`init` followed by a pytest run of the new folder: tests/integration/test_cli_pytest.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from support import MINI_PACK, write_tree

from isocheck.cli import main
from isocheck.reporting import document as results_module
from isocheck.reporting.registry import builtin_writers


def test_lint_clean_pack_and_profile(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(mini / "packs" / "mini.yaml"), str(mini)]) == 0
    assert "2 file(s), no problems" in capsys.readouterr().out


def test_lint_reports_every_problem_with_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = MINI_PACK.replace('- {id: "7.1.5"', "- {id: 7.10").replace(
        "severity: minor", "severity: low", 1
    )
    path = write_tree(tmp_path, {"bad.yaml": bad}) / "bad.yaml"
    assert main(["lint", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:7:10: 7.10 must be a string")
    assert err[1].startswith(f"{path}:43:15: ")  # then the schema validator's wording
    assert err[1].endswith(" (at $.rules[1].severity)")
    assert err[-1] == "isocheck lint: 2 problem(s) in 1 file(s)"


def test_lint_finds_a_base_pack_given_beside_its_extension_and_counts_a_bad_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pre-commit passes files one by one: the base is another argument, not a folder
    child = MINI_PACK.replace(
        "pack: {id: mini, standard: mini,", "pack: {id: child, standard: child, extends: mini,"
    )
    folder = write_tree(tmp_path, {"packs/mini.yaml": MINI_PACK, "ext/child.yaml": child})
    assert (
        main(["lint", str(folder / "ext" / "child.yaml"), str(folder / "packs" / "mini.yaml")]) == 0
    )
    assert "2 file(s), no problems" in capsys.readouterr().out
    profile = write_tree(tmp_path / "p", {"isocheck.yaml": "format: isocheck/profile/v1\n"})
    assert main(["lint", str(profile / "isocheck.yaml")]) == 1
    assert capsys.readouterr().err.rstrip().endswith("problem(s) in 1 file(s)")


def test_lint_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "/no/such/file.yaml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["lint"]) == 2


@pytest.mark.parametrize("pack", ["hs-core", "iso9001-2015"])
def test_verify_builtin_packs(pack: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", pack]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.startswith(f"{pack} ") and out.rstrip().endswith(": ok")


def test_every_builtin_rule_has_both_kinds_of_example() -> None:
    from isocheck.packs import PackCatalog
    from isocheck.plugins import default_host

    catalog = PackCatalog(default_host())
    for pack_id in catalog.ids():
        for rule in catalog.get(pack_id).rules:
            assert rule.pass_examples and rule.fail_examples, f"{pack_id} {rule.id}"


def test_verify_catches_a_wrong_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = MINI_PACK.replace(
        "    remediation: Approve the policy.\n",
        "    remediation: Approve the policy.\n"
        "    examples:\n"
        "      pass: [{name: nothing, files: {}}]\n"
        "      fail: [{name: also nothing, files: {}}]\n",
    )
    path = write_tree(tmp_path, {"mini.yaml": pack}) / "mini.yaml"
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        "M-5.2-01 pass example 'nothing': expected conform, got nonconform: no Quality policy found"
        in err
    )
    assert "M-7.1.5-01 has no pass example" in err


def test_packs_lists_builtin_packs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs"]) == 0
    out = capsys.readouterr().out
    assert "iso9001-2015" in out and "hs-core" in out


def test_explain_clause_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "iso9001-2015", "7.1.5", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["clauses"]] == ["7.1.5", "7.1.5.1", "7.1.5.2"]
    rules = [r for c in data["clauses"] for r in c["rules"]]
    assert rules and all(r["evidence"] for r in rules)
    assert main(["explain", "iso9001-2015", "99"]) == 2


def test_explain_says_which_thresholds_may_be_never(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "iso9001-2015", "7.2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (rule,) = [r for c in data["clauses"] for r in c["rules"] if r["id"] == "HS-7.2-04"]
    assert rule["thresholds"]["competence_reassessment_days"] == 1095
    assert "expiry" in rule["never"]["competence_reassessment_days"]
    assert "competence_induction_days" not in rule["never"]
    assert main(["explain", "iso9001-2015", "7.2"]) == 0
    out = capsys.readouterr().out
    assert "{competence_reassessment_days: ...}; or never: competence is renewed" in out


def test_explain_a_rule_shows_what_it_looks_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "QMS-7.1.5-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ISO 9001:2015")
    assert "  QMS-7.1.5-01 [minor, stage 2]" in out and "QMS-7.1.5-02" not in out
    assert "      where: status is 'in use'" in out
    assert "      require: last_calibrated is filled in and next_due is on or after" in out
    # A core rule: from the core's file, or as a standard's pack runs it
    assert main(["explain", "HS-7.2-04"]) == 0
    assert capsys.readouterr().out.startswith("Harmonized Structure")
    assert main(["explain", "HS-7.2-04", "iso9001-2015", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (rule,) = [r for c in data["clauses"] for r in c["rules"]]
    assert rule["checks"][0]["check"] == "holds"
    # 45001 replaces it with its own per-licence rule
    assert main(["explain", "HS-7.2-04", "iso45001-2018"]) == 2
    assert "neither an installed pack nor a rule of pack 'iso45001-2018'" in capsys.readouterr().err


def test_explain_names_what_documents_must_say_so_a_profile_can_word_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "iso27001-2022", "9.3.2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (rule,) = [r for c in data["clauses"] for r in c["rules"] if r["id"] == "ISMS-9.3.2-01"]
    assert rule["looks_for"]["review-risk-treatment"][0] == "status of risk treatment plan"
    assert main(["explain", "iso27001-2022", "9.3.2"]) == 0
    assert "    looks for review-audits: audit results | audit findings" in capsys.readouterr().out


def test_explain_says_which_formats_each_evidence_type_accepts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["explain", "iso9001-2015", "5.2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    evidence = {e["type"]: e for c in data["clauses"] for r in c["rules"] for e in r["evidence"]}
    assert evidence["policy"]["formats"] == ["markdown", "word", "pdf"]
    assert evidence["roles"]["formats"] == ["csv", "excel"]
    assert main(["explain", "iso9001-2015", "5.2"]) == 0
    out = capsys.readouterr().out
    assert "    evidence policy (document as markdown, word, pdf): policy/*.{md,docx,pdf}" in out
    assert "office extra" not in out  # installed
    monkeypatch.setitem(sys.modules, "docx", None)  # as if the office extra were not installed
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["explain", "iso9001-2015", "5.2"]) == 0
    assert capsys.readouterr().out.endswith(
        "\nexcel, word files need isocheck's office extra: pip install 'isocheck[office]'\n"
    )


def test_explain_lists_every_iso9001_subclause(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "iso9001-2015", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {c["id"] for c in data["clauses"]}
    for clause in [
        "4.4.2",
        "5.1.2",
        "6.2.2",
        "7.1.5.2",
        "7.5.3.2",
        "8.2.3.2",
        "8.3.6",
        "8.5.6",
        "8.7.2",
        "9.1.3",
        "9.2.2",
        "9.3.3",
        "10.2.2",
        "10.3",
    ]:
        assert clause in ids


def test_problems_show_control_characters_instead_of_obeying_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file name is quoted at the start of every problem line.
    bad = write_tree(tmp_path, {"\x1b[2J\rok.yaml": "format: [\n"}) / "\x1b[2J\rok.yaml"
    assert main(["lint", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\r" not in err
    assert "\\x1b[2J\\rok.yaml" in err


# --- report ---------------------------------------------------------------------------------------


def test_report_command_renders_a_saved_json_again(
    tmp_path: Path, gaps: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "results.json"
    saved.write_text(results_module.dumps(gaps))
    for name, _option, _help, writer in builtin_writers():
        out = tmp_path / f"again.{name}"
        assert main(["report", str(saved), "--format", name, "-o", str(out)]) == 0
        rendered = writer(gaps)
        expected = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
        assert out.read_bytes() == expected  # the same bytes, a workbook's too
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "isocheck/report/v1"}')
    assert main(["report", str(broken), "--format", "md", "-o", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}: ")
    assert "(at $); give a results file written by --isocheck-json" in err
    assert not (tmp_path / "x.md").exists()


def test_report_command_prints_to_standard_output_without_a_path(
    tmp_path: Path, gaps: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "results.json"
    saved.write_text(results_module.dumps(gaps))
    assert main(["report", str(saved), "--format", "summary"]) == 0
    out = capsys.readouterr().out
    summary = next(w for w in builtin_writers() if w[0] == "summary")[3]
    assert out == summary(gaps)
    assert "certification: NOT RECOMMENDED" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]
