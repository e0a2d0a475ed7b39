"""One honest verdict: only for a complete run, the same in exit status, JUnit and every report.

These run pytest in a subprocess; the verdict on its own: tests/unit/test_reporting_verdict.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from support import MINI_PACK, mini_files, write_tree

pytest_plugins = ["pytester"]

NODE = "evidence/isocheck.yaml::mini::"
BROKEN_POLICY = "# no front matter\n"
WAIVER = """\
waivers:
  - {rule: M-5.2-01, reason: Policy being rewritten, approver: CEO, expires: 2030-01-01,
     corrective_action: CA-7}
"""


@pytest.fixture
def evidence(pytester: pytest.Pytester) -> Path:
    return write_tree(pytester.path / "evidence", mini_files())


def _results(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    "selection",
    [
        ["-k", "9.2"],
        ["-m", "isocheck(severity='minor')"],
        ["--deselect", f"{NODE}M-9.2-02"],
        ["-x"],
        ["--maxfail=1"],
        ["-k", "9.2", "-n", "2"],
    ],
    ids=["k", "m", "deselect", "x", "maxfail", "k-xdist"],
)
def test_a_partial_run_gives_no_verdict_anywhere(
    pytester: pytest.Pytester, evidence: Path, selection: list[str]
) -> None:
    result = pytester.runpytest_subprocess(
        "--isocheck",
        "evidence",
        *selection,
        "--isocheck-json=r.json",
        "--isocheck-md=r.md",
        "--isocheck-html=r.html",
        "--isocheck-sarif=r.sarif",
        "--isocheck-oscal=r.oscal",
    )
    out = result.stdout.str()
    result.stdout.fnmatch_lines(
        ["*partial run: * of 5 rules assessed; no certification or gate verdict*"]
    )
    assert "certification: RECOMMENDED" not in out and "stage 1 ready" not in out
    assert "verdict: none (partial run)" in out
    data = _results(pytester.path / "r.json")
    assert data["run"]["complete"] is False
    assert data["run"]["planned"] == 5 and data["run"]["assessed"] < 5
    assert [s["verdict"] for s in data["standards"]] == [None]
    md = (pytester.path / "r.md").read_text(encoding="utf-8")
    assert "partial run" in md and "Certification:" not in md
    html = (pytester.path / "r.html").read_text(encoding="utf-8")
    assert "partial run" in html and "Certification:" not in html
    sarif = json.loads((pytester.path / "r.sarif").read_text(encoding="utf-8"))
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("partial run: ")
    oscal = json.loads((pytester.path / "r.oscal").read_text(encoding="utf-8"))
    (result,) = oscal["assessment-results"]["results"]
    assert {"name": "assessment", "value": "partial"} in result["props"]
    assert result["remarks"].startswith("partial run: ")


def test_last_failed_is_a_partial_run(pytester: pytest.Pytester, evidence: Path) -> None:
    pytester.runpytest_subprocess("--isocheck", "evidence")
    result = pytester.runpytest_subprocess("--isocheck", "evidence", "--lf")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["isocheck: partial run: 1 of 5 rules assessed*"])


def test_a_complete_run_has_its_verdict_in_every_report(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "--isocheck-json=r.json", "--junitxml=j.xml"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.no_fnmatch_line("*partial run*")
    data = _results(pytester.path / "r.json")
    assert data["run"] | {"details": None} == {
        "complete": True,
        "planned": 5,
        "assessed": 5,
        "fail_on": "minor",
        "failing": 1,
        "headline": "complete run: all 5 rules assessed",
        "details": None,
        "baseline": None,
    }
    (mini,) = data["standards"]
    assert (mini["verdict"]["kind"], mini["verdict"]["decision"]) == (
        "certification",
        "recommended",
    )
    # JUnit failures are exactly the findings that fail the run.
    suite = ET.parse(pytester.path / "j.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("failures", "-1")) == data["run"]["failing"] == 1


@pytest.mark.parametrize("fail_on", ["minor", "major"])
def test_exit_status_junit_and_report_agree(
    pytester: pytest.Pytester, evidence: Path, fail_on: str
) -> None:
    write_tree(evidence, {"policy/quality-policy.md": BROKEN_POLICY})  # adds a major
    result = pytester.runpytest_subprocess(
        "--isocheck",
        "evidence",
        f"--isocheck-fail-on={fail_on}",
        "--junitxml=j.xml",
        "--isocheck-json=r.json",
        "-n",
        "2",
    )
    failing = {"minor": 2, "major": 1}[fail_on]
    suite = ET.parse(pytester.path / "j.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("failures", "-1")) == failing
    assert _results(pytester.path / "r.json")["run"]["failing"] == failing
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_waived_major_still_stops_certification_but_not_the_run(
    pytester: pytest.Pytester, workers: list[str]
) -> None:
    files = mini_files(**{"policy/quality-policy.md": BROKEN_POLICY})
    files["isocheck.yaml"] += WAIVER
    files["registers/calibration.csv"] = "instrument,status,next_due\nG-01,in use,2026-12-01\n"
    write_tree(pytester.path / "evidence", files)
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "--isocheck-json=r.json", *workers
    )
    assert result.ret == pytest.ExitCode.OK  # the waiver is honoured by the exit status
    result.assert_outcomes(passed=3, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(
        [
            "certification: NOT RECOMMENDED",
            "  - 1 major nonconformity in documented information (stage 1) waived, not corrected:"
            " M-5.2-01",
        ]
    )
    (mini,) = _results(pytester.path / "r.json")["standards"]
    assert (mini["verdict"]["decision"], mini["verdict"]["stage1_ready"]) == (
        "not recommended",
        False,
    )


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_pack_without_a_certification_verdict_is_a_gate(
    pytester: pytest.Pytester, workers: list[str]
) -> None:
    pack = MINI_PACK.replace(" verdict: certification,", "")
    assert pack != MINI_PACK
    write_tree(pytester.path / "evidence", mini_files(**{"packs/mini.yaml": pack}))
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "--isocheck-fail-on=major", *workers
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["gate: PASS"])
    assert "certification:" not in result.stdout.str()
    failing = pytester.runpytest_subprocess("--isocheck", "evidence", *workers)
    assert failing.ret == pytest.ExitCode.TESTS_FAILED
    failing.stdout.fnmatch_lines(["gate: FAIL", "  - 1 failing nonconformity: M-7.1.5-01"])


CRASH = """\
import os

def pytest_runtest_setup(item):
    if item.name == "M-9.2-01":
        os._exit(1)
"""


def test_a_rule_lost_with_its_worker_is_an_error_and_no_verdict(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    # The runner's own conftest (not the evidence folder's) kills the worker mid-rule.
    pytester.makeconftest(CRASH)
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-n", "2", "--isocheck-json=r.json"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*partial run: 4 of 5 rules assessed*"])
    result.stdout.fnmatch_lines(["*1 rule(s) lost with a crashed worker*mini::M-9.2-01*"])
    data = _results(pytester.path / "r.json")
    lost = next(f for f in data["findings"] if f["rule"] == "M-9.2-01")
    assert lost["outcome"] == "error"
    assert data["run"]["complete"] is False
    assert [s["verdict"] for s in data["standards"]] == [None]
