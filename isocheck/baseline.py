"""What changed since an earlier run: new, closed, recurring and regraded nonconformities.

A nonconformity is recognised in a later run by its rule and what is at fault, never by line
numbers: each violation names a file and, for a row or record, the item it is about ("name
Megan Doyle", "instrument G-02"), so rows added above it or a register re-sorted do not make an
old nonconformity look new. A violation that names no item (a missing register, a document past
its review) is known by its words with the numbers taken out, since ages and counts change from
one as-of date to the next.

Against a baseline (`--isocheck-baseline OLD.json`) each nonconformity of the new run is:
- new: its rule had no nonconformity in the baseline, or something is at fault that was not;
- recurring: the same rule, with nothing at fault that the baseline did not already have (ISO
  9001 10.2 expects corrective action to prevent recurrence: the report says so);
- regraded: the same faults, at a graver grade ("regraded down": at a lesser one).
Only new nonconformities, and those regraded to a graver grade, fail the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isocheck.escape import lossless
from isocheck.model import Finding

_ITEM = re.compile(r"([A-Za-z_][\w.-]*) (.+?): ")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
_GRADES = {"observation": 0, "minor": 1, "major": 2}

Fault = tuple[str, str]
Key = tuple[str, str]  # (standard, rule)


def fault_key(message: str, path: str | None) -> Fault:
    """(file, item) for a violation's message: the item a row's message begins with ("name
    Megan Doyle: ..."), else the message without its numbers."""
    match = _ITEM.match(message)
    item = f"{match.group(1)} {match.group(2)}" if match else _NUMBERS.sub("#", message)
    return (path or "", item)


_DETAIL = re.compile(r"(?P<path>[^\n]+?):(?:\d+:)? (?P<message>.*)", re.DOTALL)


def faults_of(finding: dict[str, Any]) -> frozenset[Fault]:
    """A results document's finding's faults; for a document written before faults were
    recorded, read back from its details ("path:line: message")."""
    if "faults" in finding:
        return frozenset((str(p), str(i)) for p, i in _pairs(finding["faults"]))
    found = set()
    for detail in finding.get("details", ()):
        match = _DETAIL.fullmatch(detail)
        found.add(fault_key(match["message"], match["path"]) if match else fault_key(detail, None))
    return frozenset(found)


def _pairs(faults: Iterable[Any]) -> Iterable[tuple[Any, Any]]:
    for fault in faults:
        if isinstance(fault, dict):
            yield fault.get("path", ""), fault.get("item", "")
        else:
            yield fault[0], fault[1]


@dataclass(frozen=True)
class Known:
    """A rule's nonconformity in the baseline."""

    severity: str
    faults: frozenset[Fault]


def nonconformities(results: dict[str, Any]) -> dict[Key, Known]:
    """The open and waived nonconformities of a results document, by standard and rule."""
    out = {}
    for f in results.get("findings", ()):
        if f["outcome"] in ("nonconform", "waived"):
            out[(f["standard"], f["rule"])] = Known(f["severity"], faults_of(f))
    return out


@dataclass(frozen=True)
class Baseline:
    """An earlier run's nonconformities, that a new run's are compared with."""

    path: str
    sha256: str
    known: dict[Key, Known]

    def status(self, finding: Finding) -> str | None:
        """new, recurring, regraded (graver than in the baseline) or regraded down, for a
        nonconformity (open or waived); else None."""
        if finding.outcome not in ("nonconform", "waived"):
            return None
        known = self.known.get((finding.standard, finding.rule))
        faults = {(lossless(path), lossless(item)) for path, item in finding.faults}
        if known is None or faults - known.faults:
            return "new"
        if known.severity != finding.severity:
            graver = _GRADES.get(finding.severity, 0) > _GRADES.get(known.severity, 0)
            return "regraded" if graver else "regraded down"
        return "recurring"


# --- diff -------------------------------------------------------------------------------------


@dataclass
class Change:
    standard: str
    rule: str
    clauses: list[str]
    title: str
    severity: str
    was: str | None = None  # the baseline's grade, for a regraded one
    number: str | None = None  # NC-001 in the document it comes from
    message: str = ""
    added: list[Fault] = field(default_factory=list)  # at fault now, not before
    resolved: list[Fault] = field(default_factory=list)  # at fault before, not now

    def to_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "rule": self.rule,
            "clauses": self.clauses,
            "title": self.title,
            "severity": self.severity,
            "was": self.was,
            "number": self.number,
            "message": self.message,
            "added": [{"path": p, "item": i} for p, i in self.added],
            "resolved": [{"path": p, "item": i} for p, i in self.resolved],
        }


@dataclass
class Diff:
    old: str
    new: str
    new_ncs: list[Change] = field(default_factory=list)
    closed: list[Change] = field(default_factory=list)
    recurring: list[Change] = field(default_factory=list)
    regraded: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.old,
            "to": self.new,
            "counts": {
                "new": len(self.new_ncs),
                "closed": len(self.closed),
                "recurring": len(self.recurring),
                "regraded": len(self.regraded),
            },
            "new": [c.to_dict() for c in self.new_ncs],
            "closed": [c.to_dict() for c in self.closed],
            "recurring": [c.to_dict() for c in self.recurring],
            "regraded": [c.to_dict() for c in self.regraded],
        }


def _change(f: dict[str, Any], **extra: Any) -> Change:
    return Change(
        standard=f["standard"],
        rule=f["rule"],
        clauses=list(f["clauses"]),
        title=f["title"],
        severity=f["severity"],
        number=f.get("number"),
        message=f["message"],
        **extra,
    )


def diff(old: dict[str, Any], new: dict[str, Any], old_name: str, new_name: str) -> Diff:
    """The nonconformities of `new` against those of `old`, each list in `new`'s (or, for closed
    ones, `old`'s) document order."""
    result = Diff(old_name, new_name)
    before = {
        (f["standard"], f["rule"]): f
        for f in old.get("findings", ())
        if f["outcome"] in ("nonconform", "waived")
    }
    now = {
        (f["standard"], f["rule"]): f
        for f in new.get("findings", ())
        if f["outcome"] in ("nonconform", "waived")
    }
    for key, f in now.items():
        was = before.get(key)
        faults = faults_of(f)
        if was is None:
            result.new_ncs.append(_change(f, added=sorted(faults)))
            continue
        old_faults = faults_of(was)
        added, resolved = sorted(faults - old_faults), sorted(old_faults - faults)
        if added:
            result.new_ncs.append(_change(f, added=added, resolved=resolved))
        elif was["severity"] != f["severity"]:
            result.regraded.append(_change(f, was=was["severity"], resolved=resolved))
        else:
            result.recurring.append(_change(f, resolved=resolved))
    for key, f in before.items():
        if key not in now:
            result.closed.append(_change(f, resolved=sorted(faults_of(f))))
    return result


def _fault(fault: Fault) -> str:
    path, item = fault
    return f"{path}: {item}" if path and item else path or item


def render_text(d: Diff) -> str:
    counts = d.to_dict()["counts"]
    lines = [
        f"isocheck diff {d.old} -> {d.new}: {counts['new']} new, {counts['closed']} closed, "
        f"{counts['recurring']} recurring, {counts['regraded']} regraded nonconformities"
    ]
    sections = (
        ("new", d.new_ncs),
        ("closed", d.closed),
        ("recurring (corrective action has not prevented recurrence: ISO 10.2)", d.recurring),
        ("regraded", d.regraded),
    )
    for title, changes in sections:
        if not changes:
            continue
        lines += ["", f"{title}:"]
        for c in changes:
            grade = f"{c.was} -> {c.severity}" if c.was else c.severity
            lines.append(
                f"  {c.standard} {c.rule} ({grade}, clause {', '.join(c.clauses)}): {c.title}"
            )
            lines += [f"    + {_fault(f)}" for f in c.added]
            lines += [f"    - {_fault(f)}" for f in c.resolved]
    return "\n".join(lines) + "\n"


def render_markdown(d: Diff) -> str:
    from isocheck import escape

    def md(text: str) -> str:
        return escape.markdown(text)

    counts = d.to_dict()["counts"]
    lines = [
        f"# Nonconformities: {md(d.old)} -> {md(d.new)}",
        "",
        "| new | closed | recurring | regraded |",
        "| --- | --- | --- | --- |",
        f"| {counts['new']} | {counts['closed']} | {counts['recurring']} | {counts['regraded']} |",
    ]
    for title, changes in (
        ("New", d.new_ncs),
        ("Closed", d.closed),
        ("Recurring (corrective action has not prevented recurrence)", d.recurring),
        ("Regraded", d.regraded),
    ):
        if not changes:
            continue
        lines += ["", f"## {title}", ""]
        for c in changes:
            grade = f"{c.was} -> {c.severity}" if c.was else c.severity
            lines.append(
                f"- **{md(c.standard)} {md(c.rule)}** ({md(grade)}, clause "
                f"{md(', '.join(c.clauses))}): {md(c.title)}"
            )
            lines += [f"  - now at fault: {md(_fault(f))}" for f in c.added]
            lines += [f"  - no longer at fault: {md(_fault(f))}" for f in c.resolved]
    return "\n".join(lines) + "\n"


def load_baseline(path: Path) -> Baseline:
    """A saved results file as a baseline (validated as `isocheck report` validates it)."""
    import hashlib

    from isocheck.reporting.document import load

    results = load(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Baseline(str(path), digest, nonconformities(results))
