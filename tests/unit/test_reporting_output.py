"""Where a report may be written, and writing it whole or not at all (`isocheck.reporting.output`).

Refused destinations through pytest runs: tests/integration/test_reports_pytest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from isocheck.errors import UsageError
from isocheck.reporting import output


def test_write_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous")

    class Exploding(str):
        def encode(self, *args: Any, **kwargs: Any) -> bytes:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        output.write_atomically(target, Exploding("x"))
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    output.write_atomically(target, "new\n")
    assert target.read_text() == "new\n"


def test_destination_checks(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        output.check_destination(tmp_path / "missing" / "r.json", None)
    with pytest.raises(UsageError, match="inside the evidence folder"):
        output.check_destination(tmp_path / "r.json", tmp_path)
