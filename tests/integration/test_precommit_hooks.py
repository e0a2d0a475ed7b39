"""The pre-commit hooks of .pre-commit-hooks.yaml, as another repository gets them: pre-commit
installs isocheck from a git repository holding this checkout's working tree (committed afresh, so
uncommitted changes are what is tested, and no .git of the checkout is needed), then
`pre-commit try-repo` runs its hooks on good and broken profiles and packs of a user's repository.
pre-commit's own state goes to a PRE_COMMIT_HOME of the test's, never the user's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import write_tree

ROOT = Path(__file__).resolve().parents[2]
# What `pip install .` of the hook repository needs: the package, its data and its metadata.
PROJECT = ("isocheck", "rulepacks", "schemas", "pyproject.toml", "README.md")

try:
    import pre_commit  # noqa: F401
except ImportError:  # pragma: no cover - the dev extra installs it
    pytestmark = pytest.mark.skip(
        reason="pre-commit is not installed (pip install -c constraints.txt -e '.[dev]')"
    )

GOOD_PACK = """\
format: isocheck/rulepack/v2
pack: {id: calibration, standard: calibration, edition: "1", version: "1.0.0", title: Calibration}
clauses:
  - {id: "7.1.5", title: Monitoring and measuring resources}
evidence:
  calibration:
    kind: table
    title: Calibration register
    locations: ["resources/calibration.csv"]
    columns: [instrument, status, next_due]
rules:
  - id: CAL-01
    clauses: ["7.1.5"]
    title: Every instrument in use is calibrated
    severity: major
    stage: 2
    checks:
      - records:
          evidence: calibration
          where: {status: {equals: in use}}
          require: {next_due: {on_or_after: as_of}}
    remediation: Calibrate or withdraw every overdue instrument.
    examples:
      pass:
        - name: calibrated
          as_of: 2026-06-01
          files:
            resources/calibration.csv: |
              instrument,status,next_due
              G-01,in use,2026-12-01
      fail:
        - name: overdue
          as_of: 2026-06-01
          files:
            resources/calibration.csv: |
              instrument,status,next_due
              G-01,in use,2026-01-01
"""
# Not a valid pack: the pack's metadata is missing.
BROKEN_PACK = "format: isocheck/rulepack/v2\npack:\n  id: broken\n"
GOOD_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Acme Ltd}
scope: Everything we make
standards: [iso9001-2015]
"""
BROKEN_PROFILE = GOOD_PROFILE + "colour: blue\n"
FILE_LINE = r"(?m)^{}:\d+(:\d+)?: "


def git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GIT_"))}
    environ.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return environ


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A git repository of this checkout's working tree, as pre-commit clones a hook repo."""
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (*PROJECT, ".pre-commit-hooks.yaml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    git(repo, env, "init", "-q")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-qm", "hooks")
    return repo


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A repository with profiles and packs, good and broken, as a user commits them."""
    repo = write_tree(
        tmp_path_factory.mktemp("user-repo"),
        {
            "qms/isocheck.yaml": GOOD_PROFILE,
            "broken-qms/isocheck.yaml": BROKEN_PROFILE,
            "rulepacks/calibration.yaml": GOOD_PACK,
            "rulepacks/broken.yaml": BROKEN_PACK,
            "notes/other.yaml": "not: a pack\n",
        },
    )
    git(repo, env, "init", "-q")
    git(repo, env, "add", "-A")
    return repo


TryRepo = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="module")
def try_repo(hook_repo: Path, user_repo: Path, env: dict[str, str]) -> TryRepo:
    """`pre-commit try-repo HOOK_REPO --files FILES...` in the user's repository: every hook of
    the repository (isocheck-lint, then isocheck-verify), each on the files its pattern takes.
    try-repo builds isocheck's environment afresh each time (its store is a temporary folder),
    about 15 s: hence two runs in all, one with good files and one with broken ones. (Verify
    stops at a pack it cannot load, so a pack whose fail example conforms is left to the tests
    of `isocheck verify`.)"""

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                "--verbose",
                str(hook_repo),
                "--files",
                *files,
            ],
            cwd=user_repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run


def test_the_hooks_pass_good_profiles_and_packs(try_repo: TryRepo) -> None:
    proc = try_repo(
        "qms/isocheck.yaml",
        "rulepacks/calibration.yaml",
        "notes/other.yaml",  # neither a profile nor a pack: the hooks' files patterns leave it out
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "isocheck lint: 2 file(s), no problems" in proc.stdout
    assert "calibration 1.0.0: 1 rules, 2 examples: ok" in proc.stdout
    assert "notes/other.yaml" not in proc.stdout


def test_the_hooks_fail_broken_ones_at_file_and_line(try_repo: TryRepo) -> None:
    proc = try_repo(
        "qms/isocheck.yaml",
        "broken-qms/isocheck.yaml",
        "rulepacks/calibration.yaml",
        "rulepacks/broken.yaml",
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lint, verify = proc.stdout.split("isocheck verify (rule pack examples)", 1)
    # lint: the broken profile and pack, each problem at file:line:column, nothing of the others
    assert re.search(FILE_LINE.format(re.escape("broken-qms/isocheck.yaml")), lint)
    assert re.search(FILE_LINE.format(re.escape("rulepacks/broken.yaml")), lint)
    assert not re.search(r"(?m)^(qms/isocheck|rulepacks/calibration)", lint)
    # verify: the pack it cannot load, at file:line:column; a profile is not a pack to verify
    assert re.search(FILE_LINE.format(re.escape("rulepacks/broken.yaml")), verify)
    assert "isocheck.yaml" not in verify
