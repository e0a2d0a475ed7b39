"""Report writers: a registry filled through the `isocheck_register_reporters` hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isocheck.engine import Assessment

Writer = Callable[["Assessment", Path], None]


@dataclass(frozen=True)
class Reporter:
    name: str
    option: str  # the pytest option, e.g. "--isocheck-json"
    help: str
    writer: Writer


class ReporterRegistry:
    """Name -> report writer. Registering a name or option twice is an error."""

    def __init__(self) -> None:
        self._reporters: dict[str, Reporter] = {}

    def register(self, name: str, option: str, help: str, writer: Writer) -> None:
        if name in self._reporters:
            raise ValueError(f"report writer {name!r} is registered twice")
        if any(r.option == option for r in self._reporters.values()):
            raise ValueError(f"report option {option!r} is registered twice")
        self._reporters[name] = Reporter(name, option, help, writer)

    def all(self) -> list[Reporter]:
        return [self._reporters[n] for n in sorted(self._reporters)]


def register_builtin(registry: ReporterRegistry) -> None:
    """Built-in writers (JSON, Markdown, HTML, SARIF, OSCAL) are added here as they are written."""
