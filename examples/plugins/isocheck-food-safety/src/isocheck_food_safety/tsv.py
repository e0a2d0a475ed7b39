"""The loader `tsv`: tab-separated registers (`.tsv`), as kitchen data loggers and spreadsheets export.

The format is IANA's text/tab-separated-values: a header row of column names, then one record per
line, cells separated by one tab, no quoting (a cell cannot hold a tab or a line break, and quote
marks are part of the text). Cells are trimmed; blank lines are skipped.

The loader contract (isocheck.loaders): fill in the `ParsedFile` from the bytes and never raise for
bad content. A file that cannot be a table sets `parsed.error` (with `parsed.error_line`), and the
rules that need it report it as a nonconformity; a ragged row is kept with a `problem`, which the
checks that read the row report. Work is bounded: the file is at most the profile's
`limits.max_file_bytes` (isocheck reads it), at most `limits.max_rows` rows are kept, and a row
holds only the cells it has (a missing cell reads as empty), so the work grows with the file's size,
not with its columns times its rows: a header of a million tabs above short rows costs no more than
its own bytes.
"""

from __future__ import annotations

from collections import Counter

from isocheck.loaders import LoadLimits, ParsedFile, Row, decode

NAME = "tsv"
SUFFIXES = [".tsv"]


def load_tsv(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
    parsed.format = "tsv"
    text = decode(parsed, data)  # sets parsed.error for binary content, notes a non-UTF-8 encoding
    if text is None:
        return
    parsed.text = text
    # Split on line feeds only: str.splitlines() would also break at form feeds, U+2028 and other
    # characters a cell may hold, and the line numbers would no longer match the file.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        parsed.rows = []
        parsed.notes.append("empty table: no header row")
        return
    names = [name.strip() for name in lines[header_index].split("\t")]
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        parsed.error = f"duplicate column name(s) in the header: {', '.join(duplicates)}"
        parsed.error_line = header_index + 1
        return
    if len(names) == 1:
        parsed.notes.append("the header has no tab: is this file really tab-separated?")
    rows: list[Row] = []
    for index in range(header_index + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if len(rows) >= limits.max_rows:
            parsed.notes.append(f"only the first {limits.max_rows} rows were read")
            break
        cells = line.split("\t")
        problem = ""
        if len(cells) != len(names):
            problem = f"row has {len(cells)} cells, the header has {len(names)}"
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
        rows.append(Row(values, index + 1, problem))
    parsed.rows = rows
