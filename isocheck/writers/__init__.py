"""Built-in report writers. Each renders the results document (isocheck.results) to text.

The option table is static so that pytest can register the options without importing any writer:
a run without --isocheck must stay as light as if isocheck were not installed.
"""

from __future__ import annotations

import importlib

from isocheck.reports import Writer

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
)


def builtin_options() -> list[tuple[str, str, str]]:
    """(name, option, help) of every built-in writer, without importing them."""
    return [(name, option, help_text) for name, option, help_text, _module in BUILTIN]


def builtin_writers() -> list[tuple[str, str, str, Writer]]:
    """(name, option, help, render) of every built-in writer."""
    out = []
    for name, option, help_text, module in BUILTIN:
        render: Writer = importlib.import_module(f"isocheck.writers.{module}").render
        out.append((name, option, help_text, render))
    return out
