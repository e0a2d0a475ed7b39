"""Where the built-in packs and schemas are: inside the installed package, or at the checkout's top."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # In a wheel the folders are force-included into the package; in a checkout they sit beside it.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"isocheck's {name}/ folder is missing from the installation")


def rulepacks_dir() -> Path:
    return _data_dir("rulepacks")


def schemas_dir() -> Path:
    return _data_dir("schemas")


@cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file name, e.g. "rulepack.schema.json" (read once per process)."""
    with (schemas_dir() / name).open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result
