"""A large organization for benchmarks: the acme-ims example grown to a size.

    python benchmarks/generate.py TARGET --files 10000 --rows 100000 [--standards 3] [--seed 7]

The integrated management system of examples/acme-ims (ISO 9001, 14001 and 45001 with the
certification cycle) is copied to TARGET and grown:

- its registers (CSV) to `--rows` rows in all, each in proportion to its size in the example:
  rows are copies of the register's own rows with a new identifier, so that references, dates and
  words stay as the organization writes them; one copied row in `PLANT_EVERY` loses a cell (a
  planted nonconformity, so that the run finds and reports things, not only passes);
- its records (audit reports, specifications) with copies under new names, and the folder with
  unrelated files (a shared drive: notes, minutes, exports no rule reads) until it holds `--files`
  files, about half of them unrelated;
- `--standards` sector packs in the folder, each extending one of the three standards (as a
  sector scheme extends its base standard), so that a run evaluates about a thousand rules with
  three.

The same arguments give the same folder, byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-ims"
PLANT_EVERY = 997  # one copied row in this many loses a cell
RECORDS = ("audits/reports", "specifications")  # folders whose documents are copied as records
BASES = ("iso9001-2015", "iso14001-2015", "iso45001-2018")
WORDS = (
    "shift handover notes machine schedule canteen parking visitor badge rota holiday project "
    "quote drawing revision meeting agenda minutes supplier invoice delivery pallet forklift "
    "training booking laptop printer cleaning waste skip toner order budget forecast"
).split()

SECTOR_PACK = """\
format: isocheck/rulepack/v2
pack:
  id: sector-{n}
  standard: sector-{n}
  edition: "2026"
  version: "1.0.0"
  title: Sector scheme {n} on {base}
  extends: {base}
"""


def _registers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.csv") if p.is_file())


def _grow_register(path: Path, extra: int, rng: random.Random, serial: list[int]) -> None:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or extra <= 0:
        return
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    for _ in range(extra):
        row = list(body[rng.randrange(len(body))])
        serial[0] += 1
        row[0] = f"{row[0]}-G{serial[0]}" if row[0] else f"G{serial[0]}"
        if serial[0] % PLANT_EVERY == 0 and len(row) > 1:
            row[rng.randrange(1, len(row))] = ""
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")


def _count_rows(folder: Path) -> int:
    return sum(
        max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1) for p in _registers(folder)
    )


def generate(target: Path, files: int, rows: int, standards: int = 3, seed: int = 7) -> None:
    """Write the organization to `target` (replaced if it exists)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE, target)
    # Registers: to `rows` rows in all, in proportion
    registers = _registers(target)
    sizes = {p: max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1) for p in registers}
    have = sum(sizes.values())
    serial = [0]
    if rows > have:
        for path in registers:
            _grow_register(path, round((rows - have) * sizes[path] / have), rng, serial)
    # Records: copies of the example's records, a tenth of the files asked for
    records = [p for folder in RECORDS for p in sorted((target / folder).glob("*.md"))]
    existing = sum(1 for p in target.rglob("*") if p.is_file())
    for n in range(max(0, files // 10 - existing)):
        source = records[n % len(records)]
        text = source.read_text(encoding="utf-8")
        copy = source.with_name(f"{source.stem}-C{n + 1}{source.suffix}")
        copy.write_text(text.replace(source.stem, copy.stem, 1), encoding="utf-8")
    # Packs: sector schemes extending the standards
    packs = []
    for n in range(1, standards + 1):
        base = BASES[(n - 1) % len(BASES)]
        path = target / "packs" / f"sector-{n}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(SECTOR_PACK.format(n=n, base=base), encoding="utf-8")
        packs.append((f"packs/sector-{n}.yaml", f"sector-{n}"))
    profile = target / "isocheck.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace(
        "standards: [iso9001-2015, iso14001-2015, iso45001-2018]",
        "standards: [iso9001-2015, iso14001-2015, iso45001-2018"
        + "".join(f", {standard}" for _, standard in packs)
        + "]\npacks: ["
        + ", ".join(path for path, _ in packs)
        + "]",
    )
    profile.write_text(text, encoding="utf-8")
    # The shared drive: unrelated files until the folder holds `files`
    existing = sum(1 for p in target.rglob("*") if p.is_file())
    for n in range(max(0, files - existing)):
        folder = target / "shared" / f"team-{n % 40:02d}" / f"{2020 + n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        suffix = (".txt", ".md", ".csv", ".log")[n % 4]
        (folder / f"note-{n:06d}{suffix}").write_text(words + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--standards", type=int, default=3, help="sector packs to add")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generate(args.target, args.files, args.rows, args.standards, args.seed)
    total = sum(1 for p in args.target.rglob("*") if p.is_file())
    print(f"{args.target}: {total} files, {_count_rows(args.target)} register rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
