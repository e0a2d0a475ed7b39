"""Write the Office files of examples/acme-office from the Markdown and CSV of examples/acme-qms.

The same quality management system, kept the way most organizations keep theirs: registers in
Excel workbooks, the policy, scope, context and audit reports in Word, procedures, specifications
and management review minutes as PDFs printed from Word, and the ERP's exports as CSV. Six defects
are planted on the way (DEFECTS below, one entry each); the profile, README.md and
expected-findings.yaml of the example are written by hand.

    pip install 'isocheck[office]'
    python examples/make_acme_office.py [TARGET]     # TARGET: examples/acme-office by default

The files are made with openpyxl, python-docx and pypdf, so their bytes change from one run to the
next (time stamps); what isocheck reads from them does not, and the test suite checks that the
committed files read exactly as this script's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "acme-qms"
TARGET = HERE / "acme-office"
SAVED = dt.datetime(2026, 10, 30, 9, 0)  # the documents' properties: when they were last saved

# Planted defects: (file of acme-qms, text there, text instead, what it plants).
DEFECTS = [
    (
        "resources/calibration.csv",
        "G-03,Bore gauge 10-18 mm,Cell 2,in use,2026-03-02,2027-03-02,pass,PCS-26-0302-01",
        "G-03,Bore gauge 10-18 mm,Cell 2,in use,2025-09-02,2026-09-02,pass,PCS-25-0902-01",
        "QMS-7.1.5-01: bore gauge G-03 in use, its calibration due on 2026-09-02",
    ),
    (
        "procedures/PRO-06-stores-and-despatch.md",
        "approved_on: 2026-03-02\nnext_review: 2027-03-02",
        "approved_on: 2025-03-31\nnext_review: 2026-09-30",
        "HS-7.5-02: procedure PRO-06 past its review date of 2026-09-30",
    ),
    (
        "audits/reports/IA-2026-04.md",
        "auditor: Priya Shah\nauditor_department: Production",
        "auditor: David Okafor\nauditor_department: Quality",
        "HS-9.2-07: the Quality Manager audited his own department",
    ),
    (
        "audits/programme.csv",
        "IA-2026-04,Quality,7.1;7.2;7.3;7.4;7.5;8.6;8.7;9.2;10.2,Priya Shah",
        "IA-2026-04,Quality,7.1;7.2;7.3;7.4;7.5;8.6;8.7;9.2;10.2,David Okafor",
        "HS-9.2-07: the programme names him too",
    ),
    (
        "management-review/2026-04-21.md",
        "### Audit results\nIA-2025-06, IA-2026-01 and IA-2026-02 completed, one minor "
        "nonconformity (NC-2026-04).\n",
        "",
        "HS-9.3-03: the April 2026 review did not consider audit results",
    ),
    (
        "improvement/nonconformities.csv",
        "Certificate emailed the same day,Despatch checklist not used for free-issue material jobs,",
        "Certificate emailed the same day,,",
        "HS-10.2-02: NC-2026-07 closed without a root cause",
    ),
    (
        "purchasing/suppliers.csv",
        "S-002,Sheaf Plating,Zinc-nickel and nickel plating,approved,2019-02-11,2026-03-09,2027-03-09",
        "S-002,Sheaf Plating,Zinc-nickel and nickel plating,approved,2019-02-11,2025-03-09,2026-03-09",
        "QMS-8.4.1-01: Sheaf Plating still approved, its re-evaluation due on 2026-03-09",
    ),
]

# How each file of acme-qms is kept here. Not listed: a workbook of its own (same folder and name).
WORD = ["policy/*", "context/*.md", "audits/reports/IA-2026-04.md", "performance/analysis/*"]
PDF = ["procedures/*", "specifications/*", "management-review/*", "audits/reports/*"]
CSV = ["operations/*"]  # the ERP's exports, as the ERP writes them
PEOPLE = {  # one workbook of sheets, with a hidden list of departments first
    "people/staff.csv": "Staff",
    "people/role-competence.csv": "Role competence",
    "people/competence.csv": "Competence",
    "people/training.csv": "Training",
    "people/awareness.csv": "Awareness",
}
# Registers with a title above the table (a merged cell), and the calibration register with a
# header of two rows, as the profile maps it.
TITLES = {
    "purchasing/suppliers.csv": ["Approved supplier list"],
    "improvement/nonconformities.csv": ["Nonconformity and corrective action log"],
    "resources/calibration.csv": ["Calibration register"],
}
NOTES = {"improvement/nonconformities.csv": ["Owner: David Okafor", "Revision 5"]}
CALIBRATION_HEADER = [
    [
        "ID",
        "Description",
        "Location",
        "Status",
        "Calibration",
        None,
        "Result",
        "Certificate",
        "Traceability",
    ],
    [None, None, None, None, "Last", "Next due", None, None, None],
]
CALIBRATION_MERGED = ["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4", "I3:I4"]

# Labels of front-matter fields in a Word control table or on a PDF's first page.
LABELS = {
    "id": "Document ID",
    "title": "Title",
    "version": "Version",
    "owner": "Owner",
    "approved_by": "Approved by",
    "approved_on": "Approved on",
    "next_review": "Next review",
    "status": "Status",
    "audit_id": "Audit",
    "date": "Date",
    "area": "Area",
    "clauses": "Clauses audited",
    "auditor": "Auditor",
    "auditor_department": "Auditor's department",
    "auditee": "Auditee",
    "area_department": "Department audited",
    "area_owner": "Process owner",
    "nonconformities": "Nonconformities raised",
    "chair": "Chair",
    "attendees": "Attendees",
    "period": "Period",
    "prepared_by": "Prepared by",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def matches(path: str, patterns: list[str]) -> bool:
    return any(Path(path).match(pattern) for pattern in patterns)


def source_text(rel: str) -> str:
    text = (SOURCE / rel).read_text(encoding="utf-8")
    for path, old, new, _ in DEFECTS:
        if path == rel:
            assert old in text, (rel, old)
            text = text.replace(old, new)
    return text


# --- Markdown ------------------------------------------------------------------------------------


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        return {}, text
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front) or {}, body


def blocks(body: str) -> Iterator[tuple[str, Any]]:
    """Markdown as blocks: ("heading", (level, text)), ("text", text), ("bullet", text),
    ("table", rows)."""
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("#"):
            marks, text = line.split(" ", 1)
            yield "heading", (len(marks), text.strip())
            i += 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip("|").split("|")]
                if not all(set(c) <= set("-: ") for c in cells):
                    rows.append(cells)
                i += 1
            yield "table", rows
        elif line.startswith("- "):
            item = [line[2:]]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                item.append(lines[i].strip())
                i += 1
            yield "bullet", " ".join(item)
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("#", "|", "- ")):
                paragraph.append(lines[i].strip())
                i += 1
            yield "text", " ".join(paragraph)


def labelled(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """Front matter as (label, value) pairs; a list of not-applicable requirements goes into the
    text instead (the scope statement names them there too)."""
    out = []
    for name, value in fields.items():
        if isinstance(value, list):
            continue
        text = value.isoformat() if isinstance(value, dt.date) else "" if value is None else value
        out.append((LABELS[name], str(text)))
    return out


# --- Word ------------------------------------------------------------------------------------------


def word(text: str) -> bytes:
    import docx

    fields, body = front_matter(text)
    document = docx.Document()
    parts = list(blocks(body))
    if parts and parts[0][0] == "heading":  # the document's title, above its control table
        document.add_paragraph(parts.pop(0)[1][1], style="Title")
    if fields:
        table = document.add_table(rows=0, cols=2, style="Table Grid")
        for label, value in labelled(fields):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    excluded = fields.get("not_applicable") or []
    if excluded:  # a list has no place in the control table: a table of its own in the text
        document.add_heading("Requirements determined not applicable", 1)
        table = document.add_table(rows=1, cols=2, style="Table Grid")
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Requirement", "Justification"
        for entry in excluded:
            cells = table.add_row().cells
            cells[0].text = str(entry["requirement"])
            cells[1].text = " ".join(entry["justification"].split())
    for kind, content in parts:
        if kind == "heading":
            document.add_heading(content[1], content[0] - 1)
        elif kind == "table":
            table = document.add_table(rows=0, cols=len(content[0]), style="Table Grid")
            for row in content:
                for cell, value in zip(table.add_row().cells, row, strict=False):
                    cell.text = value
        else:
            document.add_paragraph(content, style="List Bullet" if kind == "bullet" else None)
    properties = document.core_properties
    properties.title = str(fields.get("title", ""))
    properties.author = str(fields.get("owner") or fields.get("auditor") or "Acme")
    properties.created = properties.modified = SAVED
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------------

PAGE_LINES = 56
WIDTH = 95  # characters of a line on an A4 page at 10 pt


def pdf(text: str) -> bytes:
    """The document as printed from Word: its control fields as "Label: value" lines at the top
    of the first page, its text wrapped on A4 pages, its headings as the PDF's outline."""
    import textwrap

    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject

    fields, body = front_matter(text)
    lines = [f"{label}: {value}" for label, value in labelled(fields)]
    headings: list[tuple[int, str, int]] = []  # level, title, line
    for kind, content in blocks(body):
        lines.append("")
        if kind == "heading":
            headings.append((content[0], content[1], len(lines)))
            lines.append(content[1])
        elif kind == "table":
            lines += [" | ".join(row) for row in content]
        else:
            lead = "- " if kind == "bullet" else ""
            lines += textwrap.wrap(lead + content, WIDTH, subsequent_indent=" " * len(lead))
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    for start in range(0, len(lines), PAGE_LINES):
        page = writer.add_blank_page(595, 842)
        shown = [
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines[start : start + PAGE_LINES]
        ]
        stream = DecodedStreamObject()
        stream.set_data(" ".join(["BT /F1 10 Tf 56 790 Td 13 TL", *shown, "ET"]).encode("cp1252"))
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        page.replace_contents(ContentStream(stream, writer))
        page.compress_content_streams()
    parents: dict[int, Any] = {}
    top = min((level for level, _, _ in headings), default=1)
    for level, title, line in headings:
        depth = level - top
        parents[depth] = writer.add_outline_item(
            title=title, page_number=line // PAGE_LINES, parent=parents.get(depth - 1)
        )
    writer.add_metadata(
        {
            "/Title": str(fields.get("title", "")),
            "/Author": str(fields.get("owner") or fields.get("chair") or "Acme"),
            "/ModDate": SAVED.strftime("D:%Y%m%d%H%M%S"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Excel -----------------------------------------------------------------------------------------


def kept_as(rel: str) -> str:
    """Where this example keeps a file of acme-qms."""
    stem = rel.rsplit(".", 1)[0]
    if rel in PEOPLE:
        return "people/People.xlsx"
    if matches(rel, WORD):
        return stem + ".docx"
    if matches(rel, PDF):
        return stem + ".pdf"
    if matches(rel, CSV):
        return rel
    return stem + ".xlsx"


def typed(cell: str) -> Any:
    """A CSV cell as Excel keeps it: dates as dates, whole numbers as numbers, the rest as text."""
    if _DATE.match(cell):
        return dt.datetime.fromisoformat(cell)
    if re.fullmatch(r"-?\d{1,9}", cell) and not cell.startswith("0"):
        return int(cell)
    return cell or None


def sheet_rows(rel: str) -> list[list[Any]]:
    rows = list(csv.reader(io.StringIO(source_text(rel))))
    if rel == "documents/register.csv":  # where each document is kept here
        at = rows[0].index("location")
        for row in rows[1:]:
            row[at] = kept_as(row[at]) if (SOURCE / row[at]).is_file() else row[at]
    header, records = rows[0], [[typed(c) for c in row] for row in rows[1:]]
    top: list[list[Any]] = []
    if rel in TITLES:  # a title, what the register notes under it, and a blank row
        top += [TITLES[rel], *([NOTES[rel]] if rel in NOTES else []), []]
    if rel == "resources/calibration.csv":
        return [*top, *CALIBRATION_HEADER, *records]
    return [*top, list(header), *records]


def workbook(sheets: dict[str, str], *, lists: bool = False) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    if lists:  # the lists a workbook's drop-downs take their values from, hidden
        hidden = book.create_sheet("Lists")
        for department in ["Management", "Sales", "Production", "Quality", "Logistics"]:
            hidden.append([department])
        hidden.sheet_state = "hidden"
    for title, rel in sheets.items():
        sheet = book.create_sheet(title)
        for row in sheet_rows(rel):
            sheet.append(row)
        if rel in TITLES:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
        if rel == "resources/calibration.csv":
            for cells in CALIBRATION_MERGED:
                sheet.merge_cells(cells)
        for column in sheet.columns:  # dates shown as dates, whatever the locale
            for cell in column:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    book.properties.creator = "Acme Precision Components Ltd"
    book.properties.created = book.properties.modified = SAVED
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET_NAMES = {
    "resources/calibration.csv": "Gauges",
    "improvement/nonconformities.csv": "NC log",
}


def files() -> dict[str, bytes]:
    """Every file the example keeps, by its path in the evidence folder."""
    out: dict[str, bytes] = {}
    sources = sorted(
        str(p.relative_to(SOURCE))
        for p in SOURCE.rglob("*")
        if p.is_file() and p.suffix in (".md", ".csv") and p.name != "README.md"
    )
    for rel in sources:
        kept = kept_as(rel)
        if rel in PEOPLE:
            continue
        if kept.endswith(".docx"):
            out[kept] = word(source_text(rel))
        elif kept.endswith(".pdf"):
            out[kept] = pdf(source_text(rel))
        elif kept.endswith(".csv"):
            out[kept] = source_text(rel).encode()
        else:
            name = Path(rel).stem.replace("-", " ").capitalize()
            out[kept] = workbook({SHEET_NAMES.get(rel, name): rel})
    out["people/People.xlsx"] = workbook({sheet: rel for rel, sheet in PEOPLE.items()}, lists=True)
    return out


def main(target: Path = TARGET) -> None:
    for rel, data in files().items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
