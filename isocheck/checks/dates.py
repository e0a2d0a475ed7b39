"""Checks on the dates in the evidence: max_age, interval, closed_within.

Dates after the as-of date are plans, not events: they never stand in for one that happened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Any

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation, label
from isocheck.checks.common import (
    EveryItem,
    NonEmpty,
    Selection,
    cap,
    date_of,
    date_or_none,
    every_item,
    none_found,
)
from isocheck.checks.params import Doc, Minimum, MinItems, Ref
from isocheck.conditions import is_empty, shift
from isocheck.evidence import Item
from isocheck.meaning import remark_of, says_any, words, written_date
from isocheck.model import NEVER


def _dated(items: list[Item], field_name: str, result: CheckResult) -> list[tuple[dt.date, Item]]:
    """The items that have a date in `field_name`, oldest first (bad dates go into `result`)."""
    dated = []
    for item in items:
        when = date_of(item, field_name, result)
        if when is not None:
            dated.append((when, item))
    return sorted(dated, key=lambda pair: (pair[0], str(pair[1].ref)))


# --- max_age ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MaxAgeParams(Selection):
    """The newest date in `field` that is not after the as-of date (or, with `each`, every date,
    none of them in the future) is no more than `days` old."""

    field: Annotated[str, Doc("the field holding the date")]
    days: Annotated[int, Minimum(0), Doc("the greatest age allowed, in days")]
    each: Annotated[bool, Doc("judge every item's date, not only the newest")] = False


def check_max_age(ctx: CheckContext, p: MaxAgeParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    field_name, days = p.field, p.days
    dated = _dated(items, field_name, result)
    if p.each:
        chosen = dated
        for when, item in dated:
            if when > ctx.as_of:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {item.named(field_name)} {when.isoformat()} is after the as-of date",
                        item.where(field_name),
                        code="future-date",
                    )
                )
    else:
        # A date after the as-of date is a plan, not an event: it must not hide an overdue one.
        past = [(w, i) for w, i in dated if w <= ctx.as_of]
        if dated and not past:
            result.violations.append(
                Violation(
                    f"every {field_name} is after the as-of date: nothing has happened yet",
                    code="not-yet",
                )
            )
        chosen = past[-1:]
    for when, item in chosen:
        age = (ctx.as_of - when).days
        if age > days:
            result.violations.append(
                Violation(
                    f"{label(item)}: {item.named(field_name)} {when.isoformat()} is {age} days old "
                    f"(max {days})",
                    item.where(field_name),
                    code="stale",
                )
            )
    return cap(result)


# --- interval -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class IntervalParams(Selection):
    """Consecutive dates in `field` are never more than `max_days` apart, and the last is no more
    than `max_days` old."""

    field: Annotated[str, Doc("the field holding the date")]
    max_days: Annotated[int, Minimum(1), Doc("the longest gap allowed, in days")]
    min_count: Annotated[int, Minimum(1), Doc("the fewest dated items allowed")] = 1
    calendar: Annotated[
        bool,
        Doc(
            "a gap of about a month (max_days 28 to 35) or a quarter (84 to 100) is also met by "
            "items in consecutive calendar months or quarters, and the last by one in the month "
            "or quarter before the as-of date's: a monthly review held early one month and late "
            "the next is still monthly"
        ),
    ] = False


# Calendar periods an interval of so many days stands for: (least days, most days, months)
_CALENDAR_PERIODS = ((28, 35, 1), (84, 100, 3))


def _period_index(day: dt.date, months: int) -> int:
    return (day.year * 12 + day.month - 1) // months


def _next_period(before: dt.date, after: dt.date, max_days: int) -> bool:
    """Whether two days fall in the same or consecutive calendar periods of the length an
    interval of `max_days` stands for (a month, a quarter); False for other intervals."""
    for least, most, months in _CALENDAR_PERIODS:
        if least <= max_days <= most:
            return _period_index(after, months) - _period_index(before, months) <= 1
    return False


def check_interval(ctx: CheckContext, p: IntervalParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    field_name, max_days = p.field, p.max_days
    # Dates after the as-of date are plans, not events: they do not count.
    dated = [(w, i) for w, i in _dated(items, field_name, result) if w <= ctx.as_of]
    if len(dated) < p.min_count:
        if not dated:
            result.violations.extend(none_found(ctx, p.evidence, p.where))
        else:
            result.violations.append(
                Violation(
                    f"only {len(dated)} dated item(s), expected at least {p.min_count}",
                    code="too-few",
                )
            )
        return result
    for (before, first), (after, second) in pairwise(dated):
        gap = (after - before).days
        if gap > max_days and not (p.calendar and _next_period(before, after, max_days)):
            result.violations.append(
                Violation(
                    f"{gap} days between {label(first)} ({before.isoformat()}) and "
                    f"{label(second)} ({after.isoformat()}), max {max_days}",
                    second.where(field_name),
                    code="gap",
                )
            )
    last, item = dated[-1]
    age = (ctx.as_of - last).days
    if age > max_days and not (p.calendar and _next_period(last, ctx.as_of, max_days)):
        result.violations.append(
            Violation(
                f"the last one, {label(item)} on {last.isoformat()}, was {age} days before the "
                f"as-of date, max {max_days}",
                item.where(field_name),
                code="stale",
            )
        )
    return cap(result)


# --- closed_within ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Closing:
    """Where the organization's column for the end is headed as the item's closing ("Date
    Closed", "Izpildīts"), not as what the rule asks (a response): the closing is judged
    against the days its closing may take."""

    headed: Annotated[
        list[NonEmpty], MinItems(1), Doc("phrases or topics a heading of a closing date says")
    ]
    days: Annotated[Any, Ref("days"), Doc("the most days an item may take to be closed")]


@dataclass(frozen=True, kw_only=True)
class ClosedWithinParams(EveryItem):
    """Every item closed within `days` of opening, and every open item opened no more than `days`
    ago; an item with a later date in `due` (the deadline the organization set for it, extended
    where it chose to) is held to that date instead. An earlier date in `due` takes no time from
    a closed item, but an item still open past it, with no new date in a column of its own
    ("Revised Due Date"), is late: the organization's own plan was not kept. An item whose
    actions were done (`done`) and that is still not closed `days` after, past its due date,
    is late as well: the check of their effectiveness that closes it never came."""

    opened: Annotated[str, Doc("the field holding the date the item was opened")]
    closed: Annotated[str, Doc("the field holding the date it was closed (empty: still open)")]
    days: Annotated[
        Any,
        Ref("days"),
        Doc(
            "the most days an item may stay open; never: no limit but the item's own due date "
            "(an organization that sets none for low vulnerabilities)"
        ),
    ]
    due: Annotated[
        str | None,
        Doc("the field holding the date the item is due; a later one than `days` allows wins"),
    ] = None
    done: Annotated[
        str | None,
        Doc(
            "the field holding the date its actions were completed, where kept: an item whose"
            " actions were done in time and that was closed later, once their effectiveness was"
            " verified, is judged by it (by its closing where that is the earlier of the two)"
        ),
    ] = None
    closing: Annotated[
        Closing | None,
        Doc(
            "where the column the profile gives `closed` is headed as the item's closing "
            "('Date Closed'), though the rule asks for another end (a complaint's response, "
            "which came before it): the items are held to `closing.days` instead of `days`"
        ),
    ] = None


def check_closed_within(ctx: CheckContext, p: ClosedWithinParams) -> CheckResult:
    items, result = every_item(ctx, p)
    opened_field, closed_field = p.opened, p.closed
    asked = None if p.days == NEVER else int(p.days)  # None: held to its due date only
    # a register's heading of the end, per file read (registers of two years may differ), ->
    # the days its items are held to
    by_heading: dict[str, int | None] = {}
    to_close = None if p.closing is None or p.closing.days == NEVER else int(p.closing.days)
    for item in items:
        days = asked
        if p.closing is not None:
            heading = item.named(closed_field)
            if heading not in by_heading:
                closing = _headed_closing(ctx, p.closing, heading, closed_field)
                by_heading[heading] = to_close if closing else asked
            days = by_heading[heading]
        opened = date_of(item, opened_field, result)
        if opened is None:
            continue
        due = None
        if p.due is not None and not is_empty(item.fields.get(p.due)):
            due = date_of(item, p.due, result)
            if due is None:
                continue
            due = _extended(due)
        # done in time and closed after the effectiveness check: judged by when it was done
        ended = p.done if p.done and not is_empty(item.fields.get(p.done)) else closed_field
        if item.parsed is None and ended not in item.fields:
            continue  # a register with no column for its closing: open or closed, it cannot say
        still_open = is_empty(item.fields.get(ended))
        if (
            due is not None
            and days is not None
            and due <= shift(opened, days)
            and not (still_open and ctx.as_of > due and not _replanned(item))
        ):
            # a deadline within the period: the period is what is judged, unless the item is
            # still open past the date the organization set for it and not set a new one
            due = None
        if still_open:
            age = (ctx.as_of - opened).days
            if due is not None:
                if ctx.as_of > due:
                    result.violations.append(
                        Violation(
                            f"{label(item)}: open {(ctx.as_of - due).days} days past the date "
                            f"set for it, {due.isoformat()} ({p.due}), opened {opened.isoformat()}",
                            item.where(p.due),
                            code="open-too-long",
                        )
                    )
            elif days is not None and age > days:
                result.violations.append(
                    Violation(
                        f"{label(item)}: open for {age} days since {opened.isoformat()} (max {days})",
                        item.where(opened_field),
                        code="open-too-long",
                    )
                )
            continue
        closed = date_of(item, ended, result)
        if closed is None:
            continue
        if ended != closed_field and _unverified(item, closed_field, closed, due, days, ctx.as_of):
            # done in time, but never closed: the check of the actions' effectiveness that
            # closes it is as late as an item left open would be
            result.violations.append(
                Violation(
                    f"{label(item)}: {_finished(item, ended, closed_field)} on "
                    f"{closed.isoformat()}, still not closed {(ctx.as_of - closed).days} days "
                    f"later (max {days}){_past(due, item.named(p.due) if p.due else '')}",
                    item.where(closed_field),
                    code="open-too-long",
                )
            )
            continue
        # closed before the date the log gives as done: the item ended when it was closed (a
        # log whose "done" is the notification's completion, after the effectiveness check,
        # and whose closing date is the action's)
        earlier = date_or_none(item, closed_field) if ended != closed_field else None
        if earlier is not None and earlier < closed:
            closed, ended = earlier, closed_field
        took = (closed - opened).days
        if took < 0:
            result.violations.append(
                Violation(
                    f"{label(item)}: {item.named(ended)} {closed.isoformat()} is before "
                    f"{item.named(opened_field)} {opened.isoformat()}",
                    item.where(ended),
                    code="closed-before-opened",
                )
            )
        elif due is not None:
            if closed > due:
                result.violations.append(
                    Violation(
                        f"{label(item)}: {_finished(item, ended, closed_field)} "
                        f"{(closed - due).days} days after the date set for it, "
                        f"{due.isoformat()} ({p.due})",
                        item.where(ended),
                        code="closed-late",
                    )
                )
        elif days is not None and took > days:
            result.violations.append(
                Violation(
                    f"{label(item)}: {_finished(item, ended, closed_field)} after {took} days "
                    f"(max {days})",
                    item.where(ended),
                    code="closed-late",
                )
            )
    return cap(result)


# A column of the row as written holding a later date the organization set ("Revised Due
# Date", "New target date", "Extended to", "Neuer Termin", "Nueva fecha"), that the profile
# need not map: filled, the item was planned again
_REPLANNED = re.compile(
    r"\b(?:revised|new|extended|updated|amended|postponed|rescheduled|neue[rs]?|nueva|nouvelle|"
    r"nuova|nieuwe|ny|nowy|nova|verlängert|prolongé|prorrogad[ao]|prorogat[ao]|verlengd)\b"
    r".{0,20}\b(?:due|target|date|deadline|termin|fecha|data|datum|frist)\b"
    r"|\bextended\s+to\b|\bextension\b",
    re.IGNORECASE,
)


# A due date's remark extending it to a later one ("2026/11/17（2026/11/30 まで延長：...）",
# "30/09/2026 (extended to 31/10/2026, approved by the QM)")
_EXTENDED = re.compile(
    r"extended|extension|postponed|verlängert|verlängerung|verschoben|prolong|reporté|"
    r"prorrog|aplazad|adiad|verlengd|verlenging|uitgesteld|przedłuż|przesunięt|prodlouž|"
    r"prodluž|odložen|förläng|forlæng|forleng|jatke|pidenn|meghosszabb|prelungi|amânat|"
    r"παράταση|uzatıl|ertelen|gia hạn|diperpanjang|ขยาย|延長|延期|延长|연장",
    re.IGNORECASE,
)
_REMARK_DATE = re.compile(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
MAX_DAY_OR_MONTH = 31  # a number of a date above it is its year
MAX_EXTENSION_REMARK = 300  # characters of a due date's remark read for an extension


def _extended(due: dt.date) -> dt.date:
    """The later date a due date's remark extends it to, where it says so; else the due date."""
    remark = remark_of(due)[:MAX_EXTENSION_REMARK]
    if not remark or not _EXTENDED.search(remark):
        return due
    later = [day for found in _REMARK_DATE.findall(remark) for day in _readings(found) if day > due]
    return min(later) if later else due


def _readings(found: str) -> list[dt.date]:
    """The dates a number date may be: year first, or day and month either way round where the
    remark does not say which ("10/11/2026")."""
    if (day := written_date(found)) is not None:
        return [day]
    first, second, year = (int(part) for part in re.split(r"[/.-]", found))
    if first > MAX_DAY_OR_MONTH:  # the year first: "2026-11-30"
        first, year = year, first
    out = []
    for d, m in ((first, second), (second, first)):
        try:
            out.append(dt.date(year, m, d))
        except ValueError:
            continue
    return out


def _headed_closing(ctx: CheckContext, closing: Closing, heading: str, field: str) -> bool:
    """Whether the register's heading of `field` names the item's closing ("Date Closed"),
    rather than the field's own meaning."""
    if heading == field:
        return False  # the pack's own name: the register keeps the field as the pack means it
    return says_any([ph for t in closing.headed for ph in ctx.phrases(t)], words(heading))


def _replanned(item: Item) -> bool:
    """Whether the row, as the organization wrote it, gives a new date in a column of its own."""
    return any(
        _REPLANNED.search(str(column)) and not is_empty(cell)
        for column, cell in (item.written or {}).items()
    )


def _unverified(
    item: Item,
    closed_field: str,
    done: dt.date,
    due: dt.date | None,
    days: int | None,
    as_of: dt.date,
) -> bool:
    """Whether an item whose actions were done on `done` is still open (its closing field kept,
    and empty) more than `days` later and past the date set for it: its effectiveness never
    verified, as far as the register says."""
    if days is None or (closed_field not in item.fields and item.parsed is None):
        return False
    if not is_empty(item.fields.get(closed_field)):
        return False
    return (as_of - done).days > days and (due is None or as_of > due)


def _past(due: dt.date | None, due_field: str) -> str:
    return f", past the date set for it, {due.isoformat()} ({due_field})" if due else ""


def _finished(item: Item, ended: str, closed_field: str) -> str:
    return "closed" if ended == closed_field else f"done ({item.named(ended)})"


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "max_age",
        check_max_age,
        MaxAgeParams,
        summary="the newest (or every) date in `field` is at most `days` old",
    )
    registry.register_typed(
        "interval",
        check_interval,
        IntervalParams,
        summary="dated events recur at most `max_days` apart, the last within `max_days`",
    )
    registry.register_typed(
        "closed_within",
        check_closed_within,
        ClosedWithinParams,
        summary="items close within `days` of opening; open ones are not older than `days`",
    )
