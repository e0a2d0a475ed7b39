"""Fixtures shared by the tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from support import mini_files, results_document, write_tree

GAPS = Path(__file__).resolve().parents[1] / "examples" / "acme-qms-gaps"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small evidence folder with its own pack: see MINI_EXPECTED for its outcomes."""
    return write_tree(tmp_path / "evidence", mini_files())


@pytest.fixture(scope="session")
def gaps_once() -> dict[str, Any]:
    return results_document(GAPS)


@pytest.fixture
def gaps(gaps_once: dict[str, Any]) -> dict[str, Any]:
    """The results document of examples/acme-qms-gaps, built once per session; each test gets its
    own copy, so a test that changes it cannot change another's."""
    return copy.deepcopy(gaps_once)
