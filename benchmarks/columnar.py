"""isocheck's row engine against a columnar one, on one large register (a study, not a test).

    pip install polars duckdb numpy   # not dependencies of isocheck: only this study needs them
    python benchmarks/columnar.py [--rows 1000000]

A nonconformity log of `--rows` rows and a staff register of 10,000 people; two rules of the
kind packs are full of: every entry is dated on or before the as-of date (records/require), and
every entry's owner is a person of the staff register (references). Each engine loads the CSV
and evaluates both; each figure is wall time on this machine, in one run:

- isocheck: the whole assessment (`isocheck.evaluate`), reading cells for their meaning
  (reference keys: case, remarks, e-mail addresses, leading zeros; dates in the profile's format);
- polars and DuckDB "exact": the same two rules on the cells as written (exact string joins,
  ISO dates only), which is what a columnar engine does fast;
- polars and DuckDB "meaning": the same, with owners compared as isocheck compares them (its
  reference key as a Python function over the column), which is what isocheck's rules need.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PACK = """\
format: isocheck/rulepack/v2
pack: {id: study, standard: study, edition: "1", version: "1.0.0", title: Columnar study}
clauses:
  - {id: "10.2", title: Nonconformity and corrective action}
evidence:
  log: {kind: table, title: Nonconformity log, locations: ["log.csv"],
        columns: [id, raised_on, owner, status]}
  staff: {kind: table, title: Staff register, locations: ["staff.csv"], columns: [name, role]}
rules:
  - {id: S-1, clauses: ["10.2"], title: Every entry is dated, severity: minor, stage: 2,
     checks: [{records: {evidence: log, require: {raised_on: {on_or_before: as_of}}}}]}
  - {id: S-2, clauses: ["10.2"], title: Every owner is on the staff, severity: minor, stage: 2,
     checks: [{references: {evidence: log, column: owner, to: {evidence: staff, column: name}}}]}
"""
PROFILE = """\
format: isocheck/profile/v1
organization: {name: Study Ltd}
scope: Everything
standards: [study]
as_of: 2026-11-01
packs: [pack.yaml]
"""
AS_OF = dt.date(2026, 11, 1)
PEOPLE = 10_000


def write(folder: Path, rows: int) -> None:
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "isocheck.yaml").write_text(PROFILE, encoding="utf-8")
    with (folder / "staff.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "role"])
        writer.writerows([f"Person {n}", "operator"] for n in range(PEOPLE))
    with (folder / "log.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "raised_on", "owner", "status"])
        for n in range(rows):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)
            owner = f"Person {n % PEOPLE}" if n % 1000 else f"person {n % PEOPLE} (Quality)"
            writer.writerow([f"NC-{n}", day.isoformat(), owner, "open" if n % 3 else "closed"])


def timed(what: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = what()
    return time.perf_counter() - start, result


def with_isocheck(folder: Path) -> object:
    import isocheck

    assessment = isocheck.evaluate(folder)
    return {f.rule: f.outcome for f in assessment.findings}


def with_polars(folder: Path, meaning: bool) -> object:
    import polars as pl

    from isocheck.names import reference_key

    log = pl.read_csv(folder / "log.csv", infer_schema=False)
    staff = pl.read_csv(folder / "staff.csv", infer_schema=False)
    dates = log.select(pl.col("raised_on").str.to_date("%Y-%m-%d", strict=False))["raised_on"]
    undated = dates.is_null().sum() + (dates > AS_OF).sum()
    if meaning:
        key = pl.col("owner").map_elements(reference_key, return_dtype=pl.String)
        names = staff.select(pl.col("name").map_elements(reference_key, return_dtype=pl.String))
        owners = log.select(key.alias("key"))
        unknown = owners.join(names, left_on="key", right_on="name", how="anti").height
    else:
        unknown = log.join(staff, left_on="owner", right_on="name", how="anti").height
    return {"S-1": undated, "S-2": unknown}


def with_duckdb(folder: Path, meaning: bool) -> object:
    import duckdb

    from isocheck.names import reference_key

    db = duckdb.connect()
    log, staff = str(folder / "log.csv"), str(folder / "staff.csv")
    undated = db.sql(
        f"select count(*) from read_csv('{log}', all_varchar=true) "
        "where try_strptime(raised_on, '%Y-%m-%d') is null "
        f"or try_strptime(raised_on, '%Y-%m-%d') > DATE '{AS_OF.isoformat()}'"
    ).fetchall()[0]
    owner, name = "owner", "name"
    if meaning:
        db.create_function("ref_key", reference_key, ["VARCHAR"], "VARCHAR")
        owner, name = "ref_key(owner)", "ref_key(name)"
    unknown = db.sql(
        f"select count(*) from read_csv('{log}', all_varchar=true) l "
        f"anti join read_csv('{staff}', all_varchar=true) s on {owner.replace('owner', 'l.owner')}"
        f" = {name.replace('name', 's.name')}"
    ).fetchall()[0]
    return {"S-1": undated[0] if undated else None, "S-2": unknown[0] if unknown else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="isocheck-columnar-") as temp:
        folder = Path(temp)
        write(folder, args.rows)
        runs = {
            "isocheck (meaning)": lambda: with_isocheck(folder),
            "polars exact": lambda: with_polars(folder, meaning=False),
            "polars meaning": lambda: with_polars(folder, meaning=True),
            "duckdb exact": lambda: with_duckdb(folder, meaning=False),
            "duckdb meaning": lambda: with_duckdb(folder, meaning=True),
        }
        print(f"{args.rows} rows, {PEOPLE} people; wall seconds on this machine, one run")
        from isocheck.names import reference_key

        for name, run in runs.items():
            reference_key.cache_clear()  # each engine starts from cold, as in a run of its own
            seconds, result = timed(run)
            print(f"{name:<20} {seconds:>8.2f}  {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
