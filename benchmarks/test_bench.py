"""Benchmarks (pytest-benchmark). Not part of the test run: `pytest benchmarks/ --benchmark-only`."""

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
