"""The certification cycle (ISO/IEC 17021-1): certification_cycle."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.common import EvidenceName, Selection, cap, date_of
from isocheck.checks.params import Doc, Minimum, MinItems
from isocheck.conditions import is_empty, shift, text_of
from isocheck.meaning import Vocabulary

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
    theirs, ours = standard_key(written), standard_key(standard)
    number = ours[:-4] if re.search(r".(19|20)\d\d$", ours) else ours
    return bool(theirs) and theirs in (ours, number)


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "certification_cycle",
        check_certification_cycle,
        CertificationCycleParams,
        summary="certification audits follow the ISO/IEC 17021-1 cycle for every certified standard",
    )
