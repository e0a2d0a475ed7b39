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
from isocheck.summary import StandardSummary, blocks

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
    summaries: Sequence[StandardSummary], findings: Sequence[Finding], plan: Plan, fail_on: str
) -> list[str]:
    profile = plan.profile
    stage = f", stage {plan.stage} only" if plan.stage else ""
    lines = [
        "",
        f"isocheck: {_t(profile.organization.get('name', ''))} - as of {plan.as_of.isoformat()}"
        f"{stage}",
        f"scope: {_t(profile.scope)}",
    ]
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
        if v.kind == "certification-cycle":
            lines.append(f"certificates maintained: {'yes' if v.recommended else 'NO'}")
            lines.extend(f"  - {_t(reason)}" for reason in v.reasons)
            continue
        stage2 = "not assessed" if v.stage2_ready is None else ("yes" if v.stage2_ready else "no")
        lines.append(f"stage 1 ready: {'yes' if v.stage1_ready else 'no'}; stage 2 ready: {stage2}")
        decision = "RECOMMENDED" if v.recommended else "NOT RECOMMENDED"
        lines.append(f"certification: {decision}")
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
    if fail_on == "major":
        minors = [f for f in findings if f.outcome == "nonconform" and f.severity == "minor"]
        if minors and not any(blocks(f, fail_on) for f in findings):
            lines.append(
                f"{len(minors)} minor nonconformities shown, not failing (--isocheck-fail-on major)"
            )
    return lines
