"""Signed attestations through `pytest --isocheck=...`: a valid signature passes, a file changed
after it was signed fails naming the file, a machine without ssh-keygen errors, and the evidence
folder is left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import keygen, needs_ssh_keygen, sign, snapshot, write_tree

pytest_plugins = ["pytester"]

pytestmark = [pytest.mark.integration, needs_ssh_keygen]

PACK = """\
format: isocheck/rulepack/v2
pack: {id: attest, standard: attest, edition: "1", version: "1", title: Attested controls}
clauses:
  - {id: "8.1", title: Operational control}
evidence:
  attestation:
    kind: records
    title: Attestations
    locations: ["attestations/*.yaml"]
rules:
  - id: ATT-01
    clauses: ["8.1"]
    title: The walk-through is attested, signed and current
    severity: major
    stage: 2
    checks:
      - attested: {evidence: attestation, controls: [walk-through], signed: true}
"""

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Acme}
scope: Machining
standards: [attest]
packs: [packs/attest.yaml]
as_of: 2026-05-01
attestations: {allowed_signers: keys/allowed_signers}
"""

WALKTHROUGH = """\
statement: Quarterly walk-through of the production floor done; findings in NC-2026-14
control: walk-through
attested_by: Helen Carter
role: Operations Director
attested_on: 2026-03-14
renew_every: P3M
"""

NAME = "attestations/2026-03-walkthrough.yaml"


@pytest.fixture
def evidence(pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory) -> Path:
    key, public = keygen(tmp_path_factory.mktemp("keys"), "helen")
    root = write_tree(
        pytester.path / "evidence",
        {
            "isocheck.yaml": PROFILE,
            "packs/attest.yaml": PACK,
            "keys/allowed_signers": f'"Helen Carter" {public}\n',
            NAME: WALKTHROUGH,
        },
    )
    sign(key, root / NAME)
    return root


def test_a_signed_attestation_passes_and_a_tampered_one_fails(
    pytester: pytest.Pytester, evidence: Path
) -> None:
    before = snapshot(evidence)
    passed = pytester.runpytest_subprocess("--isocheck=evidence", "-p", "no:cacheprovider")
    assert passed.ret == pytest.ExitCode.OK
    passed.assert_outcomes(passed=1)
    assert snapshot(evidence) == before

    (evidence / NAME).write_text(WALKTHROUGH.replace("2026-03-14", "2026-04-14"))
    before = snapshot(evidence)
    failed = pytester.runpytest_subprocess("--isocheck=evidence", "-p", "no:cacheprovider")
    assert failed.ret == pytest.ExitCode.TESTS_FAILED
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [f"*{NAME}: its signature {NAME}.sig is not valid for Helen Carter: *changed after it*"]
    )
    assert snapshot(evidence) == before


def test_without_ssh_keygen_the_rule_is_an_error_never_a_pass(
    pytester: pytest.Pytester, evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(evidence)
    monkeypatch.setenv("PATH", str(pytester.path / "no-programs-here"))
    result = pytester.runpytest_subprocess("--isocheck=evidence", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*signatures cannot be verified: ssh-keygen*"])
    assert snapshot(evidence) == before
