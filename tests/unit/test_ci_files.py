"""The wiring of the CI integrations, read as GitHub, GitLab and pre-commit read them: hooks that
run real isocheck commands on the right files, an action whose inputs never become shell text and
whose reports are uploaded even when the assessment fails, a GitLab template that keeps JUnit as a
test report and SARIF as a plain artifact.

What the assessment commands do when run: tests/integration/test_ci_templates.py; the hooks
through pre-commit: tests/integration/test_precommit_hooks.py."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from isocheck.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")


def load(rel: str) -> Any:
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


# --- pre-commit ----------------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in load(".pre-commit-hooks.yaml")}


def subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command" or a.choices)
    return set(action.choices or ())


def test_the_hooks_run_isocheck_commands_installed_from_the_repository() -> None:
    found = hooks()
    assert set(found) == {"isocheck-lint", "isocheck-verify"}
    for hook_id, hook in found.items():
        assert hook["language"] == "python"  # pre-commit pip-installs this repository
        program, command = hook["entry"].split()
        assert program == "isocheck" and command in subcommands()
        assert hook_id == f"isocheck-{command}"


LINTED = ["isocheck.yaml", "qms/isocheck.yaml", "rulepacks/iso9001-2015.yaml", "a/packs/b.yml"]
PACKS = ["rulepacks/iso9001-2015.yaml", "src/pkg/packs/food.yaml", "packs/x.yml"]
NEITHER = [
    "other.yaml",
    ".github/workflows/ci.yml",
    "rulepacks/README.md",
    "rulepacks/old/x.yaml",
    "my-isocheck.yaml",
    "isocheck.yaml.bak",
]


@pytest.mark.parametrize(
    ("hook_id", "taken", "left"),
    [
        ("isocheck-lint", LINTED, [*NEITHER]),
        ("isocheck-verify", PACKS, [*NEITHER, "isocheck.yaml", "qms/isocheck.yaml"]),
    ],
)
def test_each_hook_takes_profiles_or_packs_only(
    hook_id: str, taken: list[str], left: list[str]
) -> None:
    pattern = re.compile(hooks()[hook_id]["files"])  # pre-commit searches, as re.search
    assert [p for p in taken if not pattern.search(p)] == []
    assert [p for p in left if pattern.search(p)] == []


def test_the_hooks_take_this_repositorys_own_packs_and_profiles() -> None:
    pattern = re.compile(hooks()["isocheck-lint"]["files"])
    files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "rulepacks").glob("*.yaml")]
    files += [p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").rglob("isocheck.yaml")]
    files += [p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").rglob("packs/*.yaml")]
    assert files and all(pattern.search(f) for f in files)


# --- GitHub --------------------------------------------------------------------------------------


def action() -> dict[str, Any]:
    data: dict[str, Any] = load("action.yml")
    return data


def steps() -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = action()["runs"]["steps"]
    return result


def test_no_expression_is_ever_shell_text() -> None:
    # GitHub substitutes ${{ }} into `run` before the shell sees it: script injection. Inputs go
    # to the shell through `env` only.
    runs = [s for s in steps() if "run" in s]
    assert runs and all(s["shell"] == "bash" for s in runs)
    assert [s["run"] for s in runs if "${{" in s["run"]] == []


def test_every_expression_names_a_declared_input_or_step_output() -> None:
    spec = action()
    declared = set(spec["inputs"])
    ids = {s["id"] for s in steps() if "id" in s}
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    for expression in EXPRESSION.findall(text):
        for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", expression):
            assert name in declared, expression
        for step_id in re.findall(r"steps\.([A-Za-z0-9_-]+)\.", expression):
            assert step_id in ids, expression
    # `if:` is an expression without the ${{ }}
    conditions = " ".join(str(s.get("if", "")) for s in steps())
    used = set(re.findall(r"inputs\.([\w-]+)", " ".join([*EXPRESSION.findall(text), conditions])))
    assert used == declared  # no input is declared and then ignored


def test_the_assessment_step_script_reads_every_variable_it_is_given() -> None:
    step = next(s for s in steps() if s.get("id") == "assess")
    assert step["run"] == 'bash "$GITHUB_ACTION_PATH/ci/github/assess.sh"'
    script = (ROOT / "ci/github/assess.sh").read_text(encoding="utf-8")
    for name in step["env"]:
        assert re.search(rf'\$\{{?{name}\b|environ[^\n]*"{name}"', script), name


def uses(prefix: str) -> dict[str, Any]:
    return next(s for s in steps() if str(s.get("uses", "")).startswith(prefix))


@pytest.mark.parametrize(
    "action_ref", ["github/codeql-action/upload-sarif@", "actions/upload-artifact@"]
)
def test_reports_are_uploaded_even_when_the_assessment_fails(action_ref: str) -> None:
    step = uses(action_ref)
    assert step["if"].startswith("always()")
    assert "steps.assess.outputs." in str(step["with"])  # the paths the assessment wrote


def test_the_html_report_is_the_artifact() -> None:
    paths = uses("actions/upload-artifact@")["with"]["path"]
    assert "steps.assess.outputs.html" in paths
    assert (
        "steps.assess.outputs.sarif"
        in uses("github/codeql-action/upload-sarif@")["with"]["sarif_file"]
    )


def test_python_is_set_up_before_isocheck_is_installed() -> None:
    names = [s.get("uses", s.get("name")) for s in steps()]
    setup = uses("actions/setup-python@")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    install = next(s for s in steps() if "pip install" in s.get("run", ""))
    assess = next(s for s in steps() if s.get("id") == "assess")
    order = [steps().index(s) for s in (setup, install, assess)]
    assert order == sorted(order), names


@pytest.mark.parametrize(
    ("spec", "installed"),
    [("", "/actions/isocheck/v1[office]"), ("isocheck[office]==1.2.0", "isocheck[office]==1.2.0")],
)
def test_the_install_step_installs_the_action_itself_unless_told(
    tmp_path: Path, spec: str, installed: str
) -> None:
    install = next(s for s in steps() if "pip install" in s.get("run", ""))
    assert install["env"] == {"ISOCHECK_SPEC": "${{ inputs.isocheck }}"}
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    (fake / "python").chmod(0o755)
    env = {
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "ISOCHECK_SPEC": spec,
        "GITHUB_ACTION_PATH": "/actions/isocheck/v1",
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", install["run"]],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines()[-1] == installed


# --- GitLab --------------------------------------------------------------------------------------


def gitlab_job() -> dict[str, Any]:
    job: dict[str, Any] = load("ci/gitlab/isocheck.gitlab-ci.yml")[".isocheck"]
    return job


def test_gitlab_keeps_junit_as_the_test_report_and_sarif_as_a_plain_artifact() -> None:
    artifacts = gitlab_job()["artifacts"]
    assert artifacts["when"] == "always"  # a failing assessment still keeps its reports
    assert set(artifacts["reports"]) == {"junit"}  # SARIF is no SAST report for GitLab
    assert artifacts["reports"]["junit"] == "$ISOCHECK_REPORTS/junit.xml"
    assert artifacts["paths"] == ["$ISOCHECK_REPORTS/"]
    script = "\n".join(gitlab_job()["script"])
    for name in ("isocheck.sarif", "audit-report.html", "results.json", "junit.xml"):
        assert f"$ISOCHECK_REPORTS/{name}" in script


def test_gitlab_installs_before_and_reads_only_its_own_variables() -> None:
    job = gitlab_job()
    assert any(
        "pip install" in line and '"$ISOCHECK_SPEC"' in line for line in job["before_script"]
    )
    script = "\n".join(job["script"])
    used = set(re.findall(r'\$\{?(ISOCHECK_[A-Z_]+)|environ[^\n]*"(ISOCHECK_[A-Z_]+)"', script))
    used = {a or b for a, b in used}
    assert used <= set(job["variables"])
    assert set(job["variables"]) - used == {"ISOCHECK_SPEC"}  # that one is before_script's


# --- the README's snippets -----------------------------------------------------------------------


def readme_yaml() -> list[Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## In CI and editors", 1)[1].split("\n## ", 1)[0]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def test_the_readme_snippets_use_what_the_files_offer() -> None:
    blocks = [b for b in readme_yaml() if isinstance(b, dict)]
    workflow = next(b for b in blocks if "jobs" in b)
    step = next(s for s in workflow["jobs"]["assess"]["steps"] if "OWNER/isocheck@" in s["uses"])
    assert set(step["with"]) <= set(action()["inputs"])
    assert {n for n, i in action()["inputs"].items() if i.get("required")} <= set(step["with"])

    gitlab = next(b for b in blocks if "include" in b)
    assert gitlab["include"][0]["remote"].endswith("/ci/gitlab/isocheck.gitlab-ci.yml")
    assert gitlab["isocheck"]["extends"] == ".isocheck"
    assert set(gitlab["isocheck"]["variables"]) <= set(gitlab_job()["variables"])

    precommit = next(b for b in blocks if "repos" in b)
    assert {h["id"] for h in precommit["repos"][0]["hooks"]} == set(hooks())


def _no_dates(value: Any) -> Any:
    """YAML data as a profile holds it for its schema: dates as the text they were."""
    if isinstance(value, dict):
        return {k: _no_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_dates(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_the_readmes_mapping_snippets_are_valid_profile_mappings() -> None:
    from jsonschema import Draft202012Validator

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Mapping your own folder layout", 1)[1].split("\n### ", 1)[0]
    schema = yaml.safe_load((ROOT / "schemas" / "profile.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]
    mappings = [b for b in blocks if isinstance(b, dict) and "evidence" in b]
    assert len(mappings) >= 6
    for block in mappings:
        profile = {
            "format": "isocheck/profile/v1",
            "organization": {"name": "Example"},
            "scope": "Everything",
            "standards": ["iso9001-2015"],
            **_no_dates(block),
        }
        assert [e.message for e in validator.iter_errors(profile)] == [], block
