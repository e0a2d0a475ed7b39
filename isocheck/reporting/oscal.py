"""OSCAL 1.2.1 Assessment Results (JSON): one result for the run, with the ISO clauses assessed as
reviewed controls, one observation per finding that relied on evidence, and one finding per rule.

Mapping:

- A control is a clause of a standard, with id `<standard>_cl_<clause>` (e.g.
  `iso9001-2015_cl_7.1.5.1`); there is no OSCAL catalog for ISO standards, so these ids name the
  clauses and are not resolved against one. Clauses excluded in the profile are exclude-controls.
- Each finding targets (type `statement-id`) the most specific clause its rule maps to; its props
  (namespace `NS`) carry the rule id, pack, standard, every clause, severity, stage and outcome.
  conform -> `satisfied`; nonconform -> `not-satisfied`; waived -> `not-satisfied` with the waiver
  in the status remarks (a waiver accepts the gap, it does not close it). Not-applicable rules are
  findings with implementation-status `not-applicable` and no status; rules that could not be
  evaluated are findings with no status and the error in the remarks, so no rule drops out silently
  and neither is counted as satisfied or not.
- Each observation (method EXAMINE: isocheck inspects documents and records) lists the evidence
  files as relevant-evidence: href is the path from where the run started, the line and sha256
  are props; files in the evidence manifest are also back-matter resources with SHA-256 hashes.
- There is no assessment plan: import-ap points at the placeholder `PLAN_HREF`, as a remark says.

Every UUID is a uuid5 under `NAMESPACE`. The document UUID is keyed on a digest of the whole
results document, and everything inside it on that UUID plus a stable key (standard, pack, rule),
so the same results give a byte-identical document and different results never share UUIDs.
Time stamps are the results' `generated_at` (RFC 3339, UTC).

OSCAL titles (markup-line) and descriptions and remarks (markup-multiline) are Markdown in JSON, and
tools render them; every value from the results in them goes through `escape.markdown`, since
evidence, the profile and pack files kept in the evidence folder are untrusted. Property values,
party names and hrefs are plain strings and stay as they are (hrefs percent-encoded).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any
from urllib.parse import quote

from isocheck import escape
from isocheck.model import clause_sort_key, shown_at
from isocheck.reporting.document import consulted

OSCAL_VERSION = "1.2.1"
NS = "https://isocheck.dev/ns/oscal"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)
PLAN_HREF = "isocheck-assessment-plan.json"
STATE = {"conform": "satisfied", "nonconform": "not-satisfied", "waived": "not-satisfied"}

_NOT_TOKEN = re.compile(r"[^A-Za-z0-9_.\-]")


def _uuid(*key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(key)))


def _line(text: Any) -> str:
    """One line, trimmed: OSCAL titles and property values may not hold line breaks."""
    return " ".join(str(text if text is not None else "").split())


def _md(text: Any) -> str:
    """A value as Markdown text for a markup-line or markup-multiline field."""
    return escape.markdown("" if text is None else str(text))


def _md_line(text: Any) -> str:
    """A value as one trimmed line of Markdown text, for a title."""
    return _line(_md(text))


def _token(text: str) -> str:
    """An OSCAL token (an XML NCName): letters, digits, `_`, `-` and `.`; starts with a letter or `_`."""
    out = _NOT_TOKEN.sub("_", text) or "_"
    return out if out[0].isalpha() or out[0] == "_" else f"_{out}"


def _prop(name: str, value: Any) -> dict[str, str] | None:
    text = _line(value)
    return {"name": name, "ns": NS, "value": text} if text else None


def _props(*pairs: tuple[str, Any]) -> list[dict[str, str]]:
    return [p for p in (_prop(n, v) for n, v in pairs) if p]


def _control_id(standard: str, clause: str) -> str:
    return _token(f"{standard}_cl_{clause}")


def _target_clause(clauses: list[str]) -> str:
    """The most specific clause a rule maps to (the deepest; the first of equals)."""
    return max(clauses, key=lambda c: (c.count("."), -clauses.index(c)))


def _href(results: dict[str, Any], path: str) -> str:
    base = results["evidence_folder"].rstrip("/")
    full = path if base in ("", ".") else f"{base}/{path}"
    return quote(full, safe="/")


def _waiver_text(w: dict[str, Any] | None) -> str:
    accepted = "The gap is accepted until then, not closed."
    if not w:
        return f"Waived (no waiver details recorded). {accepted}"
    return (
        f"Waived: {_md(w.get('reason', ''))} (approved by {_md(w.get('approver', ''))} until "
        f"{_md(w.get('expires', ''))}; corrective action "
        f"{_md(w.get('corrective_action') or 'none given')}). {accepted}"
    )


def _evidence(results: dict[str, Any], f: dict[str, Any], resources: dict[str, str]) -> list[Any]:
    """Every file the rule examined: the rows and files at fault, then the others it read."""
    digests = {m["path"]: m["sha256"] for m in results["evidence_manifest"]}
    read = [
        {"path": path, "line": None, "sha256": digests.get(path)} for path in consulted(results, f)
    ]
    out = []
    for ref in [*f["evidence"], *read]:
        path = ref["path"]
        where = shown_at(path, None, ref.get("place"))
        if ref["line"]:
            where = f"{path}, line {ref['line']}"
        entry: dict[str, Any] = {
            "href": _href(results, path),
            "description": f"Evidence file {_md(where)}",
        }
        props = _props(
            ("line", ref["line"]), ("place", ref.get("place")), ("sha256", ref["sha256"])
        )
        if props:
            entry["props"] = props
        if path in resources:
            entry["links"] = [{"href": f"#{resources[path]}", "rel": "reference"}]
        if not ref["sha256"]:
            entry["remarks"] = "No sha256: the file could not be read (missing or not a file)."
        out.append(entry)
    return out


def _key(f: dict[str, Any], seen: dict[str, int]) -> str:
    key = f"{f['standard']}/{f['pack']}/{f['rule']}"
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def render(results: dict[str, Any]) -> str:
    digest = hashlib.sha256(
        json.dumps(
            results, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode()
    ).hexdigest()
    doc_uuid = _uuid("assessment-results", digest)
    when = results["generated_at"]
    org = _line(results["organization"].get("name", ""))
    tool_uuid = _uuid("component", "isocheck")
    origins = [{"actors": [{"type": "tool", "actor-uuid": tool_uuid}]}]
    findings = results["findings"]

    resources: dict[str, str] = {}
    back_matter = []
    for item in results["evidence_manifest"]:
        res_uuid = _uuid(doc_uuid, "resource", item["path"])
        resources[item["path"]] = res_uuid
        rlink: dict[str, Any] = {"href": _href(results, item["path"])}
        if item["sha256"]:
            rlink["hashes"] = [{"algorithm": "SHA-256", "value": item["sha256"]}]
        resource: dict[str, Any] = {
            "uuid": res_uuid,
            "title": _md_line(item["path"]),
            "props": _props(("size", item["size"])) or None,
            "rlinks": [rlink],
        }
        back_matter.append({k: v for k, v in resource.items() if v is not None})

    observations: list[dict[str, Any]] = []
    oscal_findings: list[dict[str, Any]] = []
    included: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for f in findings:
        key = _key(f, seen)
        outcome = f["outcome"]
        target_id = _control_id(f["standard"], _target_clause(f["clauses"]))
        if outcome != "not-applicable":
            for clause in f["clauses"]:
                included.setdefault(_control_id(f["standard"], clause), (f["standard"], clause))
        props = _props(
            ("rule-id", f["rule"]),
            ("pack", f["pack"]),
            ("standard", f["standard"]),
            *(("clause", c) for c in f["clauses"]),
            ("severity", f["severity"]),
            ("stage", f["stage"]),
            ("outcome", outcome),
        )
        description = "\n\n".join(
            _md(text) for text in [f["message"], *(d for d in f["details"] if d != f["message"])]
        ).strip()
        finding: dict[str, Any] = {
            "uuid": _uuid(doc_uuid, "finding", key),
            "title": _md_line(f"{f['rule']}: {f['title']}"),
            "description": description or _md_line(f["title"]),
            "props": props,
            "origins": origins,
            "target": {
                "type": "statement-id",
                "target-id": target_id,
                "title": _md_line(f"{f['standard']} clause {', '.join(f['clauses'])}"),
            },
        }
        target = finding["target"]
        if outcome in STATE:
            status: dict[str, Any] = {
                "state": STATE[outcome],
                "reason": "pass" if outcome == "conform" else "fail",
            }
            if outcome == "waived":
                status["remarks"] = _waiver_text(f["waiver"])
            target["status"] = status
        elif outcome == "not-applicable":
            target["implementation-status"] = {
                "state": "not-applicable",
                "remarks": _md(f["message"]),
            }
        else:
            finding["remarks"] = (
                f"Not evaluated: the rule could not be evaluated ({_md(f['error'] or f['message'])}); "
                "no status is given."
            )
        if outcome in ("nonconform", "waived") and f["remediation"]:
            finding["remarks"] = f"Remediation: {_md(f['remediation'])}"
        if f["evidence"] or f.get("consulted"):
            obs_uuid = _uuid(doc_uuid, "observation", key)
            observations.append(
                {
                    "uuid": obs_uuid,
                    "title": _md_line(f"Evidence examined for {f['rule']}"),
                    "description": "The evidence isocheck examined for rule "
                    + _md(f"{f['rule']} ({f['standard']} clause {', '.join(f['clauses'])}): ")
                    + _md(f["message"]),
                    "props": _props(("rule-id", f["rule"]), ("outcome", outcome)),
                    "methods": ["EXAMINE"],
                    "types": [
                        "finding" if outcome in ("nonconform", "waived") else "control-objective"
                    ],
                    "origins": origins,
                    "relevant-evidence": _evidence(results, f, resources),
                    "collected": when,
                }
            )
            finding["related-observations"] = [{"observation-uuid": obs_uuid}]
        oscal_findings.append(finding)

    selection: dict[str, Any] = {
        "description": f"The clauses of {_md(', '.join(s['id'] for s in results['standards']))} that "
        f"the {len(findings)} rules evaluated map to.",
        "props": _props(*(("rule-id", f"{f['standard']}/{f['rule']}") for f in findings)),
        "include-controls": [
            {"control-id": cid}
            for cid, _ in sorted(
                included.items(), key=lambda kv: (kv[1][0], clause_sort_key(kv[1][1]))
            )
        ],
    }
    standards = [s["id"] for s in results["standards"]]
    excluded = []
    for e in results["exclusions"]:
        for standard in [e["standard"]] if e["standard"] else standards:
            cid = _control_id(standard, e["clause"])
            if cid not in excluded:
                excluded.append(cid)
    if excluded:
        selection["exclude-controls"] = [{"control-id": cid} for cid in excluded]
        selection["remarks"] = "Excluded by the organization:\n\n" + "\n".join(
            f"- {_md(e['standard'] or 'all standards')} clause {_md(e['clause'])}: "
            f"{_md(e['justification'])}"
            for e in results["exclusions"]
        )
    if not selection["props"]:
        del selection["props"]
    if not selection["include-controls"]:
        # OSCAL needs include-controls (one or more) or include-all; with no clause evaluated,
        # fall back to include-all and say why.
        del selection["include-controls"]
        selection["include-all"] = {}
        selection["description"] = "No clause was evaluated (no applicable rules ran)."

    totals = []
    for s in results["standards"]:
        t = s["totals"]
        totals.append(
            f"{_md(s['id'])}: {t['rules']} rules, {t['conform']} conform, {t['major']} major, "
            f"{t['minor']} minor, {t['observation']} observation, {t['waived']} waived, "
            f"{t['not-applicable']} not applicable, {t['error']} not evaluated"
        )
    stage = results["stage"]
    result: dict[str, Any] = {
        "uuid": _uuid(doc_uuid, "result"),
        "title": _md_line(
            f"Assessment of the management system of {org or 'the organization'} "
            f"as of {results['as_of']}"
        ),
        "description": f"Scope: {_md(results['scope'])}\n\n"
        + "\n".join(f"- {t}" for t in totals)
        + (f"\n\nStage {stage} rules only." if stage else ""),
        "start": when,
        "end": when,
        "props": _props(
            ("as-of", results["as_of"]),
            ("stage", stage),
            ("evidence-folder", results["evidence_folder"]),
            ("profile-sha256", results["profile"]["sha256"]),
            *(("standard", s) for s in standards),
        ),
        "local-definitions": {
            "components": [
                {
                    "uuid": tool_uuid,
                    "type": "software",
                    "title": "isocheck",
                    "description": "isocheck evaluates rule packs for ISO management-system "
                    "standards against an evidence folder.",
                    "props": _props(("version", results["tool"]["version"])),
                    "status": {"state": "operational"},
                }
            ]
        },
        "reviewed-controls": {
            "description": "ISO clauses assessed by isocheck rule packs "
            + _md(", ".join(f"{p['id']} {p['version']}" for p in results["packs"])),
            "control-selections": [selection],
        },
    }
    run = results["run"]
    if not run["complete"]:  # the findings stand; no conclusion may be drawn from them
        result["props"].append({"name": "assessment", "value": "partial"})
        result["remarks"] = _md(
            run["headline"] + ".\n\n" + "\n".join(f"- {d}" for d in run["details"])
        )
    if observations:
        result["observations"] = observations
    if oscal_findings:
        result["findings"] = oscal_findings
    document: dict[str, Any] = {
        "uuid": doc_uuid,
        "metadata": {
            "title": _md_line(f"isocheck assessment results: {org}" if org else "isocheck results"),
            "last-modified": when,
            "version": results["as_of"],
            "oscal-version": OSCAL_VERSION,
            "props": _props(
                ("tool", f"{results['tool']['name']} {results['tool']['version']}"),
                ("results-format", results["format"]),
            ),
            "parties": [
                {
                    "uuid": _uuid("party", org or "organization"),
                    "type": "organization",
                    "name": org or "organization",
                }
            ],
            "remarks": "Generated by isocheck from its results document; the version is the "
            "as-of date of the assessment.",
        },
        "import-ap": {
            "href": PLAN_HREF,
            "remarks": "Placeholder: isocheck publishes no OSCAL assessment plan. The plan is "
            "the rule packs and profile named in this document; this reference does not resolve.",
        },
        "results": [result],
    }
    if back_matter:
        document["back-matter"] = {"resources": back_matter}
    return json.dumps({"assessment-results": document}, indent=2, ensure_ascii=False) + "\n"
