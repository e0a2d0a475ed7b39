"""The evidence folder is data: nothing in it runs, configures the run, or receives pytest's writes.

Each case is written the way a hostile auditee would write it: a file that, if pytest honoured it,
would forge the verdict (every outcome passed) and leave a marker file behind. The mini folder has
one failing minor nonconformity, so a forged run is visible as exit status 0.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import mini_files, snapshot, write_tree

pytest_plugins = ["pytester"]

FORGE = """\
import pathlib
pathlib.Path({marker!r}).write_text("imported")
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
"""


@pytest.fixture
def evidence(pytester: pytest.Pytester) -> Path:
    return write_tree(pytester.path / "evidence", mini_files())


@pytest.fixture
def marker(pytester: pytest.Pytester) -> Path:
    return pytester.path / "forged.txt"


@pytest.mark.parametrize(
    "where",
    ["conftest.py", "registers/conftest.py", "policy/__init__.py", "test_forge.py"],
)
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_python_files_in_the_folder_are_never_imported(
    pytester: pytest.Pytester, evidence: Path, marker: Path, where: str, workers: list[str]
) -> None:
    write_tree(evidence, {where: FORGE.format(marker=str(marker))})
    if where == "policy/__init__.py":  # a package beside a conftest that would import it
        write_tree(evidence, {"policy/conftest.py": "from . import *\n"})
    before = snapshot(evidence)
    result = pytester.runpytest_subprocess("--isocheck", "evidence", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    assert not marker.exists()
    assert snapshot(evidence) == before


CONFIGS = {
    "pytest.ini": "[pytest]\naddopts = -p evilplugin --isocheck-fail-on major\npythonpath = .\n",
    "tox.ini": "[pytest]\naddopts = -p evilplugin\npythonpath = .\n",
    "setup.cfg": "[tool:pytest]\naddopts = -p evilplugin\npythonpath = .\n",
    "pyproject.toml": (
        '[tool.pytest.ini_options]\naddopts = "-p evilplugin --isocheck-fail-on major"\n'
        'pythonpath = ["."]\n'
    ),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_configuration_in_the_folder_stops_the_run(
    pytester: pytest.Pytester,
    evidence: Path,
    marker: Path,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_tree(
        evidence,
        {name: CONFIGS[name], "evilplugin.py": FORGE.format(marker=str(marker))},
    )
    before = snapshot(evidence)
    # pytest reads configuration around the first path of its command line before any plugin
    # loads; isocheck refuses the run at its first chance, naming the file and why. The
    # folder's plugin has been imported by then (the README says so), and where Python keeps
    # bytecode it writes it beside the plugin: this form is tested without, the next with.
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    result = pytester.runpytest_subprocess("--isocheck", "evidence")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"*{name}*inside the evidence folder*cannot configure its own audit*"]
    )
    result.stdout.no_fnmatch_line("*passed*")
    # Written as --isocheck=DIR, the folder is never searched for configuration at all: nothing
    # is written into it even where Python keeps bytecode.
    marker.unlink(missing_ok=True)
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE")
    safe = pytester.runpytest_subprocess("--isocheck=evidence")
    assert safe.ret == pytest.ExitCode.TESTS_FAILED
    safe.assert_outcomes(passed=3, failed=1, skipped=1)
    assert not marker.exists()
    assert snapshot(evidence) == before


@pytest.fixture
def far_away() -> Iterator[Path]:
    """A folder that shares only / with pytester's directory (a mounted share, /srv/qms)."""
    try:
        top = Path(tempfile.mkdtemp(prefix="isocheck-share-", dir="/"))
    except OSError:
        pytest.skip("/ is not writable here; CI runs as root")
    try:
        yield top
    finally:
        shutil.rmtree(top)


def test_runs_from_a_directory_that_shares_only_the_root(
    pytester: pytest.Pytester, far_away: Path, marker: Path
) -> None:
    evidence = write_tree(far_away / "qms", mini_files())
    write_tree(evidence, {"conftest.py": FORGE.format(marker=str(marker))})
    before = snapshot(evidence)
    for workers in ([], ["-n", "2"]):
        result = pytester.runpytest_subprocess("--isocheck", str(evidence), *workers)
        assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stderr.str()
        result.assert_outcomes(passed=3, failed=1, skipped=1)
    # pytest's own state lands where pytest runs, and --lf finds it there.
    assert (pytester.path / ".pytest_cache").is_dir()
    again = pytester.runpytest_subprocess("--isocheck", str(evidence), "--lf")
    again.assert_outcomes(failed=1)
    again.stdout.fnmatch_lines(["*partial run: 1 of 5 rules assessed*"])
    assert not marker.exists()
    assert snapshot(evidence) == before


def test_running_inside_the_folder_is_refused(pytester: pytest.Pytester, evidence: Path) -> None:
    before = snapshot(evidence)
    os.chdir(evidence)
    result = pytester.runpytest_subprocess("--isocheck", ".")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*pytest runs in *, inside the evidence folder*"])
    assert snapshot(evidence) == before


def test_a_collection_path_inside_the_folder_is_refused(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    result = pytester.runpytest("--isocheck", "evidence", "evidence/registers")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*evidence/registers is inside the evidence folder*"])


@pytest.mark.parametrize(
    ("option", "shown", "created"),
    [
        (["-o", "cache_dir=evidence/cache"], "cache_dir = evidence/cache", "cache"),
        (["--log-file=evidence/run.log"], "--log-file=evidence/run.log", "run.log"),
        (["--basetemp=evidence/tmp"], "--basetemp=evidence/tmp", "tmp"),
        (["--debug=evidence/debug.log"], "--debug=evidence/debug.log", "debug.log"),
        (["--junitxml=evidence/junit.xml"], "--junitxml=evidence/junit.xml", "junit.xml"),
    ],
    ids=["cache_dir", "log-file", "basetemp", "debug", "junitxml"],
)
def test_options_that_write_into_the_folder_are_refused(
    pytester: pytest.Pytester, evidence: Path, option: list[str], shown: str, created: str
) -> None:
    before = snapshot(evidence)
    result = pytester.runpytest_subprocess("--isocheck", "evidence", *option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{shown}*evidence folder*"])
    assert not (evidence / created).exists()
    assert snapshot(evidence) == before


def test_isocheck_in_the_project_ini_joins_the_project_tests(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    pytester.makeini("[pytest]\nisocheck = evidence\ntestpaths = tests\n")
    write_tree(pytester.path / "tests", {"test_app.py": "def test_app():\n    assert True\n"})
    result = pytester.runpytest("-v")
    result.stdout.fnmatch_lines(["tests/test_app.py::test_app PASSED*"])
    result.assert_outcomes(passed=4, failed=1, skipped=1)
    plain = pytester.runpytest("-v", "-p", "no:isocheck")
    plain.assert_outcomes(passed=1)
    spread = pytester.runpytest_subprocess("-n", "2", "--junitxml=j.xml")
    spread.assert_outcomes(passed=4, failed=1, skipped=1)
    assert 'classname="tests.test_app"' in (pytester.path / "j.xml").read_text()


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_terminal_escape_sequences_in_file_names_are_shown_not_obeyed(
    pytester: pytest.Pytester, evidence: Path, workers: list[str]
) -> None:
    # A fake all-clear that a raw terminal would print over the real result.
    name = "policy/\x1b[2J\x1b[H==== 5 passed ====\r.md"
    write_tree(evidence, {name: "no front matter\n"})
    result = pytester.runpytest_subprocess("--isocheck", "evidence", *workers)
    out = result.stdout.str()
    assert "\x1b" not in out and "\r" not in out
    assert "\\x1b[2J" in out
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_code_imported_from_the_folder_before_isocheck_loaded_stops_the_run(
    pytester: pytest.Pytester, evidence: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(evidence, {"evilplugin.py": FORGE.format(marker=str(marker))})
    monkeypatch.setenv("PYTHONPATH", str(evidence))
    result = pytester.runpytest_subprocess("--isocheck=evidence", "-p", "evilplugin")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*pytest imported evilplugin (*evilplugin.py) from inside*"])
    result.stdout.no_fnmatch_line("*passed*")


def test_a_test_named_folder_beside_the_working_directory_is_not_imported(
    pytester: pytest.Pytester, marker: Path
) -> None:
    # pytest imports conftest.py from the test* folders beside where it runs, at start-up.
    folder = write_tree(pytester.path / "test-evidence", mini_files())
    write_tree(folder, {"conftest.py": FORGE.format(marker=str(marker))})
    result = pytester.runpytest_subprocess("--isocheck=test-evidence")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*would import *conftest.py at start-up*"])
    assert not marker.exists()
