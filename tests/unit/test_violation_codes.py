"""Violations carry codes, and the headline of a failed rule is chosen by them, not by the order the
checks happened to find the violations in."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from isocheck.checks import CODES, CheckContext, CheckResult, Violation, headline, relevance
from isocheck.engine import PlannedRule, evaluate_rule
from isocheck.evidence import EvidenceIndex
from isocheck.model import CheckSpec, EvidenceType, Rule, RulePack, SourceRef
from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)
CHECKS = Path(__file__).resolve().parents[2] / "isocheck" / "checks"


def v(code: str, message: str = "") -> Violation:
    return Violation(message or code, code=code)


def test_headline_prefers_unreadable_then_missing_then_the_first_wrong_value() -> None:
    assert headline([v("stale"), v("missing"), v("unreadable", "a"), v("malformed")]).message == "a"
    assert headline([v("stale"), v("too-few", "b"), v("missing")]).message == "b"
    assert headline([v("stale", "c"), v("gap"), v("none-matching")]).message == "c"
    assert headline([v("more"), v("duplicate", "d")]).message == "d"
    assert headline([v("a-plugin-code", "e"), v("more")]).message == "e"


def test_relevance_ranks() -> None:
    assert [relevance(v(c)) for c in ("unreadable", "malformed", "missing", "too-few")] == [
        0,
        0,
        1,
        1,
    ]
    assert relevance(v("none-matching")) == relevance(v("stale")) == relevance(Violation("x")) == 2
    assert relevance(v("more")) == 3


def test_a_rule_that_holds_has_no_headline() -> None:
    with pytest.raises(ValueError, match="no violations"):
        headline([])


def test_the_code_does_not_make_two_violations_of_one_problem() -> None:
    assert list(dict.fromkeys([v("stale", "x"), v("gap", "x")])) == [v("stale", "x")]
    assert Violation("x").code == "wrong"


def _codes_written_in_the_checks() -> set[str]:
    codes = set()
    for path in CHECKS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code":
                if isinstance(node.value, ast.Constant):
                    codes.add(node.value.value)
                elif isinstance(node.value, ast.IfExp):
                    codes |= {
                        n.value
                        for n in (node.value.body, node.value.orelse)
                        if isinstance(n, ast.Constant)
                    }
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets)
                and isinstance(node.value, ast.IfExp)
            ):
                codes |= {
                    n.value
                    for n in (node.value.body, node.value.orelse)
                    if isinstance(n, ast.Constant)
                }
    return codes


def test_every_code_the_builtin_checks_use_is_documented_and_every_documented_one_used() -> None:
    used = _codes_written_in_the_checks()
    assert used - set(CODES) == set()
    assert set(CODES) - used == {"wrong"}  # the default, for violations made without a code


# --- codes of real violations ------------------------------------------------------------------

TYPES = {
    "doc": EvidenceType("doc", "document", "Procedure", ("docs/*.md",)),
    "staff": EvidenceType("staff", "table", "Staff register", ("staff.csv",)),
}


def run(spec: dict[str, Any], files: dict[str, str]) -> CheckResult:
    index = EvidenceIndex(None, HOST.loaders, files={k: x.encode() for k, x in files.items()})
    ctx = CheckContext(
        dt.date(2026, 11, 1), lambda name: index.resolve(TYPES[name], None, {}), HOST.checks
    )
    return ctx.run(spec)


@pytest.mark.parametrize(
    ("spec", "files", "codes"),
    [
        ({"exists": {"evidence": "staff"}}, {}, ["missing"]),
        (
            {"exists": {"evidence": "staff", "where": {"role": {"equals": "boss"}}}},
            {"staff.csv": "name,role\nAnn,clerk\n"},
            ["none-matching"],
        ),
        ({"exists": {"evidence": "staff", "min": 2}}, {"staff.csv": "name\nAnn\n"}, ["too-few"]),
        ({"exists": {"evidence": "staff"}}, {"staff.csv": "name,role\nAnn,a,b\n"}, ["malformed"]),
        (
            {"exists": {"evidence": "doc"}},
            {"docs/a.md": "---\nid: [unclosed\n---\n"},
            ["unreadable"],
        ),
        (
            {"unique": {"evidence": "staff", "column": "name"}},
            {"staff.csv": "name\nAnn\nann\n"},
            ["duplicate"],
        ),
        (
            {"any_of": [{"unique": {"evidence": "staff", "column": "name"}}]},
            {"staff.csv": "name\nAnn\nann\n"},
            ["duplicate"],
        ),
        ({"not": {"exists": {"evidence": "staff"}}}, {"staff.csv": "name\nAnn\n"}, ["holds"]),
    ],
)
def test_violations_carry_their_codes(
    spec: dict[str, Any], files: dict[str, str], codes: list[str]
) -> None:
    result = run(spec, files)
    assert [violation.code for violation in result.violations] == codes


def test_an_unreadable_file_leads_the_rule_even_when_a_wrong_value_came_first() -> None:
    files = {"staff.csv": "name\nAnn\nann\n", "docs/a.md": "---\nid: [unclosed\n---\n# A\n"}
    index = EvidenceIndex(None, HOST.loaders, files={k: x.encode() for k, x in files.items()})
    rule = Rule(
        id="R-1",
        clauses=("1",),
        title="t",
        severity="minor",
        stage=1,
        checks=(
            CheckSpec("unique", {"evidence": "staff", "column": "name"}, SourceRef("p")),
            CheckSpec("exists", {"evidence": "doc"}, SourceRef("p")),
        ),
    )
    pack = RulePack("p", "p", "1", "1", "P", (), TYPES, (rule,), {}, SourceRef("p"), "")
    finding = evaluate_rule(
        PlannedRule("p", pack, rule),
        dt.date(2026, 11, 1),
        lambda name: index.resolve(TYPES[name], None, {}),
        HOST.checks,
        {},
    )
    assert finding.outcome == "nonconform"
    assert (
        finding.message.startswith("docs/a.md") and "cannot be read as evidence" in finding.message
    )
    assert finding.message.endswith("(and 1 more)")
    # The details keep the order the checks found them in.
    assert finding.details[0].startswith("staff.csv:3: name 'ann' is used again")
    assert finding.details[1] == finding.message.removesuffix(" (and 1 more)")
