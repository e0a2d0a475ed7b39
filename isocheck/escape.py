"""Escaping of untrusted text for each place isocheck writes it.

Everything that comes from an evidence folder is untrusted: file names, table cells, document
titles, the profile (organization, scope, waivers, exclusions) and any pack file kept in the folder.
Each writer passes such text through the function for its destination:

- `terminal`: the terminal summary. Control and format characters are shown as inert escapes
  (`\\x1b`, `\\n`, `\\u202e`), so evidence cannot clear the screen, move the cursor, fake a line
  or reorder what is printed.
- `markdown` and `markdown_cell`: inline Markdown text (CommonMark and GitHub-flavoured Markdown).
  No raw HTML, link, image, emphasis, code span or new block can come out of the text.
- `markdown_code`: a file name or an identifier as an inline code span when that is safe, and as
  escaped text otherwise.
- `html`: HTML element content and quoted attribute values.

Printable text, including letters outside ASCII (é, ü, 日本), passes through unchanged, and
ordinary prose (clause numbers such as 9.2.2, file names such as `records/training_matrix.csv`,
dates, hyphens, full stops, parentheses) is left as it is in Markdown too: only characters that
could build markup where they stand are escaped. Only the standard library is used.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from functools import lru_cache

# Unicode categories made visible: Cc (C0, DEL, C1 controls), Cf (format: bidi embeddings,
# overrides and isolates, zero-width space, word joiner, BOM, soft hyphen, tag characters), Cs
# (lone surrogates, from file names decoded with surrogateescape), Zl and Zp (line and paragraph
# separators) and Cn (unassigned here, possibly a format character of a newer Unicode version).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Cn"})
# Zero-width non-joiner and joiner are format characters that Persian and Indic words and emoji
# sequences need; they only join or separate neighbouring glyphs and cannot move the cursor,
# reorder text or hide it, so they stay.
_JOINERS = frozenset("\u200c\u200d")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Printable ASCII never needs a look-up; anything else is checked one character at a time.
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
# The same for HTML, where tab, line feed and carriage return are white space and stay.
_NOT_PRINTABLE_ASCII_OR_SPACE = re.compile(r"[^\t\n\r\x20-\x7e]")


@lru_cache(maxsize=4096)
def _shown(char: str) -> str:
    """One character as the terminal should show it: itself, or an inert escape."""
    if char in _JOINERS or unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _shown_match(match: re.Match[str]) -> str:
    return _shown(match.group())


def terminal(text: str) -> str:
    """`text` safe to print on a terminal, on one line.

    Every control character (C0 including newline, carriage return, tab and ESC; DEL; C1), every
    format character that can reorder or hide text (bidi embeddings, overrides and isolates,
    zero-width spaces, BOM, tag characters), line and paragraph separators and lone surrogates
    become a visible, inert escape in Python's notation: `\\x1b`, `\\n`, `\\u202e`, `\\udcff`.
    Everything printable stays as it is, including letters outside ASCII and backslashes, so a
    backslash in the evidence followed by `x1b` reads like an escaped ESC; it is still inert.
    Never raises.

    >>> terminal("\\x1b[2J===== 123 passed =====\\r\\n")
    '\\\\x1b[2J===== 123 passed =====\\\\r\\\\n'
    >>> terminal("Qualitätshandbuch.md")
    'Qualitätshandbuch.md'
    """
    if text.isprintable():  # no control, format, separator or unassigned character: nothing to do
        return text
    return _NOT_PRINTABLE_ASCII.sub(_shown_match, text)


# In Markdown, line breaks and tabs become spaces: a line break could start a new block, and a tab
# is only white space inline. Other control characters are shown as `terminal` shows them.
_MD_WHITESPACE = re.compile(r"[\t\n\r]")
# Characters escaped wherever they stand:
#   \        so the text cannot escape our escapes (or end a line with a hard break)
#   ` * ~    code spans, emphasis, strikethrough (and fences)
#   [ ]      links, images, footnotes, reference definitions: with both escaped, `!`, `(` and `)`
#            cannot build anything and stay as they are
#   < >      raw HTML and autolinks: written as entities
#   &        only where it would start an entity or character reference (`&lt;`, `&#60;`), as
#            `&amp;`; elsewhere (`R&D`, `OH&S`) it is literal text already
#   |        table cells
#   #        headings, including a closing `#` sequence at the end of a heading line
#   { }      attribute lists of some renderers (`{: onclick=...}`)
#   _        emphasis, except between two letters or digits (`training_matrix`), where CommonMark
#            never treats it as emphasis
#   : .      only the `:` of `://` and the `.` of `www.`, so GitHub's extended autolinks cannot
#            turn an address in the evidence into a link (an e-mail address still becomes a
#            `mailto:` link to itself)
# Every alternative starts with its character, so the engine tries a look-around only there.
_MD_SPECIAL = re.compile(
    r"[\\`*~\[\]<>|#{}]|_(?:(?<![^\W_]_)|(?![^\W_]))"
    r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
    r"|:(?=//)|\.(?<=[wW]{3}\.)"
)
_MD_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of the text (a list item's content can start a block): list markers `-` `+`, a
# setext underline `=`, and an ordered-list marker (up to nine digits, then `.` or `)` and a space).
# `#`, `*`, `>` and backticks are escaped everywhere already. `9.2.2` and `2026-05-01` are not
# markers and stay as they are.
_MD_BLOCK_START = re.compile(r"^(\s*(?:\d{1,9}(?=[.)](?:\s|$)))?)([-+=.)])")


def _md_special(match: re.Match[str]) -> str:
    char = match.group()
    return _MD_ENTITY.get(char) or "\\" + char


def markdown(text: str) -> str:
    """`text` as inline Markdown that renders as exactly this text, with no markup of its own.

    `<` and `>` become `&lt;` and `&gt;`, so no raw HTML (and no `<...>` autolink) survives; an `&`
    that would start an entity becomes `&amp;`, so `&lt;` in the evidence reads `&lt;`; `\\`,
    `` ` ``, `*`, `_`, `~`, `[`, `]`, `|`, `#`, `{`, `}` are backslash-escaped, so no link, image,
    code span, emphasis or table cell can be built; line breaks and tabs become spaces, so the text
    stays on its line; a list marker at the start is escaped and leading white space shortened to
    one space, so the text cannot open a block even where it starts a line. Other control and
    format characters are shown as `terminal` shows them. Characters that are harmless where they
    stand are left alone so prose stays readable in the raw Markdown: `.`, `-`, `+`, `!`, `(`,
    `)`, `:`, `=`, and `_` inside a word.

    A web address stays text: the `:` of `://` and the `.` after `www` are escaped so that GitHub's
    autolink extension does not make a link of it. An e-mail address may still become a `mailto:`
    link showing the address itself.

    >>> markdown("see [x](javascript:alert(1)) <img src=x>")
    'see \\\\[x\\\\](javascript:alert(1)) &lt;img src=x&gt;'
    >>> markdown("clause 9.2.2 - records/training_matrix.csv")
    'clause 9.2.2 - records/training_matrix.csv'
    """
    if not text.isprintable():
        text = terminal(_MD_WHITESPACE.sub(" ", text))
    if text[:2].isspace():
        # Four spaces at the start of a list item's content would open an indented code block;
        # one keeps words apart, and HTML collapses the rest anyway.
        text = " " + text.lstrip()
    text = _MD_SPECIAL.sub(_md_special, text)
    block = _MD_BLOCK_START.match(text)
    if block:
        text = f"{block[1]}\\{block[2]}{text[block.end() :]}"
    return text


def markdown_cell(text: str) -> str:
    """`text` as the content of a GitHub-flavoured Markdown table cell: as `markdown` (pipes are
    escaped there and no line break survives, so the row cannot end early), without leading or
    trailing white space.

    >>> markdown_cell(" a | b\\nc ")
    'a \\\\| b c'
    """
    return markdown(text).strip()


# In a code span nothing is interpreted, but a backtick would end it, `|` would end a table cell,
# and `<`/`>` are kept out so no raw tag appears even for renderers that ignore code spans.
_CODE_UNSAFE = re.compile(r"[`<>|]")


def markdown_code(text: str) -> str:
    """`text` as an inline code span (`` `records/calibration.csv` ``) when it can be one safely,
    else as `markdown(text)`: plain escaped text, not monospaced but exact.

    A code span is used when the text is not empty, holds no backtick, `<`, `>` or `|`, no control
    or format character, and does not start or end with a space. Safe inside a table cell too.

    >>> markdown_code("resources/calibration.csv")
    '`resources/calibration.csv`'
    >>> markdown_code("a`b.md")
    'a\\\\`b.md'
    """
    if (
        text
        and text == text.strip(" ")
        and not _CODE_UNSAFE.search(text)
        and terminal(text) == text
    ):
        return f"`{text}`"
    return markdown(text)


def html(text: str) -> str:
    """`text` safe as HTML element content and as a single- or double-quoted attribute value.

    `&`, `<`, `>`, `"` and `'` become character references; control and format characters are shown
    as `terminal` shows them (bidi overrides cannot reorder a file name, no invisible character
    hides in a path), except tab, line feed and carriage return, which are white space in HTML.

    >>> html('"><script>x</script>')
    '&quot;&gt;&lt;script&gt;x&lt;/script&gt;'
    """
    if not text.isprintable():
        text = _NOT_PRINTABLE_ASCII_OR_SPACE.sub(_shown_match, text)
    return _html.escape(text, quote=True)


# A file name whose bytes are not UTF-8 reaches Python with each such byte as a lone surrogate
# (os.fsdecode): no UTF-8 writer, and no worker-to-controller transport, can carry it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def lossless(text: str) -> str:
    """`text` as UTF-8 can hold it: each byte of a file name that is not UTF-8 shown as `\\xNN`
    ("qual\\xe9.md" for the Latin-1 name "qualé.md"), every other character unchanged. Text
    without such bytes is returned as it is, so this can be applied to anything, any number of
    times."""
    if not _SURROGATE.search(text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


_BYTE = re.compile(r"\\x([0-9a-f]{2})")


def name_of(shown: str) -> str:
    """The file name `lossless` showed, as the file system holds it (best effort: a name that
    really contains "\\x" followed by two hex digits is read as that byte)."""
    if "\\x" not in shown:
        return shown
    raw = b"".join(
        bytes([int(part, 16)]) if i % 2 else part.encode("utf-8")
        for i, part in enumerate(_BYTE.split(shown))
    )
    return raw.decode("utf-8", "surrogateescape")
