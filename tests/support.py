"""Shared test material: a small rule pack and evidence folder, and a helper that writes them."""

from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

MINI_PACK = """\
format: isocheck/rulepack/v1
pack: {id: mini, standard: mini, verdict: certification, edition: "1", version: "0.1", title: Mini standard}
thresholds:
  review_days: {default: 365}
clauses:
  - {id: "5.2", title: Policy}
  - {id: "7.1.5", title: Monitoring resources}
  - {id: "8.3", title: Design, excludable: true}
  - {id: "9.2", title: Internal audit}
evidence:
  policy:
    kind: document
    title: Quality policy
    locations: ["policy/*.md"]
    fields: [id, title, owner, approved_by, approved_on, next_review, status]
  calibration:
    kind: table
    title: Calibration register
    locations: ["registers/calibration.csv"]
    columns: [instrument, status, next_due]
  design:
    kind: records
    title: Design records
    locations: ["design/*.md"]
  audits:
    kind: table
    title: Internal audits
    locations: ["registers/audits.csv"]
    columns: [id, date, area, auditor]
rules:
  - id: M-5.2-01
    clauses: ["5.2"]
    title: The quality policy is approved and current
    severity: major
    stage: 1
    checks:
      - approved: {evidence: policy}
      - contains: {evidence: policy, text: [customer]}
    remediation: Approve the policy.
  - id: M-7.1.5-01
    clauses: ["7.1.5"]
    title: Instruments in use are calibrated
    severity: minor
    stage: 2
    checks:
      - records:
          evidence: calibration
          where: {status: {equals: in use}}
          require: {next_due: {on_or_after: as_of}}
  - id: M-8.3-01
    clauses: ["8.3"]
    title: Design is planned
    severity: major
    stage: 2
    checks: [{exists: {evidence: design}}]
  - id: M-9.2-01
    clauses: ["9.2"]
    title: Audits recur
    severity: minor
    stage: 2
    checks:
      - interval: {evidence: audits, field: date, max_days: "${review_days}"}
  - id: M-9.2-02
    clauses: ["9.2"]
    title: Auditors are independent
    severity: observation
    stage: 2
    checks:
      - records: {evidence: audits, require: {auditor: {differs_from: area}}}
"""

POLICY = """\
---
id: POL-01
title: Quality policy
owner: Ann Owner
approved_by: Bob Boss
approved_on: 2026-01-10
next_review: 2027-01-10
status: approved
---
# Quality policy

We put the customer first.
"""

CALIBRATION = """\
instrument,status,next_due
G-01,in use,2026-12-01
G-02,in use,2026-03-01
G-03,retired,2020-01-01
"""

AUDITS = """\
id,date,area,auditor
IA-1,2025-12-01,Production,Quality
IA-2,2026-06-01,Quality,Quality
"""

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Mini Ltd}
scope: Everything we do
standards: [mini]
as_of: 2026-11-01
packs: [packs/mini.yaml]
exclusions:
  - {clause: "8.3", justification: We build to customer drawings only.}
"""

# What the mini folder gives as of 2026-11-01.
MINI_EXPECTED = {
    "M-5.2-01": "conform",
    "M-7.1.5-01": "nonconform",
    "M-8.3-01": "not-applicable",
    "M-9.2-01": "conform",
    "M-9.2-02": "nonconform",
}


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # a workbook, a Word document, a PDF
            path.write_bytes(text)
            continue
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


def mini_files(**overrides: str) -> dict[str, str]:
    files = {
        "isocheck.yaml": PROFILE,
        "packs/mini.yaml": MINI_PACK,
        "policy/quality-policy.md": POLICY,
        "registers/calibration.csv": CALIBRATION,
        "registers/audits.csv": AUDITS,
    }
    files.update(overrides)
    return files


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Content hash, mode and mtime of every entry under root: the evidence-untouched check."""
    out = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[path.relative_to(root).as_posix()] = (digest, info.st_mode, info.st_mtime_ns)
    return out


def results_document(folder: Path, *, epoch: str | None = None) -> dict[str, Any]:
    """The results document of an evidence folder, built as the plugin builds it on a complete
    run (the engine's findings, in plan order); `epoch` pins SOURCE_DATE_EPOCH while it is built."""
    import os

    import isocheck
    from isocheck.reporting.document import build

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        a = isocheck.evaluate(folder)
        return build(
            profile=a.profile, packs=a.packs, findings=a.findings, as_of=a.as_of, stage=a.stage
        )
    finally:
        if epoch is not None:
            if saved is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved


def expected_nonconformities(folder: Path) -> list[tuple[str, str]]:
    """(rule, evidence path) of each nonconformity an example's expected-findings.yaml documents."""
    data = yaml.safe_load((folder / "expected-findings.yaml").read_text(encoding="utf-8"))
    return [
        (f["rule"], f["why"].rsplit("(", 1)[-1].rstrip(")"))
        for f in data["findings"]
        if f["outcome"] == "nonconform"
    ]


# A German organization's registers and the small pack they are read for: ';' CSV, DD.MM.YYYY,
# its own words, one register for risks and opportunities (tests of isocheck.meaning and mapping).
GERMAN_PACK = """\
format: isocheck/rulepack/v2
pack: {id: mini, standard: mini, edition: "1", version: "1", title: Mini}
clauses:
  - {id: "10.2", title: Nonconformity}
  - {id: "6.1", title: Risks and opportunities}
evidence:
  ncs:
    kind: table
    title: Nonconformity register
    locations: ["ncs.csv"]
    empty: [none]
    values:
      status: {open: [in progress], closed: [done, completed]}
  opportunities:
    kind: table
    title: Opportunities
    locations: ["risks.csv"]
rules:
  - id: NC-01
    clauses: ["10.2"]
    title: Nonconformities are closed within 60 days
    severity: minor
    stage: 2
    checks:
      - closed_within: {evidence: ncs, opened: opened, closed: closed_on, days: 60}
  - id: NC-02
    clauses: ["10.2"]
    title: A closed nonconformity has a closing date
    severity: minor
    stage: 2
    checks:
      - records:
          evidence: ncs
          where: {status: {equals: closed}}
          require: {closed_on: {present: true}}
  - id: OPP-01
    clauses: ["6.1"]
    title: Opportunities have an owner
    severity: minor
    stage: 2
    checks:
      - records: {evidence: opportunities, require: {owner: {present: true}}}
"""

GERMAN_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Müller GmbH}
scope: Alles
standards: [mini]
as_of: 2026-11-01
packs: [pack.yaml]
evidence:
  ncs:
    locations: ["Register/Abweichungen.csv"]
    delimiter: ";"
    dates: "%d.%m.%Y"
    columns: {opened: Datum, closed_on: "Erledigt am", status: Status}
    values:
      status: {offen: open, erledigt: closed}
  opportunities:
    locations: ["Register/Risiken.csv"]
    rows: {Art: {equals: Chance}}
    columns: {owner: Verantwortlich}
"""

GERMAN_NCS = (
    "Nr;Datum;Status;Erledigt am\n"
    "A-1;03.02.2026;erledigt;20.02.2026\n"
    "A-2;10.10.2026;offen;-\n"
    "A-3;01.03.2026;Erledigt (8D);none\n"
)

GERMAN_RISKS = (
    "Art,Beschreibung,Verantwortlich\nRisiko,Lieferant fällt aus,\nChance,Neue Kunden,M. Weber\n"
)


# A row of a workbook: a place in the evidence that has no line.
PLACE = {
    "path": "registers/Risks.xlsx",
    "line": None,
    "sha256": "ab" * 32,
    "place": "sheet Risks, row 14",
}


def with_a_place(results: dict[str, Any]) -> dict[str, Any]:
    """A copy of a results document whose first nonconformity points at a row of a workbook."""
    out = copy.deepcopy(results)
    finding = next(f for f in out["findings"] if f["outcome"] == "nonconform")
    finding["evidence"] = [dict(PLACE)]
    return out


# --- SSH signatures (attestations) ------------------------------------------------------------

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None,
    reason="ssh-keygen (OpenSSH) is not installed: signatures cannot be made or verified here",
)


def keygen(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 key pair (no passphrase); (private key, public key line)."""
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])


def sign(key: Path, file: Path, namespace: str = "isocheck-attestation") -> None:
    """Sign `file` as `ssh-keygen -Y sign` does: the signature in FILE.sig beside it."""
    subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", namespace, str(file)],
        check=True,
        capture_output=True,
    )
