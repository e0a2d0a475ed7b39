"""Office files for tests, made by the libraries that read them: workbooks with openpyxl, Word
documents with python-docx, and PDFs written by hand (the smallest valid file, text in Helvetica)
with pypdf adding an outline, properties or a password."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any


def workbook(
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merged: dict[str, Iterable[str]] | None = None,
    hidden: Iterable[str] = (),
) -> bytes:
    """A workbook with a sheet per entry (rows of values, in order), `merged` ranges per sheet
    ("A1:C1") and the `hidden` sheets hidden."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cells in (merged or {}).get(title, ()):
            sheet.merge_cells(cells)
        if title in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_shared_strings(data: bytes) -> bytes:
    """The workbook with the text of its cells in a shared string table, as Excel saves it
    (openpyxl writes each string in its cell): the same entries, rich text runs and all."""
    table: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match[3], len(table))
        return b'<c %st="s"%s><v>%d</v></c>' % (match[1], match[2], index)

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                content = _INLINE.sub(shared, content)
            elif member.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(member, content)
        entries = b"".join(b"<si>%s</si>" % entry for entry in table)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">'
            b"%s</sst>" % (_MAIN, len(table), len(table), entries),
        )
    return out.getvalue()


def word(blocks: Iterable[tuple[str, Any]], *, properties: dict[str, Any] | None = None) -> bytes:
    """A Word document of blocks in order: ("title", text), ("heading1" .. "heading6", text),
    ("text", text), ("bullet", text), ("table", rows of cell texts); core `properties` set."""
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "title":
            document.add_paragraph(content, style="Title")
        elif kind.startswith("heading"):
            document.add_heading(content, int(kind[len("heading") :]))
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=0, cols=max(len(row) for row in content))
            for row in content:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
        else:
            document.add_paragraph(content)
    for name, value in (properties or {}).items():
        setattr(document.core_properties, name, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def raw_pdf(pages: Sequence[Sequence[str]], catalog: bytes = b"") -> bytes:
    """The smallest valid PDF with these pages, each a list of lines of text (none: an image);
    `catalog` adds entries to its catalog (an action to run on opening, say)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        ops = ["BT /F1 12 Tf 72 760 Td 16 TL", *(f"{_pdf_string(line)} Tj T*" for line in lines)]
        stream = "\n".join([*ops, "ET"]).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects)
        )
        kids.append(len(objects))
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    objects[1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf(
    pages: Sequence[Sequence[str]],
    *,
    outline: Iterable[tuple[int, str, int]] = (),
    metadata: dict[str, str] | None = None,
    password: str | None = None,
) -> bytes:
    """A PDF of these pages, with an outline of (level, title, page index), properties such as
    {"/Title": ...}, and encrypted with `password` ("" opens without one)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw_pdf(pages))))
    parents: dict[int, Any] = {}
    for level, title, page in outline:
        parents[level] = writer.add_outline_item(
            title=title, page_number=page, parent=parents.get(level - 1)
        )
    if metadata:
        writer.add_metadata(metadata)
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_member(data: bytes, name: str, content: bytes, *, stored: bool = False) -> bytes:
    """A ZIP container with one member added or replaced (a bomb, a cached value)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        kind = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        target.writestr(zipfile.ZipInfo(name), content, compress_type=kind)
    return out.getvalue()


def lying(data: bytes, name: str, size: int) -> bytes:
    """A ZIP container whose member `name` declares an unpacked size of `size` bytes, whatever
    it really unpacks to (a bomb that hides from a check of declared sizes)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    out = bytearray(data)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    entry = out.find(b"PK\x01\x02")
    while entry != -1:
        length = int.from_bytes(out[entry + 28 : entry + 30], "little")
        if out[entry + 46 : entry + 46 + length] == name.encode():
            out[entry + 24 : entry + 28] = size.to_bytes(4, "little")
            return bytes(out)
        entry = out.find(b"PK\x01\x02", entry + 4)
    raise AssertionError(f"no directory entry for {name}")


def replaced(data: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """A ZIP container with `old` replaced by `new` in one member."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        content = source.read(name)
    assert old in content, (name, old)
    return with_member(data, name, content.replace(old, new))


# An OLE compound file as Office writes a password-protected document: its magic number and,
# among its directory entries, the stream EncryptedPackage (in UTF-16).
ENCRYPTED_OFFICE = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + bytes(504)
    + "EncryptionInfo".encode("utf-16-le")
    + bytes(50)
    + "EncryptedPackage".encode("utf-16-le")
    + bytes(1024)
)
OLD_BINARY_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)  # an .xls or .doc
