"""SARIF 2.1.0: one result per nonconformity, located at the evidence file and line (or at the
profile when the evidence is missing), for GitHub code scanning and other SARIF viewers.

Rules are `pack/rule` with the remediation as help; majors are errors, minors warnings,
observations notes. Waived findings are results with an external suppression (shown as dismissed),
and rules that could not be evaluated are tool notifications, not results.

Text goes into plain-text properties (`text`, `justification`), except the rule help's `markdown`,
which viewers render: it holds the remediation escaped as Markdown text, because a pack may be a
file in the evidence folder and its text is as untrusted as the evidence.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from isocheck import escape
from isocheck.model import PROFILE_NAME
from isocheck.reporting.document import consulted

LEVEL = {"major": "error", "minor": "warning", "observation": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(results: dict[str, Any], path: str) -> str:
    """A relative URI reference (RFC 3986) of the file: each character a URI cannot hold as it is
    ("IA 2026#05 100%.md": space, '#', '%') percent-encoded, '/' kept between segments."""
    base = results["evidence_folder"].rstrip("/")
    whole = path if base in ("", ".") else f"{base}/{path}"
    return quote(whole, safe="/")


def _rule_id(f: dict[str, Any]) -> str:
    return f"{f['pack']}/{f['rule']}"


def _location(results: dict[str, Any], f: dict[str, Any]) -> list[dict[str, Any]]:
    refs = [e for e in f["evidence"] if e["path"]]
    # Prefer the places the finding names (with lines, or places in files without lines); fall
    # back to the profile.
    with_lines = [e for e in refs if e["line"] or e.get("place")] or refs
    if not with_lines:
        with_lines = [{"path": PROFILE_NAME, "line": None}]
    out = []
    for ref in with_lines[:10]:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(results, ref["path"])}}
        if ref["line"]:
            physical["region"] = {"startLine": ref["line"]}
        location: dict[str, Any] = {"physicalLocation": physical}
        if ref.get("place"):  # a workbook or document has no lines to point at: say where
            location["message"] = {"text": ref["place"]}
        out.append(location)
    return out


def _related(results: dict[str, Any], f: dict[str, Any]) -> list[dict[str, Any]]:
    """Every evidence file the finding relied on, for reviewers who want the whole picture."""
    paths = sorted({e["path"] for e in f["evidence"] if e["path"]} | set(consulted(results, f)))
    return [
        {"id": i, "physicalLocation": {"artifactLocation": {"uri": _uri(results, path)}}}
        for i, path in enumerate(paths)
    ]


def render(results: dict[str, Any]) -> str:
    findings = results["findings"]
    rules: dict[str, dict[str, Any]] = {}
    for f in findings:
        rid = _rule_id(f)
        if rid in rules:
            continue
        help_text = f["remediation"] or f["title"]
        rules[rid] = {
            "id": rid,
            "name": f["rule"],
            "shortDescription": {"text": f["title"]},
            "fullDescription": {
                "text": f"{f['standard']} clause {', '.join(f['clauses'])}: {f['title']}"
            },
            "help": {"text": help_text, "markdown": escape.markdown(help_text)},
            "defaultConfiguration": {"level": LEVEL[f["severity"]]},
            "properties": {
                "tags": ["iso", f["standard"], *[f"clause-{c}" for c in f["clauses"]]],
                "standard": f["standard"],
                "clauses": f["clauses"],
                "severity": f["severity"],
                "stage": f["stage"],
            },
        }
    index = {rid: i for i, rid in enumerate(rules)}
    sarif_results = []
    for f in findings:
        if f["outcome"] not in ("nonconform", "waived"):
            continue
        rid = _rule_id(f)
        fingerprint = hashlib.sha256(f"{rid}|{f['standard']}".encode()).hexdigest()
        result: dict[str, Any] = {
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": LEVEL[f["severity"]],
            "message": {
                "text": f"{f['severity'].capitalize()} nonconformity, {f['standard']} clause "
                f"{', '.join(f['clauses'])}: {f['message']}"
            },
            "locations": _location(results, f),
            "relatedLocations": _related(results, f),
            "partialFingerprints": {"isocheckRule/v1": fingerprint},
            "properties": {"outcome": f["outcome"], "details": f["details"]},
        }
        if f["outcome"] == "waived" and f["waiver"]:
            w = f["waiver"]
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{w['reason']} (approved by {w['approver']} until {w['expires']}; "
                    f"corrective action {w.get('corrective_action') or 'none given'})",
                }
            ]
        sarif_results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{_rule_id(f)} could not be evaluated: {f['message']}"},
            "descriptor": {"id": _rule_id(f)},
        }
        for f in findings
        if f["outcome"] == "error"
    ]
    successful = not notifications  # every rule could be evaluated
    partial = results["run"]
    if not partial["complete"]:  # the results stand; no conclusion may be drawn from them
        notifications.append(
            {
                "level": "warning",
                "message": {"text": "; ".join([partial["headline"], *partial["details"]])},
                "descriptor": {"id": "isocheck/partial-run"},
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "isocheck",
                "version": results["tool"]["version"],
                "informationUri": "https://isocheck.dev",
                "rules": list(rules.values()),
            }
        },
        "invocations": [
            {
                "executionSuccessful": successful,
                "toolExecutionNotifications": notifications,
                "properties": {"as_of": results["as_of"]},
            }
        ],
        "results": sarif_results,
        "properties": {
            "organization": results["organization"].get("name", ""),
            "as_of": results["as_of"],
            "standards": [s["id"] for s in results["standards"]],
        },
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
