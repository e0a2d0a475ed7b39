"""Report writers: a registry filled through the `isocheck_register_reporters` hook, and the
built-in writers' table.

A writer renders the results document (`isocheck.reporting.document`) to text; isocheck writes the
text atomically (`isocheck.reporting.output`), on the pytest controller, to the path given with the
writer's option. The built-in table is static, so pytest registers the options without importing
any writer, and a writer module is imported only when it first renders. A plugin's writer gets its
pytest option once the plugin host is set up, in runs with `--isocheck` only.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from isocheck.errors import RegistrationClash

# Text, or bytes for a binary format (an Excel workbook)
Writer = Callable[[dict[str, Any]], str | bytes]

# A writer's option goes onto pytest's command line beside pytest's and every other plugin's: the
# prefix keeps it clear of theirs, and lowercase words make its argparse dest unambiguous.
OPTION_FORM = re.compile(r"--isocheck(-[a-z0-9]+)+")


def option_dest(option: str) -> str:
    """The pytest dest and ini name of a writer's option: `--isocheck-haccp-csv` ->
    `isocheck_haccp_csv` (for a built-in writer, `isocheck_` and its name)."""
    return option.removeprefix("--").replace("-", "_")


@dataclass(frozen=True)
class Reporter:
    name: str  # also the --format name of `isocheck report`
    option: str  # the pytest option, e.g. "--isocheck-json"
    help: str
    writer: Writer
    plugin: str | None = None  # the plugin that registered it, when the host could tell


class ReporterRegistry:
    """Name -> report writer. Registering a name or option twice is an error."""

    def __init__(self, owner: Callable[[], str | None] | None = None) -> None:
        """`owner()` names the plugin that is registering (the host reads it off the stack), so
        that a clash can name both plugins."""
        self._reporters: dict[str, Reporter] = {}
        self._owner = owner

    def register(self, name: str, option: str, help: str, writer: Writer) -> None:
        """Add a writer; `option` (`--isocheck-NAME`) becomes its pytest option."""
        if not isinstance(option, str) or not OPTION_FORM.fullmatch(option):
            raise ValueError(
                f"report writer {name!r}: its option {option!r} is not of the form --isocheck-NAME "
                "(lowercase letters, digits and dashes), e.g. --isocheck-haccp-csv; pytest takes "
                "it on the command line beside other plugins' options"
            )
        if name in self._reporters:
            raise RegistrationClash(
                f"report writer {name!r} is registered twice", self._reporters[name].plugin
            )
        for other in self._reporters.values():
            if other.option == option:
                raise RegistrationClash(
                    f"report option {option!r} is registered twice", other.plugin
                )
        owner = self._owner() if self._owner else None
        self._reporters[name] = Reporter(name, option, help, writer, owner)

    def all(self) -> list[Reporter]:
        return [self._reporters[n] for n in sorted(self._reporters)]

    def get(self, name: str) -> Reporter | None:
        return self._reporters.get(name)


# name (also the --format of `isocheck report`), pytest option, help, module with render()
BUILTIN: tuple[tuple[str, str, str, str], ...] = (
    (
        "json",
        "--isocheck-json",
        "write the results as JSON (schemas/report.schema.json)",
        "jsonreport",
    ),
    ("md", "--isocheck-md", "write an audit report in Markdown", "markdown"),
    ("sarif", "--isocheck-sarif", "write nonconformities as SARIF 2.1.0 (code scanning)", "sarif"),
    ("html", "--isocheck-html", "write a self-contained HTML audit report", "html"),
    ("oscal", "--isocheck-oscal", "write OSCAL assessment results (JSON)", "oscal"),
    (
        "summary",
        "--isocheck-summary",
        "write the terminal summary (gap analysis and verdict) as plain text",
        "terminal",
    ),
    (
        "register-csv",
        "--isocheck-register-csv",
        "write the nonconformity register as CSV, for a corrective-action tracker",
        "register:render_csv",
    ),
    (
        "register-xlsx",
        "--isocheck-register-xlsx",
        "write the nonconformity register as an Excel workbook (office extra)",
        "register:render_xlsx",
    ),
)


def builtin_options() -> list[tuple[str, str, str]]:
    """(name, option, help) of every built-in writer, without importing them."""
    return [(name, option, help_text) for name, option, help_text, _module in BUILTIN]


def _lazy(target: str) -> Writer:
    """`module` (its render) or `module:function`, imported when it first renders."""
    module, _, function = target.partition(":")

    def render(results: dict[str, Any]) -> str | bytes:
        loaded = importlib.import_module(f"isocheck.reporting.{module}")
        writer: Writer = getattr(loaded, function or "render")
        return writer(results)

    render.__qualname__ = f"{module}.render"
    return render


def builtin_writers() -> list[tuple[str, str, str, Writer]]:
    """(name, option, help, render) of every built-in writer; each module loads on first use."""
    return [(name, option, help_text, _lazy(module)) for name, option, help_text, module in BUILTIN]


def register_builtin(registry: ReporterRegistry) -> None:
    """The built-in writers, registered like a plugin's."""
    for name, option, help_text, writer in builtin_writers():
        registry.register(name, option, help_text, writer)
