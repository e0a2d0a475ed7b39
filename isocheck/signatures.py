"""SSH signatures of attestations, verified by `ssh-keygen -Y verify` (as git verifies signed
commits), never by isocheck's own cryptography.

What is verified comes from the evidence folder and is untrusted: the attestation's bytes go to
ssh-keygen on its standard input, the signature and the allowed-signers file (read confined by the
caller) are copied into a temporary folder of the system's (never the evidence folder), and
ssh-keygen runs from a fixed argument list, without a shell, with a minimal environment, a time
limit and its output kept to a few kilobytes. When it cannot run at all (not installed, too slow)
the caller is told so by `Unverifiable`: a signature that could not be verified is never valid.

Why a signature did not verify is worked out from the signature itself (its namespace and key)
and the allowed-signers file, to say it in plain words; the verdict is always ssh-keygen's.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import fnmatch
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "isocheck-attestation"
MAX_SIGNATURE_BYTES = 64 * 1024  # an SSH signature is a few hundred bytes
MAX_SIGNERS_BYTES = 1024 * 1024
MAX_IDENTITY_CHARS = 200
TIMEOUT_SECONDS = 10.0
MAX_OUTPUT_BYTES = 4096

# What an ssh-keygen says that cannot do what is asked (no -Y, no verify-time): not a verdict.
_TOO_OLD = ("invalid option", "unknown option", "illegal option", "usage:", "too many arguments")

_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"


class Unverifiable(Exception):
    """ssh-keygen could not be run to verify a signature: a fault of the machine running isocheck,
    never the organization's, and never a valid signature."""


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str = ""  # why not, in plain words


def identity_problem(identity: str) -> str | None:
    """Why `identity` cannot be a signer's principal (ssh-keygen's -I), or None."""
    if not identity.strip():
        return "names nobody"
    if len(identity) > MAX_IDENTITY_CHARS:
        return f"is longer than {MAX_IDENTITY_CHARS} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in identity):
        return "holds a control character"
    return None


def verify(
    message: bytes,
    signature: bytes,
    allowed_signers: bytes,
    identity: str,
    *,
    as_of: dt.date,
    outside: Path | None = None,
) -> Verdict:
    """Whether `signature` is a valid signature of `message` in the namespace NAMESPACE by a key
    that `allowed_signers` lists for the principal `identity`, as ssh-keygen judges it on the
    as-of date (a key's valid-after and valid-before are compared with it). `outside`: a folder
    the temporary files must not be inside (the evidence folder). Raises Unverifiable when
    ssh-keygen cannot be run."""
    why = identity_problem(identity)
    if why is not None:
        return Verdict(False, f"the signer's name {why}")
    program = shutil.which("ssh-keygen")
    if program is None:
        raise Unverifiable(
            "signatures cannot be verified: ssh-keygen (OpenSSH 8.2 or later) is not installed "
            "on the machine running isocheck"
        )
    base = Path(tempfile.gettempdir()).resolve()
    if outside is not None and _within(base, outside):  # checked before anything is made there
        raise Unverifiable(
            f"signatures cannot be verified: the temporary folder {base} is inside the "
            "evidence folder, which is never written to; point TMPDIR elsewhere"
        )
    with tempfile.TemporaryDirectory(prefix="isocheck-signature-", dir=base) as tmp:
        folder = Path(tmp)
        signers_path = _write(folder / "allowed_signers", allowed_signers)
        signature_path = _write(folder / "attestation.sig", signature)
        args = [
            program,
            "-Y",
            "verify",
            "-f",
            str(signers_path),
            "-I",
            identity,
            "-n",
            NAMESPACE,
            "-s",
            str(signature_path),
            "-O",
            f"verify-time={as_of:%Y%m%d}",
        ]
        env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C", "HOME": str(folder)}
        with open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
            try:
                done = subprocess.run(
                    args,
                    input=message,
                    stdout=out,
                    stderr=err,
                    env=env,
                    cwd=folder,
                    timeout=TIMEOUT_SECONDS,
                    check=False,
                    close_fds=True,
                )
            except subprocess.TimeoutExpired:
                raise Unverifiable(
                    f"signatures cannot be verified: ssh-keygen did not answer within "
                    f"{TIMEOUT_SECONDS:g} s"
                ) from None
            except OSError as exc:
                raise Unverifiable(
                    f"signatures cannot be verified: ssh-keygen cannot be run ({exc.strerror})"
                ) from None
        said = _head(folder / "err")
        if done.returncode == 0:
            return Verdict(True)
        if said.casefold().startswith(_TOO_OLD):
            raise Unverifiable(
                "signatures cannot be verified: the ssh-keygen on the machine running isocheck "
                f"does not know ssh-keygen -Y verify -O verify-time; a newer OpenSSH is needed "
                f"(ssh-keygen: {said})"
            )
    return Verdict(False, explain(signature, allowed_signers, identity, said))


def explain(signature: bytes, allowed_signers: bytes, identity: str, said: str = "") -> str:
    """Why a signature ssh-keygen refused did not verify, as far as the signature and the
    allowed-signers file tell."""
    parsed = parse_signature(signature)
    if parsed is None:
        return "the signature file is not an SSH signature (ssh-keygen -Y sign makes one)"
    key, namespace = parsed
    if namespace != NAMESPACE:
        return f"it was signed for {namespace!r}, not for {NAMESPACE!r} (ssh-keygen -Y sign -n)"
    principals = principals_of(key, allowed_signers)
    if principals is None:
        return "it was signed with a key that the allowed-signers file does not list"
    if not any(_matches(identity, p) for p in principals):
        return f"it was signed with the key of {', '.join(principals)}, not of {identity}"
    detail = f" (ssh-keygen: {said})" if said else ""
    return (
        "the signature does not match the file: it was changed after it was signed, or the "
        f"key of {identity} was not valid for it on the as-of date{detail}"
    )


def parse_signature(signature: bytes) -> tuple[bytes, str] | None:
    """(public key blob, namespace) of an armoured SSH signature, or None if it is not one."""
    text = signature.decode("ascii", "replace")
    if _BEGIN not in text or _END not in text:
        return None
    body = text.split(_BEGIN, 1)[1].split(_END, 1)[0]
    try:
        blob = base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not blob.startswith(b"SSHSIG") or len(blob) < 10:
        return None
    at = 10  # magic and version
    fields: list[bytes] = []
    for _ in range(2):  # the public key, the namespace
        if at + 4 > len(blob):
            return None
        size = int.from_bytes(blob[at : at + 4], "big")
        if at + 4 + size > len(blob):
            return None
        fields.append(blob[at + 4 : at + 4 + size])
        at += 4 + size
    return fields[0], fields[1].decode("utf-8", "replace")


def principals_of(key: bytes, allowed_signers: bytes) -> list[str] | None:
    """The principals the allowed-signers file lists `key` for, or None if it does not list it."""
    wanted = base64.b64encode(key).decode("ascii")
    found: list[str] = []
    listed = False
    for line in allowed_signers.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        principals, rest = _first_field(line)
        if wanted in rest.split():
            listed = True
            found.extend(p for p in principals.split(",") if p)
    return found if listed else None


def _first_field(line: str) -> tuple[str, str]:
    """The principals of an allowed-signers line (quotes taken off: "Helen Carter"), and the
    rest of the line."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char.isspace() and not quoted:
            return line[:i].replace('"', ""), line[i:]
    return line.replace('"', ""), ""


def _matches(identity: str, principal: str) -> bool:
    return not principal.startswith("!") and fnmatch.fnmatchcase(identity, principal)


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _write(path: Path, data: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    return path


def _head(path: Path) -> str:
    """The first line of what ssh-keygen said, at most MAX_OUTPUT_BYTES of it read."""
    with open(path, "rb") as file:
        data = file.read(MAX_OUTPUT_BYTES)
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    return next((line for line in lines if line), "")[:200]
