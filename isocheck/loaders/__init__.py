"""Evidence file loaders: bytes in, a ParsedFile out. Never raise for bad content: record the problem.

A loader is registered for file suffixes through the `isocheck_register_loaders` hook. The built-in
ones read Markdown with YAML front matter, YAML, JSON, CSV and plain text.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from isocheck.errors import InputError, RegistrationClash
from isocheck.model import DOCUMENT_CONTROL_FIELDS
from isocheck.yamlsrc import load_yaml_fields


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Row:
    """One record of a table, with the line it starts on (None where the format has no lines;
    there, `place` says where it is, e.g. "sheet Risks, row 14")."""

    fields: dict[str, Any]
    line: int | None
    problem: str = ""  # a ragged row, for example
    place: str | None = None


@dataclass
class ParsedFile:
    """What a loader made of one evidence file. `error` is set when the file could not be read."""

    path: str
    sha256: str = ""
    size: int = 0
    encoding: str = "utf-8"
    format: str = "text"
    text: str = ""
    body_line: int = 1  # the line of the file on which `text` starts (after front matter)
    fields: dict[str, Any] | None = None  # front matter or top-level mapping
    field_lines: dict[str, int] = field(default_factory=dict)
    # where each field is, in a file without lines ("table 1, row 3", "document properties")
    field_places: dict[str, str] = field(default_factory=dict)
    rows: list[Row] | None = None  # tables
    header: tuple[str, ...] = ()  # tables: the column names, in order (a CSV's header row)
    headings: list[Heading] = field(default_factory=list)
    error: str = ""
    error_line: int | None = None
    error_place: str | None = None  # where the error is, in a file without lines ("sheet Risks")
    error_option: str = ""  # the profile's reading option the error is about ("delimiter"), if any
    notes: list[str] = field(default_factory=list)  # e.g. the encoding when it was not UTF-8
    # How the organization says to read the file (the profile's mapping), e.g. {"delimiter": ";"},
    # {"sheet": "Risks", "header_row": 3}; a loader reads the options it knows and ignores others
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadLimits:
    max_rows: int = 200_000
    max_yaml_depth: int = 64
    max_yaml_nodes: int = 200_000
    max_unpacked_bytes: int = 256 * 1024 * 1024  # ZIP-based files (workbooks, Word documents)
    max_columns: int = 1_024  # a sheet's columns that are read
    max_cell_chars: int = 131_072  # characters of one CSV cell (the csv module's own default)


Loader = Callable[[ParsedFile, bytes, LoadLimits], None]


class LoaderRegistry:
    """Suffix -> loader. Registering a suffix twice is an error."""

    def __init__(self, owner: Callable[[], str | None] | None = None) -> None:
        """`owner()` names the plugin that is registering (the host reads it off the stack), so
        that a clash can name both plugins."""
        self._by_suffix: dict[str, tuple[str, Loader]] = {}
        self._owner = owner
        self._owners: dict[str, str | None] = {}

    def register(self, name: str, suffixes: list[str], loader: Loader) -> None:
        owner = self._owner() if self._owner else None
        for suffix in suffixes:
            suffix = suffix.lower()
            if suffix in self._by_suffix:
                other = self._by_suffix[suffix][0]
                raise RegistrationClash(
                    f"loader {name!r}: suffix {suffix!r} already handled by {other!r}",
                    self._owners[suffix],
                )
            self._by_suffix[suffix] = (name, loader)
            self._owners[suffix] = owner

    def for_path(self, path: str) -> Loader | None:
        lower = path.lower()
        # Longest suffix first, so ".tar.gz"-style suffixes win over ".gz".
        for suffix in sorted(self._by_suffix, key=len, reverse=True):
            if lower.endswith(suffix):
                return self._by_suffix[suffix][1]
        return None

    def suffixes(self) -> list[str]:
        return sorted(self._by_suffix)

    def formats(self, locations: Iterable[str]) -> list[str]:
        """The names of the loaders that read the files these globs can match, in their order
        ("policy/*.{md,docx,pdf}": markdown, word, pdf); a suffix no loader reads is named as it
        is (".xyz"), and a glob that names no suffix as "any"."""
        names: dict[str, None] = {}
        for location in locations:
            match = _SUFFIXES.search(location)
            if match is None:
                names.setdefault("any", None)
                continue
            for suffix in match.group(1).strip("{}").split(","):
                loader = self._by_suffix.get(f".{suffix}".lower())
                names.setdefault(loader[0] if loader else f".{suffix}", None)
        return list(names)


_SUFFIXES = re.compile(r"\.(\{[\w,]+\}|\w+)$")  # "*.csv" -> csv, "*.{csv,xlsx}" -> csv, xlsx


def decode(parsed: ParsedFile, data: bytes) -> str | None:
    """Bytes to text. UTF-8 (with or without BOM) and UTF-16 with BOM; else the code page the
    profile declares (`encoding:`), or cp1252, as a noted fallback.

    Returns None (and sets parsed.error) for binary content.
    """
    if data.startswith(codecs.BOM_UTF8):
        parsed.encoding = "utf-8-sig"
        parsed.notes.append("encoding: UTF-8 with byte order mark")
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        parsed.encoding = "utf-16"
        parsed.notes.append("encoding: UTF-16")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            parsed.error = "the file starts with a UTF-16 byte order mark but is not valid UTF-16"
            return None
    if b"\x00" in data:
        parsed.error = "binary content, not text"
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        declared = parsed.options.get("encoding")
        if declared:
            # the organization's code page, as its profile says (cp1250 for Polish Excel)
            parsed.encoding = str(declared)
            parsed.notes.append(f"encoding: not UTF-8, read as {declared} (the profile's)")
            return data.decode(str(declared), errors="replace")
        parsed.encoding = "cp1252"
        likely = _likely_code_page(data)
        parsed.notes.append(
            "encoding: not UTF-8, read as Windows-1252 (cp1252); "
            + (
                f"its letters look like {likely[1]} saved in {likely[0]}: if so, say "
                f"encoding: {likely[0]} in the profile"
                if likely
                else "if the file was saved in another code page, say which in the profile "
                "(encoding: cp1250)"
            )
        )
        return data.decode("cp1252", errors="replace")


# Bytes that stand for letters of a language in its own code page and for letters Windows-1252
# text rarely holds: Turkish ı ş ğ İ Ş Ğ (ý þ ð Ý Þ Ð in Windows-1252); Polish and Czech ą ł ś ź
# Ś Ą ť (¹ ³ œ Ÿ Œ ¥ in Windows-1252)
_CODE_PAGE_LETTERS = (
    ("cp1254", "Turkish", frozenset(b"\xfd\xfe\xf0\xdd\xde\xd0")),
    ("cp1250", "Polish or Czech", frozenset(b"\xb9\xb3\x9c\x9f\x8c\xa5\x9d")),
)
MIN_CODE_PAGE_LETTERS = 3  # such bytes in a file before its code page is suggested
MAX_CODE_PAGE_BYTES = 1 << 20  # bytes of a file counted for them


def _likely_code_page(data: bytes) -> tuple[str, str] | None:
    """The code page a file that is not UTF-8 was likely saved in, by the letters its bytes
    would be there, where Windows-1252 would read them as letters its own text rarely holds;
    None where nothing stands out."""
    head = data[:MAX_CODE_PAGE_BYTES]
    counts = [(sum(head.count(b) for b in letters), page, language)
              for page, language, letters in _CODE_PAGE_LETTERS]  # fmt: skip
    best = max(counts)
    return (best[1], best[2]) if best[0] >= MIN_CODE_PAGE_LETTERS else None


def _start(parsed: ParsedFile, data: bytes, fmt: str) -> str | None:
    """Record the format, decode the bytes and keep the text; None for binary content."""
    parsed.format = fmt
    text = decode(parsed, data)
    if text is not None:
        parsed.text = text
    return text


def _text_lines(text: str) -> list[str]:
    return text.splitlines()


# Linear on any line: the title's trailing spaces and closing '#'s are stripped after the match,
# not by the pattern (a lazy title before "[ \t#]*$" backtracks over a long run of spaces).
_HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*)$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def find_headings(text: str, first_line: int = 1) -> list[Heading]:
    headings: list[Heading] = []
    in_fence = False
    for offset, line in enumerate(_text_lines(text)):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING.match(line)
        if match:
            text = match.group(2)
            title = text.rstrip(" \t#") or text[:1]  # "# #" is a heading titled "#"
            headings.append(Heading(len(match.group(1)), title.strip(), first_line + offset))
    return headings


def _parse_yaml(parsed: ParsedFile, text: str, line_offset: int, limits: LoadLimits) -> Any:
    """The YAML value, with top-level field lines recorded; on a problem, parsed.error is set."""
    try:
        data, lines = load_yaml_fields(
            text, parsed.path, max_depth=limits.max_yaml_depth, max_nodes=limits.max_yaml_nodes
        )
    except InputError as exc:
        problem = exc.problems[0]
        parsed.error = problem.message + (f"; {problem.hint}" if problem.hint else "")
        parsed.error_line = None if problem.line is None else problem.line + line_offset
        return None
    if isinstance(data, dict):
        parsed.field_lines = {key: line + line_offset for key, line in lines.items()}
        return {str(k): v for k, v in data.items()}
    return data


_NOT_A_KEY = re.compile(r"[\d\s.,:/-]*")  # a number or a date: a revision table, not fields


def control_field(key: str) -> str:
    """A key as written in a document ("Approved by:"), as a field name: trimmed, without its
    colon, and a document control field's own name where it is one written as words."""
    name = " ".join(key.split()).rstrip(":").strip()
    snake = re.sub(r"[\s-]+", "_", name.casefold())
    return snake if snake in DOCUMENT_CONTROL_FIELDS else name


def key_value_rows(rows: list[list[str]]) -> list[tuple[str, str, int]] | None:
    """(field, value, row index) from a table of two columns, key and value (a document control
    block); None for a table that is not one (a revision history lists versions and dates where
    keys would be, a table of three columns is content). A row with more cells than the two of
    the table's first row wrote a bar in its value ("| Clauses | ISO 9001: 4, 5 | ISO 14001: 4 |"):
    the cells after the key are its value, bars and all, where Markdown would drop them."""
    if not rows or len(rows[0]) != 2 or any(len(row) < 2 for row in rows):
        return None
    pairs: list[tuple[str, str, int]] = []
    for index, (key, *cells) in enumerate(rows):
        value = " | ".join(cell for cell in cells if cell)
        name = control_field(key)
        if not name or _NOT_A_KEY.fullmatch(name) or name in {p[0] for p in pairs}:
            return None
        pairs.append((name, value, index))
    return pairs


# The label of a document's version, which a control table laid out across gives among its labels
_VERSION_LABEL = re.compile(
    r"(?i)^(?:version|versi[oó]n|vers[aã]o|versione|wersja|rev(?:ision|isi[oó]n|is[aã]o|isione)?\.?"
    r"(?:\s*(?:no|nr|n°|nº)\.?)?|r[ée]vision|indice|utg[aå]va|udgave|ausgabe|revisionsstand|stand|"
    r"issue(?:\s*(?:no|nr)\.?)?|iss\.|edition|[ée]dition|edici[oó]n|edizione|wydanie|versjon|"
    r"versie|versio|verze|s[üu]r[üu]m|revizyon|"
    # Baltic, Slavic in Latin script, Hungarian, Romanian and Estonian
    r"versija|verzija|verzia|verzi[oó]|versioon|versiunea|redakcija|redaktsioon|revizija|revizia|"
    r"izdaja|izdanje|vydanie|vyd[aá]n[ií]|leidimas|kiad[aá]s|edi[tț]ia|"
    # Ukrainian, Russian, Bulgarian, Serbian and Macedonian (Cyrillic), and Greek
    r"редакц(?:ія|ия|ија)|верс(?:ія|ия)|верзија|ревіз(?:ія)|ревиз(?:ия|ија)|видання|издание|издање|"
    r"випуск|έκδοση|εκδοση|αναθεώρηση|αναθεωρηση|"
    # Japanese, Chinese, Korean, Vietnamese and Thai: 版数 (edition), 改訂番号, 版本, 버전
    r"版数|版|改訂番号|改訂版|改版|版本|版次|修订号|修訂號|버전|개정번호|판|phi[eê]n\s+b[aả]n|"
    r"l[aầ]n\s+ban\s+h[aà]nh|ฉบับที่|ครั้งที่แก้ไข)$"
)


def across_rows(rows: list[list[str]]) -> list[tuple[str, str, int]] | None:
    """(field, value, row index) from a control table laid out across: a row of labels over one
    row of values ("| Dokumentnr | Version | Upprättad av | Fastställd av | Datum |"), as Word
    documents are headed too; None for a table that is not one (more rows: content; a label
    that is a number or a date, or given twice)."""
    if len(rows) != 2 or len(rows[0]) != len(rows[1]) or len(rows[0]) < 2:
        return None
    labels, values = rows
    if not any(values) or not any(_VERSION_LABEL.search(label) for label in labels):
        return None  # a table of content, not a control table: none of its labels is a version
    pairs: list[tuple[str, str, int]] = []
    for key, value in zip(labels, values, strict=True):
        name = control_field(key)
        if not name or _NOT_A_KEY.fullmatch(name) or name in {p[0] for p in pairs}:
            return None
        pairs.append((name, value, 1))
    return pairs


_TABLE_RULE = re.compile(r":?-{3,}:?")  # a Markdown table's line under its header: | --- | :--: |


def _table_cells(line: str) -> list[str]:
    """The cells of a Markdown table line ("| a | b |"), a '\\|' kept as a bar in its cell."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]


MAX_LINES_ABOVE_TABLE = 3  # lines between a document's title and its control table
# A line naming a form's code and perhaps its revision: "FOR-SGI-02 rev. 02", "F-7.5-01 Rev 3"
_FORM_CODE = re.compile(
    r"^[*_]{0,2}(?=[\w.-]*\d)[^\W\d_][\w.-]*[-.][\w.-]+(?:\s*[,/|]?\s*"
    r"(?:rev(?:\.|isão|ision|isión|isione)?|ver(?:\.|são|sion|sión)?|v\.?|ed(?:\.|ição)?)\s*\d[\w.]{0,8})?"
    r"[*_]{0,2}$",
    re.IGNORECASE,
)


MAX_FORM_CODE_LINE = 60  # characters of a line naming a form's code: the pattern reads no more


def _form_code(line: str) -> bool:
    """Whether a line names a form's code (and perhaps its revision), and nothing else. A longer
    line is text: the pattern's work grows with the square of what it reads."""
    text = line.strip()
    return len(text) <= MAX_FORM_CODE_LINE and _FORM_CODE.match(text) is not None


def _control_table(parsed: ParsedFile, lines: list[str]) -> None:
    """Document control fields from a table of two columns at the top of a Markdown document
    without front matter (only titles before it), as a Word document's control table: the way
    many organizations head their documents ("| Revisione | 3 |", "| Approvato da | ... |")."""
    start = 0
    while start < len(lines) and (not lines[start].strip() or _HEADING.match(lines[start])):
        start += 1
    # A short line between the title and the table naming the form's own code ("FOR-SGI-02
    # rev. 02"): the table below still heads the document; a line of text does not
    ahead = start
    while (
        ahead < min(len(lines), start + MAX_LINES_ABOVE_TABLE)
        and not lines[ahead].lstrip().startswith("|")
        and (not lines[ahead].strip() or _form_code(lines[ahead]))
    ):
        ahead += 1
    first = start  # where labelled lines would head it, if the table is no control table
    if ahead > start and ahead < len(lines) and lines[ahead].lstrip().startswith("|"):
        start = ahead
    rows: list[list[str]] = []
    numbers: list[int] = []
    below = len(lines)
    for number in range(start, len(lines)):
        line = lines[number].rstrip("\r")
        if not line.lstrip().startswith("|"):
            below = number
            break
        cells = _table_cells(line)
        if all(_TABLE_RULE.fullmatch(cell) for cell in cells):
            continue
        if not rows and not any(cells):
            continue  # an empty header row above the keys and values ("| | |")
        rows.append(cells)
        numbers.append(number + 1)
    pairs = key_value_rows(rows) or across_rows(rows)
    if pairs:
        parsed.fields = {name: value for name, value, _ in pairs}
        parsed.field_lines = {name: numbers[index] for name, _, index in pairs}
        # Labelled lines right below the control table head the document too ("**Persons at
        # risk:** ...", "**Tätigkeitsgruppe:** ..." of a risk assessment): the table's fields
        # stand where both name one.
        fields, field_lines = _labels(lines, below, control_line=False)
        for name, value in fields.items():
            if name not in parsed.fields:
                parsed.fields[name], parsed.field_lines[name] = value, field_lines[name]
    else:
        fields, field_lines = _labels(lines, first)
        if fields:
            parsed.fields, parsed.field_lines = fields, field_lines


# A line of a document's head that labels a field: "**Date:** 8 October 2026", "**Chair**: Helen
# Marsh (CEO)", "Prepared by: Ann Lee"
_LABELLED = re.compile(
    r"^[ \t]{0,3}(?:(?:\*\*|__)([^*_:\n]{1,60}?):?(?:\*\*|__):?|([^\W\d_][^:*|#\n]{0,40}):)"
    r"[ \t]+(\S.*)$"
)
MAX_LABEL_WORDS = 5  # words of a plain "Label: value" line's label


def _labels(
    lines: list[str], start: int, control_line: bool = True
) -> tuple[dict[str, str], dict[str, int]]:
    """Document fields from the labelled lines heading a Markdown document (after its control
    table, if any), as minutes and reports are often headed ("**Date:** 8 October 2026",
    "**Chair:** Helen Marsh", then the text): up to the first heading or paragraph that is no
    label. A line that continues the one above (no label of its own) continues its value. None
    where fewer than MIN_LABELLED_FIELDS lines are labelled."""
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    current: str | None = None
    for number in range(start, min(len(lines), start + MAX_HEAD_LINES)):
        line = lines[number].rstrip("\r")
        if not line.strip():
            if fields:
                break
            continue
        if _HEADING.match(line):
            break
        parts = _control_line(line) if control_line and not fields else None
        if parts is not None:
            # "Rev. 04 de 10/04/2026 — Elaborado: Vítor Moreira — Aprovado: Marta Sousa"
            for name, value in parts:
                fields[name], field_lines[name] = value, number + 1
            break
        match = _LABELLED.match(line)
        label = (match.group(1) or match.group(2)) if match else None
        if match and label and (match.group(1) or len(label.split()) <= MAX_LABEL_WORDS):
            name = control_field(label)
            if not name or name in fields or _NOT_A_KEY.fullmatch(name):
                break
            fields[name], field_lines[name], current = match.group(3).strip(), number + 1, name
        elif current is not None:
            fields[current] = f"{fields[current]} {line.strip()}"
        else:
            break
    if len(fields) >= MIN_LABELLED_FIELDS or _dated_only(fields):
        return fields, field_lines
    return {}, {}


# A day as a document's head writes it: "26/06/2026", "2026-06-26", "8 October 2026", "8. Okt. 2026"
_DAY = re.compile(
    r"^\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}$|^\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}$"
)


def _dated_only(fields: dict[str, str]) -> bool:
    """Whether the one labelled line heading a document gives a day ("**Fecha:** 26/06/2026"):
    minutes headed by their date alone, unlike a "Note: ..." line."""
    return len(fields) == 1 and _DAY.match(next(iter(fields.values())).strip("*_ ")) is not None


# Between the parts of a document's control line: a dash set apart by spaces, a bar, a middle dot
_CONTROL_PARTS = re.compile(r"\s+[—–|·]\s+|\s+-\s+")
# A revision, with the date it bears: "Rev. 04 de 10/04/2026", "Revision 3 of 12 March 2026",
# "Version 2.1 vom 03.02.2026", "Rev. 5"
_REVISION = re.compile(
    r"^(?:rev(?:\.|isão|isao|ision|isione|isión|ision)?|ver(?:\.|s\.|sion|são|sione|sión)?|v\.?)"
    r"\s*(?:n\.?º|no\.?|nr\.?)?\s*([0-9][\w.]{0,8})(?:\s*,?\s+(?:de|of|from|vom|du|del|dated|"
    r"dd\.?|z\s+dnia|af)\s+(.{6,30}))?$",
    re.IGNORECASE,
)
MAX_CONTROL_LINE = 300


def _control_line(line: str) -> list[tuple[str, str]] | None:
    """The document control fields of one line that heads a document with several of them, set
    apart by dashes or bars ("Rev. 04 de 10/04/2026 — Elaborado: Vítor Moreira — Aprovado:
    Marta Sousa"): each labelled part as its label names it, a revision with its date as the
    version and the approval date. None for a line with fewer than two such parts."""
    if len(line) > MAX_CONTROL_LINE:
        return None
    found: list[tuple[str, str]] = []
    for part in _CONTROL_PARTS.split(line.strip().strip("*_")):
        part = part.strip().strip("*_").strip()
        if (revision := _REVISION.match(part)) is not None:
            found.append(("version", revision.group(1)))
            if revision.group(2):
                found.append(("approved_on", revision.group(2).strip()))
            continue
        match = _LABELLED.match(part)
        label = (match.group(1) or match.group(2)) if match else None
        if not match or not label or len(label.split()) > MAX_LABEL_WORDS:
            return None
        found.append((control_field(label), match.group(3).strip()))
    names = [name for name, _ in found]
    if len(found) < MIN_LABELLED_FIELDS or len(set(names)) < len(names):
        return None
    return found


MAX_HEAD_LINES = 60  # lines of a document's head read for its labelled fields
MIN_LABELLED_FIELDS = 2  # one "Note: ..." line heads no document


def load_markdown(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    text = _start(parsed, data, "markdown")
    if text is None:
        return
    body_start = 1
    lines = text.split("\n")
    if lines and lines[0].rstrip("\r") == "+++":
        parsed.error, parsed.error_line = (
            "front matter in TOML ('+++') is not read: isocheck reads YAML front matter between "
            "'---' lines; write it as YAML (key: value) between '---' lines",
            1,
        )
        return
    if lines and lines[0].rstrip("\r") == "---":
        end = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip("\r") in ("---", "...")), None
        )
        if end is None:
            parsed.error = "front matter not closed: no line '---' after the opening '---'"
            parsed.error_line = 1
            return
        front = "\n".join(lines[1:end])
        mapping = _parse_yaml(parsed, front, 1, limits)
        if parsed.error:
            return
        if mapping is not None and not isinstance(mapping, dict):
            parsed.error, parsed.error_line = "front matter is not a mapping of fields", 2
            return
        parsed.fields = mapping or {}
        body_start = end + 2
        parsed.body_line = body_start
        parsed.text = "\n".join(lines[end + 1 :])
    else:
        _control_table(parsed, lines)
    parsed.text = without_comments(parsed.text)
    parsed.headings = find_headings(parsed.text, body_start)
    wanted = parsed.options.get("table")
    if isinstance(wanted, str):
        _table_under(parsed, wanted, limits)


def _table_under(parsed: ParsedFile, wanted: str, limits: LoadLimits) -> None:
    """The rows of a table under the first heading that contains `wanted` (the profile's
    `table:`), a register kept inside a document (a manual's table of processes): its first line
    names the columns. The first table there whose header names a column the profile maps, else
    the first table (a document's control table may stand above the register, under its title)."""
    lines = parsed.text.split("\n")
    first = parsed.body_line
    folded = wanted.casefold()
    mapped = set(parsed.options.get("table_columns") or ())
    for i, heading in enumerate(parsed.headings):
        if folded not in heading.title.casefold():
            continue
        end = next(
            (h.line for h in parsed.headings[i + 1 :] if h.level <= heading.level),
            first + len(lines),
        )
        blocks = _tables(lines, first, heading.line + 1, end)
        if not blocks:
            break
        block = next((b for b in blocks if mapped & set(b[0][1])), blocks[0])
        names = block[0][1]
        if len(set(names)) != len(names):
            parsed.error, parsed.error_line = "duplicate column names in the table", block[0][0]
            parsed.error_option = "table"
            return
        rows: list[Row] = []
        for number, cells in block[1:]:
            if len(rows) >= limits.max_rows:
                parsed.notes.append(f"only the first {limits.max_rows} rows were read")
                break
            problem = ""
            if len(cells) != len(names):
                problem = f"row has {len(cells)} cells, the header has {len(names)}"
                cells.extend([""] * (len(names) - len(cells)))
            rows.append(Row(dict(zip(names, cells, strict=False)), number, problem))
        parsed.rows = rows
        parsed.header = tuple(names)
        return
    parsed.error_option = "table"
    parsed.error = (
        f"no table under a heading containing {wanted!r}; table: names the heading the register "
        "stands under in this document"
    )


MAX_SECTION_TABLES = 64  # tables of one section looked at for the register's


def _tables(
    lines: list[str], first: int, start: int, end: int
) -> list[list[tuple[int, list[str]]]]:
    """The Markdown tables between line numbers `start` and `end`, each as its lines (number,
    cells) without the rule under the header; a table with an empty first line is none."""
    blocks: list[list[tuple[int, list[str]]]] = []
    block: list[tuple[int, list[str]]] = []
    for number in range(start, end):
        text = lines[number - first].rstrip("\r")
        if text.lstrip().startswith("|"):
            cells = _table_cells(text)
            if not all(_TABLE_RULE.fullmatch(cell) for cell in cells):
                block.append((number, cells))
            continue
        if block:
            if any(block[0][1]):
                blocks.append(block)
            if len(blocks) >= MAX_SECTION_TABLES:
                return blocks
            block = []
    if block and any(block[0][1]):
        blocks.append(block)
    return blocks


def without_comments(text: str) -> str:
    """Markdown text with its HTML comments (`<!-- ... -->`, which a reader never sees, such as a
    template's notes on what to write) blanked out, every line kept where it was. One pass: an
    unclosed `<!--` is left as it is. As in CommonMark, `<!-->` and `<!--->` are (empty) comments:
    the closing `-->` may share the opening's dashes."""
    if "<!--" not in text:
        return text
    out = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 2)
        if end == -1:
            break
        out.append(text[at:start])
        out.append("".join("\n" if c == "\n" else " " for c in text[start : end + 3]))
        at = end + 3
    out.append(text[at:])
    return "".join(out)


def _rows_from_list(parsed: ParsedFile, items: list[Any], limits: LoadLimits) -> None:
    rows: list[Row] = []
    for i, item in enumerate(items[: limits.max_rows]):
        if isinstance(item, dict):
            rows.append(Row({str(k): v for k, v in item.items()}, None))
        else:
            rows.append(Row({}, None, f"item {i + 1} is not a mapping of fields"))
    if len(items) > limits.max_rows:
        parsed.notes.append(f"only the first {limits.max_rows} rows were read")
    parsed.rows = rows
    parsed.header = tuple(dict.fromkeys(name for row in rows for name in row.fields))


def _structured(parsed: ParsedFile, data: Any, limits: LoadLimits) -> None:
    if isinstance(data, list):
        _rows_from_list(parsed, data, limits)
    elif isinstance(data, dict):
        parsed.fields = data
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:  # {records: [...]} with metadata beside it
            _rows_from_list(parsed, lists[0], limits)
    elif data is not None:
        parsed.error = "expected a mapping or a list of mappings"


def load_yaml_evidence(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    text = _start(parsed, data, "yaml")
    if text is None:
        return
    value = _parse_yaml(parsed, text, 0, limits)
    if not parsed.error:
        _structured(parsed, value, limits)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


MAX_DIGITS = 100  # digits a whole number in evidence may have (Python refuses more than 4300)


class _TooLong(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits[:20])
        self.digits = digits


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(digits)
    return int(digits)


def load_json_evidence(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    text = _start(parsed, data, "json")
    if text is None:
        return
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        parsed.error, parsed.error_line = f"invalid JSON: {exc.msg}", exc.lineno
        return
    except _TooLong as exc:
        at = text.find(exc.digits)
        parsed.error = (
            f"a number of {len(exc.digits):,} digits ({exc.digits[:12]}...): no record holds "
            "one; write it as text (in quotes) if it is an identifier"
        )
        parsed.error_line = text.count("\n", 0, at) + 1 if at >= 0 else None
        return
    except (ValueError, RecursionError) as exc:
        parsed.error = (
            f"invalid JSON: {exc}" if isinstance(exc, ValueError) else "JSON nested too deeply"
        )
        return
    _structured(parsed, value, limits)


DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: of , ; tab and |, the one its header line holds most of,
    outside quotes (a comma when none is there, or on a tie with it)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


def load_csv(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    text = _start(parsed, data, "csv")
    if text is None:
        return
    declared = parsed.options.get("delimiter")
    delimiter = declared or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    # The csv module keeps its field limit for the whole process: set for this file, then put back.
    previous = csv.field_size_limit(limits.max_cell_chars)
    try:
        _read_csv(parsed, reader, declared, limits)
    finally:
        csv.field_size_limit(previous)


def _read_csv(parsed: ParsedFile, reader: Any, declared: str | None, limits: LoadLimits) -> None:
    try:
        header = next(reader, None)
        if header is None:
            parsed.rows = []
            parsed.notes.append("empty table: no header row")
            return
        names = [h.strip().lstrip("\ufeff") for h in header]
        if declared and len(names) == 1 and sniff_delimiter(names[0]) != declared:
            other = sniff_delimiter(names[0])
            if other in names[0]:
                parsed.error_option = "delimiter"
                parsed.error, parsed.error_line = (
                    f"the header is one column, {names[0][:60]!r}: the file seems delimited by "
                    f"{_delimiter_name(other)}, not {_delimiter_name(declared)}; set "
                    f"delimiter: {other!r} in the profile's mapping of this evidence",
                    1,
                )
                return
        parsed.header = tuple(names)
        counts = Counter(names)  # linear: a header may have thousands of columns
        duplicates = sorted(n for n, k in counts.items() if k > 1)
        if duplicates:
            parsed.error, parsed.error_line = (
                f"duplicate column name(s) in the header: {', '.join(duplicates)}",
                1,
            )
            return
        rows: list[Row] = []
        append, strip, most = rows.append, str.strip, limits.max_rows
        line = reader.line_num + 1
        width = len(names)
        # The work per record is the whole cost of a large register: a record of the header's
        # width goes straight into its row's fields (the names are unique), with no list between.
        for record in reader:
            start, line = line, reader.line_num + 1
            if len(record) == width:
                fields = dict(zip(names, map(strip, record), strict=True))
                if not any(fields.values()):
                    continue
                problem = ""
            else:
                cells = list(map(strip, record))
                if not any(cells):  # the cells beyond the header's count too
                    continue
                problem = f"row has {len(cells)} cells, the header has {width}"
                cells.extend([""] * (width - len(cells)))  # extra cells are left out by zip
                fields = dict(zip(names, cells, strict=False))
            if len(rows) >= most:
                parsed.notes.append(f"only the first {most} rows were read")
                break
            append(Row(fields, start, problem))
    except csv.Error as exc:
        parsed.error, parsed.error_line = f"invalid CSV: {exc}", reader.line_num
        if "field limit" in str(exc):
            parsed.error = (
                f"a cell is longer than {limits.max_cell_chars:,} characters: an unclosed quote "
                '(") is the usual cause; close it, or raise limits.max_cell_chars in the profile '
                "if the cell is really that long"
            )
        return
    parsed.rows = rows


def load_text(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    _start(parsed, data, "text")


BUILTIN_LOADERS: list[tuple[str, list[str], Loader]] = [
    ("markdown", [".md", ".markdown"], load_markdown),
    ("yaml", [".yaml", ".yml"], load_yaml_evidence),
    ("json", [".json"], load_json_evidence),
    ("csv", [".csv"], load_csv),
    ("text", [".txt", ".text"], load_text),
]

__all__ = [
    "BUILTIN_LOADERS",
    "Heading",
    "LoadLimits",
    "Loader",
    "LoaderRegistry",
    "ParsedFile",
    "Row",
    "decode",
    "find_headings",
]
