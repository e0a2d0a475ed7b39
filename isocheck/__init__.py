"""isocheck: ISO management-system evidence evaluated against rule packs, as test results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from isocheck.errors import (
    CheckError,
    InputError,
    IsocheckError,
    PluginError,
    Problem,
    UsageError,
)
from isocheck.hookspecs import hookimpl
from isocheck.model import Finding
from isocheck.version import __version__

if TYPE_CHECKING:
    from isocheck.engine import Assessment, evaluate, plan


__all__ = [
    "Assessment",
    "CheckError",
    "Finding",
    "InputError",
    "IsocheckError",
    "PluginError",
    "Problem",
    "UsageError",
    "__version__",
    "evaluate",
    "hookimpl",
    "plan",
]


def __getattr__(name: str) -> Any:
    # The engine pulls in jsonschema, regex and the packs: load it on first use, so that the
    # pytest entry point costs nothing in runs without --isocheck.
    if name in ("Assessment", "evaluate", "plan"):
        from isocheck import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'isocheck' has no attribute {name!r}")
