"""Evidence kept in Office files: Excel workbooks (.xlsx, .xlsm), Word documents (.docx), PDFs.

The built-in plugin "isocheck-office" registers these loaders through `isocheck_register_loaders`,
the hook a third party uses. They need the libraries of the extra `pip install 'isocheck[office]'`
(openpyxl, python-docx, pypdf); without it, a file that a profile maps is a finding that says so.

Every file is looked at before a library parses it: content that is not what its suffix says, a
password-protected or old binary Office file (an OLE compound file), and for the ZIP-based formats
the number of members, their declared unpacked size and compression ratio (a ZIP bomb is a
finding, not an exhausted memory). Nothing in a file is evaluated or followed: a formula is read
as the value Excel last saved, macros and external links are never loaded, nothing is fetched.

- A workbook is a table: the rows of one sheet under its header row, typed (dates, numbers,
  booleans), each row's place "sheet Risks, row 14". Its XML is streamed by
  `isocheck.loaders.xlsx` (the values openpyxl's read-only mode gives, much faster), which
  refuses any part that declares a DTD; openpyxl decides which number formats are dates.
- A Word document is a document: its headings (Title, Heading 1-6) and text, as Markdown would
  give them, its tables as rows of text; document control fields from a two-column table at its
  top (read like front matter), else from its properties (title, revision, author, last modified).
- A PDF is a document: its text page by page, headings from its outline (bookmarks), fields from
  its properties and from "Key: value" lines at the top of its first page.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import io
import logging
import re
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from isocheck.loaders import (
    Heading,
    LoaderRegistry,
    LoadLimits,
    ParsedFile,
    Row,
    control_field,
    key_value_rows,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph
    from pypdf import PdfReader

    from isocheck.loaders.xlsx import Sheet

EXTRA = "pip install 'isocheck[office]'"
WORKBOOK_SUFFIXES = [".xlsx", ".xlsm"]

# ZIP containers (workbooks and Word documents), checked before any library parses them.
MAX_MEMBERS = 10_000  # an Office file has tens of parts; a workbook with many sheets, hundreds
MAX_RATIO = 100  # unpacked / packed size of one member; sheet XML packs 5 to 30 times, bombs 1000
RATIO_FLOOR = 1 << 20  # a member under 1 MiB unpacked may pack as tightly as it likes
EXCEL_ROWS = 1_048_576  # the last row a sheet can have: a row number beyond it is no workbook's
MAX_MERGES = 10_000  # merged ranges of a sheet that are read; more are a note
MAX_PAGES = 2_000  # pages of a PDF whose text is read; more are a note
MAX_TEXT = 20_000_000  # characters of text read from a document; more are a note

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: encrypted OOXML, or .xls/.doc
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML file holds
# What a ZIP container is, by the folder of its main part.
_CONTAINERS = (("xl/", "an Excel workbook"), ("word/", "a Word document"), ("ppt/", "a PowerPoint"))


# --- registration ------------------------------------------------------------------------------


def register(registry: LoaderRegistry) -> None:
    """The Office loaders, registered by isocheck's plugin host as the plugin 'isocheck-office'
    (through the same isocheck_register_loaders hook a third party implements)."""
    registry.register("excel", WORKBOOK_SUFFIXES, load_workbook)
    registry.register("word", [".docx"], load_word)
    registry.register("pdf", [".pdf"], load_pdf)


LIBRARIES = {"excel": "openpyxl", "word": "docx", "pdf": "pypdf"}  # loader name -> library


def missing() -> list[str]:
    """The loaders of this plugin whose library is not installed (the office extra is not)."""
    return [
        name for name, library in LIBRARIES.items() if importlib.util.find_spec(library) is None
    ]


def _ready(parsed: ParsedFile, fmt: str, library: str) -> bool:
    """Whether the library that reads the format is installed; if not, the finding says which
    extra to install. Imported here first, so a library that is missing is no loader's crash."""
    parsed.format = fmt
    try:
        importlib.import_module(library)
    except ImportError:
        suffix = PurePosixPath(parsed.path).suffix.lower()
        parsed.error = f"reading {suffix} files needs isocheck's office extra: {EXTRA}"
        return False
    return True


# --- what the bytes are --------------------------------------------------------------------------


def _what(data: bytes) -> str:
    """What a file's bytes are, as a reader would name it."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            return "a damaged ZIP archive"
        for folder, kind in _CONTAINERS:
            if any(name.startswith(folder) for name in names):
                return kind
        if "mimetype" in names:
            return "an OpenDocument file"
        return "a ZIP archive"
    if data.startswith(_OLE):
        return "an old binary Office file (.xls or .doc)"
    if b"%PDF-" in data[:1024]:
        return "a PDF"
    if not data.strip():
        return "empty"
    sample = data[:4096]
    if b"\x00" in sample:
        return "binary data"
    return "text"


def _mislabelled(parsed: ParsedFile, data: bytes, kind: str) -> None:
    suffix = PurePosixPath(parsed.path).suffix.lower()
    what = _what(data)
    if what == "empty":
        parsed.error = f"the file is empty: it is not {kind}"
        return
    parsed.error = (
        f"the file is {what}, not {kind} as its suffix {suffix} says; save it in the format its "
        "name says, or give it the suffix of what it is"
    )


def _protected(parsed: ParsedFile, data: bytes, kind: str) -> bool:
    """Whether the file is an OLE compound file where an Office Open XML file was expected (a
    finding either way: a password-protected file, or the old binary format under a new name)."""
    if not data.startswith(_OLE):
        return False
    if _ENCRYPTED in data:
        parsed.error = (
            f"{kind} protected by a password (encrypted), which isocheck cannot read; keep a "
            "copy without the password as the evidence"
        )
    else:
        old = ".xls" if kind == "an Excel workbook" else ".doc"
        parsed.error = (
            f"the file is in the old binary format ({old}), not {kind} as its suffix says; save "
            f"it again in the current format ({PurePosixPath(parsed.path).suffix.lower()})"
        )
    return True


def _container(parsed: ParsedFile, data: bytes, limits: LoadLimits, kind: str, main: str) -> bool:
    """Whether `data` is a ZIP container of `kind` (its main part under the folder `main`) that a
    library may parse: not protected, not mislabelled, not damaged, not a bomb. Else a finding."""
    if _protected(parsed, data, kind):
        return False
    if not data.startswith(b"PK\x03\x04"):
        _mislabelled(parsed, data, kind)
        return False
    # Counted before zipfile lists them: a directory of a million entries costs memory too.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        parsed.error = f"{kind} of more than {MAX_MEMBERS} parts: not read (a ZIP bomb?)"
        return False
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        parsed.error = (
            f"damaged: not readable as {kind} (cut short in a copy or a download?); open it in "
            "its program and save it again"
        )
        return False
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        parsed.error = (
            f"{kind} that unpacks to {unpacked:,} bytes, more than limits.max_unpacked_bytes "
            f"({limits.max_unpacked_bytes:,}): not read (a ZIP bomb?); raise the limit in the "
            "profile if this is really evidence"
        )
        return False
    for member in members:
        if member.flag_bits & 0x1:
            parsed.error = f"{kind} with an encrypted part ({member.filename}): not read"
            return False
        packed = max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * packed:
            parsed.error = (
                f"{kind} with a part ({member.filename}) that unpacks to "
                f"{member.file_size // packed:,} times its size: not read (a ZIP bomb?)"
            )
            return False
    if not any(member.filename.startswith(main) for member in members):
        _mislabelled(parsed, data, kind)
        return False
    return True


def _reason(exc: BaseException) -> str:
    """A library's exception as a short reason: its first line, its type when it says nothing."""
    text = str(exc).strip().split("\n", 1)[0][:200]
    return text or type(exc).__name__


# --- workbooks ------------------------------------------------------------------------------------


def load_workbook(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    """One sheet of an Excel workbook as a table: `parsed.options` may name the sheet (`sheet`,
    a name or a number from 1) and the header row (`header_row`, as Excel numbers rows)."""
    if not _ready(parsed, "xlsx", "openpyxl") or not _container(
        parsed, data, limits, "an Excel workbook", "xl/"
    ):
        return
    from isocheck.loaders.xlsx import Workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # listed already, by _container
        try:
            book = Workbook(archive)
        except Exception as exc:  # a damaged archive or part fails in many ways
            parsed.error = f"damaged: cannot be read as an Excel workbook ({_reason(exc)})"
            return
        try:
            sheet = _sheet(parsed, book.worksheets)
            if sheet is not None:
                _read_sheet(parsed, sheet, limits)
        except Exception as exc:  # a damaged sheet surfaces only while it is read
            parsed.rows, parsed.header = None, ()
            parsed.error = f"damaged: a sheet cannot be read ({_reason(exc)})"


def _sheet(parsed: ParsedFile, sheets: list[Sheet]) -> Sheet | None:
    """The sheet the profile names, or the first that is not hidden."""
    names = ", ".join(repr(s.title) for s in sheets[:20]) + (" ..." if len(sheets) > 20 else "")
    wanted = parsed.options.get("sheet")
    if wanted is None:
        visible = [s for s in sheets if s.sheet_state == "visible"]
        if visible:
            return visible[0]
        parsed.error = f"the workbook has no sheet of cells that is not hidden; its sheets: {names}"
        return None
    parsed.error_option = "sheet"
    if isinstance(wanted, int):
        if 1 <= wanted <= len(sheets):
            parsed.error_option = ""
            return sheets[wanted - 1]
        named = [s.title for s in sheets if s.title.strip() == str(wanted)]
        parsed.error = f"sheet {wanted}: the workbook has {len(sheets)} sheet(s): {names}" + (
            f'; for the sheet named {named[0]!r}, quote its name: sheet: "{wanted}"'
            if named
            else ""
        )
        return None
    for same in (str.__eq__, _same_name):
        found = [s for s in sheets if same(s.title, str(wanted))]
        if found:
            parsed.error_option = ""
            return found[0]
    parsed.error = f"the workbook has no sheet named {wanted!r}; its sheets: {names}"
    return None


def _same_name(a: str, b: str) -> bool:
    """Sheet names as Excel compares them: whatever their case (and here, their outer spaces)."""
    return a.strip().casefold() == b.strip().casefold()


def _cell(value: Any) -> Any:
    """A cell's value as evidence: text trimmed, a date at midnight a date, numbers, booleans and
    other dates and times as they are, nothing as an empty string (as a CSV's empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() and value.tzinfo is None else value
    if isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return str(value)


Merge = tuple[int, int, int, int]  # a merged range: top, left, bottom, right (1-based)
HEAD_ROWS = 64  # rows at the top of a sheet among which its header is looked for
MAX_DEPTH = 5  # rows a header may span (a name merged down over sub-names)


def _read_sheet(parsed: ParsedFile, sheet: Sheet, limits: LoadLimits) -> None:
    """The sheet's records under its header, in two passes: the top rows, as wide as the column
    limit, to find the header; then the rows under it, as wide as the header (a cell in the
    sheet's last column is parsed, never kept). The dimension a sheet declares may be anything
    (A1:XFD1048576): what is there is read."""
    title = sheet.title
    merges = _merged_ranges(parsed, sheet)
    top = _top_rows(parsed, sheet, limits)
    present = {n: len(cells) - cells.count(None) for n, cells in top.items()}  # before merging
    if not _fill_merged(top, merges, limits.max_columns):
        parsed.notes.append(f"sheet {title}: not every merged range was read as merged")
    header_at = _header_row(parsed, title, top, present, parsed.options.get("header_row"))
    if header_at is None:
        return
    depth = max(
        [b - t + 1 for t, _, b, _ in merges if t == header_at and b > t and b - t < MAX_DEPTH],
        default=1,
    )
    names = _names(top, header_at, depth)
    while names and not names[-1]:
        names.pop()
    if len(names) > limits.max_columns:
        parsed.notes.append(f"sheet {title}: only the first {limits.max_columns} columns were read")
        names = names[: limits.max_columns]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        parsed.error_place = f"sheet {title}, row {header_at}"
        parsed.error = (
            f"duplicate column name(s) in the header: {', '.join(duplicates)}; name each column "
            "once (a name merged across columns names each of them), or set header_row to the "
            "row that does"
        )
        return
    parsed.header = tuple(n for n in names if n)
    parsed.rows = _records(parsed, sheet, limits, names, header_at + depth, top, merges)
    if not parsed.rows:
        parsed.notes.append(f"sheet {title}: a header and no rows")


def _rows(sheet: Sheet, first: int, width: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows that are not empty from row `first` on, `width` cells each, with their numbers,
    up to the last row a sheet can have."""
    for number, values in sheet.rows(first, width):
        if number > EXCEL_ROWS:
            raise _PastTheLastRow
        if values and values.count(None) < width:
            yield number, values


class _PastTheLastRow(Exception):
    """A row numbered past the last row a sheet can have: the sheet is read up to there."""


def _top_rows(parsed: ParsedFile, sheet: Sheet, limits: LoadLimits) -> dict[int, list[Any]]:
    """The rows among which the header is (and those a name may be merged down from)."""
    wanted = parsed.options.get("header_row")
    top: dict[int, list[Any]] = {}
    try:
        for number, values in _rows(sheet, 1, limits.max_columns + 1):
            if wanted is not None:
                if number >= wanted + MAX_DEPTH:
                    break
                if number < wanted - HEAD_ROWS:
                    continue
            elif len(top) >= HEAD_ROWS + MAX_DEPTH:
                break
            top[number] = list(values)
    except _PastTheLastRow:
        pass
    return top


def _records(
    parsed: ParsedFile,
    sheet: Sheet,
    limits: LoadLimits,
    names: list[str],
    first: int,
    top: dict[int, list[Any]],
    merges: list[Merge],
) -> list[Row]:
    """The rows from `first` on as records of the named columns, typed, each with its place."""
    title, width = sheet.title, len(names)
    named = [(i, n) for i, n in enumerate(names) if n]
    nameless = [i for i, n in enumerate(names) if not n]
    down = _MergedDown([m for m in merges if m[2] >= first and m[1] <= width], top, width)
    unnamed: list[int] = []
    records: list[Row] = []
    try:
        for number, values in _rows(sheet, first, width + 1):
            if len(records) >= limits.max_rows:
                parsed.notes.append(f"only the first {limits.max_rows} rows were read")
                break
            cells = down.fill(number, values)
            if cells[width] is not None or any(cells[i] is not None for i in nameless):
                unnamed.append(number)
            fields = {n: _cell(cells[i]) for i, n in named}
            if any(value != "" for value in fields.values()):
                records.append(Row(fields, None, place=f"sheet {title}, row {number}"))
    except _PastTheLastRow:
        parsed.notes.append(f"sheet {title}: rows after row {EXCEL_ROWS:,} were not read")
    if not down.complete:
        parsed.notes.append(f"sheet {title}: not every merged range was read as merged")
    if unnamed:
        listed = ", ".join(str(n) for n in unnamed[:5]) + (" ..." if len(unnamed) > 5 else "")
        parsed.notes.append(
            f"sheet {title}: cells under no column name were not read (rows {listed})"
        )
    return records


class _MergedDown:
    """Ranges merged down over the records: each record in one reads the range's value in its
    columns, as Excel shows it. Fed the rows in order, top to bottom."""

    def __init__(self, merges: list[Merge], top: dict[int, list[Any]], width: int) -> None:
        self._waiting = sorted(merges, reverse=True)  # by top row, the next one last
        self._active: list[tuple[Merge, Any]] = []
        self._top = top
        self._width = width
        self._work = 50 * MAX_MERGES * MAX_DEPTH  # overlapping ranges (no valid workbook's)
        self.complete = True

    def fill(self, number: int, values: list[Any]) -> list[Any]:
        while self._waiting and self._waiting[-1][0] <= number:
            merge = self._waiting.pop()
            above = self._top.get(merge[0])
            value = above[merge[1] - 1] if above is not None else None
            if merge[0] == number:
                value = values[merge[1] - 1]
            self._active.append((merge, value))
        self._active = [(m, v) for m, v in self._active if m[2] >= number and v is not None]
        if not self._active:
            return values
        cells = list(values)
        for (_, left, _, right), value in self._active:
            self._work -= 1
            if self._work < 0:
                self.complete = False
                return cells
            for column in range(left - 1, min(right, self._width)):
                if cells[column] is None:
                    cells[column] = value
        return cells


_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"\$?([A-Z]{1,3})\$?([0-9]{1,7})"
    rb"(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?\""
)


def _merged_ranges(parsed: ParsedFile, sheet: Sheet) -> list[Merge]:
    """The sheet's merged ranges as (top, left, bottom, right), 1-based, taken from the sheet's
    XML, where they follow the cells."""
    from openpyxl.utils import column_index_from_string

    block = b""
    with sheet.source() as stream:
        tail = b""
        while chunk := stream.read(1 << 20):
            if not block:
                data = tail + chunk
                at = data.find(b"mergeCells")
                if at == -1:
                    tail = data[-16:]
                    continue
                block = data[at:]
            else:
                block += chunk
            if block.find(b"mergeCells", 10) != -1 or len(block) > 64 * MAX_MERGES:
                break
    ranges: list[Merge] = []
    for match in _MERGE.finditer(block):
        if len(ranges) >= MAX_MERGES:
            parsed.notes.append(f"only the first {MAX_MERGES} merged ranges were read")
            break
        left, top = column_index_from_string(match[1].decode()), int(match[2])
        right = column_index_from_string(match[3].decode()) if match[3] else left
        bottom = int(match[4]) if match[4] else top
        ranges.append((top, left, max(top, bottom), max(left, right)))
    return ranges


def _fill_merged(rows: dict[int, list[Any]], merges: Iterable[Merge], max_columns: int) -> bool:
    """Every cell of a merged range in these rows reads as the range's value, as Excel shows it.
    False when ranges that overlap (no valid workbook's) used up the work allowed."""
    numbers = sorted(rows)
    work = 4 * sum(len(cells) for cells in rows.values()) + 100_000  # never more than the rows
    for top, left, bottom, right in merges:
        first = rows.get(top)
        if first is None or left > len(first) or first[left - 1] is None:
            continue
        value, right = first[left - 1], min(right, max_columns)
        for number in numbers[bisect_left(numbers, top) : bisect_right(numbers, bottom)]:
            cells = rows[number]
            cells.extend([None] * (right - len(cells)))
            for column in range(left - 1, right):
                if cells[column] is None:
                    cells[column] = value
            work -= right - left + 1
            if work < 0:
                return False
    return True


def _header_row(
    parsed: ParsedFile,
    title: str,
    rows: dict[int, list[Any]],
    present: dict[int, int],
    wanted: int | None,
) -> int | None:
    """The header row: the one the profile names, else the first naming two or more columns (a
    title above the table names one), else the first that is not empty."""
    if wanted is not None:
        if wanted in rows:
            return wanted
        parsed.error_option, parsed.error_place = "header_row", f"sheet {title}"
        parsed.error = f"header_row {wanted}: row {wanted} of sheet {title} is empty"
        return None
    if not rows:
        parsed.rows = []
        parsed.notes.append(f"sheet {title} is empty: no header row")
        return None
    return next((n for n in sorted(rows) if present[n] >= 2), min(rows))


def _names(rows: dict[int, list[Any]], top: int, depth: int) -> list[str]:
    """Column names: the header row's cells, or for a header of several rows (a name merged down
    over a row of sub-names) the distinct names from the top down: "Inherent risk Likelihood"."""
    header = [rows.get(n, []) for n in range(top, top + depth)]
    width = max(len(cells) for cells in header)
    names = []
    for column in range(width):
        parts: list[str] = []
        for cells in header:
            text = _text(cells[column]) if column < len(cells) else ""
            if text and text not in parts:
                parts.append(text)
        names.append(" ".join(parts))
    return names


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


# --- Word documents -------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"heading ([1-9])", re.IGNORECASE)


def load_word(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    """A Word document as a document: Markdown-like text with its headings, its tables as rows of
    text, and document control fields from a key/value table at its top or its properties."""
    if not _ready(parsed, "docx", "docx") or not _container(
        parsed, data, limits, "a Word document", "word/"
    ):
        return
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        _read_word(parsed, document)
    except Exception as exc:  # python-docx raises many kinds for a damaged or foreign file
        parsed.error = f"damaged: cannot be read as a Word document ({_reason(exc)})"


def _read_word(parsed: ParsedFile, document: WordDocument) -> None:
    from docx.table import Table

    lines: list[str] = []
    size = 0
    control: dict[str, str] | None = None
    places: dict[str, str] = {}
    tables = 0
    only_titles = True  # nothing but headings (and empty paragraphs) so far
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            cells = [_row_texts(row.cells) for row in block.rows]
            if only_titles and control is None:
                control, places = _key_values(cells, tables)
            only_titles = False
            lines += ["| " + " | ".join(row) + " |" for row in cells if any(row)]
            lines.append("")
            continue
        text = "\n".join(line.rstrip() for line in block.text.replace("\t", " ").split("\n"))
        if not text.strip():
            continue
        level = _heading_level(block)
        if level:
            parsed.headings.append(Heading(level, " ".join(text.split()), len(lines) + 1))
            lines += ["#" * level + " " + " ".join(text.split()), ""]
            continue
        only_titles = False
        style = (block.style.name if block.style is not None else "") or ""
        lines += [("- " if style.startswith("List") else "") + text, ""]
        size += len(text)
        if size > MAX_TEXT:
            parsed.notes.append(f"only the first {MAX_TEXT:,} characters were read")
            break
    parsed.text = "\n".join(lines)
    if control:
        parsed.fields, parsed.field_places = control, places
        return
    parsed.fields, parsed.field_places = _properties(document)
    if parsed.fields:
        parsed.notes.append(
            "no document control table at the top: fields read from the document's properties"
        )


def _row_texts(cells: Iterable[Any]) -> list[str]:
    """A table row's cell texts, a cell merged across columns once."""
    out: list[str] = []
    previous = None
    for cell in cells:
        if cell._tc is previous:  # python-docx repeats a merged cell for each column it spans
            continue
        previous = cell._tc
        out.append(" ".join(cell.text.split()))
    return out


def _heading_level(paragraph: Paragraph) -> int:
    """1-6 for a Title or Heading paragraph (a style based on one counts), else 0."""
    style = paragraph.style
    for _ in range(10):  # a style's base styles, as far as they go (never round a loop)
        if style is None:
            return 0
        name = style.name or ""
        if name == "Title":
            return 1
        match = _HEADING_STYLE.fullmatch(name)
        if match:
            return min(int(match.group(1)), 6)
        style = style.base_style
    return 0


def _key_values(rows: list[list[str]], table: int) -> tuple[dict[str, str] | None, dict[str, str]]:
    """Fields from a table of two columns, key and value (a document control block); None for a
    table that is not one (a revision history lists versions and dates where keys would be)."""
    pairs = key_value_rows(rows)
    if pairs is None:
        return None, {}
    fields = {name: value for name, value, _ in pairs}
    places = {name: f"table {table}, row {number + 1}" for name, _, number in pairs}
    return fields, places


def _properties(document: WordDocument) -> tuple[dict[str, Any], dict[str, str]]:
    core = document.core_properties
    found: dict[str, Any] = {
        "title": core.title,
        "version": str(core.revision) if core.revision else "",
        "author": core.author,
        "last_modified": _day(core.modified),
    }
    fields = {name: value for name, value in found.items() if value not in (None, "")}
    return fields, dict.fromkeys(fields, "document properties")


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# --- PDFs -----------------------------------------------------------------------------------------

_KEY_VALUE = re.compile(r"\s*([^\W\d][^:]{0,40}?)\s*:\s+(\S.*?)\s*")


def load_pdf(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    """A PDF as a document: its text page by page, headings from its outline, fields from its
    properties and the "Key: value" lines at the top of its first page."""
    if not _ready(parsed, "pdf", "pypdf"):
        return
    import pypdf

    # pypdf logs what it repairs in a damaged file; the finding says what matters, and the
    # warnings are not printed on the terminal of a run (they still reach logging's handlers).
    _quiet("pypdf")
    if b"%PDF-" not in data[:1024]:
        _mislabelled(parsed, data, "a PDF")
        return
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            parsed.error = (
                "encrypted: the PDF opens only with a password, which isocheck does not have; "
                "keep a copy without the password as the evidence"
            )
            return
        pages = [_page_text(page) for page in _pages(parsed, reader)]
    except pypdf.errors.LimitReachedError:
        parsed.error = (
            "a stream of the PDF unpacks to more than pypdf reads: not read (a decompression bomb?)"
        )
        return
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        parsed.error = f"damaged: cannot be read as a PDF ({_reason(exc)})"
        return
    if pages and not any(text.strip() for text in pages):
        parsed.error = (
            f"no text: its {len(pages)} page(s) are images (a scan?), which isocheck cannot read; "
            "keep the PDF the document was printed from, or one with recognized text (OCR), as "
            "the evidence"
        )
        return
    empty = [str(n) for n, text in enumerate(pages, start=1) if not text.strip()]
    if empty:
        parsed.notes.append(f"page(s) {', '.join(empty[:10])} have no text (images?)")
    _pdf_text(parsed, pages, _outline(reader))
    fields, places = _pdf_properties(reader)
    top, top_places = _top_fields(pages[0] if pages else "")
    # What the page says comes first (a finding names a document by its first field) and wins.
    parsed.fields = {**top, **{name: v for name, v in fields.items() if name not in top}}
    parsed.field_places = {**places, **top_places}


def _quiet(name: str) -> None:
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def _opens_without_password(reader: PdfReader) -> bool:
    """Whether an encrypted PDF opens with the empty password (it only restricts printing or
    copying), as every PDF viewer opens it."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an encryption pypdf cannot undo without further libraries
        return False


def _pages(parsed: ParsedFile, reader: PdfReader) -> Iterator[Any]:
    for number, page in enumerate(reader.pages, start=1):
        if number > MAX_PAGES:
            parsed.notes.append(f"only the first {MAX_PAGES} pages were read")
            return
        yield page


def _page_text(page: Any) -> str:
    text = page.extract_text() or ""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))


def _outline(reader: PdfReader) -> dict[int, list[tuple[int, str]]]:
    """Page index -> the outline's entries on it (level, title), in the outline's order."""
    found: dict[int, list[tuple[int, str]]] = {}

    def walk(entries: Any, level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(entry)
            except Exception:  # an entry pointing nowhere in a damaged outline
                continue
            title = " ".join(str(getattr(entry, "title", "") or "").split())
            if page is not None and page >= 0 and title:
                found.setdefault(page, []).append((min(level, 6), title))

    try:
        walk(reader.outline, 1)
    except Exception:  # an outline too damaged to walk: no headings, the text as it is
        return {}
    return found


def _pdf_text(
    parsed: ParsedFile, pages: list[str], outline: dict[int, list[tuple[int, str]]]
) -> None:
    """The pages' text, each outline entry made a heading at the line that says it (or at the
    top of its page where no line does)."""
    lines: list[str] = []
    size = 0
    for index, text in enumerate(pages):
        page = text.split("\n")
        headings: dict[int, tuple[int, str]] = {}  # line of the page -> its heading
        start = 0
        for level, title in outline.get(index, []):
            wanted = title.casefold()
            at = next(
                (i for i in range(start, len(page)) if _folded(page[i]).startswith(wanted)), None
            )
            if at is None:  # the title is not printed as in the outline: put it where it starts
                page.insert(start, title)
                at = start
            headings[at] = (level, title)
            page[at] = "#" * level + " " + title
            start = at + 1
        for i, line in enumerate(page):
            if i in headings:
                parsed.headings.append(Heading(*headings[i], len(lines) + 1))
            lines.append(line)
        lines.append("")
        size += len(text)
        if size > MAX_TEXT:
            parsed.notes.append(f"only the first {MAX_TEXT:,} characters were read")
            break
    parsed.text = "\n".join(lines)


def _folded(line: str) -> str:
    return " ".join(line.split()).casefold()


def _pdf_properties(reader: PdfReader) -> tuple[dict[str, Any], dict[str, str]]:
    try:
        info = reader.metadata
        found: dict[str, Any] = (
            {
                "title": info.title,
                "author": info.author,
                "last_modified": _day(info.modification_date),
            }
            if info is not None
            else {}
        )
    except Exception:  # properties written wrongly (a date pypdf cannot read): none
        return {}, {}
    fields = {name: " ".join(v.split()) if isinstance(v, str) else v for name, v in found.items()}
    fields = {name: value for name, value in fields.items() if value not in (None, "")}
    return fields, dict.fromkeys(fields, "document properties")


def _top_fields(first_page: str) -> tuple[dict[str, str], dict[str, str]]:
    """Fields from "Key: value" lines at the top of the first page (a document control block
    printed with the document), before its first paragraph of prose."""
    fields: dict[str, str] = {}
    for line in first_page.split("\n")[:40]:
        match = _KEY_VALUE.fullmatch(line)
        if match is None:
            if fields and len(line.split()) > 12:
                break  # prose: the block is over
            continue
        name = control_field(match[1])
        fields.setdefault(name, match[2])
    return fields, dict.fromkeys(fields, "page 1")
