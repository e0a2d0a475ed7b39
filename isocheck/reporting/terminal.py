"""The terminal summary, a writer like the others: per standard, one row per top-level clause, then
the verdict (or, for a partial run, why there is none). pytest prints it at the end of a run;
`isocheck report RESULTS.json --format summary` prints it again later."""

from __future__ import annotations

from typing import Any

from isocheck import escape

_HEADERS = [
    "clause",
    "title",
    "rules",
    "conform",
    "major NC",
    "minor NC",
    "obs.",
    "n/a",
    "waived",
    "error",
    "conformity",
]
_COUNTS = ("rules", "conform", "major", "minor", "observation", "not-applicable", "waived", "error")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _t(value: object) -> str:
    """A value as inert text for the terminal."""
    return escape.terminal("" if value is None else str(value))


def summary_lines(results: dict[str, Any]) -> list[str]:
    """The summary as lines, every value from the evidence or the profile made inert."""
    stage = f", stage {results['stage']} only" if results["stage"] else ""
    run = results["run"]
    lines = [
        "",
        f"isocheck: {_t(results['organization'].get('name', ''))} - as of {results['as_of']}"
        f"{stage}",
        f"scope: {_t(results['scope'])}",
    ]
    if not run["complete"]:
        lines.append(f"** {_t(run['headline'])} **")
        lines.extend(f"  - {_t(detail)}" for detail in run["details"])
    for standard in results["standards"]:
        rows = [
            [
                _t(row["clause"]),
                _t(row["title"]),
                *(row["counts"][c] for c in _COUNTS),
                _percent(row["conformity"]),
            ]
            for row in standard["clauses"]
        ]
        totals = standard["totals"]
        rows.append(
            ["all", "Total", *(totals[c] for c in _COUNTS), _percent(standard["conformity"])]
        )
        lines.append("")
        lines.append(f"== {_t(standard['id'])} ==")
        lines.extend(_table(rows, _HEADERS))
        verdict = standard["verdict"]
        if verdict is None:
            lines.append("verdict: none (partial run)")
            continue
        lines.extend(verdict["headline"])
        lines.extend(f"  - {_t(reason)}" for reason in verdict["reasons"])
    lines.extend(_per_site(results.get("sites") or []))
    findings = results["findings"]
    observations = [f for f in findings if f["category"] == "observation"]
    if observations:
        lines.append("")
        lines.append("observations (opportunities for improvement, never failing):")
        lines.extend(
            f"  - {_t(f['standard'])} {_t(f['rule'])} ({_t(', '.join(f['clauses']))}): "
            f"{_t(f['message'])}"
            for f in observations
        )
    if run["fail_on"] == "major":
        minors = sum(1 for f in findings if f["category"] == "minor")
        if minors:
            lines.append(
                f"{minors} minor nonconformities shown, not failing (--isocheck-fail-on major)"
            )
    if not run["complete"]:  # said again last, where a reader of a CI log looks first
        lines.append(f"isocheck: {_t(run['headline'])}")
    return lines


def _per_site(sites: list[dict[str, Any]]) -> list[str]:
    """A short table for a multi-site organization: per site, its nonconforming rules and its
    conformity (1 - rules nonconforming at the site / rules judged)."""
    if not sites:
        return []
    rows = [
        [
            _t(site["id"]) + (" (central)" if site["central"] else ""),
            _t(site["name"]),
            site["major"],
            site["minor"],
            _percent(site["conformity"]),
            _t(", ".join(r["rule"] for r in site["rules"][:4]))
            + (f" and {len(site['rules']) - 4} more" if len(site["rules"]) > 4 else ""),
        ]
        for site in sites
    ]
    headers = ["site", "name", "major NC", "minor NC", "conformity", "rules nonconforming"]
    return [
        "",
        "== per site ==",
        *_table(rows, headers),
        "(a nonconformity at no site's files is the organization's as a whole)",
    ]


def render(results: dict[str, Any]) -> str:
    return "\n".join(summary_lines(results)).lstrip("\n") + "\n"


def _table(rows: list[list[Any]], headers: list[str]) -> list[str]:
    # Imported here: a run that shows no table (a partial run, --collect-only) does not pay for it.
    from tabulate import tabulate

    return str(tabulate(rows, headers=headers, tablefmt="simple")).splitlines()
