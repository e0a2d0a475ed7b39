"""The built-in check vocabulary (see docs/rule-packs.md). Registered through the plugin hooks."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

from isocheck.checks import (
    CheckContext,
    CheckRegistry,
    CheckResult,
    Violation,
    label,
    values_of,
)
from isocheck.conditions import BadDate, describe, evaluate, holds, is_empty, text_of, to_date
from isocheck.evidence import Item, section_text

_EVIDENCE = {"type": "string", "minLength": 1}
_WHERE = {"$ref": "#/$defs/condition"}
_MAX_LISTED = 25  # violations listed per check before summarising the rest


def _schema(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["evidence", *required],
        "additionalProperties": False,
        "properties": {"evidence": _EVIDENCE, "where": _WHERE, **properties},
    }


def _none_found(ctx: CheckContext, evidence: str, where: Any) -> list[Violation]:
    """ "None found", unless files were found that could not be read (already reported)."""
    resolved = ctx.evidence(evidence)
    if resolved.broken:
        return []
    looked = ", ".join(resolved.locations)
    qualifier = f" matching {describe(where)}" if where else ""
    return [Violation(f"no {resolved.type.title}{qualifier} found (looked in: {looked})")]


def _date_of(item: Item, name: str, result: CheckResult) -> dt.date | None:
    value = item.fields.get(name)
    if is_empty(value):
        result.violations.append(Violation(f"{label(item)}: {name} is empty", item.where(name)))
        return None
    try:
        return to_date(value)
    except BadDate as exc:
        result.violations.append(Violation(f"{label(item)}: {name}: {exc}", item.where(name)))
        return None


def _cap(result: CheckResult) -> CheckResult:
    extra = len(result.violations) - _MAX_LISTED
    if extra > 0:
        result.violations = [
            *result.violations[:_MAX_LISTED],
            Violation(f"... and {extra} more of the same kind"),
        ]
    return result


# --- exists -------------------------------------------------------------------------------------


def check_exists(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    minimum, maximum = p.get("min", 1), p.get("max")
    if len(items) < minimum:
        if not items:
            result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        else:
            title = ctx.evidence(p["evidence"]).type.title
            result.violations.append(
                Violation(f"found {len(items)} {title} item(s), expected at least {minimum}")
            )
    if maximum is not None and len(items) > maximum:
        listed = ", ".join(str(i.ref) for i in items[:10])
        result.violations.append(
            Violation(f"found {len(items)} item(s), expected at most {maximum}: {listed}")
        )
    return result


# --- fields -------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def check_fields(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    if not items:
        result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        return result
    validator = ctx.json_validator(p["schema"]) if "schema" in p else None
    for item in items:
        missing = [f for f in p.get("required", []) if is_empty(item.fields.get(f))]
        if missing:
            result.violations.append(
                Violation(f"{label(item)}: missing or empty: {', '.join(missing)}", item.ref)
            )
        if validator is not None:
            for error in sorted(validator.iter_errors(_jsonable(item.fields)), key=str):
                where = ".".join(str(x) for x in error.path) or "item"
                field_name = str(error.path[0]) if error.path else None
                result.violations.append(
                    Violation(f"{label(item)}: {where}: {error.message}", item.where(field_name))
                )
    return _cap(result)


# --- approved (document control) ----------------------------------------------------------------


def check_approved(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    if not items:
        result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        return result
    status = p.get("status", "approved")
    approver_not = p.get("approver_not", "owner")
    for item in items:
        name = label(item)
        f = item.fields
        if is_empty(f.get("approved_by")):
            result.violations.append(
                Violation(f"{name}: not approved (approved_by is empty)", item.ref)
            )
        elif (
            approver_not
            and text_of(f.get("approved_by")).casefold() == text_of(f.get(approver_not)).casefold()
        ):
            result.violations.append(
                Violation(
                    f"{name}: approved by its own {approver_not} ({text_of(f.get('approved_by'))})",
                    item.where("approved_by"),
                )
            )
        approved_on = _date_of(item, "approved_on", result)
        if approved_on and approved_on > ctx.as_of:
            result.violations.append(
                Violation(
                    f"{name}: approved_on {approved_on.isoformat()} is after the as-of date",
                    item.where("approved_on"),
                )
            )
        if status and text_of(f.get("status")).casefold() != str(status).casefold():
            result.violations.append(
                Violation(
                    f"{name}: status is {text_of(f.get('status')) or 'empty'!r}, expected {status!r}",
                    item.where("status"),
                )
            )
        if p.get("review", True):
            next_review = _date_of(item, "next_review", result)
            if next_review and next_review < ctx.as_of:
                days = (ctx.as_of - next_review).days
                result.violations.append(
                    Violation(
                        f"{name}: review overdue since {next_review.isoformat()} ({days} days)",
                        item.where("next_review"),
                    )
                )
    return _cap(result)


# --- max_age and interval -----------------------------------------------------------------------


def _dated(
    ctx: CheckContext, items: list[Item], field_name: str, result: CheckResult
) -> list[tuple[dt.date, Item]]:
    dated = []
    for item in items:
        when = _date_of(item, field_name, result)
        if when is not None:
            dated.append((when, item))
    return sorted(dated, key=lambda pair: (pair[0], str(pair[1].ref)))


def check_max_age(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    if not items:
        result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        return result
    field_name, days = p["field"], p["days"]
    dated = _dated(ctx, items, field_name, result)
    if p.get("each", False):
        chosen = dated
        for when, item in dated:
            if when > ctx.as_of:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {field_name} {when.isoformat()} is after the as-of date",
                        item.where(field_name),
                    )
                )
    else:
        # A date after the as-of date is a plan, not an event: it must not hide an overdue one.
        past = [(w, i) for w, i in dated if w <= ctx.as_of]
        if dated and not past:
            result.violations.append(
                Violation(f"every {field_name} is after the as-of date: nothing has happened yet")
            )
        chosen = past[-1:]
    for when, item in chosen:
        age = (ctx.as_of - when).days
        if age > days:
            result.violations.append(
                Violation(
                    f"{label(item)}: {field_name} {when.isoformat()} is {age} days old (max {days})",
                    item.where(field_name),
                )
            )
    return _cap(result)


def check_interval(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    field_name, max_days = p["field"], p["max_days"]
    # Dates after the as-of date are plans, not events: they do not count.
    dated = [(w, i) for w, i in _dated(ctx, items, field_name, result) if w <= ctx.as_of]
    if len(dated) < p.get("min_count", 1):
        if not dated:
            result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        else:
            result.violations.append(
                Violation(f"only {len(dated)} dated item(s), expected at least {p['min_count']}")
            )
        return result
    for (before, first), (after, second) in pairwise(dated):
        gap = (after - before).days
        if gap > max_days:
            result.violations.append(
                Violation(
                    f"{gap} days between {label(first)} ({before.isoformat()}) and "
                    f"{label(second)} ({after.isoformat()}), max {max_days}",
                    second.where(field_name),
                )
            )
    last, item = dated[-1]
    age = (ctx.as_of - last).days
    if age > max_days:
        result.violations.append(
            Violation(
                f"the last one, {label(item)} on {last.isoformat()}, was {age} days before the "
                f"as-of date, max {max_days}",
                item.where(field_name),
            )
        )
    return _cap(result)


# --- contains -----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_contains(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    if not items:
        result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        return result
    phrases: list[str] = p.get("text", [])
    headings: list[str] = p.get("headings", [])
    section = p.get("section")
    for item in items:
        parsed = item.parsed
        if parsed is None:
            text = " ".join(text_of(v) for v in item.fields.values())
            titles: list[str] = []
        else:
            text = parsed.text
            titles = [h.title for h in parsed.headings]
            if section:
                found = section_text(parsed, section)
                if found is None:
                    result.violations.append(
                        Violation(f"{label(item)}: no section headed {section!r}", item.ref)
                    )
                    continue
                text = found
                titles = [
                    line.lstrip("#").strip() for line in found.split("\n") if line.startswith("#")
                ]
        # Whitespace is folded, so a phrase still matches where the author's editor wrapped it.
        haystack = _fold(text)
        missing_text = [t for t in phrases if _fold(t) not in haystack]
        missing_headings = [
            h for h in headings if not any(h.casefold() in title.casefold() for title in titles)
        ]
        wanted = len(phrases) + len(headings)
        missing = len(missing_text) + len(missing_headings)
        if (p.get("any", False) and missing == wanted) or (not p.get("any", False) and missing):
            parts = []
            if missing_text:
                parts.append("text " + ", ".join(repr(t) for t in missing_text))
            if missing_headings:
                parts.append("headings " + ", ".join(repr(h) for h in missing_headings))
            where = f" in section {section!r}" if section else ""
            word = "none of" if p.get("any", False) else "missing"
            result.violations.append(
                Violation(f"{label(item)}{where}: {word} {'; '.join(parts)}", item.ref)
            )
    return _cap(result)


# --- records ------------------------------------------------------------------------------------


def check_records(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    for item in items:
        reasons = evaluate(p["require"], item, ctx.as_of)
        if reasons:
            first_field = next(iter(p["require"]), None)
            ref = item.where(first_field) if item.parsed is not None else item.ref
            result.violations.append(Violation(f"{label(item)}: {'; '.join(reasons)}", ref))
    return _cap(result)


# --- covers -------------------------------------------------------------------------------------


def check_covers(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    separator = p.get("separator")
    period_field, period_days = p.get("period_field"), p.get("period_days")
    found: set[str] = set()
    for item in items:
        if period_field:
            when = _date_of(item, period_field, result)
            if when is None or when > ctx.as_of or (ctx.as_of - when).days > (period_days or 0):
                continue
        found.update(v.casefold() for v in values_of(item, p["column"], separator))
    required: dict[str, str] = {}  # casefolded -> as written
    if "values" in p:
        required = {text_of(v).casefold(): text_of(v) for v in p["values"]}
    else:
        target = p["of"]
        target_items, target_result = ctx.items(target["evidence"], target.get("where"))
        result.extend(target_result)
        for item in target_items:
            for value in values_of(item, target["column"], target.get("separator")):
                required.setdefault(value.casefold(), value)
    missing = [required[k] for k in sorted(required) if k not in found]
    if missing:
        title = ctx.evidence(p["evidence"]).type.title
        period = f" within the last {period_days} days" if period_field else ""
        shown = ", ".join(missing[:_MAX_LISTED]) + (
            f" and {len(missing) - _MAX_LISTED} more" if len(missing) > _MAX_LISTED else ""
        )
        result.violations.append(
            Violation(f"{title} column {p['column']!r}{period} does not cover: {shown}")
        )
    return result


# --- closed_within ------------------------------------------------------------------------------


def check_closed_within(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    opened_field, closed_field, days = p["opened"], p["closed"], p["days"]
    for item in items:
        opened = _date_of(item, opened_field, result)
        if opened is None:
            continue
        if is_empty(item.fields.get(closed_field)):
            age = (ctx.as_of - opened).days
            if age > days:
                result.violations.append(
                    Violation(
                        f"{label(item)}: open for {age} days since {opened.isoformat()} (max {days})",
                        item.where(opened_field),
                    )
                )
            continue
        closed = _date_of(item, closed_field, result)
        if closed is None:
            continue
        took = (closed - opened).days
        if took < 0:
            result.violations.append(
                Violation(
                    f"{label(item)}: {closed_field} {closed.isoformat()} is before "
                    f"{opened_field} {opened.isoformat()}",
                    item.where(closed_field),
                )
            )
        elif took > days:
            result.violations.append(
                Violation(
                    f"{label(item)}: closed after {took} days (max {days})",
                    item.where(closed_field),
                )
            )
    return _cap(result)


# --- references ---------------------------------------------------------------------------------


def check_references(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    target = p["to"]
    target_items, target_result = ctx.items(target["evidence"], target.get("where"))
    result.extend(target_result)
    known = {
        v.casefold()
        for item in target_items
        for v in values_of(item, target["column"], target.get("separator"))
    }
    target_title = ctx.evidence(target["evidence"]).type.title
    qualifier = f" ({describe(target['where'])})" if target.get("where") else ""
    for item in items:
        values = values_of(item, p["column"], p.get("separator"))
        if not values:
            result.violations.append(
                Violation(f"{label(item)}: {p['column']} is empty", item.where(p["column"]))
            )
        for value in values:
            if value.casefold() not in known:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {p['column']} {value!r} not found in {target_title} "
                        f"column {target['column']!r}{qualifier}",
                        item.where(p["column"]),
                    )
                )
    return _cap(result)


# --- unique -------------------------------------------------------------------------------------


def check_unique(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    seen: dict[str, Item] = {}
    for item in items:
        for value in values_of(item, p["column"], None):
            first = seen.get(value.casefold())
            if first is None:
                seen[value.casefold()] = item
            else:
                result.violations.append(
                    Violation(
                        f"{p['column']} {value!r} is used again (first at {first.where(p['column'])})",
                        item.where(p["column"]),
                    )
                )
    return _cap(result)


# --- certification_cycle (ISO/IEC 17021-1) ---------------------------------------------------------


def check_certification_cycle(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    """Surveillance of each certificate: the first within `first_within_days` of the certification
    decision, then at least one audit in every full calendar year after the decision year (the
    recertification year excepted), and a recertification audit held or planned once expiry is
    within `notice_days`."""
    certificates, result = ctx.items(p["certificates"])
    audits, audit_result = ctx.items(p["evidence"], p.get("where"))
    result.extend(audit_result)
    surveillance = {t.casefold() for t in p.get("surveillance", ["surveillance"])}
    recertification = {t.casefold() for t in p.get("recertification", ["recertification"])}
    first_within = p.get("first_within_days", 365)
    notice = p.get("notice_days", 90)
    for cert in certificates:
        standard = text_of(cert.fields.get("standard"))
        decided = _date_of(cert, "decision_date", result)
        if decided is None:
            continue
        expires = None
        if not is_empty(cert.fields.get("expires")):
            expires = _date_of(cert, "expires", result)
        held: list[tuple[dt.date, str]] = []
        for audit in audits:
            if text_of(audit.fields.get("standard")).casefold() != standard.casefold():
                continue
            kind = text_of(audit.fields.get("type")).casefold()
            if kind not in surveillance | recertification:
                continue
            when = _date_of(audit, "date", result)
            if when is not None:
                held.append((when, kind))
        done = sorted(h for h in held if decided < h[0] <= ctx.as_of)
        due = decided + dt.timedelta(days=first_within)
        if ctx.as_of > due and not any(w <= due and k in surveillance for w, k in done):
            result.violations.append(
                Violation(
                    f"{standard}: the first surveillance audit after the certification decision of "
                    f"{decided.isoformat()} was due by {due.isoformat()}; none is recorded",
                    cert.ref,
                )
            )
        for year in range(decided.year + 1, ctx.as_of.year):
            if expires is not None and year >= expires.year:
                break  # the recertification year: recertification replaces surveillance
            if not any(w.year == year for w, _ in done):
                result.violations.append(
                    Violation(
                        f"{standard}: no surveillance audit in {year} (one every calendar year)",
                        cert.ref,
                    )
                )
        if expires is not None and (expires - ctx.as_of).days <= notice:
            window_start = expires - dt.timedelta(days=365)
            planned = [w for w, k in held if k in recertification and window_start <= w <= expires]
            if not planned:
                result.violations.append(
                    Violation(
                        f"{standard}: the certificate expires on {expires.isoformat()} and no "
                        "recertification audit is held or planned before then",
                        cert.ref,
                    )
                )
    return _cap(result)


# --- ratio --------------------------------------------------------------------------------------


def check_ratio(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    items, result = ctx.items(p["evidence"], p.get("where"))
    if not items:
        result.violations.extend(_none_found(ctx, p["evidence"], p.get("where")))
        return result
    failing = [i for i in items if not holds(p["require"], i, ctx.as_of)]
    share = (len(items) - len(failing)) / len(items)
    low, high = p.get("min"), p.get("max")
    if (low is not None and share < low) or (high is not None and share > high):
        bound = f"at least {low:.0%}" if low is not None and share < low else f"at most {high:.0%}"
        listed = "; ".join(f"{label(i)} ({i.ref})" for i in failing[:10])
        more = f" and {len(failing) - 10} more" if len(failing) > 10 else ""
        result.violations.append(
            Violation(
                f"{share:.1%} of {len(items)} item(s) satisfy {describe(p['require'])}, "
                f"expected {bound}; not satisfying: {listed}{more}"
            )
        )
    return result


# --- combinators --------------------------------------------------------------------------------


def check_all_of(ctx: CheckContext, p: list[Any]) -> CheckResult:
    result = CheckResult()
    for spec in p:
        result.extend(ctx.run(spec))
    return result


def check_any_of(ctx: CheckContext, p: list[Any]) -> CheckResult:
    result = CheckResult()
    failures = []
    for spec in p:
        sub = ctx.run(spec)
        result.consulted.extend(sub.consulted)
        result.notes.extend(sub.notes)
        if sub.ok:
            return CheckResult([], result.consulted, result.notes)
        failures.append(sub)
    # Each reason says which alternative it belongs to, so the headline is a real reason.
    for i, sub in enumerate(failures, 1):
        result.violations.extend(
            Violation(f"alternative {i} of {len(p)} fails: {v.message}", v.ref)
            for v in sub.violations
        )
    return result


def check_not(ctx: CheckContext, p: dict[str, Any]) -> CheckResult:
    sub = ctx.run(p)
    if sub.ok:
        ((name, _),) = p.items()
        return CheckResult(
            [Violation(f"expected the check {name!r} not to hold, but it does")], sub.consulted
        )
    return CheckResult([], sub.consulted)


_CHECKS: list[tuple[str, Any, dict[str, Any], str, str | None]] = [
    (
        "exists",
        check_exists,
        _schema(
            [], {"min": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 0}}
        ),
        "the evidence exists (at least `min`, at most `max` items)",
        None,
    ),
    (
        "fields",
        check_fields,
        {
            **_schema(
                [],
                {
                    "required": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "schema": {"type": "object"},
                },
            ),
            "anyOf": [{"required": ["required"]}, {"required": ["schema"]}],
        },
        "every item has the required fields and matches the schema",
        None,
    ),
    (
        "approved",
        check_approved,
        _schema(
            [],
            {
                "status": {"type": ["string", "null"]},
                "approver_not": {"type": ["string", "null"]},
                "review": {"type": "boolean"},
            },
        ),
        "documents are approved, by someone other than the owner, and not overdue for review",
        None,
    ),
    (
        "max_age",
        check_max_age,
        _schema(
            ["field", "days"],
            {
                "field": {"type": "string"},
                "days": {"type": "integer", "minimum": 0},
                "each": {"type": "boolean"},
            },
        ),
        "the newest (or every) date in `field` is at most `days` old",
        None,
    ),
    (
        "interval",
        check_interval,
        _schema(
            ["field", "max_days"],
            {
                "field": {"type": "string"},
                "max_days": {"type": "integer", "minimum": 1},
                "min_count": {"type": "integer", "minimum": 1},
            },
        ),
        "dated events recur at most `max_days` apart, the last within `max_days`",
        None,
    ),
    (
        "contains",
        check_contains,
        {
            **_schema(
                [],
                {
                    "text": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "headings": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "section": {"type": "string", "minLength": 1},
                    "any": {"type": "boolean"},
                },
            ),
            "anyOf": [{"required": ["text"]}, {"required": ["headings"]}],
        },
        "every item contains the phrases / headings (case-insensitive)",
        None,
    ),
    (
        "records",
        check_records,
        _schema(["require"], {"require": _WHERE}),
        "every item matching `where` satisfies `require`",
        None,
    ),
    (
        "covers",
        check_covers,
        {
            **_schema(
                ["column"],
                {
                    "column": {"type": "string"},
                    "values": {"type": "array", "minItems": 1},
                    "of": {
                        "type": "object",
                        "required": ["evidence", "column"],
                        "additionalProperties": False,
                        "properties": {
                            "evidence": _EVIDENCE,
                            "column": {"type": "string"},
                            "where": _WHERE,
                            "separator": {"type": "string", "minLength": 1},
                        },
                    },
                    "separator": {"type": "string", "minLength": 1},
                    "period_field": {"type": "string"},
                    "period_days": {"type": "integer", "minimum": 0},
                },
            ),
            "oneOf": [{"required": ["values"]}, {"required": ["of"]}],
            "dependentRequired": {"period_field": ["period_days"], "period_days": ["period_field"]},
        },
        "the values of `column` cover a set, or another evidence type's column",
        None,
    ),
    (
        "closed_within",
        check_closed_within,
        _schema(
            ["opened", "closed", "days"],
            {
                "opened": {"type": "string"},
                "closed": {"type": "string"},
                "days": {"type": "integer", "minimum": 0},
            },
        ),
        "items close within `days` of opening; open ones are not older than `days`",
        None,
    ),
    (
        "references",
        check_references,
        _schema(
            ["column", "to"],
            {
                "column": {"type": "string"},
                "separator": {"type": "string", "minLength": 1},
                "to": {
                    "type": "object",
                    "required": ["evidence", "column"],
                    "additionalProperties": False,
                    "properties": {
                        "evidence": _EVIDENCE,
                        "column": {"type": "string"},
                        "where": _WHERE,
                        "separator": {"type": "string", "minLength": 1},
                    },
                },
            },
        ),
        "every value of `column` appears in another evidence type's column",
        None,
    ),
    (
        "unique",
        check_unique,
        _schema(["column"], {"column": {"type": "string"}}),
        "no value of `column` appears twice (case-insensitive)",
        None,
    ),
    (
        "certification_cycle",
        check_certification_cycle,
        _schema(
            ["certificates"],
            {
                "certificates": _EVIDENCE,
                "surveillance": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "recertification": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "first_within_days": {"type": "integer", "minimum": 1},
                "notice_days": {"type": "integer", "minimum": 0},
            },
        ),
        "certification audits follow the ISO/IEC 17021-1 cycle for every certified standard",
        None,
    ),
    (
        "ratio",
        check_ratio,
        {
            **_schema(
                ["require"],
                {
                    "require": _WHERE,
                    "min": {"type": "number", "minimum": 0, "maximum": 1},
                    "max": {"type": "number", "minimum": 0, "maximum": 1},
                },
            ),
            "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
        },
        "the share of items satisfying `require` is within bounds",
        None,
    ),
    (
        "all_of",
        check_all_of,
        {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "minProperties": 1, "maxProperties": 1},
        },
        "every nested check holds",
        "list",
    ),
    (
        "any_of",
        check_any_of,
        {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "minProperties": 1, "maxProperties": 1},
        },
        "at least one nested check holds",
        "list",
    ),
    (
        "not",
        check_not,
        {"type": "object", "minProperties": 1, "maxProperties": 1},
        "the nested check does not hold",
        "single",
    ),
]


def register(registry: CheckRegistry) -> None:
    for name, function, schema, summary, nested in _CHECKS:
        registry.register(name, function, schema, summary=summary, nested=nested)
