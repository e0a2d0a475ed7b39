"""Untrusted text is escaped for its destination: the terminal summary, Markdown (the Markdown report,
SARIF rule help, OSCAL markup) and HTML.

The unit tests feed hostile strings to `isocheck.escape`; where a real GitHub-flavoured Markdown
renderer is installed (cmarkgfm, which compliance-trestle brings), the Markdown is also rendered
with raw HTML allowed, so anything that slipped through would show up as a tag. The end-to-end test
puts a hostile file name and profile text into a copy of examples/acme-qms-gaps and checks every
destination.
"""

from __future__ import annotations

import dataclasses
import doctest
import json
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import isocheck
from isocheck import escape
from isocheck.engine import plan as make_plan
from isocheck.reporting import document as results_module
from isocheck.reporting.registry import builtin_writers
from isocheck.reporting.terminal import summary_lines

GAPS = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"

ESC_CLEAR = "\x1b[2J\x1b[H"
FAKE_PASS = "===== 123 passed in 0.42s ====="
HTML_IMG = "<img src=x onerror=alert(1)>"
HTML_SCRIPT = "<script>alert(2)</script>"
JS_LINK = "[x](javascript:alert(1))"
TRACKER = "![](http://tracker/x.png)"
BIDI = "invoice\u202egpj.exe"  # shows as "invoiceexe.jpg"
LONE_SURROGATE = "bad-\udcff-name.md"  # a non-UTF-8 byte decoded with surrogateescape

# Everything terminal() must make visible: C0, DEL, C1, bidi embeddings/overrides/isolates and the
# other format characters that hide or reorder text, line and paragraph separators, surrogates.
CONTROLS = [
    *map(chr, range(0x00, 0x20)),
    "\x7f",
    *map(chr, range(0x80, 0xA0)),
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    *"\u200b\u200e\u200f\u2060\ufeff\u00ad\u061c",
    "\U000e0041",  # a tag character
    "\u2028",
    "\u2029",
    "\ud800",
    "\udfff",
]
# A terminal acts on these; none may reach it raw. (The zero-width joiner and non-joiner, U+200C
# and U+200D, stay: scripts and emoji need them, and they cannot move or hide text.)
RAW_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]"
)
# The `](` that would end a link's text and open its destination, with the `]` not escaped.
UNESCAPED_LINK = re.compile(r"(?<!\\)(?:\\\\)*\]\(")

# --- terminal -------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_terminal_makes_every_control_and_format_character_visible(char: str) -> None:
    out = escape.terminal(f"a{char}b")
    assert char not in out
    assert out.startswith("a\\") and out.endswith("b")
    assert out.isprintable()
    out.encode("utf-8")  # no lone surrogate left: printable and encodable


def test_terminal_escapes_read_like_python() -> None:
    assert escape.terminal(ESC_CLEAR + FAKE_PASS) == "\\x1b[2J\\x1b[H" + FAKE_PASS
    assert escape.terminal("a\r\nb\tc") == "a\\r\\nb\\tc"
    assert escape.terminal("\x00\x7f\x85\x9b") == "\\x00\\x7f\\x85\\x9b"
    assert escape.terminal(BIDI) == "invoice\\u202egpj.exe"
    assert escape.terminal(LONE_SURROGATE) == "bad-\\udcff-name.md"
    assert escape.terminal("tag\U000e0041") == "tag\\U000e0041"


def test_terminal_leaves_printable_text_alone() -> None:
    for text in [
        "Qualitätshandbuch für Müller & Söhne, Café déjà vu",
        "品質マニュアル 日本",
        "Ελληνικά, русский, עברית, العربية",
        "9.2.2 internal audit - records/training_matrix.csv (v2) 100% [ok] \\ {x}",
        "emoji 👍 and a family 👨\u200d👩\u200d👧 joined by ZWJ; Persian می\u200cخواهم",
        "no-break\u00a0space and ideographic\u3000space",
        "",
    ]:
        assert escape.terminal(text) == text


def test_terminal_never_raises_and_is_one_line_for_any_code_point() -> None:
    text = "".join(map(chr, range(0, 0x3400))) + "".join(map(chr, range(0xD700, 0x10000)))
    out = escape.terminal(text)
    assert "\n" not in out and "\r" not in out and "\x1b" not in out
    assert not RAW_CONTROL.search(out)
    for char in out:
        assert unicodedata.category(char) not in {"Cc", "Cs", "Zl", "Zp"}, hex(ord(char))


# --- markdown --------------------------------------------------------------------------------------


def render_gfm(markdown_text: str) -> str | None:
    """HTML from GitHub-flavoured Markdown with raw HTML passed through (unsafe), or None when no
    renderer is installed."""
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options
    except ImportError:
        return None
    html: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown_text, options=Options.CMARK_OPT_UNSAFE
    )
    return html


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


HOSTILE_MARKDOWN = [
    HTML_IMG,
    HTML_SCRIPT,
    "<!-- unclosed comment",
    "<http://tracker/autolink>",
    JS_LINK,
    TRACKER,
    "[ref]: http://tracker/x.png",
    "see https://tracker.example/x.png or www.tracker.example",
    "_www.tracker.example and (www.tracker.example)",
    "[^1] footnote",
    "`code` and ``more``",
    "*emphasis* **strong** _em_ __strong__ ~~struck~~",
    "# heading",
    "- list item",
    "+ list item",
    "1. ordered",
    "2) ordered",
    "> quote",
    "=====",
    "---",
    "***",
    "```python",
    "    indented code",
    "{: onclick=alert(1)}",
    "a | b | c",
    "back\\slash\\",
    "&lt;img src=x&gt; and &#60;script&#62;",
    "line one\nline two\r\n# not a heading\r- nor a list",
    ESC_CLEAR + FAKE_PASS,
    BIDI,
    LONE_SURROGATE,
]


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_markdown_builds_no_markup(text: str) -> None:
    out = escape.markdown(text)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out
    assert not RAW_CONTROL.search(out)
    # Every bracket, backtick, star, tilde, pipe and backslash from the text is escaped.
    assert not re.search(r"(?<!\\)(?:\\\\)*[\[\]`*~|]", out), out
    assert "![" not in out and not UNESCAPED_LINK.search(out)
    for prefix in ("", "- **Found:** ", "  - ", "| x | "):
        html = render_gfm(prefix + out)
        if html is None:
            pytest.skip("no GitHub-flavoured Markdown renderer (cmarkgfm) installed")
        tags = Tags(html).tags
        # Only the paragraph and what the prefix itself builds: no element from the text.
        assert set(tags) <= {"p", "ul", "li", "strong", "table", "thead", "tr", "th"}, (
            prefix,
            html,
        )
    # The visible text is the input, with line breaks as spaces and controls as escapes.
    shown = Tags(render_gfm(out) or "").text.strip()
    expected = escape.terminal(" ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    assert " ".join(shown.split()) == " ".join(expected.split())


def test_markdown_keeps_ordinary_prose_readable() -> None:
    for text in [
        "Acme Precision Components Ltd (gap example)",
        "clause 9.2.2 - records/training_matrix.csv:12: id PRO-06: review overdue since 2026-09-30",
        "approved_by 'David Okafor' not found (top_management equals yes)",
        "Megan Doyle's competence expired 2026-08-09! Score 5/10; 100% = target.",
        "Qualitätshandbuch für Müller, R&D and OH&S, 日本",
        "9.2.2 is a clause number, not a list item",
    ]:
        assert escape.markdown(text) == text
    # Decided: `_` inside a word stays (CommonMark never reads it as emphasis); at a word's edge it
    # is escaped. A clause number at the start stays; a real list marker is escaped.
    assert escape.markdown("_draft_ of training_matrix") == "\\_draft\\_ of training_matrix"
    assert escape.markdown("2026. Year") == "2026\\. Year"
    assert escape.markdown("- item") == "\\- item"


def test_markdown_cell_keeps_the_row_whole() -> None:
    rows = [
        "a | b",
        "x\\|y",
        "line\nbreak | and\r\n| more |",
        " padded ",
        HTML_IMG + JS_LINK,
    ]
    table = "| Reason | Status |\n| --- | --- |\n" + "".join(
        f"| {escape.markdown_cell(r)} | ok |\n" for r in rows
    )
    assert escape.markdown_cell(" a | b\n") == "a \\| b"
    html = render_gfm(table)
    if html is None:
        pytest.skip("no GitHub-flavoured Markdown renderer (cmarkgfm) installed")
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert len(cells) == 2 * len(rows), html
    assert cells[1::2] == ["ok"] * len(rows)
    assert "<img" not in html and "<a " not in html


def test_markdown_code_uses_a_code_span_only_when_safe() -> None:
    assert escape.markdown_code("resources/calibration.csv") == "`resources/calibration.csv`"
    assert escape.markdown_code("policy/quality-policy.md:6") == "`policy/quality-policy.md:6`"
    assert escape.markdown_code("a\\b & c_d") == "`a\\b & c_d`"  # literal inside a code span
    for hostile in [
        "x`<img src=x onerror=alert(1)>`.md",
        f"procedures/{HTML_IMG}.md",
        "a|b.md",
        ESC_CLEAR + ".md",
        BIDI,
        LONE_SURROGATE,
        " leading-space.md",
        "",
    ]:
        out = escape.markdown_code(hostile)
        assert out == escape.markdown(hostile), hostile
        assert "<" not in out and not RAW_CONTROL.search(out)


# --- html ---------------------------------------------------------------------------------------


def test_html_escapes_markup_quotes_and_controls() -> None:
    out = escape.html(f"\"><{HTML_IMG[1:]}'</script><!--{ESC_CLEAR}{BIDI}")
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b" in out and "\\u202e" in out
    assert escape.html("line\n\tindented\r\n") == "line\n\tindented\r\n"
    assert escape.html("Müller & Söhne") == "Müller &amp; Söhne"
    assert escape.html(LONE_SURROGATE) == "bad-\\udcff-name.md"


def test_the_docstring_examples_hold() -> None:
    failures, tried = doctest.testmod(escape, raise_on_error=False)
    assert tried >= 7
    assert failures == 0


# --- end to end --------------------------------------------------------------------------------

# A file name cannot hold `/`, so its script element has no end tag.
HOSTILE_NAME = f"PRO-99 {HTML_IMG}<script src=data:,alert(3)> {ESC_CLEAR}{FAKE_PASS} {BIDI}.md"
HOSTILE_ORG = f"Acme{ESC_CLEAR}\n{FAKE_PASS}\r{HTML_SCRIPT}{JS_LINK}"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/acme-qms-gaps with a procedure whose file name carries HTML, an ESC sequence and a
    bidi override, and which lacks its required fields (procedures/*.md is a globbed location of
    the controlled documents, so HS-7.5-01 reports it); the organization's name is hostile too."""
    folder = tmp_path_factory.mktemp("hostile") / "acme"
    shutil.copytree(GAPS, folder)
    (folder / "procedures" / HOSTILE_NAME).write_text(
        f"---\nid: PRO-99\ntitle: {json.dumps(JS_LINK + ' ' + TRACKER)}\n---\n# Hostile\n",
        encoding="utf-8",
    )
    profile = folder / "isocheck.yaml"
    text = profile.read_text(encoding="utf-8")
    old = "  name: Acme Precision Components Ltd (gap example)\n"
    assert old in text
    profile.write_text(text.replace(old, f"  name: {json.dumps(HOSTILE_ORG)}\n"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_results(hostile_folder: Path) -> dict[str, Any]:
    a = isocheck.evaluate(hostile_folder)
    results = results_module.build(
        profile=a.profile, packs=a.packs, findings=a.findings, as_of=a.as_of, stage=a.stage
    )
    # The hostile name really is in a nonconformity, and the organization's name came through.
    ncs = [f for f in results["findings"] if f["outcome"] == "nonconform"]
    missing = next(f for f in ncs if f["rule"] == "HS-7.5-01")
    assert missing["message"].startswith(f"procedures/{HOSTILE_NAME}: id PRO-99: missing or empty")
    assert any(HOSTILE_NAME in e["path"] for f in ncs for e in f["evidence"])
    assert results["organization"]["name"] == HOSTILE_ORG
    return results


def writer(name: str) -> Any:
    return next(w for w in builtin_writers() if w[0] == name)[3]


def test_markdown_report_carries_the_hostile_name_inert(hostile_results: dict[str, Any]) -> None:
    md = writer("md")(hostile_results)
    assert "<img" not in md and "<script" not in md
    assert "\x1b" not in md and "\u202e" not in md
    assert not RAW_CONTROL.search(md.replace("\n", ""))
    assert not UNESCAPED_LINK.search(md) and "![" not in md
    # Still reported, escaped, in the register.
    assert "PRO-99 &lt;img src=x onerror=alert(1)&gt;" in md
    assert "\\\\x1b\\[2J" in md  # the ESC shown as `\x1b`, its bracket escaped
    # The organization's line break did not start a new line or block.
    heading = next(line for line in md.splitlines() if line.startswith("# "))
    assert FAKE_PASS in heading
    assert not any(line.startswith("=====") for line in md.splitlines())
    html = render_gfm(md)
    if html is not None:
        tags = set(Tags(html).tags)
        assert not tags & {"img", "script", "a", "iframe", "style"}, tags


def test_terminal_summary_carries_no_control_character(
    hostile_folder: Path, hostile_results: dict[str, Any]
) -> None:
    the_plan = make_plan(hostile_folder)
    findings = the_plan.evaluate_all()
    # Show the hostile nonconformity as an observation, the one kind the summary lists with its
    # message.
    findings = [
        dataclasses.replace(f, severity="observation") if HOSTILE_NAME in f.message else f
        for f in findings
    ]
    lines = summary_lines(
        results_module.build(
            profile=the_plan.profile,
            packs=the_plan.packs,
            findings=findings,
            as_of=the_plan.as_of,
            stage=the_plan.stage,
        )
    )
    text = "\n".join(lines)
    assert HOSTILE_NAME not in text
    for line in lines:
        assert not RAW_CONTROL.search(line), repr(line)
        assert line.isprintable() or line == "", repr(line)
    assert any("PRO-99 <img src=x onerror=alert(1)>" in line for line in lines)
    assert any("\\x1b[2J\\x1b[H" + FAKE_PASS in line for line in lines)
    assert any("invoice\\u202egpj.exe" in line for line in lines)
    # The organization's name stays on the first line: no line of its own fakes a pytest result.
    assert lines[1].startswith("isocheck: Acme\\x1b[2J\\x1b[H\\n" + FAKE_PASS + "\\r")
    assert not any(line.startswith("=====") for line in lines)


class Doc(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_report_has_no_unescaped_tag(hostile_results: dict[str, Any]) -> None:
    out = writer("html")(hostile_results)
    assert "<img" not in out and "<script src" not in out and HTML_SCRIPT not in out
    assert "\x1b" not in out and "\u202e" not in out
    doc = Doc(out)
    assert [t for t, _ in doc.tags].count("script") == 1
    assert not [t for t, _ in doc.tags if t in {"img", "iframe", "object", "embed"}]
    assert not [(t, k) for t, attrs in doc.tags for k in attrs if k.startswith("on")]
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\\x1b[2J" in out and "invoice\\u202egpj.exe" in out


def test_sarif_and_oscal_keep_evidence_out_of_markup(hostile_results: dict[str, Any]) -> None:
    sarif = json.loads(writer("sarif")(hostile_results))
    run = sarif["runs"][0]
    assert any(HOSTILE_NAME in r["message"]["text"] for r in run["results"])  # plain text, exact
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["markdown"] == escape.markdown(rule["help"]["text"])
    oscal = json.loads(writer("oscal")(hostile_results))["assessment-results"]
    markup: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "description", "remarks") and isinstance(value, str):
                    markup.append(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(oscal)
    assert any("PRO-99 &lt;img" in m for m in markup)
    for m in markup:
        assert "<" not in m and "\x1b" not in m and "\u202e" not in m, m
        assert not UNESCAPED_LINK.search(m), m
    # Property values are plain strings: the file's href is percent-encoded, not escaped.
    assert oscal["metadata"]["parties"][0]["name"] == " ".join(HOSTILE_ORG.split())
