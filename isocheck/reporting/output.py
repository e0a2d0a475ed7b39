"""Where a report may be written, and writing it so that it is whole or absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from isocheck.errors import UsageError


def check_destination(path: Path, evidence_root: Path | None) -> None:
    """Refuse a report path inside the evidence folder, or in a folder that does not exist."""
    target = path.resolve()
    if evidence_root is not None and target.is_relative_to(evidence_root.resolve()):
        raise UsageError(
            f"report path {path} is inside the evidence folder {evidence_root}; write reports elsewhere"
        )
    if not target.parent.is_dir():
        raise UsageError(f"report path {path}: the folder {path.parent} does not exist")


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written report."""
    data = content.encode("utf-8") if isinstance(content, str) else content
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
