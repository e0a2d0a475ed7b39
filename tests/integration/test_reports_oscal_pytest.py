"""OSCAL assessment results written by the pytest option `--isocheck-oscal`.

The document itself (trestle, findings, determinism): tests/unit/test_reporting_oscal.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import results_document

from isocheck.reporting.registry import builtin_writers

trestle_ar = pytest.importorskip("trestle.oscal.assessment_results")

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
GAPS = ROOT / "examples" / "acme-qms-gaps"
EPOCH = "1790000000"


def build_results() -> dict[str, Any]:
    return results_document(GAPS, epoch=EPOCH)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return build_results()


def test_registered_as_isocheck_oscal(pytester: pytest.Pytester, results: dict[str, Any]) -> None:
    assert ("oscal", "--isocheck-oscal") in [(w[0], w[1]) for w in builtin_writers()]
    out = pytester.path / "ar.json"
    pytester.runpytest_subprocess(
        "--isocheck", str(GAPS), "-p", "no:cacheprovider", f"--isocheck-oscal={out}"
    )
    model = trestle_ar.AssessmentResults.oscal_read(out)
    assert model is not None
    findings = model.results[0].findings or []
    assert sum(
        f.target.status is not None and f.target.status.state.value == "not-satisfied"
        for f in findings
    ) == sum(f["outcome"] in ("nonconform", "waived") for f in results["findings"])
