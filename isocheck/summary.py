"""Per-clause aggregates and the certification readiness verdict, from findings alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from isocheck.model import CERTIFICATION_PACK, Finding, RulePack
from isocheck.packs import clause_sort_key

TOP_LEVEL_TITLES = {
    "4": "Context of the organization",
    "5": "Leadership",
    "6": "Planning",
    "7": "Support",
    "8": "Operation",
    "9": "Performance evaluation",
    "10": "Improvement",
    "A.5": "Organizational controls",
    "A.6": "People controls",
    "A.7": "Physical controls",
    "A.8": "Technological controls",
}
COLUMNS = ("rules", "conform", "major", "minor", "observation", "not-applicable", "waived", "error")


def top_level(clause: str) -> str:
    """The summary row a clause belongs to: "9.2.2" -> "9", "A.5.15" -> "A.5"."""
    parts = clause.split(".")
    return ".".join(parts[:2]) if parts[0] == "A" else parts[0]


def category(finding: Finding) -> str:
    """conform, major, minor, observation (nonconformities by grade), not-applicable, waived, error."""
    if finding.outcome == "nonconform":
        return finding.severity
    return finding.outcome


def blocks(finding: Finding, fail_on: str) -> bool:
    """Does this finding fail the run under --isocheck-fail-on?"""
    if finding.outcome == "error":
        return True
    if finding.outcome != "nonconform" or finding.severity == "observation":
        return False
    return finding.severity == "major" or fail_on == "minor"


@dataclass
class ClauseRow:
    clause: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def conformity(self) -> float | None:
        judged = sum(self.counts[c] for c in ("conform", "major", "minor", "observation", "waived"))
        return self.counts["conform"] / judged if judged else None


@dataclass
class Verdict:
    standard: str
    stage1_ready: bool
    stage2_ready: bool | None  # None: stage 2 not assessed in this run
    recommended: bool  # for the certification cycle: every certificate is maintained
    reasons: list[str]
    kind: str = "standard"  # or "certification-cycle"


@dataclass
class StandardSummary:
    standard: str
    rows: list[ClauseRow]
    total: ClauseRow
    verdict: Verdict


def _title(clause: str, packs: Sequence[RulePack]) -> str:
    for pack in packs:
        found = pack.clause(clause)
        if found is not None:
            return found.title
    return TOP_LEVEL_TITLES.get(clause, "")


def summarize(
    findings: Iterable[Finding], packs: Sequence[RulePack], stage: int | None = None
) -> list[StandardSummary]:
    """One summary per standard, in the order the standards first appear in `findings`."""
    by_standard: dict[str, list[Finding]] = {}
    for finding in findings:
        by_standard.setdefault(finding.standard, []).append(finding)
    out = []
    for standard, items in by_standard.items():
        std_packs = [p for p in packs if p.standard == standard]
        rows: dict[str, ClauseRow] = {}
        total = ClauseRow("all", "Total")
        for finding in items:
            key = top_level(finding.clauses[0])
            row = rows.setdefault(key, ClauseRow(key, _title(key, std_packs)))
            for target in (row, total):
                target.counts["rules"] += 1
                target.counts[category(finding)] += 1
        ordered = [rows[k] for k in sorted(rows, key=clause_sort_key)]
        out.append(StandardSummary(standard, ordered, total, verdict(standard, items, stage)))
    return out


def verdict(standard: str, findings: Sequence[Finding], stage: int | None = None) -> Verdict:
    """Readiness as a certification body would see it (ISO/IEC 17021-1 practice).

    Stage 1 is ready when no stage-1 rule has a major nonconformity. Stage 2 is ready when stage 1 is
    and no rule has a major nonconformity. Certification is recommended only when both are ready,
    nothing could not be evaluated, and the minors need corrective action plans only.
    """
    open_nc = [f for f in findings if f.outcome == "nonconform"]
    majors = [f for f in open_nc if f.severity == "major"]
    minors = [f for f in open_nc if f.severity == "minor"]
    errors = [f for f in findings if f.outcome == "error"]
    stage1_majors = [f for f in majors if f.stage == 1]
    stage1_ready = not stage1_majors and not [e for e in errors if e.stage == 1]
    stage2_ready: bool | None = None if stage == 1 else stage1_ready and not majors and not errors
    reasons: list[str] = []
    if stage1_majors:
        reasons.append(
            f"{len(stage1_majors)} major nonconformit{'y' if len(stage1_majors) == 1 else 'ies'} "
            f"in documented information (stage 1): {', '.join(f.rule for f in stage1_majors)}"
        )
    stage2_majors = [f for f in majors if f.stage == 2]
    if stage2_majors:
        reasons.append(
            f"{len(stage2_majors)} major nonconformit{'y' if len(stage2_majors) == 1 else 'ies'} "
            f"in implementation (stage 2): {', '.join(f.rule for f in stage2_majors)}"
        )
    if errors:
        reasons.append(
            f"{len(errors)} rule(s) could not be evaluated: {', '.join(f.rule for f in errors)}"
        )
    if stage == 1:
        reasons.append("stage 2 rules were not assessed in this run (--isocheck-stage 1)")
    recommended = bool(stage1_ready and stage2_ready)
    if recommended and minors:
        reasons.append(
            f"subject to accepted corrective action plans for {len(minors)} minor "
            f"nonconformit{'y' if len(minors) == 1 else 'ies'}"
        )
    waived = [f for f in findings if f.outcome == "waived"]
    if waived:
        reasons.append(f"{len(waived)} finding(s) waived: {', '.join(f.rule for f in waived)}")
    if standard == CERTIFICATION_PACK:
        maintained = not majors and not errors
        cycle_reasons = [r for r in reasons if "waived" in r or "could not be evaluated" in r]
        cycle_reasons[:0] = (
            [
                f"{len(majors)} major nonconformit{'y' if len(majors) == 1 else 'ies'} in "
                f"the certification cycle: {', '.join(f.rule for f in majors)}"
            ]
            if majors
            else []
        )
        return Verdict(
            standard, maintained, maintained, maintained, cycle_reasons, CERTIFICATION_PACK
        )
    return Verdict(standard, stage1_ready, stage2_ready, recommended, reasons)
