"""Report writers through pytest runs: byte-identical output across runs and -n 2, the evidence
untouched by every report option, refused destinations and unknown writers.

The writers on their own: tests/unit/test_reporting_<writer>.py."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from support import mini_files, snapshot, write_tree

from isocheck.reporting.registry import builtin_writers

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
GAPS = ROOT / "examples" / "acme-qms-gaps"
EPOCH = {"SOURCE_DATE_EPOCH": "1790000000"}


def run_with_reports(
    pytester: pytest.Pytester, folder: Path, out: Path, *extra: str
) -> pytest.RunResult:
    options = [f"{option}={out / ('report.' + name)}" for name, option, _h, _w in builtin_writers()]
    return pytester.runpytest_subprocess(
        "--isocheck", str(folder), "-p", "no:cacheprovider", *options, *extra
    )


def test_two_runs_and_xdist_give_byte_identical_json(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in EPOCH.items():
        monkeypatch.setenv(key, value)
    outputs = []
    for n, extra in enumerate([(), (), ("-n", "2")]):
        out = pytester.path / f"run{n}"
        out.mkdir()
        run_with_reports(pytester, GAPS, out, *extra)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0]["report.json"])["generated_at"] == "2026-09-21T14:13:20Z"


@pytest.mark.parametrize(
    "folder",
    # Evidence folders only: examples/plugins holds plugin packages, not evidence.
    sorted(p for p in (ROOT / "examples").iterdir() if (p / "isocheck.yaml").is_file()),
    ids=lambda p: p.name,
)
def test_every_report_option_leaves_the_evidence_unchanged(
    pytester: pytest.Pytester, folder: Path
) -> None:
    before = snapshot(folder)
    out = pytester.path / "out"
    out.mkdir()
    junit = out / "junit.xml"
    run_with_reports(pytester, folder, out, f"--junitxml={junit}", "-n", "2")
    assert snapshot(folder) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["junit.xml", *[f"report.{w[0]}" for w in builtin_writers()]]
    )


def test_report_inside_the_evidence_folder_is_refused(pytester: pytest.Pytester) -> None:
    evidence = write_tree(pytester.path / "evidence", mini_files())
    result = pytester.runpytest(
        "--isocheck", "evidence", "--isocheck-json", "evidence/results.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*report path evidence/results.json is inside the evidence folder*"]
    )
    assert not (evidence / "results.json").exists()


def test_unknown_report_writer_is_a_usage_error(pytester: pytest.Pytester) -> None:
    write_tree(pytester.path / "evidence", mini_files())
    result = pytester.runpytest("--isocheck", "evidence", "--isocheck-report", "pdf=x.pdf")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no report writer 'pdf'; known: *json*"])


@pytest.mark.parametrize("epoch", ["99999999999999999999", "-5", "1.5e9", "soon", "٣"])
def test_a_source_date_epoch_that_is_no_time_is_refused_before_the_run(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    folder = write_tree(tmp_path / "ev", mini_files())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    (tmp_path / "out").mkdir()
    result = run_with_reports(pytester, folder, tmp_path / "out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*SOURCE_DATE_EPOCH is *, not a number of seconds since 1970*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_file_name_that_is_not_utf8_reaches_every_report_losslessly(
    pytester: pytest.Pytester, tmp_path: Path, workers: list[str]
) -> None:
    folder = write_tree(tmp_path / "ev", mini_files())
    policy = folder / "policy" / "quality-policy.md"
    os.rename(policy, os.fsencode(folder / "policy") + b"/qualit\xe9-policy.md")
    out = tmp_path / "out"
    out.mkdir()
    result = run_with_reports(pytester, folder, out, *workers)
    assert "could not write" not in result.stderr.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(builtin_writers())
    for report in out.iterdir():
        if report.suffix == ".register-xlsx":
            continue  # a workbook: binary
        text = report.read_bytes().decode("utf-8")  # every text report is UTF-8
        # The reports that list the evidence show the name as \xe9 (escaped once more where the
        # format escapes backslashes)
        if report.suffix in (".json", ".oscal", ".html"):
            assert re.search(r"qualit(\\+|%5C)xe9-policy\.md", text), report.name
    results = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in results["evidence_manifest"] if "qualit" in e["path"]]
    assert entry["path"] == "policy/qualit\\xe9-policy.md" and entry["size"] > 0
