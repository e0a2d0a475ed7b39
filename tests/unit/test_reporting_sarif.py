"""The SARIF writer (`isocheck.reporting.sarif`): valid against the OASIS schema, one result per
nonconformity, located in the evidence file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from support import PLACE, expected_nonconformities, with_a_place

from isocheck.reporting.registry import builtin_writers

ROOT = Path(__file__).resolve().parents[2]
GAPS = ROOT / "examples" / "acme-qms-gaps"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_is_valid_against_the_oasis_schema(gaps: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SARIF_SCHEMA} is missing in CI")
        pytest.skip("the shared SARIF schema is not beside this checkout")
    from jsonschema import validators

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    sarif = json.loads(next(w for w in builtin_writers() if w[0] == "sarif")[3](gaps))
    assert list(cls(schema).iter_errors(sarif)) == []
    results = sarif["runs"][0]["results"]
    assert len([r for r in results if "suppressions" not in r]) == len(
        expected_nonconformities(GAPS)
    )
    first = next(r for r in results if r["ruleId"] == "iso9001-2015/QMS-7.1.5-01")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/acme-qms-gaps/resources/calibration.csv"
    assert location["region"]["startLine"] >= 2
    assert first["level"] == "warning"
    rule = sarif["runs"][0]["tool"]["driver"]["rules"][first["ruleIndex"]]
    assert rule["id"] == first["ruleId"] and rule["help"]["text"]


def test_a_place_in_a_workbook_is_the_locations_message(gaps: dict[str, Any]) -> None:
    sarif = json.loads(next(w for w in builtin_writers() if w[0] == "sarif")[3](with_a_place(gaps)))
    located = [
        location
        for result in sarif["runs"][0]["results"]
        for location in result["locations"]
        if location["physicalLocation"]["artifactLocation"]["uri"].endswith(PLACE["path"])
    ]
    assert [location["message"]["text"] for location in located] == ["sheet Risks, row 14"]
    assert "region" not in located[0]["physicalLocation"]  # a workbook has no lines


def test_a_file_name_is_percent_encoded_in_its_uri(gaps: dict[str, Any]) -> None:
    results = json.loads(json.dumps(gaps))
    finding = next(f for f in results["findings"] if f["outcome"] == "nonconform" and f["evidence"])
    finding["evidence"] = [{"path": "audits/IA 2026#05 100%.md", "line": 3, "sha256": None}]
    sarif = json.loads(next(w for w in builtin_writers() if w[0] == "sarif")[3](results))
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r.get("locations", [])
    ]
    assert "examples/acme-qms-gaps/audits/IA%202026%2305%20100%25.md" in uris
