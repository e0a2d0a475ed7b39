"""Conformity over time: `isocheck report LATEST.json --format html --history DIR`.

Each results file in DIR (saved runs, e.g. one per month or per release) is one point: its as-of
date, and per standard the conformity, the open majors and minors, and the conformity of each
clause. The HTML report shows them as a table per standard, the open nonconformities as a small
chart, and each clause's conformity across the runs. Only complete runs count: a partial run's
figures are not a state of the management system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isocheck.errors import UsageError


def point(results: dict[str, Any], name: str) -> dict[str, Any]:
    """What a trend keeps of one run."""
    standards = {}
    for s in results["standards"]:
        standards[s["id"]] = {
            "conformity": s["conformity"],
            "majors": s["totals"].get("major", 0),
            "minors": s["totals"].get("minor", 0),
            "clauses": {c["clause"]: c["conformity"] for c in s["clauses"]},
        }
    return {
        "file": name,
        "as_of": results["as_of"],
        "generated_at": results["generated_at"],
        "standards": standards,
    }


def load_history(folder: Path) -> list[dict[str, Any]]:
    """The complete runs saved in `folder`, oldest as-of date first."""
    from isocheck.reporting.document import load

    if not folder.is_dir():
        raise UsageError(f"--history {folder}: not a folder of saved results")
    points = []
    for path in sorted(folder.glob("*.json")):
        results = load(path)
        if results["run"]["complete"]:
            points.append(point(results, path.name))
    if not points:
        raise UsageError(f"--history {folder}: no results of a complete run (*.json) in it")
    return sorted(points, key=lambda p: (p["as_of"], p["generated_at"], p["file"]))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _spark(values: list[int]) -> str:
    """Open nonconformities per run as a small inline SVG line (no script, no external file)."""
    width, height = 160, 32
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg role="img" aria-label="open nonconformities per run: '
        f'{", ".join(map(str, values))}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><polyline fill="none" stroke="currentColor" '
        f'stroke-width="2" points="{points}"/></svg>'
    )


def html_section(history: list[dict[str, Any]], e: Any) -> list[str]:
    """The trend section of the HTML report; `e` escapes text for HTML."""
    out = ['<section id="trend"><h2>Trend</h2>']
    standards = list(dict.fromkeys(s for p in history for s in p["standards"]))
    for sid in standards:
        runs = [p for p in history if sid in p["standards"]]
        opened = [p["standards"][sid]["majors"] + p["standards"][sid]["minors"] for p in runs]
        out += [
            f"<h3>{e(sid)}</h3>",
            f"<p>Open nonconformities per run: {_spark(opened)}</p>",
            "<table><thead><tr><th>as of</th><th>conformity</th><th>open majors</th>"
            "<th>open minors</th><th>results</th></tr></thead><tbody>",
        ]
        for p in runs:
            s = p["standards"][sid]
            out.append(
                f"<tr><td>{e(p['as_of'])}</td><td>{e(_percent(s['conformity']))}</td>"
                f"<td>{e(s['majors'])}</td><td>{e(s['minors'])}</td>"
                f"<td><code>{e(p['file'])}</code></td></tr>"
            )
        out.append("</tbody></table>")
        clauses = list(dict.fromkeys(c for p in runs for c in p["standards"][sid]["clauses"]))
        out.append(
            "<table><thead><tr><th>clause</th>"
            + "".join(f"<th>{e(p['as_of'])}</th>" for p in runs)
            + "</tr></thead><tbody>"
        )
        for clause in clauses:
            cells = "".join(
                f"<td>{e(_percent(p['standards'][sid]['clauses'].get(clause)))}</td>" for p in runs
            )
            out.append(f"<tr><th>{e(clause)}</th>{cells}</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return out
