"""`isocheck report`: a saved results file rendered again, in any format, to a file or to standard
output. (Kept apart from tests/unit/test_cli.py for now; the same module's tests.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from isocheck.cli import main
from isocheck.reporting import document as results_module
from isocheck.reporting.registry import builtin_writers


def test_report_command_renders_a_saved_json_again(
    tmp_path: Path, gaps: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "results.json"
    saved.write_text(results_module.dumps(gaps))
    for name, _option, _help, writer in builtin_writers():
        out = tmp_path / f"again.{name}"
        assert main(["report", str(saved), "--format", name, "-o", str(out)]) == 0
        assert out.read_text(encoding="utf-8") == writer(gaps)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "isocheck/report/v1"}')
    assert main(["report", str(broken), "--format", "md", "-o", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}: ")
    assert "(at $); give a results file written by --isocheck-json" in err
    assert not (tmp_path / "x.md").exists()


def test_report_command_prints_to_standard_output_without_a_path(
    tmp_path: Path, gaps: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "results.json"
    saved.write_text(results_module.dumps(gaps))
    assert main(["report", str(saved), "--format", "summary"]) == 0
    out = capsys.readouterr().out
    summary = next(w for w in builtin_writers() if w[0] == "summary")[3]
    assert out == summary(gaps)
    assert "certification: NOT RECOMMENDED" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]
