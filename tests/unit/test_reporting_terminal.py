"""The terminal summary (`isocheck.reporting.terminal`): per standard a row per top-level clause and
a total, then the verdict, or for a partial run why there is none.

Escaping of evidence text in the summary: tests/unit/test_escape.py."""

from __future__ import annotations

from typing import Any

from isocheck.reporting import terminal


def section(text: str, standard: str) -> list[str]:
    return text.split(f"== {standard} ==\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_a_row_per_top_level_clause_then_the_total(gaps: dict[str, Any]) -> None:
    standard = gaps["standards"][0]
    lines = section(terminal.render(gaps), standard["id"])
    rows = lines[2 : 2 + len(standard["clauses"]) + 1]  # after the header and its rule
    assert [row.split()[0] for row in rows] == [c["clause"] for c in standard["clauses"]] + ["all"]
    totals = standard["totals"]
    assert rows[-1].split()[2:6] == [str(totals[k]) for k in ("rules", "conform", "major", "minor")]
    assert rows[-1].endswith(f"{standard['conformity']:.0%}")


def test_the_verdict_follows_its_table(gaps: dict[str, Any]) -> None:
    standard = gaps["standards"][0]
    lines = section(terminal.render(gaps), standard["id"])
    verdict = standard["verdict"]
    after = lines[3 + len(standard["clauses"]) :]
    assert after == verdict["headline"] + [f"  - {reason}" for reason in verdict["reasons"]]


def test_a_partial_run_says_why_first_and_last(gaps: dict[str, Any]) -> None:
    gaps["run"].update(
        complete=False,
        headline="partial run: 3 of 123 rules assessed",
        details=["-k selected 3 rules"],
    )
    for standard in gaps["standards"]:
        standard["verdict"] = None
    lines = terminal.render(gaps).splitlines()
    assert lines[2:4] == ["** partial run: 3 of 123 rules assessed **", "  - -k selected 3 rules"]
    assert lines.count("verdict: none (partial run)") == len(gaps["standards"])
    assert lines[-1] == "isocheck: partial run: 3 of 123 rules assessed"
    assert not any("certification:" in line for line in lines)


def test_the_stage_and_the_minors_that_do_not_fail(gaps: dict[str, Any]) -> None:
    gaps["stage"] = 1
    gaps["run"]["fail_on"] = "major"
    minors = sum(1 for f in gaps["findings"] if f["category"] == "minor")
    lines = terminal.render(gaps).splitlines()
    assert lines[0].endswith("as of 2026-11-01, stage 1 only")
    assert (
        lines[-1] == f"{minors} minor nonconformities shown, not failing (--isocheck-fail-on major)"
    )


def test_observations_are_listed_apart(gaps: dict[str, Any]) -> None:
    finding = gaps["findings"][0]
    finding.update(category="observation", message="could be clearer")
    text = terminal.render(gaps)
    assert "observations (opportunities for improvement, never failing):" not in terminal.render(
        {**gaps, "findings": gaps["findings"][1:]}
    )
    rule = f"{finding['standard']} {finding['rule']} ({', '.join(finding['clauses'])})"
    assert (
        "\nobservations (opportunities for improvement, never failing):\n"
        f"  - {rule}: could be clearer\n" in text
    )


def test_the_text_starts_with_the_heading_and_ends_with_a_newline(gaps: dict[str, Any]) -> None:
    text = terminal.render(gaps)
    assert text.startswith("isocheck: Acme Precision Components Ltd (gap example) - as of ")
    assert text.endswith("\n") and not text.endswith("\n\n")
