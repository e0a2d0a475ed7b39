"""The report writers' registry (`isocheck.reporting.registry`): every built-in writer renders every
nonconformity, and loading the writers loads no check or engine code.

Writers registered by a plugin: tests/unit/test_plugins.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from support import expected_nonconformities

from isocheck.reporting.registry import builtin_writers

GAPS = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"


# The terminal summary counts nonconformities; pytest lists them itself, one failure each.
@pytest.mark.parametrize("name", [w[0] for w in builtin_writers() if w[0] != "summary"])
def test_every_nonconformity_appears_in_every_format(gaps: dict[str, Any], name: str) -> None:
    writer = next(w for w in builtin_writers() if w[0] == name)[3]
    rendered = writer(gaps)
    if isinstance(rendered, bytes):  # a workbook: its cells' text
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(io.BytesIO(rendered))
        rendered = "\n".join(
            str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
        )
    text = rendered
    for rule, path in expected_nonconformities(GAPS):
        assert rule in text, (name, rule)
        assert path in text, (name, rule, path)


def test_importing_every_writer_loads_no_check_or_engine_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from isocheck.reporting import html, jsonreport, markdown, oscal, sarif, terminal\n"
        "from isocheck.reporting.registry import builtin_writers\n"
        "builtin_writers()\n"
        "loaded = [m for m in ('isocheck.checks', 'isocheck.conditions', 'isocheck.engine',\n"
        "                      'isocheck.plugins', 'isocheck.evidence', 'regex') if m in sys.modules]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
