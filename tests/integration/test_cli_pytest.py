"""The isocheck command with pytest: `isocheck init`'s folder, run as a gap analysis."""

from __future__ import annotations

import pytest

from isocheck.cli import main
from isocheck.packs import PackCatalog
from isocheck.plugins import default_host

pytest_plugins = ["pytester"]


def test_init_then_gap_analysis_gives_only_nonconformities(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    target = pytester.path / "new-qms"
    assert main(["init", "--standard", "iso9001-2015", str(target)]) == 0
    assert (target / "isocheck.yaml").is_file()
    assert (target / "people" / "training.csv").read_text().startswith("person,")
    # Never overwrites: a second run keeps everything.
    (target / "isocheck.yaml").write_text((target / "isocheck.yaml").read_text() + "# mine\n")
    capsys.readouterr()
    assert main(["init", "--standard", "iso9001-2015", str(target)]) == 0
    assert "created" not in capsys.readouterr().out
    assert (target / "isocheck.yaml").read_text().endswith("# mine\n")
    result = pytester.runpytest("--isocheck", "new-qms", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    # A blank skeleton is all gaps: nothing conforms on placeholders, nothing errors.
    assert outcomes.get("failed", 0) > 90
    assert "passed" not in outcomes
    assert "error" not in outcomes and "errors" not in outcomes
    result.stdout.fnmatch_lines(["certification: NOT RECOMMENDED"])


@pytest.mark.parametrize(
    "standard", ["iso14001-2015", "iso27001-2022", "iso45001-2018", "iso50001-2018"]
)
def test_a_gap_analysis_of_a_new_folder_calls_nothing_a_conformity(
    pytester: pytest.Pytester, standard: str
) -> None:
    # Registers with a header and no record, documents still to be written: a rule that finds no
    # fault in no record has nothing to assess; it does not conform.
    assert main(["init", "--standard", standard, str(pytester.path / "new")]) == 0
    result = pytester.runpytest("--isocheck", "new", "-p", "no:cacheprovider", "-rp")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) > 50
    assert "error" not in outcomes and "errors" not in outcomes
    # An observation never fails the run, so pytest passes it even where it found the gap (no
    # asset inventory to say which systems are reviewed): every rule that passed is one
    passed = {
        line.split()[1].rsplit("::", 1)[-1]
        for line in result.outlines
        if line.startswith("PASSED ")
    }
    assert len(passed) == outcomes.get("passed", 0)
    pack = PackCatalog(default_host()).get(standard)
    assert passed <= {rule.id for rule in pack.rules if rule.severity == "observation"}
