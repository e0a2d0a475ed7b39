"""Every folder in examples/ is a fixture: it gives exactly the findings its expected-findings.yaml
documents (every rule not listed conforms), through the engine and through pytest, also under -n 2."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

import isocheck

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if (p / "isocheck.yaml").is_file())


def expected(folder: Path) -> tuple[dt.date, set[tuple[str, str, str]]]:
    data = yaml.safe_load((folder / "expected-findings.yaml").read_text(encoding="utf-8"))
    return data["as_of"], {(f["pack"], f["rule"], f["outcome"]) for f in data["findings"] or []}


# The outcome counts a run gives, as pytest's summary line names them
COUNTED = ("failed", "passed", "skipped", "xfailed", "xpassed", "errors")


def documented_counts(folder: Path) -> dict[str, int]:
    """The outcome counts the folder's README gives after its command ("pytest --isocheck
    examples/acme-qms   # 124 passed, 12 skipped (8.3 excluded, ...)")."""
    text = (folder / "README.md").read_text(encoding="utf-8")
    command = rf"pytest --isocheck examples/{re.escape(folder.name)}[ \t]+#[ \t]*([^(\n]+)"
    match = re.search(command, text)
    assert match, f"{folder.name}/README.md gives no command with the counts of its run"
    return {word: int(count) for count, word in re.findall(r"(\d+) (\w+)", match.group(1))}


def test_there_are_examples() -> None:
    names = {p.name for p in FOLDERS}
    assert {"acme-qms", "acme-qms-gaps"} <= names
    for folder in FOLDERS:
        assert (folder / "expected-findings.yaml").is_file(), folder
        assert (folder / "README.md").is_file(), folder


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_engine_gives_exactly_the_documented_findings(folder: Path) -> None:
    as_of, wanted = expected(folder)
    assessment = isocheck.evaluate(folder, as_of=as_of)
    actual = {(f.pack, f.rule, f.outcome) for f in assessment.findings if f.outcome != "conform"}
    assert sorted(actual - wanted) == [], "findings not documented"
    assert sorted(wanted - actual) == [], "documented findings not given"
    assert not [f for f in assessment.findings if f.outcome == "error"]


def junit_outcomes(path: Path) -> set[tuple[str, str, str]]:
    found = set()
    for case in ET.parse(path).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if props.get("outcome") != "conform":
            found.add(
                (case.get("classname", "").rsplit(".", 1)[-1], props["rule"], props["outcome"])
            )
    return found


@pytest.mark.parametrize("workers", ["0", "2"])
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_pytest_run_matches_and_exits_as_documented(
    pytester: pytest.Pytester, folder: Path, workers: str
) -> None:
    as_of, wanted = expected(folder)
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        "--isocheck",
        str(folder),
        "--isocheck-as-of",
        str(as_of),
        "-n",
        workers,
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
    )
    assert junit_outcomes(junit) == wanted
    outcomes = result.parseoutcomes()
    counted = {word: outcomes[word] for word in COUNTED if outcomes.get(word)}
    assert counted == documented_counts(folder), "the README's counts of the run are out of date"
    # Observations are nonconform findings that never fail the run.
    graded = {(f.pack, f.rule): f.severity for f in isocheck.evaluate(folder, as_of=as_of).findings}
    blocking = any(o == "nonconform" and graded[(p, r)] != "observation" for p, r, o in wanted)
    assert result.ret == (pytest.ExitCode.TESTS_FAILED if blocking else pytest.ExitCode.OK)


def test_the_quick_start_counts_the_rules_the_example_passes() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(r"(\d+) rules conform", readme)
    assert said, "README.md's quick start no longer says how many rules conform"
    assert int(said.group(1)) == documented_counts(EXAMPLES / "acme-qms")["passed"]


def test_integrated_system_shows_every_standard_and_the_shared_evidence(
    pytester: pytest.Pytester,
) -> None:
    folder = EXAMPLES / "acme-ims"
    report = pytester.path / "ims.md"
    result = pytester.runpytest_subprocess(
        "--isocheck", str(folder), "-p", "no:cacheprovider", f"--isocheck-md={report}"
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "== iso9001-2015 ==",
            "*",
            "== iso14001-2015 ==",
            "*",
            "== iso45001-2018 ==",
            "*",
            "== certification-cycle ==",
        ],
        consecutive=False,
    )
    text = report.read_text(encoding="utf-8")
    shared = text.split("## Evidence serving more than one standard", 1)[1].split("\n## ", 1)[0]
    assert "`audits/programme.csv`: iso14001-2015, iso45001-2018, iso9001-2015" in shared
    assert "`improvement/nonconformities.csv`:" in shared


def test_the_multisite_example_shows_each_site_and_names_the_plant_at_fault(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    folder = tmp_path / "acme-multisite"
    shutil.copytree(EXAMPLES / "acme-multisite", folder)
    results = pytester.path / "results.json"
    args = ["--isocheck", str(folder), "-p", "no:cacheprovider", f"--isocheck-json={results}"]
    result = pytester.runpytest_subprocess(*args)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "== per site ==",
            "site * name * major NC * minor NC * conformity*",
            "hq (central) *100%*",
        ],
        consecutive=False,
    )
    data = json.loads(results.read_text(encoding="utf-8"))
    assert [(s["id"], s["conformity"]) for s in data["sites"]] == [
        ("hq", 1.0),
        ("rotherham", 1.0),
        ("barnsley", 1.0),
        ("doncaster", 1.0),
    ]
    (sample,) = [f for f in data["findings"] if f["rule"] == "CERT-6-01"]
    assert sample["outcome"] == "conform" and "hq, doncaster" in sample["details"][0]

    # An overdue gauge in the Barnsley plant's register is Barnsley's nonconformity.
    register = folder / "sites" / "barnsley" / "resources" / "calibration.csv"
    register.write_text(register.read_text(encoding="utf-8").replace("2027-03-02", "2026-03-02"))
    result = pytester.runpytest_subprocess(*args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["== per site ==", "barnsley *QMS-7.1.5-01*"], consecutive=False)
    data = json.loads(results.read_text(encoding="utf-8"))
    (gauge,) = [f for f in data["findings"] if f["rule"] == "QMS-7.1.5-01"]
    assert gauge["sites"] == ["barnsley"]
    assert gauge["evidence"][0]["path"] == "sites/barnsley/resources/calibration.csv"
    by_id = {s["id"]: s for s in data["sites"]}
    assert by_id["barnsley"]["rules"] == [{"standard": "iso9001-2015", "rule": "QMS-7.1.5-01"}]
    assert by_id["barnsley"]["conformity"] < 1 and by_id["doncaster"]["conformity"] == 1.0


def test_the_office_example_reads_as_its_generator_writes_it(tmp_path: Path) -> None:
    """examples/acme-office is examples/make_acme_office.py's output: the same files, each read
    the same (their bytes differ by the time stamps inside them)."""
    import importlib.util

    from isocheck.evidence import EvidenceIndex
    from isocheck.plugins import make_host

    spec = importlib.util.spec_from_file_location(
        "make_acme_office", EXAMPLES / "make_acme_office.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    made = generator.files()
    folder = EXAMPLES / "acme-office"
    kept = {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name not in ("isocheck.yaml", "README.md", "expected-findings.yaml")
    }
    assert set(made) == kept
    loaders = make_host(load_entry_points=False).loaders
    generated = EvidenceIndex(None, loaders, files=made)
    committed = EvidenceIndex(folder, loaders)

    def read(index: EvidenceIndex, path: str) -> tuple[object, ...]:
        parsed = index.parsed(path)
        rows = [(row.fields, row.place) for row in parsed.rows or []]
        return (parsed.error, parsed.text, parsed.headings, parsed.fields, parsed.header, rows)

    for path in sorted(made):
        assert read(generated, path) == read(committed, path), path
    committed.close()
