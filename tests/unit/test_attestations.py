"""Attested manual controls (isocheck/checks/attestations.py, isocheck/signatures.py): a person's
attestation counts while it is current, and, where signed or required to be, only with a valid SSH
signature by the person it names, as ssh-keygen judges against the profile's allowed signers."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from support import keygen, sign, snapshot, write_tree

import isocheck
from isocheck.model import Finding
from isocheck.signatures import NAMESPACE, explain, parse_signature, principals_of

PACK = """\
format: isocheck/rulepack/v2
pack: {id: attest, standard: attest, edition: "1", version: "1", title: Attested controls}
clauses:
  - {id: "8.1", title: Operational control}
evidence:
  attestation:
    kind: records
    title: Attestations
    locations: ["attestations/*.{yaml,yml,md}"]
    fields: [statement, control, attested_by, role, attested_on, renew_every, expires]
rules:
  - id: ATT-01
    clauses: ["8.1"]
    title: The walk-through is attested and current
    severity: minor
    stage: 2
    checks:
      - attested: {evidence: attestation, controls: [walk-through]}
  - id: ATT-02
    clauses: ["8.1"]
    title: The walk-through is attested by a signed attestation
    severity: minor
    stage: 2
    checks:
      - attested: {evidence: attestation, controls: [walk-through], signed: true}
"""

WALKTHROUGH = """\
statement: Quarterly walk-through of the production floor done; findings in NC-2026-14
control: walk-through
attested_by: Helen Carter
role: Operations Director
attested_on: 2026-03-14
renew_every: P3M
expires: 2026-12-31
"""

AS_OF = "2026-05-01"  # within the quarter after 2026-03-14
NAME = "attestations/2026-03-walkthrough.yaml"


def profile(signers: str | None = "keys/allowed_signers", require: bool = False) -> str:
    lines = [
        "format: isocheck/profile/v1",
        "organization: {name: Acme}",
        "scope: Machining",
        "standards: [attest]",
        "packs: [packs/attest.yaml]",
    ]
    settings = []
    if signers is not None:
        settings.append(f"allowed_signers: {signers}")
    if require:
        settings.append("require_signatures: true")
    if settings:
        lines.append(f"attestations: {{{', '.join(settings)}}}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen (OpenSSH) is not installed: signatures cannot be made here")
    folder = tmp_path_factory.mktemp("keys")  # outside every evidence folder
    return {who: keygen(folder, who) for who in ("helen", "tom", "stranger")}


def folder(
    tmp_path: Path,
    files: dict[str, str] | None = None,
    *,
    signers: str | None = "keys/allowed_signers",
    require: bool = False,
    allowed: str = "",
) -> Path:
    root = tmp_path / "evidence"
    write_tree(
        root,
        {
            "isocheck.yaml": profile(signers, require),
            "packs/attest.yaml": PACK,
            "keys/allowed_signers": allowed,
            **(files if files is not None else {NAME: WALKTHROUGH}),
        },
    )
    return root


def allowed_for(keys: dict[str, tuple[Path, str]]) -> str:
    return f'"Helen Carter" {keys["helen"][1]}\n"Tom Reilly,tom@acme.example" {keys["tom"][1]}\n'


def outcomes(root: Path, as_of: str = AS_OF) -> dict[str, Finding]:
    return {f.rule: f for f in isocheck.evaluate(root, as_of=as_of).findings}


def signed_folder(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], who: str = "helen", **kw: Any
) -> Path:
    root = folder(tmp_path, allowed=allowed_for(keys), **kw)
    sign(keys[who][0], root / NAME)
    return root


# --- currency, without signatures ---------------------------------------------------------------


def test_a_current_attestation_conforms_unsigned_where_no_signature_is_required(
    tmp_path: Path,
) -> None:
    found = outcomes(folder(tmp_path))
    assert found["ATT-01"].outcome == "conform"
    assert found["ATT-02"].outcome == "nonconform"
    assert found["ATT-02"].message.endswith(
        f"{NAME}: the attestation is not signed, and it must be: no {NAME}.sig next to it "
        f"(ssh-keygen -Y sign -f KEY -n {NAMESPACE} {NAME})"
    )


def test_the_profile_can_require_every_attestation_to_be_signed(tmp_path: Path) -> None:
    found = outcomes(folder(tmp_path, require=True))
    assert found["ATT-01"].outcome == "nonconform"
    assert "is not signed, and it must be" in found["ATT-01"].message
    assert NAME in found["ATT-01"].message


def test_an_attestation_past_its_renewal_period_is_a_finding(tmp_path: Path) -> None:
    # P3M is a quarter, up to 92 days: attested on 2026-03-14, it holds until 2026-06-14
    assert outcomes(folder(tmp_path), "2026-06-14")["ATT-01"].outcome == "conform"
    finding = outcomes(folder(tmp_path), "2026-06-15")["ATT-01"]
    assert finding.outcome == "nonconform"
    assert finding.message.endswith(
        f"{NAME}:5: the attestation of walk-through by Helen Carter on 2026-03-14 lapsed on "
        "2026-06-14: it holds for 92 days and was not renewed"
    )


def test_an_attestation_past_its_expiry_date_is_a_finding(tmp_path: Path) -> None:
    files = {
        NAME: WALKTHROUGH.replace("renew_every: P3M\n", "renew_every: yearly\n").replace(
            "expires: 2026-12-31", "expires: 2026-04-30"
        )
    }
    finding = outcomes(folder(tmp_path, files))["ATT-01"]
    assert finding.outcome == "nonconform"
    assert "by Helen Carter on 2026-03-14 expired on 2026-04-30" in finding.message
    assert NAME in finding.message
    # on the expiry day itself it still holds
    on_the_day = outcomes(folder(tmp_path / "day", files), "2026-04-30")["ATT-01"]
    assert on_the_day.outcome == "conform"


def test_the_latest_attestation_of_a_control_counts(tmp_path: Path) -> None:
    old = WALKTHROUGH.replace("2026-03-14", "2025-12-10")
    files = {NAME: WALKTHROUGH, "attestations/2025-12-walkthrough.md": f"---\n{old}---\n# Walk\n"}
    assert outcomes(folder(tmp_path, files), "2026-06-01")["ATT-01"].outcome == "conform"
    files = {"attestations/2025-12-walkthrough.md": f"---\n{old}---\n# Walk\n"}
    alone = outcomes(folder(tmp_path / "old", files), "2026-06-01")["ATT-01"]
    assert alone.outcome == "nonconform"
    assert "attestations/2025-12-walkthrough.md:6: the attestation of walk-through" in alone.message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            ("renew_every: P3M\n", "renew_every: as needed\n"),
            "renew_every 'as needed' says no period",
        ),
        (("renew_every: P3M\nexpires: 2026-12-31\n", ""), "says neither how often it is renewed"),
        (("role: Operations Director\n", ""), "the attestation does not say role"),
        (("attested_on: 2026-03-14", "attested_on: 2026-07-01"), "after the as-of date"),
        (("attested_on: 2026-03-14", "attested_on: 14/03/2026"), "attested_on"),
    ],
)
def test_an_attestation_that_says_too_little_is_a_finding(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    finding = outcomes(folder(tmp_path, {NAME: WALKTHROUGH.replace(*change)}))["ATT-01"]
    assert finding.outcome == "nonconform"
    assert words in " ".join(finding.details)


def test_a_control_nobody_attested_is_a_finding(tmp_path: Path) -> None:
    finding = outcomes(folder(tmp_path, {}))["ATT-01"]
    assert finding.outcome == "nonconform"
    assert "no attestation of walk-through found" in finding.message


# --- signatures ---------------------------------------------------------------------------------


def test_a_valid_signature_by_an_allowed_signer_conforms(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = signed_folder(tmp_path, keys)
    before = snapshot(root)
    found = outcomes(root)
    assert found["ATT-01"].outcome == "conform", found["ATT-01"].message
    assert found["ATT-02"].outcome == "conform", found["ATT-02"].message
    assert snapshot(root) == before  # nothing in the folder was written, moved or touched


def test_a_file_changed_after_it_was_signed_is_a_finding(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = signed_folder(tmp_path, keys)
    path = root / NAME
    path.write_text(path.read_text().replace("2026-03-14", "2026-04-14"))
    found = outcomes(root)
    for rule in ("ATT-01", "ATT-02"):  # a signature that is there is always verified
        assert found[rule].outcome == "nonconform"
        assert f"{NAME}: its signature {NAME}.sig is not valid for Helen Carter" in (
            found[rule].message
        )
        assert "it was changed after it was signed" in found[rule].message


def test_a_key_the_allowed_signers_do_not_list_is_a_finding(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = signed_folder(tmp_path, keys, who="stranger")
    message = outcomes(root)["ATT-02"].message
    assert "signed with a key that the allowed-signers file does not list" in message
    assert NAME in message


def test_the_wrong_namespace_is_a_finding(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = folder(tmp_path, allowed=allowed_for(keys))
    sign(keys["helen"][0], root / NAME, namespace="git")
    message = outcomes(root)["ATT-02"].message
    assert f"it was signed for 'git', not for '{NAMESPACE}'" in message


def test_a_signature_by_someone_other_than_the_attesting_person_is_a_finding(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = signed_folder(tmp_path, keys, who="tom")
    message = outcomes(root)["ATT-02"].message
    assert "it was signed with the key of Tom Reilly, tom@acme.example, not of Helen Carter" in (
        message
    )


def test_a_signature_cannot_be_verified_without_allowed_signers(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = signed_folder(tmp_path, keys, signers=None)
    finding = outcomes(root)["ATT-02"]
    assert finding.outcome == "nonconform"
    assert "the profile names no allowed-signers file" in finding.message
    root = signed_folder(tmp_path / "b", keys, signers="keys/missing")
    assert "allowed-signers file keys/missing does not exist" in outcomes(root)["ATT-02"].message


def test_a_linked_allowed_signers_file_or_signature_is_never_followed(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "allowed_signers").write_text(allowed_for(keys))
    root = signed_folder(tmp_path, keys)
    (root / "keys/allowed_signers").unlink()
    (root / "keys/allowed_signers").symlink_to(outside / "allowed_signers")
    message = outcomes(root)["ATT-02"].message
    assert "allowed-signers file keys/allowed_signers is a symbolic link" in message
    root = signed_folder(tmp_path / "b", keys)
    (outside / "x.sig").write_bytes((root / f"{NAME}.sig").read_bytes())
    (root / f"{NAME}.sig").unlink()
    (root / f"{NAME}.sig").symlink_to(outside / "x.sig")
    message = outcomes(root)["ATT-02"].message
    assert f"its signature {NAME}.sig is a symbolic link" in message


def test_the_profile_refuses_an_allowed_signers_path_outside_the_folder(tmp_path: Path) -> None:
    for path in ("/etc/ssh/allowed_signers", "../allowed_signers"):
        root = folder(tmp_path / path.replace("/", "_"), signers=path)
        with pytest.raises(isocheck.InputError, match="attestations"):
            isocheck.evaluate(root, as_of=AS_OF)


def test_without_ssh_keygen_a_signature_is_an_error_never_a_pass(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = signed_folder(tmp_path, keys)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    found = outcomes(root)
    for rule in ("ATT-01", "ATT-02"):
        assert found[rule].outcome == "error"
        assert "signatures cannot be verified: ssh-keygen" in found[rule].message
    # an unsigned attestation where none is required needs no ssh-keygen
    plain = folder(tmp_path / "plain")
    assert outcomes(plain)["ATT-01"].outcome == "conform"


# --- reading signatures for the words of a finding ----------------------------------------------


def test_signatures_and_allowed_signers_are_read_for_plain_words(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    file = tmp_path / "f.yaml"
    file.write_text(WALKTHROUGH)
    sign(keys["helen"][0], file)
    signature = (tmp_path / "f.yaml.sig").read_bytes()
    parsed = parse_signature(signature)
    assert parsed is not None and parsed[1] == NAMESPACE
    assert principals_of(parsed[0], allowed_for(keys).encode()) == ["Helen Carter"]
    assert principals_of(parsed[0], b"# nobody\n") is None
    assert parse_signature(b"not a signature") is None
    assert explain(b"junk", b"", "Helen Carter").startswith("the signature file is not an SSH")


def test_an_ssh_keygen_that_cannot_verify_is_an_error_never_a_pass(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = signed_folder(tmp_path, keys)
    programs = tmp_path / "old-openssh"
    programs.mkdir()
    fake = programs / "ssh-keygen"  # an OpenSSH without -Y verify -O verify-time
    fake.write_text("#!/bin/sh\necho 'Invalid option \"verify-time=20260501\"' >&2\nexit 255\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(programs))
    finding = outcomes(root)["ATT-02"]
    assert finding.outcome == "error"
    assert "does not know ssh-keygen -Y verify -O verify-time" in finding.message


def test_temporary_files_never_go_into_the_evidence_folder(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = signed_folder(tmp_path, keys)
    inside = root / "tmp"
    inside.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(inside))
    before = snapshot(root)
    finding = outcomes(root)["ATT-02"]
    assert finding.outcome == "error"
    assert "is inside the evidence folder, which is never written to" in finding.message
    assert snapshot(root) == before
