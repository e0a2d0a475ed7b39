"""OSCAL assessment results: loads with compliance-trestle, carries every nonconformity with its rule
and evidence, and is byte-identical for the same results."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from support import expected_nonconformities, results_document, with_a_place

from isocheck.reporting import document as results_module
from isocheck.reporting import oscal

trestle_ar = pytest.importorskip("trestle.oscal.assessment_results")
trestle_oscal = pytest.importorskip("trestle.oscal")


ROOT = Path(__file__).resolve().parents[2]
GAPS = ROOT / "examples" / "acme-qms-gaps"
EPOCH = "1790000000"


def build_results() -> dict[str, Any]:
    return results_document(GAPS, epoch=EPOCH)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return build_results()


@pytest.fixture(scope="module")
def text(results: dict[str, Any]) -> str:
    return oscal.render(results)


@pytest.fixture(scope="module")
def doc(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    assert list(data) == ["assessment-results"]
    return data["assessment-results"]


def props(obj: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in obj.get("props", []) if p["name"] == name and p["ns"] == oscal.NS]


def test_trestle_loads_it_without_errors(text: str, doc: dict[str, Any], tmp_path: Path) -> None:
    model = trestle_ar.AssessmentResults.model_validate(doc)
    assert model.metadata.oscal_version.root.root == trestle_oscal.OSCAL_VERSION == "1.2.1"
    # The file as trestle reads it (JSON, wrapped in "assessment-results").
    path = tmp_path / "assessment-results.json"
    path.write_text(text, encoding="utf-8")
    read = trestle_ar.AssessmentResults.oscal_read(path)
    assert read is not None and read.uuid == doc["uuid"]
    # trestle's own validators: no duplicate UUIDs, references consistent.
    from trestle.core.validator_factory import validator_factory

    for mode in ("duplicates", "refs", "all"):
        validator = validator_factory.get(argparse.Namespace(mode=mode))
        assert validator.model_is_valid(read, True, None), mode


def test_document_shape(results: dict[str, Any], doc: dict[str, Any]) -> None:
    meta = doc["metadata"]
    assert results["organization"]["name"] in meta["title"]
    assert meta["last-modified"] == results["generated_at"] == "2026-09-21T14:13:20Z"
    assert (
        doc["import-ap"]["href"] == oscal.PLAN_HREF and "Placeholder" in doc["import-ap"]["remarks"]
    )
    [result] = doc["results"]
    assert result["start"] == results["generated_at"]
    [selection] = result["reviewed-controls"]["control-selections"]
    controls = [c["control-id"] for c in selection["include-controls"]]
    assert "iso9001-2015_cl_7.1.5.1" in controls and len(controls) == len(set(controls))
    assert [c["control-id"] for c in selection["exclude-controls"]] == ["iso9001-2015_cl_8.3"]
    assert len(props(selection, "rule-id")) == len(results["findings"])
    # Every uuid is unique, and every reference resolves.
    uuids = Counter(json_values(doc, "uuid"))
    assert uuids and max(uuids.values()) == 1
    observations = {o["uuid"] for o in result["observations"]}
    resources = {r["uuid"] for r in doc["back-matter"]["resources"]}
    for f in result["findings"]:
        for ref in f.get("related-observations", []):
            assert ref["observation-uuid"] in observations
    for o in result["observations"]:
        assert o["methods"] == ["EXAMINE"]
        for ev in o["relevant-evidence"]:
            for link in ev.get("links", []):
                assert link["href"][1:] in resources


def json_values(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        own = [node[key]] if key in node else []
        return own + [v for child in node.values() for v in json_values(child, key)]
    if isinstance(node, list):
        return [v for child in node for v in json_values(child, key)]
    return []


def test_every_nonconformity_is_a_not_satisfied_finding_with_its_evidence(
    results: dict[str, Any], doc: dict[str, Any]
) -> None:
    [result] = doc["results"]
    observations = {o["uuid"]: o for o in result["observations"]}
    by_rule = {props(f, "rule-id")[0]: f for f in result["findings"]}
    expected = expected_nonconformities(GAPS)
    assert len(expected) >= 16
    for rule, path in expected:
        finding = by_rule[rule]
        assert finding["target"]["status"]["state"] == "not-satisfied", rule
        assert finding["target"]["type"] == "statement-id"
        assert finding["target"]["target-id"].startswith("iso9001-2015_cl_")
        assert props(finding, "outcome") == ["nonconform"]
        assert props(finding, "severity")[0] in ("major", "minor", "observation")
        linked = [observations[r["observation-uuid"]] for r in finding["related-observations"]]
        assert all(props(o, "rule-id") == [rule] for o in linked)
        evidence = [ev for o in linked for ev in o["relevant-evidence"]]
        assert any(ev["href"] == f"examples/acme-qms-gaps/{path}" for ev in evidence), (rule, path)
        assert all(len(props(ev, "sha256")[0]) == 64 for ev in evidence), rule
    not_satisfied = [
        f
        for f in result["findings"]
        if f["target"].get("status", {}).get("state") == "not-satisfied"
    ]
    # Every nonconformity and waiver in the results, and nothing else, is not-satisfied.
    assert len(not_satisfied) == sum(
        f["outcome"] in ("nonconform", "waived") for f in results["findings"]
    )


def test_other_outcomes(results: dict[str, Any], doc: dict[str, Any]) -> None:
    [result] = doc["results"]
    by_rule = {props(f, "rule-id")[0]: f for f in result["findings"]}
    assert len(by_rule) == len(result["findings"]) == len(results["findings"])
    calibration = by_rule["QMS-7.1.5-01"]
    assert calibration["target"]["target-id"] == "iso9001-2015_cl_7.1.5.1"
    assert props(calibration, "clause") == ["7.1.5", "7.1.5.1"]
    assert props(calibration, "stage") == ["2"]
    waived = by_rule["QMS-7.1.3-01"]["target"]["status"]
    assert waived["state"] == "not-satisfied"
    assert "Waived" in waived["remarks"] and "NC-2026-11" in waived["remarks"]
    excluded = by_rule["QMS-8.3.1-01"]["target"]
    assert "status" not in excluded
    assert excluded["implementation-status"]["state"] == "not-applicable"
    satisfied = [
        f for f in result["findings"] if f["target"].get("status", {}).get("state") == "satisfied"
    ]
    assert len(satisfied) == sum(f["outcome"] == "conform" for f in results["findings"])


def test_same_results_give_byte_identical_output(results: dict[str, Any], text: str) -> None:
    assert oscal.render(build_results()) == text
    # Also after a round trip through the saved JSON results (`isocheck report`).
    assert oscal.render(json.loads(results_module.dumps(results))) == text
    # Different results give a different document UUID.
    changed = json.loads(results_module.dumps(results))
    changed["as_of"] = "2026-11-02"
    assert (
        json.loads(oscal.render(changed))["assessment-results"]["uuid"]
        != json.loads(text)["assessment-results"]["uuid"]
    )


def test_error_missing_hash_odd_clauses_and_no_findings(results: dict[str, Any]) -> None:
    odd = json.loads(results_module.dumps(results))
    broken = odd["findings"][0]
    broken["outcome"], broken["error"] = "error", "check crashed"
    broken["evidence"] = [{"path": "registers/gone.csv", "line": None, "sha256": None}]
    odd["findings"][1]["clauses"] = ["A.5.1 (a)"]
    odd["organization"]["name"] = ""
    doc = json.loads(oscal.render(odd))["assessment-results"]
    trestle_ar.AssessmentResults.model_validate(doc)
    first, second = doc["results"][0]["findings"][:2]
    assert "status" not in first["target"] and "check crashed" in first["remarks"]
    assert second["target"]["target-id"] == "iso9001-2015_cl_A.5.1__a_"
    empty = json.loads(results_module.dumps(results))
    empty["findings"], empty["evidence_manifest"] = [], []
    doc = json.loads(oscal.render(empty))["assessment-results"]
    trestle_ar.AssessmentResults.model_validate(doc)
    assert "findings" not in doc["results"][0] and "back-matter" not in doc


def test_a_place_in_a_workbook_is_described_and_a_property(results: dict[str, Any]) -> None:
    data = json.loads(oscal.render(with_a_place(results)))["assessment-results"]
    observations = data["results"][0]["observations"]
    evidence = [
        ev
        for observation in observations
        for ev in observation.get("relevant-evidence", [])
        if "Risks.xlsx" in ev["href"]
    ]
    assert evidence[0]["description"] == "Evidence file registers/Risks.xlsx, sheet Risks, row 14"
    assert props(evidence[0], "place") == ["sheet Risks, row 14"]
