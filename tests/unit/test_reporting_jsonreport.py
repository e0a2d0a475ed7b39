"""The JSON writer (`isocheck.reporting.jsonreport`): the results document itself, which
`isocheck report` reads back.

The same file byte for byte across runs and -n 2: tests/integration/test_reports_pytest.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isocheck.reporting import document, jsonreport


def test_the_file_is_the_document(gaps: dict[str, Any]) -> None:
    text = jsonreport.render(gaps)
    assert json.loads(text) == gaps
    assert text.endswith("}\n") and text.startswith('{\n  "')


def test_text_is_written_as_itself_not_escaped(gaps: dict[str, Any]) -> None:
    gaps["organization"]["name"] = "Müller Präzision 精密"
    assert '"name": "Müller Präzision 精密"' in jsonreport.render(gaps)


def test_a_written_file_reads_back_equal(gaps: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(jsonreport.render(gaps), encoding="utf-8")
    assert document.load(path) == gaps
