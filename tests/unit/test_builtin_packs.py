"""Every subclause the reference lists is in its pack, and at least one rule names it."""

from __future__ import annotations

import pytest

from isocheck.packs import PackCatalog
from isocheck.plugins import default_host

# ISO 9001:2015 subclauses (shared/reference/iso-facts.md, section 2).
ISO9001 = """
4.1 4.2 4.3 4.4 4.4.1 4.4.2 5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.3 6.1 6.1.1 6.1.2 6.2 6.2.1 6.2.2 6.3
7.1 7.1.1 7.1.2 7.1.3 7.1.4 7.1.5 7.1.5.1 7.1.5.2 7.1.6 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 7.5.3.1
7.5.3.2 8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.3.1 8.2.3.2 8.2.4 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6 8.4
8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.5.2 8.5.3 8.5.4 8.5.5 8.5.6 8.6 8.7 8.7.1 8.7.2 9.1 9.1.1 9.1.2 9.1.3
9.2 9.2.1 9.2.2 9.3 9.3.1 9.3.2 9.3.3 10.1 10.2 10.2.1 10.2.2 10.3
""".split()

# ISO/IEC 27001:2022 clauses 4-10 (section 3) and Annex A: 37 + 8 + 14 + 34 controls.
ISO27001 = """
4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1 6.1.1 6.1.2 6.1.3 6.2 6.3 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3
8.1 8.2 8.3 9.1 9.2 9.2.1 9.2.2 9.3 9.3.1 9.3.2 9.3.3 10.1 10.2
""".split()
ANNEX_A = (
    [f"A.5.{i}" for i in range(1, 38)]
    + [f"A.6.{i}" for i in range(1, 9)]
    + [f"A.7.{i}" for i in range(1, 15)]
    + [f"A.8.{i}" for i in range(1, 35)]
)

# Section 4.
ISO14001 = """
4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1 6.1.1 6.1.2 6.1.3 6.1.4 6.2 6.2.1 6.2.2 7.1 7.2 7.3 7.4 7.4.1 7.4.2
7.4.3 7.5 7.5.1 7.5.2 7.5.3 8.1 8.2 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.2 9.3 10.1 10.2 10.3
""".split()
ISO45001 = """
4.1 4.2 4.3 4.4 5.1 5.2 5.3 5.4 6.1 6.1.1 6.1.2 6.1.2.1 6.1.2.2 6.1.2.3 6.1.3 6.1.4 6.2 6.2.1 6.2.2
7.1 7.2 7.3 7.4 7.4.1 7.4.2 7.4.3 7.5 7.5.1 7.5.2 7.5.3 8.1 8.1.1 8.1.2 8.1.3 8.1.4 8.1.4.1 8.1.4.2
8.1.4.3 8.2 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.2 9.3 10.1 10.2 10.3
""".split()
ISO50001 = """
4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1 6.2 6.3 6.4 6.5 6.6 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 8.1 8.2
8.3 9.1 9.1.1 9.1.2 9.2 9.3 10.1 10.2
""".split()

EXCLUDABLE_9001 = {"7.1.5.2", "8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6"}


def covered(pack_id: str) -> tuple[set[str], set[str]]:
    pack = PackCatalog(default_host()).get(pack_id)
    listed = {c.id for c in pack.clauses}
    named = {c for rule in pack.rules for c in rule.clauses}
    # A parent clause counts as covered when a rule names it or one of its subclauses.
    with_parents = {c for name in named for c in listed if name == c or name.startswith(c + ".")}
    return listed, with_parents


@pytest.mark.parametrize(
    ("pack_id", "clauses"),
    [
        ("iso9001-2015", ISO9001),
        ("iso27001-2022", ISO27001 + ANNEX_A),
        ("iso14001-2015", ISO14001),
        ("iso45001-2018", ISO45001),
        ("iso50001-2018", ISO50001),
    ],
)
def test_every_subclause_is_listed_and_covered(pack_id: str, clauses: list[str]) -> None:
    listed, with_rules = covered(pack_id)
    assert sorted(set(clauses) - listed, key=str) == []
    leaves = [c for c in clauses if not any(o.startswith(c + ".") for o in clauses)]
    assert sorted(set(leaves) - with_rules) == []


def test_iso9001_excludable_clauses() -> None:
    pack = PackCatalog(default_host()).get("iso9001-2015")
    excludable = {c.id for c in pack.clauses if c.excludable}
    assert excludable >= EXCLUDABLE_9001
    assert not {"4.3", "5.2", "7.2", "9.2", "10.2"} & excludable


def test_annex_a_has_93_controls_all_excludable_through_the_soa() -> None:
    assert len(ANNEX_A) == 93
    pack = PackCatalog(default_host()).get("iso27001-2022")
    annex = [c for c in pack.clauses if c.id.startswith("A.")]
    assert sorted(c.id for c in annex) == sorted(ANNEX_A)
    assert all(c.excludable for c in annex)


def _clause_lists(name: str, params: object) -> list[list[str]]:
    """The clause numbers every `covers ... clauses: true` check of a rule requires."""
    if name in ("all_of", "any_of") and isinstance(params, list):
        return [v for spec in params for n, p in spec.items() for v in _clause_lists(n, p)]
    if name == "not" and isinstance(params, dict):
        return [v for n, p in params.items() for v in _clause_lists(n, p)]
    if (
        name == "covers"
        and isinstance(params, dict)
        and params.get("clauses")
        and params.get("values")
    ):
        return [[str(v) for v in params["values"]]]
    return []


@pytest.mark.parametrize(
    "pack_id", ["iso9001-2015", "iso27001-2022", "iso14001-2015", "iso45001-2018", "iso50001-2018"]
)
def test_clauses_an_inherited_rule_requires_are_the_standards_own(pack_id: str) -> None:
    """The core's audit programme asks for the HS clause numbers; each standard asks for its own
    (ISO 14001 has no 6.3: planned changes are audited under 8.1)."""
    pack = PackCatalog(default_host()).get(pack_id)
    listed = {c.id for c in pack.clauses}
    for rule in pack.rules:
        for check in rule.checks:
            for values in _clause_lists(check.name, check.params):
                assert sorted(set(values) - listed) == [], rule.id


def test_iso14001_audit_programme_needs_no_clause_6_3() -> None:
    pack = PackCatalog(default_host()).get("iso14001-2015")
    (rule,) = [r for r in pack.rules if r.id == "HS-9.2-02"]
    (values,) = _clause_lists(rule.checks[0].name, rule.checks[0].params)
    assert "6.3" not in values and "8.1" in values and values.count("8.1") == 1


def _said(params: object) -> list[str]:
    """The phrases and topics a check's parameters ask a text to say."""
    if isinstance(params, dict):
        found = [
            phrase
            for key, value in params.items()
            if key in ("text", "headings", "says") and isinstance(value, list)
            for phrase in value
            if isinstance(phrase, str)
        ]
        return found + [p for value in params.values() for p in _said(value)]
    if isinstance(params, list):
        return [p for value in params for p in _said(value)]
    return []


@pytest.mark.parametrize(
    "pack_id", ["iso9001-2015", "iso27001-2022", "iso14001-2015", "iso45001-2018", "iso50001-2018"]
)
def test_what_a_rule_looks_for_in_a_text_is_a_topic_in_every_language(pack_id: str) -> None:
    """A plain English phrase in a rule is heard in English only: a German policy committing to
    "sichere und gesunde Arbeitsbedingungen" was not heard. Every phrase a built-in rule asks a
    text to say is a topic of its pack, with the standards' languages among its phrases."""
    pack = PackCatalog(default_host()).get(pack_id)
    plain = sorted(
        {
            f"{rule.id}: {phrase}"
            for rule in pack.rules
            for check in rule.checks
            for phrase in _said(check.params)
            if phrase not in pack.topics
        }
    )
    assert plain == []


def _bare_patterns(params: object) -> list[str]:
    """The patterns a check's conditions match with no words saying what they match."""
    if isinstance(params, dict):
        found = [v for k, v in params.items() if k == "matches" and isinstance(v, str)]
        return found + [p for value in params.values() for p in _bare_patterns(value)]
    if isinstance(params, list):
        return [p for value in params for p in _bare_patterns(value)]
    return []


@pytest.mark.parametrize(
    "pack_id",
    [
        "hs-core",
        "iso9001-2015",
        "iso27001-2022",
        "iso14001-2015",
        "iso45001-2018",
        "iso50001-2018",
        "certification-cycle",
    ],
)
def test_a_pattern_says_in_words_what_it_matches(pack_id: str) -> None:
    """A finding quoted a regular expression ("justification matches '^\\W*(n/?a|none|...'")
    to the organization: the rule's language, not a sentence. Every pattern a built-in rule
    matches says in words what a value matching it is (`is`), and the finding says that."""
    pack = PackCatalog(default_host()).get(pack_id)
    bare = [
        f"{rule.id}: {pattern}"
        for rule in pack.rules
        for pattern in _bare_patterns([check.params for check in rule.checks])
    ]
    assert bare == []
