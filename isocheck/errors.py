"""isocheck's documented error types.

Every problem with a pack, a profile or the command line is raised as one of these, carrying the file,
line and column it was found at and a hint on how to fix it. Problems with the *evidence* are never
errors: they are nonconformities, reported as findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the known name closest to a mistyped one, else ""."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, what is wrong, how to fix it."""

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""
    pointer: str = ""  # JSON path of the offending value, e.g. "$.rules[3].checks[0]"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.pointer:
            text += f" (at {self.pointer})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class IsocheckError(Exception):
    """Base of every error isocheck raises on purpose."""


@dataclass
class InputError(IsocheckError):
    """One or more problems in a pack, profile or other input; all are reported, not only the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(IsocheckError):
    """The command line or API call itself is wrong (bad option value, missing folder)."""


class CheckError(IsocheckError):
    """A check could not run: the pack or a plugin is broken. Never the organization's fault."""


class PluginError(IsocheckError):
    """A third-party isocheck plugin failed to load or to register (named in the message)."""


class RegistrationClash(ValueError):
    """A registry was given a name (check, loader suffix, report writer or option) it already holds.

    A ValueError, so that code catching a registry's ValueError still works. `first` is the plugin
    that registered the name first, when the host could tell, so that its error names both plugins.
    """

    def __init__(self, message: str, first: str | None = None) -> None:
        super().__init__(message)
        self.first = first
