"""Dividing a plan's rules among pytest-xdist workers by the evidence they read.

Each worker parses and resolves only the evidence its own rules ask for, so two workers that each
take every other rule (xdist's default `load`) both end up parsing nearly the whole folder: `-n 2`
was slower than one process. Here the rules are packed into one share per worker so that rules
reading the same evidence land together, and the shares weigh about the same.

A rule's weight is what its evidence weighs (bytes of the files its evidence types' locations
match) plus a little of its own; a share also pays, once, for parsing each evidence type it reads.
Weights only decide where a rule runs: a worker evaluates whatever it is given the same way, so
the findings do not depend on the division. No evidence file is opened here: the folder is listed
(sizes from the listing, through `ConfinedRoot`, never following a link).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from isocheck.confined import ConfinedRoot
from isocheck.globs import glob_regex
from isocheck.model import evidence_names

if TYPE_CHECKING:
    from isocheck.engine import Plan, PlannedRule

# Parsing and resolving an evidence type costs about this many evaluations of one rule over it
# (measured on benchmarks/generate.py organizations: resolving everything once is about a sixth
# of evaluating every rule, and an evidence type is read by about twenty rules).
PARSE_WEIGHT = 3
RULE_WEIGHT = 2048  # a rule's own cost, in bytes' worth, whatever it reads


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


def shares(
    plan: Plan, keys: Sequence[str], workers: int, weights: Weights | None = None
) -> dict[str, int]:
    """Planned rule key (`pack::rule`) -> the share (0 .. workers-1) it goes to.

    Rules go in units: those whose heaviest evidence is the same (in every pack that reads it),
    so that evidence is parsed by one worker. Heaviest units first, each to the share where it
    adds least to the total, counting the parse of evidence that share does not read yet; ties
    go to the lower share, so the division is the same for the same plan and folder."""
    by_key = {p.key: p for p in plan.rules}
    wanted = [by_key[k] for k in dict.fromkeys(keys) if k in by_key]
    if weights is None:
        weights = evidence_weights(plan, listed_sizes(plan))
    units: dict[Evidence | None, list[tuple[PlannedRule, list[tuple[Evidence, int]]]]] = {}
    for planned in wanted:
        reads = [
            weights.get((planned.pack.id, name), ((name, ()), 0)) for name in rule_evidence(planned)
        ]
        heaviest = max(reads, key=lambda r: r[1], default=None)
        units.setdefault(heaviest[0] if heaviest else None, []).append((planned, reads))

    def cost(unit: list[tuple[PlannedRule, list[tuple[Evidence, int]]]]) -> int:
        return sum(RULE_WEIGHT + sum(w for _, w in reads) for _, reads in unit)

    load = [0] * max(workers, 1)
    seen: list[set[Evidence]] = [set() for _ in load]
    chosen: dict[str, int] = {}
    ordered = sorted(enumerate(units.values()), key=lambda u: (-cost(u[1]), u[0]))
    for _i, unit in ordered:
        evidence = {key: w for _, reads in unit for key, w in reads}
        own = cost(unit)

        def after(share: int, own: int = own, evidence: dict[Evidence, int] = evidence) -> int:
            parse = sum(PARSE_WEIGHT * w for key, w in evidence.items() if key not in seen[share])
            return load[share] + own + parse

        best = min(range(len(load)), key=lambda s: (after(s), s))
        load[best] = after(best)
        seen[best].update(evidence)
        for planned, _reads in unit:
            chosen[planned.key] = best
    return chosen
