"""Hostile and broken Excel, Word and PDF files: each is a finding naming the file, never a crash,
a hang (the hang guard is pytest-timeout), an exhausted memory, a write or a connection."""

from __future__ import annotations

import datetime as dt
import io
import socket
import zipfile
import zlib
from pathlib import Path
from typing import Any

import office_support as office
import pytest
from hostile_support import Run

import isocheck

pytestmark = pytest.mark.timeout(60)

REGISTER = office.workbook(
    {"Register": [["id", "date", "note"], ["T-2", dt.date(2026, 2, 1), "aa"]]}
)
DOCUMENT = office.word(
    [("table", [["id", "D-2"]]), ("heading1", "Quality manual"), ("text", "Quality.")]
)
PDF = office.pdf([["id: D-3", "Quality manual"]])
SHEET = "xl/worksheets/sheet1.xml"
MADE = {"tables/b.xlsx": REGISTER, "docs/b.docx": DOCUMENT, "docs/b.pdf": PDF}


def unreadable(run: Run, name: str, data: bytes, **extra: Any) -> str:
    """The finding's message for a file that cannot be read: a nonconformity, not an error."""
    finding = run({name: data}, **extra)["H-TABLE" if name.startswith("tables/") else "H-DOC"]
    assert (finding.outcome, finding.error) == ("nonconform", ""), finding
    prefix = f"{name}: cannot be read as evidence: "
    assert finding.message.startswith(prefix), finding.message
    return finding.message[len(prefix) :]


def test_office_files_that_are_sound_conform(run: Run) -> None:
    findings = run(MADE)
    assert {rule: f.outcome for rule, f in findings.items()} == dict.fromkeys(
        ["H-DOC", "H-TEXT", "H-DATA", "H-TABLE", "H-REGEX"], "conform"
    )


@pytest.mark.parametrize("name", sorted(MADE))
def test_truncated(run: Run, name: str) -> None:
    data = MADE[name]
    assert unreadable(run, name, data[: len(data) // 2]).startswith("damaged: ")


@pytest.mark.parametrize("name", ["tables/b.xlsx", "docs/b.docx"])
def test_encrypted_office_file(run: Run, name: str) -> None:
    assert "protected by a password (encrypted)" in unreadable(run, name, office.ENCRYPTED_OFFICE)
    assert "in the old binary format" in unreadable(run, name, office.OLD_BINARY_OFFICE)


def test_encrypted_pdf(run: Run) -> None:
    locked = office.pdf([["id: D-3", "Quality"]], password="secret")
    assert unreadable(run, "docs/b.pdf", locked).startswith("encrypted: ")


@pytest.mark.parametrize("name", ["tables/b.xlsx", "docs/b.docx"])
def test_zip_bomb(run: Run, name: str) -> None:
    bomb = office.with_member(MADE[name], "customXml/item1.xml", bytes(64 << 20))  # 64 MiB of zeros
    assert unreadable(run, name, bomb).endswith("times its size: not read (a ZIP bomb?)")
    big = unreadable(run, name, MADE[name], profile_extra="limits: {max_unpacked_bytes: 2000}\n")
    assert "more than limits.max_unpacked_bytes (2,000)" in big


@pytest.mark.parametrize(
    ("name", "part"), [("tables/b.xlsx", SHEET), ("docs/b.docx", "word/document.xml")]
)
def test_zip_bomb_that_declares_a_small_size(run: Run, name: str, part: str) -> None:
    # A part that unpacks to more than it declares is cut at what it declares, and is damaged.
    with_zeros = office.with_member(MADE[name], part, b"<x>" + bytes(64 << 20), stored=False)
    assert unreadable(run, name, office.lying(with_zeros, part, 1000)).startswith("damaged: ")


def test_deflate_bomb_in_a_pdf(run: Run) -> None:
    zeros = zlib.compress(bytes(200 << 20), 9)  # a page's content stream of 200 MiB
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(zeros), zeros)
    bomb = office.raw_pdf([["id: D-3", "Quality"]])
    start = bomb.index(b"4 0 obj\n") + len(b"4 0 obj\n")
    bomb = bomb[:start] + stream + bomb[bomb.index(b"\nendobj", start) :]  # pypdf repairs offsets
    finding = run({"docs/b.pdf": bomb})["H-DOC"]
    assert (finding.outcome, finding.error) == ("nonconform", "")
    assert finding.message == (
        "docs/b.pdf: cannot be read as evidence: a stream of the PDF unpacks to more than pypdf "
        "reads: not read (a decompression bomb?)"
    )


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("tables/b.xlsx", DOCUMENT, "a Word document, not an Excel workbook"),
        ("tables/b.xlsx", b"id,date,note\nT-2,2026-02-01,aa\n", "text, not an Excel workbook"),
        ("docs/b.docx", REGISTER, "an Excel workbook, not a Word document"),
        ("docs/b.docx", PDF, "a PDF, not a Word document"),
        ("docs/b.pdf", DOCUMENT, "a Word document, not a PDF"),
        ("docs/b.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary data, not a PDF"),
    ],
)
def test_mislabelled_extension(run: Run, name: str, data: bytes, what: str) -> None:
    assert unreadable(run, name, data).startswith(f"the file is {what} as its suffix")


def test_huge_sheet_is_read_up_to_the_row_limit(run: Run) -> None:
    rows = [["id", "date", "note"], *([f"T-{i}", dt.date(2026, 1, 1), "a"] for i in range(50))]
    finding = run(
        {"tables/b.xlsx": office.workbook({"R": rows})}, profile_extra="limits: {max_rows: 10}\n"
    )
    assert "tables/b.xlsx: only the first 10 rows were read" in finding["H-TABLE"].details


def test_sheet_whose_cells_claim_the_far_corner(run: Run) -> None:
    # A dimension of the whole grid, a cell in column XFD and one in a row past Excel's last.
    sheet = office.replaced(
        REGISTER, SHEET, b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>'
    )
    sheet = office.replaced(
        sheet,
        SHEET,
        b"</sheetData>",
        b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>far</t></is></c></row>'
        b'<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>T-9</t></is></c></row>'
        b"</sheetData>",
    )
    finding = run({"tables/b.xlsx": sheet})["H-TABLE"]
    assert finding.outcome == "conform", finding.message
    # the records are read as wide as the header: the far cell is never even made a row
    assert (
        "tables/b.xlsx: sheet Register: rows after row 1,048,576 were not read" in finding.details
    )


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def laughing(name: str, part: str, text: bytes) -> bytes:
    """The file with its part declaring a billion laughs, and `text` in it saying them."""
    xml = zipfile.ZipFile(io.BytesIO(MADE[name])).read(part)
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return office.with_member(MADE[name], part, LAUGHS + body.replace(text, b"&lol9;", 1))


def test_billion_laughs_in_a_workbook(run: Run) -> None:
    # a workbook's XML that declares a DTD is refused before any entity in it is declared
    bomb = laughing("tables/b.xlsx", SHEET, b"<t>aa</t>")
    assert unreadable(run, "tables/b.xlsx", bomb).startswith("damaged: ")


def test_billion_laughs_in_a_word_document(run: Run) -> None:
    # python-docx parses with lxml, which does not resolve entities: they are not text at all
    findings = run({"docs/b.docx": laughing("docs/b.docx", "word/document.xml", b"Quality")})
    assert findings["H-DOC"].error == findings["H-TEXT"].error == ""
    assert not any("lollol" in str(f.to_dict()) for f in findings.values())


def test_links_macros_and_actions_are_never_followed(
    run: Run, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    connections: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        connections.append(args)
        raise OSError("no network in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    # a formula that reads another workbook on a server, with the value Excel saved for it
    linked = office.replaced(
        REGISTER,
        SHEET,
        b'<c r="C2" t="inlineStr"><is><t>aa</t></is></c>',
        b'<c r="C2" t="str"><f>\'http://127.0.0.1:9/[x.xlsx]S\'!A1</f><v>aa</v></c>',
    )
    macro = office.with_member(
        linked, "xl/vbaProject.bin", b'Sub Auto_Open()\nShell "touch pwned"\nEnd Sub'
    )
    action = office.raw_pdf(
        [["id: D-3", "Quality"]],
        catalog=b"/OpenAction << /S /URI /URI (http://127.0.0.1:9/beacon) >> ",
    )
    findings = run({"tables/b.xlsm": macro, "docs/b.pdf": action})
    assert findings["H-TABLE"].outcome == "conform" and findings["H-DOC"].outcome == "conform"
    assert connections == []
    assert not (folder / "pwned").exists() and not Path("pwned").exists()

    def state() -> dict[Path, tuple[bytes, int]]:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}

    before = state()
    isocheck.evaluate(folder)
    assert state() == before  # the evidence folder is read, never written
