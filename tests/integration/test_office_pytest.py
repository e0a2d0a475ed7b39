"""`pytest --isocheck` on an evidence folder kept in Office files: a Word policy and an Excel
register, read through the profile's mapping; findings point at a sheet's row in every report."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from office_support import word, workbook
from support import MINI_PACK, PROFILE, write_tree

pytest_plugins = ["pytester"]

POLICY = word(
    [
        ("title", "Quality policy"),
        (
            "table",
            [
                ["Document ID", "POL-01"],
                ["Title", "Quality policy"],
                ["Owner", "Ann Owner"],
                ["Approved by", "Bob Boss"],
                ["Approved on", "2026-01-10"],
                ["Next review", "2027-01-10"],
                ["Status", "Approved"],
            ],
        ),
        ("heading1", "Our commitment"),
        ("text", "We put the customer first."),
    ]
)
GAUGES = workbook(
    {
        "Lists": [["status"], ["in use"], ["retired"]],
        "Gauges": [
            ["Gauge register 2026"],
            [],
            ["Gauge", "Status", "Next calibration"],
            ["G-01", "in use", dt.datetime(2026, 12, 1)],
            ["G-02", "in use", dt.datetime(2026, 3, 1)],
            ["G-03", "retired", dt.datetime(2020, 1, 1)],
        ],
    },
    merged={"Gauges": ["A1:C1"]},
)
MAPPING = """\
document_control: {id: Document ID}
evidence:
  policy: {locations: ["Policies/*.docx"]}
  calibration:
    locations: ["Registers/Gauges.xlsx"]
    sheet: Gauges
    columns: {instrument: Gauge, status: Status, next_due: Next calibration}
  audits: {locations: ["Registers/audits.csv"]}
"""
AUDITS = "id,date,area,auditor\nIA-1,2025-12-01,Production,Quality\nIA-2,2026-06-01,Sales,Quality\n"


@pytest.fixture
def evidence(pytester: pytest.Pytester) -> Path:
    files = {
        "isocheck.yaml": PROFILE + MAPPING,
        "packs/mini.yaml": MINI_PACK,
        "Policies/Quality policy.docx": POLICY,
        "Registers/Gauges.xlsx": GAUGES,
        "Registers/audits.csv": AUDITS,
    }
    return write_tree(pytester.path / "evidence", files)


def test_a_word_policy_and_an_excel_register_are_assessed(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    out = pytester.mkdir("out")
    result = pytester.runpytest_subprocess(
        "--isocheck",
        str(evidence),
        "-p",
        "no:cacheprovider",
        f"--junitxml={out / 'junit.xml'}",
        f"--isocheck-json={out / 'results.json'}",
        f"--isocheck-sarif={out / 'isocheck.sarif'}",
        f"--isocheck-md={out / 'report.md'}",
    )
    where = "Registers/Gauges.xlsx, sheet Gauges, row 5"
    result.stdout.fnmatch_lines(
        [
            "Minor nonconformity against mini clause 7.1.5 (M-7.1.5-01): "
            # the date's column as the workbook heads it (the item keeps the pack's name)
            f"{where}: instrument G-02: Next calibration is 2026-03-01, expected on or after "
            "2026-11-01",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    cases = {
        case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
        for case in ET.parse(out / "junit.xml").getroot().iter("testcase")
    }
    assert cases["M-5.2-01"]["outcome"] == "conform"  # approved in its control table
    assert cases["M-7.1.5-01"]["outcome"] == "nonconform"
    assert where in cases["M-7.1.5-01"]["evidence"]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (finding,) = [f for f in results["findings"] if f["rule"] == "M-7.1.5-01"]
    assert finding["evidence"][0] == {
        "path": "Registers/Gauges.xlsx",
        "line": None,
        "sha256": finding["evidence"][0]["sha256"],
        "place": "sheet Gauges, row 5",
    }
    sarif = json.loads((out / "isocheck.sarif").read_text(encoding="utf-8"))
    (located,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "mini/M-7.1.5-01"]
    assert located["locations"][0]["message"] == {"text": "sheet Gauges, row 5"}
    assert f"`{where}`" in (out / "report.md").read_text(encoding="utf-8")


def test_without_the_office_extra_the_finding_says_what_to_install(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    # Where pytest runs (never in the evidence folder): the Office libraries cannot be imported.
    pytester.makeconftest(
        "import sys\nfor name in ('openpyxl', 'docx', 'pypdf'):\n    sys.modules[name] = None\n"
    )
    result = pytester.runpytest_subprocess("--isocheck", str(evidence), "-p", "no:cacheprovider")
    out = result.stdout.str()
    for path, suffix in [
        ("Policies/Quality policy.docx", ".docx"),
        ("Registers/Gauges.xlsx", ".xlsx"),
    ]:
        assert (
            f"{path}: cannot be read as evidence: reading {suffix} files needs isocheck's office "
            "extra: pip install 'isocheck[office]'\n"
        ) in out
    assert "no loader reads" not in out
