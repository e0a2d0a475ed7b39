"""The certification cycle (ISO/IEC 17021-1): certification_cycle, site_sample (IAF MD 1)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation, values_of
from isocheck.checks.common import EvidenceName, NonEmpty, Selection, cap, date_of
from isocheck.checks.params import Doc, Minimum, MinItems
from isocheck.conditions import is_empty, shift, text_of
from isocheck.evidence import Item
from isocheck.meaning import Vocabulary, without_remark
from isocheck.sites import AUDIT_KINDS, AuditKind, next_sample, sample_size

AuditTypes = Annotated[list[str], MinItems(1)]


@dataclass(frozen=True, kw_only=True)
class CertificationCycleParams(Selection):
    """For every certified standard, the audits in `evidence` (a table with `standard, type,
    date`) show the first surveillance within `first_within_days` of the certification decision,
    at least one audit in every complete calendar year after the decision year (the
    recertification year excepted), and, once expiry is within `notice_days`, a recertification
    audit held or planned before expiry."""

    certificates: Annotated[EvidenceName, Doc("the certificates: an evidence type of kind profile")]
    surveillance: Annotated[AuditTypes, Doc("audit types that are surveillance audits")] = field(
        default_factory=lambda: ["surveillance"]
    )
    recertification: Annotated[AuditTypes, Doc("audit types that are recertification audits")] = (
        field(default_factory=lambda: ["recertification"])
    )
    first_within_days: Annotated[
        int, Minimum(1), Doc("days after the certification decision for the first surveillance")
    ] = 365
    notice_days: Annotated[
        int, Minimum(0), Doc("days before expiry from which a recertification must be planned")
    ] = 90


def check_certification_cycle(ctx: CheckContext, p: CertificationCycleParams) -> CheckResult:
    """Surveillance of each certificate: the first within `first_within_days` of the certification
    decision, then at least one audit in every full calendar year after the decision year (the
    recertification year excepted), and a recertification audit held or planned once expiry is
    within `notice_days`."""
    certificates, result = ctx.items(p.certificates)
    audits, audit_result = ctx.items(p.evidence, p.where)
    result.extend(audit_result)
    # "Surveillance 2", "1st surveillance audit", "Re-certification": the kind, not the words.
    kinds = Vocabulary.of({"surveillance": p.surveillance, "recertification": p.recertification})
    surveillance, recertification = {"surveillance"}, {"recertification"}
    first_within = p.first_within_days
    notice = p.notice_days
    for cert in certificates:
        standard = text_of(cert.fields.get("standard"))
        if all(is_empty(cert.fields.get(f)) for f in ("decision_date", "certificate", "expires")):
            continue  # the initial certification is underway: no certificate to keep yet
        decided = date_of(cert, "decision_date", result)
        if decided is None:
            continue
        expires = None
        if not is_empty(cert.fields.get("expires")):
            expires = date_of(cert, "expires", result)
        held: list[tuple[dt.date, str]] = []
        for audit in audits:
            if not same_standard(text_of(audit.fields.get("standard")), standard):
                continue
            kind = kinds.meaning(_first_kind(text_of(audit.fields.get("type"))))
            if kind is None:
                continue
            when = date_of(audit, "date", result)
            if when is not None:
                held.append((when, kind))
        done = sorted(h for h in held if decided < h[0] <= ctx.as_of)
        due = shift(decided, first_within)
        if ctx.as_of > due and not any(w <= due and k in surveillance for w, k in done):
            result.violations.append(
                Violation(
                    f"{standard}: the first surveillance audit after the certification decision of "
                    f"{decided.isoformat()} was due by {due.isoformat()}; none is recorded",
                    cert.ref,
                    code="missed-audit",
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
                        code="missed-audit",
                    )
                )
        if expires is not None and (expires - ctx.as_of).days <= notice:
            window_start = shift(expires, -365)
            planned = [w for w, k in held if k in recertification and window_start <= w <= expires]
            if not planned:
                result.violations.append(
                    Violation(
                        f"{standard}: the certificate expires on {expires.isoformat()} and no "
                        "recertification audit is held or planned before then",
                        cert.ref,
                        code="missed-audit",
                    )
                )
    return cap(result)


_ORDINAL = re.compile(r"^\s*(\d+\s*(st|nd|rd|th)?\.?|first|second|third)\s+", re.IGNORECASE)


def _first_kind(text: str) -> str:
    """An audit type without a leading ordinal: "1st surveillance" is a surveillance."""
    return _ORDINAL.sub("", text)


_STANDARD_NOISE = re.compile(r"\b(iso|iec|en|din|bs)\b|[^0-9a-z]", re.IGNORECASE)


def standard_key(text: str) -> str:
    """A standard as its number and edition: "ISO 9001:2015", "iso9001-2015", "ISO/IEC 27001"
    read as "90012015", "90012015", "27001"."""
    return _STANDARD_NOISE.sub("", text.casefold().replace("iso", " iso "))


def same_standard(written: str, standard: str) -> bool:
    """Whether an audit record names the certified standard: the same number and, where the
    record gives one, the same edition."""
    ours = standard_key(standard)
    number = ours[:-4] if re.search(r".(19|20)\d\d$", ours) else ours
    # One audit of an integrated system names each standard it covers: "ISO 9001; ISO 14001"
    for part in _STANDARDS_LIST.split(written):
        theirs = standard_key(part)
        if theirs and theirs in (ours, number):
            return True
    return False


# Between the standards one audit covers ("ISO 9001; ISO 14001 & ISO 45001", "9001/14001")
_STANDARDS_LIST = re.compile(r"[;,/+&\n]|\band\b|\bund\b|\bet\b|\by\b|\be\b")


@dataclass(frozen=True, kw_only=True)
class SiteSampleParams(Selection):
    """The latest certification audit of each kind and standard in `evidence` (a table with
    `standard, type, date` and the sites visited) visited the central function and at least
    ceil(k * sqrt(n)) of the organization's n sites (IAF MD 1: k = 1 at the initial audit, 0.6 at
    a surveillance, 0.8 at a recertification)."""

    sites: Annotated[
        EvidenceName,
        Doc("the organization's sites: an evidence type of kind profile, section sites"),
    ]
    column: Annotated[NonEmpty, Doc("the column listing the ids of the sites visited")] = (
        "sites_visited"
    )
    separator: Annotated[NonEmpty, Doc("what separates the site ids in a cell")] = ";"
    initial: Annotated[AuditTypes, Doc("audit types of the initial certification audit")] = field(
        default_factory=lambda: ["stage2"]
    )
    surveillance: Annotated[AuditTypes, Doc("audit types that are surveillance audits")] = field(
        default_factory=lambda: ["surveillance"]
    )
    recertification: Annotated[AuditTypes, Doc("audit types that are recertification audits")] = (
        field(default_factory=lambda: ["recertification"])
    )


def check_site_sample(ctx: CheckContext, p: SiteSampleParams) -> CheckResult:
    """IAF MD 1 for every standard's latest audit of each kind held by the as-of date, and, as a
    note, the sites the next surveillance visits: the central function, then the sites not yet
    visited since the cycle began (the latest initial or recertification audit), by id."""
    sites, result = ctx.items(p.sites)
    audits, audit_result = ctx.items(p.evidence, p.where)
    result.extend(audit_result)
    known = [(text_of(s.fields.get("id")), s.fields.get("central") is True) for s in sites]
    n = len(known)
    if n < 2:
        return result  # a single site: nothing to sample (the rule says not applicable)
    # A site visited is named by its id, or by its name where the id says otherwise
    by_key = {
        text_of(s.fields.get("name")).casefold(): i for s, (i, _) in zip(sites, known, strict=True)
    }
    by_key.update({i.casefold(): i for i, _ in known})
    central = [i for i, c in known if c]
    kinds = Vocabulary.of(
        {"initial": p.initial, "surveillance": p.surveillance, "recertification": p.recertification}
    )
    held: dict[str, list[tuple[dt.date, AuditKind, Item, list[str], list[str]]]] = {}
    for audit in audits:
        kind = kinds.meaning(_first_kind(text_of(audit.fields.get("type"))))
        if kind is None or is_empty(audit.fields.get("date")):
            continue
        when = date_of(audit, "date", result)
        if when is None or when > ctx.as_of:
            continue  # a planned audit has visited nothing yet
        visited: list[str] = []
        unknown: list[str] = []
        for value in values_of(audit, p.column, p.separator):
            # a remark after the site ("Leeds (remote)": audited remotely) leaves it that site
            site = by_key.get(value.casefold()) or by_key.get(
                without_remark(value).strip().casefold()
            )
            if site is None:
                unknown.append(value)
            elif site not in visited:
                visited.append(site)
        standard = text_of(audit.fields.get("standard"))
        held.setdefault(standard, []).append((when, kind, audit, visited, unknown))  # type: ignore[arg-type]
    for standard in sorted(held):
        audited = sorted(held[standard], key=lambda h: (h[0], h[2].ref.line or 0))
        starts = [h for h in audited if h[1] in ("initial", "recertification")]
        # the audits of the current cycle: an earlier cycle's sample (the initial audit of six
        # years ago, before a site was added) was its own certification decision's matter, and
        # the sites it visited may since have closed (a construction project finished)
        cycle = [h for h in audited if not starts or h[0] >= starts[-1][0]]
        for _, _, audit, _, unknown in cycle:
            result.violations.extend(
                Violation(
                    f"{p.column} {value!r} is no site of the profile (known: "
                    f"{', '.join(i for i, _ in known)})",
                    audit.where(p.column),
                    code="unknown-reference",
                )
                for value in unknown
            )
        for kind in AUDIT_KINDS:
            of_kind = [h for h in cycle if h[1] == kind]
            if not of_kind:
                continue  # none held: CERT-3-01 judges missing audits
            when, _, audit, visited, _ = of_kind[-1]
            result.violations.extend(_sample_violations(standard, kind, when, audit, visited, p, n))
            missed = [c for c in central if c not in visited]
            if missed:
                result.violations.append(
                    Violation(
                        f"{standard}: the {kind} audit of {when.isoformat()} did not visit the "
                        f"central function ({', '.join(missed)}), which IAF MD 1 requires at "
                        "every audit",
                        audit.where(p.column),
                        code="under-sampled",
                    )
                )
        seen = {site for h in cycle for site in h[3]}
        size = sample_size("surveillance", n)
        since = (
            f"since the {starts[-1][1]} audit of {starts[-1][0].isoformat()}" if starts else "yet"
        )
        result.notes.append(
            f"{standard}: the next surveillance audit visits at least {size} of {n} sites: "
            f"{', '.join(next_sample(known, seen, size))} (the central function, then the sites "
            f"not visited {since}, by id)"
        )
    return cap(result)


def _sample_violations(
    standard: str,
    kind: AuditKind,
    when: dt.date,
    audit: Item,
    visited: list[str],
    p: SiteSampleParams,
    n: int,
) -> list[Violation]:
    need = sample_size(kind, n)
    if len(visited) >= need:
        return []
    factor = {"initial": "sqrt(n)", "surveillance": "0.6 sqrt(n)", "recertification": "0.8 sqrt(n)"}
    went = ", ".join(visited) or "none recorded"
    return [
        Violation(
            f"{standard}: the {kind} audit of {when.isoformat()} visited {len(visited)} of {n} "
            f"sites ({went}); IAF MD 1 asks for at least {need} ({factor[kind]}, rounded up)",
            audit.where(p.column),
            code="under-sampled",
        )
    ]


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "certification_cycle",
        check_certification_cycle,
        CertificationCycleParams,
        summary="certification audits follow the ISO/IEC 17021-1 cycle for every certified standard",
    )
    registry.register_typed(
        "site_sample",
        check_site_sample,
        SiteSampleParams,
        summary="certification audits of a multi-site organization visit the IAF MD 1 sample of "
        "its sites and its central function",
    )
