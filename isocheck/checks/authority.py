"""Checks on who decided: authorised (the authority an item's level requires, by the
organization's own criteria)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from isocheck.checks import (
    CheckContext,
    CheckRegistry,
    CheckResult,
    Violation,
    label,
    split_outside,
)
from isocheck.checks.common import EveryItem, EvidenceName, NonEmpty, cap, every_item
from isocheck.checks.params import Doc, MinItems
from isocheck.checks.relations import INSTANCE_CODE, UNDER_SITE
from isocheck.conditions import is_empty, text_of
from isocheck.evidence import Item
from isocheck.meaning import says, to_number, word_count, words
from isocheck.names import reference_key


@dataclass(frozen=True, kw_only=True)
class Bands:
    """The organization's criteria as a table: one row per band of level, and who may decide
    within it."""

    evidence: EvidenceName
    low: Annotated[str, Doc("the column holding the lowest level of the band")]
    high: Annotated[str, Doc("the column holding the highest level of the band")]
    authority: Annotated[str, Doc("the column naming who may decide within the band")]


@dataclass(frozen=True, kw_only=True)
class Roles:
    """Who holds which role, and who is top management."""

    evidence: EvidenceName
    person: Annotated[str, Doc("the column naming the person")]
    role: Annotated[str, Doc("the column naming the role")]
    top_management: Annotated[
        str | None, Doc("the column saying yes where the role is top management")
    ] = None
    authorities: Annotated[
        str | None,
        Doc(
            "the column stating the role's authorities: a role that decides 'as' a role the"
            " criteria name ('accept residual risk (Medium) as HOD') holds it for them"
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class AuthorisedParams(EveryItem):
    """Every item was decided by the authority its level requires: the band of `bands` holding
    the item's `level` names the authority (the item's own `owner`, top management, or roles of
    `roles`, each needed unless the authority lists them as alternatives with "or"), and the
    people named in `person` hold it. Whoever may decide in a higher band may decide in a lower
    one; top management may decide in every band. A level between two bands needs the higher
    band's authority."""

    person: Annotated[str, Doc("the field naming who decided (one or a list of people)")]
    level: Annotated[str, Doc("the field holding the item's level (a number)")]
    owner: Annotated[str | None, Doc("the field naming the item's owner")] = None
    bands: Bands
    roles: Roles
    also: Annotated[
        list[Roles],
        Doc(
            "more records of who holds which role, read after `roles` (a staff register's job "
            "titles: 'Technischer Leiter, Prokurist', each title a role the person holds)"
        ),
    ] = field(default_factory=list)
    owner_says: Annotated[
        list[NonEmpty], MinItems(1), Doc("topics or phrases an authority uses for the owner")
    ] = field(default_factory=lambda: ["risk-owner"])
    top_says: Annotated[
        list[NonEmpty], MinItems(1), Doc("topics or phrases naming top management")
    ] = field(default_factory=lambda: ["top-management-role"])
    nobody_says: Annotated[
        list[NonEmpty],
        MinItems(1),
        Doc("topics or phrases of an authority saying that no one may decide in the band"),
    ] = field(default_factory=lambda: ["not-acceptable"])


# Between the people of a joint decision ("Ann Roe / Bo Li", "Ann Roe; Bo Li"); never the
# slash of a name's "son of" or "daughter of" ("Priya d/o Selvaraj", "Raju s/o Kannan")
_PEOPLE = re.compile(r"[,;\n+&]|(?<!\b[^\W\d_])/|/(?![^\W\d_]\b)| and | und | en | et ")


def _people(text: str) -> list[str]:
    """The people a cell names, split where `_PEOPLE` separates them outside parentheses: a
    role in parentheses after a name is the name's ("Daniel Okafor (Head of Information Security
    & Compliance)" is one person)."""
    return split_outside(text, _PEOPLE)


# Between alternatives in an authority ("Risk owner or ISM", "CEO oder CFO", "VD eller VVD")
_ALTERNATIVES = re.compile(r"\b(?:or|oder|ou|o|lub|albo|eller)\b", re.IGNORECASE)
# Between the parties of a joint decision ("Risk owner and CISO", "GF + QMB", "Risk owner with
# the consent of the Security Officer"): where an authority
# names several with neither this nor an alternative's word between them ("Produktionschef,
# Underhållschef"), it lists who may decide, as a list of roles does, and any one of them decides
_JOINT = re.compile(
    r"\b(?:and|und|et|y|e|en|og|och|i|oraz|with|mit|avec|con|com|met|med|z|jointly|"
    r"gemeinsam|conjointement|consent|Zustimmung|accord|consentimiento)\b|[+&]",
    re.IGNORECASE,
)
# Between the names a role goes by ("Security Officer / ISMS-manager")
_ROLE_NAMES = re.compile(r"[/;]|\(|\)")
# Between the job titles one person holds ("Technischer Leiter, Prokurist")
_TITLES = re.compile(r"[/;,]|\(|\)")
MAX_BANDS = 100
# A role named as the one a person decides as: "accept residual risk (Medium) as HOD", "als
# Abteilungsleiter", "en tant que chef de service"; its name up to the end of the clause
_ACTING_AS = re.compile(
    r"\b(?:as|als|en tant que|como|come|jako|som)\s+(?:the\s+|a\s+|an\s+)?([^,;.()]{2,60})",
    re.IGNORECASE,
)
MAX_AUTHORITIES_TEXT = 2000  # characters of a role's authorities read for the roles it acts as
# A role's own authority to accept risks up to a rating, as its authorities state it: "May accept
# residual risks rated up to Medium (5-9)", "may accept risks rated High (10-16)"
_ACCEPTS_UP_TO = re.compile(
    r"\b(?:accept|akzeptier|acept|accett|aanvaard|aceit)\w*\s[^.;\n]{0,40}?"
    r"\b(?:risk|risik|risque|riesgo|rischi|risico|ryzyk|risc)\w*\b[^.;\n]{0,60}?"
    r"\b\d{1,3}\s*(?:-|–|to|bis)\s*(\d{1,3})\b",
    re.IGNORECASE,
)
MAX_ROLE_WORDS = 8


def _within(short: str, long: str) -> bool:
    """Whether the words of `short` stand, in a row, within the longer `long`."""
    return len(short) < len(long) and f" {short} " in f" {long} "


def _outside_names(written: str, names: list[str]) -> str:
    """`written` with the role names it says taken out (each as words, whatever stands
    between them: "Safety & Emergency Management" for "safety emergency management")."""
    for name in sorted(names, key=len, reverse=True):
        pattern = r"\W+".join(re.escape(word) for word in name.split())
        written = re.sub(pattern, " ", written, flags=re.IGNORECASE)
    return written


@dataclass(frozen=True)
class _Authority:
    """What one band's authority asks for: its owner, top management, roles; all, or any."""

    written: str
    owner: bool
    top: bool
    # role names as written in the roles register, grouped by the name the authority gives them:
    # "Site Manager" names "Site Manager (Pasadena)" and "Site Manager (Baton Rouge)", either of
    # whom decides
    roles: tuple[tuple[str, ...], ...]
    any: bool
    nobody: bool = False  # the criteria say no one may decide in the band ("not acceptable")

    @property
    def parties(self) -> int:
        return int(self.owner) + int(self.top) + len(self.roles)


class _Criteria:
    def __init__(self, ctx: CheckContext, p: AuthorisedParams, result: CheckResult) -> None:
        self._top_phrases = [ph for t in p.top_says for ph in ctx.phrases(t)]
        owner_phrases = [ph for t in p.owner_says for ph in ctx.phrases(t)]
        # role -> the names it goes by (as words); person -> roles held; top management
        self.role_names: dict[str, list[list[str]]] = {}
        self.held: dict[str, set[str]] = {}
        # person -> the roles their authorities say they decide as (their words)
        self.acting: dict[str, list[list[str]]] = {}
        # person -> the highest rating their role's authorities say they may accept risks at
        self.accepts_up_to: dict[str, float] = {}
        self.top_people: set[str] = set()
        self._top_roles: set[str] | None = None  # the roles top management holds (names_top)
        for source in (p.roles, *p.also):
            people, found = ctx.items(source.evidence)
            result.extend(found)
            # a job title of a staff register lists titles with commas; a role's name may hold one
            between = _ROLE_NAMES if source is p.roles else _TITLES
            for item in people:
                self._holds(item, source, between)
        nobody_phrases = [ph for t in p.nobody_says for ph in ctx.phrases(t)]
        rows, found = ctx.items(p.bands.evidence)
        result.extend(found)
        # low, high, the authority, and the criteria's row where its authority names no one known
        self.bands: list[tuple[float, float, _Authority, Any]] = []
        self.unknown: list[tuple[int, tuple[Any, str]]] = []
        for row in rows[:MAX_BANDS]:
            try:
                low = to_number(row.fields.get(p.bands.low))
                high = to_number(row.fields.get(p.bands.high))
            except ValueError:
                continue  # the criteria's own check reports a band without numbers
            written = text_of(row.fields.get(p.bands.authority))
            text = words(written)
            owner = any(says(ph, text) for ph in owner_phrases)
            named: dict[str, list[str]] = {}
            for role, names in self.role_names.items():
                said = next((" ".join(n) for n in names if says(" ".join(n), text)), None)
                # "Risk owners" of the roles register is the risk owner the band names, each
                # risk's own, not a party more to the decision
                if said is not None and not (
                    owner and any(says(ph, words(said)) for ph in owner_phrases)
                ):
                    named.setdefault(said, []).append(role)
            # A role's own name that holds a shorter one ("Director, Safety & Emergency
            # Management" holds "Director") names that role alone, not every director too
            named = {
                said: group
                for said, group in named.items()
                if not any(other != said and _within(said, other) for other in named)
            }
            if not named and not owner and text:
                # A band naming a class of roles by the word their names begin with
                # ("Superintendent": "Superintendent Produksi", "Superintendent Plant"): any
                # holder of one of them decides
                led = [
                    role
                    for role, names in self.role_names.items()
                    if any(len(n) > len(text) and n[: len(text)] == text for n in names)
                ]
                if led:
                    named[written] = led
            roles = tuple(tuple(group) for group in named.values())
            authority = _Authority(
                written,
                owner,
                any(says(ph, text) for ph in self._top_phrases),
                roles,
                # an "&" inside a role's name joins no two parties
                bool(_ALTERNATIVES.search(written))
                or not _JOINT.search(_outside_names(written, list(named))),
                any(says(ph, text) for ph in nobody_phrases),
            )
            unknown = bool(written) and not authority.parties and not authority.nobody
            self.bands.append((low, high, authority, row if unknown else None))
        self.bands.sort(key=lambda band: (band[0], band[1]))
        # bands whose authority names no one known, by their index
        self.unknown = [
            (index, (row, authority.written))
            for index, (_low, _high, authority, row) in enumerate(self.bands)
            if row is not None
        ]

    def _holds(self, item: Item, source: Roles, between: re.Pattern[str]) -> None:
        """Who holds which role, as one row of a register of roles says."""
        role = text_of(item.fields.get(source.role))
        person = reference_key(text_of(item.fields.get(source.person)))
        if not role:
            return
        names = [words(n) for n in between.split(role) if n.strip()]
        # "Project Manager P-2231" is the role "Project Manager" held on one project
        names += [
            words(head)
            for n in between.split(role)
            for head, _, code in [n.strip().rpartition(" ")]
            if head and INSTANCE_CODE.match(code.casefold())
        ]
        # "Facility Manager - Whipstick House" is the role "Facility Manager" held at one site
        names += [
            words(head)
            for n in between.split(role)
            if (head := UNDER_SITE.split(n, maxsplit=1)[0]) != n and head.strip()
        ]
        known = self.role_names.setdefault(role, [])
        known += [n for n in names if 0 < word_count(n) <= MAX_ROLE_WORDS and n not in known]
        if person:
            self.held.setdefault(person, set()).add(role)
            if source.authorities:
                stated = text_of(item.fields.get(source.authorities))[:MAX_AUTHORITIES_TEXT]
                self.acting[person] = self.acting.get(person, []) + [
                    words(m.group(1)) for m in _ACTING_AS.finditer(stated)
                ]
                for grant in _ACCEPTS_UP_TO.finditer(stated):
                    up_to = float(grant.group(1))
                    self.accepts_up_to[person] = max(up_to, self.accepts_up_to.get(person, up_to))
        flag = text_of(item.fields.get(source.top_management)) if source.top_management else ""
        if flag.casefold() in ("yes", "true") or self._says_top(role):
            self.top_people.add(person)

    def _says_top(self, text: str) -> bool:
        found = words(text)
        return any(says(ph, found) for ph in self._top_phrases)

    def band(self, level: float) -> int | None:
        """The index of the band holding `level`, or of the next band above it."""
        for index, (low, high, _authority, _row) in enumerate(self.bands):
            if low <= level <= high or level < low:
                return index
        return None

    def satisfied(self, authority: _Authority, deciders: dict[str, str], owner: str) -> bool:
        met = []
        if authority.owner:
            met.append(owner in deciders)
        # a band naming top management's own role ("VD") is that role's, not every member's
        if authority.top and not self.names_top(authority):
            met.append(any(self.is_top(k, w) for k, w in deciders.items()))
        for group in authority.roles:
            met.append(any(self.holds(k, w, role) for role in group for k, w in deciders.items()))
        return bool(met) and (any(met) if authority.any else all(met))

    def names_top(self, authority: _Authority) -> bool:
        """Whether an authority names a role of the roles register that a member of top
        management holds ("VD", "Managing Director"): that role, not top management as a whole,
        is whose authority it is."""
        if self._top_roles is None:  # worked out once, not for every item decided
            self._top_roles = {
                role
                for person, roles in self.held.items()
                if person in self.top_people
                for role in roles
            }
        return any(role in self._top_roles for group in authority.roles for role in group)

    def is_top(self, key: str, written: str) -> bool:
        return key in self.top_people or self._says_top(written)

    def senior(self, index: int, deciders: dict[str, str]) -> bool:
        """Whether a decider holds a role a band above `index` names: who may take part in a
        higher band's decision may decide a lower band's alone (the Operations Director, who
        accepts high risks with the Managing Director, may accept a medium one)."""
        return any(
            self.holds(k, w, role)
            for _low, _high, authority, _row in self.bands[index + 1 :]
            for group in authority.roles
            for role in group
            for k, w in deciders.items()
        )

    def one_role(self, written: str) -> bool:
        """Whether a cell is the name of one role ("Transport & Dispatch Manager"), which no
        separator of people splits."""
        said = words(written)
        return any(n == said for names in self.role_names.values() for n in names)

    def holds(self, key: str, written: str, role: str) -> bool:
        if role in self.held.get(key, ()):
            return True
        said = words(written)
        names = self.role_names.get(role, ())
        return any(says(" ".join(n), said) for n in names) or any(
            acting == n for acting in self.acting.get(key, ()) for n in names
        )


def check_authorised(ctx: CheckContext, p: AuthorisedParams) -> CheckResult:
    items, result = every_item(ctx, p)
    criteria = _Criteria(ctx, p, result)
    if not criteria.bands:
        return result  # no criteria as data: the rule's other checks ask for them
    # each item's level, read once: a number, or why it is none (None where it is empty)
    levels: list[tuple[Item, float | ValueError | None]] = []
    for item in items:
        value = item.fields.get(p.level)
        if is_empty(value):
            levels.append((item, None))
            continue
        try:
            levels.append((item, to_number(value)))
        except ValueError as exc:
            levels.append((item, exc))
    # the lowest level anyone is asked to have decided
    lowest = min(
        (lv for _, lv in levels if lv is not None and not isinstance(lv, ValueError)), default=None
    )
    for at, (row, written) in criteria.unknown:
        if lowest is None or criteria.bands[at][1] < lowest:
            # a band below every level asked about (low risks no one need accept), or any band
            # where no item asks for an acceptance at all: no authority is to be established
            continue
        # An authority the roles register does not hold cannot be checked: say so, never pass
        result.violations.append(
            Violation(
                f"{label(row)}: {p.bands.authority} {written!r} names no role of the "
                f"{ctx.evidence(p.roles.evidence).type.title}, nor the owner or top "
                "management; write the role as the roles register names it",
                row.where(p.bands.authority),
                code="unknown-authority",
            )
        )
    for item, level in levels:
        if level is None:
            continue  # no level: the rule's record checks report it
        if isinstance(level, ValueError):
            # A level isocheck cannot read is said, never taken as meeting the criteria
            result.violations.append(
                Violation(
                    f"{label(item)}: {p.level} {text_of(item.fields.get(p.level))!r} is not a "
                    f"level the criteria's bands can hold ({level}); map the register's words to "
                    "numbers in the profile",
                    item.where(p.level),
                    code="unknown-value",
                )
            )
            continue
        decided = text_of(item.fields.get(p.person))
        deciders = (
            {reference_key(decided): decided.strip()}
            if criteria.one_role(decided)
            else {reference_key(part): part.strip() for part in _people(decided) if part.strip()}
        )
        if not deciders:
            continue  # nobody decided: the rule's record checks report it
        owner = reference_key(text_of(item.fields.get(p.owner))) if p.owner else ""
        index = criteria.band(level)
        if index is None:
            result.violations.append(
                Violation(
                    f"{label(item)}: {p.level} {level:g} is above every band of the criteria "
                    f"({ctx.evidence(p.bands.evidence).type.title})",
                    item.where(p.level),
                    code="no-band",
                )
            )
            continue
        if criteria.bands[index][2].nobody and criteria.bands[index][0] <= level:
            result.violations.append(
                Violation(
                    f"{label(item)}: {p.person} {', '.join(deciders.values())} for {p.level} "
                    f"{level:g}, which the criteria allow no one to accept "
                    f"({criteria.bands[index][2].written!r})",
                    item.where(p.person),
                    code="not-authorised",
                )
            )
            continue
        # Top management may accept what the criteria give a role below it, not what they
        # reserve to one of its own roles ("Hög: VD", accepted by another member of the
        # management team)
        if any(criteria.is_top(k, w) for k, w in deciders.items()) and not criteria.names_top(
            criteria.bands[index][2]
        ):
            continue
        authorities = [band[2] for band in criteria.bands[index:] if band[2].parties]
        if not authorities or any(criteria.satisfied(a, deciders, owner) for a in authorities):
            continue
        if criteria.senior(index, deciders):
            continue
        if any(criteria.accepts_up_to.get(k, -1.0) >= level for k in deciders):
            continue  # the decider's role says itself it may accept risks rated so high
        required = authorities[0].written
        result.violations.append(
            Violation(
                f"{label(item)}: {p.person} {', '.join(deciders.values())} for {p.level} "
                f"{level:g}, which the criteria reserve to {required!r}",
                item.where(p.person),
                code="not-authorised",
            )
        )
    return cap(result)


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "authorised",
        check_authorised,
        AuthorisedParams,
        summary="who decided each item holds the authority the organization's criteria set for "
        "its level",
    )
