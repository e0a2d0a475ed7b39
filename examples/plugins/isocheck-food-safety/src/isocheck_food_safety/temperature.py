"""The check `temperature_log`: every reading of a temperature log is within its critical limits.

A HACCP plan sets critical limits for each critical control point (ISO 22000:2018, 8.5.4.2), for
example "chilled food at 5 °C or below". This check reads a table of monitoring records and reports
each reading outside `min`/`max` (both inclusive), each empty reading and each reading that is not a
number, naming the file and line of the row. With `corrective_action: COLUMN`, a reading outside the
limits is acceptable when that column of its row records what was done about it (8.5.4.4); it is
then listed as a note on the finding instead.

Like the built-in checks, it judges the evidence and never raises because of it: a broken file or a
ragged row is a violation (`ctx.items` reports those), and a log with no readings at all is a gap.
"""

from __future__ import annotations

import math
from typing import Any

from isocheck.checks import CheckContext, CheckResult, Violation

NAME = "temperature_log"
SUMMARY = "every reading in `column` is a number within `min`..`max` (or has a corrective action)"
MAX_LISTED = (
    25  # violations listed before the rest are summarised: a year of bad readings is one line
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["evidence", "column"],
    "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
    "additionalProperties": False,
    "properties": {
        "evidence": {"type": "string", "minLength": 1},
        # The condition language of the core (docs/rule-packs.md), shared through its `$defs`.
        "where": {"$ref": "#/$defs/condition"},
        "column": {"type": "string", "minLength": 1},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "corrective_action": {"type": "string", "minLength": 1},
    },
}


def _reading(value: Any) -> float | None:
    """A reading as a finite number, or None. "4,5" (a decimal comma) is not guessed at."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
    return number if math.isfinite(number) else None  # "nan" and "inf" parse, but are no reading


def _limit(value: float) -> str:
    """5.0 as "5", 4.5 as "4.5": limits as the pack wrote them."""
    return f"{value:g}"


def check_temperature_log(ctx: CheckContext, params: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(params["evidence"], params.get("where"))
    column: str = params["column"]
    low: float | None = params.get("min")
    high: float | None = params.get("max")
    action_column: str | None = params.get("corrective_action")
    if not items:
        resolved = ctx.evidence(params["evidence"])
        if not resolved.broken:  # unreadable files were already reported by ctx.items
            looked = ", ".join(resolved.locations)
            result.violations.append(
                Violation(f"no {resolved.type.title} found (looked in: {looked})")
            )
        return result
    violations: list[Violation] = []
    for item in items:
        raw = item.fields.get(column)
        if raw is None or str(raw).strip() == "":
            violations.append(
                Violation(f"{column} is empty: no reading recorded", item.where(column))
            )
            continue
        reading = _reading(raw)
        if reading is None:
            violations.append(
                Violation(f"{column} {str(raw)!r} is not a number", item.where(column))
            )
            continue
        if low is not None and reading < low:
            problem = f"{column} {_limit(reading)} is below the critical limit {_limit(low)}"
        elif high is not None and reading > high:
            problem = f"{column} {_limit(reading)} is above the critical limit {_limit(high)}"
        else:
            continue
        action = str(item.fields.get(action_column) or "").strip() if action_column else ""
        if action:
            result.notes.append(f"{item.ref}: {problem}; corrective action: {action}")
        else:
            hint = f" and no {action_column} is recorded" if action_column else ""
            violations.append(Violation(problem + hint, item.where(column)))
    if len(violations) > MAX_LISTED:
        more = len(violations) - MAX_LISTED
        violations = [*violations[:MAX_LISTED], Violation(f"... and {more} more of the same kind")]
    result.violations.extend(violations)
    return result
