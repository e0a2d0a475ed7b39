"""The verdict and the run status (`isocheck.reporting.verdict`) on findings built in memory.

The same verdict through pytest runs, in every report: tests/integration/test_verdict_runs.py."""

from __future__ import annotations

from isocheck.certification_cycle import CERTIFICATION_PACK
from isocheck.model import Finding
from isocheck.reporting.verdict import RunStatus, verdict


def _finding(rule: str, severity: str, outcome: str, stage: int = 2) -> Finding:
    return Finding(
        standard="x",
        pack="x",
        rule=rule,
        clauses=("9.2",),
        title="t",
        severity=severity,  # type: ignore[arg-type]
        stage=stage,
        outcome=outcome,  # type: ignore[arg-type]
        message="m",
    )


def test_verdict_kinds_on_the_same_findings() -> None:
    findings = [
        _finding("A", "minor", "nonconform"),
        _finding("B", "major", "waived", stage=1),
        _finding("C", "major", "conform"),
    ]
    cert = verdict("x", findings, kind="certification")
    assert (cert.passed, cert.stage1_ready, cert.stage2_ready) == (False, False, False)
    gate_minor = verdict("x", findings, kind="gate", fail_on="minor")
    gate_major = verdict("x", findings, kind="gate", fail_on="major")
    assert (gate_minor.decision, gate_major.decision) == ("fail", "pass")
    assert (
        gate_major.reasons[0] == "1 minor nonconformity not failing (--isocheck-fail-on major): A"
    )
    certs = verdict("x", findings, kind="certificates")
    assert certs.decision == "not maintained"
    assert certs.reasons[0] == "1 major nonconformity waived, not corrected: B"


def test_run_status_is_complete_only_when_every_rule_was_assessed() -> None:
    assert RunStatus(planned=3, assessed=3).complete
    assert not RunStatus(planned=3, assessed=2).complete
    lost = RunStatus(planned=3, assessed=2, lost=("p::R",))
    assert not lost.complete
    assert lost.details()[0] == "1 rule(s) lost with a crashed worker, reported as errors: p::R"
    stopped = RunStatus(planned=3, assessed=3, stopped="the run stopped early: x")
    assert stopped.complete and stopped.details() == []


def test_a_missed_surveillance_means_certificates_not_maintained() -> None:
    missed = Finding(
        standard=CERTIFICATION_PACK,
        pack=CERTIFICATION_PACK,
        rule="CERT-3-01",
        clauses=("3",),
        title="Surveillance",
        severity="major",
        stage=2,
        outcome="nonconform",
        message="none recorded",
    )
    v = verdict(CERTIFICATION_PACK, [missed], kind="certificates")
    assert (v.kind, v.passed, v.decision) == ("certificates", False, "not maintained")
    assert v.reasons == ("1 major nonconformity in the certification cycle: CERT-3-01",)
    assert v.headline() == ["certificates maintained: NO"]
