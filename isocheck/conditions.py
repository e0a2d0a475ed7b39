"""The declarative condition language of `where` and `require`: field -> tests, plus all/any/not.

`evaluate(condition, item, as_of)` returns the reasons the condition does not hold (empty when it
holds), each naming the field and the value at fault, so failure messages can point at them.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, TypeVar

import regex

from isocheck.errors import CheckError
from isocheck.evidence import Item
from isocheck.meaning import (
    outside_limit,
    remark_of,
    remarked,
    says_any,
    says_none,
    says_undecided,
    to_days,
    to_number,
    words,
    written_date,
)
from isocheck.model import NEVER
from isocheck.names import codes_named, reference_key

REGEX_TIMEOUT_SECONDS = 1.0

COMBINATORS = ("all", "any", "not")
_REF = re.compile(r"^as_of(?:\s*([+-])\s*(\d+)\s*d)?$")
_AMBIGUOUS = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


class BadDate(ValueError):
    """A value that should be an ISO 8601 date is not one."""


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def to_date(value: Any) -> dt.date:
    """A field value as a date: ISO 8601 (YYYY-MM-DD), or a date that cannot be read two ways (a
    month by its name, the year first: meaning.written_date); anything else raises BadDate with
    a hint."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        day = dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        rest = text[10:].strip()
        if rest[:1] in ("(", "（"):  # a remark after it: "2026-09-30 (extended to 2026-10-31)"
            return remarked(day, rest.strip("()（） "))
        return day
    written = written_date(text)  # a month by its name, or the year first
    if written is not None:
        return written
    if _AMBIGUOUS.match(text):
        sep = next((c for c in text if not c.isdigit()), "/")
        raise BadDate(
            f"{text!r} is ambiguous (day/month order); write dates as YYYY-MM-DD, or say in "
            f'the profile how this evidence writes them (dates: "%d{sep}%m{sep}%Y"), or how '
            "all of it does, at the profile's top"
        )
    # no date in it at all ("TBC", "next week"): whatever format the profile gives, the cell
    # needs a date written in it
    raise BadDate(
        f"{text!r} is not a date; write the date, as YYYY-MM-DD or in the format the profile "
        "gives for this evidence"
    )


def text_of(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held at the first or last day there is rather than overflowing (an
    as-of date in the year 1 minus three years is the earliest day, not a crash)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def resolve_ref(ref: Any, item: Item, as_of: dt.date) -> dt.date:
    """A date reference: as_of, as_of-30d, as_of+90d, field:NAME, or a literal date."""
    if isinstance(ref, str):
        match = _REF.match(ref.strip())
        if match:
            sign, days = match.groups()
            return shift(as_of, -int(days or 0) if sign == "-" else int(days or 0))
        if ref.startswith("field:"):
            name = ref[len("field:") :]
            value = item.fields.get(name)
            if is_empty(value):
                raise BadDate(f"{name} is empty")
            return to_date(value)
        if ref.startswith("from:"):
            raise BadDate(
                f"{ref} names a field of the referring item: it is only read in a reference's "
                f"to.where"
            )
    return to_date(ref)


@lru_cache(maxsize=1024)
def _folded(options: tuple[Any, ...]) -> frozenset[str]:
    # Built once per list in a pack, not once per row tested against it.
    return frozenset(text_of(a).casefold() for a in options)


MAX_CELL_SHOWN = 120  # characters of a cell as written that a reason repeats


def _describe(name: str, value: Any, item: Item | None = None) -> str:
    """A field and its value, for a reason: under the organization's name for the field, and
    with the cell as written where that is not the word it was read as ("Resultado is 'Não
    conforme' (read as 'fail')"), since the finding is read beside the register."""
    shown = item.named(name) if item is not None else name
    if is_empty(value):
        return f"{shown} is empty"
    said = text_of(value)
    cell = item.written.get(item.names.get(name, name)) if item and item.written else None
    if cell is not None and not is_empty(cell):
        own = text_of(cell).strip()
        if own.casefold() != said.strip().casefold():
            if len(own) > MAX_CELL_SHOWN:
                own = own[:MAX_CELL_SHOWN] + "..."
            return f"{shown} is {own!r} (read as {said!r})"
    return f"{shown} is {said!r}"


# --- the tests of a condition -------------------------------------------------------------------
# Each test is a small function (field name, field value, the test's argument, the item, the as-of
# date) -> None if it holds, else the reason it does not. `TESTS` maps a test's name in a pack to it;
# CONDITION_SCHEMA below lists the same names with the argument each takes.

Test = Callable[[str, Any, Any, Item, dt.date], str | None]


IF_KEPT = "if kept"  # `present: if kept`: filled in, where the register keeps such a column
NOT_KEPT = "not kept"  # `present: not kept`: a register row with no such column at all


# How a test that the register keeps no such column fails: the way of a register that keeps it
# elsewhere, not the organization's way here
KEPT = " is a column the register keeps"
# How `present: false` fails: the way of rows that leave the field blank, not of this row
FILLED = " should be empty"


def _present(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    if arg == NOT_KEPT:
        # none in its header, none mapped: a register that records the matter elsewhere or not
        # per row (a headcount export with no status: everyone on it is current)
        if item.parsed is None and name not in item.fields:
            return None
        return f"{name}{KEPT}"
    if arg == IF_KEPT:
        # A register row with no such column at all (none in its header, none mapped) records
        # the matter elsewhere or not per row: a question for the auditor, not a gap in each row.
        # A column kept and left empty on a row is that row's gap.
        if says_undecided(value):
            return _undecided(name, value)
        if not is_empty(value) or (item.parsed is None and name not in item.fields):
            return None
        return f"{name} is empty"
    if arg and says_undecided(value):
        return _undecided(name, value)
    if bool(arg) == (is_empty(value) or says_undecided(value)):
        return f"{name} is missing or empty" if arg else f"{name}{FILLED}"
    return None


def _undecided(name: str, value: Any) -> str:
    return f"{name} says it is still to be decided ({text_of(value)!r})"


def _equals(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    if text_of(value).casefold() != text_of(arg).casefold():
        return f"{_describe(name, value, item)}, expected {text_of(arg)!r}"
    return None


def _not_equals(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    if text_of(value).casefold() == text_of(arg).casefold():
        return f"{name} is {text_of(value)!r}, which is not allowed"
    return None


def _membership(wanted: bool, word: str) -> Test:
    """`in` (wanted inside the list) and `not_in` (wanted outside it)."""

    def test(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
        text = text_of(value).casefold()
        choices_folded = _folded(tuple(arg))
        if "; " in text and text not in choices_folded:
            # a cell the reader found to list several known words ("yes; sso"): each of them in
            # the list (`in`), or none of them (`not_in`)
            parts = [part.strip() for part in text.split(";") if part.strip()]
            inside = [part in choices_folded for part in parts]
            if all(inside) if wanted else not any(inside):
                return None
            choices = ", ".join(repr(text_of(a)) for a in arg)
            return f"{_describe(name, value, item)}, expected {word} {choices}"
        if (text in choices_folded) != wanted:
            choices = ", ".join(repr(text_of(a)) for a in arg)
            return f"{_describe(name, value, item)}, expected {word} {choices}"
        return None

    return test


def _says(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    """The field says one of the phrases (words in order, a few apart, case and inflection
    aside; a pack's topics and a profile's own wording are phrases here by the time a rule
    runs)."""
    phrases = [arg] if isinstance(arg, str) else list(arg)
    # a date read from a cell says what the cell's remark after it says ("12/07/2026 (in force
    # until the renewal decision)")
    texts = [f"{text_of(value)} {remark_of(value)}"]
    if name == "title" and (heading := item.heading_title()) is not None:
        # a document is named by its heading as well as by the title its control table gives
        # ("Stefna samþætts stjórnunarkerfis" under "# Stefna ... um umhverfi, öryggi og orku")
        texts.append(heading)
    for found in map(words, texts):
        if says_any(phrases, found) and not _said_only_negated(phrases, found):
            return None
    others = (
        f" (or {', '.join(repr(p) for p in phrases[1:3])}{', ...' if len(phrases) > 3 else ''})"
    )
    return f"{name} does not say {phrases[0]!r}" + (others if len(phrases) > 1 else "")


# Words that deny what follows them ("no damage", "ohne Befund", "sin daños", "brak uszkodzeń",
# "không hư hỏng"),
# and Turkish words that deny what comes before them ("hasar yok": no damage)
_DENYING = frozenset(
    {"no", "not", "without", "never", "kein", "keine", "keinen", "ohne", "nicht", "sin", "sans",
     "aucun", "aucune", "nessun", "nessuna", "senza", "geen", "zonder", "brak", "bez", "ingen",
     "uden", "utan", "inga", "ei", "žádné", "žádný", "nenhum", "nenhuma", "sem", "nil", "pas",
     "nessuno", "ningún", "ninguno", "ninguna", "não", "nie", "niet", "ikke", "inte", "ej",
     "není", "nejsou", "nebyl", "nebyla", "nebylo", "žádná", "žádní", "nem", "nincs",
     "nincsenek", "fără", "niciun", "nicio", "nicidecum", "δεν", "όχι", "χωρίς", "μη", "κανένα",
     "καμία", "κανένας", "không", "chưa", "chẳng", "tidak", "tanpa", "belum", "bukan"}
)  # fmt: skip
# after what they deny: Turkish ("hasar yok"), Hungarian ("sérülés nélkül")
_DENYING_AFTER = frozenset(
    # Korean, read syllable by syllable: "손상 없음" (no damage), "하지 않음" (not done)
    {"yok", "yoktur", "değil", "değildir", "bulunmadı", "görülmedi", "nélkül", "없", "않"}
)
_DENYING_ANY = _DENYING | _DENYING_AFTER
DENIED_REACH = 2  # words a denying word reaches


def _said_only_negated(phrases: list[str], found: list[str]) -> bool:
    """Whether the phrases a cell says are all denied where it says them ("No damage at
    incoming inspection", "hasar yok"), unless a phrase denies itself ("not passed")."""
    if _DENYING_ANY.isdisjoint(found):
        return False
    denied: set[int] = set()
    for at, word in enumerate(found):
        if word in _DENYING:
            denied.update(range(at + 1, at + 1 + DENIED_REACH))
        elif word in _DENYING_AFTER:
            denied.update(range(max(0, at - DENIED_REACH), at))
    kept = [word for at, word in enumerate(found) if at not in denied]
    if says_any(phrases, kept):
        return False
    # a phrase that holds a denying word of its own says something denied: it is said as it is
    return not any(
        not _DENYING_ANY.isdisjoint(words(phrase)) and says_any([phrase], found)
        for phrase in phrases
    )


# What all the regular expressions of one rule may take together: a pattern that takes just under
# its own time limit on each of 400 rows must not hold a run for minutes.
RULE_REGEX_BUDGET_SECONDS = 5.0
_budget: ContextVar[list[float] | None] = ContextVar("isocheck_regex_budget", default=None)


@contextmanager
def regex_budget(seconds: float = RULE_REGEX_BUDGET_SECONDS) -> Iterator[None]:
    """Within it, every pattern search draws on one budget of `seconds` (one rule's)."""
    token = _budget.set([seconds])
    try:
        yield
    finally:
        _budget.reset(token)


def _spent(pattern: str, name: str, item: Item) -> CheckError:
    return CheckError(
        f"the rule's patterns took more than {RULE_REGEX_BUDGET_SECONDS:g} s in all (the last "
        f"{pattern!r} on {name} of {item.ref}); simplify them"
    )


def _none(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    """The field answers none in words ("None", "keine", "nav (attiecība)", "Neatbilstību nav"),
    as `says_none` reads a cell; with false, it does not."""
    if says_none(value) == bool(arg):
        return None
    if arg:
        return f"{_describe(name, value, item)}, expected an answer of none"
    return f"{_describe(name, value, item)}, an answer of none"


# A record's identifier a result's evaluation may name: letters, a hyphen, a number ("INC-26-026")
_RECORD_ID = re.compile(r"^[^\W\d_]{2,}-\d")


def _within_limit(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    """The field, a result's evaluation, does not say the result is outside its limit, read with
    what the organization calls this column and the column `arg` holding the limit
    (`outside_limit`: "No" under "Within Limit", "Y" under "Exceedance?", "ne ustreza" beside a
    "Mejna vrednost"). An evaluation naming the record raised for it ("Exceedance - INC-26-026
    raised") says the result was taken up, and holds."""
    limit = str(arg)
    if not outside_limit(value, item.named(name), item.named(limit)):
        return None
    if any(_RECORD_ID.match(code) for code in codes_named(text_of(value))):
        return None
    bound = item.fields.get(limit)
    against = "" if is_empty(bound) else f", against {item.named(limit)} {text_of(bound)!r}"
    return f"{_describe(name, value, item)}: the result is outside its limit{against}"


def _matches(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    # {pattern: ..., is: "a certificate's number"}: the pattern, and what it reads as in words
    words = arg.get("is") if isinstance(arg, dict) else None
    arg = arg["pattern"] if isinstance(arg, dict) else arg
    budget = _budget.get()
    timeout = REGEX_TIMEOUT_SECONDS if budget is None else min(REGEX_TIMEOUT_SECONDS, budget[0])
    if timeout <= 0:
        raise _spent(arg, name, item)
    started = time.perf_counter()
    try:
        found = regex.search(arg, text_of(value), regex.IGNORECASE, timeout=timeout)
    except TimeoutError:
        if timeout < REGEX_TIMEOUT_SECONDS:  # the rule's budget ran out, not this search's time
            raise _spent(arg, name, item) from None
        # The pack's pattern is at fault, not the evidence: the rule errors, the run goes on.
        raise CheckError(
            f"the pattern {arg!r} took more than {timeout:g} s on {name} of "
            f"{item.ref} ({len(text_of(value))} characters); it backtracks catastrophically, "
            "simplify it"
        ) from None
    finally:
        if budget is not None:
            budget[0] -= time.perf_counter() - started
    if found is None:
        expected = words if words else f"to match {arg!r}"
        return f"{_describe(name, value, item)}, expected {expected}"
    return None


# A number compared with another field's: "field:baseline_value", or that field's number moved by
# a margin, "field:baseline_value+5%" (5 % of it) or "field:limit-2" (2 less).
_NUMBER_REF = re.compile(r"^field:\s*([^\W\d]\w*)\s*(?:([+-])\s*(\d{1,9}(?:\.\d{1,9})?)\s*(%?))?$")


def number_ref(arg: Any) -> tuple[str, float, bool] | None:
    """A comparison's argument that names a field: (field, margin, margin in percent), else None."""
    return _number_ref(arg) if isinstance(arg, str) else None


@lru_cache(maxsize=1024)  # a pack's few arguments, asked row after row
def _number_ref(arg: str) -> tuple[str, float, bool] | None:
    match = _NUMBER_REF.match(arg.strip())
    if match is None:
        return None
    name, sign, margin, percent = match.groups()
    amount = float(margin or 0)
    return name, -amount if sign == "-" else amount, bool(percent)


def _number(compare: Callable[[float, float], bool], sign: str) -> Test:
    """gte, gt, lte, lt: the field is a number and compares so with the argument (a number, or
    another field's number with a margin: see number_ref)."""

    def test(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
        try:
            number = to_number(value)
        except ValueError as exc:
            why = f" ({exc}; write 1234, or 1.234 with a point)" if "ambiguous" in str(exc) else ""
            return f"{_describe(name, value, item)}, expected a number{why}"
        ref = number_ref(arg)
        if ref is None:
            if not compare(number, float(arg)):
                return f"{_describe(name, value, item)}, expected {sign} {arg}"
            return None
        other, margin, percent = ref
        cell = item.fields.get(other)
        try:
            limit = to_number(cell)
        except ValueError:
            return f"{_describe(other, cell, item)}, not a number to compare {name} with"
        bound = limit + abs(limit) * margin / 100 if percent else limit + margin
        if not compare(number, bound):
            return (
                f"{_describe(name, value, item)}, expected {sign} {_figure(bound)} "
                f"({_number_ref_words(item.named(other), margin, percent)})"
            )
        return None

    return test


def _figure(number: float) -> str:
    return f"{number:.6g}"


def _number_ref_words(other: str, margin: float, percent: bool) -> str:
    if not margin:
        return other
    unit = "%" if percent else ""
    return f"{other} {'+' if margin > 0 else '-'} {_figure(abs(margin))}{unit}"


def _alike(one: Any, other: Any) -> bool:
    """Whether two cells name the same thing: as written, case aside, as references compare
    ("Emma Clarke (risk owner)" is Emma Clarke, "Clarke, Emma" too), or as versions ("Rev. 03"
    is 3, "v2.1" is 2.1)."""
    first, second = text_of(one), text_of(other)
    if first.casefold() == second.casefold():
        return True
    if not (first and second):
        return False
    if reference_key(first) == reference_key(second):
        return True
    mine, theirs = version_of(first), version_of(second)
    return mine is not None and mine == theirs


# The word a document's revision follows, in the languages documents are kept in: "Rev.",
# "Revisão", "Version", "Ausgabe", "Änderungsstand", "Issue", "Indice" ("ind."), "Édition", "versie",
# "uitgave", "wyd." (wydanie), "vydání", "utgåva", "udgave", "painos"
REVISION_WORD = (
    r"(?:rev(?:ision|isión|isão|isao|isione|isie|ize|izja)?|révision|"
    r"ver(?:sion|são|sao|sione|sión|sie|ze|sja|sio)?|issue|ausgabe|stand|änderungsstand|index|idx|"
    r"indice|ind(?=[.\s])|edi(?:tion|ção|cao|zione|ción|cion)|édition|uitgave|wyd(?:anie)?|vydání|vyd|utgåva|"
    r"udgave|painos)"
)
# A version as documents and registers write it: "3", "03", "Rev. 3", "Revisão 03", "v2.1",
# "Version 2.1", "Ausgabe 4", "Issue B", "R3", "wyd. 5"
_VERSION = re.compile(
    rf"^(?:(?:{REVISION_WORD}|v|r)\.?\s*(?:n\.?º\s*|no\.?\s*|nr\.?\s*)?)?"
    r"([0-9]{1,4}(?:[.\-][0-9]{1,4}){0,3}|[a-z]{1,2})$",
    re.IGNORECASE,
)


def version_of(text: str) -> tuple[str, ...] | None:
    """A version's parts, numbers without their leading zeros ("Rev. 03" is ("3",), "v2.01" is
    ("2", "1")), letters folded; None for a text that is no version."""
    found = _VERSION.match(text.strip())
    if found is None:
        return None
    return tuple(
        str(int(part)) if part.isdigit() else part.casefold()
        for part in re.split(r"[.\-]", found.group(1))
    )


def _differs_from(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    same = _alike(value, item.fields.get(arg))
    if same or is_empty(value):
        if same:
            return f"{_describe(name, value, item)}, the same as {item.named(arg)}"
        return f"{name} is empty"
    return None


def _same_as(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
    other = item.fields.get(arg)
    if not _alike(value, other):
        return f"{_describe(name, value, item)}, expected the same as {item.named(arg)} ({text_of(other)!r})"
    return None


DateTest = Callable[[str, dt.date, Any, Item, dt.date], str | None]


def _on_a_date(test: DateTest) -> Test:
    """A test of a date: the field must hold one; `test` gets it as a date."""

    def on_a_date(name: str, value: Any, arg: Any, item: Item, as_of: dt.date) -> str | None:
        if is_empty(value):
            return f"{name} is empty, expected a date"
        try:
            when = to_date(value)
        except BadDate as exc:
            return f"{name}: {exc}"
        return test(name, when, arg, item, as_of)

    return on_a_date


@_on_a_date
def _max_age_days(name: str, when: dt.date, arg: Any, item: Item, as_of: dt.date) -> str | None:
    own = ""
    if isinstance(arg, dict):
        # {days: N, every: field}: a row whose `every` field says how often ("annual", "every 2
        # years", "tous les deux ans") is held to that period, the others to N days.
        every, arg = arg["every"], arg["days"]
        cell = item.fields.get(every)
        if not is_empty(cell):
            try:
                arg, own = to_days(cell), f", as {item.named(every)} {text_of(cell)!r} sets"
            except ValueError:
                return (
                    f"{item.named(every)} {text_of(cell)!r} is not a period: write it as a "
                    "number of days, "
                    "months or years ('365 days', 'every 6 months', 'annual'), or map the "
                    f"organization's word in the profile's values: for {every}"
                )
    age = (as_of - when).days
    if arg != NEVER and age > int(arg):
        return f"{name} is {when.isoformat()}, {age} days before the as-of date (max {arg}{own})"
    if age < 0:
        return f"{name} is {when.isoformat()}, after the as-of date {as_of.isoformat()}"
    return None


@_on_a_date
def _within_days(name: str, when: dt.date, arg: Any, item: Item, as_of: dt.date) -> str | None:
    try:
        start = resolve_ref(f"field:{arg['of']}", item, as_of)
    except BadDate as exc:
        return f"{item.named(arg['of'])}: {exc}"
    gap = (when - start).days
    if gap > int(arg["days"]) or gap < 0:
        return (
            f"{name} is {when.isoformat()}, {gap} days after {item.named(arg['of'])} "
            f"({start.isoformat()}; max {arg['days']})"
        )
    return None


def _date_order(op: str, compare: Callable[[dt.date, dt.date], bool]) -> Test:
    """before, after, on_or_before, on_or_after: compared with a date reference (see resolve_ref)."""
    words = op.replace("_", " ")

    def test(name: str, when: dt.date, arg: Any, item: Item, as_of: dt.date) -> str | None:
        try:
            ref = resolve_ref(arg, item, as_of)
        except BadDate as exc:
            return f"{name} compared with {arg}: {exc}"
        if not compare(when, ref):
            return f"{name} is {when.isoformat()}, expected {words} {ref.isoformat()}"
        return None

    return _on_a_date(test)


TESTS: dict[str, Test] = {
    "present": _present,
    "equals": _equals,
    "not_equals": _not_equals,
    "in": _membership(True, "one of"),
    "not_in": _membership(False, "none of"),
    "matches": _matches,
    "says": _says,
    "none": _none,
    "gte": _number(operator.ge, ">="),
    "gt": _number(operator.gt, ">"),
    "lte": _number(operator.le, "<="),
    "lt": _number(operator.lt, "<"),
    "before": _date_order("before", operator.lt),
    "after": _date_order("after", operator.gt),
    "on_or_before": _date_order("on_or_before", operator.le),
    "on_or_after": _date_order("on_or_after", operator.ge),
    "max_age_days": _max_age_days,
    "within_days": _within_days,
    "differs_from": _differs_from,
    "same_as": _same_as,
    "within_limit": _within_limit,
}


def _test(name: str, op: str, arg: Any, item: Item, as_of: dt.date) -> str | None:
    """None if the test `op` holds for field `name` of `item`, else the reason it does not."""
    test = TESTS.get(op)
    if test is None:  # the pack schema lists the tests, so only a caller bypassing it gets here
        raise CheckError(f"unknown test {op!r} on {name}; known tests: {', '.join(TESTS)}")
    return test(name, item.fields.get(name), arg, item, as_of)


W = TypeVar("W")


def nearest(ways: Sequence[W], reasons: Callable[[W], Iterable[Hashable]]) -> list[W]:
    """Of ways that all fail, those nearest to holding: a way failing for another's reasons and
    more is left out (what puts the other right is all that is asked), and ways failing for the
    same reasons are said once."""
    sets = [frozenset(reasons(way)) for way in ways]
    kept: list[W] = []
    seen: set[frozenset[Hashable]] = set()
    for way, own in zip(ways, sets, strict=True):
        if own in seen or any(other < own for other in sets):
            continue
        seen.add(own)
        kept.append(way)
    return kept or list(ways)


def evaluate(
    condition: dict[str, Any], item: Item, as_of: dt.date, *, why: bool = True
) -> list[str]:
    """Reasons `condition` does not hold for `item`; an empty list means it holds. With `why`
    false only whether it holds matters (`holds`): a failed `any` or `not` gives a bare reason,
    not the sentence a finding would say."""
    reasons: list[str] = []
    for key, spec in condition.items():
        if key == "all":
            for sub in spec:
                reasons.extend(evaluate(sub, item, as_of, why=why))
        elif key == "any":
            alternatives = [evaluate(sub, item, as_of, why=why) for sub in spec]
            if alternatives and all(alternatives):
                if not why:
                    reasons.append("none of the alternatives holds")
                    continue
                # an alternative for a register that keeps no such column is not this one's
                # way: the reasons are those of the ways that apply
                applied = [a for a in alternatives if not any(r.endswith(KEPT) for r in a)]
                # ... and so is one for rows that leave blank what this row fills in ("no expiry
                # date" beside "expires after the as-of date", on a row with an expiry date)
                applied = [a for a in applied if not any(r.endswith(FILLED) for r in a)] or applied
                alternatives = nearest(applied or alternatives, lambda a: a)
                # of the rest, those with the fewest reasons are nearest to holding
                least = min(len(a) for a in alternatives)
                alternatives = [a for a in alternatives if len(a) == least]
                if len(alternatives) == 1:
                    reasons.extend(alternatives[0])
                else:
                    # the first as the pack gives it, then the others as near as it
                    first, *rest = (", ".join(a) for a in alternatives)
                    also = "the alternative fails" if len(rest) == 1 else "the alternatives fail"
                    reasons.append(f"{first}; {also} too: {'; '.join(rest)}")
        elif key == "not":
            if not evaluate(spec, item, as_of, why=False):
                reasons.append(f"not allowed: {_denied(spec, item)}" if why else "not allowed")
        elif key in item.unread:  # a word the pack does not know: not decided either way
            reasons.append(item.unread[key])
        else:
            for op, arg in spec.items():
                reason = _test(key, op, arg, item, as_of)
                if reason:
                    reasons.append(_as_named(reason, key, item) if why else reason)
    return reasons


def _denied(spec: dict[str, Any], item: Item) -> str:
    """What a row says that a `not` does not allow: a field equal to a word, said as the row
    writes it ("Resultado is 'Não conforme' (read as 'fail')"); else the condition described."""
    if len(spec) == 1:
        ((key, tests),) = spec.items()
        if (
            key not in ("all", "any", "not")
            and isinstance(tests, dict)
            and set(tests)
            <= {
                "equals",
                "in",
            }
        ):
            return _describe(key, item.fields.get(key), item)
    return describe(spec, item.names)


def _as_named(reason: str, name: str, item: Item) -> str:
    """A reason about a field, naming the field as the organization does."""
    own = item.names.get(name)
    if own and reason.startswith(name) and reason[len(name) : len(name) + 1] in (" ", ":"):
        return own + reason[len(name) :]
    return reason


Predicate = Callable[[Item], bool]
_DATE_ORDER = frozenset({"before", "after", "on_or_before", "on_or_after"})


def predicate(condition: dict[str, Any] | None, as_of: dt.date) -> Predicate:
    """`holds(condition, item, as_of)` as a function of the item, worked out once for many items:
    the tests looked up and the date references the condition compares with ("as_of - 90d", a
    literal date) resolved up front, and no reasons put into words (`evaluate` says why an item
    fails, for the few that do)."""
    if condition is None:
        return _always
    return _joined([_predicate_part(key, spec, as_of) for key, spec in condition.items()], True)


def _joined(parts: list[Predicate], every: bool) -> Predicate:
    """The parts of a condition as `all` (`every`) or `any` joins them: the same answers, asked
    in the same order; two parts, the most a condition usually has, without a generator per item."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        if every:
            return lambda item: first(item) and second(item)
        return lambda item: first(item) or second(item)
    if every:
        return lambda item: all(part(item) for part in parts)
    return lambda item: any(part(item) for part in parts)


def _always(item: Item) -> bool:
    return True


def _predicate_part(key: str, spec: Any, as_of: dt.date) -> Predicate:
    if key == "all":
        subs = [predicate(sub, as_of) for sub in spec]
        return _joined(subs, True) if subs else _always
    if key == "any":
        alternatives = [predicate(sub, as_of) for sub in spec]
        if not alternatives:
            return _always
        return _joined(alternatives, False)
    if key == "not":
        inner = predicate(spec, as_of)
        return lambda item: not inner(item)
    tests = [(_lookup(key, op), _fixed(op, arg, as_of)) for op, arg in spec.items()]
    if len(tests) == 1:  # most fields are tested one way
        ((only, argument),) = tests

        def passes(value: Any, item: Item) -> bool:
            return only(key, value, argument, item, as_of) is None

    else:

        def passes(value: Any, item: Item) -> bool:
            return all(test(key, value, arg, item, as_of) is None for test, arg in tests)

    def field(item: Item) -> bool:
        if key in item.unread:  # a word the pack does not know: not decided either way
            return False
        return passes(item.fields.get(key), item)

    if key == "title" or not all(_of_the_value(op, arg) for op, arg in spec.items()):
        return field  # a title's words are read with the document's heading
    # Tests of the value alone give one answer per value: a register's statuses, owners and
    # dates are each tested once, however many rows write them.
    seen: dict[Any, bool] = {}

    def of_value(item: Item) -> bool:
        if key in item.unread:
            return False
        value = item.fields.get(key)
        if type(value) is not str and type(value) is not dt.date:
            return passes(value, item)
        known = seen.get(value)
        if known is None:
            known = passes(value, item)
            if len(seen) < MAX_REMEMBERED_VALUES:
                seen[value] = known
        return known

    return of_value


MAX_REMEMBERED_VALUES = 1 << 16  # distinct values of a field whose answer a predicate keeps
# The tests that read nothing of the item but the field's value (and their argument). Not
# `matches`: a pack's pattern is searched row by row, as the rule's regex budget counts it, so
# that a pattern that backtracks catastrophically errs the same way however the rows repeat.
_OF_THE_VALUE = frozenset(
    {"present", "equals", "not_equals", "in", "not_in", "says", "none", "gte", "gt", "lte", "lt"}
    | {"max_age_days", *_DATE_ORDER}
)


def _of_the_value(op: str, arg: Any) -> bool:
    """Whether test `op` with `arg` reads the field's value alone (not another field's)."""
    if isinstance(arg, dict):  # max_age_days with its own period in another field
        return False
    if op == "present" and arg in (IF_KEPT, NOT_KEPT):  # whether the row has the column at all
        return False
    if op in _DATE_ORDER:
        return not (isinstance(arg, str) and arg.strip().startswith(("field:", "from:")))
    if op in _COMPARISONS and isinstance(arg, str):  # another field's number
        return False
    return op in _OF_THE_VALUE


def _lookup(name: str, op: str) -> Test:
    test = TESTS.get(op)
    if test is not None:
        return test

    def unknown(*_: Any) -> str | None:  # raised where `evaluate` raises: on an item, if any
        raise CheckError(f"unknown test {op!r} on {name}; known tests: {', '.join(TESTS)}")

    return unknown


def _fixed(op: str, arg: Any, as_of: dt.date) -> Any:
    """A date order's reference that is the same for every item, as the date it is."""
    if op not in _DATE_ORDER or not isinstance(arg, str) or arg.startswith(("field:", "from:")):
        return arg
    match = _REF.match(arg.strip())
    if match:
        sign, days = match.groups()
        return shift(as_of, -int(days or 0) if sign == "-" else int(days or 0))
    try:
        return to_date(arg)
    except BadDate:
        return arg  # said per item, as it always was


def condition_fields(condition: dict[str, Any] | None) -> set[str]:
    """The fields a condition reads."""
    if not condition:
        return set()
    found: set[str] = set()
    for key, spec in condition.items():
        if key in ("all", "any"):
            for sub in spec:
                found |= condition_fields(sub)
        elif key == "not":
            found |= condition_fields(spec)
        else:
            found.add(key)
            found.update(_other_fields(spec))
    return found


def _other_fields(spec: dict[str, Any]) -> set[str]:
    """The fields besides its own that a field's tests read (a period's field, a number's or a
    date's to compare with, a field it must equal or differ from)."""
    other: set[str] = set()
    for op, arg in spec.items():
        if isinstance(arg, dict) and isinstance(arg.get("every"), str):
            other.add(arg["every"])
        elif op in ("same_as", "differs_from", "within_limit") and isinstance(arg, str):
            other.add(arg)
        elif op in _COMPARISONS and (ref := number_ref(arg)) is not None:
            other.add(ref[0])
        elif op in _DATE_ORDER and isinstance(arg, str) and arg.strip().startswith("field:"):
            other.add(arg.strip()[len("field:") :])
    return other


def holds(condition: dict[str, Any] | None, item: Item, as_of: dt.date) -> bool:
    return condition is None or not evaluate(condition, item, as_of, why=False)


def describe(
    condition: dict[str, Any],
    names: Mapping[str, str] | None = None,
    words: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """A condition in plain words, for messages and `isocheck explain`: "status is 'open' and
    next_due is on or after the as-of date", never the condition language itself; a field under
    the organization's name for it where `names` gives one, and a word of the pack's as the
    organization writes it where `words` gives one (column -> the pack's word, folded -> theirs)."""
    parts = []
    for key, spec in condition.items():
        if key == "all":
            parts.append(_all_of([describe(s, names, words) for s in spec]))
        elif key == "any":
            alternatives = [describe(s, names, words) for s in spec]
            parts.append(
                alternatives[0]
                if len(alternatives) == 1
                else "either "
                + ", or ".join(
                    f"({a})" if " and " in a or a.startswith("either ") else a for a in alternatives
                )
            )
        elif key == "not":
            parts.append(f"not ({describe(spec, names, words)})")
        else:
            name = names.get(key, key) if names else key
            theirs = words.get(key) if words else None
            parts.append(
                " and ".join(
                    _describe_test(name, op, _in_their_words(op, arg, theirs) if theirs else arg)
                    for op, arg in spec.items()
                )
            )
    return _all_of(parts)


def _in_their_words(op: str, arg: Any, theirs: Mapping[str, str]) -> Any:
    """The words a test names, as the organization writes them where it maps one to them."""
    if op in ("equals", "not_equals") and isinstance(arg, str):
        return theirs.get(arg.casefold(), arg)
    if op in ("in", "not_in") and isinstance(arg, list):
        return [theirs.get(a.casefold(), a) if isinstance(a, str) else a for a in arg]
    return arg


def _all_of(parts: list[str]) -> str:
    """Conditions that all hold, in words; alternatives among them in parentheses ("(either
    status is 'active', or ...) and (either left_on is empty, or ...)")."""
    if len(parts) < 2:
        return "".join(parts)
    return " and ".join(f"({p})" if p.startswith("either ") else p for p in parts)


MAX_PHRASES_SHOWN = 3  # of the phrases a field must say, those a message names


def _quoted(values: Any) -> str:
    items = values if isinstance(values, list) else [values]
    return ", ".join(repr(text_of(v)) for v in items)


def _date_words(ref: Any) -> str:
    """A date reference in words: as_of-30d is "30 days before the as-of date"."""
    if isinstance(ref, str):
        match = _REF.match(ref.strip())
        if match:
            sign, days = match.groups()
            if not days or int(days) == 0:
                return "the as-of date"
            unit = "day" if int(days) == 1 else "days"
            return f"{days} {unit} {'before' if sign == '-' else 'after'} the as-of date"
        if ref.startswith("field:"):
            return ref[len("field:") :]
        if ref.startswith("from:"):
            return f"the referring item's {ref[len('from:') :]}"
    return text_of(ref)


_COMPARISONS = {"gte": "at least", "gt": "more than", "lte": "at most", "lt": "less than"}
_DATES = {
    "before": "before",
    "after": "after",
    "on_or_before": "on or before",
    "on_or_after": "on or after",
}


def _describe_test(name: str, op: str, arg: Any) -> str:
    if op == "present":
        if arg == IF_KEPT:
            return f"{name} is filled in, where the register keeps it"
        if arg == NOT_KEPT:
            return f"the register keeps no {name} column"
        return f"{name} is filled in" if arg else f"{name} is empty"
    if op == "equals":
        return f"{name} is {_quoted(arg)}"
    if op == "not_equals":
        return f"{name} is not {_quoted(arg)}"
    if op == "in":
        return f"{name} is one of {_quoted(arg)}"
    if op == "not_in":
        return f"{name} is none of {_quoted(arg)}"
    if op == "matches":
        return f"{name} is {arg['is']}" if isinstance(arg, dict) else f"{name} matches {arg!r}"
    if op == "none":
        return f"{name} is an answer of none" if arg else f"{name} is no answer of none"
    if op == "says":
        if len(arg) == 1:
            return f"{name} says {_quoted(arg)}"
        # a topic's phrases in every language it knows: its first few say what it is about
        others = _quoted(arg[1:MAX_PHRASES_SHOWN]) + (
            ", ..." if len(arg) > MAX_PHRASES_SHOWN else ""
        )
        return f"{name} says {_quoted(arg[0])} (or {others})"

    if op in _COMPARISONS:
        ref = number_ref(arg)
        if ref is not None:
            return f"{name} is {_COMPARISONS[op]} {_number_ref_words(*ref)}"
        return f"{name} is {_COMPARISONS[op]} {text_of(arg)}"
    if op in _DATES:
        return f"{name} is {_DATES[op]} {_date_words(arg)}"
    if op == "max_age_days":
        if isinstance(arg, dict):
            days = arg.get("days")
            default = (
                "else of any age"
                if days == NEVER
                else f"else within the {text_of(days)} days before the as-of date"
            )
            return f"{name} is within the period {arg.get('every')} sets, {default}"
        if arg == NEVER:
            return f"{name} is a date on or before the as-of date (of any age)"
        return f"{name} is within the {text_of(arg)} days before the as-of date"
    if op == "within_days" and isinstance(arg, dict):
        return f"{name} is at most {text_of(arg.get('days'))} days after {arg.get('of')}"
    if op == "differs_from":
        return f"{name} differs from {arg}"
    if op == "same_as":
        return f"{name} is the same as {arg}"
    if op == "within_limit":
        return f"{name} does not say the result is outside its limit ({arg})"
    return f"{name} {op} {text_of(arg)}"  # a test added later, described plainly


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
                "present": {
                    "description": (
                        "filled in (true), empty (false), filled in where the register keeps "
                        "such a column at all ('if kept'), or a row of a register that keeps no "
                        "such column ('not kept')"
                    ),
                    "oneOf": [{"type": "boolean"}, {"const": IF_KEPT}, {"const": NOT_KEPT}],
                },
                "equals": {"type": ["string", "number", "boolean"]},
                "not_equals": {"type": ["string", "number", "boolean"]},
                "in": {"type": "array", "minItems": 1},
                "not_in": {"type": "array", "minItems": 1},
                "matches": {
                    "oneOf": [
                        {"type": "string", "format": "regex"},
                        {
                            "type": "object",
                            "description": "the pattern, and what a value matching it is in "
                            "plain words, for messages",
                            "properties": {
                                "pattern": {"type": "string", "format": "regex"},
                                "is": {"type": "string", "minLength": 1},
                            },
                            "required": ["pattern", "is"],
                            "additionalProperties": False,
                        },
                    ]
                },
                "says": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "minLength": 1},
                    "description": (
                        "phrases or the pack's topics, one of which the field must say (on "
                        "words, as contains reads documents; the profile's phrases: add the "
                        "organization's own)"
                    ),
                },
                "none": {
                    "type": "boolean",
                    "description": (
                        "the field answers none in words ('None', 'keine', 'n/a', 'nav', "
                        "'Neatbilstību nav'; true), or does not (false)"
                    ),
                },
                "gte": {"$ref": "#/$defs/numberRef"},
                "gt": {"$ref": "#/$defs/numberRef"},
                "lte": {"$ref": "#/$defs/numberRef"},
                "lt": {"$ref": "#/$defs/numberRef"},
                "before": {"$ref": "#/$defs/dateRef"},
                "after": {"$ref": "#/$defs/dateRef"},
                "on_or_before": {"$ref": "#/$defs/dateRef"},
                "on_or_after": {"$ref": "#/$defs/dateRef"},
                # "never": a date of any age (a threshold the profile set to never)
                "max_age_days": {
                    "oneOf": [
                        {"$ref": "#/$defs/days"},
                        {
                            "type": "object",
                            "description": (
                                "a row whose `every` field says how often (annual, every 2 "
                                "years, 90 days) is held to that period, the others to `days`"
                            ),
                            "required": ["days", "every"],
                            "additionalProperties": False,
                            "properties": {
                                "days": {"$ref": "#/$defs/days"},
                                "every": {"type": "string", "minLength": 1},
                            },
                        },
                    ]
                },
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
                "within_limit": {"type": "string", "minLength": 1},
            },
        },
        "days": {"oneOf": [{"type": "integer", "minimum": 0}, {"const": NEVER}]},
        "numberRef": {
            "oneOf": [
                {"type": "number"},
                {
                    "type": "string",
                    "description": (
                        "another field's number, with a margin if any: field:baseline_value, "
                        "field:baseline_value+5%, field:limit-2"
                    ),
                    "pattern": _NUMBER_REF.pattern,
                },
            ]
        },
        "dateRef": {
            "type": "string",
            "anyOf": [
                {"pattern": r"^as_of(\s*[+-]\s*\d+\s*d)?$"},
                {"pattern": "^field:.+$"},
                {"pattern": "^from:.+$"},
                {"format": "date"},
            ],
        },
    }
}


@lru_cache(maxsize=1)
def _condition_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = {"$ref": "#/$defs/condition", **CONDITION_SCHEMA}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def condition_errors(condition: Any) -> list[Any]:
    """Why `condition` is not one (jsonschema errors, in path order); empty if it is."""
    return sorted(_condition_validator().iter_errors(condition), key=lambda e: list(e.path))
