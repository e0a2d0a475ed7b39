"""The certification cycle (ISO/IEC 17021-1), as an ordinary built-in plugin.

A profile that records certificates (`certification:`) is assessed against the pack
`certification-cycle` besides its standards, and that pack's evidence of kind `profile`, section
`certification`, is the profile's certificates: one item per certified standard. Both come through
hooks any plugin can implement (`isocheck_assessed_packs`, `isocheck_profile_evidence`); the check
itself (`certification_cycle`) is one of the built-in checks, and the pack declares its verdict
(`certificates`) like any pack. The profile's `sites:` (section `sites`, one item per site with
id, name and central) come the same way, for the IAF MD 1 site sample (`site_sample`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from isocheck.evidence import Item
from isocheck.hookspecs import hookimpl
from isocheck.model import PROFILE_NAME, EvidenceRef, EvidenceType, Profile

CERTIFICATION_PACK = "certification-cycle"

# A standard's id as the packs write it: "iso9001-2015", "iso27001-2022"
_STANDARD_ID = re.compile(r"^([a-z]+)(\d+)-((?:19|20)\d\d)$")


def standard_names(standard: str) -> str:
    """The ways records name a standard, ";"-separated: "iso9001-2015" as "ISO 9001:2015",
    "ISO 9001", "EN ISO 9001", and with IEC ("ISO/IEC 27001:2022"); an id of another form as
    written."""
    m = _STANDARD_ID.match(standard)
    if m is None:
        return standard
    body, number, year = m.group(1).upper(), m.group(2), m.group(3)
    bodies = [body, f"EN {body}", f"{body}/IEC"] if body == "ISO" else [body]
    return "; ".join(f"{b} {number}{edition}" for b in bodies for edition in (f":{year}", ""))


@hookimpl
def isocheck_assessed_packs(
    profile: Profile, standards: list[str], all_standards: bool
) -> list[str]:
    # Only for a run over every standard: the cycle reads every certificate of the profile.
    return [CERTIFICATION_PACK] if profile.certification and all_standards else []


@hookimpl
def isocheck_profile_evidence(
    etype: EvidenceType,
    profile: Profile,
    line_of: Callable[[tuple[str | int, ...]], int | None],
) -> list[Item] | None:
    if etype.section == "sites":
        return [
            Item(
                {"id": site.id, "name": site.name, "central": site.central},
                EvidenceRef(PROFILE_NAME, line_of(("sites", i)), profile.sha256 or None),
            )
            for i, site in enumerate(profile.sites)
        ]
    if etype.section != "certification":
        return None
    return [
        Item(
            {
                "standard": standard,
                "names": standard_names(standard),
                **profile.certification[standard],
            },
            EvidenceRef(PROFILE_NAME, line_of(("certification", standard)), profile.sha256 or None),
        )
        for standard in sorted(profile.certification)
    ]
