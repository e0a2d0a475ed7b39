"""Where a report may be written, and writing it whole or not at all (`isocheck.reporting.output`).

Refused destinations through pytest runs: tests/integration/test_reports_pytest.py."""

from __future__ import annotations

import os
import stat
import threading
import time
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


def test_a_link_to_a_character_device_is_written_through_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "report.json"
    link.symlink_to("/dev/null")
    output.check_destination(link, None)
    output.write_atomically(link, "{}\n")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_a_full_device_is_an_error_and_stays_a_device(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    link = tmp_path / "report.json"
    link.symlink_to("/dev/full")
    with pytest.raises(OSError):
        output.write_atomically(link, "x" * 100)
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)


def test_a_fifo_nobody_reads_is_refused_and_one_read_gets_the_report(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="is a FIFO no process reads from"):
        output.write_atomically(fifo, "x")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    for _ in range(200):  # until the reader has the FIFO open
        try:
            output.write_atomically(fifo, "report\n")
            break
        except UsageError:
            time.sleep(0.01)
    reader.join(timeout=10)
    assert got == [b"report\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_folder_is_no_report_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder; give the name of a file"):
        output.check_destination(tmp_path, None)
