"""Dividing a plan's rules among pytest-xdist workers by the evidence they read.

Each worker parses and resolves only the evidence its own rules ask for, so two workers that each
take every other rule (xdist's default `load`) both end up parsing nearly the whole folder: `-n 2`
was slower than one process. Here the rules go in units, those whose heaviest evidence is the
same (in every pack that reads it), so that one worker parses it; xdist's `loadscope` hands the
units out one after another, those of most rules first, to whichever worker is free. A division made in
advance by weight (one share per worker) left one worker idle for an eighth of the run at 30,000
files: what a rule costs follows the bytes it reads only loosely.

A rule's heaviest evidence is what weighs most among its evidence types: bytes of the files their
locations match. Units only decide where a rule runs: a worker evaluates whatever it is given the
same way, so the findings do not depend on the division. No evidence file is opened here: the
folder is listed (sizes from the listing, through `ConfinedRoot`, never following a link).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from isocheck.confined import ConfinedRoot
from isocheck.globs import glob_regex
from isocheck.model import evidence_names

if TYPE_CHECKING:
    from isocheck.engine import Plan, PlannedRule


def listed_sizes(plan: Plan) -> dict[str, int]:
    """Each regular file of the evidence folder with its size, from one walk of the listing."""
    sizes: dict[str, int] = {}
    try:
        confined = ConfinedRoot(plan.profile.root)
    except OSError:
        return sizes
    try:
        for folder, _subfolders, others in confined.walk(lambda rel, reason: None):
            prefix = f"{folder}/" if folder else ""
            for name, info in others:
                if not isinstance(info, OSError):
                    sizes[prefix + name] = info.st_size
    finally:
        confined.close()
    return sizes


def rule_evidence(planned: PlannedRule) -> tuple[str, ...]:
    """The evidence types a rule may read: its checks' and its `applies_when`'s."""
    when = planned.rule.applies_when or {}
    names = dict.fromkeys(planned.rule.evidence)
    names.update(dict.fromkeys(evidence_names(when)))
    exists = when.get("evidence_exists")
    if isinstance(exists, str):
        names[exists] = None
    return tuple(names)


Evidence = tuple[str, tuple[str, ...]]  # an evidence type's name and where it is looked for
# (pack, evidence type) -> the evidence it names and the bytes of the files it matches
Weights = dict[tuple[str, str], tuple[Evidence, int]]


def evidence_weights(plan: Plan, sizes: dict[str, int]) -> Weights:
    """(pack, evidence type) -> the evidence it names and the bytes of the files it matches.
    Packs inheriting an evidence type name the same evidence: it is parsed once for them all."""
    paths = sorted(sizes)
    matched: dict[str, list[str]] = {}
    weights: Weights = {}
    for pack in plan.packs:
        for name, etype in pack.evidence_types.items():
            mapping = plan.profile.evidence.get(name)
            locations = mapping.locations if mapping and mapping.locations else etype.locations
            total = 0
            for pattern in locations:
                if pattern not in matched:
                    regex = glob_regex(pattern)
                    matched[pattern] = [p for p in paths if regex.match(p)]
                total += sum(sizes[p] for p in matched[pattern])
            weights[(pack.id, name)] = ((name, tuple(locations)), total)
    return weights


def units(plan: Plan, keys: Sequence[str], weights: Weights | None = None) -> dict[str, str]:
    """Planned rule key (`pack::rule`) -> its unit: the name of its heaviest evidence type and
    where that is looked for, or "" for a rule that reads no evidence. The same for the same
    plan and folder."""
    by_key = {p.key: p for p in plan.rules}
    if weights is None:
        weights = evidence_weights(plan, listed_sizes(plan))
    chosen: dict[str, str] = {}
    for key in dict.fromkeys(keys):
        planned = by_key.get(key)
        if planned is None:
            continue
        reads = [
            weights.get((planned.pack.id, name), ((name, ()), 0)) for name in rule_evidence(planned)
        ]
        heaviest = max(reads, key=lambda r: r[1], default=None)
        chosen[key] = " ".join([heaviest[0][0], *heaviest[0][1]]) if heaviest else ""
    return chosen
