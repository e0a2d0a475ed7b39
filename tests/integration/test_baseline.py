"""What changed since the last run: `--isocheck-baseline` and `isocheck diff` on the gaps example.

The example's evidence is copied, then changed the way an organization's changes between runs:
a planted defect corrected, a new one made, rows added above the ones at fault.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from isocheck.cli import main

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

GAPS = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"
CALIBRATION = "resources/calibration.csv"
AS_OF = "2026-11-01"


def organization(pytester: pytest.Pytester, name: str = "org") -> Path:
    target = pytester.path / name
    shutil.copytree(GAPS, target)
    return target


def run(
    pytester: pytest.Pytester, folder: Path, results: str, *extra: str
) -> tuple[pytest.RunResult, dict[str, Any]]:
    out = pytester.path / results
    result = pytester.runpytest_subprocess(
        f"--isocheck={folder}",
        "--isocheck-as-of",
        AS_OF,
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        f"--isocheck-json={out}",
        *extra,
    )
    return result, json.loads(out.read_text(encoding="utf-8"))


def edit(folder: Path, path: str, old: str, new: str) -> None:
    file = folder / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def statuses(results: dict[str, Any]) -> dict[str, str | None]:
    return {
        f["rule"]: f["baseline"]
        for f in results["findings"]
        if f["outcome"] in ("nonconform", "waived")
    }


def test_against_its_own_results_a_run_passes_and_every_nonconformity_recurs(
    pytester: pytest.Pytester,
) -> None:
    folder = organization(pytester)
    first, old = run(pytester, folder, "old.json")
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    assert old["run"]["failing"] == 17 and old["run"]["baseline"] is None
    again, new = run(pytester, folder, "new.json", "--isocheck-baseline=old.json", "-rx")
    assert again.ret == pytest.ExitCode.OK, again.stdout.str()
    again.assert_outcomes(passed=106, skipped=12, xfailed=18)
    assert set(statuses(new).values()) == {"recurring"}
    assert new["run"]["failing"] == 0
    assert new["run"]["baseline"]["sha256"] == old_digest(pytester)
    # Everything is still reported: the findings and the certification verdict do not change.
    assert [f["rule"] for f in new["findings"] if f["number"]] == [
        f["rule"] for f in old["findings"] if f["number"]
    ]
    assert new["standards"][0]["verdict"]["decision"] == old["standards"][0]["verdict"]["decision"]
    again.stdout.fnmatch_lines(["*XFAIL*QMS-7.1.5-01*recurring, already in the baseline*"])


def old_digest(pytester: pytest.Pytester) -> str:
    import hashlib

    return hashlib.sha256((pytester.path / "old.json").read_bytes()).hexdigest()


def test_rows_added_above_a_fault_do_not_make_it_new(pytester: pytest.Pytester) -> None:
    folder = organization(pytester)
    run(pytester, folder, "old.json")
    header = (folder / CALIBRATION).read_text(encoding="utf-8").split("\n")[0]
    edit(
        folder,
        CALIBRATION,
        header + "\n",
        header + "\nG-00,Feeler gauge set,Cell 1,in use,2026-03-01,2027-03-01,pass,"
        "PCS-26-0301-01,UKAS lab 0421 (S-004)\n",
    )
    result, new = run(pytester, folder, "new.json", "--isocheck-baseline=old.json")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert statuses(new)["QMS-7.1.5-01"] == "recurring"


def test_a_new_fault_fails_the_run_alone_and_the_diff_names_it(pytester: pytest.Pytester) -> None:
    folder = organization(pytester)
    run(pytester, folder, "old.json")
    # The vernier caliper G-04 is now overdue too; the bore gauge G-03 still is.
    edit(folder, CALIBRATION, "2026-05-11,2027-05-11", "2025-05-11,2026-05-11")
    result, new = run(pytester, folder, "new.json", "--isocheck-baseline=old.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=106, skipped=12, xfailed=17, failed=1)
    assert statuses(new)["QMS-7.1.5-01"] == "new"
    assert new["run"]["failing"] == 1
    assert main(["diff", "old.json", "new.json", "--format", "json", "-o", "diff.json"]) == 0
    changes = json.loads((pytester.path / "diff.json").read_text(encoding="utf-8"))
    assert changes["counts"] == {"new": 1, "closed": 0, "recurring": 17, "regraded": 0}
    (nc,) = changes["new"]
    assert nc["rule"] == "QMS-7.1.5-01"
    assert nc["added"] == [{"path": CALIBRATION, "item": "instrument_id G-04"}]


def test_a_corrected_defect_is_closed(pytester: pytest.Pytester) -> None:
    folder = organization(pytester)
    run(pytester, folder, "old.json")
    edit(folder, CALIBRATION, "2025-09-02,2026-09-02", "2026-09-02,2027-09-02")
    result, new = run(pytester, folder, "new.json", "--isocheck-baseline=old.json")
    assert result.ret == pytest.ExitCode.OK
    assert "QMS-7.1.5-01" not in statuses(new)
    assert main(["diff", "old.json", "new.json", "--format", "md", "-o", "diff.md"]) == 0
    text = (pytester.path / "diff.md").read_text(encoding="utf-8")
    assert "| 0 | 1 | 17 | 0 |" in text
    closed = text.split("## Closed", 1)[1].split("##", 1)[0]
    assert "QMS-7.1.5-01" in closed
    assert "no longer at fault: resources/calibration.csv: instrument_id G-03" in closed


def test_the_text_diff_is_the_default(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = organization(pytester)
    run(pytester, folder, "old.json")
    edit(folder, CALIBRATION, "2026-05-11,2027-05-11", "2025-05-11,2026-05-11")
    run(pytester, folder, "new.json")
    capsys.readouterr()
    assert main(["diff", "old.json", "new.json"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "isocheck diff old.json -> new.json: 1 new, 0 closed, 17 recurring, 0 regraded"
    )
    assert "    + resources/calibration.csv: instrument_id G-04\n" in out


def test_a_baseline_inside_the_evidence_folder_is_refused(pytester: pytest.Pytester) -> None:
    folder = organization(pytester)
    run(pytester, folder, "old.json")
    shutil.copy(pytester.path / "old.json", folder / "known.json")
    result = pytester.runpytest_subprocess(
        f"--isocheck={folder}", "-p", "no:cacheprovider", f"--isocheck-baseline={folder}/known.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the baseline is inside the evidence folder*"])


def test_a_baseline_that_is_no_results_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    folder = organization(pytester)
    (pytester.path / "old.json").write_text('{"format": "something else"}', encoding="utf-8")
    result = pytester.runpytest_subprocess(
        f"--isocheck={folder}", "-p", "no:cacheprovider", "--isocheck-baseline=old.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*old.json*"])
