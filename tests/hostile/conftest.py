"""Fixtures for the hostile-input cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import GOOD, HOSTILE_PACK, PROFILE, Run, write

import isocheck
from isocheck.model import Finding


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    write(root, {"isocheck.yaml": PROFILE, "packs/hostile.yaml": HOSTILE_PACK})
    return root


@pytest.fixture
def run(folder: Path) -> Run:
    """Write files over the good baseline (None deletes one) and evaluate; findings by rule."""

    def _run(files: dict[str, str | bytes | None], profile_extra: str = "") -> dict[str, Finding]:
        merged: dict[str, str | bytes | None] = {**GOOD, **files}
        write(folder, {k: v for k, v in merged.items() if v is not None})
        if profile_extra:
            (folder / "isocheck.yaml").write_text(PROFILE + profile_extra, encoding="utf-8")
        return {f.rule: f for f in isocheck.evaluate(folder).findings}

    return _run
