"""Every test under tests/integration/ is marked ``integration``: these run pytest through
pytester (in process or in a subprocess), run with ``-n 2``, drive a browser or install a package,
so ``pytest -m "not integration"`` leaves them out and is the fast loop."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)
