"""`isocheck run DIR`: the same assessment as `pytest --isocheck=DIR`, told plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("example", ["acme-qms", "acme-qms-gaps"])
def test_run_gives_what_pytest_gives(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    folder = EXAMPLES / example
    direct = pytester.runpytest_subprocess(
        f"--isocheck={folder}", "-p", "no:cacheprovider", "--isocheck-json=pytest.json"
    )
    front = pytester.run("isocheck", "run", str(folder), "--json", "run.json")
    assert front.ret == direct.ret
    assert (pytester.path / "run.json").read_bytes() == (pytester.path / "pytest.json").read_bytes()
    out = front.stdout.str()
    # Not pytest's lines: no session header, no dots, no truncated "FAILED ... - Minor non..."
    assert "test session starts" not in out and "FAILED" not in out
    results = json.loads((pytester.path / "run.json").read_text(encoding="utf-8"))
    numbered = [f for f in results["findings"] if f["number"]]
    for f in numbered:  # each nonconformity in full, with its rule and title
        assert f"  {f['number']} {f['severity']} {f['standard']}" in out
        assert f["message"] in out
    assert ("nonconformities:" in out) == bool(numbered)
    front.stdout.fnmatch_lines(["*conformity*", "report written: json: run.json"])


def test_pytest_options_pass_through_and_the_ini_of_the_caller_does_not(
    pytester: pytest.Pytester,
) -> None:
    # Settings where `isocheck run` starts do not change the assessment: no addopts from them.
    pytester.makeini("[pytest]\naddopts = --isocheck-fail-on=major\n")
    folder = EXAMPLES / "acme-qms-gaps"
    result = pytester.run(
        "isocheck", "run", str(folder), "--json", "r.json", "--", "-n", "2", "-k", "QMS-7.1.5-01"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # a minor fails: fail-on is minor
    results = json.loads((pytester.path / "r.json").read_text(encoding="utf-8"))
    assert results["run"]["complete"] is False  # -k made it partial, and it says so
    assert {f["rule"] for f in results["findings"]} == {"QMS-7.1.5-01"}
    result.stdout.fnmatch_lines(["*partial run*"])


def test_a_folder_without_a_profile_is_said_plainly(pytester: pytest.Pytester) -> None:
    (pytester.path / "empty").mkdir()
    result = pytester.run("isocheck", "run", "empty")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "isocheck.yaml" in result.stdout.str() + result.stderr.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
