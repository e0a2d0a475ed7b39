"""Benchmarks (pytest-benchmark). Not part of the test run: `pytest benchmarks/ --benchmark-only`.

The register of 100,000 rows as CSV and as a workbook: `pytest benchmarks/ -k 100000
--benchmark-only -p no:randomly` times the two in one run (compare them within a run, on a quiet
machine); `pytest benchmarks/ -k memory -s` prints their peak memory (traced, untimed). On a
shared two-core machine, two runs of each, the old and the new alternately: with openpyxl's
read-only mode, CSV 4.93 s and 4.02 s, the workbook 38.15 s and 31.41 s (7.7 and 7.8 times);
with isocheck.loaders.xlsx, CSV 5.06 s and 4.13 s, the workbook 10.83 s and 9.04 s (2.1 and 2.2
times). Peak memory: 157 MiB for the CSV, 147 MiB for the workbook, with either reader.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

import isocheck
from isocheck.plugins import default_host

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-qms-gaps"


def test_evaluate_example(benchmark: pytest.FixtureRequest) -> None:
    default_host()  # entry points loaded once per process, as in a real run
    result = benchmark(isocheck.evaluate, EXAMPLE)
    assert len(result.findings) == 111


@pytest.fixture(scope="module")
def large_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with its registers grown to thousands of rows (a large organization)."""
    target = tmp_path_factory.mktemp("large") / "acme"
    shutil.copytree(EXAMPLE, target)
    rng = random.Random(7)
    for csv_path in sorted(target.rglob("*.csv")):
        lines = csv_path.read_text(encoding="utf-8").splitlines()
        header, rows = lines[0], lines[1:]
        if rows:
            grown = [rows[rng.randrange(len(rows))] for _ in range(5000)]
            csv_path.write_text("\n".join([header, *rows, *grown]) + "\n", encoding="utf-8")
    return target


def test_evaluate_large_registers(benchmark: pytest.FixtureRequest, large_folder: Path) -> None:
    default_host()
    result = benchmark.pedantic(isocheck.evaluate, args=(large_folder,), rounds=3, iterations=1)
    assert len(result.findings) == 111


# --- a register of 100,000 rows, as CSV and as an Excel workbook ----------------------------------

REGISTER_ROWS = 100_000
REGISTER_PACK = """\
format: isocheck/rulepack/v1
pack: {id: bench, standard: bench, edition: "1", version: "1", title: Register benchmark}
clauses:
  - {id: "10.2", title: Nonconformity and corrective action}
evidence:
  log: {kind: table, title: Log, locations: ["log.{csv,xlsx}"], columns: [id, raised_on, status]}
rules:
  - {id: B-1, clauses: ["10.2"], title: Every entry is dated, severity: minor, stage: 2,
     checks: [{records: {evidence: log, require: {raised_on: {on_or_before: as_of}}}}]}
  - {id: B-2, clauses: ["10.2"], title: Entries are open or closed, severity: minor, stage: 2,
     checks: [{records: {evidence: log, require: {status: {in: [open, closed]}}}}]}
"""
REGISTER_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Bench Ltd}
scope: Everything
standards: [bench]
as_of: 2026-11-01
packs: [pack.yaml]
"""


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 100,000 rows of eight columns as log.csv in one folder and log.xlsx in another."""
    import csv
    import datetime as dt
    import io

    import openpyxl

    rows = [
        [
            f"NC-{i}",
            dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
            f"Person {i % 50}",
            "open" if i % 3 else "closed",
            i % 10,
            "a note on what happened",
            "Production",
            dt.date(2026, 12, 1),
        ]
        for i in range(REGISTER_ROWS)
    ]
    header = ["id", "raised_on", "owner", "status", "score", "note", "area", "due"]
    folders = {}
    for kind in ("csv", "xlsx"):
        folder = tmp_path_factory.mktemp(kind)
        (folder / "isocheck.yaml").write_text(REGISTER_PROFILE, encoding="utf-8")
        (folder / "pack.yaml").write_text(REGISTER_PACK, encoding="utf-8")
        folders[kind] = folder
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[v.isoformat() if isinstance(v, dt.date) else v for v in r] for r in rows])
    (folders["csv"] / "log.csv").write_text(text.getvalue(), encoding="utf-8")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Log")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(folders["xlsx"] / "log.xlsx")
    return folders


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_evaluate_a_register_of_100000_rows(
    benchmark: pytest.FixtureRequest, registers: dict[str, Path], kind: str
) -> None:
    """Compare the two: the issue asks the workbook to take at most three times the CSV's time."""
    default_host()
    result = benchmark.pedantic(isocheck.evaluate, args=(registers[kind],), rounds=1, iterations=1)
    assert {f.rule: f.outcome for f in result.findings} == {"B-1": "conform", "B-2": "conform"}


def test_a_workbook_takes_no_more_memory_than_the_same_rows_as_csv(
    registers: dict[str, Path],
) -> None:
    """Streamed: a workbook's peak memory is that of its records, as a CSV's (measured, not timed)."""
    import tracemalloc

    default_host()
    peaks = {}
    for kind, folder in registers.items():
        tracemalloc.start()
        isocheck.evaluate(folder)
        peaks[kind] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print("peak memory (MiB):", {kind: round(peak / 2**20, 1) for kind, peak in peaks.items()})
    assert peaks["xlsx"] < 1.5 * peaks["csv"], peaks
