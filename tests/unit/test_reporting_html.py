"""The HTML audit report: self-contained, escaped, deterministic.

Written by the pytest option, and its filters in a real headless Chromium:
tests/integration/test_reports_html_browser.py.
"""

from __future__ import annotations

import copy
import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from html_support import HOSTILE_ATTR, HOSTILE_SCRIPT, hostile, nonconformities
from support import results_document, with_a_place

from isocheck.reporting import document as results_module
from isocheck.reporting import html as html_writer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"
# Headless, and no background traffic: this machine's network is closed.
URL_ATTRS = {"src", "href", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


class Doc(HTMLParser):
    """Every start tag with its attributes, and the text of <style> and <script> elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """The results document of examples/acme-qms-gaps (major and minor nonconformities, waivers
    and an exclusion), built as the plugin builds it."""
    return results_document(EXAMPLE)


@pytest.fixture(scope="module")
def report(results: dict[str, Any]) -> str:
    return html_writer.render(results)


# --- the document ------------------------------------------------------------------------------


def test_registered_as_a_writer(results: dict[str, Any], report: str) -> None:
    from isocheck.reporting.registry import builtin_writers

    ((name, option, help_text, writer),) = [w for w in builtin_writers() if w[0] == "html"]
    assert (name, option, help_text) == (
        "html",
        "--isocheck-html",
        "write a self-contained HTML audit report",
    )
    assert writer(results) == report  # loaded on first use, the same renderer


def test_is_self_contained(report: str) -> None:
    doc = Doc(report)
    assert report.startswith('<!DOCTYPE html>\n<html lang="en">')
    # Nothing that could fetch: no links, frames, objects, images, base, or external scripts.
    for tag in ("link", "iframe", "frame", "object", "embed", "img", "base", "audio", "video"):
        assert not doc.named(tag), f"<{tag}> in a self-contained report"
    assert len(doc.named("script")) == 1
    assert "src" not in doc.named("script")[0]
    # Every URL-valued attribute is an in-page anchor.
    urls = [(t, k, v) for t, attrs in doc.tags for k, v in attrs.items() if k in URL_ATTRS]
    assert urls, "expected in-page links (table of contents, NC anchors)"
    assert all(k == "href" and (v or "").startswith("#") for _, k, v in urls), urls
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", report, re.I)
    # ... and each names an element of the page.
    ids = {attrs.get("id") for _, attrs in doc.tags}
    assert {v[1:] for _, _, v in urls if v} <= ids
    assert not re.search(r"<link\b[^>]*stylesheet", report, re.I)
    # No fetches from the CSS either.
    css = "".join(doc.raw["style"])
    assert "url(" not in css
    assert "@import" not in css
    assert "@font-face" not in css
    assert not re.search(r"https?://", css + "".join(doc.raw["script"]))


def test_csp_allows_only_the_inline_style_and_script(report: str) -> None:
    doc = Doc(report)
    (csp,) = [
        m["content"]
        for m in doc.named("meta")
        if (m.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert csp is not None
    assert "default-src 'none'" in csp
    (style,) = doc.raw["style"]
    (script,) = doc.raw["script"]
    assert html_writer._csp_hash(style) in csp
    assert html_writer._csp_hash(script) in csp
    assert "unsafe-inline" not in csp


def test_same_results_same_bytes(results: dict[str, Any], report: str) -> None:
    assert html_writer.render(copy.deepcopy(results)) == report
    # Rendered again later from the saved JSON (`isocheck report`), it is the same report.
    assert html_writer.render(json.loads(results_module.dumps(results))) == report


def test_carries_the_markdown_reports_content(results: dict[str, Any], report: str) -> None:
    doc = Doc(report)
    ids = {attrs.get("id") for _, attrs in doc.tags}
    for section in ("summary", "verdict", "conformity", "gaps", "register", "findings"):
        assert section in ids
    for section in ("waivers", "exclusions", "observations"):
        assert section in ids
    assert escape(results["scope"]) in report
    assert f"<dt>As of</dt><dd>{results['as_of']}</dd>" in report
    for s in results["standards"]:
        assert escape(s["title"]) in report
        for reason in s["verdict"]["reasons"]:
            assert escape(reason) in report
        # One gap-table row and one chart bar per top-level clause.
        for row in s["clauses"]:
            assert f'<tr data-clause="{escape(row["clause"])}">' in report
            assert f'<g class="bar" data-clause="{escape(row["clause"])}">' in report
    chart = report[report.index('id="chart-1"') : report.index("</figure>")]
    assert "<svg" in chart
    assert 'role="img"' in chart
    for w in results["waivers"]:
        assert escape(w["reason"]) in report
    assert "expired" in report  # the acme example has one expired waiver
    for x in results["exclusions"]:
        assert escape(x["justification"]) in report


def test_every_nonconformity_with_rule_evidence_and_an_empty_plan(
    results: dict[str, Any], report: str
) -> None:
    ncs = nonconformities(results)
    assert any(f["severity"] == "major" for f in ncs)
    assert any(f["severity"] == "minor" for f in ncs)
    for n, f in enumerate(ncs, 1):
        start = report.index(f'<article class="nc sev-{f["severity"]}" id="nc-{n:03d}"')
        article = report[start : report.index("</article>", start)]
        assert f'data-rule="{escape(f["rule"])}"' in article
        assert f'<code class="rule">{escape(f["rule"])}</code>' in article
        assert f["evidence"], f["rule"]
        for ev in f["evidence"]:
            assert escape(ev["path"]) in article
        assert escape(f["remediation"]) in article
        for label in ("Root cause", "Correction", "Corrective action", "Owner", "Due date"):
            assert f'<tr><th scope="row">{label}</th><td></td></tr>' in article
        # Its row in the findings table links to it.
        assert f'<a href="#nc-{n:03d}">{escape(f["rule"])}</a>' in report


def test_findings_table_has_a_row_per_finding_with_filter_attributes(
    results: dict[str, Any], report: str
) -> None:
    rows = [a for a in Doc(report).named("tr") if "finding" in (a.get("class") or "").split()]
    assert len(rows) == len(results["findings"])
    for attrs, f in zip(rows, results["findings"], strict=True):
        assert attrs["data-rule"] == f["rule"]
        assert attrs["data-standard"] == f["standard"]
        assert attrs["data-severity"] == f["severity"]
        assert attrs["data-outcome"] == f["outcome"]
    flagged = [a["data-rule"] for a in rows if "nonconformity" in (a.get("class") or "").split()]
    assert flagged == [f["rule"] for f in nonconformities(results)]
    selects = {s.get("name") for s in Doc(report).named("select")}
    assert selects == {"standard", "severity", "outcome"}


def test_hostile_text_is_escaped(results: dict[str, Any]) -> None:
    out = html_writer.render(hostile(results))
    assert HOSTILE_SCRIPT not in out
    assert escape(HOSTILE_SCRIPT) in out
    assert HOSTILE_ATTR not in out
    assert escape(HOSTILE_ATTR) in out
    doc = Doc(out)
    assert len(doc.named("script")) == 1
    assert not doc.named("img")
    handlers = [(t, k) for t, attrs in doc.tags for k in attrs if k.startswith("on")]
    assert handlers == []
    # The rule that could not run is listed, its message escaped too.
    errors = out[out.index('<section id="errors"') :]
    assert escape(HOSTILE_SCRIPT) in errors[: errors.index("</section>")]
    assert '<a href="#errors">' in out


# --- in a real browser -------------------------------------------------------------------------


def test_a_place_in_a_workbook_is_named_after_its_file(results: dict[str, Any]) -> None:
    assert "registers/Risks.xlsx, sheet Risks, row 14" in html_writer.render(with_a_place(results))
