"""The nonconformity register, for a corrective-action tracker: CSV (`register-csv`) and Excel
(`register-xlsx`, with the office extra).

One row per nonconformity of the run (major or minor), in the order of the run: the open ones,
numbered as in every report (NC-001, ...), and the waived ones (still uncorrected). Observations
and rules that could not be evaluated are left to the other reports. `owner`, `due` and
`root_cause` are empty, for the tracker to fill in; `corrective_action` holds the one a waiver
names; `baseline` says whether the nonconformity is new or recurring against a baseline run.

Every value may come from the evidence folder, so each cell is inert in a spreadsheet: control
characters are shown as escapes, and in CSV a cell a spreadsheet would take for a formula (one
starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe (OWASP's
advice against CSV injection); in Excel every cell is written as text, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from isocheck import escape
from isocheck.reporting.document import consulted, files_read

COLUMNS = (
    "nc",
    "status",
    "grade",
    "standard",
    "clauses",
    "rule",
    "requirement",
    "finding",
    "evidence",
    "files_read",
    "remediation",
    "root_cause",
    "corrective_action",
    "owner",
    "due",
    "waiver",
    "baseline",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows(results: dict[str, Any]) -> list[tuple[str, ...]]:
    """The register's rows, every value as text (untrusted, not yet made inert)."""
    out: list[tuple[str, ...]] = []
    for f in results["findings"]:
        open_nc = f["outcome"] == "nonconform" and f["severity"] in ("major", "minor")
        waived = f["outcome"] == "waived" and f["severity"] in ("major", "minor")
        if not (open_nc or waived):
            continue
        waiver = f.get("waiver") or {}
        places = [
            e["path"]
            + (f":{e['line']}" if e.get("line") else "")
            + (f" ({e['place']})" if e.get("place") else "")
            for e in f["evidence"]
        ]
        out.append(
            (
                f["number"] or "",
                "open" if open_nc else "waived",
                f["severity"],
                f["standard"],
                ", ".join(f["clauses"]),
                f["rule"],
                f["title"],
                f["message"],
                "; ".join(dict.fromkeys(places)),
                files_read(consulted(results, f)).removeprefix("read "),
                f["remediation"],
                "",
                str(waiver.get("corrective_action") or ""),
                "",
                "",
                (
                    f"{waiver.get('approver', '')} until {waiver.get('expires', '')}: "
                    f"{waiver.get('reason', '')}"
                    if waiver
                    else ""
                ),
                f.get("baseline") or "",
            )
        )
    return out


def _text(value: str) -> str:
    return escape.terminal(value)


def render_csv(results: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(results):
        cells = [_text(v) for v in row]
        writer.writerow(["'" + c if c.startswith(_FORMULA_START) else c for c in cells])
    return out.getvalue()


def render_xlsx(results: dict[str, Any]) -> bytes:
    import importlib.util

    from isocheck.errors import UsageError
    from isocheck.loaders.office import EXTRA

    if importlib.util.find_spec("openpyxl") is None:
        raise UsageError(f"an Excel nonconformity register needs isocheck's office extra: {EXTRA}")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nonconformities")

    def text(value: str) -> Any:  # an openpyxl WriteOnlyCell
        cell = WriteOnlyCell(sheet, value=_text(value))
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
        return cell

    sheet.append([text(c) for c in COLUMNS])
    for row in rows(results):
        sheet.append([text(v) for v in row])
    book.properties.creator = "isocheck"
    moment = dt.datetime.fromisoformat(results["generated_at"].replace("Z", "+00:00"))
    book.properties.created = book.properties.modified = moment.replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return _pinned(out.getvalue(), moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _pinned(workbook: bytes, moment: str) -> bytes:
    """The same workbook with every part dated 1980-01-01 and its modification time `moment`:
    the same results give the same bytes (openpyxl dates each part of the ZIP, and the
    workbook's modified property, with the time it saves)."""
    import re
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + moment.encode() + rb"\g<2>",
                    data,
                )
            target.writestr(pinned, data)
    return out.getvalue()
