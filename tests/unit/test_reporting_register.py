"""The nonconformity register for a corrective-action tracker, as CSV and as an Excel workbook."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

import pytest

from isocheck.reporting.register import COLUMNS, render_csv, render_xlsx


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_nonconformity_open_or_waived_in_run_order(gaps: dict[str, Any]) -> None:
    registered = table(render_csv(gaps))
    expected = [
        f
        for f in gaps["findings"]
        if f["outcome"] in ("nonconform", "waived") and f["severity"] in ("major", "minor")
    ]
    assert [r["rule"] for r in registered] == [f["rule"] for f in expected]
    numbered = [r["nc"] for r in registered if r["status"] == "open"]
    assert numbered == [f"NC-{n:03d}" for n in range(1, len(numbered) + 1)]
    assert {r["status"] for r in registered} == {"open", "waived"}
    calibration = next(r for r in registered if r["rule"] == "QMS-7.1.5-01")
    assert calibration["evidence"] == "resources/calibration.csv:4"
    assert calibration["owner"] == calibration["due"] == calibration["root_cause"] == ""


def test_a_cell_from_evidence_never_becomes_a_formula(gaps: dict[str, Any]) -> None:
    hostile = copy.deepcopy(gaps)
    nc = next(f for f in hostile["findings"] if f["number"])
    nc["message"] = '=HYPERLINK("http://evil.example","click")'
    nc["title"] = "+1\x1b[2J"
    registered = table(render_csv(hostile))
    row = next(r for r in registered if r["nc"] == nc["number"])
    assert row["finding"] == "'" + nc["message"]
    assert row["requirement"].startswith("'+1") and "\x1b" not in row["requirement"]


def test_the_workbook_holds_the_same_rows_as_text(gaps: dict[str, Any]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    hostile = copy.deepcopy(gaps)
    nc = next(f for f in hostile["findings"] if f["number"])
    nc["message"] = "=1+1"
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(hostile)))
    sheet = book["Nonconformities"]
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == len(table(render_csv(hostile)))
    cell = next(row for row in rows[1:] if row[0] == nc["number"])[COLUMNS.index("finding")]
    assert cell == "=1+1"  # the text itself, stored as text
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value)
