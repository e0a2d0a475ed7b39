"""Per-clause aggregates and the certification readiness verdict, from findings alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from isocheck.model import NOT_ASSESSED, Finding, RulePack, clause_sort_key

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
    """Does this finding fail the run under --isocheck-fail-on (and --isocheck-baseline: a
    nonconformity the baseline already had, at the same or a higher grade, does not)?"""
    if finding.outcome == "error":
        return True
    if finding.outcome != "nonconform" or finding.severity == "observation":
        return False
    if finding.baseline in ("recurring", "regraded down"):
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


VerdictKind = Literal["certification", "gate", "certificates"]
VERDICT_KINDS: tuple[VerdictKind, ...] = ("certification", "gate", "certificates")


@dataclass(frozen=True)
class Verdict:
    """What a complete assessment of one standard (or pack) concludes, by the kind of verdict its
    pack declares: a certifiable standard's stage 1 / stage 2 readiness and certification decision;
    an internal gate's pass or fail; or whether certificates are maintained (ISO/IEC 17021-1)."""

    standard: str
    kind: VerdictKind
    passed: bool  # certification recommended; gate passed; certificates maintained
    stage1_ready: bool | None  # certification verdicts only
    stage2_ready: bool | None  # None: not a certification verdict, or stage 2 not assessed
    reasons: tuple[str, ...]

    @property
    def decision(self) -> str:
        """The decision in words: recommended, not recommended, pass, fail, maintained, ..."""
        words = {
            "certification": ("recommended", "not recommended"),
            "gate": ("pass", "fail"),
            "certificates": ("maintained", "not maintained"),
        }[self.kind]
        return words[0] if self.passed else words[1]

    def headline(self) -> list[str]:
        """The verdict as the terminal shows it, one or two lines."""
        if self.kind == "gate":
            return [f"gate: {self.decision.upper()}"]
        if self.kind == "certificates":
            return [f"certificates maintained: {'yes' if self.passed else 'NO'}"]
        stage2 = "not assessed" if self.stage2_ready is None else _yes_no(self.stage2_ready)
        return [
            f"stage 1 ready: {_yes_no(bool(self.stage1_ready))}; stage 2 ready: {stage2}",
            f"certification: {self.decision.upper()}",
        ]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@dataclass(frozen=True)
class RunStatus:
    """How much of the plan this run assessed. A verdict exists only for a complete run: any
    deselection (-k, -m, --lf, --deselect), early stop (-x, --maxfail, interrupt) or rule lost with
    a crashed worker makes the run partial, and a partial run gives no verdict at all."""

    planned: int
    assessed: int
    fail_on: str = "minor"
    lost: tuple[str, ...] = ()  # rules whose evaluation was lost (a crashed pytest-xdist worker)
    stopped: str = ""  # why the run ended early, if it did
    # the results file the run was compared with (--isocheck-baseline): path and sha256
    baseline: tuple[str, str] | None = None

    @property
    def complete(self) -> bool:
        return self.assessed == self.planned and not self.lost

    def headline(self) -> str:
        if self.complete:
            return f"complete run: all {self.planned} rules assessed"
        return (
            f"partial run: {self.assessed} of {self.planned} rules assessed; "
            "no certification or gate verdict"
        )

    def details(self) -> list[str]:
        out = []
        if self.lost:
            out.append(
                f"{len(self.lost)} rule(s) lost with a crashed worker, reported as errors: "
                + ", ".join(self.lost)
            )
        if self.stopped and not self.complete:
            out.append(self.stopped)
        missing = self.planned - self.assessed - len(self.lost)
        if missing > 0:
            out.append(
                f"{missing} rule(s) not run (deselected with -k, -m, --lf or --deselect, "
                "or after an early stop); run without them for a verdict"
            )
        return out


@dataclass
class StandardSummary:
    standard: str
    rows: list[ClauseRow]
    total: ClauseRow
    verdict: Verdict | None  # None: a partial run gives no verdict


def _title(clause: str, packs: Sequence[RulePack]) -> str:
    for pack in packs:
        found = pack.clause(clause)
        if found is not None:
            return found.title
    return TOP_LEVEL_TITLES.get(clause, "")


def verdict_kind(standard: str, packs: Sequence[RulePack]) -> VerdictKind:
    """The kind of verdict the pack assessing `standard` declares (a gate unless it says so)."""
    for pack in packs:
        if pack.standard == standard:
            return pack.verdict
    return "gate"


def summarize(
    findings: Iterable[Finding],
    packs: Sequence[RulePack],
    stage: int | None = None,
    *,
    fail_on: str = "minor",
    complete: bool = True,
) -> list[StandardSummary]:
    """One summary per standard, in the order the standards first appear in `findings`; each with
    its verdict, or none when the run is not `complete`."""
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
        judged = (
            verdict(standard, items, stage, kind=verdict_kind(standard, packs), fail_on=fail_on)
            if complete
            else None
        )
        out.append(StandardSummary(standard, ordered, total, judged))
    return out


def _count(findings: Sequence[Finding], grade: str, where: str = "") -> str:
    """ "2 major nonconformities in implementation (stage 2): R-1, R-2"."""
    n = len(findings)
    noun = f"{grade} nonconformit{'y' if n == 1 else 'ies'}"
    return f"{n} {noun}{' ' + where if where else ''}: {', '.join(f.rule for f in findings)}"


def verdict(
    standard: str,
    findings: Sequence[Finding],
    stage: int | None = None,
    *,
    kind: VerdictKind = "certification",
    fail_on: str = "minor",
) -> Verdict:
    """The verdict on a complete assessment of one standard, by kind.

    certification (ISO/IEC 17021-1 practice): stage 1 is ready when no stage-1 rule has a major
    nonconformity; stage 2 when stage 1 is and no rule has one. Certification is recommended only
    when both are ready, every rule could be evaluated, and the minors need corrective action plans
    only. A waived major is still a major to a certification auditor: it counts, and says so.

    gate: passes when no finding fails the run under `fail_on` (waivers honoured), exactly as the
    exit status does.

    certificates: every certificate is maintained when the certification cycle has no major
    nonconformity (waived or not) and every rule could be evaluated.
    """
    open_nc = [f for f in findings if f.outcome == "nonconform"]
    waived_majors = [f for f in findings if f.outcome == "waived" and f.severity == "major"]
    majors = [f for f in open_nc if f.severity == "major"]
    minors = [f for f in open_nc if f.severity == "minor"]
    errors = [f for f in findings if f.outcome == "error"]
    waived = [f for f in findings if f.outcome == "waived"]
    reasons: list[str] = []
    if kind == "gate":
        failing = [f for f in findings if blocks(f, fail_on)]
        failing_nc = [f for f in failing if f.outcome == "nonconform"]
        if failing_nc:
            reasons.append(_count(failing_nc, "failing"))
        if errors:
            reasons.append(
                f"{len(errors)} rule(s) could not be evaluated: {', '.join(f.rule for f in errors)}"
            )
        if fail_on == "major" and minors:
            reasons.append(_count(minors, "minor", "not failing (--isocheck-fail-on major)"))
        known = [f for f in open_nc if f.baseline in ("recurring", "regraded down")]
        if known:
            reasons.append(
                f"{len(known)} nonconformit{'y' if len(known) == 1 else 'ies'} already in the "
                f"baseline, not failing: {', '.join(f.rule for f in known)}"
            )
        if waived:
            reasons.append(f"{len(waived)} finding(s) waived: {', '.join(f.rule for f in waived)}")
        return Verdict(standard, kind, not failing, None, None, tuple(reasons))
    if kind == "certificates":
        if majors:
            reasons.append(_count(majors, "major", "in the certification cycle"))
        if waived_majors:
            reasons.append(_count(waived_majors, "major", "waived, not corrected"))
        if errors:
            reasons.append(
                f"{len(errors)} rule(s) could not be evaluated: {', '.join(f.rule for f in errors)}"
            )
        other_waived = [f for f in waived if f.severity != "major"]
        if other_waived:
            reasons.append(
                f"{len(other_waived)} finding(s) waived: {', '.join(f.rule for f in other_waived)}"
            )
        maintained = not majors and not waived_majors and not errors
        return Verdict(standard, kind, maintained, None, None, tuple(reasons))
    all_majors = majors + waived_majors
    stage1_majors = [f for f in all_majors if f.stage == 1]
    stage1_ready = not stage1_majors and not [e for e in errors if e.stage == 1]
    stage2_ready: bool | None = (
        None if stage == 1 else stage1_ready and not all_majors and not errors
    )
    for stage_no, label in (
        (1, "in documented information (stage 1)"),
        (2, "in implementation (stage 2)"),
    ):
        open_here = [f for f in majors if f.stage == stage_no]
        if open_here:
            reasons.append(_count(open_here, "major", label))
        waived_here = [f for f in waived_majors if f.stage == stage_no]
        if waived_here:
            reasons.append(_count(waived_here, "major", f"{label} waived, not corrected"))
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
    other_waived = [f for f in waived if f.severity != "major"]
    if other_waived:
        reasons.append(
            f"{len(other_waived)} finding(s) waived: {', '.join(f.rule for f in other_waived)}"
        )
    elsewhere = [
        f for f in findings if f.outcome == "not-applicable" and f.message.startswith(NOT_ASSESSED)
    ]
    if elsewhere:
        reasons.append(
            f"{len(elsewhere)} rule(s) {NOT_ASSESSED}, their evidence kept outside the folder "
            f"(for the auditor to sample there): {', '.join(f.rule for f in elsewhere)}"
        )
    return Verdict(standard, kind, recommended, stage1_ready, stage2_ready, tuple(reasons))
