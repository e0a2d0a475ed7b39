"""The built-in check vocabulary (see docs/rule-packs.md): one module per family of checks.

Each family registers its own checks through the same `isocheck_register_checks` hook a third
party's plugin implements (isocheck's `_Builtins` plugin calls `register` below).
"""

from __future__ import annotations

from types import ModuleType

from isocheck.checks import (
    CheckRegistry,
    attestations,
    authority,
    certification,
    combinators,
    dates,
    documents,
    records,
    relations,
)

FAMILIES: tuple[ModuleType, ...] = (
    documents,  # exists, fields, approved, contains
    dates,  # max_age, interval, closed_within
    records,  # records, ratio
    relations,  # covers, references, independent, unique
    authority,  # authorised
    certification,  # certification_cycle, site_sample
    attestations,  # attested
    combinators,  # all_of, any_of, not
)


def register(registry: CheckRegistry) -> None:
    for family in FAMILIES:
        family.register(registry)
