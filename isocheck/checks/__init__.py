"""The check framework: a registry of named, declarative checks and the context they run in.

A check is a function `(ctx, params) -> CheckResult` with a JSON Schema for its parameters. Built-in
checks (one module per family: `isocheck.checks.builtin` lists them) and third-party ones register
the same way, through the `isocheck_register_checks` hook: `register` with a hand-written schema and
a mapping of parameters, or `register_typed` with a frozen dataclass, whose schema is generated
(`isocheck.checks.params`) and an instance of which the check receives. A check reports what is
wrong as `Violation`s naming the evidence file, line and field; it never uses `assert`, and it
raises `CheckError` only when it cannot run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, is_dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from isocheck.checks.params import build, schema_of
from isocheck.conditions import CONDITION_SCHEMA, condition_fields, predicate
from isocheck.errors import CheckError, RegistrationClash
from isocheck.evidence import Item, Resolved
from isocheck.meaning import PhraseTable
from isocheck.model import Attestations, EvidenceRef

# jsonschema is imported where parameters are validated: a run whose plan is read back from the
# cache (isocheck.plancache) validates none, and importing it was a tenth of a second.
if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@dataclass(frozen=True)
class Violation:
    """One thing wrong, at one place in the evidence (or nowhere, when evidence is missing).

    `code` says what kind of thing is wrong (see CODES); code, not message text, is what isocheck
    decides on (`headline`). Two violations with the same message and place are the same one,
    whatever their codes: the engine reports each once.
    """

    message: str
    ref: EvidenceRef | None = None
    code: str = field(default="wrong", compare=False)
    # How many faults it stands for: the values a coverage lacks, the violations "and N more"
    # leaves unlisted. An `any_of` whose ways all fail follows the one with the fewest.
    count: int = field(default=1, compare=False)

    def __str__(self) -> str:
        return f"{self.ref}: {self.message}" if self.ref else self.message


# The codes of the built-in checks' violations. A plugin may use these or codes of its own.
CODES: dict[str, str] = {
    # the evidence cannot be read
    "unreadable": "a file that matched cannot be read as evidence",
    "malformed": "an item cannot be read like the others (a ragged row)",
    "unknown-value": "a cell holds a word the pack does not know in a column whose values it "
    "knows; the profile's values: says what it means",
    # evidence is missing
    "missing": "the evidence type has no item at all",
    "too-few": "fewer items than required",
    # the evidence says something wrong
    "none-matching": "the evidence type has items, but none the check can use (none satisfies "
    "`where`, or none has a date before the as-of date)",
    "too-many": "more items than allowed",
    "empty": "a field that must hold a date or a reference is empty",
    "bad-date": "a date cannot be read: not YYYY-MM-DD, nor in the format the profile gives",
    "missing-field": "required fields are missing or empty",
    "schema": "an item does not match the pack's JSON Schema",
    "not-approved": "a document is not approved",
    "self-approved": "a document is approved by its own owner (or the field named instead)",
    "wrong-status": "a document's status is not the one required",
    "review-overdue": "a document's review date has passed",
    "future-date": "a date that records an event is after the as-of date",
    "not-yet": "every date is after the as-of date: nothing has happened yet",
    "stale": "the last date is too long ago",
    "gap": "two consecutive dates are too far apart",
    "open-too-long": "an item is still open after the days allowed",
    "closed-late": "an item was closed after the days allowed",
    "closed-before-opened": "an item's closing date is before its opening date",
    "missing-section": "a document has no section with the heading asked for",
    "missing-text": "a document lacks phrases or headings",
    "unmet": "an item does not satisfy the condition required",
    "not-kept": "a register row fails the condition (or no row matches one) only on fields the "
    "register keeps no column for at all",
    "share": "the share of items satisfying a condition is out of bounds",
    "not-covered": "values that must appear in a column do not",
    "late": "a new starter's first item (an induction) came more days after joining than allowed",
    "bad-period": "a cell that must say how often something is done says no period",
    "unknown-reference": "a value refers to nothing in the target column",
    "excluded": "a value names one of the values another column says it must not (a leaver)",
    "duplicate": "a value that must be unique appears again",
    "not-independent": "whoever did something is responsible for what it covers",
    "not-held": "a person does not hold something their role needs",
    "lapsed": "a licence or certificate a person needs lapsed and no renewal is recorded",
    "not-authorised": "whoever decided lacks the authority the criteria set for the item's level",
    "unknown-authority": "a band of the criteria names an authority that is no known role",
    "no-band": "an item's level is above every band of the organization's criteria",
    "obsolete-revision": "a record cites a document revision that was not in force when it was made",
    "missed-audit": "a certification audit is missing from the cycle",
    "not-attested": "a control that must be attested has no attestation",
    "expired": "the latest attestation of a control is past its renewal period or its expiry date",
    "unsigned": "an attestation that must be signed has no signature next to it",
    "bad-signature": "an attestation's signature is not valid: the file changed after it was "
    "signed, or it was signed with another key, for another namespace or by someone the "
    "allowed-signers file does not list under the name the attestation gives",
    "no-signers": "signatures cannot be verified against the profile's allowed-signers file: it "
    "names none, or the file cannot be read",
    "under-sampled": "a certification audit of a multi-site organization visited fewer sites than "
    "IAF MD 1 requires, or not its central function",
    "holds": "a check that must not hold (`not`) holds",
    "wrong": "something else is wrong (the code of a Violation made without one)",
    # not a problem of its own
    "more": "the count of violations not listed",
}

# Which violations lead a failed rule's message, most relevant first; see `headline`.
RELEVANCE: tuple[frozenset[str], ...] = (
    frozenset({"unreadable", "malformed", "unknown-value"}),
    frozenset({"missing", "too-few"}),
)
_SUMMARY = frozenset({"more"})


def relevance(violation: Violation) -> int:
    """0 for violations of unreadable evidence, 1 for missing evidence, 2 for the evidence saying
    something wrong (every other code, a plugin's own included), 3 for the "... and N more" line."""
    for rank, codes in enumerate(RELEVANCE):
        if violation.code in codes:
            return rank
    return len(RELEVANCE) + (violation.code in _SUMMARY)


def headline(violations: Sequence[Violation]) -> Violation:
    """The violation a failed rule's message leads with, like jsonschema's `best_match`: the first
    of the most relevant kind, in this order:

    1. the evidence cannot be read (`unreadable`, `malformed`): nothing else about it can be
       trusted, and the organization must fix the file before anything else;
    2. evidence is missing (`missing`, `too-few`): the gap that makes other findings moot;
    3. the evidence says something wrong (every other code, `none-matching` too: the evidence
       is there, but no item is of the kind the check asks for);
    4. the count of violations not listed (`more`), which never explains a failure by itself.

    Within a kind, the first found leads: the rule's checks in order, each check's items in order.
    """
    if not violations:
        raise ValueError("no violations: a rule that holds has no headline")
    return min(enumerate(violations), key=lambda pair: (relevance(pair[1]), pair[0]))[1]


@dataclass
class CheckResult:
    violations: list[Violation] = field(default_factory=list)
    consulted: list[EvidenceRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "x.csv: encoding: cp1252"

    @property
    def ok(self) -> bool:
        return not self.violations

    def extend(self, other: CheckResult) -> None:
        self.violations.extend(other.violations)
        self.consulted.extend(other.consulted)
        self.notes.extend(other.notes)

    def copy(self) -> CheckResult:
        return CheckResult(list(self.violations), list(self.consulted), list(self.notes))


# Items of an evidence type chosen by a condition, as `CheckContext.items` gives them, kept for
# the rules after the first that choose the same way: (id of the evidence resolved, the
# condition as written) -> (the items, their result); and what checks work out from such items
# (`CheckContext.kept`): (id of the evidence resolved, the condition as written, what) -> it.
# Its owner keeps the evidence alive as long.
Selections = dict[tuple[Any, ...], Any]


CheckFunction = Callable[["CheckContext", Any], CheckResult]
P = TypeVar("P")
A = TypeVar("A")
V = TypeVar("V")

# What checks asked of their context besides evidence, with the answers they got: ("phrases",
# wanted), ("clauses",), ("excluded",) or ("topics",) -> the answer.
Asked = dict[tuple[str, ...], Any]


def answered_alike(
    asked: Asked,
    topics: PhraseTable,
    clauses: Sequence[str],
    excluded: Sequence[str],
    general: Sequence[str] = (),
    standard: str = "",
) -> bool:
    """Whether a context with these topics, clauses (the general ones among them), exclusions and
    standard answers every question in `asked` as it was answered."""
    for question, answer in asked.items():
        kind = question[0]
        if kind == "standard":
            same = standard == answer
        elif kind == "phrases":
            same = topics.saying(question[1]) == answer
        elif kind == "clauses":
            same = tuple(clauses) == answer
        elif kind == "general":
            same = tuple(general) == answer
        elif kind == "excluded":
            same = tuple(excluded) == answer
        else:  # the whole table
            same = topics == answer and topics.own == answer.own
        if not same:
            return False
    return True


# A nested check, as combinators take them: {name: parameters}. Its parameters are validated by the
# registry (`CheckRegistry.validate` recurses); the pack schema replaces this by one that knows
# every check's parameters.
CHECK_SCHEMA: dict[str, Any] = {"type": "object", "minProperties": 1, "maxProperties": 1}

# Definitions every check's parameter schema may refer to ("#/$defs/condition", "#/$defs/check").
SHARED_DEFS: dict[str, Any] = {**CONDITION_SCHEMA["$defs"], "check": CHECK_SCHEMA}


@dataclass(frozen=True)
class CheckDef:
    name: str
    function: CheckFunction
    schema: dict[str, Any]  # as registered, with the shared definitions added
    summary: str
    nested: str | None  # "list" or "single" for combinators whose parameters are checks
    parameters: dict[str, Any] = field(default_factory=dict)  # the schema as registered

    @cached_property
    def validator(self) -> Draft202012Validator:
        """The validator of the check's parameters, built on first use."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


MAX_KEPT_PROBLEMS = 100_000  # checks' parameters whose problems a registry keeps


class CheckRegistry:
    """Name -> check. Registering a name twice is an error. Parameter validators are built once."""

    def __init__(self, owner: Callable[[], str | None] | None = None) -> None:
        """`owner()` names the plugin that is registering (the host reads it off the stack), so
        that a clash can name both plugins."""
        self._checks: dict[str, CheckDef] = {}
        self._owner = owner
        self._owners: dict[str, str | None] = {}
        # (check, its parameters as written) -> their problems: a pack extending another has
        # the same checks validated once, not once per pack
        self._problems: dict[tuple[str, str], list[ParameterProblem]] = {}

    def register(
        self,
        name: str,
        function: CheckFunction,
        schema: dict[str, Any],
        *,
        summary: str = "",
        nested: str | None = None,
        _generated: bool = False,
    ) -> None:
        """Register `function(ctx, params)`, whose `params` (a mapping, or whatever JSON value the
        schema allows) are validated against `schema` when a pack is loaded."""
        if name in self._checks:
            raise RegistrationClash(f"check {name!r} is registered twice", self._owners[name])
        # Check a plugin's own schema against the metaschema. The shared condition definitions
        # and the schemas isocheck generates from typed parameters are isocheck's (tested once,
        # tests/unit/test_check_parameter_schemas.py): checking them on every start cost 0.3 s.
        if not _generated:
            from jsonschema import Draft202012Validator

            Draft202012Validator.check_schema(schema)
        full = {**schema, "$defs": {**SHARED_DEFS, **schema.get("$defs", {})}}
        self._checks[name] = CheckDef(name, function, full, summary, nested, schema)
        self._problems.clear()  # a nested check may name the one registered now
        self._owners[name] = self._owner() if self._owner else None

    def register_typed(
        self,
        name: str,
        function: Callable[[CheckContext, P], CheckResult],
        params: type[P],
        *,
        summary: str = "",
    ) -> None:
        """Register `function(ctx, params)` whose parameters are the frozen dataclass `params`:
        the JSON Schema is generated from it (`isocheck.checks.params.schema_of`), and the
        function receives an instance, built from the pack's validated mapping."""
        if not (is_dataclass(params) and isinstance(params, type)):
            raise TypeError(f"check {name!r}: {params!r} is not a dataclass")

        def run(ctx: CheckContext, raw: Any) -> CheckResult:
            return function(ctx, build(params, raw))

        self.register(name, run, schema_of(params), summary=summary, _generated=True)

    def get(self, name: str) -> CheckDef | None:
        return self._checks.get(name)

    def names(self) -> list[str]:
        return sorted(self._checks)

    def all(self) -> list[CheckDef]:
        """Every check, by name."""
        return [self._checks[name] for name in self.names()]

    def problems(self, name: str, params: Any) -> list[ParameterProblem]:
        """Problems with one check's parameters, nested checks' included, each with its path
        below the check and its code: `unknown-check`, `not-a-check` (a nested check that is not
        {name: parameters}) or `invalid` (the schema rejects the value; `keyword` says which of
        its keywords)."""
        key = (name, repr(params))
        known = self._problems.get(key)
        if known is None:
            known = self._find_problems(name, params)
            if len(self._problems) < MAX_KEPT_PROBLEMS:
                self._problems[key] = known
        return list(known)

    def _find_problems(self, name: str, params: Any) -> list[ParameterProblem]:
        check = self._checks.get(name)
        if check is None:
            message = f"unknown check {name!r}; known checks: {', '.join(self.names())}"
            return [ParameterProblem((), message, "unknown-check")]
        from jsonschema.exceptions import best_match

        errors = sorted(check.validator.iter_errors(params), key=lambda e: list(e.path))
        problems: list[ParameterProblem] = []
        for error in errors:
            best = best_match([error]) if error.context else error
            missing: tuple[str, ...] = ()
            if best.validator == "required" and isinstance(best.instance, dict):
                missing = tuple(n for n in best.validator_value if n not in best.instance)
            problems.append(
                ParameterProblem(
                    tuple(error.path),
                    f"{name}: {best.message}",
                    "invalid",
                    str(best.validator),
                    missing,
                )
            )
        if problems or check.nested is None:
            return problems
        children = params if check.nested == "list" else [params]
        for i, child in enumerate(children):
            prefix: tuple[str | int, ...] = (i,) if check.nested == "list" else ()
            if not isinstance(child, dict) or len(child) != 1:
                message = f"{name}: each check is a mapping {{name: parameters}}"
                problems.append(ParameterProblem(prefix, message, "not-a-check"))
                continue
            ((child_name, child_params),) = child.items()
            for problem in self.problems(child_name, child_params):
                problems.append(replace(problem, path=(*prefix, child_name, *problem.path)))
        return problems

    def validate(self, name: str, params: Any) -> list[tuple[tuple[str | int, ...], str]]:
        """Problems with one check's parameters: (path below the check, message). Recursive."""
        return [(problem.path, problem.message) for problem in self.problems(name, params)]


@dataclass(frozen=True)
class ParameterProblem:
    """One problem with a check's parameters, found by `CheckRegistry.problems`."""

    path: tuple[str | int, ...]  # below the check's name
    message: str  # starts with the name of the check whose parameters are wrong
    code: str  # "unknown-check", "not-a-check" or "invalid"
    keyword: str | None = None  # for "invalid": the schema keyword that rejects the value
    missing: tuple[str, ...] = ()  # for keyword "required": the parameters left out


def split_check(spec: Any) -> tuple[str, Any]:
    """{name: params} -> (name, params)."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise CheckError(f"a check must be a mapping with one key, got {spec!r}")
    ((name, params),) = spec.items()
    return str(name), params


class CheckContext:
    """What a check may see: the as-of date, the evidence types of its pack, and other checks."""

    def __init__(
        self,
        as_of: dt.date,
        resolve: Callable[[str], Resolved],
        registry: CheckRegistry,
        topics: Mapping[str, Sequence[str]] | PhraseTable | None = None,
        clauses: Sequence[str] = (),
        excluded: Sequence[str] = (),
        selections: Selections | None = None,
        *,
        read: Callable[[str, int], bytes] | None = None,
        attestations: Attestations | None = None,
        root: Path | None = None,
        general: Sequence[str] = (),
        standard: str = "",
        kept_elsewhere: Collection[str] = (),
    ) -> None:
        """`topics`: a topic of the pack, or a phrase, -> the phrases that say it (the pack's
        topics with the profile's own wording added; see `phrases`). `clauses`: the clause
        numbers of the pack, in its order. `excluded`: the clauses the profile declares not
        applicable (its `exclusions:` for the pack's standard). `selections`: where the items
        chosen by a condition are kept for the next check that chooses them the same way (a
        session's, shared by its rules). `read(path, max_bytes)`: the bytes of a file of the
        evidence folder that is no evidence type's (a signature), read confined; raises
        `isocheck.confined.ConfinedError`. `attestations`: how the profile says attestations are
        verified. `root`: the evidence folder, which nothing a check runs may write into.
        `general`: the clauses among `clauses` that open their parent in general terms.
        `standard`: the standard the rule is evaluated for (an integrated register's cell may
        say which of its clauses are whose). `kept_elsewhere`: the evidence types the profile
        says are kept outside the folder (its kept_in)."""
        self.as_of = as_of
        self.read = read
        self.attestations = attestations or Attestations()
        self.root = root
        self._resolve = resolve
        self.registry = registry
        self._topics = topics if isinstance(topics, PhraseTable) else PhraseTable(topics or {})
        self._clauses = tuple(clauses)
        self._general = tuple(general)
        self._standard = standard
        self._excluded = tuple(excluded)
        self._schema_validators: dict[str, Draft202012Validator] = {}
        self._selections = selections
        self.touched: set[str] = set()  # the evidence types the checks looked at
        self.kept_elsewhere = frozenset(kept_elsewhere)
        # what the checks asked of the pack and the profile besides evidence, and the answers
        # (see `Asked`): a result holds wherever the same questions get the same answers
        self.asked: Asked = {}

    def kept_outside(self, names: Collection[str]) -> bool:
        """Whether the evidence types `names` found nothing of in the folder are all kept
        outside it (the profile's kept_in), and there is at least one."""
        empty = [n for n in names if not (found := self._resolve(n)).items and not found.broken]
        return bool(empty) and all(n in self.kept_elsewhere for n in empty)

    @property
    def topics(self) -> PhraseTable:
        """The pack's topics with the profile's wording (prefer `phrases`, which asks less)."""
        return self._ask(("topics",), self._topics)

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clause numbers of the pack, in its order."""
        return self._ask(("clauses",), self._clauses)

    @property
    def general_clauses(self) -> tuple[str, ...]:
        """The pack's clauses that open their parent in general terms ("7.1.1 Resources -
        general"): the parent is covered by its other subclauses."""
        return self._ask(("general",), self._general)

    @property
    def standard(self) -> str:
        """The standard the rule is evaluated for ("iso27001-2022")."""
        return self._ask(("standard",), self._standard)

    @property
    def excluded(self) -> tuple[str, ...]:
        """The clauses the profile declares not applicable for the pack's standard."""
        return self._ask(("excluded",), self._excluded)

    def _ask(self, question: tuple[str, ...], answer: A) -> A:
        self.asked[question] = answer
        return answer

    def evidence(self, name: str) -> Resolved:
        self.touched.add(name)
        return self._resolve(name)

    def phrases(self, wanted: str) -> Sequence[str]:
        """The phrases that say `wanted`: a topic's, or the phrase itself with the
        organization's own wording of it."""
        return self._ask(("phrases", wanted), self._topics.saying(wanted))

    def items(
        self, name: str, where: dict[str, Any] | None = None
    ) -> tuple[list[Item], CheckResult]:
        """Items of an evidence type that match `where`, and violations for unreadable files and
        malformed rows among them (a broken file is the organization's problem, so it is reported)."""
        self.touched.add(name)
        resolved = self._resolve(name)
        key = (id(resolved), repr(where))
        kept = self._selections.get(key) if self._selections is not None else None
        if kept is not None:
            return list(kept[0]), kept[1].copy()
        chosen, result = self._choose(resolved, where)
        if self._selections is not None:
            self._selections[key] = (chosen, result.copy())
            return list(chosen), result
        return chosen, result

    def kept(
        self, name: str, where: dict[str, Any] | None, what: tuple[Any, ...], make: Callable[[], V]
    ) -> V:
        """`make()`, worked out from the items of `name` matching `where` (as `items` gives
        them) and kept for the checks after the first that ask with the same `what`; it must
        not be changed by whoever gets it. `what` names what `make` works out, and from which of
        the items' fields (a column, its separator)."""
        self.touched.add(name)
        if self._selections is None:
            return make()
        key = (id(self._resolve(name)), repr(where), *what)
        if key not in self._selections:
            self._selections[key] = make()
        return cast(V, self._selections[key])

    def _choose(
        self, resolved: Resolved, where: dict[str, Any] | None
    ) -> tuple[list[Item], CheckResult]:
        result = CheckResult()
        for broken in resolved.broken:
            ref = EvidenceRef(
                broken.path, broken.error_line, broken.sha256 or None, broken.error_place
            )
            result.violations.append(
                Violation(f"cannot be read as evidence: {broken.error}", ref, code="unreadable")
            )
            result.consulted.append(ref)
        for parsed in resolved.files:
            result.consulted.append(EvidenceRef(parsed.path, None, parsed.sha256))
            result.notes.extend(f"{parsed.path}: {note}" for note in parsed.notes)
        test = predicate(where, self.as_of)
        chosen = [item for item in resolved.items if test(item)]
        # An item whose word in a column `where` reads is unknown is neither in nor out: say so.
        read = condition_fields(where)
        for item in resolved.items if read else ():
            if not item.unread:  # nearly every item reads all its words
                continue
            for column in sorted(read & item.unread.keys()):
                result.violations.append(
                    Violation(item.unread[column], item.where(column), code="unknown-value")
                )
        for item in chosen:
            if item.problem:
                result.violations.append(Violation(item.problem, item.ref, code="malformed"))
        if read and not chosen and resolved.items and resolved.type.kind == "table":
            # A column the condition reads that no row has leaves the rule checking nobody: no
            # nonconformity (a pack's optional column may be absent by design), but said in the
            # finding, never silent.
            title, name = resolved.type.title, resolved.type.name
            for column in sorted(read):
                if all(column not in item.fields for item in resolved.items):
                    paths = ", ".join(dict.fromkeys(item.ref.path for item in resolved.items))
                    result.notes.append(
                        f"{title} has no column {column!r} ({paths}): no row is taken as "
                        f"meeting a condition on it; if your register says it in a column of "
                        f"its own, map it in the profile (evidence: {name}: columns: "
                        f"{{{column}: 'your column'}})"
                    )
        return chosen, result

    def run(self, spec: Any) -> CheckResult:
        """Run a nested check given as {name: params} (used by all_of, any_of, not)."""
        name, params = split_check(spec)
        check = self.registry.get(name)
        if check is None:
            raise CheckError(f"unknown check {name!r}")
        return check.function(self, params)

    def json_validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        """A validator for an item schema given in a pack, built once per schema per run."""
        key = json.dumps(schema, sort_keys=True, default=str)
        validator = self._schema_validators.get(key)
        if validator is None:
            from jsonschema import Draft202012Validator

            validator = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            self._schema_validators[key] = validator
        return validator


def label(item: Item) -> str:
    """How to name an item in a message: its id, name or first field, and where it is. The
    field keeps the pack's name (the item's fields in the message take the organization's): a
    baseline knows a nonconformity again by the item it names (`isocheck.baseline`)."""
    for key in ("id", "ref", "reference", "code", "control", "number", "name", "title"):
        value = item.fields.get(key)
        if value not in (None, ""):
            return f"{key} {value}"
    for key, value in item.fields.items():
        if value not in (None, ""):
            return f"{key} {value}"
    return "item"


def split_outside(text: str, between: str | re.Pattern[str]) -> list[str]:
    """`text` split where `between` (a separator, or a pattern) stands outside parentheses: a
    remark is part of the value it follows ("Executive Board (EB minute 26/031)" is one value
    split on "/", "Daniel Okafor (Head of Information Security & Compliance)" one person)."""
    if isinstance(between, str):
        if "(" not in text or between in "()":
            return text.split(between)
        found = re.finditer(re.escape(between), text)
    else:
        found = between.finditer(text)
    parts, start, depth, at = [], 0, 0, 0
    for match in found:
        depth += text.count("(", at, match.start()) - text.count(")", at, match.start())
        at = match.start()
        if depth <= 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


# A list a pack separates with commas may be written with semicolons, as spreadsheet cells list
# ("1200031874521; 1200031901237")
_COMMA_LIST = re.compile(r"[,;]")


def values_of(item: Item, column: str, separator: str | None) -> list[str]:
    """The values of a column: split on `separator` for multi-valued cells (a comma, or a
    semicolon where the pack says a comma), and from YAML lists."""
    value = item.fields.get(column)
    if type(value) is str:  # nearly every cell: its text, or its parts, without the loop below
        if not separator:
            text = value.strip()
            return [text] if text else []
        between = _COMMA_LIST if separator == "," else separator
        return [text for part in split_outside(value, between) if (text := part.strip())]
    if value is None:
        return []
    if isinstance(value, list):
        raw: Iterable[Any] = value
    elif separator:
        raw = str(value).split(separator)
    else:
        raw = [value]
    out = []
    for v in raw:
        text = v.isoformat() if isinstance(v, dt.date) else str(v).strip()
        if text:
            out.append(text)
    return out
