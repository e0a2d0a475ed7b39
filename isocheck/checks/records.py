"""Checks that hold a condition against the items: records (every item), ratio (a share of them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation, label
from isocheck.checks.common import (
    Condition,
    EveryItem,
    Selection,
    cap,
    every_item,
    none_found,
    only_unkept,
)
from isocheck.checks.params import AtLeastOne, Constraint, Doc, Maximum, Minimum
from isocheck.conditions import describe, evaluate, predicate

# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecordsParams(EveryItem):
    """Every item matching `where` satisfies `require`."""

    require: Annotated[Condition, Doc("the condition every item must satisfy")]


def check_records(ctx: CheckContext, p: RecordsParams) -> CheckResult:
    items, result = every_item(ctx, p)
    meets = predicate(p.require, ctx.as_of)
    for item in items:
        reasons = [] if meets(item) else evaluate(p.require, item, ctx.as_of)
        if reasons:
            first_field = next(iter(p.require), None)
            ref = item.where(first_field) if item.parsed is not None else item.ref
            code = "not-kept" if only_unkept(p.require, item, ctx) else "unmet"
            result.violations.append(
                Violation(f"{label(item)}: {'; '.join(reasons)}", ref, code=code)
            )
    return cap(result)


# --- ratio --------------------------------------------------------------------------------------

Share = Annotated[float, Minimum(0), Maximum(1)]


@dataclass(frozen=True, kw_only=True)
class RatioParams(Selection):
    """The share of items (matching `where`) that satisfy `require` is within bounds."""

    require: Annotated[Condition, Doc("the condition counted")]
    min: Annotated[Share | None, Doc("the smallest share allowed, 0 to 1")] = None
    max: Annotated[Share | None, Doc("the largest share allowed, 0 to 1")] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (AtLeastOne("min", "max"),)


def check_ratio(ctx: CheckContext, p: RatioParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    meets = predicate(p.require, ctx.as_of)
    failing = [i for i in items if not meets(i)]
    share = (len(items) - len(failing)) / len(items)
    low, high = p.min, p.max
    if (low is not None and share < low) or (high is not None and share > high):
        bound = f"at least {low:.0%}" if low is not None and share < low else f"at most {high:.0%}"
        listed = "; ".join(f"{label(i)} ({i.ref})" for i in failing[:10])
        more = f" and {len(failing) - 10} more" if len(failing) > 10 else ""
        result.violations.append(
            Violation(
                f"in {share:.1%} of {len(items)} item(s), {describe(p.require)}; expected "
                f"{bound}; not in: {listed}{more}",
                code="share",
            )
        )
    return result


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "records",
        check_records,
        RecordsParams,
        summary="every item matching `where` satisfies `require`",
    )
    registry.register_typed(
        "ratio",
        check_ratio,
        RatioParams,
        summary="the share of items satisfying `require` is within bounds",
    )
