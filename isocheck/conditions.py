"""The declarative condition language of `where` and `require`: field -> tests, plus all/any/not.

`evaluate(condition, item, as_of)` returns the reasons the condition does not hold (empty when it
holds), each naming the field and the value at fault, so failure messages can point at them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import regex

from isocheck.errors import CheckError
from isocheck.evidence import Item

REGEX_TIMEOUT_SECONDS = 1.0

COMBINATORS = ("all", "any", "not")
_REF = re.compile(r"^as_of(?:\s*([+-])\s*(\d+)\s*d)?$")
_AMBIGUOUS = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


class BadDate(ValueError):
    """A value that should be an ISO 8601 date is not one."""


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def to_date(value: Any) -> dt.date:
    """A field value as a date. ISO 8601 (YYYY-MM-DD) only; anything else raises BadDate with a hint."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        pass
    if _AMBIGUOUS.match(text):
        raise BadDate(f"{text!r} is ambiguous (day/month order); write dates as YYYY-MM-DD")
    raise BadDate(f"{text!r} is not a date; write dates as YYYY-MM-DD")


def to_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%")
    return float(text)


def text_of(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def resolve_ref(ref: Any, item: Item, as_of: dt.date) -> dt.date:
    """A date reference: as_of, as_of-30d, as_of+90d, field:NAME, or a literal date."""
    if isinstance(ref, str):
        match = _REF.match(ref.strip())
        if match:
            sign, days = match.groups()
            delta = dt.timedelta(days=int(days or 0))
            return as_of - delta if sign == "-" else as_of + delta
        if ref.startswith("field:"):
            name = ref[len("field:") :]
            value = item.fields.get(name)
            if is_empty(value):
                raise BadDate(f"{name} is empty")
            return to_date(value)
    return to_date(ref)


@lru_cache(maxsize=1024)
def _folded(options: tuple[Any, ...]) -> frozenset[str]:
    # Built once per list in a pack, not once per row tested against it.
    return frozenset(text_of(a).casefold() for a in options)


def _describe(name: str, value: Any) -> str:
    return f"{name} is empty" if is_empty(value) else f"{name} is {text_of(value)!r}"


def _test(name: str, op: str, arg: Any, item: Item, as_of: dt.date) -> str | None:
    """None if `op` holds for field `name` of `item`, else the reason it does not."""
    value = item.fields.get(name)
    if op == "present":
        if bool(arg) == is_empty(value):
            return f"{name} is missing or empty" if arg else f"{name} should be empty"
        return None
    if op in ("equals", "not_equals"):
        same = text_of(value).casefold() == text_of(arg).casefold()
        if op == "equals" and not same:
            return f"{_describe(name, value)}, expected {text_of(arg)!r}"
        if op == "not_equals" and same:
            return f"{name} is {text_of(value)!r}, which is not allowed"
        return None
    if op in ("in", "not_in"):
        options = _folded(tuple(arg))
        inside = text_of(value).casefold() in options
        if inside != (op == "in"):
            choices = ", ".join(repr(text_of(a)) for a in arg)
            word = "one of" if op == "in" else "none of"
            return f"{_describe(name, value)}, expected {word} {choices}"
        return None
    if op == "matches":
        try:
            found = regex.search(
                arg, text_of(value), regex.IGNORECASE, timeout=REGEX_TIMEOUT_SECONDS
            )
        except TimeoutError:
            # The pack's pattern is at fault, not the evidence: the rule errors, the run goes on.
            raise CheckError(
                f"the pattern {arg!r} took more than {REGEX_TIMEOUT_SECONDS:g} s on {name} of "
                f"{item.ref} ({len(text_of(value))} characters); it backtracks catastrophically, "
                "simplify it"
            ) from None
        if found is None:
            return f"{_describe(name, value)}, expected to match {arg!r}"
        return None
    if op in ("gte", "gt", "lte", "lt"):
        try:
            number = to_number(value)
        except ValueError:
            return f"{_describe(name, value)}, expected a number"
        limit = float(arg)
        holds = {
            "gte": number >= limit,
            "gt": number > limit,
            "lte": number <= limit,
            "lt": number < limit,
        }[op]
        if not holds:
            sign = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}[op]
            return f"{_describe(name, value)}, expected {sign} {arg}"
        return None
    if op in ("differs_from", "same_as"):
        other = item.fields.get(arg)
        same = text_of(value).casefold() == text_of(other).casefold()
        if op == "differs_from" and (same or is_empty(value)):
            return f"{_describe(name, value)}, the same as {arg}" if same else f"{name} is empty"
        if op == "same_as" and not same:
            return f"{_describe(name, value)}, expected the same as {arg} ({text_of(other)!r})"
        return None
    # Date tests.
    if is_empty(value):
        return f"{name} is empty, expected a date"
    try:
        when = to_date(value)
    except BadDate as exc:
        return f"{name}: {exc}"
    if op == "max_age_days":
        age = (as_of - when).days
        if age > int(arg):
            return f"{name} is {when.isoformat()}, {age} days before the as-of date (max {arg})"
        if age < 0:
            return f"{name} is {when.isoformat()}, after the as-of date {as_of.isoformat()}"
        return None
    if op == "within_days":
        try:
            start = resolve_ref(f"field:{arg['of']}", item, as_of)
        except BadDate as exc:
            return f"{arg['of']}: {exc}"
        gap = (when - start).days
        if gap > int(arg["days"]) or gap < 0:
            return (
                f"{name} is {when.isoformat()}, {gap} days after {arg['of']} "
                f"({start.isoformat()}; max {arg['days']})"
            )
        return None
    try:
        ref = resolve_ref(arg, item, as_of)
    except BadDate as exc:
        return f"{name} compared with {arg}: {exc}"
    holds = {
        "before": when < ref,
        "after": when > ref,
        "on_or_before": when <= ref,
        "on_or_after": when >= ref,
    }[op]
    if not holds:
        return f"{name} is {when.isoformat()}, expected {op.replace('_', ' ')} {ref.isoformat()}"
    return None


def evaluate(condition: dict[str, Any], item: Item, as_of: dt.date) -> list[str]:
    """Reasons `condition` does not hold for `item`; an empty list means it holds."""
    reasons: list[str] = []
    for key, spec in condition.items():
        if key == "all":
            for sub in spec:
                reasons.extend(evaluate(sub, item, as_of))
        elif key == "any":
            alternatives = [evaluate(sub, item, as_of) for sub in spec]
            if alternatives and all(alternatives):
                reasons.append("none of: " + " | ".join("; ".join(a) for a in alternatives))
        elif key == "not":
            if not evaluate(spec, item, as_of):
                reasons.append(f"should not hold: {describe(spec)}")
        else:
            for op, arg in spec.items():
                reason = _test(key, op, arg, item, as_of)
                if reason:
                    reasons.append(reason)
    return reasons


def holds(condition: dict[str, Any] | None, item: Item, as_of: dt.date) -> bool:
    return condition is None or not evaluate(condition, item, as_of)


def describe(condition: dict[str, Any]) -> str:
    """A short human reading of a condition, for messages and `isocheck explain`."""
    parts = []
    for key, spec in condition.items():
        if key in ("all", "any"):
            parts.append(f"{key}(" + "; ".join(describe(s) for s in spec) + ")")
        elif key == "not":
            parts.append(f"not({describe(spec)})")
        else:
            parts.append(" and ".join(f"{key} {op} {arg}" for op, arg in spec.items()))
    return ", ".join(parts)


# JSON Schema of a condition, used inside check parameter schemas.
CONDITION_SCHEMA: dict[str, Any] = {
    "$defs": {
        "condition": {
            "type": "object",
            "properties": {
                "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
                "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
                "not": {"$ref": "#/$defs/condition"},
            },
            "additionalProperties": {"$ref": "#/$defs/tests"},
        },
        "tests": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "present": {"type": "boolean"},
                "equals": {"type": ["string", "number", "boolean"]},
                "not_equals": {"type": ["string", "number", "boolean"]},
                "in": {"type": "array", "minItems": 1},
                "not_in": {"type": "array", "minItems": 1},
                "matches": {"type": "string", "format": "regex"},
                "gte": {"type": "number"},
                "gt": {"type": "number"},
                "lte": {"type": "number"},
                "lt": {"type": "number"},
                "before": {"$ref": "#/$defs/dateRef"},
                "after": {"$ref": "#/$defs/dateRef"},
                "on_or_before": {"$ref": "#/$defs/dateRef"},
                "on_or_after": {"$ref": "#/$defs/dateRef"},
                "max_age_days": {"type": "integer", "minimum": 0},
                "within_days": {
                    "type": "object",
                    "required": ["of", "days"],
                    "additionalProperties": False,
                    "properties": {
                        "of": {"type": "string"},
                        "days": {"type": "integer", "minimum": 0},
                    },
                },
                "differs_from": {"type": "string"},
                "same_as": {"type": "string"},
            },
        },
        "dateRef": {
            "type": "string",
            "anyOf": [
                {"pattern": r"^as_of(\s*[+-]\s*\d+\s*d)?$"},
                {"pattern": "^field:.+$"},
                {"format": "date"},
            ],
        },
    }
}
