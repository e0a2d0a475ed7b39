"""Where a report may be written, and writing it so that it is whole or absent."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from isocheck.errors import UsageError


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _stream(mode: int) -> bool:
    """A character device (/dev/stdout, a terminal) or a FIFO: written to as it is, never
    replaced."""
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_destination(path: Path, evidence_root: Path | None) -> None:
    """Refuse a report path inside the evidence folder, in a folder that does not exist, or that
    is something other than a file, a character device or a FIFO (a folder, a block device)."""
    target = path.resolve()
    if evidence_root is not None and target.is_relative_to(evidence_root.resolve()):
        raise UsageError(
            f"report path {path} is inside the evidence folder {evidence_root}; write reports elsewhere"
        )
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not _stream(mode):
        raise UsageError(f"report path {path} is {_kind(mode)}; give the name of a file")
    if mode is None and not target.parent.is_dir():
        raise UsageError(f"report path {path}: the folder {path.parent} does not exist")


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written report. A path
    that is a character device or a FIFO (/dev/stdout, or a link to one) is written to as it is,
    never replaced by a file; one no process reads from is an error, not a wait."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and _stream(mode):
        _write_stream(path, data)
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"report path {path} is {_kind(mode)}; give the name of a file")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_stream(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(f"report path {path} is a FIFO no process reads from") from None
        raise
    try:
        os.set_blocking(fd, True)  # the reader is there: wait for it as a file write would
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
