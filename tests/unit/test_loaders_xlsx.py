"""The cells of a workbook as `isocheck.loaders.xlsx` streams them: the values openpyxl's read-only
`iter_rows(values_only=True)` gives with `data_only=True`, row for row, for random workbooks that
openpyxl writes (with their text also moved to a shared string table, as Excel saves it) and for
parts written by hand with what openpyxl never writes."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_support import with_shared_strings
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from isocheck.loaders.xlsx import UnsafeXML, Workbook

Rows = dict[int, list[tuple[str, Any]]]  # a sheet's rows that have a value, by number


def typed(values: Any) -> list[tuple[str, Any]]:
    """Values with their types, so that 1, 1.0 and True differ."""
    return [(type(value).__name__, value) for value in values]


def read(data: bytes, first: int = 1, width: int = 20) -> list[tuple[str, str, Rows]]:
    """Each sheet's name, state and rows as isocheck reads them."""
    book = Workbook(zipfile.ZipFile(io.BytesIO(data)))
    return [
        (
            sheet.title,
            sheet.sheet_state,
            {n: typed(v) for n, v in sheet.rows(first, width) if any(x is not None for x in v)},
        )
        for sheet in book.worksheets
    ]


def read_by_openpyxl(data: bytes, first: int = 1, width: int = 20) -> list[tuple[str, str, Rows]]:
    """Each sheet's name, state and rows as openpyxl reads them in read-only mode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a date out of range: an error cell, and a warning
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # as the loader did: read what is there
            rows = sheet.iter_rows(min_row=first, max_col=width, values_only=True)
            found = {
                n: typed(v)
                for n, v in enumerate(rows, start=first)
                if any(x is not None for x in v)
            }
            sheets.append((sheet.title, sheet.sheet_state, found))
        book.close()
    return sheets


# --- random workbooks written by openpyxl ---------------------------------------------------------

# What openpyxl can write in a cell: no control character but tab, line feed and carriage return.
_ILLEGAL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]) + "\ufffe\uffff"
TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters=_ILLEGAL), max_size=12
)
WHITESPACE = st.text(st.sampled_from(" \t\n\r\u00a0\u3000"), min_size=1, max_size=3)
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.tuples(WHITESPACE, TEXT, WHITESPACE).map("".join),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(dt.timedelta(0), dt.timedelta(days=10_000)),
    st.lists(TEXT.filter(bool), min_size=2, max_size=3).map(
        lambda runs: CellRichText([runs[0], *(TextBlock(InlineFont(b=True), r) for r in runs[1:])])
    ),
)
# Cells at random places of a sheet: rows and columns skipped, a few cells or many.
CELLS = st.dictionaries(st.tuples(st.integers(1, 40), st.integers(1, 14)), VALUES, max_size=40)
TITLES = ["Risks", "Ärger 2026", "計画", " spaced ", "Log"]


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    if draw(st.booleans()):
        book.epoch = CALENDAR_MAC_1904
    for i, cells in enumerate(draw(st.lists(CELLS, min_size=1, max_size=3))):
        sheet = book.create_sheet(TITLES[i])
        for (row, column), value in sorted(cells.items()):
            sheet.cell(row=row, column=column, value=value)
        if i:
            sheet.sheet_state = draw(st.sampled_from(["visible", "hidden", "veryHidden"]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), st.booleans(), st.integers(1, 5), st.integers(1, 16))
def test_random_workbooks_read_as_openpyxl_reads_them(
    data: bytes, shared: bool, first: int, width: int
) -> None:
    if shared:
        data = with_shared_strings(data)
    assert read(data, first, width) == read_by_openpyxl(data, first, width)


# --- parts written by hand --------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="0.00;[Red]-0.00"/></numFmts>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="20"/>
<xf numFmtId="46"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="166" formatCode="yyyy"/></dxf></dxfs></styleSheet>"""
STRINGS = f"""<sst xmlns="{MAIN}">
<si><t>plain</t></si>
<si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><t/></si>
<si><t>a_x005F_x000D_b</t></si>
</sst>"""


def package(
    sheet: str,
    *,
    strings: str | None = STRINGS,
    styles: str | None = STYLES,
    workbook_pr: str = "",
    sheets: str = '<sheet name="S" sheetId="1" r:id="rId1"/>',
) -> bytes:
    """The smallest workbook around a sheet's XML (written as is), with these parts."""
    types = [
        ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml"),
    ]
    if strings is not None:
        types.append(("/xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"))
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            + "".join(
                f'<Override PartName="{name}" '
                f'ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
                for name, kind in types
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships">{workbook_pr}<sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def sheet_xml(rows: str, prefix: str = "") -> str:
    declare = f"xmlns:{prefix[:-1]}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{prefix}worksheet {declare}="{MAIN}">'
        f"<{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>"
    )


def only_sheet(data: bytes, first: int = 1, width: int = 20) -> Rows:
    ours, theirs = read(data, first, width), read_by_openpyxl(data, first, width)
    assert ours == theirs
    return {n: [v for _, v in values] for n, values in ours[0][2].items()}


def test_shared_strings_are_the_text_of_their_runs_without_phonetic_guides() -> None:
    cells = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDE"))
    assert only_sheet(package(sheet_xml(f'<row r="1">{cells}</row>')), width=5) == {
        1: ["plain", "rich text ", "東京", "", "a_x000D_b"]
    }


def test_every_kind_of_cell_openpyxl_reads() -> None:
    rows = (
        '<row r="1">'
        '<c r="A1"><v>7</v></c>'  # no type: a number, an int
        '<c r="B1" t="n"><v>7.0</v></c>'  # a point: a float
        '<c r="C1"><v>1.5E3</v></c>'
        '<c r="D1" t="b"><v>1</v></c>'
        '<c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="e"><v>#N/A</v></c>'
        '<c r="G1" t="str"><f>A1&amp;"x"</f><v>7x</v></c>'  # a formula's text, as last saved
        '<c r="H1"><f>A1*2</f><v>14</v></c>'
        '<c r="I1"><f>NOW()</f></c>'  # never calculated: no value
        '<c r="J1" t="inlineStr"><is><t>in</t><r><t>line</t></r></is></c>'
        '<c r="K1" t="d"><v>2026-03-01T10:30:00</v></c>'
        '<c r="L1" t="s"><v>1</v></c>'
        '<c r="M1" t="inlineStr"/>'  # no text at all: nothing
        '<c r="N1"><v></v></c>'
        '<c r="O1" t="inlineStr"><is><t><![CDATA[a <b> & c]]></t></is></c>'
        '<c r="P1" t="inlineStr"><is><t>&lt;&amp;&#10;&#x263A;</t></is></c>'
        '<c r="Q1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c>'
        "</row>"
    )
    assert only_sheet(package(sheet_xml(rows)), width=17) == {
        1: [
            *(7, 7.0, 1500.0, True, False, "#N/A", "7x", 14, None, "inline"),
            *(dt.datetime(2026, 3, 1, 10, 30), "rich text ", None, None, "a <b> & c", "<&\n☺"),
            "東京",
        ]
    }


@pytest.mark.parametrize("date1904", ["", '<workbookPr date1904="1"/>'])
def test_dates_and_times_by_the_number_format_of_the_style(date1904: str) -> None:
    rows = "".join(
        f'<row r="{style + 1}"><c r="A{style + 1}" s="{style}"><v>46082.75</v></c>'
        f'<c r="B{style + 1}" s="{style}"><v>0.5</v></c></row>'
        for style in range(7)
    )
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    day = epoch + dt.timedelta(days=46082.75)
    assert only_sheet(package(sheet_xml(rows), workbook_pr=date1904), width=2) == {
        1: [46082.75, 0.5],  # General
        2: [day, dt.time(12)],  # m/d/yyyy, built in
        3: [day, dt.time(12)],  # m/d/yyyy h:mm
        4: [day, dt.time(12)],  # h:mm
        5: [dt.timedelta(days=46082.75), dt.timedelta(hours=12)],  # [h]:mm:ss, a duration
        6: [day, dt.time(12)],  # dd/mm/yyyy, the workbook's own
        7: [46082.75, 0.5],  # 0.00;[Red]-0.00: a number
    }


def test_cells_and_rows_that_skip_or_omit_their_place() -> None:
    rows = (
        '<row r="2"><c r="C2"><v>1</v></c><c><v>2</v></c><c r="A2"><v>3</v></c></row>'
        "<row><c><v>4</v></c><c/><c><v>5</v></c></row>"  # row 3, columns A and C
        '<row r="3"><c r="A3"><v>6</v></c></row>'  # numbered again: left out, as openpyxl does
        '<row r="1"><c r="A1"><v>7</v></c></row>'  # out of order: left out
        '<row r="2"><c r="A2"><v>7</v></c></row>'  # and so is a row after it, up to row 3
        '<row r="9" spans="1:2"/>'
        '<row r="10"><c r="b10"><v>8</v></c><c r="B10"/></row>'  # the empty cell last: empty
        '<row r="12.0"><c r="AA12"><v>9</v></c></row>'
    )
    data = package(sheet_xml(rows))
    assert only_sheet(data, width=30) == {
        2: [3, None, 1, 2, *[None] * 26],
        3: [4, None, 5, *[None] * 27],
        12: [*[None] * 26, 9, None, None, None],
    }
    assert only_sheet(data, first=3, width=3) == {3: [4, None, 5]}


def test_elements_of_any_prefix_comments_and_instructions() -> None:
    rows = (
        '<x:row r="1"><!-- <x:c r="A1"><x:v>0</x:v></x:c> --><?pi <c/>?>'
        '<x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>'
    )
    assert only_sheet(package(sheet_xml(rows, prefix="x:")), width=2) == {1: [1, "plain"]}


def test_the_workbooks_sheets_their_states_and_the_chart_sheets_left_out() -> None:
    sheets = (
        '<sheet name="Shown" sheetId="1" r:id="rId1"/>'
        '<sheet name="Gone" sheetId="2" r:id="rId1" state="veryHidden"/>'
        '<sheet name="No part" sheetId="3"/>'
    )
    data = package(sheet_xml(""), sheets=sheets, strings=None, styles=None)
    assert [
        (s.title, s.sheet_state) for s in Workbook(zipfile.ZipFile(io.BytesIO(data))).worksheets
    ] == [
        ("Shown", "visible"),
        ("Gone", "veryHidden"),
    ]
    assert read(data) == read_by_openpyxl(data)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
)
@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">',
        b"<!DOCTYPE x>",
    ],
)
def test_a_part_that_declares_a_dtd_is_refused(part: str, doctype: bytes) -> None:
    data = package(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part]
    at = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    parts[part] = xml[:at] + doctype + xml[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(UnsafeXML, match="declares a DTD"):
        read(out.getvalue())
