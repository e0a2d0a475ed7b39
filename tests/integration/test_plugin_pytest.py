"""The pytest plugin, driven through pytester."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import MINI_EXPECTED, mini_files, snapshot, write_tree

pytest_plugins = ["pytester"]

NODE = "evidence/isocheck.yaml::mini::"


@pytest.fixture
def evidence(pytester: pytest.Pytester) -> Path:
    return write_tree(pytester.path / "evidence", mini_files())


def outcomes(reprec: pytest.HookRecorder) -> dict[str, str]:
    """Node id -> outcome, from pytest's reports rather than its terminal output."""
    found = {}
    for report in reprec.getreports("pytest_runtest_logreport"):
        if report.when == "call" or report.outcome != "passed":
            found[report.nodeid] = report.outcome
    return found


def test_outcomes_and_node_ids(pytester: pytest.Pytester, evidence: Path) -> None:
    reprec = pytester.inline_run("--isocheck", "evidence", "-p", "no:cacheprovider")
    assert outcomes(reprec) == {
        f"{NODE}M-5.2-01": "passed",
        f"{NODE}M-7.1.5-01": "failed",
        f"{NODE}M-8.3-01": "skipped",
        f"{NODE}M-9.2-01": "passed",
        f"{NODE}M-9.2-02": "passed",
    }
    assert reprec.ret == pytest.ExitCode.TESTS_FAILED


def test_the_evidence_is_frozen_through_pytests_last_collections_only(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    import gc

    seen: list[int] = []

    class Watch:
        @pytest.hookimpl(trylast=True)  # after isocheck's, as pytest's own collection runs
        def pytest_unconfigure(self) -> None:
            seen.append(gc.get_freeze_count())

    reprec = pytester.inline_run(
        "--isocheck", "evidence", "-p", "no:cacheprovider", plugins=[Watch()]
    )
    assert reprec.ret == pytest.ExitCode.TESTS_FAILED
    assert seen and seen[0] > 0  # out of sight while pytest collects garbage at the end
    assert gc.get_freeze_count() == 0  # and given back once the run is over


def test_failure_is_one_sentence_without_traceback(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    result = pytester.runpytest("--isocheck", "evidence")
    result.stdout.fnmatch_lines(
        [
            "Minor nonconformity against mini clause 7.1.5 (M-7.1.5-01): registers/calibration.csv:3:"
            " instrument G-02: next_due is 2026-03-01, expected on or after 2026-11-01",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "raise Nonconformity" not in result.stdout.str()


def test_summary_table_and_verdict(pytester: pytest.Pytester, evidence: Path) -> None:
    result = pytester.runpytest("--isocheck", "evidence")
    result.stdout.fnmatch_lines(
        [
            "isocheck: Mini Ltd - as of 2026-11-01",
            "== mini ==",
            "clause*title*rules*conform*major NC*minor NC*obs.*n/a*waived*error*conformity",
            "5 * Leadership * 1 * 1 * 0 * 0 * 0 * 0 * 0 * 0 *100%",
            "7 * 1 * 0 * 0 * 1 * 0 * 0 * 0 * 0 *0%",
            "9 * Performance evaluation * 2 * 1 * 0 * 0 * 1 * 0 * 0 * 0 *50%",
            "stage 1 ready: yes; stage 2 ready: yes",
            "certification: RECOMMENDED",
            "  - subject to accepted corrective action plans for 1 minor nonconformity",
            "observations (opportunities for improvement, never failing):",
            "  - mini M-9.2-02 (9.2): registers/audits.csv:3: id IA-2: auditor is 'Quality',"
            " the same as area",
        ]
    )


def test_without_isocheck_nothing_changes(pytester: pytest.Pytester, evidence: Path) -> None:
    pytester.makepyfile(test_plain="def test_one():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    without = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:isocheck")
    without.assert_outcomes(passed=1)
    assert "isocheck:" not in result.stdout.str()
    assert "evidence/isocheck.yaml" not in result.stdout.str()


def test_explicit_args_are_kept(pytester: pytest.Pytester, evidence: Path) -> None:
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    result = pytester.runpytest("--isocheck", "evidence", "test_plain.py")
    result.assert_outcomes(passed=4, failed=1, skipped=1)


def test_select_by_clause_keyword(pytester: pytest.Pytester, evidence: Path) -> None:
    result = pytester.runpytest("--isocheck", "evidence", "-k", "9.2", "-v")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK


def test_select_by_marker(pytester: pytest.Pytester, evidence: Path) -> None:
    reprec = pytester.inline_run("--isocheck", "evidence", "-m", "isocheck(severity='minor')")
    assert outcomes(reprec) == {f"{NODE}M-7.1.5-01": "failed", f"{NODE}M-9.2-01": "passed"}


def test_fail_on_major_lets_minors_through(pytester: pytest.Pytester, evidence: Path) -> None:
    result = pytester.runpytest(
        "--isocheck", "evidence", "--isocheck-fail-on", "major", "--junitxml=junit.xml", "-v"
    )
    # A nonconformity below the threshold passes, so JUnit, the summary and the exit status agree.
    result.assert_outcomes(passed=3, failed=0, skipped=1)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            f"{NODE}M-7.1.5-01 MINOR NC (not failing)*",
            "1 minor nonconformities shown, not failing (--isocheck-fail-on major)",
            "*3 passed, 1 skipped, 1 minor (not failing)*",
        ]
    )
    suite = ET.parse(pytester.path / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")
    case = next(c for c in suite.iter("testcase") if c.get("name") == "M-7.1.5-01")
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert (props["outcome"], props["severity"], props["fails_run"]) == (
        "nonconform",
        "minor",
        "no",
    )


def test_fail_on_major_still_fails_on_a_major(pytester: pytest.Pytester, tmp_path: Path) -> None:
    write_tree(
        pytester.path / "evidence",
        mini_files(**{"policy/quality-policy.md": "# no front matter\n"}),
    )
    result = pytester.runpytest("--isocheck", "evidence", "--isocheck-fail-on", "major")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*Major nonconformity against mini clause 5.2 (M-5.2-01)*"])


def test_stage_and_as_of_options(pytester: pytest.Pytester, evidence: Path) -> None:
    result = pytester.runpytest(
        "--isocheck", "evidence", "--isocheck-stage", "1", "--isocheck-as-of", "2027-06-01"
    )
    result.assert_outcomes(failed=1)  # stage 1 only: the policy review is overdue by then
    result.stdout.fnmatch_lines(
        ["*review overdue since 2027-01-10*", "isocheck: Mini Ltd - as of 2027-06-01, stage 1 only"]
    )


def test_ini_twins(pytester: pytest.Pytester, evidence: Path) -> None:
    pytester.makeini(
        "[pytest]\nisocheck = evidence\nisocheck_fail_on = major\nisocheck_as_of = 2026-11-01\n"
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=3, failed=0, skipped=1)
    assert result.ret == pytest.ExitCode.OK


def test_bad_as_of_is_a_usage_error(pytester: pytest.Pytester, evidence: Path) -> None:
    result = pytester.runpytest("--isocheck", "evidence", "--isocheck-as-of", "1/11/2026")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*isocheck: --isocheck-as-of: '1/11/2026' is not a date; write it as YYYY-MM-DD*"]
    )


def test_bad_profile_is_a_usage_error_with_line(pytester: pytest.Pytester, tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"].replace("standards: [mini]", "standards: [mini, nope]")
    write_tree(pytester.path / "evidence", mini_files(**{"isocheck.yaml": profile}))
    result = pytester.runpytest("--isocheck", "evidence")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*evidence/isocheck.yaml:4:19: unknown standard 'nope'*"])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()


def test_junit_properties(pytester: pytest.Pytester, evidence: Path) -> None:
    out = pytester.path / "junit.xml"
    pytester.runpytest("--isocheck", "evidence", f"--junitxml={out}")
    cases = {c.get("name"): c for c in ET.parse(out).getroot().iter("testcase")}
    props = {p.get("name"): p.get("value") for p in cases["M-7.1.5-01"].iter("property")}
    assert props["standard"] == "mini"
    assert props["clause"] == "7.1.5"
    assert props["rule"] == "M-7.1.5-01"
    assert props["severity"] == "minor"
    assert props["stage"] == "2"
    assert props["outcome"] == "nonconform"
    assert props["evidence"] == "registers/calibration.csv:3"


def test_waived_is_xfail_and_expired_waiver_fails(pytester: pytest.Pytester) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        "waivers:\n  - {rule: M-7.1.5-01, reason: Gauge on order, approver: Q. Director,"
        " expires: 2026-12-31}\n"
    )
    write_tree(pytester.path / "evidence", mini_files(**{"isocheck.yaml": profile}))
    result = pytester.runpytest("--isocheck", "evidence", "-rx")
    result.assert_outcomes(passed=3, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*waived by Q. Director until 2026-12-31*"])
    later = pytester.runpytest("--isocheck", "evidence", "--isocheck-as-of", "2027-01-02")
    later.stdout.fnmatch_lines(["*waiver expired on 2026-12-31*"])
    assert later.ret == pytest.ExitCode.TESTS_FAILED


def test_evidence_folder_is_unchanged(pytester: pytest.Pytester, evidence: Path) -> None:
    before = snapshot(evidence)
    pytester.runpytest("--isocheck", "evidence", f"--junitxml={pytester.path / 'j.xml'}")
    pytester.runpytest("--isocheck", "evidence", "-n", "2")
    assert snapshot(evidence) == before


def test_refuses_a_rootdir_inside_the_evidence_folder(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    before = snapshot(evidence)
    result = pytester.runpytest("--isocheck", "evidence", f"--rootdir={evidence}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--rootdir=* is inside the evidence folder *; pytest writes its cache into the rootdir*"]
    )
    assert snapshot(evidence) == before


def test_refuses_junitxml_inside_the_evidence_folder(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    result = pytester.runpytest("--isocheck", "evidence", "--junitxml=evidence/out.xml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--junitxml=evidence/out.xml would write into the evidence folder*"]
    )
    assert not (evidence / "out.xml").exists()


def junit_results(path: Path) -> dict[str, str]:
    """Test case -> passed, failure, skipped or error, from the JUnit XML report (machine-readable,
    unlike the terminal output, whose layout differs between serial and xdist runs)."""
    found = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "skipped", "error")]
        found[f"{case.get('classname')}::{case.get('name')}"] = kinds[0] if kinds else "passed"
    return found


def test_xdist_gives_the_same_outcomes(pytester: pytest.Pytester, evidence: Path) -> None:
    serial_xml, parallel_xml = pytester.path / "serial.xml", pytester.path / "parallel.xml"
    serial = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-p", "no:cacheprovider", f"--junitxml={serial_xml}"
    )
    parallel = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-n", "2", "-p", "no:cacheprovider", f"--junitxml={parallel_xml}"
    )
    assert junit_results(serial_xml) == junit_results(parallel_xml)
    assert sorted(junit_results(parallel_xml).values()) == [
        "failure",
        "passed",
        "passed",
        "passed",
        "skipped",
    ]
    assert parallel.ret == serial.ret == pytest.ExitCode.TESTS_FAILED
    # The summary is built on the controller from the workers' reports.
    parallel.stdout.fnmatch_lines(["== mini ==", "all * Total * 5 * 2 * 0 * 1 * 1 * 1 *"])


WORKERS_NOTED = """
import json
import os
import isocheck.engine

_plan = isocheck.engine.plan

def counted(*args, **kwargs):
    with open("plans.txt", "a", encoding="utf-8") as out:
        out.write(os.environ.get("PYTEST_XDIST_WORKER", "controller") + "\\n")
    return _plan(*args, **kwargs)

isocheck.engine.plan = counted

def pytest_runtest_logreport(report):
    node = getattr(report, "node", None)  # the worker, on the controller of an xdist run
    if node is not None and report.when == "call":
        with open("where.txt", "a", encoding="utf-8") as out:
            out.write(f"{report.nodeid.rsplit('::', 1)[1]} {node.gateway.id}\\n")
"""


def test_xdist_workers_get_the_plan_and_rules_divided_by_the_evidence_they_read(
    pytester: pytest.Pytester, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The runner's own conftest (not the evidence folder's) notes who planned the run and which
    # worker ran each rule; this test's own xdist worker name must not reach its controller.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    pytester.makeconftest(WORKERS_NOTED)
    result = pytester.runpytest_subprocess("--isocheck", "evidence", "-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*1 failed, 3 passed, 1 skipped*"])
    # Planned once, by the controller: the workers receive its plan.
    assert (pytester.path / "plans.txt").read_text().split() == ["controller"]
    where = dict(line.split() for line in (pytester.path / "where.txt").read_text().splitlines())
    assert len(where) == 5
    assert where["M-9.2-01"] == where["M-9.2-02"]  # both read the audit register
    assert set(where.values()) == {"gw0", "gw1"}


CONSULTED_NOTED = """
def pytest_runtest_logreport(report):
    sent = getattr(report, "isocheck_consulted", None)
    if sent is not None and getattr(report, "node", None) is not None:  # on the controller
        with open("sent.txt", "a", encoding="utf-8") as out:
            out.write(f"{sent[0]} {len(sent)}\\n")
"""


def test_xdist_workers_send_each_list_of_consulted_files_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rules reading the same evidence consulted the same files: a worker sends that list with
    # the first such finding and names it in the next; the results are those of a serial run.
    gaps = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    pytester.makeconftest(CONSULTED_NOTED)
    pytester.runpytest_subprocess("--isocheck", str(gaps), "--isocheck-json=serial.json")
    assert not (pytester.path / "sent.txt").exists()  # without workers, findings go whole
    pytester.runpytest_subprocess("--isocheck", str(gaps), "-n", "2", "--isocheck-json=xdist.json")
    sent = [line.split() for line in (pytester.path / "sent.txt").read_text().splitlines()]
    firsts = [name for name, parts in sent if parts == "2"]
    assert len(firsts) == len(set(firsts)) < len(sent)  # each list whole once, then named
    for i, (name, parts) in enumerate(sent):
        assert parts == "2" or name in firsts[: sum(p == "2" for _, p in sent[:i])]
    serial = (pytester.path / "serial.json").read_bytes()
    assert serial == (pytester.path / "xdist.json").read_bytes()
    assert json.loads(serial)["consulted_sets"]


PLUGIN = """
from isocheck import hookimpl

def explode(ctx, params):
    raise RuntimeError("plugin bug")

@hookimpl
def isocheck_register_checks(registry):
    registry.register("explode", explode, {"type": "object"})
"""


def test_check_raising_in_a_plugin_is_an_error_with_traceback(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = mini_files()["packs/mini.yaml"].replace(
        "- contains: {evidence: policy, text: [customer]}", "- explode: {}"
    )
    write_tree(pytester.path / "evidence", mini_files(**{"packs/mini.yaml": pack}))
    site = pytester.path / "site"
    write_tree(
        site,
        {
            "boomplugin.py": PLUGIN,
            "boomplugin-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: boomplugin\nVersion: 0.1\n",
            "boomplugin-0.1.dist-info/entry_points.txt": "[isocheck]\nboom = boomplugin\n",
        },
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    result = pytester.runpytest_subprocess("--isocheck", "evidence", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1, skipped=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*isocheck could not evaluate M-5.2-01*the check raised RuntimeError: plugin bug",
            "Traceback (most recent call last):",
            "*RuntimeError: plugin bug",
        ]
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "raise ImportError('no module named frobnicate')\n",
            "*isocheck plugin 'broken' could not be loaded: ImportError: no module named"
            " frobnicate. It is the entry point broken = brokenplugin of the distribution"
            " brokenplugin 0.1: fix the distribution or uninstall it (pip uninstall brokenplugin),"
            " or skip the plugin with ISOCHECK_BLOCK_PLUGINS=broken.",
        ),
        (
            "from isocheck import hookimpl\n\n@hookimpl\ndef isocheck_register_checks(registry):\n"
            "    registry.register('exists', lambda ctx, p: None, {})\n",
            "*isocheck plugin 'broken' failed in isocheck_register_checks:"
            " check 'exists' is registered twice*",
        ),
    ],
    ids=["import-fails", "duplicate-check"],
)
def test_a_broken_plugin_is_named_in_a_clear_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, source: str, expected: str
) -> None:
    write_tree(pytester.path / "evidence", mini_files())
    site = pytester.path / "site"
    write_tree(
        site,
        {
            "brokenplugin.py": source,
            "brokenplugin-0.1.dist-info/METADATA": (
                "Metadata-Version: 2.1\nName: brokenplugin\nVersion: 0.1\n"
            ),
            "brokenplugin-0.1.dist-info/entry_points.txt": "[isocheck]\nbroken = brokenplugin\n",
        },
    )
    monkeypatch.setenv("PYTHONPATH", str(site))
    result = pytester.runpytest_subprocess("--isocheck", "evidence", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([expected])
    assert "Traceback" not in result.stderr.str()
    # Without --isocheck, a broken isocheck plugin changes nothing.
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    plain = pytester.runpytest_subprocess("test_plain.py", "-p", "no:cacheprovider")
    plain.assert_outcomes(passed=1)


# --- a plugin's report writer has its own pytest option, like the built-ins ----------------------

WRITER = """
from isocheck import hookimpl

def render(results):
    return "".join(f"{f['rule']} {f['outcome'].upper()}\\n" for f in results["findings"])

@hookimpl
def isocheck_register_reporters(registry):
    registry.register("upper", OPTION, "write each rule's outcome in capitals", render)
"""
UPPER = "".join(f"{rule} {outcome.upper()}\n" for rule, outcome in MINI_EXPECTED.items())


def install_writer(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, option: str = "--isocheck-upper"
) -> None:
    """The writer `upper` as a distribution `isocheck-upper` with the entry point `upper`, found by
    pytest subprocesses (the plugin host is built once per process)."""
    site = pytester.path / "site"
    write_tree(
        site,
        {
            "upperplugin.py": f"OPTION = {option!r}\n{WRITER}",
            "isocheck_upper-0.1.dist-info/METADATA": (
                "Metadata-Version: 2.1\nName: isocheck-upper\nVersion: 0.1\n"
            ),
            "isocheck_upper-0.1.dist-info/entry_points.txt": "[isocheck]\nupper = upperplugin\n",
        },
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("ISOCHECK_BLOCK_PLUGINS", raising=False)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_plugin_writer_has_its_own_option(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, evidence: Path, workers: list[str]
) -> None:
    install_writer(pytester, monkeypatch)
    report = pytester.path / "out" / "outcomes.txt"
    report.parent.mkdir()
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-p", "no:cacheprovider", f"--isocheck-upper={report}", *workers
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stderr.str()
    assert report.read_text(encoding="utf-8") == UPPER
    result.stdout.fnmatch_lines([f"isocheck report written: upper: {report}"])
    # Written like a built-in's report: whole, and nothing left beside it.
    assert sorted(p.name for p in report.parent.iterdir()) == ["outcomes.txt"]


def test_a_plugin_writer_has_an_ini_twin_and_help(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, evidence: Path
) -> None:
    install_writer(pytester, monkeypatch)
    pytester.makeini("[pytest]\nisocheck = evidence\nisocheck_upper = outcomes.txt\n")
    # -W error: an ini key pytest does not know would be an internal error.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stderr.str()
    assert (pytester.path / "outcomes.txt").read_text(encoding="utf-8") == UPPER
    shown = pytester.runpytest_subprocess("--isocheck", "evidence", "--help")
    shown.stdout.fnmatch_lines(
        [
            "  --isocheck-upper=PATH",
            "* write each rule's outcome in capitals (plugin 'upper')",
            "  isocheck_upper (string):",
            "* write each rule's outcome in capitals (plugin 'upper')",
            "* (twin of --isocheck-upper)",
        ]
    )


def test_a_plugin_report_inside_the_evidence_folder_is_refused(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, evidence: Path
) -> None:
    install_writer(pytester, monkeypatch)
    before = snapshot(evidence)
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-p", "no:cacheprovider", "--isocheck-upper=evidence/out.txt"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: isocheck: report path evidence/out.txt is inside the evidence folder"
            " */evidence; write reports elsewhere"
        ]
    )
    assert snapshot(evidence) == before


def test_a_plugin_writer_option_needs_its_path_after_an_equals_sign(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, evidence: Path
) -> None:
    install_writer(pytester, monkeypatch)
    beside = write_tree(pytester.path / "out", {"conftest.py": "raise SystemExit('imported')\n"})
    (beside / "old.txt").write_text("from the last run\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(
        "--isocheck", "evidence", "-p", "no:cacheprovider", "--isocheck-upper", "out/old.txt"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: isocheck: write --isocheck-upper=PATH, with '=': the option comes from an"
            " isocheck plugin, which pytest loads after reading its command line once, and pytest"
            " took a separate PATH for a test path"
        ]
    )
    # Refused before pytest imported the conftest.py beside the path it took for a test path.
    assert "imported" not in result.stdout.str() + result.stderr.str()
    assert (beside / "old.txt").read_text(encoding="utf-8") == "from the last run\n"


@pytest.mark.parametrize("option", ["--isocheck-report", "--isocheck-standards"])
def test_a_plugin_writer_may_not_take_an_option_of_isocheck(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, evidence: Path, option: str
) -> None:
    # --isocheck-standards is no option of isocheck's, but its ini twin would be isocheck_standards.
    install_writer(pytester, monkeypatch, option)
    result = pytester.runpytest_subprocess("--isocheck", "evidence", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: isocheck: the report writer 'upper' of plugin 'upper' takes the option {option},"
            " which isocheck itself uses; the plugin must give its writer another option"
            " (until then, skip the plugin with ISOCHECK_BLOCK_PLUGINS)"
        ]
    )
    assert "Traceback" not in result.stderr.str()


def test_a_plugin_writer_costs_nothing_without_isocheck(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_writer(pytester, monkeypatch, "--isocheck-report")  # broken, but never loaded
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    plain = pytester.runpytest_subprocess("test_plain.py", "-p", "no:cacheprovider")
    plain.assert_outcomes(passed=1)
    # Without --isocheck the plugin's option does not exist: pytest says so, as for any option.
    unknown = pytester.runpytest_subprocess("test_plain.py", "--isocheck-upper=out.txt")
    assert unknown.ret == pytest.ExitCode.USAGE_ERROR
    unknown.stderr.fnmatch_lines(["*unrecognized arguments: --isocheck-upper=out.txt*"])


def test_the_entry_point_does_not_load_the_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys, isocheck.pytest_plugin\n"
        "heavy = [m for m in ('isocheck.engine', 'jsonschema', 'regex', 'tabulate') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
