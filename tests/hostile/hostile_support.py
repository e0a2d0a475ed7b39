"""A small pack whose rules read every kind of evidence, for hostile-input cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from isocheck.model import Finding

HOSTILE_PACK = """\
format: isocheck/rulepack/v1
pack: {id: hostile, standard: hostile, edition: "1", version: "1", title: Hostile input}
clauses:
  - {id: "7.5", title: Documented information}
evidence:
  docs: {kind: document, title: Documents, locations: ["docs/*.{md,txt,docx,pdf}"]}
  data: {kind: records, title: Data records, locations: ["data/*.yaml", "data/*.json"]}
  table: {kind: table, title: Register, locations: ["tables/*.{csv,xlsx,xlsm}"],
          columns: [id, date, note]}
rules:
  - {id: H-DOC, clauses: ["7.5"], title: Documents have ids, severity: minor, stage: 1,
     checks: [{fields: {evidence: docs, required: [id]}}]}
  - {id: H-TEXT, clauses: ["7.5"], title: Documents mention quality, severity: minor, stage: 1,
     checks: [{contains: {evidence: docs, text: [quality]}}]}
  - {id: H-DATA, clauses: ["7.5"], title: Data records have ids, severity: minor, stage: 1,
     checks: [{fields: {evidence: data, required: [id]}}]}
  - {id: H-TABLE, clauses: ["7.5"], title: Register rows are dated, severity: minor, stage: 2,
     checks: [{exists: {evidence: table}},
              {records: {evidence: table, require: {date: {on_or_before: as_of}}}}]}
  - {id: H-REGEX, clauses: ["7.5"], title: Notes are all a, severity: minor, stage: 2,
     checks: [{records: {evidence: table, require: {note: {matches: "^(a|aa)+$"}}}}]}
"""

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Hostile Ltd}
scope: Anything
standards: [hostile]
as_of: 2026-11-01
packs: [packs/hostile.yaml]
"""

GOOD = {
    "docs/a.md": "---\nid: D-1\n---\n# Quality manual\n",
    "data/a.yaml": "id: R-1\n",
    "tables/a.csv": "id,date,note\nT-1,2026-01-01,aaaa\n",
}

Run = Callable[..., dict[str, Finding]]


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
