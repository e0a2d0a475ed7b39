"""Dividing rules among workers by the evidence they read (isocheck.distribution)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from isocheck.distribution import evidence_weights, listed_sizes, rule_evidence, units
from isocheck.engine import plan


def test_rules_reading_the_same_evidence_are_one_unit(mini: Path) -> None:
    the_plan = plan(mini)
    keys = [p.key for p in the_plan.rules]
    chosen = units(the_plan, keys)
    assert set(chosen) == set(keys)
    assert len(set(chosen.values())) > 1  # more than one unit: both workers have work
    assert chosen["mini::M-9.2-01"] == chosen["mini::M-9.2-02"]  # both read the audits
    assert chosen["mini::M-9.2-01"] == "audits registers/audits.csv"


def test_the_units_are_the_same_for_the_same_plan_and_folder(mini: Path) -> None:
    keys = [p.key for p in plan(mini).rules]
    assert units(plan(mini), keys) == units(plan(mini), list(reversed(keys)))


def test_unknown_keys_are_left_out(mini: Path) -> None:
    the_plan = plan(mini)
    keys = [p.key for p in the_plan.rules]
    assert "mini::NO-SUCH" not in units(the_plan, [*keys, "mini::NO-SUCH"])


def test_weights_come_from_the_listing_and_the_locations(mini: Path) -> None:
    the_plan = plan(mini)
    sizes = listed_sizes(the_plan)
    assert sizes["registers/audits.csv"] == (mini / "registers/audits.csv").stat().st_size
    (evidence, weight) = evidence_weights(the_plan, sizes)[("mini", "audits")]
    assert evidence == ("audits", ("registers/audits.csv",))
    assert weight == sizes["registers/audits.csv"]


def test_a_rule_reads_the_evidence_its_applicability_names(mini: Path) -> None:
    planned = next(p for p in plan(mini).rules if p.rule.id == "M-9.2-01")
    when = {"evidence_exists": "design", "min_items": {"evidence": "policy", "count": 2}}
    assert rule_evidence(replace(planned, rule=replace(planned.rule, applies_when=when))) == (
        "audits",
        "policy",
        "design",
    )
