"""Built-in report writers. Each renders the results document (isocheck.results) to text."""

from __future__ import annotations

from isocheck.reports import Writer


def builtin_writers() -> list[tuple[str, str, str, Writer]]:
    from isocheck.writers import markdown, sarif
    from isocheck.writers.jsonreport import render as render_json

    writers: list[tuple[str, str, str, Writer]] = [
        (
            "json",
            "--isocheck-json",
            "write the results as JSON (schemas/report.schema.json)",
            render_json,
        ),
        ("md", "--isocheck-md", "write an audit report in Markdown", markdown.render),
        (
            "sarif",
            "--isocheck-sarif",
            "write nonconformities as SARIF 2.1.0 (code scanning)",
            sarif.render,
        ),
    ]
    return writers
