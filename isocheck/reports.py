"""Report writers: a registry filled through the `isocheck_register_reporters` hook.

A writer renders the results document (see `isocheck.results`) to text; isocheck writes the text
atomically, on the pytest controller, to the path given with the writer's option.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from isocheck.errors import RegistrationClash

Writer = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Reporter:
    name: str  # also the --format name of `isocheck report`
    option: str  # the pytest option, e.g. "--isocheck-json"
    help: str
    writer: Writer


class ReporterRegistry:
    """Name -> report writer. Registering a name or option twice is an error."""

    def __init__(self, owner: Callable[[], str | None] | None = None) -> None:
        """`owner()` names the plugin that is registering (the host reads it off the stack), so
        that a clash can name both plugins."""
        self._reporters: dict[str, Reporter] = {}
        self._owner = owner
        self._owners: dict[str, str | None] = {}

    def register(self, name: str, option: str, help: str, writer: Writer) -> None:
        if name in self._reporters:
            raise RegistrationClash(
                f"report writer {name!r} is registered twice", self._owners[name]
            )
        for other in self._reporters.values():
            if other.option == option:
                raise RegistrationClash(
                    f"report option {option!r} is registered twice", self._owners[other.name]
                )
        self._reporters[name] = Reporter(name, option, help, writer)
        self._owners[name] = self._owner() if self._owner else None

    def all(self) -> list[Reporter]:
        return [self._reporters[n] for n in sorted(self._reporters)]

    def get(self, name: str) -> Reporter | None:
        return self._reporters.get(name)


def register_builtin(registry: ReporterRegistry) -> None:
    """The built-in writers."""
    from isocheck.writers import builtin_writers

    for name, option, help_text, writer in builtin_writers():
        registry.register(name, option, help_text, writer)
