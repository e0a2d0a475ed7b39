"""An audit report as ONE self-contained HTML file: the Markdown report's content (scope, verdict,
gap analysis, nonconformity register with an empty corrective-action plan, waivers, exclusions,
observations, errors), a conformity chart per clause as inline SVG, and a findings table with
filters by standard, severity and outcome.

Nothing is fetched: the CSS and the small filter script are inline, and a Content-Security-Policy
allows only those two blocks (by hash), so even text that slipped through escaping could not load
or run anything. All text from the results is untrusted (evidence and messages come from the
evidence folder) and goes through `escape.html`: characters are escaped for element content and
quoted attribute values, and control and format characters (bidi overrides, zero-width spaces) are
shown as visible escapes so they cannot disguise a file name. No results data is embedded in the
script, which is a constant. The output is a function of the results alone:
the same results give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from importlib import resources
from typing import Any

from isocheck import escape
from isocheck.model import OUTCOMES, SEVERITIES, shown_at
from isocheck.reporting.document import consulted, files_read
from isocheck.reporting.markdown import GRADE

OUTCOME_LABEL = {
    "conform": "Conform",
    "nonconform": "Nonconform",
    "not-applicable": "Not applicable",
    "waived": "Waived",
    "error": "Error",
}
# Chart segments, in bar order: (count key, label, CSS class).
SEGMENTS = (
    ("conform", "conform", "seg-conform"),
    ("observation", "observations", "seg-observation"),
    ("minor", "minor NC", "seg-minor"),
    ("major", "major NC", "seg-major"),
    ("waived", "waived", "seg-waived"),
)

# The stylesheet and the filter script are package data, inlined into each report (no external
# asset may load) and allowed by hash in the report's content security policy.
_ASSETS = resources.files("isocheck.reporting") / "assets"
CSS = (_ASSETS / "report.css").read_text(encoding="utf-8")
SCRIPT = (_ASSETS / "report.js").read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(CSS)}; "
    f"script-src {_csp_hash(SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def e(value: Any) -> str:
    """Untrusted text, escaped for element content and quoted attribute values."""
    return escape.html("" if value is None else str(value))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ref(ev: dict[str, Any]) -> str:
    return shown_at(str(ev["path"]), ev.get("line"), ev.get("place"))


def _evidence(results: dict[str, Any], finding: dict[str, Any], none: str = "none found") -> str:
    """The rows and files at fault, then what else the rule read (a few names, and how many)."""
    refs = [_ref(ev) for ev in finding["evidence"]]
    read = files_read(consulted(results, finding))
    out = (
        '<ul class="plain">' + "".join(f"<li><code>{e(r)}</code></li>" for r in refs) + "</ul>"
        if refs
        else f'<span class="muted">{e(none)}</span>'
    )
    return out + (f'<div class="muted">{e(read)}</div>' if read else "")


def _yes_no(value: bool | None, *, none: str = "not assessed") -> str:
    if value is None:
        return f'<span class="muted">{e(none)}</span>'
    return '<span class="yes">yes</span>' if value else '<span class="no">no</span>'


def _nonconformities(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in results["findings"] if f["number"]]


def _head(results: dict[str, Any]) -> list[str]:
    org = results["organization"].get("name", "")
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="isocheck {e(results["tool"]["version"])}">',
        f"<title>Internal audit report: {e(org)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
    ]


def _masthead(results: dict[str, Any]) -> list[str]:
    org = results["organization"].get("name", "")
    stage = results["stage"]
    as_of = e(results["as_of"]) + (f" (stage {e(stage)} rules only)" if stage else "")
    errors = any(f["outcome"] == "error" for f in results["findings"])
    sections = [
        ("summary", "Scope"),
        ("verdict", "Verdict"),
        ("conformity", "Conformity chart"),
        ("gaps", "Gap analysis"),
        ("register", "Nonconformities"),
        *([("errors", "Errors")] if errors else []),
        ("findings", "All findings"),
        ("waivers", "Waivers"),
        ("exclusions", "Exclusions"),
        *([("shared-evidence", "Shared evidence")] if len(results["standards"]) > 1 else []),
        ("observations", "Observations"),
    ]
    return [
        '<a class="skip" href="#main">Skip to the report</a>',
        '<header class="masthead" id="top">',
        '<div class="wrap">',
        '<p class="kicker">Internal audit report</p>',
        f"<h1>{e(org)}</h1>",
        f'<p class="sub">Evidence as of {as_of}</p>',
        "</div>",
        "</header>",
        '<nav class="toc" aria-label="Report sections"><div class="wrap"><ul>',
        *(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in sections),
        "</ul></div></nav>",
    ]


def _summary(results: dict[str, Any]) -> list[str]:
    stage = results["stage"]
    standards = ", ".join(
        f"{e(s['title'])} (<code>{e(s['id'])}</code>)" for s in results["standards"]
    )
    packs = ", ".join(
        f"<code>{e(p['id'])}</code> {e(p['version'])} (sha256 <code>{e(p['sha256'][:12])}</code>)"
        for p in results["packs"]
    )
    as_of = e(results["as_of"]) + (f" (stage {e(stage)} rules only)" if stage else "")
    return [
        '<section id="summary" aria-labelledby="summary-h">',
        '<h2 id="summary-h">Scope and basis</h2>',
        '<dl class="facts">',
        f"<dt>Scope</dt><dd>{e(results['scope'])}</dd>",
        f"<dt>As of</dt><dd>{as_of}</dd>",
        f"<dt>Standards</dt><dd>{standards or 'none'}</dd>",
        f"<dt>Rule packs</dt><dd>{packs or 'none'}</dd>",
        f"<dt>Evidence folder</dt><dd><code>{e(results['evidence_folder'])}</code> "
        f"({len(results['evidence_manifest'])} files relied on)</dd>",
        f"<dt>Generated by</dt><dd>isocheck {e(results['tool']['version'])} at "
        f"{e(results['generated_at'])}</dd>",
        "</dl>",
        "</section>",
    ]


def _verdict_items(v: dict[str, Any]) -> list[str]:
    """The verdict's lines by the kind its pack declares; none for a partial run."""
    ready = v["passed"]
    if v["kind"] is None:
        return ["<li>No verdict: partial run</li>"]
    if v["kind"] == "certificates":
        return [f"<li>Certificates maintained: {_yes_no(ready)}</li>"]
    if v["kind"] == "gate":
        word = '<span class="yes">pass</span>' if ready else '<span class="no">fail</span>'
        return [f"<li>Gate: {word}</li>"]
    decision = (
        '<span class="yes">recommended</span>'
        if ready
        else '<span class="no">not recommended</span>'
    )
    return [
        f"<li>Stage 1 ready: {_yes_no(v['stage1_ready'])}</li>",
        f"<li>Stage 2 ready: {_yes_no(v['stage2_ready'])}</li>",
        f"<li>Certification: {decision}</li>",
    ]


def _verdicts(results: dict[str, Any]) -> list[str]:
    out = [
        '<section id="verdict" aria-labelledby="verdict-h">',
        '<h2 id="verdict-h">Readiness verdict</h2>',
        '<div class="cards">',
    ]
    run = results["run"]
    if not run["complete"]:
        out.insert(2, f'<p class="partial"><b>{e(run["headline"])}.</b></p>')
        out[3:3] = ['<ul class="reasons">', *(f"<li>{e(d)}</li>" for d in run["details"]), "</ul>"]
    for s in results["standards"]:
        v = s["verdict"] or {"kind": None, "passed": False, "reasons": []}
        t = s["totals"]
        ready = v["passed"]
        kpis = [
            ("conformity", _percent(s["conformity"]), "conformity"),
            ("major", t["major"], "major NC"),
            ("minor", t["minor"], "minor NC"),
            ("observation", t["observation"], "observations"),
            ("waived", t["waived"], "waived"),
            ("error", t["error"], "errors"),
        ]
        out += [
            f'<div class="card {"ready" if ready else "not-ready"}" data-standard="{e(s["id"])}">',
            f"<h3>{e(s['title'])}</h3>",
            '<div class="kpis">',
            *(
                f'<div class="kpi {cls}"><b>{e(value)}</b><span>{label}</span></div>'
                for cls, value, label in kpis
            ),
            "</div>",
            '<ul class="verdict">',
            *_verdict_items(v),
            "</ul>",
        ]
        if v["reasons"]:
            out.append('<ul class="reasons">')
            out += [f"<li>{e(r)}</li>" for r in v["reasons"]]
            out.append("</ul>")
        out.append("</div>")
    if not results["standards"]:
        out.append("<p>No standards were assessed.</p>")
    out += ["</div>", "</section>"]
    return out


def _num(x: float) -> str:
    """A coordinate, fixed to two decimals so the output never depends on float repr."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _chart(index: int, s: dict[str, Any]) -> list[str]:
    """Horizontal stacked bars, one per top-level clause and one for the total: the judged rules
    (conform, observation, minor, major, waived), with the conformity percentage beside each."""
    total = {
        "clause": "Total",
        "title": "",
        "counts": s["totals"],
        "conformity": s["conformity"],
        "total": True,
    }
    rows = [*s["clauses"], total]
    label_w, bar_w, pct_w, row_h, bar_h, top = 300.0, 560.0, 90.0, 30.0, 18.0, 6.0
    width = label_w + bar_w + pct_w
    height = top * 2 + row_h * len(rows) + 6
    cid = f"chart-{index}"
    out = [
        f'<figure class="chart" id="{cid}">',
        f'<figcaption id="{cid}-cap">{e(s["title"])}: conformity by clause</figcaption>',
        f'<svg class="bars" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{cid}-title">{e(s["title"])}: conformity by clause</title>',
        f'<desc id="{cid}-desc">'
        + e(
            "; ".join(
                f"{r['clause']} {r['title']}: {_percent(r['conformity'])}".replace("  ", " ")
                for r in rows
            )
        )
        + "</desc>",
    ]
    for i, row in enumerate(rows):
        y = top + i * row_h + (8.0 if row.get("total") else 0.0)
        c = row["counts"]
        judged = sum(c[key] for key, _, _ in SEGMENTS)
        full = f"{row['clause']} {row['title']}".strip()
        label = full if len(full) <= 40 else full[:39] + "…"
        weight = ' font-weight="700"' if row.get("total") else ""
        out.append(f'<g class="bar" data-clause="{e(row["clause"])}">')
        if row.get("total"):
            out.append(
                f'<line x1="0" x2="{_num(width)}" y1="{_num(y - 5)}" y2="{_num(y - 5)}" '
                'stroke="#1b2430" stroke-width="1"/>'
            )
        out.append(
            f'<text x="0" y="{_num(y + bar_h - 4)}"{weight}>{e(label)}'
            f"<title>{e(full)}</title></text>"
            f'<rect class="track" x="{_num(label_w)}" y="{_num(y)}" width="{_num(bar_w)}" '
            f'height="{_num(bar_h)}" rx="2"/>'
        )
        x = label_w
        for key, name, cls in SEGMENTS:
            if not judged or not c[key]:
                continue
            w = bar_w * c[key] / judged
            out.append(
                f'<rect class="{cls}" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
                f'height="{_num(bar_h)}"><title>{e(full)}: {c[key]} {name} of {judged} '
                f"judged</title></rect>"
            )
            x += w
        if judged:
            out.append(
                f'<text class="pct" x="{_num(label_w + bar_w + 10)}" y="{_num(y + bar_h - 4)}">'
                f"{e(_percent(row['conformity']))}</text>"
            )
        else:
            out.append(
                f'<text class="na" x="{_num(label_w + 10)}" y="{_num(y + bar_h - 4)}">'
                "not assessed (no rule judged)</text>"
            )
        out.append("</g>")
    out += [
        "</svg>",
        '<ul class="legend" aria-hidden="true">',
        *(f'<li><i class="{cls}"></i>{name}</li>' for _, name, cls in SEGMENTS),
        "</ul>",
        "</figure>",
    ]
    return out


def _charts(results: dict[str, Any]) -> list[str]:
    out = [
        '<section id="conformity" aria-labelledby="conformity-h">',
        '<h2 id="conformity-h">Conformity by clause</h2>',
        '<p class="muted">Each bar shows the rules judged under a top-level clause (not applicable '
        "and errors left out); the green part is the conformity.</p>",
    ]
    for i, s in enumerate(results["standards"], 1):
        out += _chart(i, s)
    if not results["standards"]:
        out.append("<p>No standards were assessed.</p>")
    out.append("</section>")
    return out


def _gap_tables(results: dict[str, Any]) -> list[str]:
    heads = [
        ("Clause", ""),
        ("Title", ""),
        ("Rules", "num"),
        ("Conform", "num"),
        ("Major NC", "num"),
        ("Minor NC", "num"),
        ("Observations", "num"),
        ("N/A", "num"),
        ("Waived", "num"),
        ("Errors", "num"),
        ("Conformity", "num"),
    ]

    def cells(c: dict[str, int], conformity: float | None) -> str:
        values = [
            ("rules", ""),
            ("conform", ""),
            ("major", "hot-major"),
            ("minor", "hot-minor"),
            ("observation", ""),
            ("not-applicable", ""),
            ("waived", ""),
            ("error", "hot-major"),
        ]
        tds = "".join(
            f'<td class="num{" " + hot if hot and c[k] else ""}">{e(c[k])}</td>'
            for k, hot in values
        )
        return tds + f'<td class="num">{e(_percent(conformity))}</td>'

    out = [
        '<section id="gaps" aria-labelledby="gaps-h">',
        '<h2 id="gaps-h">Gap analysis by clause</h2>',
    ]
    for s in results["standards"]:
        out += [
            '<div class="table-scroll">',
            f'<table class="gap" data-standard="{e(s["id"])}">',
            f"<caption>{e(s['title'])}</caption>",
            "<thead><tr>"
            + "".join(
                f'<th scope="col"{f" class={q(cls)}" if cls else ""}>{h}</th>' for h, cls in heads
            )
            + "</tr></thead>",
            "<tbody>",
        ]
        for row in s["clauses"]:
            out.append(
                f'<tr data-clause="{e(row["clause"])}"><th scope="row">{e(row["clause"])}</th>'
                f"<td>{e(row['title'])}</td>{cells(row['counts'], row['conformity'])}</tr>"
            )
        out += [
            "</tbody>",
            f'<tfoot><tr><th scope="row">Total</th><td></td>'
            f"{cells(s['totals'], s['conformity'])}</tr></tfoot>",
            "</table>",
            "</div>",
        ]
    if not results["standards"]:
        out.append("<p>No standards were assessed.</p>")
    out.append("</section>")
    return out


def q(value: str) -> str:
    """A quoted attribute value."""
    return '"' + e(value) + '"'


def _register(results: dict[str, Any]) -> list[str]:
    ncs = _nonconformities(results)
    out = [
        '<section id="register" aria-labelledby="register-h">',
        '<h2 id="register-h">Nonconformity register</h2>',
    ]
    if not ncs:
        out.append("<p>No nonconformities.</p>")
    for f in ncs:
        nc_id = f["number"]
        n = int(nc_id.removeprefix("NC-"))
        clauses = ", ".join(f["clauses"])
        out += [
            f'<article class="nc sev-{e(f["severity"])}" id="nc-{n:03d}" '
            f'data-rule="{e(f["rule"])}" data-standard="{e(f["standard"])}" '
            f'data-severity="{e(f["severity"])}" aria-labelledby="nc-{n:03d}-h">',
            f'<h3 id="nc-{n:03d}-h">{nc_id} <span class="badge {e(f["severity"])}">'
            f"{e(GRADE.get(f['severity'], f['severity']))}</span> {e(f['standard'])} clause "
            f'{e(clauses)} (<code class="rule">{e(f["rule"])}</code>)</h3>',
            '<dl class="facts">',
            f"<dt>Requirement</dt><dd>{e(f['title'])}</dd>",
            f"<dt>Found</dt><dd>{e(f['message'])}</dd>",
            f'<dt>Evidence</dt><dd class="evidence">{_evidence(results, f)}</dd>',
            f"<dt>Stage</dt><dd>{e(f['stage'])}</dd>",
        ]
        if len(f["details"]) > 1:
            out.append(
                "<dt>All findings</dt><dd><ul>"
                + "".join(f"<li>{e(d)}</li>" for d in f["details"])
                + "</ul></dd>"
            )
        if f["remediation"]:
            out.append(f"<dt>Remediation</dt><dd>{e(f['remediation'])}</dd>")
        out += [
            "</dl>",
            '<table class="cap">',
            f"<caption>Corrective action plan for {nc_id}</caption>",
            *(
                f'<tr><th scope="row">{label}</th><td></td></tr>'
                for label in ("Root cause", "Correction", "Corrective action", "Owner", "Due date")
            ),
            "</table>",
            "</article>",
        ]
    out.append("</section>")
    return out


def _options(name: str, label: str, values: Iterable[tuple[str, str]]) -> str:
    opts = '<option value="">All</option>' + "".join(
        f'<option value="{e(v)}">{e(text)}</option>' for v, text in values
    )
    return (
        f'<label for="filter-{name}">{label}'
        f'<select id="filter-{name}" name="{name}">{opts}</select></label>'
    )


def _findings_table(results: dict[str, Any]) -> list[str]:
    findings = results["findings"]
    standards = list(
        dict.fromkeys(
            [*(s["id"] for s in results["standards"]), *(f["standard"] for f in findings)]
        )
    )
    out = [
        '<section id="findings" aria-labelledby="findings-h">',
        '<h2 id="findings-h">All findings</h2>',
        '<div class="filters" id="filters" role="search" aria-label="Filter the findings" hidden>',
        _options("standard", "Standard", ((s, s) for s in standards)),
        _options("severity", "Severity", ((s, GRADE[s]) for s in SEVERITIES)),
        _options("outcome", "Outcome", ((o, OUTCOME_LABEL[o]) for o in OUTCOMES)),
        '<button type="button" id="filter-reset">Show all</button>',
        f'<output id="filter-count" aria-live="polite">{len(findings)} findings</output>',
        "</div>",
        '<div class="table-scroll">',
        '<table id="findings-table">',
        f"<caption>Every rule evaluated ({len(findings)} findings)</caption>",
        "<thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in (
                "Rule",
                "Clause",
                "Standard",
                "Severity",
                "Outcome",
                "Requirement and finding",
                "Evidence",
            )
        )
        + "</tr></thead>",
        "<tbody>",
    ]
    for i, f in enumerate(findings, 1):
        nc = int(f["number"].removeprefix("NC-")) if f["number"] else None
        rule = e(f["rule"])
        rule_cell = f'<a href="#nc-{nc:03d}">{rule}</a>' if nc else rule
        classes = f"finding outcome-{e(f['outcome'])}" + (" nonconformity" if nc else "")
        out.append(
            f'<tr class="{classes}" id="finding-{i:03d}" data-rule="{rule}" '
            f'data-standard="{e(f["standard"])}" data-severity="{e(f["severity"])}" '
            f'data-outcome="{e(f["outcome"])}">'
            f'<td class="rule"><code>{rule_cell}</code></td>'
            f'<td class="clause">{e(", ".join(f["clauses"]))}</td>'
            f'<td class="std">{e(f["standard"])}</td>'
            f'<td><span class="badge {e(f["severity"])}">'
            f"{e(GRADE.get(f['severity'], f['severity']))}</span></td>"
            f'<td><span class="badge o-{e(f["outcome"])}">'
            f"{e(OUTCOME_LABEL.get(f['outcome'], f['outcome']))}</span></td>"
            f'<td class="msg"><b>{e(f["title"])}</b>{e(f["message"])}</td>'
            f'<td class="evidence">{_evidence(results, f, "none")}</td>'
            "</tr>"
        )
    out += [
        '<tr id="findings-empty" hidden><td colspan="7">No finding matches the filters.</td></tr>',
        "</tbody>",
        "</table>",
        "</div>",
        "</section>",
    ]
    return out


def _errors(results: dict[str, Any]) -> list[str]:
    errors = [f for f in results["findings"] if f["outcome"] == "error"]
    if not errors:
        return []
    return [
        '<section id="errors" aria-labelledby="errors-h">',
        '<h2 id="errors-h">Rules that could not be evaluated</h2>',
        "<ul>",
        *(
            f'<li class="error" data-rule="{e(f["rule"])}"><code>{e(f["rule"])}</code> '
            f"({e(f['standard'])}): {e(f['message'])}</li>"
            for f in errors
        ),
        "</ul>",
        "</section>",
    ]


def _waivers(results: dict[str, Any]) -> list[str]:
    out = ['<section id="waivers" aria-labelledby="waivers-h">', '<h2 id="waivers-h">Waivers</h2>']
    if not results["waivers"]:
        return [*out, "<p>None.</p>", "</section>"]
    out += [
        '<div class="table-scroll"><table class="waivers">',
        "<thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Rule", "Reason", "Approver", "Expires", "Corrective action", "Status")
        )
        + "</tr></thead><tbody>",
    ]
    for w in results["waivers"]:
        status = w["status"]
        out.append(
            f'<tr data-rule="{e(w["rule"])}"><td class="nowrap"><code>{e(w["rule"])}</code></td>'
            f"<td>{e(w['reason'])}</td><td>{e(w['approver'])}</td>"
            f'<td class="nowrap">{e(w["expires"])}</td>'
            f"<td>{e(w['corrective_action'])}</td>"
            f'<td><span class="{"no" if w["expired"] else ""}">{e(status)}</span></td></tr>'
        )
    out += ["</tbody></table></div>", "</section>"]
    return out


def _exclusions(results: dict[str, Any]) -> list[str]:
    out = [
        '<section id="exclusions" aria-labelledby="exclusions-h">',
        '<h2 id="exclusions-h">Exclusions</h2>',
    ]
    if not results["exclusions"]:
        return [*out, "<p>None.</p>", "</section>"]
    out += [
        '<div class="table-scroll"><table class="exclusions">',
        '<thead><tr><th scope="col">Clause</th><th scope="col">Standard</th>'
        '<th scope="col">Justification</th></tr></thead><tbody>',
        *(
            f'<tr><td class="nowrap">{e(x["clause"])}</td>'
            f'<td class="nowrap">{e(x["standard"] or "all")}</td>'
            f"<td>{e(x['justification'])}</td></tr>"
            for x in results["exclusions"]
        ),
        "</tbody></table></div>",
        "</section>",
    ]
    return out


def _shared_evidence(results: dict[str, Any]) -> list[str]:
    """In an integrated system (more than one standard): evidence files that served several."""
    if len(results["standards"]) <= 1:
        return []
    shared = [m for m in results["evidence_manifest"] if len(m.get("standards", [])) > 1]
    out = [
        '<section id="shared-evidence" aria-labelledby="shared-evidence-h">',
        '<h2 id="shared-evidence-h">Evidence serving more than one standard</h2>',
    ]
    if not shared:
        return [*out, "<p>None.</p>", "</section>"]
    out += [
        "<ul>",
        *(f"<li><code>{e(m['path'])}</code>: {e(', '.join(m['standards']))}</li>" for m in shared),
        "</ul>",
        "</section>",
    ]
    return out


def _observations(results: dict[str, Any]) -> list[str]:
    observations = [f for f in results["findings"] if f["category"] == "observation"]
    out = [
        '<section id="observations" aria-labelledby="observations-h">',
        '<h2 id="observations-h">Observations (opportunities for improvement)</h2>',
    ]
    if not observations:
        return [*out, "<p>None.</p>", "</section>"]
    out += [
        "<ul>",
        *(
            f'<li class="observation" data-rule="{e(f["rule"])}"><code>{e(f["rule"])}</code> '
            f"({e(', '.join(f['clauses']))}): {e(f['message'])}</li>"
            for f in observations
        ),
        "</ul>",
        "</section>",
    ]
    return out


def _trend(results: dict[str, Any]) -> list[str]:
    """Conformity over earlier runs, when `isocheck report --history DIR` gave them."""
    history = results.get("history")
    if not history:
        return []
    from isocheck.reporting.trend import html_section

    return html_section(history, e)


def render(results: dict[str, Any]) -> str:
    body = [
        *_summary(results),
        *_verdicts(results),
        *_charts(results),
        *_trend(results),
        *_gap_tables(results),
        *_register(results),
        *_errors(results),
        *_findings_table(results),
        *_waivers(results),
        *_exclusions(results),
        *_shared_evidence(results),
        *_observations(results),
    ]
    out = [
        *_head(results),
        "<body>",
        *_masthead(results),
        '<main id="main" class="wrap" tabindex="-1">',
        *body,
        "</main>",
        '<footer class="wrap">',
        f"<p>Generated by isocheck {e(results['tool']['version'])} at "
        f"{e(results['generated_at'])} from a results document of format "
        f"<code>{e(results['format'])}</code>; profile sha256 "
        f"<code>{e(results['profile']['sha256'])}</code>.</p>",
        "</footer>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
