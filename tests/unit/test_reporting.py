"""Report writers on the results document: validity, completeness, atomic writes, the `report`
command, and the writers' imports.

The writers through pytest runs (determinism across runs and -n 2, the evidence untouched, refused
destinations): tests/integration/test_reports_pytest.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from support import results_document

from isocheck.cli import main
from isocheck.errors import UsageError
from isocheck.reporting import document as results_module
from isocheck.reporting import output
from isocheck.reporting.registry import builtin_writers

ROOT = Path(__file__).resolve().parents[2]
GAPS = ROOT / "examples" / "acme-qms-gaps"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def gaps_results() -> dict[str, Any]:
    return results_document(GAPS)


def nonconformities() -> list[tuple[str, str]]:
    data = yaml.safe_load((GAPS / "expected-findings.yaml").read_text(encoding="utf-8"))
    out = []
    for f in data["findings"]:
        if f["outcome"] == "nonconform":
            path = f["why"].rsplit("(", 1)[-1].rstrip(")")
            out.append((f["rule"], path))
    return out


@pytest.fixture(scope="module")
def gaps() -> dict[str, Any]:
    return gaps_results()


def test_json_is_valid_against_our_schema(gaps: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    errors = list(
        Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        ).iter_errors(gaps)
    )
    assert errors == []
    assert gaps["standards"][0]["totals"]["major"] == 3
    assert all(len(e["sha256"] or "") == 64 for e in gaps["evidence_manifest"])
    assert {e["path"] for e in gaps["evidence_manifest"]} >= {
        "resources/calibration.csv",
        "policy/quality-policy.md",
    }


# The terminal summary counts nonconformities; pytest lists them itself, one failure each.
@pytest.mark.parametrize("name", [w[0] for w in builtin_writers() if w[0] != "summary"])
def test_every_nonconformity_appears_in_every_format(gaps: dict[str, Any], name: str) -> None:
    writer = next(w for w in builtin_writers() if w[0] == name)[3]
    text = writer(gaps)
    for rule, path in nonconformities():
        assert rule in text, (name, rule)
        assert path in text, (name, rule, path)


def test_sarif_is_valid_against_the_oasis_schema(gaps: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SARIF_SCHEMA} is missing in CI")
        pytest.skip("the shared SARIF schema is not beside this checkout")
    from jsonschema import validators

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    sarif = json.loads(next(w for w in builtin_writers() if w[0] == "sarif")[3](gaps))
    assert list(cls(schema).iter_errors(sarif)) == []
    results = sarif["runs"][0]["results"]
    assert len([r for r in results if "suppressions" not in r]) == len(nonconformities())
    first = next(r for r in results if r["ruleId"] == "iso9001-2015/QMS-7.1.5-01")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/acme-qms-gaps/resources/calibration.csv"
    assert location["region"]["startLine"] >= 2
    assert first["level"] == "warning"
    rule = sarif["runs"][0]["tool"]["driver"]["rules"][first["ruleIndex"]]
    assert rule["id"] == first["ruleId"] and rule["help"]["text"]


def test_markdown_has_a_corrective_action_row_per_nonconformity(gaps: dict[str, Any]) -> None:
    md = next(w for w in builtin_writers() if w[0] == "md")[3](gaps)
    assert md.count("| Root cause | |") == len(nonconformities())
    assert "## Waivers" in md and "QMS-7.1.3-01" in md and "expired" in md
    assert "| 8.3 | iso9001-2015 |" in md or "| 8.3 | all |" in md


def test_write_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous")

    class Exploding(str):
        def encode(self, *args: Any, **kwargs: Any) -> bytes:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        output.write_atomically(target, Exploding("x"))
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    output.write_atomically(target, "new\n")
    assert target.read_text() == "new\n"


def test_destination_checks(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        output.check_destination(tmp_path / "missing" / "r.json", None)
    with pytest.raises(UsageError, match="inside the evidence folder"):
        output.check_destination(tmp_path / "r.json", tmp_path)


def test_report_command_renders_a_saved_json_again(
    tmp_path: Path, gaps: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "results.json"
    saved.write_text(results_module.dumps(gaps))
    for name, _option, _help, writer in builtin_writers():
        out = tmp_path / f"again.{name}"
        assert main(["report", str(saved), "--format", name, "-o", str(out)]) == 0
        assert out.read_text(encoding="utf-8") == writer(gaps)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "isocheck/report/v1"}')
    assert main(["report", str(broken), "--format", "md", "-o", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}: ")
    assert "(at $); give a results file written by --isocheck-json" in err
    assert not (tmp_path / "x.md").exists()


def test_the_certification_cycle_says_whether_certificates_are_maintained(
    gaps: dict[str, Any],
) -> None:
    cycle = next(s for s in gaps["standards"] if s["id"] == "certification-cycle")
    assert (cycle["verdict"]["kind"], cycle["verdict"]["decision"]) == (
        "certificates",
        "maintained",
    )
    md = next(w for w in builtin_writers() if w[0] == "md")[3](gaps)
    section = md.split("### Certification cycle", 1)[1].split("###", 1)[0]
    assert "- Certificates maintained: yes" in section
    assert "Stage 1 ready" not in section


def test_a_missed_surveillance_means_certificates_not_maintained() -> None:
    from isocheck.certification_cycle import CERTIFICATION_PACK
    from isocheck.model import Finding
    from isocheck.reporting.verdict import verdict

    missed = Finding(
        standard=CERTIFICATION_PACK,
        pack=CERTIFICATION_PACK,
        rule="CERT-3-01",
        clauses=("3",),
        title="Surveillance",
        severity="major",
        stage=2,
        outcome="nonconform",
        message="none recorded",
    )
    v = verdict(CERTIFICATION_PACK, [missed], kind="certificates")
    assert (v.kind, v.passed, v.decision) == ("certificates", False, "not maintained")
    assert v.reasons == ("1 major nonconformity in the certification cycle: CERT-3-01",)
    assert v.headline() == ["certificates maintained: NO"]


def test_importing_every_writer_loads_no_check_or_engine_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from isocheck.reporting import html, jsonreport, markdown, oscal, sarif, terminal\n"
        "from isocheck.reporting.registry import builtin_writers\n"
        "builtin_writers()\n"
        "loaded = [m for m in ('isocheck.checks', 'isocheck.conditions', 'isocheck.engine',\n"
        "                      'isocheck.plugins', 'isocheck.evidence', 'regex') if m in sys.modules]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


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
