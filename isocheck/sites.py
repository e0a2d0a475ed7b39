"""Multi-site organizations: which sites a file belongs to, and the IAF MD 1 site sample.

A profile's `sites:` gives each site globs inside the evidence folder (`sites/valencia/**`); a
finding names the sites whose files are at fault, and the results document summarizes conformity
per site. IAF MD 1 sets how many sites a certification audit visits: at least sqrt(n) at the
initial audit, 0.6 sqrt(n) at each surveillance, 0.8 sqrt(n) at recertification, rounded up, and
the central function every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal

from isocheck.globs import glob_regex
from isocheck.model import Site

AuditKind = Literal["initial", "surveillance", "recertification"]
AUDIT_KINDS: tuple[AuditKind, ...] = ("initial", "surveillance", "recertification")
# IAF MD 1: the share of sqrt(n) an audit of each kind visits at least.
SAMPLE_FACTOR: dict[AuditKind, Fraction] = {
    "initial": Fraction(1),
    "surveillance": Fraction(3, 5),
    "recertification": Fraction(4, 5),
}


def sample_size(kind: AuditKind, sites: int) -> int:
    """ceil(k * sqrt(n)) for the audit kind's factor k, computed exactly (no float rounding:
    0.6 * sqrt(25) is 3, not 4): the least m with m * m >= k * k * n."""
    if sites <= 0:
        return 0
    factor = SAMPLE_FACTOR[kind]
    bound = factor * factor * sites
    m = 0
    while m * m < bound:
        m += 1
    return m


def sites_of(paths: Iterable[str], sites: Sequence[Site]) -> list[str]:
    """The ids of the sites whose globs match any of `paths`, in the profile's order (none: the
    files belong to the organization as a whole)."""
    paths = list(paths)
    return [
        site.id
        for site in sites
        if any(glob_regex(glob).match(path) for glob in site.paths for path in paths)
    ]


def next_sample(sites: Sequence[tuple[str, bool]], visited: Iterable[str], size: int) -> list[str]:
    """The sites the next audit visits: the central function first, then the sites not visited
    yet in the cycle, then the others, each group by id, `size` in all (the central function
    always, even beyond `size`). `sites` are (id, central) pairs."""
    seen = {v.casefold() for v in visited}
    central = sorted(i for i, c in sites if c)
    others = sorted(i for i, c in sites if not c)
    unvisited = [i for i in others if i.casefold() not in seen]
    revisited = [i for i in others if i.casefold() in seen]
    return central + (unvisited + revisited)[: max(size - len(central), 0)]


JUDGED = ("conform", "major", "minor", "observation", "waived")


def per_site(sites: Sequence[Site], findings: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each site, from the results document's findings (with their `sites`): the rules with
    a major or minor nonconformity at the site, their counts, and conformity = 1 - rules
    nonconforming at the site / rules judged (as a clause's conformity counts them)."""
    judged = sum(1 for f in findings if f["category"] in JUDGED)
    out = []
    for site in sites:
        at = [f for f in findings if f["category"] in ("major", "minor") and site.id in f["sites"]]
        rules = sorted({(f["standard"], f["rule"]) for f in at})
        out.append(
            {
                "id": site.id,
                "name": site.name,
                "central": site.central,
                "rules": [{"standard": s, "rule": r} for s, r in rules],
                "major": len({(f["standard"], f["rule"]) for f in at if f["category"] == "major"}),
                "minor": len({(f["standard"], f["rule"]) for f in at if f["category"] == "minor"}),
                "judged": judged,
                "conformity": round(1 - len(rules) / judged, 4) if judged else None,
            }
        )
    return out
