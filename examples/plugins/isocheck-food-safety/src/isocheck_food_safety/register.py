"""The report writer `haccp-csv`: the nonconformity register as CSV, for a HACCP team's spreadsheet.

One row per nonconformity (major or minor) of the run, in the order of the run, numbered NC-001,
NC-002, ...: open ones and waived ones (a waived nonconformity is still uncorrected). Observations are
opportunities for improvement, not nonconformities, and rules that could not be evaluated are not
findings about the organization: both are left to the other reports. The columns `owner` and `due`
are empty, for the team to fill in; `corrective_action` holds the one a waiver names, if any.

A writer renders the results document (`isocheck.reporting.document`, schemas/report.schema.json) and nothing
else. Every value in it may come from the evidence folder (file names, cells, the profile's waivers),
which is untrusted, so each cell is made inert for a spreadsheet: control characters are shown as
escapes (`\\x1b`, `\\n`) and a cell that a spreadsheet would take for a formula (starting with `=`,
`+`, `-` or `@`) is prefixed with an apostrophe, as OWASP recommends against CSV injection.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from isocheck import escape

NAME = "haccp-csv"
OPTION = "--isocheck-haccp-csv"
HELP = "write the nonconformity register as CSV (isocheck-food-safety)"

COLUMNS = (
    "nc",
    "standard",
    "clauses",
    "rule",
    "grade",
    "status",
    "requirement",
    "finding",
    "evidence",
    "remediation",
    "corrective_action",
    "owner",
    "due",
    "waiver",
)
_FORMULA_START = ("=", "+", "-", "@")
_STATUS = {"nonconform": "open", "waived": "waived"}


def _cell(value: Any) -> str:
    """Any value as a CSV cell a spreadsheet shows as text and never evaluates."""
    text = escape.terminal("" if value is None else str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _evidence(finding: dict[str, Any]) -> str:
    places = [e["path"] + (f":{e['line']}" if e["line"] else "") for e in finding["evidence"]]
    return "; ".join(dict.fromkeys(places))


def _waiver(finding: dict[str, Any]) -> str:
    waiver = finding["waiver"]
    if not waiver:
        return ""
    return f"{waiver['approver']} until {waiver['expires']}: {waiver['reason']}"


def render(results: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    register = [
        f
        for f in results["findings"]
        if f["outcome"] in _STATUS and f["severity"] in ("major", "minor")
    ]
    for number, finding in enumerate(register, start=1):
        waiver = finding["waiver"] or {}
        row = (
            f"NC-{number:03d}",
            finding["standard"],
            ", ".join(finding["clauses"]),
            finding["rule"],
            finding["severity"],
            _STATUS[finding["outcome"]],
            finding["title"],
            finding["message"],
            _evidence(finding),
            finding["remediation"],
            waiver.get("corrective_action") or "",
            "",
            "",
            _waiver(finding),
        )
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
