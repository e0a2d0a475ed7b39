"""The engine: profile + packs -> plan -> evidence index -> one Finding per rule. No pytest here.

`plan()` decides which rules apply (standards, stage, exclusions, waivers, thresholds) and reports
every problem in the profile with its line. `Plan.evaluate(planned)` evaluates one rule; `evaluate()`
does it all for callers that do not use pytest.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import math
import re
import traceback
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from isocheck import plancache
from isocheck.baseline import fault_key
from isocheck.checks import (
    Asked,
    CheckContext,
    CheckRegistry,
    CheckResult,
    Selections,
    Violation,
    answered_alike,
    headline,
)
from isocheck.completion import (
    FIRST_REVISION,
    LOCATION,
    REGISTER,
    REVIEW_DATES,
    REVIEWED_ON,
    RegisterIndex,
    from_document_register,
    latest_of_each,
    located,
    looked_up,
    numbered,
    read_with,
    register_index,
    reviewed_in,
)
from isocheck.conditions import holds, is_empty, regex_budget, text_of
from isocheck.confined import ConfinedError, ConfinedRoot
from isocheck.errors import CheckError, InputError, PluginError, Problem, UsageError, did_you_mean
from isocheck.evidence import (
    EvidenceIndex,
    Item,
    Resolved,
    from_profile,
    header_words,
    resolve_evidence,
)
from isocheck.meaning import PhraseTable, fold
from isocheck.model import (
    DOCUMENT_CONTROL_FIELDS,
    NEVER,
    NOT_ASSESSED,
    PROFILE_NAME,
    Attestations,
    EvidenceMapping,
    EvidenceRef,
    EvidenceType,
    Exclusion,
    Finding,
    Limits,
    Profile,
    Rule,
    RulePack,
    Threshold,
    Waiver,
    fill_template,
    template_names,
)
from isocheck.packs import PackBytes, PackCatalog, substitute
from isocheck.plugins import Host, default_host
from isocheck.profile import load_profile
from isocheck.yamlsrc import Positions


def clause_within(clause: str, container: str) -> bool:
    """True if `clause` is `container` or one of its subclauses ("8.3.2" is within "8.3")."""
    return clause == container or clause.startswith(container + ".")


@dataclass(frozen=True)
class PlannedRule:
    """A rule as it will be evaluated for one standard, with what the profile says of it."""

    standard: str
    pack: RulePack
    rule: Rule
    exclusion: Exclusion | None = None
    waiver: Waiver | None = None
    synthetic: Finding | None = None  # a finding made by the plan itself (invalid exclusion)

    @property
    def key(self) -> str:
        return f"{self.pack.id}::{self.rule.id}"


@dataclass(frozen=True)
class Plan:
    """What a run will evaluate, decided once: the profile, the packs, the planned rules (with their
    exclusions, waivers and thresholds applied) and the as-of date. It holds no runtime state; a
    `Session` evaluates it."""

    profile: Profile
    positions: Positions
    as_of: dt.date
    stage: int | None
    host: Host
    packs: tuple[RulePack, ...]
    rules: tuple[PlannedRule, ...]
    # pack id -> its topics with the profile's wording, as the plan worked them out
    phrases: dict[str, PhraseTable] = field(default_factory=dict)

    def session(self) -> Session:
        """A new session over the plan's evidence folder."""
        return Session(self)

    def evaluate_all(self) -> list[Finding]:
        """Every planned rule, in plan order, in a session of its own."""
        with self.session() as session:
            return session.evaluate_all()


_Read = tuple[tuple[str, Resolved], ...]  # evidence types by name, as a rule's checks read them


class SharedResults:
    """The results of rules' checks in a session, kept for the rules after the first that run the
    same checks on the same evidence: the standards of an integrated system share their core's
    rules, and a sector scheme its base standard's, so most rules of a run are evaluated once and
    reported under each standard.

    A check sees nothing of its rule but its parameters and its `CheckContext`, which records
    what the checks asked of it: the evidence types read, and the pack's phrases, clauses and the
    standard's exclusions where asked. A result is reused only where every evidence type read
    resolves to the very same evidence and every other question gets the same answer. A check
    that raised is never kept (it runs again)."""

    def __init__(self) -> None:
        # the checks as written -> (the evidence they read, what else they asked, their result)
        self._kept: dict[str, list[tuple[_Read, Asked, CheckResult]]] = {}

    @staticmethod
    def key(rule: Rule) -> str:
        return repr([(check.name, check.params) for check in rule.checks])

    def get(
        self,
        key: str,
        resolve: Callable[[str], Resolved],
        topics: PhraseTable,
        clauses: tuple[str, ...],
        excluded: tuple[str, ...],
        general: tuple[str, ...] = (),
        standard: str = "",
    ) -> tuple[CheckResult, set[str]] | None:
        """A kept result (a copy) whose questions this context answers alike, and the evidence
        types it read."""
        for read, asked, result in self._kept.get(key, ()):
            try:
                same = all(resolve(name) is resolved for name, resolved in read)
            except Exception:  # this pack cannot resolve it: the rule runs and says so itself
                same = False
            if same and answered_alike(asked, topics, clauses, excluded, general, standard):
                return result.copy(), {name for name, _ in read}
        return None

    def put(
        self, key: str, resolve: Callable[[str], Resolved], ctx: CheckContext, result: CheckResult
    ) -> None:
        try:
            read = tuple((name, resolve(name)) for name in sorted(ctx.touched))
        except Exception:  # a check asked for evidence that is not there, and went on: not kept
            return
        self._kept.setdefault(key, []).append((read, dict(ctx.asked), result.copy()))

    def clear(self) -> None:
        self._kept.clear()


class Session:
    """One evaluation of a plan: owns the evidence index (the folder walked once, each file parsed
    at most once) and the evidence each pack's types resolve to. Not shared across processes: each
    pytest-xdist worker has its own."""

    def __init__(self, plan: Plan, *, index: EvidenceIndex | None = None) -> None:
        """`index` replaces the folder (a pack example's files in memory)."""
        self.plan = plan
        self._index = index
        # Evidence resolved once per definition: packs that inherit an evidence type unchanged
        # (a sector scheme over its standard, the standards over their shared core) share it.
        self._resolved: dict[tuple[str, str, str], Resolved] = {}
        self._definitions: dict[tuple[str, str], str] = {}  # (pack, type) -> its definition
        self._mapped = frozenset(plan.profile.evidence)  # what the profile says the folder keeps
        # evidence the organization keeps outside the folder -> where (the profile's kept_in)
        self._kept_elsewhere = {
            name: m.kept_in for name, m in plan.profile.evidence.items() if m.kept_in
        }
        self._topics: dict[str, PhraseTable] = dict(plan.phrases)
        self._selections: Selections = {}  # items chosen by a condition, for the next rules
        # the master list of documents by identifier and title, per resolved register (its id:
        # resolved evidence stays for the session), for every evidence type of documents
        self._registers: dict[int, RegisterIndex] = {}
        self._shared = SharedResults()  # rules' results, for the next rules checking the same
        self._frozen = False  # whether resolved evidence was moved out of the collector's sight

    @property
    def index(self) -> EvidenceIndex:
        """The evidence folder, walked once, on first use."""
        if self._index is None:
            plan = self.plan
            self._index = EvidenceIndex(
                plan.profile.root, plan.host.loaders, limits=plan.profile.limits
            )
        return self._index

    def resolve(self, pack: RulePack, name: str) -> Resolved:
        definition = self._definitions.get((pack.id, name))
        if definition is None:
            etype = pack.evidence_types.get(name)
            if etype is None:
                raise CheckError(f"pack {pack.id} has no evidence type {name!r}")
            definition = self._definitions[(pack.id, name)] = repr(etype)
        mapping = self.plan.profile.evidence.get(name)
        # A mapping with a column per standard reads differently for each standard
        key = (name, definition, pack.standard if mapping and mapping.per_standard else "")
        if key not in self._resolved:
            etype = pack.evidence_types[name]
            plan = self.plan
            if etype.kind == "profile":  # evidence the profile holds, provided by a plugin
                items = plan.host.profile_evidence(
                    etype, plan.profile, lambda k: plan.positions.at(k)[0]
                )
                if items is None:
                    raise CheckError(
                        f"no isocheck plugin provides the profile section {etype.section!r}"
                    )
                self._resolved[key] = from_profile(etype, items)
            else:
                resolved = resolve_evidence(
                    self.index,
                    etype,
                    plan.profile,
                    self._keep(mapping, pack.standard),
                    pack.standard,
                    lambda other: self._keep(other, pack.standard),
                )
                # A register keeping its history is in force in its latest rows, source by
                # source: another source is another record of the same things (the yearly
                # thorough examination of a lift truck beside its six-monthly service)
                if etype.latest is not None:
                    resolved = latest_of_each(resolved, *etype.latest)
                for other in mapping.also if mapping else ():
                    # another source of the same items, with columns of its own: its items too
                    more = self.index.resolve(
                        etype, other, plan.profile.document_control, self._keep(other)
                    )
                    if etype.latest is not None:
                        more = latest_of_each(more, *etype.latest)
                    had = {id(f) for f in resolved.files}
                    resolved = Resolved(
                        etype,
                        resolved.items + more.items,
                        resolved.files + [f for f in more.files if id(f) not in had],
                        resolved.broken + more.broken,
                        (*resolved.locations, *more.locations),
                        resolved.left_out + more.left_out,
                        # a word said alike in both sources, said so; else the pack's
                        words={
                            column: {
                                ours: their
                                for ours, their in words.items()
                                if more.words.get(column, {}).get(ours) == their
                            }
                            for column, words in resolved.words.items()
                        },
                    )
                self._resolved[key] = resolved
                self._complete(pack, name, resolved)
                # The rows stay until the session ends: the garbage collector need not walk
                # them again at every collection (a tenth of a large run's time). Not where the
                # process froze objects of its own: those are its to unfreeze.
                if self._frozen or gc.get_freeze_count() == 0:
                    gc.freeze()
                    self._frozen = True
                    leave_heap_at_exit()
        return self._resolved[key]

    def _keep(
        self, mapping: EvidenceMapping | None, standard: str = ""
    ) -> Callable[[Item], bool] | None:
        """The mapping's `rows:` filter, as a test of an item; where it maps a column per standard,
        only the rows that say something in `standard`'s columns are that standard's (an audit
        of the integrated system that covers no clause of ISO 9001 is no audit of it)."""
        rows = mapping.rows if mapping else None
        as_of = self.plan.as_of
        own = [
            logical
            for logical, by in (mapping.per_standard.items() if mapping else ())
            if standard in by
        ]
        if own:
            return lambda item: (
                (rows is None or holds(rows, item, as_of))
                and any(not is_empty(item.fields.get(logical)) for logical in own)
            )
        return (lambda item: holds(rows, item, as_of)) if rows else None

    def _complete(self, pack: RulePack, name: str, resolved: Resolved) -> None:
        """Fill what the items leave empty from where the organization records it otherwise
        (isocheck.completion): the master list of documents, a register's review as a whole."""
        types = pack.evidence_types
        register = types.get(REGISTER)
        if resolved.type.kind == "document" and register is not None and register.kind == "table":
            rows = self.resolve(pack, REGISTER)
            index = self._registers.get(id(rows))
            if index is None:
                index = self._registers[id(rows)] = register_index(rows)
            from_document_register(resolved, rows, index)
        if resolved.type.kind == "document" and LOCATION in resolved.type.fields:
            located(resolved)
        if FIRST_REVISION in resolved.type.columns:
            numbered(resolved)
        mapping = self.plan.profile.evidence.get(name)
        # what the evidence's own mapping names, which a lookup's file cannot add to
        mapped = (
            {*mapping.columns, *mapping.joins, *mapping.per_standard, *mapping.defaults}
            if mapping
            else set()
        )
        for other in mapping.lookups if mapping else ():
            found = self.index.resolve(resolved.type, other.mapping, {}, self._keep(other.mapping))
            more = _own_words_unmapped(resolved.type, found, mapped | set(other.mapping.columns))
            if more:
                # a header the pack's shared words give a column the evidence's own mapping
                # names already ("Erledigt am", a closing date), which the type's own words
                # give another (the action's completion): read as that one
                lookup_mapping = replace(other.mapping, columns={**other.mapping.columns, **more})
                found = self.index.resolve(
                    resolved.type, lookup_mapping, {}, self._keep(lookup_mapping)
                )
            fields = tuple(
                f for f in (*other.mapping.columns, *other.mapping.joins) if f != other.key
            )
            # and the columns the other file names in the pack's words for them, which neither
            # mapping names ("Fecha de implementación" of an action log, the action's completion)
            named = dict.fromkeys(
                column
                for row in found.items[:1]
                for column in row.fields
                if column in resolved.type.headers and column not in mapped and column not in fields
            )
            fields = (*fields, *(c for c in named if c != other.key))
            looked_up(resolved, found, other.key, fields)
        if resolved.type.read_with:
            read_with(resolved)
        if mapping and mapping.reviewed_in and mapping.reviewed_in in types:
            reviewed_in(resolved, self.resolve(pack, mapping.reviewed_in), self.plan.as_of)

    def topics(self, pack: RulePack) -> PhraseTable:
        """What says each topic of `pack`, and each phrase the profile words its own way."""
        if pack.id not in self._topics:
            self._topics[pack.id] = phrase_table(pack, self.plan.profile)
        return self._topics[pack.id]

    def evaluate(self, planned: PlannedRule) -> Finding:
        """Evaluate one planned rule. Never raises: a broken check becomes an `error` finding."""
        return evaluate_rule(
            planned,
            self.plan.as_of,
            lambda name: self.resolve(planned.pack, name),
            self.plan.host.checks,
            self.plan.profile.applicability,
            self.topics(planned.pack),
            tuple(
                e.clause
                for e in self.plan.profile.exclusions
                if e.standard in (None, planned.standard)
            ),
            self._selections,
            read=self.index.read_bytes,
            attestations=self.plan.profile.attestations,
            root=self.plan.profile.root,
            shared=self._shared,
            kept_elsewhere=self._kept_elsewhere,
            mapped=self._mapped,
        )

    def evaluate_all(self) -> list[Finding]:
        return [self.evaluate(p) for p in self.plan.rules]

    def close(self, *, thaw: bool = True) -> None:
        """Release the evidence folder (its open directory descriptor) and the evidence. With
        `thaw=False`, what the session froze stays out of the collector's sight (the evidence
        itself is freed all the same) until `thaw_heap()`: a caller that collects garbage right
        after (pytest, at the end of a run) walks only what was made since."""
        global _THAW_PENDING
        if self._index is not None:
            self._index.close()
        if self._frozen:
            self._frozen = False
            self._resolved.clear()
            self._selections.clear()
            self._registers.clear()
            self._shared.clear()
            if thaw:
                gc.unfreeze()
            else:
                _THAW_PENDING = True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LEFT_AT_EXIT = False
_THAW_PENDING = False


def thaw_heap() -> None:
    """Give the collector back what a session closed with `thaw=False` left frozen."""
    global _THAW_PENDING
    if _THAW_PENDING:
        _THAW_PENDING = False
        gc.unfreeze()


def leave_heap_at_exit() -> None:
    """At interpreter exit, leave the heap to the operating system instead of collecting it.

    A run's evidence is a heap of small objects that pytest's nodes reach through reference
    cycles, so the interpreter's last collection walks and frees all of it: about a second at
    100,000 register rows (an eighth of a run), paid again by every pytest-xdist worker, whose
    controller waits for it, and 0.4 s more by the controller for the findings and reports it
    holds. Freezing at exit keeps that collection off the heap; the process ends right after and
    its memory goes back whole. Registered once per process, by a session once it resolved
    evidence and by every pytest run with --isocheck; a process that goes on after a run
    (pytest.main in a loop) is unaffected until it exits."""
    global _LEFT_AT_EXIT
    if not _LEFT_AT_EXIT:
        _LEFT_AT_EXIT = True
        atexit.register(gc.freeze)


def finding_for(planned: PlannedRule, outcome: str, message: str, **extra: Any) -> Finding:
    """A finding about a planned rule: its identity, grade and stage, with this outcome."""
    rule = planned.rule
    return Finding(
        standard=planned.standard,
        pack=planned.pack.id,
        rule=rule.id,
        clauses=rule.clauses,
        title=rule.title,
        severity=rule.severity,
        stage=rule.stage,
        outcome=outcome,  # type: ignore[arg-type]
        message=message,
        remediation=rule.remediation,
        **extra,
    )


def evaluate_rule(
    planned: PlannedRule,
    as_of: dt.date,
    resolve: Callable[[str], Resolved],
    checks: CheckRegistry,
    applicability: dict[str, Any],
    topics: dict[str, tuple[str, ...]] | None = None,
    excluded: tuple[str, ...] = (),
    selections: Selections | None = None,
    *,
    read: Callable[[str, int], bytes] | None = None,
    attestations: Attestations | None = None,
    root: Path | None = None,
    shared: SharedResults | None = None,
    kept_elsewhere: Mapping[str, str] | None = None,
    mapped: Collection[str] = (),
) -> Finding:
    """One rule against the evidence `resolve` gives. Used by the engine and by `isocheck verify`.
    `excluded`: the clauses the profile declares not applicable for the rule's standard; `read`,
    `attestations` and `root` as `CheckContext` takes them; `shared`: the results of the rules
    evaluated before it against the same evidence (a session's); `kept_elsewhere`: evidence types
    the organization keeps outside the folder, and where (the profile's kept_in); `mapped`: the
    evidence types the profile locates (where it says the folder keeps them)."""
    if planned.synthetic is not None:
        return planned.synthetic
    rule = planned.rule
    exclusion = planned.exclusion
    if exclusion is not None:
        return finding_for(
            planned,
            "not-applicable",
            f"clause {exclusion.clause} excluded: {exclusion.justification}",
            exclusion={"clause": exclusion.clause, "justification": exclusion.justification},
        )
    try:
        reason = _not_applicable(rule, resolve, applicability)
        if reason:
            return finding_for(planned, "not-applicable", reason)
        phrases = topics if topics is not None else planned.pack.topics
        table = phrases if isinstance(phrases, PhraseTable) else PhraseTable(phrases)
        clauses = tuple(c.id for c in planned.pack.clauses)
        general = general_clauses(planned.pack)
        key = SharedResults.key(rule) if shared is not None else ""
        kept = (
            shared.get(key, resolve, table, clauses, excluded, general, planned.standard)
            if shared is not None
            else None
        )
        if kept is not None:
            result, touched = kept
        else:
            ctx = CheckContext(
                as_of,
                resolve,
                checks,
                table,
                clauses,
                excluded,
                selections,
                read=read,
                attestations=attestations,
                root=root,
                general=general,
                standard=planned.standard,
                kept_elsewhere=kept_elsewhere or (),
            )
            result = CheckResult()
            with regex_budget():
                for check in rule.checks:
                    result.extend(ctx.run({check.name: check.params}))
            touched = ctx.touched
            if shared is not None:
                shared.put(key, resolve, ctx, result)
    except CheckError as exc:
        return finding_for(planned, "error", f"the check could not run: {exc}", error=str(exc))
    except Exception as exc:  # a bug in a check or plugin: an error outcome, with its traceback
        return finding_for(
            planned,
            "error",
            f"the check raised {type(exc).__name__}: {exc}",
            error="".join(traceback.format_exception(exc)),
        )
    # Several checks of one rule may read the same broken file: report each problem once.
    result.violations = list(dict.fromkeys(result.violations))
    refs, consulted = _evidence_refs(result)
    notes = tuple(dict.fromkeys(result.notes))  # once each, in order
    elsewhere = _kept_elsewhere(result, touched, resolve, kept_elsewhere or {})
    if not elsewhere and not result.ok:
        # A control the Statement of Applicability declares implemented, whose records are
        # nowhere in the folder nor located by the profile: kept where the SoA says (a SIEM, a
        # device manager), for the auditor to sample there, not a gap in the folder.
        declared = _declared_implemented(rule, resolve)
        if declared:
            absent = {
                n: declared for n in touched if n not in mapped and n not in (kept_elsewhere or {})
            }
            elsewhere = _kept_elsewhere(
                result, touched, resolve, {**(kept_elsewhere or {}), **absent}
            )
            codes = {v.code for v in result.violations}
            if not elsewhere and "not-kept" in codes and codes <= {"not-kept", "missing", "more"}:
                # records in the folder, but none with a column for what the rule asks of them
                elsewhere = (
                    "what the rule asks of the records here, which keep no column for it, "
                    f"is kept in {declared}"
                )
    if not elsewhere and not result.ok:
        # No record of a kind the standard does not ask to be documented, and none located by
        # the profile: how it is done is the auditor's question, not a gap in the folder.
        unrecorded = _unrecorded(result, touched, resolve, mapped)
        if unrecorded:
            return finding_for(
                planned,
                "not-applicable",
                f"{NOT_ASSESSED}: the folder holds no {unrecorded}, which the standard does not "
                "ask to be documented, and the profile locates none; ask how it is done",
                details=tuple(str(v) for v in result.violations) + notes,
                consulted=consulted,
            )
    if elsewhere:
        return finding_for(
            planned,
            "not-applicable",
            f"{NOT_ASSESSED}: {elsewhere}; sample it there",
            details=tuple(str(v) for v in result.violations) + notes,
            consulted=consulted,
        )
    if result.ok and _read_nothing(touched, resolve):
        # Conforming on no record at all is no conformity: a gap analysis on an empty register
        # (a new folder, a year without changes) says there was nothing to assess.
        kinds = [resolve(n).type.title for n in sorted(touched)]
        return finding_for(
            planned,
            "not-applicable",
            f"not applicable: nothing to assess, no record in {'; '.join(kinds)}",
            details=notes,
            consulted=consulted,
        )
    if result.ok:
        return finding_for(
            planned, "conform", "conforms", evidence=refs, details=notes, consulted=consulted
        )
    details = tuple(str(v) for v in result.violations) + notes
    message = _message(rule, result.violations)
    faults = tuple(
        sorted({fault_key(v.message, v.ref.path if v.ref else None) for v in result.violations})
    )
    # What every nonconformity of the rule carries, waived or not
    found = {"evidence": refs, "details": details, "consulted": consulted, "faults": faults}
    waiver = planned.waiver
    if waiver is None:
        return finding_for(planned, "nonconform", message, **found)
    info = {
        "rule": waiver.rule,
        "reason": waiver.reason,
        "approver": waiver.approver,
        "expires": waiver.expires.isoformat(),
        "corrective_action": waiver.corrective_action,
    }
    if waiver.expires >= as_of:
        return finding_for(
            planned,
            "waived",
            f"waived by {waiver.approver} until {waiver.expires.isoformat()} "
            f"({waiver.reason}; corrective action {waiver.corrective_action or 'none given'}): "
            f"{message}",
            waiver=info,
            **found,
        )
    message = (
        f"waiver expired on {waiver.expires.isoformat()} (approved by {waiver.approver}): {message}"
    )
    return finding_for(planned, "nonconform", message, waiver=info, **found)


def _message(rule: Rule, violations: list[Violation]) -> str:
    """The sentence a failed rule leads with: its most relevant violation (`headline`), in the
    rule's message template if it has one, and how many more there are unless the template says."""
    lead = str(headline(violations))
    count = len(violations)
    if rule.message:
        message = fill_template(rule.message, {"violation": lead, "count": str(count)})
        if "count" in template_names(rule.message):
            return message
    else:
        message = lead
    if count > 1:
        message += f" (and {count - 1} more)"
    return message


def _not_applicable(
    rule: Rule, resolve: Callable[[str], Resolved], applicability: dict[str, Any]
) -> str:
    when = rule.applies_when or {}
    if "evidence_exists" in when:
        resolved = resolve(when["evidence_exists"])
        if not resolved.items and not resolved.broken:
            return (
                f"not applicable: no {resolved.type.title} in the evidence folder "
                f"(looked in: {', '.join(resolved.locations)})"
            )
    least = when.get("min_items")
    if least:
        resolved = resolve(least["evidence"])
        have = len(resolved.items)
        if have < least["count"]:
            return (
                f"not applicable: {have} item(s) of {resolved.type.title}; the rule applies "
                f"from {least['count']}"
            )
    declared = when.get("declared_applicable")
    if declared:
        value = declared.get("value") or rule.clauses[0]
        resolved = resolve(declared["evidence"])
        for item in _declaring(resolved, declared["column"], value):
            answer = text_of(item.fields.get(declared["applicable"])).casefold()
            if answer in _NOT_APPLICABLE_ANSWERS:
                why = (
                    text_of(item.fields.get(declared.get("justification", "")))
                    or "no justification given"
                )
                return f"not applicable: {value} is excluded in the {resolved.type.title} ({item.ref}): {why}"
    for key, expected in when.get("profile", {}).items():
        actual = applicability.get(key)
        if text_of(actual).casefold() != text_of(expected).casefold():
            return (
                f"not applicable: the profile's applicability.{key} is {actual!r}, not {expected!r}"
            )
    return ""


def _declaring(resolved: Resolved, column: str, value: str) -> Iterable[Item]:
    """The rows of a Statement of Applicability that speak of the control `value`."""
    wanted = value.casefold()
    return (i for i in resolved.items if text_of(i.fields.get(column)).casefold() == wanted)


_NOT_APPLICABLE_ANSWERS = {"no", "n", "false", "excluded", "not applicable", "n/a", "0"}
# How a Statement of Applicability says a control is in place (not "planned")
_IMPLEMENTED_ANSWERS = {
    "implemented",
    "fully implemented",
    "in place",
    "operational",
    "yes",
    "done",
    "complete",
    "implementiert",
    "umgesetzt",
    "eingeführt",
    "implementado",
    "implantado",
    "implanté",
    "mis en œuvre",
    "mis en oeuvre",
    "en place",
    "attuato",
    "implementato",
    "geïmplementeerd",
}


# How it says a control is partly in place, the rest in its risk treatment plan: its records are
# where the part in place keeps them, as for one implemented
_PARTLY_ANSWERS = (
    "partial",
    "partly",
    "teilweise",
    "parcial",
    "partiel",
    "parzial",
    "gedeeltelijk",
    "deels",
)


def _declared_implemented(rule: Rule, resolve: Callable[[str], Resolved]) -> str:
    """Where the Statement of Applicability says the rule's control is implemented, in words for
    a finding ("what the Statement of Applicability names as the control's implementation
    (isms/soa.csv:8: NCSC/CiSP feeds)"); empty if it does not say it is, or the rule is no
    control's."""
    declared = (rule.applies_when or {}).get("declared_applicable")
    if not declared:
        return ""
    value = declared.get("value") or rule.clauses[0]
    resolved = resolve(declared["evidence"])
    for item in _declaring(resolved, declared["column"], value):
        status = text_of(item.fields.get("implementation_status")).strip().casefold()
        partly = status.startswith(_PARTLY_ANSWERS)
        if status not in _IMPLEMENTED_ANSWERS and not partly:
            return ""
        by = text_of(item.fields.get("implemented_by")).strip()
        named = f"{item.ref}: {by}" if by else str(item.ref)
        what = "the control's partial implementation" if partly else "the control's implementation"
        return f"what the {resolved.type.title} names as {what} ({named})"
    return ""


def _own_words_unmapped(etype: EvidenceType, found: Resolved, mapped: set[str]) -> dict[str, str]:
    """Columns of a lookup file that the evidence type's own header words name (column ->
    header), where the file's first row has no such column yet and nothing maps it."""
    if not etype.own_headers or not found.items:
        return {}
    first = found.items[0]
    own = header_words(etype.own_headers)
    more: dict[str, str] = {}
    for header in first.written or {}:
        column = own.get(fold(header))
        if column and column not in mapped and column not in first.fields and column not in more:
            more[column] = header
    return more


def general_clauses(pack: RulePack) -> tuple[str, ...]:
    """The clauses of `pack` that open their parent in general terms ("7.1.1 Resources -
    general", "4.4.1 General"): a subclause numbered 1 whose title says general."""
    return tuple(
        c.id
        for c in pack.clauses
        if c.id.endswith(".1") and c.id.count(".") >= 1 and "general" in c.title.casefold()
    )


def _kept_elsewhere(
    result: CheckResult,
    touched: set[str],
    resolve: Callable[[str], Resolved],
    kept: Mapping[str, str],
) -> str:
    """Where the evidence a failed rule found none of is kept, if the organization keeps it
    outside the folder (the profile's kept_in): every violation (if any) is that the evidence is
    missing, and every evidence type read that has nothing in the folder is kept elsewhere. Empty
    if not, and for a rule that read something and conforms."""
    if not kept or not all(v.code == "missing" for v in result.violations):
        return ""
    if result.ok and not _read_nothing(touched, resolve):
        return ""
    empty = sorted(n for n in touched if not resolve(n).items and not resolve(n).broken)
    if not empty or any(n not in kept for n in empty):
        return ""
    return "; ".join(f"{resolve(n).type.title}: kept in {kept[n]}" for n in empty)


def _unrecorded(
    result: CheckResult,
    touched: set[str],
    resolve: Callable[[str], Resolved],
    mapped: Collection[str],
) -> str:
    """The titles of the evidence types a failed rule found none of, where each is of a kind the
    standard does not ask to be documented (`optional`), has nothing in the folder and is not
    located by the profile, and every violation is that it is missing (or the rule read nothing
    else, so that whatever it says follows from their absence). Empty otherwise."""
    if not result.violations:
        return ""
    empty = sorted(n for n in touched if not resolve(n).items and not resolve(n).broken)
    if not empty or any(not resolve(n).type.optional or n in mapped for n in empty):
        return ""
    read_nothing_else = len(empty) == len(touched)
    if not read_nothing_else and not all(v.code in ("missing", "more") for v in result.violations):
        return ""
    return ", ".join(resolve(n).type.title for n in empty)


def _read_nothing(touched: set[str], resolve: Callable[[str], Resolved]) -> bool:
    """Did the rule's checks look only at evidence types with no item at all (and none broken)?"""
    return bool(touched) and all(
        not resolve(name).items and not resolve(name).broken for name in touched
    )


def _evidence_refs(
    result: CheckResult,
) -> tuple[tuple[EvidenceRef, ...], tuple[EvidenceRef, ...]]:
    """(the rows and files at fault, every other file read once), each in document order."""
    refs: dict[tuple[str, int | None, str | None], EvidenceRef] = {}
    for v in result.violations:
        if v.ref is not None:
            refs.setdefault((v.ref.path, v.ref.line, v.ref.place), v.ref)
    at_fault = {path for path, _, _ in refs}
    consulted: dict[str, EvidenceRef] = {}
    for ref in result.consulted:
        if ref.path not in at_fault:
            consulted.setdefault(ref.path, ref)
    return (
        tuple(refs[k] for k in sorted(refs, key=lambda k: (k[0], k[1] or 0, _natural(k[2])))),
        tuple(consulted[k] for k in sorted(consulted)),
    )


def _natural(place: str | None) -> tuple[tuple[int, int | str], ...]:
    """A place in document order: "row 9" before "row 14" (numbers compared as numbers)."""
    parts = re.split(r"(\d+)", place or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def parse_as_of(value: str, source: str = "--isocheck-as-of") -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{source}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def plan(
    evidence_dir: Path,
    *,
    as_of: dt.date | None = None,
    stage: int | None = None,
    standards: Iterable[str] = (),
    host: Host | None = None,
    extra_packs: Iterable[Path] = (),
) -> Plan:
    """Load the profile and its packs and decide what will be evaluated. Raises InputError with every
    problem found (pack and profile alike), each with its file and line."""
    host = host or default_host()
    profile, positions = load_profile(evidence_dir)
    problems: list[Problem] = []
    pack_files = _read_packs(profile.root, profile.packs, positions, problems)
    if problems:
        raise InputError(problems)
    extra = list(extra_packs)
    wanted = list(standards)
    digest = None
    if not extra:  # a pack being edited (lint, verify) is planned afresh
        when = as_of or profile.as_of or dt.date.today()
        files = [(f.path, f.data) for f in pack_files]
        digest = plancache.key(host, profile, files, stage, wanted)
    if digest is not None:
        kept = plancache.load(digest, profile.root)
        if kept is not None:
            try:
                return _from_kept(kept, profile, positions, when, stage, host)
            except (ValueError, IndexError, TypeError):  # not what isocheck keeps: plan afresh
                pass
    made = _plan_anew(profile, positions, [*pack_files, *extra], as_of, stage, wanted, host)
    if digest is not None:
        plancache.store(digest, profile.root, _to_kept(made))
    return made


def _plan_anew(
    profile: Profile,
    positions: Positions,
    pack_files: list[PackBytes | Path],
    as_of: dt.date | None,
    stage: int | None,
    wanted: list[str],
    host: Host,
) -> Plan:
    problems: list[Problem] = []
    catalog = PackCatalog(host, pack_files)
    chosen = list(profile.standards)
    for name in wanted:
        if name not in chosen:
            raise UsageError(
                f"--isocheck-standard {name}: the profile does not assess it "
                f"(it assesses {', '.join(chosen)})"
            )
    if wanted:
        chosen = [s for s in chosen if s in wanted]
    packs: list[tuple[str, RulePack]] = []
    for i, standard in enumerate(profile.standards):
        pack_ids = catalog.for_standard(standard)
        if not pack_ids:
            problems.append(
                positions.problem(
                    ("standards", i),
                    f"unknown standard {standard!r}",
                    f"installed: {', '.join(catalog.ids())}",
                )
            )
            continue
        if standard in chosen:
            packs.extend((standard, catalog.get(pid)) for pid in pack_ids)
    for standard in profile.certification:
        if standard not in profile.standards:
            problems.append(
                positions.problem(
                    ("certification", standard),
                    f"certification data for {standard!r}, which the profile does not assess",
                    "add it to standards: or fix the name",
                )
            )
    # Packs the plugins add, e.g. the certification cycle (ISO/IEC 17021-1) for certified standards.
    for pack_id in host.assessed_packs(profile, chosen, all_standards=not wanted):
        if pack_id not in catalog.ids():
            raise PluginError(
                f"an isocheck plugin asks to assess pack {pack_id!r}, which is not installed"
            )
        extra = catalog.get(pack_id)
        if any(pack.id == extra.id for _, pack in packs):
            continue  # the profile lists it among its standards too: assessed once
        packs.append((extra.standard, extra))
    if problems:
        raise InputError(problems)
    as_of = as_of or profile.as_of or dt.date.today()
    planned: list[PlannedRule] = []
    problems.extend(_check_profile_against_packs(profile, positions, [p for _, p in packs]))
    thresholds_known = {name: v for _, pack in packs for name, v in pack.thresholds.items()}
    never_known = {name: v for _, pack in packs for name, v in pack.never.items()}
    for name, value in profile.thresholds.items():
        if name not in thresholds_known:
            problems.append(
                positions.problem(
                    ("thresholds", name),
                    f"unknown threshold {name!r}",
                    f"the packs' thresholds: {', '.join(sorted(thresholds_known)) or 'none'}",
                )
            )
        elif (
            problem := _threshold_problem(value, thresholds_known[name], never_known.get(name))
        ) is not None:
            problems.append(positions.problem(("thresholds", name), *problem))
    tables: dict[str, PhraseTable] = {}
    for standard, pack in packs:
        thresholds = merged_thresholds(pack, profile)
        if pack.id not in tables:
            tables[pack.id] = phrase_table(pack, profile)
        phrases = tables[pack.id]
        for exclusion in profile.exclusions:
            if exclusion.standard not in (None, standard):
                continue
            clause = pack.clause(exclusion.clause)
            if clause is None or clause.excludable:
                continue
            if exclusion.standard is None and any(
                (other := p.clause(exclusion.clause)) is not None and other.excludable
                for _, p in packs
            ):
                # an integrated system's exclusion naming no standard is the one standard's
                # that allows it ("8.3" of ISO 9001, not ISO 50001's 8.3 Design)
                continue
            planned.append(_invalid_exclusion(standard, pack, exclusion))
        for rule in pack.rules:
            if stage is not None and rule.stage != stage:
                continue
            resolved_rule = with_phrases(with_thresholds(rule, thresholds), phrases)
            for check in resolved_rule.checks:
                for path, message in host.checks.validate(check.name, check.params):
                    problems.append(
                        positions.problem(
                            ("thresholds",),
                            f"{rule.id}: after applying thresholds, {message}"
                            + (f" at {'.'.join(map(str, path))}" if path else ""),
                        )
                    )
            planned.append(
                PlannedRule(
                    standard,
                    pack,
                    resolved_rule,
                    exclusion=exclusion_for(rule, standard, pack, profile.exclusions),
                    waiver=waiver_for(rule, standard, profile.waivers),
                )
            )
    if problems:
        raise InputError(problems)
    return Plan(
        profile,
        positions,
        as_of,
        stage,
        host,
        tuple(p for _, p in packs),
        tuple(planned),
        tables,
    )


def _to_kept(made: Plan) -> plancache.KeptPlan:
    """A plan as the cache keeps it: the profile, the date and the host are the run's own."""
    exclusions = made.profile.exclusions

    def invalid(p: PlannedRule) -> Exclusion | None:
        if p.synthetic is None:
            return None
        return next(e for e in exclusions if _invalid_exclusion(p.standard, p.pack, e) == p)

    planned = [
        (
            p.standard,
            p.pack,
            None if p.synthetic else p.rule,
            p.exclusion,
            p.waiver,
            invalid(p),
        )
        for p in made.rules
    ]
    return plancache.KeptPlan(made.packs, plancache.kept_rules(planned, made.packs, made.profile))


def _from_kept(
    kept: plancache.KeptPlan,
    profile: Profile,
    positions: Positions,
    as_of: dt.date,
    stage: int | None,
    host: Host,
) -> Plan:
    """The plan `_to_kept` kept, for this run's profile, date and host."""
    tables: dict[str, PhraseTable] = {}
    for pack in kept.packs:
        if pack.id not in tables:
            tables[pack.id] = phrase_table(pack, profile)
    planned = []
    for standard, index, rule, exclusion, waiver, invalid in kept.rules:
        pack = kept.packs[index]
        if invalid is not None:
            planned.append(_invalid_exclusion(standard, pack, profile.exclusions[invalid]))
            continue
        if rule is None:
            raise ValueError("a kept planned rule without its rule")
        planned.append(
            PlannedRule(
                standard,
                pack,
                rule,
                exclusion=None if exclusion is None else profile.exclusions[exclusion],
                waiver=None if waiver is None else profile.waivers[waiver],
            )
        )
    return Plan(profile, positions, as_of, stage, host, kept.packs, tuple(planned), tables)


def _read_packs(
    root: Path, rels: tuple[str, ...], positions: Positions, problems: list[Problem]
) -> list[PackBytes]:
    """The profile's own pack files, read like evidence: never through a symbolic link."""
    if not rels:
        return []
    found: list[PackBytes] = []
    try:
        confined = ConfinedRoot(root)
    except OSError as exc:
        problems.append(Problem(str(root), None, None, f"cannot read: {exc.strerror}"))
        return found
    with confined:
        for i, rel in enumerate(rels):
            try:
                found.append(PackBytes(root / rel, confined.read(rel, Limits().max_file_bytes)))
            except ConfinedError as exc:
                problems.append(_unread_pack(positions, i, rel, exc))
    return found


def _unread_pack(positions: Positions, i: int, rel: str, exc: ConfinedError) -> Problem:
    if exc.kind == "link":
        return positions.problem(
            ("packs", i),
            f"pack file {rel!r}: {exc.reason}",
            "isocheck does not follow links in the evidence folder: put the pack file itself there",
        )
    if exc.kind in ("missing", "not-regular", "bad-path"):
        return positions.problem(
            ("packs", i),
            f"pack file {rel!r} not found in the evidence folder",
            "give a path relative to the evidence folder",
        )
    return positions.problem(("packs", i), f"pack file {rel!r}: {exc.reason}")


def prepared(rule: Rule, pack: RulePack, profile: Profile) -> Rule:
    """`rule` as it runs for `profile`: thresholds (the profile's, else the pack's) and phrases
    (the pack's topics with the profile's wording) filled in."""
    return with_phrases(
        with_thresholds(rule, merged_thresholds(pack, profile)), phrase_table(pack, profile)
    )


def phrase_table(pack: RulePack, profile: Profile) -> PhraseTable:
    """What says each topic of `pack` and each phrase the profile words its own way: the pack's
    phrases with the profile's added where each belongs (`phrases:`; see `PhraseTable`)."""
    return PhraseTable(pack.topics, profile.phrases)


def with_phrases(rule: Rule, table: PhraseTable) -> Rule:
    """`rule` with every `says:` list of its conditions holding the phrases that say each of its
    topics and phrases (`phrase_table`)."""
    if not table and not table.own:
        return rule

    def expand(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    list(dict.fromkeys(p for w in v for p in table.saying(w)))
                    if k == "says" and isinstance(v, list)
                    else expand(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [expand(v) for v in value]
        return value

    return replace(rule, checks=tuple(replace(c, params=expand(c.params)) for c in rule.checks))


def merged_thresholds(pack: RulePack, profile: Profile) -> dict[str, Threshold]:
    """The pack's thresholds with the profile's values for those the pack declares."""
    return {
        **pack.thresholds,
        **{k: v for k, v in profile.thresholds.items() if k in pack.thresholds},
    }


def with_thresholds(rule: Rule, thresholds: dict[str, Threshold]) -> Rule:
    # Unknown placeholders were rejected when the pack was built; nothing is left to collect.
    ignored: set[str] = set()
    # In sentences a threshold set to never reads as no limit: "within the last unlimited days".
    words = {k: ("unlimited" if v == NEVER else v) for k, v in thresholds.items()}
    return replace(
        rule,
        checks=tuple(
            replace(c, params=substitute(c.params, thresholds, ignored)) for c in rule.checks
        ),
        title=substitute(rule.title, words, ignored),
        message=substitute(rule.message, words, ignored),
        remediation=substitute(rule.remediation, words, ignored),
    )


def exclusion_for(
    rule: Rule, standard: str, pack: RulePack, exclusions: tuple[Exclusion, ...]
) -> Exclusion | None:
    """The exclusion covering every clause of the rule, or one the rule is excluded with, if the
    clause may be excluded."""
    for exclusion in exclusions:
        if exclusion.standard not in (None, standard):
            continue
        clause = pack.clause(exclusion.clause)
        if clause is None or not clause.excludable:
            continue
        if all(clause_within(c, exclusion.clause) for c in rule.clauses) or any(
            clause_within(c, exclusion.clause) for c in rule.excluded_with
        ):
            return exclusion
    return None


def waiver_for(rule: Rule, standard: str, waivers: tuple[Waiver, ...]) -> Waiver | None:
    for waiver in waivers:
        if waiver.rule == rule.id and waiver.standard in (None, standard):
            return waiver
    return None


def _invalid_exclusion(standard: str, pack: RulePack, exclusion: Exclusion) -> PlannedRule:
    rule = Rule(
        id=f"exclusion-{exclusion.clause}",
        clauses=("4.3",),
        title=f"Exclusion of clause {exclusion.clause} is permitted",
        severity="major",
        stage=1,
        checks=(),
        remediation=(
            f"Clause {exclusion.clause} may not be declared not applicable: it affects the ability to "
            "ensure conformity. Remove the exclusion and implement the clause."
        ),
        source=exclusion.source,
    )
    planned = PlannedRule(standard, pack, rule)
    finding = finding_for(
        planned,
        "nonconform",
        f"clause {exclusion.clause} is excluded in the profile ({exclusion.source}), but "
        f"{standard} does not allow it to be declared not applicable",
        evidence=(EvidenceRef(PROFILE_NAME, exclusion.source.line),),
        exclusion={"clause": exclusion.clause, "justification": exclusion.justification},
    )
    return replace(planned, synthetic=finding)


def _threshold_problem(value: Any, default: Any, never: str | None) -> tuple[str, str] | None:
    """What is wrong with a profile's value for a threshold whose pack default is `default`: a
    date threshold takes a real date, a number threshold a number, and "never" only a threshold
    whose pack says what never means (`never`)."""
    if value == NEVER:
        if never is not None:
            return None
        return (
            f"{NEVER!r} is not allowed for this threshold: the packs require a limit (the "
            f"pack's default: {default if isinstance(default, str) else format(default, 'g')})",
            "write the organization's own limit (a number of days, a level or a date)",
        )
    if isinstance(default, str):
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return (
                f"{value!r} is no date; this threshold is a date (the pack's default: {default})",
                "write it as YYYY-MM-DD, for example 2023-03-01",
            )
        return None
    if isinstance(value, str):
        return (
            f"{value!r} is not a number; this threshold is a number (the pack's default: "
            f"{default:g})",
            "write a number",
        )
    if not math.isfinite(value):
        # NaN passes every comparison or none: it would switch the rule off
        return (f"{value!r} is no number a rule can compare with", "write a finite number")
    return None


def _check_profile_against_packs(
    profile: Profile, positions: Positions, packs: list[RulePack]
) -> list[Problem]:
    problems = []
    standards = {p.standard for p in packs}
    for i, exclusion in enumerate(profile.exclusions):
        if exclusion.standard is not None and exclusion.standard not in profile.standards:
            problems.append(
                positions.problem(
                    ("exclusions", i, "standard"),
                    f"exclusion names standard {exclusion.standard!r}, "
                    "which the profile does not assess",
                )
            )
            continue
        relevant = [p for p in packs if exclusion.standard in (None, p.standard)]
        if relevant and not any(p.clause(exclusion.clause) for p in relevant):
            problems.append(
                positions.problem(
                    ("exclusions", i, "clause"),
                    f"exclusion names clause {exclusion.clause!r}, which "
                    f"{', '.join(p.id for p in relevant)} does not have",
                    "check the clause number",
                )
            )
    for i, waiver in enumerate(profile.waivers):
        relevant = [p for p in packs if waiver.standard in (None, p.standard)]
        if (
            waiver.standard is not None
            and waiver.standard not in standards
            and waiver.standard in profile.standards
        ):
            continue  # that standard is not selected in this run
        if not any(r.id == waiver.rule for p in relevant for r in p.rules):
            problems.append(
                positions.problem(
                    ("waivers", i, "rule"),
                    f"waiver for unknown rule {waiver.rule!r}",
                    "use a rule id from `isocheck explain`",
                )
            )
    for name, mapping in profile.evidence.items():
        if not any(name in p.evidence_types for p in packs):
            problems.append(
                positions.problem(
                    ("evidence", name),
                    f"evidence mapping for unknown evidence type {name!r}",
                    "use an evidence type name from `isocheck explain`",
                )
            )
        elif mapping.reviewed_in is not None:
            problems.extend(_reviewed_in_problems(name, mapping.reviewed_in, positions, packs))
    return problems


def _reviewed_in_problems(
    name: str, reviews: str, positions: Positions, packs: list[RulePack]
) -> list[Problem]:
    """`reviewed_in:` names a type of the same packs whose records are dated, for a type whose
    items have a review date."""
    where = ("evidence", name, "reviewed_in")
    holding = [p for p in packs if name in p.evidence_types]
    etype = holding[0].evidence_types[name]
    if REVIEWED_ON not in (*etype.columns, *etype.fields):
        return [
            positions.problem(
                where,
                f"{name} has no review date of its own ({REVIEWED_ON}), so it cannot take one "
                f"from {reviews}",
                "remove reviewed_in: here; name it under a type that has reviewed_on "
                "(isocheck explain shows each type's columns)",
            )
        ]
    if not any(reviews in p.evidence_types for p in holding):
        known = sorted({t for p in holding for t in p.evidence_types})
        return [
            positions.problem(
                where,
                f"reviewed_in names unknown evidence type {reviews!r}"
                + did_you_mean(reviews, known),
                "name the evidence type whose records review this one, e.g. management-review",
            )
        ]
    rtype = next(p.evidence_types[reviews] for p in holding if reviews in p.evidence_types)
    dated = (
        *rtype.columns,
        *rtype.fields,
        *(DOCUMENT_CONTROL_FIELDS if rtype.kind == "document" else ()),
    )
    if not any(f in dated for f in REVIEW_DATES):
        return [
            positions.problem(
                where,
                f"{reviews} records have no date ({', '.join(REVIEW_DATES)}) to review {name} on",
                "name a dated evidence type, e.g. management-review",
            )
        ]
    return []


@dataclass
class Assessment:
    """The outcome of a whole run, for callers without pytest and for report writers."""

    profile: Profile
    as_of: dt.date
    stage: int | None
    packs: list[RulePack]
    findings: list[Finding]


def evaluate(
    evidence_dir: str | Path,
    *,
    as_of: dt.date | str | None = None,
    stage: int | None = None,
    standards: Iterable[str] = (),
    host: Host | None = None,
) -> Assessment:
    """Evaluate an evidence folder against its profile's standards; one Finding per planned rule,
    in a stable order. Raises InputError (pack or profile problems) or UsageError."""
    if isinstance(as_of, str):
        as_of = parse_as_of(as_of, "as_of")
    the_plan = plan(Path(evidence_dir), as_of=as_of, stage=stage, standards=standards, host=host)
    findings = the_plan.evaluate_all()
    return Assessment(the_plan.profile, the_plan.as_of, stage, list(the_plan.packs), findings)


__all__ = [
    "Assessment",
    "Plan",
    "PlannedRule",
    "Session",
    "SharedResults",
    "clause_within",
    "evaluate",
    "evaluate_rule",
    "parse_as_of",
    "plan",
]
