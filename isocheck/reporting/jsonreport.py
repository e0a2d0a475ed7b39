"""The JSON results file: the results document itself."""

from __future__ import annotations

from typing import Any

from isocheck.reporting.document import dumps


def render(results: dict[str, Any]) -> str:
    return dumps(results)
