"""Fixtures shared by the tests."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from support import mini_files, results_document, write_tree

from isocheck.packcache import CACHE_ENV

TEST_TIME_LIMIT = 300  # seconds: a test that hangs fails instead of holding CI


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # pytest-timeout (the test extra) honours a timeout mark; a test's own mark wins. Without it
    # (the README's light install running an audit from this checkout) nothing is marked.
    if not config.pluginmanager.hasplugin("timeout"):
        return
    for item in items:
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TEST_TIME_LIMIT))


def pytest_configure(config: pytest.Config) -> None:
    # Packs validated once are kept by digest (isocheck.packcache): the tests keep theirs in a
    # folder of their own, so no earlier run decides anything and the user's cache is left alone.
    if CACHE_ENV not in os.environ:
        os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="isocheck-test-cache-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop(CACHE_ENV), ignore_errors=True))


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
