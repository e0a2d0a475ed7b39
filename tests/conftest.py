"""Fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import mini_files, write_tree


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small evidence folder with its own pack: see MINI_EXPECTED for its outcomes."""
    return write_tree(tmp_path / "evidence", mini_files())
