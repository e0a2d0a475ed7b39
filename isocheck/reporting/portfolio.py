"""Many organizations at once: `isocheck report --portfolio results/*.json`.

A consultant, a group of companies or a certification body runs one job per organization (a CI
matrix, a batch system) and merges the saved results into one table: per organization and
standard, whether the run was complete, the verdict, the open majors and minors, and the
certificate with the days left before it expires (as of that organization's own as-of date).

Every value comes from results files, whose text comes from evidence folders: each format
escapes it for its destination, as the single-organization reports do.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from isocheck import escape

EXPIRING_DAYS = 90  # a certificate expiring within this many days of the as-of date is flagged


def rows(documents: Sequence[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per organization and standard, in the order of the files given."""
    out = []
    for name, results in documents:
        as_of = dt.date.fromisoformat(results["as_of"])
        findings = results["findings"]
        for standard in results["standards"]:
            sid = standard["id"]
            mine = [f for f in findings if f["standard"] == sid]
            verdict = standard.get("verdict")
            certificate = standard.get("certification") or {}
            expires = certificate.get("expires")
            days_left = None
            if expires:
                try:
                    days_left = (dt.date.fromisoformat(str(expires)) - as_of).days
                except ValueError:
                    days_left = None
            out.append(
                {
                    "results": name,
                    "organization": results["organization"].get("name", ""),
                    "as_of": results["as_of"],
                    "standard": sid,
                    "complete": results["run"]["complete"],
                    "verdict": "; ".join((verdict or {}).get("headline") or ())
                    or "none (partial run)",
                    "passed": (verdict or {}).get("passed"),
                    "open_majors": sum(
                        1 for f in mine if f["outcome"] == "nonconform" and f["severity"] == "major"
                    ),
                    "open_minors": sum(
                        1 for f in mine if f["outcome"] == "nonconform" and f["severity"] == "minor"
                    ),
                    "waived": sum(1 for f in mine if f["outcome"] == "waived"),
                    "errors": sum(1 for f in mine if f["outcome"] == "error"),
                    "certificate": str(certificate.get("certificate") or ""),
                    "expires": str(expires or ""),
                    "days_left": days_left,
                    "expiring": days_left is not None and days_left <= EXPIRING_DAYS,
                }
            )
    return out


_HEAD = ("organization", "standard", "as of", "verdict", "majors", "minors", "certificate")


def _cells(r: dict[str, Any]) -> list[str]:
    if r["expires"]:
        left = r["days_left"]
        when = (
            f"expires {r['expires']}"
            + (
                f" (expired {-left} days ago)"
                if left is not None and left < 0
                else f" ({left} days left)"
                if left is not None
                else ""
            )
            + (" !" if r["expiring"] else "")
        )
        certificate = f"{r['certificate']} {when}".strip()
    else:
        certificate = "none recorded"
    return [
        r["organization"],
        r["standard"],
        r["as_of"],
        r["verdict"],
        str(r["open_majors"]),
        str(r["open_minors"]),
        certificate,
    ]


def render_text(table: list[dict[str, Any]]) -> str:
    from tabulate import tabulate

    body = [[escape.terminal(c) for c in _cells(r)] for r in table]
    totals = (
        f"{len({r['results'] for r in table})} organization(s); "
        f"{sum(r['open_majors'] for r in table)} open major and "
        f"{sum(r['open_minors'] for r in table)} open minor nonconformities; "
        f"{sum(1 for r in table if r['expiring'])} certificate(s) expiring within "
        f"{EXPIRING_DAYS} days or expired"
    )
    return tabulate(body, headers=_HEAD, disable_numparse=True) + "\n" + totals + "\n"


def render_markdown(table: list[dict[str, Any]]) -> str:
    lines = [
        "# Portfolio",
        "",
        "| " + " | ".join(_HEAD) + " |",
        "|" + " --- |" * len(_HEAD),
    ]
    lines += ["| " + " | ".join(escape.markdown_cell(c) for c in _cells(r)) + " |" for r in table]
    return "\n".join(lines) + "\n"


def render_json(table: list[dict[str, Any]]) -> str:
    return json.dumps({"expiring_days": EXPIRING_DAYS, "rows": table}, indent=2) + "\n"


def render_html(table: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape.html(h)}</th>" for h in _HEAD)
    body = "".join(
        "<tr"
        + (' class="expiring"' if r["expiring"] else "")
        + ">"
        + "".join(f"<td>{escape.html(c)}</td>" for c in _cells(r))
        + "</tr>"
        for r in table
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<title>Portfolio</title></head><body><h1>Portfolio</h1>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<p>A certificate marked ! expires within {EXPIRING_DAYS} days of its organization's "
        "as-of date, or has expired.</p></body></html>\n"
    )


RENDERERS = {"text": render_text, "md": render_markdown, "json": render_json, "html": render_html}
