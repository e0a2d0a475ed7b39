"""Checks on values across items and evidence types: covers, references, unique."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation, label, values_of
from isocheck.checks.common import (
    MAX_LISTED,
    Condition,
    EveryItem,
    EvidenceName,
    NonEmpty,
    Selection,
    cap,
    date_of,
    every_item,
)
from isocheck.checks.params import Constraint, Doc, ExactlyOne, Minimum, MinItems, Together
from isocheck.conditions import describe, text_of
from isocheck.evidence import Item
from isocheck.meaning import fold

Separator = Annotated[NonEmpty | None, Doc("split each cell on this, for multi-valued cells")]


@dataclass(frozen=True, kw_only=True)
class Target:
    """A column of another evidence type: the values it holds (of the items matching `where`)."""

    evidence: EvidenceName
    column: Annotated[str, Doc("the column (or field) holding the values")]
    where: Annotated[Condition | None, Doc("a condition: only the items that satisfy it count")] = (
        None
    )
    separator: Separator = None


# --- covers -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CoversParams(Selection):
    """The values found in `column` (split on `separator`) include every required value: those
    listed in `values`, or those in another evidence type's column (`of`). With `period_field`,
    only items whose date there is within `period_days` of the as-of date count."""

    column: Annotated[str, Doc("the column (or field) whose values must cover the set")]
    values: Annotated[list[Any] | None, MinItems(1), Doc("the values required")] = None
    of: Annotated[Target | None, Doc("take the values required from this column")] = None
    separator: Separator = None
    period_field: Annotated[str | None, Doc("the field holding each item's date")] = None
    period_days: Annotated[
        int | None, Minimum(0), Doc("only items dated within this many days count")
    ] = None
    clauses: Annotated[
        bool,
        Doc(
            "the values are clause numbers of the pack: a clause found covers its subclauses, "
            "and a clause is covered when every subclause the pack lists under it is"
        ),
    ] = False
    constraints: ClassVar[tuple[Constraint, ...]] = (
        ExactlyOne("values", "of"),
        Together("period_field", "period_days"),
    )


def check_covers(ctx: CheckContext, p: CoversParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    period_field, period_days = p.period_field, p.period_days
    found: set[str] = set()
    for item in items:
        if period_field:
            when = date_of(item, period_field, result)
            if when is None or when > ctx.as_of or (ctx.as_of - when).days > (period_days or 0):
                continue
        values = values_of(item, p.column, p.separator)
        found.update(
            v.casefold() if p.clauses else _reference_key(v)
            for v in (_clause_list(values) if p.clauses else values)
        )
    required: dict[str, str] = {}  # casefolded -> as written
    key = str.casefold if p.clauses else _reference_key
    if p.values is not None:
        required = {key(text_of(v)): text_of(v) for v in p.values}
    elif p.of is not None:
        target = p.of
        target_items, target_result = ctx.items(target.evidence, target.where)
        result.extend(target_result)
        for item in target_items:
            for value in values_of(item, target.column, target.separator):
                required.setdefault(key(value), value)
    if p.clauses:
        within = _clause_cover(found, [c.casefold() for c in ctx.clauses])
        missing = [required[k] for k in sorted(required) if not within(k)]
    else:
        missing = [required[k] for k in sorted(required) if k not in found]
    if missing:
        title = ctx.evidence(p.evidence).type.title
        period = f" within the last {period_days} days" if period_field else ""
        shown = ", ".join(missing[:MAX_LISTED]) + (
            f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
        )
        result.violations.append(
            Violation(
                f"{title} column {p.column!r}{period} does not cover: {shown}", code="not-covered"
            )
        )
    return result


# Linear on any cell: separators without surrounding spaces (parts are stripped after), and a
# range only parsed in a part short enough to be a clause range.
_CLAUSE_SEPARATORS = re.compile(r"[,;]|\band\b")
_CLAUSE_RANGE = re.compile(r"^(.*?)(\d+) ?(?:-|–|—|to|bis) ?(?:\1)?(\d+)$")
MAX_CLAUSE_PART = 40


def _clause_list(values: list[str]) -> list[str]:
    """Clause numbers as people list them: "8.1, 8.5", "4.1–4.4" (4.1, 4.2, 4.3, 4.4),
    "clause 7.5" (7.5)."""
    out: list[str] = []
    for value in values:
        for part in _CLAUSE_SEPARATORS.split(value):
            part = " ".join(part.split())
            if len(part) > MAX_CLAUSE_PART:
                out.append(part)
                continue
            part = re.sub(r"^(clauses?|kap(itel)?\.?|§) ?", "", part, flags=re.IGNORECASE)
            ranged = _CLAUSE_RANGE.match(part)
            if ranged and int(ranged.group(3)) - int(ranged.group(2)) in range(1, 50):
                prefix, low, high = ranged.group(1), int(ranged.group(2)), int(ranged.group(3))
                out.extend(f"{prefix}{n}" for n in range(low, high + 1))
            elif part:
                out.append(part)
    return out


def _clause_cover(found: set[str], pack_clauses: list[str]) -> Callable[[str], bool]:
    """Whether a clause is covered by the clauses found: itself, a clause above it (an audit of 7
    covers 7.1), or every subclause the pack lists right under it (7.1.1 to 7.1.6 cover 7.1)."""
    memo: dict[str, bool] = {}

    def covered(clause: str) -> bool:
        if clause not in memo:
            memo[clause] = False  # no clause is its own subclause; guards a cycle all the same
            parts = clause.split(".")
            above = any(".".join(parts[:n]) in found for n in range(1, len(parts)))
            children = [c for c in pack_clauses if c.rsplit(".", 1)[0] == clause]
            memo[clause] = (
                clause in found or above or (bool(children) and all(map(covered, children)))
            )
        return memo[clause]

    return covered


# --- references ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReferencesParams(EveryItem):
    """Every value in `column` appears in the target's column; an empty cell is a reference that
    names nothing."""

    column: Annotated[str, Doc("the column (or field) holding the references")]
    separator: Separator = None
    to: Annotated[Target, Doc("the column the references must name a value of")]


_EMAIL = re.compile(r"^([^@\s]+)@[^@\s.]+(?:\.[^@\s.]+)*\.[a-z]{2,}$", re.IGNORECASE)
MAX_EMAIL = 254  # the longest address there is


def _reference_key(value: str) -> str:
    """A reference as compared: folded, without a remark in parentheses after it ("Thomas Müller
    (Geschäftsführer)" names Thomas Müller; "NC-2026-01 (closed)" names NC-2026-01), and a
    person's e-mail address as the name it spells (aisha.bello@example.com is Aisha Bello), since
    tools export people by address and registers kept by hand by name."""
    text = value.strip()
    if text.endswith(")") and "(" in text:  # a remark after it, in parentheses
        text = text[: text.rindex("(")].strip() or text
    email = _EMAIL.match(text) if len(text) <= MAX_EMAIL else None
    if email:
        text = re.sub(r"[._-]+", " ", email.group(1))
    return fold(text)


def check_references(ctx: CheckContext, p: ReferencesParams) -> CheckResult:
    items, result = every_item(ctx, p)
    target = p.to
    target_items, target_result = ctx.items(target.evidence, target.where)
    result.extend(target_result)
    known = {
        _reference_key(v)
        for item in target_items
        for v in values_of(item, target.column, target.separator)
    }
    target_title = ctx.evidence(target.evidence).type.title
    qualifier = f" where {describe(target.where)}" if target.where else ""
    for item in items:
        values = values_of(item, p.column, p.separator)
        if not values:
            result.violations.append(
                Violation(f"{label(item)}: {p.column} is empty", item.where(p.column), code="empty")
            )
        for value in values:
            if _reference_key(value) not in known:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {p.column} {value!r} not found in {target_title} "
                        f"column {target.column!r}{qualifier}",
                        item.where(p.column),
                        code="unknown-reference",
                    )
                )
    return cap(result)


# --- unique -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class UniqueParams(EveryItem):
    """No value of `column` appears twice among the items (case-insensitive)."""

    column: Annotated[str, Doc("the column (or field) whose values must differ")]


def check_unique(ctx: CheckContext, p: UniqueParams) -> CheckResult:
    items, result = every_item(ctx, p)
    seen: dict[str, Item] = {}
    for item in items:
        for value in values_of(item, p.column, None):
            first = seen.get(value.casefold())
            if first is None:
                seen[value.casefold()] = item
            else:
                result.violations.append(
                    Violation(
                        f"{p.column} {value!r} is used again (first at {first.where(p.column)})",
                        item.where(p.column),
                        code="duplicate",
                    )
                )
    return cap(result)


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "covers",
        check_covers,
        CoversParams,
        summary="the values of `column` cover a set, or another evidence type's column",
    )
    registry.register_typed(
        "references",
        check_references,
        ReferencesParams,
        summary="every value of `column` appears in another evidence type's column",
    )
    registry.register_typed(
        "unique",
        check_unique,
        UniqueParams,
        summary="no value of `column` appears twice (case-insensitive)",
    )
