"""The certification cycle (ISO/IEC 17021-1): certification_cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.common import EvidenceName, Selection, cap, date_of
from isocheck.checks.params import Doc, Minimum, MinItems
from isocheck.conditions import is_empty, text_of

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
    surveillance = {t.casefold() for t in p.surveillance}
    recertification = {t.casefold() for t in p.recertification}
    first_within = p.first_within_days
    notice = p.notice_days
    for cert in certificates:
        standard = text_of(cert.fields.get("standard"))
        decided = date_of(cert, "decision_date", result)
        if decided is None:
            continue
        expires = None
        if not is_empty(cert.fields.get("expires")):
            expires = date_of(cert, "expires", result)
        held: list[tuple[dt.date, str]] = []
        for audit in audits:
            if text_of(audit.fields.get("standard")).casefold() != standard.casefold():
                continue
            kind = text_of(audit.fields.get("type")).casefold()
            if kind not in surveillance | recertification:
                continue
            when = date_of(audit, "date", result)
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
            window_start = expires - dt.timedelta(days=365)
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


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "certification_cycle",
        check_certification_cycle,
        CertificationCycleParams,
        summary="certification audits follow the ISO/IEC 17021-1 cycle for every certified standard",
    )
