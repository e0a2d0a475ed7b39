"""The terminal summary: per standard, one row per top-level clause, then the readiness verdict.

Text from the profile, the evidence and pack files (which may live in the evidence folder) goes
through `escape.terminal`, so no control sequence reaches the terminal and no value can add a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tabulate import tabulate

from isocheck import escape
from isocheck.model import Finding
from isocheck.summary import RunStatus, StandardSummary

if TYPE_CHECKING:
    from isocheck.engine import Plan

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


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _t(value: object) -> str:
    """A value as inert text for the terminal."""
    return escape.terminal("" if value is None else str(value))


def summary_lines(
    summaries: Sequence[StandardSummary], findings: Sequence[Finding], plan: Plan, run: RunStatus
) -> list[str]:
    profile = plan.profile
    stage = f", stage {plan.stage} only" if plan.stage else ""
    lines = [
        "",
        f"isocheck: {_t(profile.organization.get('name', ''))} - as of {plan.as_of.isoformat()}"
        f"{stage}",
        f"scope: {_t(profile.scope)}",
    ]
    if not run.complete:
        lines.append(f"** {run.headline()} **")
        lines.extend(f"  - {detail}" for detail in run.details())
    for summary in summaries:
        rows = []
        for row in [*summary.rows, summary.total]:
            c = row.counts
            rows.append(
                [
                    _t(row.clause),
                    _t(row.title),
                    c["rules"],
                    c["conform"],
                    c["major"],
                    c["minor"],
                    c["observation"],
                    c["not-applicable"],
                    c["waived"],
                    c["error"],
                    _percent(row.conformity),
                ]
            )
        lines.append("")
        lines.append(f"== {_t(summary.standard)} ==")
        lines.extend(tabulate(rows, headers=_HEADERS, tablefmt="simple").splitlines())
        v = summary.verdict
        if v is None:
            lines.append("verdict: none (partial run)")
            continue
        lines.extend(v.headline())
        lines.extend(f"  - {_t(reason)}" for reason in v.reasons)
    observations = [
        f for f in findings if f.outcome == "nonconform" and f.severity == "observation"
    ]
    if observations:
        lines.append("")
        lines.append("observations (opportunities for improvement, never failing):")
        lines.extend(
            f"  - {_t(f.standard)} {_t(f.rule)} ({_t(', '.join(f.clauses))}): {_t(f.message)}"
            for f in observations
        )
    if run.fail_on == "major":
        minors = [f for f in findings if f.outcome == "nonconform" and f.severity == "minor"]
        if minors:
            lines.append(
                f"{len(minors)} minor nonconformities shown, not failing (--isocheck-fail-on major)"
            )
    if not run.complete:  # said again last, where a reader of a CI log looks first
        lines.append(f"isocheck: {run.headline()}")
    return lines
