"""The results document (`isocheck.reporting.document`): what every writer renders from.

Rendered again from a saved file by `isocheck report`: tests/unit/test_cli_report.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from support import PLACE, with_a_place

ROOT = Path(__file__).resolve().parents[2]


def test_json_is_valid_against_our_schema(gaps: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    errors = list(
        Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        ).iter_errors(gaps)
    )
    assert errors == []
    assert gaps["standards"][0]["totals"]["major"] == 3
    assert all(len(e["sha256"] or "") == 64 for e in gaps["evidence_manifest"])
    assert {e["path"] for e in gaps["evidence_manifest"]} >= {
        "resources/calibration.csv",
        "policy/quality-policy.md",
    }


def test_a_place_in_a_file_without_lines_is_valid_in_the_results(gaps: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(with_a_place(gaps))) == []
    # a place is a non-empty string, never a stand-in for a line
    broken = with_a_place(gaps)
    next(f for f in broken["findings"] if f["evidence"] == [PLACE])["evidence"][0]["place"] = ""
    assert list(validator.iter_errors(broken)) != []
