"""Report writers: a registry filled through the `isocheck_register_reporters` hook.

A writer renders the results document (see `isocheck.results`) to text; isocheck writes the text
atomically, on the pytest controller, to the path given with the writer's option.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Writer = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Reporter:
    name: str  # also the --format name of `isocheck report`
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

    def get(self, name: str) -> Reporter | None:
        return self._reporters.get(name)


def register_builtin(registry: ReporterRegistry) -> None:
    """The built-in writers."""
    from isocheck.writers import builtin_writers

    for name, option, help_text, writer in builtin_writers():
        registry.register(name, option, help_text, writer)
