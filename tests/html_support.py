"""What the HTML report's unit and browser tests share: the results with attacker-chosen text."""

from __future__ import annotations

import copy
from typing import Any

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(2)>'


def nonconformities(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        f
        for f in results["findings"]
        if f["outcome"] == "nonconform" and f["severity"] != "observation"
    ]


def hostile(results: dict[str, Any]) -> dict[str, Any]:
    """The results with attacker-chosen text wherever evidence or a profile can put text."""
    bad = copy.deepcopy(results)
    nc = nonconformities(bad)[0]
    nc["message"] = f"found {HOSTILE_SCRIPT} in the policy"
    nc["title"] = HOSTILE_ATTR
    nc["remediation"] = HOSTILE_SCRIPT
    nc["details"] = [HOSTILE_SCRIPT, HOSTILE_ATTR]
    nc["evidence"][0]["path"] = f"policy/{HOSTILE_ATTR}.md"
    bad["scope"] = HOSTILE_SCRIPT
    bad["organization"]["name"] = f"Acme {HOSTILE_SCRIPT}"
    bad["standards"][0]["verdict"]["reasons"].append(HOSTILE_ATTR)
    bad["standards"][0]["clauses"][0]["title"] = HOSTILE_SCRIPT
    bad["waivers"][0]["reason"] = HOSTILE_SCRIPT
    bad["exclusions"][0]["justification"] = HOSTILE_ATTR
    broken = next(f for f in bad["findings"] if f["outcome"] == "conform")
    broken.update(outcome="error", message=HOSTILE_SCRIPT, error=HOSTILE_SCRIPT)
    return bad
