"""Checks made of other checks: all_of, any_of, not.

Their parameters are checks, `{name: parameters}`, not a parameter object: the schema is generated
from the types below like every other check's, and the registry validates each nested check's
parameters against that check's own schema (`CheckRegistry.validate`, through `nested`).
"""

from __future__ import annotations

from typing import Annotated, Any

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.params import Doc, MinItems, Ref, schema_of
from isocheck.conditions import nearest

NestedCheck = Annotated[dict[str, Any], Ref("check")]
Checks = Annotated[
    list[NestedCheck], MinItems(1), Doc("checks, each a mapping {check name: parameters}")
]


def check_all_of(ctx: CheckContext, p: list[Any]) -> CheckResult:
    result = CheckResult()
    for spec in p:
        result.extend(ctx.run(spec))
    return result


def check_any_of(ctx: CheckContext, p: list[Any]) -> CheckResult:
    result = CheckResult()
    failures: list[CheckResult] = []
    ways: list[Any] = []  # the spec of each failure
    elsewhere = []  # ways that lack only what the organization keeps outside the folder
    for spec in p:
        outer, ctx.touched = ctx.touched, set()
        try:
            sub = ctx.run(spec)
        finally:
            read, ctx.touched = ctx.touched, outer
            outer.update(read)
        result.consulted.extend(sub.consulted)
        result.notes.extend(sub.notes)
        if sub.ok:
            return CheckResult([], result.consulted, result.notes)
        failures.append(sub)
        ways.append(spec)
        if all(v.code == "missing" for v in sub.violations) and ctx.kept_outside(read):
            elsewhere.append(sub)
    if elsewhere:
        # A way whose records are kept outside the folder (a knowledge base on the intranet)
        # may hold there: the rule is for the auditor to sample there, as its reasons say.
        result.violations.extend(elsewhere[0].violations)
        return result
    # An alternative whose guard fails (`not` holding: "no list is kept", where one is) was never
    # the organization's way, whatever else it lacks; the reasons are those of the ways that
    # applied.
    applied = [sub for sub in failures if all(v.code != "holds" for v in sub.violations)]
    # ... and so was one led by a condition that the guard of another way, held, denies ("the
    # procedure says drills are per site" where another way's "it does not say so" held): its
    # missing per-site rule is no reason of the organization's way.
    denied = _denied(ways, failures)
    applied = [sub for sub in applied if all(sub is not d for d in denied)]
    # A risk accepted by someone with no authority fails the "named authority" way and the "risk
    # owner" way alike: the finding says that once, plainly, not after "either:" and "or:".
    failures = nearest(applied or failures, lambda sub: sub.violations)
    failures = _fewest(failures)
    if len(failures) == 1:
        result.violations.extend(failures[0].violations)
        return result
    # Each reason says which way it belongs to, in words: "either ...", "or ...".
    for i, sub in enumerate(failures):
        word = "either" if i == 0 else "or"
        result.violations.extend(
            Violation(f"{word}: {v.message}", v.ref, code=v.code) for v in sub.violations
        )
    return result


# Violations that point at nothing the way found: no record of its kind, none it could use (or
# none in a register that keeps no column for what it asks), no document saying what it asks.
_NOTHING = frozenset({"missing", "none-matching", "not-kept"})


def _found_nothing(sub: CheckResult) -> bool:
    return all(
        v.code in _NOTHING or (v.code == "missing-text" and v.ref is None) for v in sub.violations
    )


def _fewest(failures: list[CheckResult]) -> list[CheckResult]:
    """Of ways that all fail, the ones a finding follows. A way that found the records it judges
    and faults some is the organization's over one that found none of its own: where the jobs
    record the check each passed, "no release register" is not what is wrong. Of the ways that
    found theirs, those with the fewest faults: one release signed by someone the roles do not
    name, not twenty-two missing from a list the organization does not keep. Ways as near as
    each other are all said."""
    found = [sub for sub in failures if not _found_nothing(sub)] or failures
    size = [sum(v.count for v in sub.violations) for sub in found]
    least = min(size)
    return [sub for sub, n in zip(found, size, strict=True) if n == least]


def _leading(spec: Any) -> Any:
    """The first check of an `all_of` way (its guard, where it has one), else None."""
    if isinstance(spec, dict) and len(spec) == 1:
        ((name, params),) = spec.items()
        if name == "all_of" and isinstance(params, list) and params:
            return params[0]
    return None


def _denied(ways: list[Any], failures: list[CheckResult]) -> list[CheckResult]:
    """The failed ways led by a check G where another failed way is led by `not: G` and that
    guard held (no `not` of it failed): G does not hold, so the way it leads was never the
    organization's."""
    held_not = [
        lead["not"]
        for spec, sub in zip(ways, failures, strict=True)
        if isinstance(lead := _leading(spec), dict)
        and set(lead) == {"not"}
        and all(v.code != "holds" for v in sub.violations)
    ]
    return [
        sub
        for spec, sub in zip(ways, failures, strict=True)
        if (lead := _leading(spec)) is not None and any(lead == g for g in held_not)
    ]


def check_not(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    sub = ctx.run(p)
    if sub.ok:
        ((name, _),) = p.items()
        definition = ctx.registry.get(name)
        if name == "exists" and isinstance(p[name], dict) and "evidence" in p[name]:
            # "not: {exists: ...}" guards a way of doing without something: say what is there
            what = f"{ctx.evidence(p[name]['evidence']).type.title} found"
        else:
            what = (
                definition.summary if definition and definition.summary else f"the check {name!r}"
            )
            what = what.replace("`", "")
        return CheckResult(
            [Violation(f"this must not hold, but does: {what}", code="holds")],
            sub.consulted,
        )
    return CheckResult([], sub.consulted)


def register(registry: CheckRegistry) -> None:
    registry.register(
        "all_of",
        check_all_of,
        schema_of(Checks),
        summary="every nested check holds",
        nested="list",
        _generated=True,  # generated from typed parameters: checked once, by the tests
    )
    registry.register(
        "any_of",
        check_any_of,
        schema_of(Checks),
        summary="at least one nested check holds",
        nested="list",
        _generated=True,  # generated from typed parameters: checked once, by the tests
    )
    registry.register(
        "not",
        check_not,
        schema_of(Annotated[NestedCheck, Doc("a check, {check name: parameters}")]),
        summary="the nested check does not hold",
        nested="single",
        _generated=True,
    )
