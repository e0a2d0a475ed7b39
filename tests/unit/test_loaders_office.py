"""Excel, Word and PDF evidence (`isocheck.loaders.office`), read from files made by the libraries
that read them. Hostile files of each format: tests/hostile/test_hostile.py."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office_support import (
    ENCRYPTED_OFFICE,
    OLD_BINARY_OFFICE,
    pdf,
    raw_pdf,
    replaced,
    with_member,
    word,
    workbook,
)

from isocheck.evidence import EvidenceIndex, section_text
from isocheck.loaders import LoadLimits, ParsedFile
from isocheck.loaders.office import load_pdf, load_word, load_workbook
from isocheck.model import EvidenceMapping, EvidenceType
from isocheck.plugins import make_host


def read(path: str, data: bytes, limits: LoadLimits | None = None, **options: Any) -> ParsedFile:
    """The file as the loader for its suffix reads it."""
    parsed = ParsedFile(path, options=options)
    loader = {"xlsx": load_workbook, "xlsm": load_workbook, "docx": load_word, "pdf": load_pdf}
    loader[path.rsplit(".", 1)[1]](parsed, data, limits or LoadLimits())
    return parsed


def rows(parsed: ParsedFile) -> list[tuple[str | None, dict[str, Any]]]:
    assert parsed.error == "", parsed.error
    assert parsed.rows is not None
    return [(row.place, row.fields) for row in parsed.rows]


# --- workbooks ------------------------------------------------------------------------------------

RISKS = [
    ["ID", "Risk", "Identified", "Score", "Treated"],
    ["R-1", " Supplier fails ", dt.datetime(2026, 3, 1), 12, True],
    ["R-2", "Fire", dt.datetime(2026, 3, 2, 10, 30), 2.5, False],
    [None, None, None, None, None],
    [],
]


def test_a_sheet_is_a_table_with_typed_cells_and_a_place_per_row() -> None:
    parsed = read("Register.xlsx", workbook({"Risks": RISKS}))
    assert parsed.format == "xlsx"
    assert parsed.header == ("ID", "Risk", "Identified", "Score", "Treated")
    assert rows(parsed) == [
        (
            "sheet Risks, row 2",
            {
                "ID": "R-1",
                "Risk": "Supplier fails",
                "Identified": dt.date(2026, 3, 1),  # a date, never an Excel serial number
                "Score": 12,
                "Treated": True,
            },
        ),
        (
            "sheet Risks, row 3",
            {
                "ID": "R-2",
                "Risk": "Fire",
                "Identified": dt.datetime(2026, 3, 2, 10, 30),
                "Score": 2.5,
                "Treated": False,
            },
        ),
    ]
    assert type(rows(parsed)[0][1]["Identified"]) is dt.date


def test_the_default_sheet_is_the_first_that_is_not_hidden() -> None:
    data = workbook({"Lists": [["a", "b"], ["1", "2"]], "Risks": RISKS}, hidden=["Lists"])
    assert read("r.xlsx", data).header[0] == "ID"


@pytest.mark.parametrize("sheet", ["Risks", "risks", " RISKS", 2])
def test_the_profile_names_the_sheet_or_counts_it_from_one(sheet: str | int) -> None:
    data = workbook({"Lists": [["a", "b"]], "Risks": RISKS})
    assert read("r.xlsx", data, sheet=sheet).header[0] == "ID"


def test_a_sheet_the_workbook_lacks_names_the_ones_it_has() -> None:
    data = workbook({"Lists": [["a", "b"]], "2026": RISKS})
    parsed = read("r.xlsx", data, sheet="Risks")
    assert parsed.error == "the workbook has no sheet named 'Risks'; its sheets: 'Lists', '2026'"
    assert parsed.error_option == "sheet" and parsed.rows is None
    parsed = read("r.xlsx", data, sheet=2026)
    assert parsed.error == (
        "sheet 2026: the workbook has 2 sheet(s): 'Lists', '2026'; for the sheet named '2026', "
        'quote its name: sheet: "2026"'
    )
    assert read("r.xlsx", data, sheet="2026").header[0] == "ID"


def test_a_title_above_the_table_is_not_its_header() -> None:
    data = workbook({"Risks": [["Risk register 2026"], [], *RISKS]}, merged={"Risks": ["A1:E1"]})
    parsed = read("r.xlsx", data)
    assert parsed.header[0] == "ID"
    assert rows(parsed)[0][0] == "sheet Risks, row 4"


def test_the_profile_names_the_header_row() -> None:
    data = workbook({"Risks": [["Prepared by QA", "2026"], *RISKS]})
    assert read("r.xlsx", data).header == ("Prepared by QA", "2026")  # two names: a header
    parsed = read("r.xlsx", data, header_row=2)
    assert parsed.header[0] == "ID" and len(rows(parsed)) == 2
    empty = read("r.xlsx", data, header_row=5)
    assert empty.error == "header_row 5: row 5 of sheet Risks is empty"
    assert (empty.error_option, empty.error_place) == ("header_row", "sheet Risks")


def test_a_header_merged_over_sub_names_names_each_column_by_both() -> None:
    data = workbook(
        {
            "Risks": [
                ["ID", "Inherent risk", None, "Owner"],
                [None, "Likelihood", "Impact", None],
                ["R-1", 3, 4, "Ann"],
            ]
        },
        merged={"Risks": ["A1:A2", "B1:C1", "D1:D2"]},
    )
    parsed = read("r.xlsx", data)
    assert parsed.header == ("ID", "Inherent risk Likelihood", "Inherent risk Impact", "Owner")
    assert rows(parsed) == [
        (
            "sheet Risks, row 3",
            {"ID": "R-1", "Inherent risk Likelihood": 3, "Inherent risk Impact": 4, "Owner": "Ann"},
        )
    ]


def test_a_cell_merged_down_over_rows_is_in_each_of_them() -> None:
    data = workbook(
        {"P": [["Process", "Step"], ["Production", "Cut"], [None, "Mill"], [None, "Inspect"]]},
        merged={"P": ["A2:A4"]},
    )
    assert [fields["Process"] for _, fields in rows(read("p.xlsx", data))] == ["Production"] * 3


def test_a_name_merged_across_columns_of_a_one_row_header_is_a_duplicate() -> None:
    data = workbook(
        {"R": [["ID", "Dates", None], ["R-1", "2026-01-01", "2026-02-01"]]}, merged={"R": ["B1:C1"]}
    )
    parsed = read("r.xlsx", data)
    assert parsed.error.startswith(
        "duplicate column name(s) in the header: Dates; name each column"
    )
    assert parsed.error_place == "sheet R, row 1"


def test_a_formula_is_read_as_the_value_excel_saved_never_evaluated() -> None:
    data = workbook({"R": [["ID", "Score"], ["R-1", "=1+1"], ["R-2", "=NOW()"]]})
    # as Excel saves it: the formula and the value it last calculated
    data = replaced(data, "xl/worksheets/sheet1.xml", b"<f>1+1</f><v></v>", b"<f>1+1</f><v>42</v>")
    assert [fields["Score"] for _, fields in rows(read("r.xlsx", data))] == [42, ""]


def test_cells_under_no_name_and_columns_past_the_limit_are_notes() -> None:
    data = workbook(
        {"R": [["ID", None, "Owner"], ["R-1", "stray", "Ann"], ["R-2", None, "Bo", "x"]]}
    )
    parsed = read("r.xlsx", data)
    assert rows(parsed) == [
        ("sheet R, row 2", {"ID": "R-1", "Owner": "Ann"}),
        ("sheet R, row 3", {"ID": "R-2", "Owner": "Bo"}),
    ]
    assert parsed.notes == ["sheet R: cells under no column name were not read (rows 2, 3)"]
    wide = read(
        "r.xlsx",
        workbook({"R": [["ID", "A", "B", "C", "D"], [1, 2, 3, 4, 5]]}),
        LoadLimits(max_columns=4),
    )
    assert wide.header == ("ID", "A", "B", "C")
    assert wide.notes == [
        "sheet R: only the first 4 columns were read",
        "sheet R: cells under no column name were not read (rows 2)",
    ]


def test_rows_past_the_limit_are_a_note() -> None:
    data = workbook({"R": [["ID", "Owner"], *([f"R-{i}", "Ann"] for i in range(10))]})
    parsed = read("r.xlsx", data, LoadLimits(max_rows=3))
    assert len(rows(parsed)) == 3 and parsed.notes == ["only the first 3 rows were read"]


def test_an_empty_sheet_and_a_header_without_rows() -> None:
    empty = read("r.xlsx", workbook({"R": []}))
    assert (empty.error, empty.rows, empty.notes) == ("", [], ["sheet R is empty: no header row"])
    header = read("r.xlsx", workbook({"R": [["ID", "Owner"]]}))
    assert (header.rows, header.notes) == ([], ["sheet R: a header and no rows"])


def test_a_macro_enabled_workbook_is_read_without_its_macros() -> None:
    data = with_member(workbook({"R": RISKS}), "xl/vbaProject.bin", b"Attribute VB_Name = 1")
    assert read("r.xlsm", data).header[0] == "ID"


# --- Word documents ------------------------------------------------------------------------------

CONTROL = [
    ["Document ID", "QP-01"],
    ["Version", "3"],
    ["Approved by:", "J. Smith"],
    ["Approved on", "2026-01-10"],
    ["Next review", "2027-01-10"],
]
PROCEDURE = [
    ("title", "Internal audit procedure"),
    ("table", CONTROL),
    ("heading1", "Purpose"),
    ("text", "Audits show whether the system conforms."),
    ("heading2", "Audit programme"),
    ("bullet", "every process once a year"),
    ("table", [["Process", "Month"], ["Sales", "March"]]),
    ("heading1", "Records"),
    ("text", "Reports are kept for three years."),
]


def test_a_word_document_reads_as_markdown_with_its_headings() -> None:
    parsed = read("p.docx", word(PROCEDURE))
    assert parsed.error == "" and parsed.format == "docx"
    assert [(h.level, h.title) for h in parsed.headings] == [
        (1, "Internal audit procedure"),
        (1, "Purpose"),
        (2, "Audit programme"),
        (1, "Records"),
    ]
    assert section_text(parsed, "Purpose") == (
        "\nAudits show whether the system conforms.\n\n## Audit programme\n\n"
        "- every process once a year\n\n| Process | Month |\n| Sales | March |\n"
    )
    assert section_text(parsed, "Records") == "\nReports are kept for three years.\n"


def test_the_control_table_at_the_top_is_read_like_front_matter() -> None:
    parsed = read("p.docx", word(PROCEDURE))
    assert parsed.fields == {
        "Document ID": "QP-01",  # as written: the profile's document_control maps it
        "version": "3",  # a document control field written as words is that field
        "approved_by": "J. Smith",
        "approved_on": "2026-01-10",
        "next_review": "2027-01-10",
    }
    assert parsed.field_places["approved_by"] == "table 1, row 3"


def test_the_control_table_is_mapped_by_document_control_like_front_matter() -> None:
    index = EvidenceIndex(
        None, make_host(load_entry_points=False).loaders, files={"p.docx": word(PROCEDURE)}
    )
    etype = EvidenceType("procedure", "document", "Procedure", ("*.{md,docx}",))
    (item,) = index.resolve(etype, None, {"id": "Document ID"}).items
    assert item.fields["id"] == "QP-01"
    assert str(item.where("id")) == "p.docx, table 1, row 1"
    assert str(item.where("approved_by")) == "p.docx, table 1, row 3"


def test_without_a_control_table_the_properties_are_the_fields() -> None:
    revisions = [["Version", "Date"], ["1", "2025-01-10"], ["2", "2026-01-10"]]
    data = word(
        [("title", "Policy"), ("table", revisions), ("text", "We care.")],
        properties={
            "title": "Quality policy",
            "revision": 4,
            "author": "Ann Owner",
            "modified": dt.datetime(2026, 1, 10, 9, 0),
        },
    )
    parsed = read("p.docx", data)
    assert parsed.fields == {
        "title": "Quality policy",
        "version": "4",
        "author": "Ann Owner",
        "last_modified": dt.date(2026, 1, 10),
    }
    assert set(parsed.field_places.values()) == {"document properties"}
    assert parsed.notes == [
        "no document control table at the top: fields read from the document's properties"
    ]


def test_a_control_table_after_the_text_starts_is_a_table_of_the_text() -> None:
    data = word([("text", "Introduction."), ("table", CONTROL)])
    parsed = read("p.docx", data)
    assert "approved_by" not in (parsed.fields or {})
    assert "| Approved by: | J. Smith |" in parsed.text


# --- PDFs -----------------------------------------------------------------------------------------

POLICY_PAGES = [
    ["Quality policy", "Approved by: J. Smith", "Version: 3", "1 Purpose", "Customers first."],
    ["2 Scope", "All sites.", "3 Review", "Yearly."],
]


def test_a_pdf_reads_by_page_with_headings_from_its_outline() -> None:
    data = pdf(
        POLICY_PAGES,
        outline=[(1, "1 Purpose", 0), (1, "2 Scope", 1), (2, "2.1 Sites", 1), (1, "3 Review", 1)],
        metadata={"/Title": "Quality policy", "/Author": "Ann", "/ModDate": "D:20260110120000Z"},
    )
    parsed = read("p.pdf", data)
    assert parsed.error == "" and parsed.format == "pdf"
    assert [(h.level, h.title) for h in parsed.headings] == [
        (1, "1 Purpose"),
        (1, "2 Scope"),
        (2, "2.1 Sites"),  # in the outline, not printed: a heading where its parent's text starts
        (1, "3 Review"),
    ]
    assert section_text(parsed, "Purpose") == "Customers first.\n\n"
    assert section_text(parsed, "Sites") == "All sites."
    assert list(parsed.fields or {}) == [
        "approved_by",
        "version",
        "title",
        "author",
        "last_modified",
    ]
    assert parsed.fields == {
        "title": "Quality policy",
        "author": "Ann",
        "last_modified": dt.date(2026, 1, 10),
        "approved_by": "J. Smith",
        "version": "3",
    }
    assert parsed.field_places["approved_by"] == "page 1"
    assert parsed.field_places["title"] == "document properties"


def test_a_pdf_without_an_outline_has_text_and_no_headings() -> None:
    parsed = read("p.pdf", raw_pdf(POLICY_PAGES))
    assert parsed.headings == [] and "Customers first." in parsed.text


def test_a_scan_without_text_says_what_to_do() -> None:
    parsed = read("scan.pdf", raw_pdf([[], []]))
    assert parsed.error == (
        "no text: its 2 page(s) are images (a scan?), which isocheck cannot read; keep the PDF "
        "the document was printed from, or one with recognized text (OCR), as the evidence"
    )


def test_a_page_without_text_among_others_is_a_note() -> None:
    assert read("p.pdf", raw_pdf([["Text"], []])).notes == ["page(s) 2 have no text (images?)"]


def test_an_encrypted_pdf_is_read_only_when_it_opens_without_a_password() -> None:
    locked = read("p.pdf", pdf(POLICY_PAGES, password="secret"))
    assert locked.error.startswith("encrypted: the PDF opens only with a password")
    restricted = read("p.pdf", pdf(POLICY_PAGES, password=""))
    assert restricted.error == "" and "Customers first." in restricted.text


# --- what every format shares ---------------------------------------------------------------------

BUILD = {
    "r.xlsx": lambda: workbook({"R": RISKS}),
    "p.docx": lambda: word(PROCEDURE),
    "p.pdf": lambda: pdf(POLICY_PAGES),
}


@cache
def made(path: str) -> bytes:
    """The file, made once per run: the libraries stamp the time into it, and hypothesis needs
    the same bytes in every example."""
    return BUILD[path]()


@pytest.mark.parametrize(
    ("path", "module"), [("r.xlsx", "openpyxl"), ("p.docx", "docx"), ("p.pdf", "pypdf")]
)
def test_without_the_office_extra_a_file_says_which_to_install(
    monkeypatch: pytest.MonkeyPatch, path: str, module: str
) -> None:
    data = made(path)
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    suffix = path.rsplit(".", 1)[1]
    assert read(path, data).error == (
        f"reading .{suffix} files needs isocheck's office extra: pip install 'isocheck[office]'"
    )


@pytest.mark.parametrize(
    ("path", "made_as", "what"),
    [
        ("r.xlsx", "p.docx", "a Word document, not an Excel workbook as its suffix .xlsx says"),
        ("p.docx", "r.xlsx", "an Excel workbook, not a Word document as its suffix .docx says"),
        ("p.pdf", "r.xlsx", "an Excel workbook, not a PDF as its suffix .pdf says"),
        ("r.xlsx", "p.pdf", "a PDF, not an Excel workbook as its suffix .xlsx says"),
    ],
)
def test_a_file_that_is_not_what_its_suffix_says(path: str, made_as: str, what: str) -> None:
    assert read(path, made(made_as)).error == (
        f"the file is {what}; save it in the format its name says, or give it the suffix of what "
        "it is"
    )


@pytest.mark.parametrize("path", ["r.xlsx", "p.docx", "p.pdf"])
def test_text_or_nothing_under_an_office_suffix(path: str) -> None:
    assert read(path, b"id,owner\nR-1,Ann\n").error.startswith("the file is text, not ")
    assert read(path, b"").error.startswith("the file is empty: it is not ")


@pytest.mark.parametrize("path", ["r.xlsx", "p.docx"])
def test_a_password_protected_or_old_binary_office_file(path: str) -> None:
    assert read(path, ENCRYPTED_OFFICE).error.endswith(
        "protected by a password (encrypted), which isocheck cannot read; keep a copy without the "
        "password as the evidence"
    )
    old = ".xls" if path.endswith("xlsx") else ".doc"
    assert read(path, OLD_BINARY_OFFICE).error.startswith(
        f"the file is in the old binary format ({old})"
    )


@pytest.mark.parametrize("path", ["r.xlsx", "p.docx"])
def test_a_zip_bomb_is_reported_before_any_library_unpacks_it(path: str) -> None:
    bomb = with_member(made(path), "customXml/item1.xml", b"\0" * (4 << 20))
    error = read(path, bomb).error
    assert "with a part (customXml/item1.xml) that unpacks to" in error
    assert error.endswith("times its size: not read (a ZIP bomb?)")
    big = read(path, made(path), LoadLimits(max_unpacked_bytes=1000)).error
    assert "that unpacks to" in big and "more than limits.max_unpacked_bytes (1,000)" in big


def test_a_zip_of_too_many_parts_is_not_listed() -> None:
    out = io.BytesIO(made("r.xlsx"))
    with zipfile.ZipFile(out, "a") as archive:
        for i in range(10_001):
            archive.writestr(f"junk/{i}", b"")
    assert read("r.xlsx", out.getvalue()).error.endswith(
        "of more than 10000 parts: not read (a ZIP bomb?)"
    )


@pytest.mark.parametrize("path", ["r.xlsx", "p.docx", "p.pdf"])
def test_a_file_cut_short_is_damaged(path: str) -> None:
    data = made(path)
    parsed = read(path, data[: len(data) // 2])
    assert parsed.error.startswith("damaged: ")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(BUILD)), st.data())
def test_any_cut_or_damage_is_recorded_never_raised(path: str, data: st.DataObject) -> None:
    whole = made(path)
    start = data.draw(st.integers(0, len(whole)))
    noise = data.draw(st.binary(max_size=64))
    parsed = read(path, whole[:start] + noise + whole[start + len(noise) :])
    assert isinstance(parsed.error, str)  # the loader returned; whatever it made of the bytes


def test_the_loaders_come_from_a_plugin_that_can_be_blocked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = make_host(load_entry_points=False)
    assert host.pm.has_plugin("isocheck-office")
    assert {".xlsx", ".xlsm", ".docx", ".pdf"} <= set(host.loaders.suffixes())
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", "isocheck-office")  # for a plugin of one's own
    assert ".xlsx" not in make_host().loaders.suffixes()


def test_a_workbooks_options_reach_it_from_the_profile() -> None:
    files = {"reg.xlsx": workbook({"Lists": [["a", "b"]], "Risks": [["Title"], *RISKS]})}
    index = EvidenceIndex(None, make_host(load_entry_points=False).loaders, files=files)
    etype = EvidenceType("risks", "table", "Risks", ("*.xlsx",))
    mapping = EvidenceMapping(None, {"id": "ID"}, {}, sheet="Risks", header_row=2)
    items = index.resolve(etype, mapping, {}).items
    assert [(item.fields["id"], str(item.ref)) for item in items] == [
        ("R-1", "reg.xlsx, sheet Risks, row 3"),
        ("R-2", "reg.xlsx, sheet Risks, row 4"),
    ]
