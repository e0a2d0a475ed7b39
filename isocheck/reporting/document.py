"""The results document: one canonical, JSON-ready record of a run, from which every report renders.

It holds builtin types only, in a fixed order, so the same evidence, packs and as-of date give a
byte-identical JSON file. The only time stamp is `generated_at`, pinned by SOURCE_DATE_EPOCH.
Every writer (JSON, Markdown, HTML, SARIF, OSCAL) renders from this document alone, so
`isocheck report RESULTS.json` can render any format again later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from isocheck.confined import ConfinedError, ConfinedRoot
from isocheck.errors import InputError, Problem, UsageError
from isocheck.escape import lossless, name_of
from isocheck.model import PROFILE_NAME, Finding, Profile, RulePack
from isocheck.reporting.verdict import COLUMNS, RunStatus, Verdict, blocks, category, summarize
from isocheck.sites import per_site, sites_of
from isocheck.validation import validator
from isocheck.version import __version__

FORMAT = "isocheck/report/v1"


# The latest moment an ISO 8601 timestamp with a four-digit year can hold (9999-12-31T23:59:59Z)
MAX_EPOCH = 253_402_300_799


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a moment, None when unset; UsageError when set
    to anything but a whole number of seconds between 1970 and the year 9999."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return None
    text = epoch.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_EPOCH))) or (
        int(text) > MAX_EPOCH
    ):
        shown = repr(epoch[:40]) + ("..." if len(epoch) > 40 else "")
        raise UsageError(
            f"SOURCE_DATE_EPOCH is {shown}, not a number of seconds since 1970-01-01 (0 to "
            f"{MAX_EPOCH}); set it to a whole number such as the last commit's time "
            "(git log -1 --format=%ct), or unset it"
        )
    return dt.datetime.fromtimestamp(int(text), dt.UTC)


def generated_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), as UTC ISO 8601."""
    moment = source_date_epoch() or dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _manifest(root: Path, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Every evidence file a finding relied on: path, size, sha256 (size from lstat, no link followed
    at any level; no reads) and the standards it served, so an integrated system shows which
    evidence is shared."""
    sha: dict[str, str | None] = {}
    served: dict[str, set[str]] = {}
    for finding in findings:
        for ref in (*finding.evidence, *finding.consulted):
            if ref.path == PROFILE_NAME:
                continue
            if sha.get(ref.path) is None:
                sha[ref.path] = ref.sha256
            served.setdefault(ref.path, set()).add(finding.standard)
    confined: ConfinedRoot | None = None
    with contextlib.suppress(OSError):  # the folder is gone: sizes unknown, as for a gone file
        confined = ConfinedRoot(root)
    out = []
    for path in sorted(sha):
        try:
            # A name shown as \xNN (one that is not UTF-8, from a worker) is looked up as it is
            size: int | None = (
                confined.lstat(name_of(path)).st_size if confined is not None else None
            )
        except ConfinedError:
            size = None
        out.append(
            {
                "path": lossless(path),
                "size": size,
                "sha256": sha[path],
                "standards": sorted(served[path]),
            }
        )
    if confined is not None:
        confined.close()
    return out


class _ConsultedSets:
    """The files findings read besides those at fault, each distinct set once ("C1", "C2", ...
    in the order findings first name them): rules reading the same evidence share one set, so a
    large organization's files are not repeated in every finding."""

    def __init__(self) -> None:
        self.sets: dict[str, list[str]] = {}
        self._keys: dict[tuple[str, ...], str] = {}

    def key(self, f: Finding) -> str | None:
        if not f.consulted:
            return None
        paths = tuple(lossless(ref.path) for ref in f.consulted)
        if paths not in self._keys:
            self._keys[paths] = f"C{len(self._keys) + 1}"
            self.sets[self._keys[paths]] = list(paths)
        return self._keys[paths]


def consulted(results: dict[str, Any], finding: dict[str, Any]) -> list[str]:
    """The files a finding of a results document read besides those at fault."""
    key = finding.get("consulted")
    return list(results.get("consulted_sets", {}).get(key, ())) if key else []


def files_read(paths: Sequence[str], shown: int = 5) -> str:
    """ "read 3 files: a, b, c" (the first `shown` of them, then how many more)."""
    if not paths:
        return ""
    names = ", ".join(paths[:shown]) + (
        f" and {len(paths) - shown} more" if len(paths) > shown else ""
    )
    return f"read {len(paths)} file{'s' if len(paths) != 1 else ''}: {names}"


def _finding(f: Finding, fail_on: str, number: str | None, sets: _ConsultedSets) -> dict[str, Any]:
    data = f.to_dict()
    return {
        "standard": data["standard"],
        "pack": data["pack"],
        "rule": data["rule"],
        "clauses": data["clauses"],
        "title": data["title"],
        "outcome": data["outcome"],
        "severity": data["severity"],
        "stage": data["stage"],
        # Enriched once here, so no writer decides again what a finding is.
        "category": category(f),
        "number": number,
        "fails_run": blocks(f, fail_on),
        "message": data["message"],
        "details": data["details"],
        "remediation": data["remediation"],
        "evidence": data["evidence"],
        "consulted": sets.key(f),
        "faults": [{"path": path, "item": item} for path, item in data["faults"]],
        "baseline": data["baseline"],
        "waiver": data["waiver"],
        "exclusion": data["exclusion"],
        "error": data["error"],
    }


def _numbered(
    findings: Sequence[Finding], fail_on: str, sets: _ConsultedSets, profile: Profile
) -> list[dict[str, Any]]:
    """The findings, each nonconformity (major or minor) numbered NC-001, NC-002, ... in order;
    for a multi-site organization, each names the sites whose files are at fault (none: the
    organization as a whole)."""
    out = []
    count = 0
    for f in findings:
        number = None
        if category(f) in ("major", "minor"):
            count += 1
            number = f"NC-{count:03d}"
        data = _finding(f, fail_on, number, sets)
        if profile.sites:
            data["sites"] = sites_of((ref.path for ref in f.evidence), profile.sites)
        out.append(data)
    return out


def _waiver_status(expired: bool, applied: bool) -> str:
    if expired:
        return "expired"
    return "applied" if applied else "not needed: rule conforms"


def build(
    *,
    profile: Profile,
    packs: Sequence[RulePack],
    findings: Sequence[Finding],
    as_of: dt.date,
    stage: int | None,
    run: RunStatus | None = None,
) -> dict[str, Any]:
    """The results document for a run (findings in plan order). Without `run`, the findings are
    taken to be the complete plan (the engine's own `evaluate`)."""
    root = profile.root
    run = run or RunStatus(planned=len(findings), assessed=len(findings))
    waived_rules = {f.rule for f in findings if f.waiver}
    summaries = summarize(findings, packs, stage, fail_on=run.fail_on, complete=run.complete)
    pack_by_standard = {p.standard: p for p in packs}
    sets = _ConsultedSets()
    standards = []
    for s in summaries:
        pack = pack_by_standard.get(s.standard)
        standards.append(
            {
                "id": s.standard,
                "title": pack.title if pack else s.standard,
                "totals": {c: s.total.counts[c] for c in COLUMNS},
                "conformity": None if s.total.conformity is None else round(s.total.conformity, 4),
                "clauses": [
                    {
                        "clause": row.clause,
                        "title": row.title,
                        "counts": {c: row.counts[c] for c in COLUMNS},
                        "conformity": None if row.conformity is None else round(row.conformity, 4),
                    }
                    for row in s.rows
                ],
                "verdict": _verdict(s.verdict),
                "certification": profile.certification.get(s.standard),
            }
        )
    numbered = _numbered(findings, run.fail_on, sets, profile)
    document: dict[str, Any] = {
        "format": FORMAT,
        "tool": {"name": "isocheck", "version": __version__},
        "generated_at": generated_at(),
        "as_of": as_of.isoformat(),
        "stage": stage,
        "run": {
            "complete": run.complete,
            "planned": run.planned,
            "assessed": run.assessed,
            "fail_on": run.fail_on,
            "failing": sum(1 for f in findings if blocks(f, run.fail_on)),
            "headline": run.headline(),
            "details": run.details(),
            "baseline": (
                {"path": run.baseline[0], "sha256": run.baseline[1]} if run.baseline else None
            ),
        },
        "organization": profile.organization,
        "scope": profile.scope,
        # Relative to where the run started, so SARIF locations resolve from a repository root.
        "evidence_folder": Path(os.path.relpath(root, Path.cwd())).as_posix(),
        "profile": {"path": PROFILE_NAME, "sha256": profile.sha256},
        "packs": [
            {
                "id": p.id,
                "standard": p.standard,
                "edition": p.edition,
                "version": p.version,
                "title": p.title,
                "sha256": p.sha256,
                "extends": p.extends,
            }
            for p in packs
        ],
        "standards": standards,
        "exclusions": [
            {"clause": e.clause, "standard": e.standard, "justification": e.justification}
            for e in profile.exclusions
        ],
        "waivers": [
            {
                "rule": w.rule,
                "standard": w.standard,
                "reason": w.reason,
                "approver": w.approver,
                "expires": w.expires.isoformat(),
                "corrective_action": w.corrective_action,
                "expired": w.expires < as_of,
                "status": _waiver_status(w.expires < as_of, w.rule in waived_rules),
            }
            for w in profile.waivers
        ],
        "findings": numbered,
        "consulted_sets": sets.sets,
        "evidence_manifest": _manifest(root, findings),
    }
    if profile.sites:  # only then: a single-site organization's results read as they always did
        document["sites"] = per_site(profile.sites, numbered)
    return document


def _verdict(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "kind": verdict.kind,
        "passed": verdict.passed,
        "decision": verdict.decision,
        "headline": verdict.headline(),
        "stage1_ready": verdict.stage1_ready,
        "stage2_ready": verdict.stage2_ready,
        "reasons": list(verdict.reasons),
    }


def dumps(results: dict[str, Any]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n"


def load(path: Path) -> dict[str, Any]:
    """A saved results file, validated against schemas/report.schema.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    str(path),
                    exc.lineno,
                    exc.colno,
                    f"not JSON: {exc.msg}",
                    "give a results file written by --isocheck-json",
                )
            ]
        ) from None
    errors = sorted(
        validator("report.schema.json").iter_errors(data), key=lambda e: list(map(str, e.path))
    )
    if errors:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    e.message,
                    "give a results file written by --isocheck-json",
                    "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.path),
                )
                for e in errors[:20]
            ]
        )
    result: dict[str, Any] = data
    return result
