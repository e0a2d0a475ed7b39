"""The GitHub action (action.yml) and the GitLab CI template (ci/gitlab/isocheck.gitlab-ci.yml)
run what they say: their assessment commands, rendered with sample inputs the way GitHub and GitLab
would, are run here against the bundled examples. The job passes on a conforming folder, fails on
one with nonconformities, writes SARIF, HTML, JSON and JUnit outside the evidence folder, and no
input is ever run as shell text.

Only the assessment is run: the set-up steps (setup-python, pip install) and the uploads belong to
GitHub and GitLab; their wiring is checked in tests/unit/test_ci_files.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import snapshot

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")


def base_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CI job: this interpreter is `python`; nothing of the test's pytest
    configuration (PYTEST_ADDOPTS and the like) leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GITHUB_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SOURCE_DATE_EPOCH"] = "1793491200"
    return env


def workspace(tmp_path: Path, example: str) -> Path:
    """A checkout with the example's evidence folder at `qms/`."""
    ws = tmp_path / "workspace"
    shutil.copytree(EXAMPLES / example, ws / "qms")
    return ws


# --- GitHub --------------------------------------------------------------------------------------


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return data


def render_inputs(value: str, inputs: dict[str, str]) -> str:
    """`${{ inputs.x }}` as GitHub substitutes it; any other expression is not expected here."""
    rendered = EXPRESSION.sub(lambda m: inputs[m.group(1)], value)
    assert "${{" not in rendered, f"an expression this test does not render: {value}"
    return rendered


def run_action(
    tmp_path: Path, example: str, **given: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], Path]:
    """Run the action's assessment step as the runner would: its env rendered from the inputs,
    its `run` text in `bash --noprofile --norc -eo pipefail`, in the workspace. The step's
    outputs (from $GITHUB_OUTPUT) and the evidence folder are returned with the process."""
    spec = action()
    inputs = {name: str(i.get("default", "")) for name, i in spec["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"not inputs of the action: {unknown}"
    inputs.update({"folder": "qms", **given})
    step = next(s for s in spec["runs"]["steps"] if s.get("id") == "assess")
    ws = workspace(tmp_path, example)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    output = tmp_path / "github-output"
    output.touch()
    env = base_env(tmp_path)
    env.update({name: render_inputs(str(v), inputs) for name, v in step["env"].items()})
    env.update(
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_OUTPUT=str(output),
        GITHUB_WORKSPACE=str(ws),
        RUNNER_TEMP=str(runner_temp),
    )
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    before = snapshot(ws / "qms")
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert snapshot(ws / "qms") == before, "the evidence folder was written to"
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    return proc, outputs, ws / "qms"


def assert_reports(paths: list[Path], evidence: Path) -> dict[str, Any]:
    """Every report is written, outside the evidence folder; the JSON results are returned."""
    for path in paths:
        assert path.is_file(), path
        assert not path.resolve().is_relative_to(evidence.resolve()), path
    sarif = json.loads(next(p for p in paths if p.suffix == ".sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    assert "<html" in next(p for p in paths if p.suffix == ".html").read_text("utf-8").lower()
    assert "<testsuite" in next(p for p in paths if p.suffix == ".xml").read_text("utf-8")
    results: dict[str, Any] = json.loads(
        next(p for p in paths if p.suffix == ".json").read_text("utf-8")
    )
    return results


def test_the_action_passes_on_a_conforming_folder(tmp_path: Path) -> None:
    proc, outputs, evidence = run_action(
        tmp_path,
        "acme-qms",
        **{"as-of": "2026-11-01", "standard": "iso9001-2015", "pytest-args": "-q -p no:randomly"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs["exit-code"] == "0"
    paths = [Path(outputs[k]) for k in ("sarif", "html", "json", "junit")]
    # By default the reports go to the runner's temporary folder, outside the checkout.
    assert all(p.is_relative_to(tmp_path / "runner-temp") for p in paths)
    results = assert_reports(paths, evidence)
    assert results["as_of"] == "2026-11-01"
    assert results["run"]["complete"] is True


def test_the_action_fails_on_nonconformities_and_still_reports(tmp_path: Path) -> None:
    ws = tmp_path / "workspace"
    proc, outputs, evidence = run_action(
        tmp_path,
        "acme-qms-gaps",
        **{"fail-on": "major"},
        sarif="reports/isocheck.sarif",
        html="reports/audit report.html",
        json="reports/results.json",
    )
    # Its majors fail the job; with fail-on major its minors do not.
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert outputs["exit-code"] == "1"
    assert re.search(r"\b\d+ minor \(not failing\)", proc.stdout)
    # Paths given as inputs are the workspace's; the SARIF points at the evidence files in it.
    assert outputs["sarif"] == "reports/isocheck.sarif"
    paths = [ws / outputs[k] for k in ("sarif", "html", "json")] + [Path(outputs["junit"])]
    assert_reports(paths, evidence)
    sarif = json.loads((ws / "reports/isocheck.sarif").read_text("utf-8"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris and all(uri.startswith("qms/") for uri in uris)


def test_action_inputs_are_never_shell_text(tmp_path: Path) -> None:
    marker = tmp_path / "injected"
    proc, outputs, _ = run_action(
        tmp_path,
        "acme-qms",
        folder=f'qms"; touch {marker}; echo "',
        standard=f"$(touch {marker})",
        **{"pytest-args": f"`touch {marker}` $(touch {marker}) ; touch {marker}"},
    )
    assert proc.returncode != 0
    assert outputs["exit-code"] == str(proc.returncode)
    assert not marker.exists()


# --- GitLab --------------------------------------------------------------------------------------


def gitlab_job() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "ci/gitlab/isocheck.gitlab-ci.yml").read_text("utf-8"))
    job: dict[str, Any] = data[".isocheck"]
    return job


def run_gitlab(
    tmp_path: Path, example: str, shell: str, **given: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], Path]:
    """Run the template's `script` as a GitLab runner would: its variables (the sample's over
    the template's) in the environment, the lines one shell script with `set -eo pipefail` (or
    `set -e` for a POSIX sh), in the project directory. The variables are returned."""
    job = gitlab_job()
    variables = {k: str(v) for k, v in job["variables"].items()}
    unknown = set(given) - set(variables)
    assert not unknown, f"not variables of the template: {unknown}"
    variables.update(given)
    ws = workspace(tmp_path, example)
    env = base_env(tmp_path)
    env.update(variables, CI_PROJECT_DIR=str(ws))
    prelude = "set -eo pipefail" if shell == "bash" else "set -e"
    script = tmp_path / "job.sh"
    script.write_text("\n".join([prelude, *job["script"]]) + "\n", encoding="utf-8")
    before = snapshot(ws / "qms")
    proc = subprocess.run(
        [shell, str(script)], cwd=ws, env=env, capture_output=True, text=True, timeout=240
    )
    assert snapshot(ws / "qms") == before, "the evidence folder was written to"
    return proc, variables, ws


def artifacts(job: dict[str, Any], variables: dict[str, str]) -> tuple[list[str], str]:
    """The artifact paths and the JUnit report path, with variables expanded as GitLab does."""

    def expand(value: str) -> str:
        return re.sub(r"\$\{?([A-Z_]+)\}?", lambda m: variables[m.group(1)], value)

    spec = job["artifacts"]
    return [expand(p) for p in spec["paths"]], expand(spec["reports"]["junit"])


@pytest.mark.parametrize("shell", ["bash", "sh"])
def test_the_gitlab_job_passes_on_a_conforming_folder(tmp_path: Path, shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell} here")
    proc, variables, ws = run_gitlab(
        tmp_path,
        "acme-qms",
        shell,
        ISOCHECK_FOLDER="qms",
        ISOCHECK_AS_OF="2026-11-01",
        ISOCHECK_STANDARDS="iso9001-2015",
        ISOCHECK_PYTEST_ARGS="-q -p no:randomly",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    paths, junit = artifacts(gitlab_job(), variables)
    reports = ws / variables["ISOCHECK_REPORTS"]
    assert paths == [f"{variables['ISOCHECK_REPORTS']}/"] and (ws / junit).is_file()
    results = assert_reports(
        [reports / n for n in ("isocheck.sarif", "audit-report.html", "results.json", "junit.xml")],
        ws / "qms",
    )
    assert results["run"]["complete"] is True


def test_the_gitlab_job_fails_on_nonconformities_and_keeps_reports(tmp_path: Path) -> None:
    proc, variables, ws = run_gitlab(
        tmp_path, "acme-qms-gaps", "bash", ISOCHECK_FOLDER="qms", ISOCHECK_REPORTS="out/isocheck"
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    reports = ws / "out/isocheck"
    assert_reports(
        [reports / n for n in ("isocheck.sarif", "audit-report.html", "results.json", "junit.xml")],
        ws / "qms",
    )
    _, junit = artifacts(gitlab_job(), variables)
    assert junit == "out/isocheck/junit.xml"


def test_gitlab_variables_are_never_shell_text(tmp_path: Path) -> None:
    marker = tmp_path / "injected"
    proc, _, _ = run_gitlab(
        tmp_path,
        "acme-qms",
        "bash",
        ISOCHECK_FOLDER=f"qms$(touch {marker})",
        ISOCHECK_STANDARDS=f"`touch {marker}` *",
        ISOCHECK_PYTEST_ARGS=f"$(touch {marker}) ; touch {marker}",
    )
    assert proc.returncode != 0
    assert not marker.exists()


def test_the_gitlab_job_needs_a_folder(tmp_path: Path) -> None:
    proc, _, _ = run_gitlab(tmp_path, "acme-qms", "bash")
    assert proc.returncode == 2
    assert "ISOCHECK_FOLDER" in proc.stderr
