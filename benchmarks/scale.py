"""How isocheck scales, against what no implementation can avoid.

    python benchmarks/scale.py                       # three sizes: 1k/10k, 3k/30k, 10k/100k
    python benchmarks/scale.py --sizes 1000:10000 --sizes 100000:1000000
    python benchmarks/scale.py --smoke               # the smallest size, once (CI)

For each size (files:rows) it generates an organization (benchmarks/generate.py), then measures,
each figure a separate process's CPU time (user + system) and peak resident memory:

- run: `pytest --isocheck DIR` (the whole assessment, reports to the terminal);
- floor: parsing every consulted evidence file once (libyaml's CSafeLoader for YAML and front
  matter, the csv module for CSV), plus a bare pytest run of as many trivial items as the run has;
- collection: `--collect-only` of the run against bare pytest collecting as many items;
- -n 2: wall time of the run with two workers against one (pytest-xdist), the medians of five
  rounds that alternate the two;
- consulted bytes: the size of the evidence files the findings name.

It prints run/floor, the collection overhead, the -n 2 speedup, peak RSS against the consulted
bytes, and the growth exponent of the run's time over the sizes (a least-squares slope in log-log;
1.0 is linear). Numbers from a shared machine vary: compare figures of one run, not across runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

XDIST_ROUNDS = 5  # paired rounds of -n 0 and -n 2, alternated; their medians are compared

FLOOR_PARSE = r"""
import csv, io, sys, yaml
loader = yaml.CSafeLoader
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    data = open(path, "rb").read()
    if path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    elif path.endswith((".yaml", ".yml")):
        yaml.load(data, Loader=loader)
    elif path.endswith(".md"):
        text = data.decode("utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            yaml.load(text[3:end], Loader=loader)
"""

TRIVIAL = """\
import pytest

@pytest.mark.parametrize("n", range({n}))
def test_item(n):
    pass
"""


# As a user's machine runs Python: modules compiled once and kept (the first run of each command
# below writes them; each size runs the collections once first).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Usage:
    cpu: float  # seconds, user + system
    wall: float
    rss: int  # peak, bytes


def measure(command: list[str], cwd: Path | None = None) -> Usage:
    """One process: its CPU time, wall time and peak resident memory (its own, from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: nonconformities found, as planted
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Usage(usage.ru_utime + usage.ru_stime, wall, rss)


def pytest_command(*args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        *args,
    ]


@dataclass
class Figures:
    files: int
    rows: int
    rules: int
    run: Usage
    floor: float
    collect_overhead: float
    speedup: float | None
    consulted_bytes: int


def one_size(work: Path, files: int, rows: int, xdist: bool) -> Figures:
    folder = work / f"org-{files}-{rows}"
    generate(folder, files, rows, standards=6)
    report = work / f"results-{files}-{rows}.json"
    measure(pytest_command("--isocheck", str(folder), "--collect-only"))  # compiled and kept
    run = measure(pytest_command("--isocheck", str(folder), "--isocheck-report", f"json={report}"))
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    consulted = sorted({ref["path"] for finding in findings for ref in finding.get("evidence", ())})
    paths = work / "consulted.txt"
    paths.write_text("\n".join(str(folder / p) for p in consulted), encoding="utf-8")
    consulted_bytes = sum((folder / p).stat().st_size for p in consulted)
    trivial = work / f"trivial_{len(findings)}"
    trivial.mkdir(exist_ok=True)
    (trivial / "test_trivial.py").write_text(TRIVIAL.format(n=len(findings)), encoding="utf-8")
    measure(pytest_command(str(trivial), "--collect-only"), cwd=trivial)  # compiled and kept
    parse = measure([sys.executable, "-c", FLOOR_PARSE, str(paths)])
    bare = measure(pytest_command(str(trivial)), cwd=trivial)
    collect = measure(pytest_command("--isocheck", str(folder), "--collect-only"))
    bare_collect = measure(pytest_command(str(trivial), "--collect-only"), cwd=trivial)
    speedup = None
    if xdist:
        # Wall times on a shared machine swing: alternate the two, and compare medians
        ones, twos = [], []
        for _ in range(XDIST_ROUNDS):
            ones.append(measure(pytest_command("--isocheck", str(folder), "-n", "0")).wall)
            twos.append(measure(pytest_command("--isocheck", str(folder), "-n", "2")).wall)
        speedup = statistics.median(ones) / statistics.median(twos)
    return Figures(
        files,
        rows,
        len(findings),
        run,
        parse.cpu + bare.cpu,
        collect.cpu - bare_collect.cpu,
        speedup,
        consulted_bytes,
    )


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The slope of log(time) over log(rows), least squares."""
    if len(points) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="append", help="files:rows, repeated")
    parser.add_argument("--smoke", action="store_true", help="the smallest size, no -n 2")
    parser.add_argument("--work", type=Path, help="where to generate (default: a temp folder)")
    args = parser.parse_args(argv)
    if args.smoke:
        sizes = [(300, 3_000)]
    else:
        given = args.sizes or ["1000:10000", "3000:30000", "10000:100000"]
        sizes = [(int(f), int(r)) for f, r in (s.split(":") for s in given)]
    with tempfile.TemporaryDirectory(prefix="isocheck-scale-") as temp:
        work = args.work or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        figures = [one_size(work, f, r, xdist=not args.smoke) for f, r in sizes]
    mib = 1024 * 1024
    print(
        f"{'files':>8} {'rows':>9} {'rules':>6} {'run s':>8} {'floor s':>8} {'run/floor':>9} "
        f"{'collect +s':>10} {'-n 2':>6} {'RSS MiB':>8} {'data MiB':>8} {'RSS/data':>8}"
    )
    for f in figures:
        speedup = f"{f.speedup:.2f}x" if f.speedup else "-"
        print(
            f"{f.files:>8} {f.rows:>9} {f.rules:>6} {f.run.cpu:>8.2f} {f.floor:>8.2f} "
            f"{f.run.cpu / f.floor:>8.1f}x {f.collect_overhead:>10.2f} {speedup:>6} "
            f"{f.run.rss / mib:>8.0f} {f.consulted_bytes / mib:>8.1f} "
            f"{f.run.rss / max(f.consulted_bytes, 1):>7.1f}x"
        )
    slope = exponent([(f.rows, f.run.cpu) for f in figures])
    if slope is not None:
        print(f"growth exponent of run time over rows: {slope:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
