"""The Markdown audit report (`isocheck.reporting.markdown`): a corrective-action row per
nonconformity, waivers and exclusions, and each standard's verdict in its own wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import expected_nonconformities, with_a_place

from isocheck.reporting.registry import builtin_writers

GAPS = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"


def test_markdown_has_a_corrective_action_row_per_nonconformity(gaps: dict[str, Any]) -> None:
    md = next(w for w in builtin_writers() if w[0] == "md")[3](gaps)
    assert md.count("| Root cause | |") == len(expected_nonconformities(GAPS))
    assert "## Waivers" in md and "QMS-7.1.3-01" in md and "expired" in md
    assert "| 8.3 | iso9001-2015 |" in md or "| 8.3 | all |" in md


def test_the_certification_cycle_says_whether_certificates_are_maintained(
    gaps: dict[str, Any],
) -> None:
    cycle = next(s for s in gaps["standards"] if s["id"] == "certification-cycle")
    assert (cycle["verdict"]["kind"], cycle["verdict"]["decision"]) == (
        "certificates",
        "maintained",
    )
    md = next(w for w in builtin_writers() if w[0] == "md")[3](gaps)
    section = md.split("### Certification cycle", 1)[1].split("###", 1)[0]
    assert "- Certificates maintained: yes" in section
    assert "Stage 1 ready" not in section


def test_a_place_in_a_workbook_is_named_after_its_file(gaps: dict[str, Any]) -> None:
    md = next(w for w in builtin_writers() if w[0] == "md")[3](with_a_place(gaps))
    assert "`registers/Risks.xlsx, sheet Risks, row 14`" in md
