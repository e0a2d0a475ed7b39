"""Checks made of other checks: all_of, any_of, not.

Their parameters are checks, `{name: parameters}`, not a parameter object: the schema is generated
from the types below like every other check's, and the registry validates each nested check's
parameters against that check's own schema (`CheckRegistry.validate`, through `nested`).
"""

from __future__ import annotations

from typing import Annotated, Any

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.params import Doc, MinItems, Ref, schema_of

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
    failures = []
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
    failures = _nearest(applied or failures)
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


def _nearest(failures: list[CheckResult]) -> list[CheckResult]:
    """The ways that come nearest to holding: a way whose reasons include all of another way's
    and more is left out (what puts the other right is all the rule asks), and ways failing for
    the same reasons are said once. A risk accepted by someone with no authority fails the
    "named authority" way and the "risk owner" way alike; the finding says that once, plainly,
    not as "either: ..." and "or: ..." the same."""
    reasons = [frozenset(sub.violations) for sub in failures]
    kept: list[CheckResult] = []
    seen: set[frozenset[Violation]] = set()
    for sub, own in zip(failures, reasons, strict=True):
        if own in seen or any(other < own for other in reasons):
            continue
        seen.add(own)
        kept.append(sub)
    return kept or failures


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
