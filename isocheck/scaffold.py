"""`isocheck init`: a starting evidence folder with a profile and a template for every evidence type.

Templates carry placeholders, never plausible values, so a first run reports every gap as a
nonconformity that says what to provide. Existing files are never overwritten.
"""

from __future__ import annotations

import csv
import io
import os
import re
import string
from pathlib import Path
from typing import Any

from isocheck.globs import GlobError, glob_regex
from isocheck.model import DOCUMENT_CONTROL_FIELDS, EvidenceType, RulePack

_GLOB_CHARS = re.compile(r"[*?\[{]")
_ALTERNATIVES = re.compile(r"\{([^{},]*),[^{}]*\}")  # "{md,docx,pdf}": a template is the first


def _bracket_char(match: re.Match[str]) -> str:
    """A character the glob's bracket (`[0-9]`, `[!x]`) matches."""
    bracket = match.group(0)
    try:
        return next(
            c
            for c in "x0aA_" + string.ascii_letters + string.digits
            if glob_regex(bracket).match(c)
        )
    except (GlobError, StopIteration):
        return "x"


def template_path(etype: EvidenceType) -> str:
    """A concrete file path matching the evidence type's first location."""
    concrete = []
    for part in etype.locations[0].replace("**/", "").split("/"):
        if _GLOB_CHARS.search(part):
            part = _ALTERNATIVES.sub(r"\1", part)
            part = re.sub(r"\[[^\]]*\]", _bracket_char, part).replace("?", "x").replace("*", "")
            if not part.split(".")[0]:  # "*.md" -> "<type>.md"
                part = etype.name + part
        concrete.append(part)
    return "/".join(concrete)


def _headings_for(pack: RulePack, name: str) -> list[str]:
    found: dict[str, None] = {}

    def walk(value: Any, evidence: str | None) -> None:
        if isinstance(value, dict):
            here = value.get("evidence", evidence)
            if here == name:
                for heading in value.get("headings", []) or []:
                    found.setdefault(str(heading), None)
                if "section" in value:
                    found.setdefault(str(value["section"]), None)
            for sub in value.values():
                walk(sub, here)
        elif isinstance(value, list):
            for sub in value:
                walk(sub, evidence)

    for rule in pack.rules:
        walk([c.params for c in rule.checks], None)
    return list(found)


def _document(etype: EvidenceType, headings: list[str]) -> str:
    fields = list(dict.fromkeys([*DOCUMENT_CONTROL_FIELDS, *etype.fields]))
    lines = ["---"]
    for name in fields:
        if name == "title":
            value = etype.title
        elif name in ("approved_on", "next_review") or name.endswith(("_on", "date")):
            value = "YYYY-MM-DD"
        elif name == "status":
            value = "draft"
        else:
            value = "TODO"
        lines.append(f"{name}: {value!s}" if name != "title" else f"title: {value!r}")
    # Not the type's title as a heading: it may say what a rule looks for in headings.
    lines += ["---", "# TODO: the document's title", ""]
    if etype.description:
        lines += [f"<!-- {etype.description} -->", ""]
    if headings:
        # A checklist, not headings: a blank template must not pass a rule that looks for them.
        lines += [
            "<!-- Sections the rules look for (write each as a '## ' heading with its content):"
        ]
        lines += [f"     - {heading}" for heading in headings]
        lines += ["-->", ""]
    return "\n".join(lines)


def _table(etype: EvidenceType) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(list(etype.columns) or ["TODO"])
    return out.getvalue()


def _profile(packs: list[RulePack]) -> str:
    standards = ", ".join(p.standard for p in packs)
    return f"""# yaml-language-server: $schema=https://isocheck.dev/schemas/profile.schema.json
# isocheck profile: what is assessed, and how your folder maps to the rule packs' evidence types.
# Run `isocheck explain {packs[0].id}` to see every clause, rule and the evidence it expects.
format: isocheck/profile/v1
organization:
  name: TODO your organization's legal name
scope: TODO the products, services, sites and processes your management system covers
standards: [{standards}]
# Templates are Markdown and CSV; a document may as well be Word (.docx) or PDF, and a register
# an Excel workbook (.xlsx) where the template is: isocheck explain lists each type's formats.
# evidence:            # map an evidence type to your own paths and column names
#   training-record:
#     locations: ["HR/training/*.{{csv,xlsx}}"]
#     sheet: Training   # a workbook's sheet (its name, or its number from 1), if not the first
#     header_row: 3     # the row naming the columns, if a title stands above it
#     columns: {{person: Employee}}
# exclusions:          # clauses that do not apply, each with a justification
#   - {{clause: "8.3", justification: "We make to customer design only; no design activity."}}
"""


def init_folder(target: Path, packs: list[RulePack]) -> tuple[list[str], list[str]]:
    """Write the profile and one template per evidence type under `target`; (created, kept)."""
    files: dict[str, str] = {"isocheck.yaml": _profile(packs)}
    for pack in packs:
        for name in sorted(pack.evidence_types):
            etype = pack.evidence_types[name]
            if not etype.locations:  # taken from the profile (the certificates), not a file
                continue
            path = template_path(etype)
            # One template serves every type whose locations it already matches.
            if any(glob_regex(loc).match(p) for p in files for loc in etype.locations):
                continue
            if etype.kind == "table":
                files[path] = _table(etype)
            else:
                files[path] = _document(etype, _headings_for(pack, name))
    created, kept = [], []
    for rel in sorted(files):
        full = target / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: never overwrite, even if the file appears between a check and the write.
            fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            kept.append(str(full))
            continue
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(files[rel])
        created.append(str(full))
    return created, kept
