"""The example plugin examples/plugins/isocheck-food-safety, end to end, as a third party ships it.

It is installed once per module with pip into a temporary directory (never into the environment
running these tests, where it would change every other test's plugin host) and found there through
its `isocheck` entry point, by pytest and `isocheck` subprocesses that have the directory on
PYTHONPATH. Its pack, check, loader and report writer are each seen at work: exact outcomes on its
conforming evidence folder and on copies with planted defects, and `isocheck verify` on its pack.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "plugins" / "isocheck-food-safety"
EXAMPLE = PLUGIN / "example-evidence"
PACK = "food-safety-example"
ENTRY_POINT = "isocheck-food-safety"
LOG = "haccp/chiller-log-2026-10.tsv"
RULES = ("FS-5.2-01", "FS-8.5.4-01", "FS-8.5.4-02", "FS-8.7-01")
REGISTER_COLUMNS = [
    "nc",
    "standard",
    "clauses",
    "rule",
    "grade",
    "status",
    "requirement",
    "finding",
    "evidence",
    "remediation",
    "corrective_action",
    "owner",
    "due",
    "waiver",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin, installed by pip (building it with its own build backend) into a directory."""
    target = tmp_path_factory.mktemp("site-packages")
    pip = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-input",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    # pip builds the package in isolation: it fetches the build backend (hatchling) from the index.
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return target


@pytest.fixture
def with_plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Subprocesses started by this test find the installed plugin (and load it)."""
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.delenv("ISOCHECK_BLOCK_PLUGINS", raising=False)
    return site


def evidence_copy(pytester: pytest.Pytester) -> Path:
    return Path(shutil.copytree(EXAMPLE, pytester.path / "evidence"))


def line_of(path: Path, *parts: str) -> int:
    """The line number (from 1) of the only line holding every one of `parts`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [
        n for n, line in enumerate(lines, start=1) if all(p in line.split("\t") for p in parts)
    ]
    assert len(found) == 1, (parts, found)
    return found[0]


def set_reading(log: Path, date: str, unit: str, reading: str) -> None:
    """Set the reading of one row (date, unit) of a chiller log, keeping every other byte."""
    lines = log.read_text(encoding="utf-8").split("\n")
    index = line_of(log, date, unit) - 1
    cells = lines[index].split("\t")
    cells[3] = reading
    lines[index] = "\t".join(cells)
    log.write_text("\n".join(lines), encoding="utf-8")


def drop_day(log: Path, date: str) -> None:
    lines = log.read_text(encoding="utf-8").split("\n")
    log.write_text("\n".join(line for line in lines if not line.startswith(date)), encoding="utf-8")


def audit(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, Path]:
    """Run `pytest --isocheck evidence` in a subprocess with JUnit and JSON reports; (run, out)."""
    out = pytester.path / "out"
    out.mkdir(exist_ok=True)
    run = pytester.runpytest_subprocess(
        "--isocheck",
        "evidence",
        "-p",
        "no:cacheprovider",
        f"--junitxml={out / 'junit.xml'}",
        f"--isocheck-json={out / 'results.json'}",
        *args,
    )
    return run, out


def isocheck_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "isocheck.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def outcomes(out: Path) -> dict[str, str]:
    """Rule -> passed, failure, skipped or error, from the JUnit report."""
    found = {}
    for case in ET.parse(out / "junit.xml").getroot().iter("testcase"):
        kinds = [c.tag for c in case if c.tag in ("failure", "skipped", "error")]
        found[str(case.get("name"))] = kinds[0] if kinds else "passed"
    return found


def findings(out: Path) -> dict[str, dict[str, Any]]:
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {f["rule"]: f for f in results["findings"]}


def register_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == REGISTER_COLUMNS
        return list(reader)


def test_the_conforming_example_passes_every_rule_of_the_plugin_pack(
    pytester: pytest.Pytester, with_plugin: Path
) -> None:
    evidence = evidence_copy(pytester)
    run, out = audit(pytester, "--isocheck-report", f"haccp-csv={pytester.path / 'out' / 'nc.csv'}")
    assert run.ret == pytest.ExitCode.OK, run.stdout.str() + run.stderr.str()
    assert outcomes(out) == dict.fromkeys(RULES, "passed")
    run.stdout.fnmatch_lines([f"== {PACK} ==", "gate: PASS"])
    # The loader read the log with the file's own line numbers: the one excursion, which has its
    # corrective action, is a note on the finding at the line it is on.
    excursion = line_of(evidence / LOG, "2026-10-14", "CH-2")
    fs = findings(out)["FS-8.5.4-01"]
    assert fs["details"] == [
        f"{LOG}:{excursion}: reading_c 6.8 is above the critical limit 5; corrective action: "
        "Door seal split; stock probed at 4.6 within 1 h and kept; seal replaced same day "
        "(CA-2026-031)"
    ]
    # A conforming rule has nothing at fault; the file it read is in its set of files read, and
    # its digest in the manifest.
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert fs["evidence"] == []
    assert LOG in results["consulted_sets"][fs["consulted"]]
    digest = hashlib.sha256((evidence / LOG).read_bytes()).hexdigest()
    assert {"path": LOG, "sha256": digest} in [
        {"path": m["path"], "sha256": m["sha256"]} for m in results["evidence_manifest"]
    ]
    # Nothing to register: the writer writes its header alone.
    assert register_rows(out / "nc.csv") == []


def test_planted_defects_fail_exactly_their_rules_and_fill_the_register(
    pytester: pytest.Pytester, with_plugin: Path
) -> None:
    evidence = evidence_copy(pytester)
    log = evidence / LOG
    set_reading(log, "2026-10-20", "CH-1", "9.5")  # above the limit, no corrective action
    drop_day(log, "2026-10-25")  # a day without a check (after the 20th: its line stays)
    hot = line_of(log, "2026-10-20", "CH-1")
    after_gap = line_of(log, "2026-10-26", "CH-1")
    # The writer's own option, which pytest knows once the plugin is loaded, does what
    # --isocheck-report haccp-csv=PATH does.
    run, out = audit(pytester, f"--isocheck-haccp-csv={pytester.path / 'out' / 'nc.csv'}")
    assert run.ret == pytest.ExitCode.TESTS_FAILED
    assert outcomes(out) == {
        "FS-5.2-01": "passed",
        "FS-8.5.4-01": "failure",
        "FS-8.5.4-02": "failure",
        "FS-8.7-01": "passed",
    }
    too_warm = f"{LOG}:{hot}: reading_c 9.5 is above the critical limit 5 and no action is recorded"
    # The gap is found by the core check `interval` over rows the plugin's loader read; its wording
    # is the core's, so only the place and the gap are pinned here.
    gap = f"{LOG}:{after_gap}: 2 days between *2026-10-24* and *2026-10-26*, max 1"
    run.stdout.fnmatch_lines(
        [
            f"*Major nonconformity against {PACK} clause 8.5.4.4 (FS-8.5.4-01): {too_warm}*",
            f"*Minor nonconformity against {PACK} clause 8.5.4.3 (FS-8.5.4-02): {gap}*",
            "gate: FAIL",
        ]
    )
    rows = register_rows(out / "nc.csv")
    assert [(r["nc"], r["rule"], r["grade"], r["status"], r["clauses"]) for r in rows] == [
        ("NC-001", "FS-8.5.4-01", "major", "open", "8.5.4.4"),
        ("NC-002", "FS-8.5.4-02", "minor", "open", "8.5.4.3"),
    ]
    assert rows[0]["finding"] == too_warm
    assert rows[0]["standard"] == PACK
    assert rows[0]["evidence"] == f"{LOG}:{hot}"
    assert rows[0]["remediation"].startswith("Record the corrective action for every reading")
    assert (rows[0]["owner"], rows[0]["due"], rows[0]["waiver"]) == ("", "", "")
    assert fnmatchcase(rows[1]["finding"], gap), rows[1]["finding"]


def test_the_loader_reports_broken_registers_with_their_lines(
    pytester: pytest.Pytester, with_plugin: Path
) -> None:
    evidence = evidence_copy(pytester)
    log = evidence / LOG
    ragged = line_of(log, "2026-10-08", "CH-2")
    lines = log.read_text(encoding="utf-8").split("\n")
    lines[ragged - 1] = lines[ragged - 1].rsplit("\t", 1)[0]  # the signature's cell is gone
    log.write_text("\n".join(lines), encoding="utf-8")
    (evidence / "haccp" / "chiller-log-2026-09.tsv").write_text(
        "date\tunit\treading_c\tunit\n2026-09-30\tCH-1\t3.0\tCH-1\n", encoding="utf-8"
    )
    run, out = audit(pytester)
    assert run.ret == pytest.ExitCode.TESTS_FAILED
    assert outcomes(out) == {
        "FS-5.2-01": "passed",
        "FS-8.5.4-01": "failure",
        "FS-8.5.4-02": "failure",
        "FS-8.7-01": "passed",
    }
    unreadable = (
        "haccp/chiller-log-2026-09.tsv:1: cannot be read as evidence: duplicate column name(s) "
        "in the header: unit"
    )
    short = f"{LOG}:{ragged}: row has 5 cells, the header has 6"
    got = findings(out)
    # The rest of the ragged row is still read: its reading is judged, its empty signature found.
    excursion = line_of(log, "2026-10-14", "CH-2")
    assert got["FS-8.5.4-01"]["details"][:2] == [unreadable, short]
    assert got["FS-8.5.4-01"]["details"][2].startswith(
        f"{LOG}:{excursion}: reading_c 6.8 is above the critical limit 5; corrective action: "
    )
    assert len(got["FS-8.5.4-01"]["details"]) == 3
    assert got["FS-8.5.4-02"]["details"][:2] == [unreadable, short]
    (unsigned,) = got["FS-8.5.4-02"]["details"][2:]  # the core check `fields`, in its words
    assert fnmatchcase(unsigned, f"{LOG}:{ragged}: *: missing or empty: checked_by"), unsigned


def test_the_register_makes_untrusted_text_inert_and_renders_again_from_json(
    pytester: pytest.Pytester, with_plugin: Path
) -> None:
    evidence = evidence_copy(pytester)
    drop_day(evidence / LOG, "2026-10-25")
    with (evidence / "isocheck.yaml").open("a", encoding="utf-8") as profile:
        profile.write(
            "waivers:\n"
            "  - rule: FS-8.5.4-02\n"
            '    approver: \'=HYPERLINK("https://example.invalid","approved")\'\n'
            '    reason: "Logger fault \\e[2J cleared"\n'
            "    corrective_action: CA-2026-040\n"
            "    expires: 2026-12-31\n"
        )
    register = pytester.path / "out" / "nc.csv"
    run, out = audit(pytester, "--isocheck-report", f"haccp-csv={register}")
    assert run.ret == pytest.ExitCode.OK  # the only nonconformity is waived
    assert outcomes(out)["FS-8.5.4-02"] == "skipped"  # waived: an expected failure
    (row,) = register_rows(register)
    assert (row["nc"], row["rule"], row["status"], row["corrective_action"]) == (
        "NC-001",
        "FS-8.5.4-02",
        "waived",
        "CA-2026-040",
    )
    assert row["waiver"] == (
        '\'=HYPERLINK("https://example.invalid","approved") until 2026-12-31: '
        "Logger fault \\x1b[2J cleared"
    )
    assert "\x1b" not in register.read_text(encoding="utf-8")
    # `isocheck report` renders a saved results document with the same writer, byte for byte.
    again = pytester.path / "out" / "again.csv"
    cli = isocheck_cli(
        pytester.path,
        "report",
        str(out / "results.json"),
        "--format",
        "haccp-csv",
        "-o",
        str(again),
    )
    assert cli.returncode == 0, cli.stderr
    assert again.read_bytes() == register.read_bytes()


def test_isocheck_verify_passes_for_the_plugin_pack(tmp_path: Path, with_plugin: Path) -> None:
    verify = isocheck_cli(tmp_path, "verify", PACK)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout == f"{PACK} 0.1.0: 4 rules, 14 examples: ok\n"
    assert verify.stderr == ""
    packs = isocheck_cli(tmp_path, "packs")
    assert str(with_plugin / "isocheck_food_safety" / "packs" / f"{PACK}.yaml") in packs.stdout


def test_a_blocked_plugin_is_not_loaded(
    tmp_path: Path, with_plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", ENTRY_POINT)
    verify = isocheck_cli(tmp_path, "verify", PACK)
    assert verify.returncode == 2
    assert f"{PACK}: neither a file nor an installed pack" in verify.stderr
