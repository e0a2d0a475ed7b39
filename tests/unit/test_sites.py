"""Multi-site organizations: which site a file is, the IAF MD 1 sample sizes, the next sample,
the per-site summary, and the site_sample rule (CERT-6-01) on a copy of examples/acme-multisite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import isocheck
from isocheck.model import Site
from isocheck.reporting import document, terminal
from isocheck.sites import next_sample, per_site, sample_size, sites_of

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-multisite"
SITES = (
    Site("hq", "Head office", True, ("head-office/**",)),
    Site("valencia", "Valencia", False, ("sites/valencia/**", "registers/valencia-*.csv")),
    Site("porto", "Porto", False, ("sites/porto/*.csv",)),
)


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["sites/valencia/resources/calibration.csv"], ["valencia"]),
        (["Sites/Valencia/x.md"], ["valencia"]),  # as globs match everywhere: case aside
        (["registers/valencia-risks.csv"], ["valencia"]),
        (["sites/porto/training.csv"], ["porto"]),
        (["sites/porto/deeper/training.csv"], []),  # * stays within one folder
        (["policy/quality-policy.md", "isocheck.yaml"], []),  # the organization's as a whole
        (["sites/porto/a.csv", "head-office/b.md"], ["hq", "porto"]),  # in the profile's order
        ([], []),
    ],
)
def test_a_file_belongs_to_the_sites_whose_globs_match_it(
    paths: list[str], expected: list[str]
) -> None:
    assert sites_of(paths, SITES) == expected


@pytest.mark.parametrize(
    ("n", "initial", "surveillance", "recertification"),
    [
        (1, 1, 1, 1),
        (4, 2, 2, 2),  # 2; 1.2; 1.6
        (10, 4, 2, 3),  # 3.16; 1.90; 2.53
        (25, 5, 3, 4),  # exactly 5, 3 and 4: no float rounding up to 4 and 5
    ],
)
def test_iaf_md1_sample_sizes(
    n: int, initial: int, surveillance: int, recertification: int
) -> None:
    assert sample_size("initial", n) == initial
    assert sample_size("surveillance", n) == surveillance
    assert sample_size("recertification", n) == recertification


def test_no_sites_no_sample() -> None:
    assert sample_size("initial", 0) == 0


def test_the_next_sample_is_the_central_function_then_sites_not_visited_by_id() -> None:
    sites = [("p3", False), ("hq", True), ("p1", False), ("p2", False), ("p4", False)]
    assert next_sample(sites, ["hq", "p1", "P3"], 3) == ["hq", "p2", "p4"]
    assert next_sample(sites, ["hq", "p1", "p2", "p4"], 3) == ["hq", "p3", "p1"]
    assert next_sample(sites, [], 1) == ["hq"]
    assert next_sample(sites, [], 0) == ["hq"]  # the central function every time


def test_per_site_summary_counts_rules_nonconforming_at_each_site() -> None:
    def finding(rule: str, category: str, sites: list[str], standard: str = "iso9001-2015") -> dict:
        return {"standard": standard, "rule": rule, "category": category, "sites": sites}

    findings = [
        finding("R1", "major", ["valencia"]),
        finding("R2", "minor", ["valencia", "porto"]),
        finding("R3", "conform", []),
        finding("R4", "observation", ["porto"]),  # judged, never a nonconformity
        finding("R5", "not-applicable", []),  # not judged
        finding("R2", "minor", ["valencia"], "iso14001-2015"),
    ]
    summary = {s["id"]: s for s in per_site(SITES, findings)}
    assert summary["valencia"] == {
        "id": "valencia",
        "name": "Valencia",
        "central": False,
        "rules": [
            {"standard": "iso14001-2015", "rule": "R2"},
            {"standard": "iso9001-2015", "rule": "R1"},
            {"standard": "iso9001-2015", "rule": "R2"},
        ],
        "major": 1,
        "minor": 2,
        "judged": 5,
        "conformity": 0.4,
    }
    assert (summary["porto"]["minor"], summary["porto"]["conformity"]) == (1, 0.8)
    assert (summary["hq"]["rules"], summary["hq"]["conformity"]) == ([], 1.0)


@pytest.fixture
def multisite(tmp_path: Path) -> Path:
    folder = tmp_path / "acme-multisite"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _results(folder: Path) -> dict:
    a = isocheck.evaluate(folder)
    return document.build(
        profile=a.profile, packs=a.packs, findings=a.findings, as_of=a.as_of, stage=None
    )


def _finding(results: dict, rule: str) -> dict:
    (found,) = [f for f in results["findings"] if f["rule"] == rule]
    return found


def test_the_example_conforms_and_says_which_sites_the_next_surveillance_visits(
    multisite: Path,
) -> None:
    results = _results(multisite)
    sample = _finding(results, "CERT-6-01")
    assert sample["outcome"] == "conform" and sample["sites"] == []
    assert sample["details"] == [
        "iso9001-2015: the next surveillance audit visits at least 2 of 4 sites: hq, doncaster "
        "(the central function, then the sites not visited since the initial audit of "
        "2024-01-23, by id)"
    ]
    assert [(s["id"], s["central"], s["rules"], s["conformity"]) for s in results["sites"]] == [
        ("hq", True, [], 1.0),
        ("rotherham", False, [], 1.0),
        ("barnsley", False, [], 1.0),
        ("doncaster", False, [], 1.0),
    ]
    assert all(f["sites"] == [] for f in results["findings"])
    document.validator("report.schema.json").validate(results)


def test_a_nonconformity_in_a_plants_register_names_that_plant(multisite: Path) -> None:
    register = multisite / "sites" / "doncaster" / "resources" / "calibration.csv"
    register.write_text(register.read_text().replace("2027-08-20", "2026-08-20"))
    results = _results(multisite)
    gauge = _finding(results, "QMS-7.1.5-01")
    assert gauge["outcome"] == "nonconform" and gauge["sites"] == ["doncaster"]
    by_id = {s["id"]: s for s in results["sites"]}
    assert by_id["doncaster"]["rules"] == [{"standard": "iso9001-2015", "rule": "QMS-7.1.5-01"}]
    assert by_id["doncaster"]["major"] + by_id["doncaster"]["minor"] == 1
    assert by_id["rotherham"]["rules"] == []
    lines = terminal.summary_lines(results)
    table = lines[lines.index("== per site ==") :]
    (row,) = [line for line in table if line.startswith("doncaster")]
    assert "QMS-7.1.5-01" in row and "99%" in row
    assert any(line.startswith("hq (central)") for line in table)


def test_an_audit_that_missed_its_sample_or_the_head_office(multisite: Path) -> None:
    audits = multisite / "certification" / "audits.csv"
    audits.write_text(
        audits.read_text()
        .replace("NCS-R-26-0301,hq;rotherham", "NCS-R-26-0301,rotherham")
        .replace("NCS-R-24-0312,hq;rotherham;barnsley", "NCS-R-24-0312,hq;leeds")
    )
    sample = _finding(_results(multisite), "CERT-6-01")
    assert sample["outcome"] == "nonconform" and sample["severity"] == "minor"
    assert sample["details"][:4] == [
        "certification/audits.csv:3: sites_visited 'leeds' is no site of the profile (known: hq, "
        "rotherham, barnsley, doncaster)",
        "certification/audits.csv:3: iso9001-2015: the initial audit of 2024-01-23 visited 1 of 4 "
        "sites (hq); IAF MD 1 asks for at least 2 (sqrt(n), rounded up)",
        "certification/audits.csv:5: iso9001-2015: the surveillance audit of 2026-01-27 visited 1 "
        "of 4 sites (rotherham); IAF MD 1 asks for at least 2 (0.6 sqrt(n), rounded up)",
        "certification/audits.csv:5: iso9001-2015: the surveillance audit of 2026-01-27 did not "
        "visit the central function (hq), which IAF MD 1 requires at every audit",
    ]


@pytest.mark.parametrize("sites", ["", "sites:\n  - {id: hq, name: Head office, central: true}\n"])
def test_the_sample_rule_is_not_applicable_to_a_single_site(multisite: Path, sites: str) -> None:
    profile = multisite / "isocheck.yaml"
    text = profile.read_text()
    start, end = text.index("sites:\n  - {id: hq"), text.index("# Each site keeps")
    profile.write_text(text[:start] + sites + text[end:])
    results = _results(multisite)
    sample = _finding(results, "CERT-6-01")
    assert sample["outcome"] == "not-applicable"
    assert "the rule applies from 2" in sample["message"]
    if not sites:
        assert "sites" not in results and "sites" not in sample
        assert "== per site ==" not in terminal.summary_lines(results)
