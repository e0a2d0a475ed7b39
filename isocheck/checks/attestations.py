"""Attested manual controls: attested.

Some requirements are met by people, not files: a walk-through done, a fire drill observed, a
review held. An attestation is one record (a YAML file, or Markdown with front matter) of who
attests what, in which role and when, and how long that holds (`renew_every`, `expires`),
optionally signed with an SSH signature in a file next to it (`NAME.sig`, made by
`ssh-keygen -Y sign -n isocheck-attestation`). The signer is the person the attestation names in
`attested_by`: the allowed-signers file the profile names (`attestations: allowed_signers:`) must
list their key under that name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Annotated

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.common import NonEmpty, Selection, cap, date_of, none_found
from isocheck.checks.params import Doc, Minimum, MinItems
from isocheck.conditions import is_empty, shift, text_of
from isocheck.confined import ConfinedError
from isocheck.errors import CheckError
from isocheck.evidence import Item
from isocheck.meaning import fold, to_days
from isocheck.signatures import (
    MAX_SIGNATURE_BYTES,
    MAX_SIGNERS_BYTES,
    NAMESPACE,
    Unverifiable,
    verify,
)

# The fields every attestation gives (the profile may map its own names onto them).
REQUIRED = ("statement", "control", "attested_by", "role", "attested_on")
SIGNATURE_SUFFIX = ".sig"


@dataclass(frozen=True, kw_only=True)
class AttestedParams(Selection):
    """Each control (those in `controls`, else every control an attestation names) has a current
    attestation: its latest valid one was made no longer ago than its renewal period
    (`renew_every`, at most `max_days`) and is not past `expires`. An attestation is valid when it
    gives statement, control, attested_by, role and attested_on, and, where it is signed or must
    be (`signed`, or the profile's `attestations: require_signatures`), its signature verifies
    against the profile's allowed-signers file for the person in attested_by."""

    controls: Annotated[
        list[NonEmpty] | None,
        MinItems(1),
        Doc("the controls that must be attested (an attestation's `control`)"),
    ] = None
    signed: Annotated[
        bool, Doc("every attestation must carry a valid signature (NAME.sig next to it)")
    ] = False
    max_days: Annotated[
        int | None,
        Minimum(1),
        Doc(
            "the most days an attestation holds: for one that gives no renew_every, and as a cap "
            "on a longer one"
        ),
    ] = None


@dataclass(frozen=True)
class _Current:
    """A valid attestation of a control and how long it holds."""

    on: dt.date
    item: Item
    control: str
    by: str
    period: int | None  # days
    expires: dt.date | None


class _Signers:
    """The profile's allowed-signers file, read once per check, confined."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self._data: bytes | None = None
        self.problem: str | None = None
        self._read = False

    def get(self) -> bytes | None:
        if not self._read:
            self._read = True
            path = self.ctx.attestations.allowed_signers
            if path is None:
                self.problem = (
                    "signatures cannot be verified: the profile names no allowed-signers file "
                    "(attestations: {allowed_signers: PATH})"
                )
            elif self.ctx.read is None:
                self.problem = f"signatures cannot be verified: {path} cannot be read here"
            else:
                try:
                    self._data = self.ctx.read(path, MAX_SIGNERS_BYTES)
                except ConfinedError as exc:
                    self.problem = (
                        f"signatures cannot be verified: the allowed-signers file {path} "
                        f"{_reason(exc)}"
                    )
        return self._data


def check_attested(ctx: CheckContext, p: AttestedParams) -> CheckResult:
    items, result = ctx.items(p.evidence, p.where)
    if not items and not p.controls:
        result.violations.extend(none_found(ctx, p.evidence, p.where))
        return result
    must_sign = p.signed or ctx.attestations.require_signatures
    signers = _Signers(ctx)
    named: dict[str, str] = {}  # folded control -> as an attestation first wrote it
    current: dict[str, list[_Current]] = {}
    for item in items:
        control = text_of(item.fields.get("control")).strip()
        if control:
            named.setdefault(fold(control), control)
        valid = _valid(ctx, p, item, must_sign, signers, result)
        if valid is not None:
            current.setdefault(fold(valid.control), []).append(valid)
    if signers.problem is not None:
        where = ctx.attestations.source
        result.violations.append(Violation(signers.problem, code="no-signers"))
        if where is not None:
            result.notes.append(f"the profile's attestations: setting is at {where}")
    wanted = {fold(c): c for c in p.controls} if p.controls else dict(named)
    for key, control in wanted.items():
        found = current.get(key)
        if not found:
            if key not in named:  # attested nowhere; otherwise each attestation said why not
                looked = ", ".join(ctx.evidence(p.evidence).locations)
                result.violations.append(
                    Violation(
                        f"no attestation of {control} found (looked in: {looked})",
                        code="not-attested",
                    )
                )
            continue
        latest = max(found, key=lambda a: (a.on, str(a.item.ref)))
        _judge(ctx, latest, result)
    return cap(result)


def _valid(
    ctx: CheckContext,
    p: AttestedParams,
    item: Item,
    must_sign: bool,
    signers: _Signers,
    result: CheckResult,
) -> _Current | None:
    """The attestation `item` if it is valid, with how long it holds; else None, with why not
    in `result`."""
    missing = [name for name in REQUIRED if is_empty(item.fields.get(name))]
    if missing:
        result.violations.append(
            Violation(
                f"the attestation does not say {', '.join(missing)}",
                item.ref,
                code="missing-field",
            )
        )
        return None
    control = text_of(item.fields["control"]).strip()
    by = text_of(item.fields["attested_by"]).strip()
    on = date_of(item, "attested_on", result)
    if on is None:
        return None
    if on > ctx.as_of:
        result.violations.append(
            Violation(
                f"the attestation of {control} is dated {on.isoformat()}, after the as-of date",
                item.where("attested_on"),
                code="future-date",
            )
        )
        return None
    period: int | None = None
    renew = item.fields.get("renew_every")
    if not is_empty(renew):
        try:
            period = to_days(renew)
        except ValueError:
            result.violations.append(
                Violation(
                    f"renew_every {text_of(renew)!r} says no period (write P3M, quarterly, "
                    "every 90 days or yearly)",
                    item.where("renew_every"),
                    code="bad-period",
                )
            )
            return None
    if p.max_days is not None:
        period = p.max_days if period is None else min(period, p.max_days)
    expires: dt.date | None = None
    if not is_empty(item.fields.get("expires")):
        expires = date_of(item, "expires", result)
        if expires is None:
            return None
    if period is None and expires is None:
        result.violations.append(
            Violation(
                f"the attestation of {control} says neither how often it is renewed "
                "(renew_every) nor when it expires (expires)",
                item.ref,
                code="missing-field",
            )
        )
        return None
    if not _signature_holds(ctx, item, by, must_sign, signers, result):
        return None
    return _Current(on, item, control, by, period, expires)


def _signature_holds(
    ctx: CheckContext,
    item: Item,
    by: str,
    must_sign: bool,
    signers: _Signers,
    result: CheckResult,
) -> bool:
    """Whether the attestation's signature holds: none is needed and there is none, or it
    verifies. A signature that is there is always verified: one that fails says the file changed
    after it was signed."""
    path = item.ref.path
    sig = path + SIGNATURE_SUFFIX
    read = ctx.read
    signature: bytes | None = None
    if read is not None:
        try:
            signature = read(sig, MAX_SIGNATURE_BYTES)
        except ConfinedError as exc:
            if exc.kind != "missing":
                result.violations.append(
                    Violation(f"its signature {sig} {_reason(exc)}", item.ref, code="bad-signature")
                )
                return False
    if read is None or signature is None:
        if must_sign:
            result.violations.append(
                Violation(
                    f"the attestation is not signed, and it must be: no {sig} next to it "
                    f"(ssh-keygen -Y sign -f KEY -n {NAMESPACE} {path})",
                    item.ref,
                    code="unsigned",
                )
            )
            return False
        return True
    allowed = signers.get()
    if allowed is None:
        return False  # said once, for every signed attestation
    # The bytes verified are the bytes judged: read again, and compared with what was parsed.
    try:
        message = read(path, item.parsed.size if item.parsed is not None else 0)
        why = "changed while isocheck read it; run again"
    except ConfinedError as exc:
        message, why = b"", _reason(exc)
    if hashlib.sha256(message).hexdigest() != item.ref.sha256:
        result.violations.append(
            Violation(f"the attestation {why}", item.ref, code="bad-signature")
        )
        return False
    try:
        verdict = verify(message, signature, allowed, by, as_of=ctx.as_of, outside=ctx.root)
    except Unverifiable as exc:
        raise CheckError(str(exc)) from None
    if not verdict.valid:
        result.violations.append(
            Violation(
                f"its signature {sig} is not valid for {by}: {verdict.reason}",
                item.ref,
                code="bad-signature",
            )
        )
        return False
    return True


def _judge(ctx: CheckContext, latest: _Current, result: CheckResult) -> None:
    """A violation in `result` if the latest valid attestation of a control no longer holds."""
    who = f"the attestation of {latest.control} by {latest.by} on {latest.on.isoformat()}"
    if latest.period is not None:
        age = (ctx.as_of - latest.on).days
        if age > latest.period:
            lapsed = shift(latest.on, latest.period)
            result.violations.append(
                Violation(
                    f"{who} lapsed on {lapsed.isoformat()}: it holds for {latest.period} days "
                    f"and was not renewed",
                    latest.item.where("attested_on"),
                    code="expired",
                )
            )
            return
    if latest.expires is not None and ctx.as_of > latest.expires:
        result.violations.append(
            Violation(
                f"{who} expired on {latest.expires.isoformat()}",
                latest.item.where("expires"),
                code="expired",
            )
        )


def _reason(exc: ConfinedError) -> str:
    if exc.kind == "missing":
        return "does not exist"
    if exc.kind == "link":
        return "is a symbolic link, which isocheck does not follow"
    return exc.reason


def register(registry: CheckRegistry) -> None:
    registry.register_typed(
        "attested",
        check_attested,
        AttestedParams,
        summary="each control has a current attestation, signed by an allowed signer where "
        "signatures are required",
    )
