"""Excel workbooks read straight from their XML parts: the sheets a workbook has, and the cells of
one sheet streamed row by row.

openpyxl's read-only mode makes an object of every cell, and to open a workbook it parses every
sheet that does not declare its dimension up front (openpyxl's own files do not) from end to end.
This reads the parts with expat, doing as little in Python per element as it can, one chunk of
the unpacked sheet at a time, and gives each cell the value openpyxl's read-only
`iter_rows(values_only=True)` gives with `data_only=True`: shared strings (rich text as its runs'
text), inline strings, numbers (an int unless written with a point or an exponent), booleans,
errors (their text, "#N/A"), dates and times by the number format of the cell's style (the
built-in date formats and the workbook's own, in the 1900 or the 1904 date system), a formula's
value as last saved (the formula never read, let alone evaluated), None for an empty cell. Which
format is a date and how a serial number becomes one is decided by openpyxl's own functions.

Nothing is expanded or fetched: a part that declares a DTD (`<!DOCTYPE`) is refused before any
declaration in it is read, so no entity is ever defined, and expat loads nothing external.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

CHUNK = 1 << 14  # bytes of unpacked XML parsed at a time: the rows made of them wait in memory

# Names as expat gives them with namespace processing: "namespace name".
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_CELL, _VALUE, _INLINE, _TEXT, _ROW = (_MAIN + n for n in ("c", "v", "is", "t", "row"))
_PHONETIC, _STRING = _MAIN + "rPh", _MAIN + "si"
_SHEET, _WORKBOOK_PR = _MAIN + "sheet", _MAIN + "workbookPr"
_NUM_FMTS, _NUM_FMT, _CELL_XFS, _XF = (_MAIN + n for n in ("numFmts", "numFmt", "cellXfs", "xf"))
# The lists of a style sheet that hold number formats or styles (<xf>, <numFmt>).
_STYLE_LISTS = {_MAIN + n for n in ("numFmts", "cellStyleXfs", "cellXfs", "dxfs")}
_RELATION_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types "
_OVERRIDE, _DEFAULT = _TYPES + "Override", _TYPES + "Default"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_MACRO = "application/vnd.ms-excel."
# The content types of a workbook's main part, in the order openpyxl looks for them.
_WORKBOOK_TYPES = (
    _MACRO + "template.macroEnabled.main+xml",
    _OFFICE + "template.main+xml",
    _MACRO + "sheet.macroEnabled.main+xml",
    _OFFICE + "sheet.main+xml",
)
_SHARED_STRINGS = _OFFICE + "sharedStrings+xml"
_STYLES = "xl/styles.xml"  # where openpyxl reads styles from, whatever the relationships say
_DIGITS = "0123456789"
_MEMO = 4096  # entries of a cache of values that repeat (styles, dates): no more than these


class UnsafeXML(ValueError):
    """A part that declares a DTD: refused before anything in it is read."""


def _refuse(*_: object) -> None:
    raise UnsafeXML("its XML declares a DTD (<!DOCTYPE ...>), which no workbook has: not read")


def _parser() -> expat.XMLParserType:
    """An expat parser that names elements by namespace and refuses any DTD."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse  # only a DTD declares entities: refused already
    parser.buffer_text = True
    return parser


def _parse(
    archive: zipfile.ZipFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Parse one part of the archive with these handlers, streaming."""
    parser = _parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    with archive.open(part) as stream:
        parser.ParseFile(stream)


class Sheet:
    """A sheet of cells: its name, whether it is hidden ("visible", "hidden", "veryHidden"),
    the part of the archive that holds its XML, and its cells by `rows`."""

    def __init__(self, book: Workbook, title: str, sheet_state: str, part: str) -> None:
        self.book, self.title, self.sheet_state, self.part = book, title, sheet_state, part

    def source(self) -> IO[bytes]:
        """The sheet's XML as it unpacks, to be closed after use."""
        return self.book.archive.open(self.part)

    def rows(self, first: int, width: int) -> Iterator[tuple[int, list[Any]]]:
        """The rows of the sheet from row `first` on, each with its number and its first
        `width` values, as openpyxl's read-only `iter_rows(min_row=first, max_col=width,
        values_only=True)` gives them but without the empty rows that stand in for numbers the
        sheet skips; a row of no value in the first `width` columns is an empty list. As in
        openpyxl, a row numbered at or below one before it is left out."""
        book = self.book
        return _rows(self.source(), book.strings(), book.styles(), book.epoch, first, width)


class Workbook:
    """The sheets of cells of the workbook in `archive`, in its order (chart sheets are not
    among them), each readable row by row with `rows`."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        overrides: list[tuple[str, str]] = []
        defaults: set[str] = set()

        def types(name: str, attrs: dict[str, str]) -> None:
            if name == _OVERRIDE:
                overrides.append((attrs.get("ContentType", ""), attrs.get("PartName", "")))
            elif name == _DEFAULT:
                defaults.add(attrs.get("ContentType", ""))

        _parse(archive, "[Content_Types].xml", types)
        main = next((p for kind in _WORKBOOK_TYPES for t, p in overrides if t == kind), None)
        if main is None:
            if not defaults.intersection(_WORKBOOK_TYPES):
                raise ValueError("no part of the archive is a workbook")
            main = "/xl/workbook.xml"
        strings = next((p for t, p in overrides if t == _SHARED_STRINGS), None)
        self._strings_part = strings[1:] if strings else None
        self._strings: list[str] | None = None
        self._styles: tuple[set[int], set[int]] | None = None
        self.epoch, self.worksheets = self._read_workbook(main[1:])

    def _read_workbook(self, part: str) -> tuple[dt.datetime, list[Sheet]]:
        sheets: list[tuple[str, str, str | None]] = []
        date1904: list[str] = []

        def workbook(name: str, attrs: dict[str, str]) -> None:
            if name == _SHEET:
                if "name" not in attrs:
                    raise ValueError("a sheet without a name")
                sheets.append(
                    (attrs["name"], attrs.get("state", "visible"), attrs.get(_RELATION_ID))
                )
            elif name == _WORKBOOK_PR and "date1904" in attrs:
                date1904.append(attrs["date1904"])

        _parse(self.archive, part, workbook)
        folder, base = posixpath.split(part)
        targets: dict[str, tuple[str, str]] = {}

        def relationships(name: str, attrs: dict[str, str]) -> None:
            if name == _RELATIONSHIP:
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") != "External":
                    target = (
                        target[1:]
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
                targets[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        _parse(self.archive, posixpath.join(folder, "_rels", base + ".rels"), relationships)
        names = set(self.archive.namelist())
        found = []
        for title, state, rid in sheets:
            if not rid:
                continue  # as openpyxl: a sheet that names no part is left out
            if rid not in targets:
                raise ValueError(f"the workbook lists a sheet it has no part for ({rid})")
            kind, target = targets[rid]
            if target in names and "chartsheet" not in kind:
                found.append(Sheet(self, title, state, target))
        # as openpyxl reads the flag: "false", "f" and "0" are false, any other text true
        mac = bool(date1904) and date1904[-1] not in ("false", "f", "0") and bool(date1904[-1])
        return (CALENDAR_MAC_1904 if mac else WINDOWS_EPOCH), found

    def strings(self) -> list[str]:
        """The shared string table, read once."""
        if self._strings is None:
            self._strings = _shared_strings(self.archive, self._strings_part)
        return self._strings

    def styles(self) -> tuple[set[int], set[int]]:
        """The styles of dates and of durations, read once."""
        if self._styles is None:
            self._styles = _date_styles(self.archive)
        return self._styles


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared string table: each entry's text, its rich text runs' text joined, phonetic
    guides left out, "x005F_" removed as openpyxl removes it."""
    strings: list[str] = []
    if part is None:
        return strings
    parts: list[str] = []
    reading = [False, False]  # within a text, within a phonetic guide

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _TEXT:
            reading[0] = not reading[1]
        elif name == _STRING:
            parts.clear()
        elif name == _PHONETIC:
            reading[1] = True

    def end(name: str) -> None:
        if name == _TEXT:
            reading[0] = False
        elif name == _STRING:
            strings.append("".join(parts).replace("x005F_", ""))
        elif name == _PHONETIC:
            reading[1] = False

    def text(data: str) -> None:
        if reading[0]:
            parts.append(data)

    _parse(archive, part, start, end, text)
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles (by index) whose number format is a date or time, and of those the ones
    that are a duration ("[h]:mm"), decided as openpyxl decides them."""
    if _STYLES not in archive.namelist():
        return set(), set()
    custom: dict[int, str | None] = {}
    formats: list[int] = []  # each cell style's number format, in order
    # The list last begun: the lists are siblings, so the one an entry is in.
    last = [""]

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _XF and last[0] == _CELL_XFS:
            formats.append(int(attrs.get("numFmtId", 0)))
        elif name == _NUM_FMT and last[0] == _NUM_FMTS:
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode")
        elif name in _STYLE_LISTS:
            last[0] = name

    _parse(archive, _STYLES, start)
    dates, durations = set(), set()
    for style, number in enumerate(formats):
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code):
            dates.add(style)
        if is_timedelta_format(code):
            durations.add(style)
    return dates, durations


def _column(ref: str, letters: str) -> int:
    """The column of a cell reference ("C7" is 3), as openpyxl reads it; else ValueError."""
    if len(letters) == len(ref):
        raise ValueError(f"a cell reference without a row: {ref!r}")
    return column_index_from_string(letters)


def _rows(
    stream: IO[bytes],
    strings: list[str],
    styles: tuple[set[int], set[int]],
    epoch: dt.datetime,
    first: int,
    width: int,
) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a sheet's XML (see Sheet.rows). The handlers keep their state in local
    variables and do the least they can: they run for every element of the sheet."""
    parser = _parser()
    done: list[tuple[int, list[Any]]] = []  # rows made from the chunk last parsed
    columns: dict[str, int] = {}  # a cell reference's letters -> its column
    dates: dict[str | None, bool | None] = {}  # a style as written -> a date? a duration?
    serials: dict[tuple[str, bool], Any] = {}  # a serial number and its kind -> its date
    number = 0  # the row's number
    expected = first  # rows numbered below this are left out
    keep = False  # whether the row is kept
    cells: list[Any] | None = None  # the row's values, once one is not None
    column = 0  # the column of the last cell
    kind: str = "n"  # the cell's type
    style: str | None = None
    ref: str | None = None
    value: str | None = None  # the text of the cell's <v>, once read
    inline: str | None = None  # the text of the cell's <is>, once read
    parts: list[str] = []  # text of the element being read
    reading = False  # whether text is read into `parts`
    within = False  # within the cell's <is>
    phonetic = False  # within a phonetic guide of <is>

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal kind, style, ref, value, inline, reading, within, phonetic
        nonlocal number, column, keep, cells
        if name == _CELL:
            ref = attrs.get("r")
            kind = attrs.get("t", "n")
            style = attrs.get("s")
            value = inline = None
            parts.clear()
        elif name == _VALUE:
            reading = value is None and not within
        elif name == _TEXT:
            reading = within and not phonetic
        elif name == _INLINE:
            within = True
            parts.clear()
        elif name == _ROW:
            r = attrs.get("r")
            if r is None:
                number += 1
            else:
                try:
                    number = int(r)
                except ValueError:
                    whole = float(r)
                    if not whole.is_integer():
                        raise ValueError(f"{r} is not a row number") from None
                    number = int(whole)
            keep = number >= expected
            column = 0
            cells = None
        elif name == _PHONETIC:
            phonetic = True

    def end(name: str) -> None:
        nonlocal value, inline, reading, within, phonetic, expected, column, cells
        if name == _CELL:
            if ref is None:
                column += 1
            else:
                letters = ref.rstrip(_DIGITS)
                at = columns.get(letters)
                if at is None or len(letters) == len(ref):
                    at = _column(ref, letters)
                    if len(columns) < _MEMO:
                        columns[letters] = at
                column = at
            if not keep or column > width:
                return
            cell: Any
            if kind == "inlineStr":
                cell = inline
            elif not value:
                cell = None
            elif kind == "n":
                # as openpyxl: "2" an int, "2.0" and "2E0" floats
                exact = "." not in value and "E" not in value and "e" not in value
                cell = int(value) if exact else float(value)
                duration = dates[style] if style in dates else style_date(style)
                if duration is not None:
                    cell = serial_date(cell, value, duration)
            elif kind == "s":
                cell = strings[int(value)]
            elif kind == "b":
                cell = bool(int(value))
            elif kind == "d":
                cell = from_ISO8601(value)  # type: ignore[no-untyped-call]
            else:  # "str" (a formula's text), "e" (an error) or a type of no known kind
                cell = value
            if cells is None:
                if cell is None:
                    return
                cells = [None] * width
            cells[column - 1] = cell
        elif name == _VALUE:
            if reading:
                value = "".join(parts)
                parts.clear()
                reading = False
        elif name == _TEXT:
            reading = False
        elif name == _INLINE:
            inline = "".join(parts)
            within = False
        elif name == _ROW:
            if keep:
                expected = number + 1
                done.append((number, cells if cells is not None else []))
        elif name == _PHONETIC:
            phonetic = False

    def text(data: str) -> None:
        if reading:
            parts.append(data)

    def style_date(raw: str | None) -> bool | None:
        """Whether a number in this style is a date (False) or a duration (True), else None."""
        index: int | str = 0 if raw is None else (int(raw) if raw else raw)
        found = (index in styles[1]) if index in styles[0] else None
        if len(dates) < _MEMO:
            dates[raw] = found
        return found

    def serial_date(serial: float, written: str, duration: bool) -> Any:
        """The date, time or duration of a serial number, as openpyxl makes it."""
        key = (written, duration)
        if key in serials:
            return serials[key]
        try:
            made = from_excel(serial, epoch, timedelta=duration)
        except (OverflowError, ValueError):
            made = "#VALUE!"  # as openpyxl: a date out of range is an error cell
        if len(serials) < _MEMO:
            serials[key] = made
        return made

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with stream:
        while True:
            chunk = stream.read(CHUNK)
            parser.Parse(chunk, not chunk)
            if done:
                yield from done
                done.clear()
            if not chunk:
                return
