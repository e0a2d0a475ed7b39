"""The table of condition tests: each test a small function, its reasons word for word."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isocheck.conditions import (
    CONDITION_SCHEMA,
    TESTS,
    _test,
    describe,
    evaluate,
    holds,
    predicate,
    to_number,
)
from isocheck.errors import CheckError
from isocheck.evidence import Item
from isocheck.model import EvidenceRef

AS_OF = dt.date(2026, 11, 1)


def item(**fields: Any) -> Item:
    return Item(fields, EvidenceRef("x.csv", 2))


def reason(op: str, arg: Any, **fields: Any) -> str | None:
    return _test("f", op, arg, item(**fields), AS_OF)


def test_the_table_and_the_schema_name_the_same_tests() -> None:
    assert list(TESTS) == list(CONDITION_SCHEMA["$defs"]["tests"]["properties"])


@pytest.mark.parametrize(
    ("op", "arg", "fields", "expected"),
    [
        ("present", True, {"f": "a"}, None),
        ("present", True, {"f": " "}, "f is missing or empty"),
        ("present", False, {"f": "a"}, "f should be empty"),
        ("present", False, {}, None),
        # a register row keeping no such column at all; one keeping it and leaving it empty
        ("present", "if kept", {}, None),
        ("present", "if kept", {"f": "a"}, None),
        ("present", "if kept", {"f": ""}, "f is empty"),
        ("present", True, {"f": "TBD"}, "f says it is still to be decided ('TBD')"),
        (
            "present",
            "if kept",
            {"f": "to be defined"},
            "f says it is still to be decided ('to be defined')",
        ),
        ("present", False, {"f": "TBD"}, None),
        ("present", "not kept", {}, None),
        ("present", "not kept", {"f": ""}, "f is a column the register keeps"),
        ("present", "not kept", {"f": "a"}, "f is a column the register keeps"),
        ("equals", "Yes", {"f": " yes "}, None),
        ("equals", "yes", {"f": "no"}, "f is 'no', expected 'yes'"),
        ("equals", "yes", {}, "f is empty, expected 'yes'"),
        ("not_equals", "draft", {"f": "DRAFT"}, "f is 'DRAFT', which is not allowed"),
        ("not_equals", "draft", {"f": "final"}, None),
        ("in", ["A", "b"], {"f": "B"}, None),
        ("in", ["a", 2], {"f": "c"}, "f is 'c', expected one of 'a', '2'"),
        ("not_in", ["a"], {"f": "A"}, "f is 'A', expected none of 'a'"),
        ("not_in", ["a"], {"f": "b"}, None),
        ("matches", "^nc-\\d+$", {"f": "NC-12"}, None),
        ("matches", "^nc", {"f": "CA-1"}, "f is 'CA-1', expected to match '^nc'"),
        # a pattern with what it reads as in words: messages say the words
        (
            "matches",
            {"pattern": "^nc-\\d+$", "is": "a nonconformity's number"},
            {"f": "NC-7"},
            None,
        ),
        (
            "matches",
            {"pattern": "^nc-\\d+$", "is": "a nonconformity's number"},
            {"f": "CA-1"},
            "f is 'CA-1', expected a nonconformity's number",
        ),
        ("gte", 3, {"f": "3"}, None),
        ("gte", 3, {"f": "2.5"}, "f is '2.5', expected >= 3"),
        ("gt", 3, {"f": 3}, "f is '3', expected > 3"),
        ("lte", 3, {"f": "80%"}, "f is '80%', expected <= 3"),
        ("lt", 3, {"f": 2}, None),
        ("lt", 3, {"f": "lots"}, "f is 'lots', expected a number"),
        ("gte", 1, {"f": True}, "f is 'True', expected a number"),
        # another field's number, with a margin in percent of it or in the field's own units
        ("lt", "field:g", {"f": "96,2 %", "g": "100 %"}, None),
        ("lt", "field:g", {"f": "100", "g": "100"}, "f is '100', expected < 100 (g)"),
        ("lte", "field:g+5%", {"f": "104,9", "g": "100%"}, None),
        ("lte", "field:g+5%", {"f": "108", "g": "100%"}, "f is '108', expected <= 105 (g + 5%)"),
        ("gte", "field:g-10%", {"f": "-1", "g": "-2"}, None),
        ("gte", "field:g-2", {"f": "0,4 t", "g": "3 t"}, "f is '0,4 t', expected >= 1 (g - 2)"),
        ("lt", "field:g", {"f": "1", "g": ""}, "g is empty, not a number to compare f with"),
        ("lt", "field:g", {"f": "1"}, "g is empty, not a number to compare f with"),
        ("lt", "field:g", {"f": "1", "g": "n/a"}, "g is 'n/a', not a number to compare f with"),
        ("differs_from", "g", {"f": "Ann", "g": "ann"}, "f is 'Ann', the same as g"),
        ("differs_from", "g", {"f": "", "g": "Bob"}, "f is empty"),
        ("differs_from", "g", {"f": "Ann", "g": "Bob"}, None),
        ("same_as", "g", {"f": "Ann", "g": "Bob"}, "f is 'Ann', expected the same as g ('Bob')"),
        ("same_as", "g", {"f": "Ann", "g": "ANN"}, None),
        # people compare as people: a remark, the order of their names, an address
        (
            "differs_from",
            "g",
            {"f": "Emma Clarke (risk owner)", "g": "Emma Clarke"},
            "f is 'Emma Clarke (risk owner)', the same as g",
        ),
        ("same_as", "g", {"f": "Clarke, Emma", "g": "emma.clarke@example.com"}, None),
        ("differs_from", "g", {"f": "Emma Clarke", "g": "Emma Clark"}, None),
        # versions compare as versions: a prefix and leading zeros aside
        ("same_as", "g", {"f": "Rev. 03", "g": "3"}, None),
        ("same_as", "g", {"f": "v2.1", "g": "Version 2.01"}, None),
        (
            "same_as",
            "g",
            {"f": "Revisão 02", "g": "03"},
            "f is 'Revisão 02', expected the same as g ('03')",
        ),
        # a cell listing several known words: each in the list, or none of them
        ("in", ["yes", "sso"], {"f": "yes; sso"}, None),
        ("in", ["yes", "sso"], {"f": "yes; no"}, "f is 'yes; no', expected one of 'yes', 'sso'"),
        ("not_in", ["no"], {"f": "yes; sso"}, None),
        ("not_in", ["no"], {"f": "yes; no"}, "f is 'yes; no', expected none of 'no'"),
    ],
)
def test_value_tests(op: str, arg: Any, fields: dict[str, Any], expected: str | None) -> None:
    assert reason(op, arg, **fields) == expected


@pytest.mark.parametrize(
    ("op", "arg", "fields", "expected"),
    [
        ("max_age_days", 30, {"f": "2026-10-02"}, None),
        (
            "max_age_days",
            30,
            {"f": "2026-10-01"},
            "f is 2026-10-01, 31 days before the as-of date (max 30)",
        ),
        (
            "max_age_days",
            30,
            {"f": "2026-11-02"},
            "f is 2026-11-02, after the as-of date 2026-11-01",
        ),
        ("max_age_days", {"days": 30, "every": "g"}, {"f": "2026-01-04", "g": "annual"}, None),
        (
            "max_age_days",
            {"days": 400, "every": "g"},
            {"f": "2025-01-04", "g": "annual"},
            "f is 2025-01-04, 666 days before the as-of date (max 366, as g 'annual' sets)",
        ),
        (
            "max_age_days",
            {"days": 30, "every": "g"},
            {"f": "2025-01-04", "g": "tous les deux ans"},
            None,
        ),
        (
            "max_age_days",
            {"days": 30, "every": "g"},
            {"f": "2026-10-01", "g": ""},
            "f is 2026-10-01, 31 days before the as-of date (max 30)",
        ),
        (
            "max_age_days",
            {"days": 30, "every": "g"},
            {"f": "2026-10-01", "g": "when needed"},
            "g 'when needed' is not a period: write it as a number of days, months or years "
            "('365 days', 'every 6 months', 'annual'), or map the organization's word in the "
            "profile's values: for g",
        ),
        ("max_age_days", {"days": "never", "every": "g"}, {"f": "2001-10-01"}, None),
        ("within_days", {"of": "g", "days": 3}, {"f": "2026-01-04", "g": "2026-01-01"}, None),
        (
            "within_days",
            {"of": "g", "days": 3},
            {"f": "2026-01-05", "g": "2026-01-01"},
            "f is 2026-01-05, 4 days after g (2026-01-01; max 3)",
        ),
        (
            "within_days",
            {"of": "g", "days": 3},
            {"f": "2025-12-31", "g": "2026-01-01"},
            "f is 2025-12-31, -1 days after g (2026-01-01; max 3)",
        ),
        ("within_days", {"of": "g", "days": 3}, {"f": "2026-01-05"}, "g: g is empty"),
        ("before", "as_of", {"f": "2026-10-31"}, None),
        ("before", "as_of", {"f": "2026-11-01"}, "f is 2026-11-01, expected before 2026-11-01"),
        ("after", "as_of-30d", {"f": "2026-10-01"}, "f is 2026-10-01, expected after 2026-10-02"),
        ("on_or_before", "as_of+1d", {"f": "2026-11-02"}, None),
        ("on_or_after", "field:g", {"f": dt.date(2026, 1, 1), "g": "2026-01-01"}, None),
        (
            "on_or_after",
            "2026-02-01",
            {"f": "2026-01-31"},
            "f is 2026-01-31, expected on or after 2026-02-01",
        ),
        (
            "on_or_after",
            "field:g",
            {"f": "2026-01-31"},
            "f compared with field:g: g is empty",
        ),
        ("before", "as_of", {}, "f is empty, expected a date"),
        (
            "after",
            "as_of",
            {"f": "01/02/2026"},
            "f: '01/02/2026' is ambiguous (day/month order); write dates as YYYY-MM-DD, or say "
            'in the profile how this evidence writes them (dates: "%d/%m/%Y"), or how all of it '
            "does, at the profile's top",
        ),
        (
            "max_age_days",
            1,
            {"f": "soon"},
            "f: 'soon' is not a date; write the date, as YYYY-MM-DD or in the format the profile "
            "gives for this evidence",
        ),
    ],
)
def test_date_tests(op: str, arg: Any, fields: dict[str, Any], expected: str | None) -> None:
    assert reason(op, arg, **fields) == expected


def test_an_unknown_test_is_an_error_not_a_silent_pass() -> None:
    with pytest.raises(CheckError, match="unknown test 'bogus' on f"):
        reason("bogus", 1, f="a")


def test_evaluate_collects_the_reasons_of_every_failing_test_in_order() -> None:
    condition = {"f": {"present": True, "equals": "b"}, "g": {"gt": 1}}
    assert evaluate(condition, item(f="a", g=0), AS_OF) == [
        "f is 'a', expected 'b'",
        "g is '0', expected > 1",
    ]
    assert evaluate(
        {"any": [{"f": {"equals": "b"}}, {"g": {"gt": 1}}]}, item(f="a", g=0), AS_OF
    ) == ["f is 'a', expected 'b'; the alternative fails too: g is '0', expected > 1"]
    three = {"any": [{"f": {"equals": "b"}}, {"g": {"gt": 1}}, {"h": {"present": True}}]}
    assert evaluate(three, item(f="a", g=0), AS_OF) == [
        "f is 'a', expected 'b'; the alternatives fail too: g is '0', expected > 1; "
        "h is missing or empty"
    ]
    assert evaluate({"not": {"f": {"equals": "a"}}}, item(f="a"), AS_OF) == [
        "not allowed: f is 'a'"
    ]


def test_an_alternative_for_a_register_without_the_column_is_not_given_as_a_reason() -> None:
    # the register keeps a reference column, left empty: the way of a register keeping none
    # is not its way, and the reasons are those of the ways that apply
    condition = {
        "any": [
            {"ref": {"present": True}},
            {"all": [{"ref": {"present": "not kept"}}, {"result": {"present": True}}]},
            {"all": [{"inspector": {"present": True}}, {"result": {"present": True}}]},
        ]
    }
    assert evaluate(condition, item(ref="", result="x", inspector=""), AS_OF) == [
        "ref is missing or empty; the alternative fails too: inspector is missing or empty"
    ]
    # an alternative failing for another's reasons and more is not the nearest to holding
    assert evaluate(condition, item(result=""), AS_OF) == [
        "ref is missing or empty; the alternative fails too: result is missing or empty"
    ]
    assert evaluate({"any": condition["any"][:2]}, item(ref="", result="x"), AS_OF) == [
        "ref is missing or empty"
    ]


def test_the_reasons_of_failed_alternatives_are_those_of_the_nearest() -> None:
    # one missing reference is nearer to holding than an inspector and a result both missing
    condition = {
        "any": [
            {"ref": {"present": True}},
            {"all": [{"inspector": {"present": True}}, {"result": {"present": True}}]},
        ]
    }
    assert evaluate(condition, item(ref="", result="", inspector=""), AS_OF) == [
        "ref is missing or empty"
    ]
    # a row with an expiry date is held to it, not to the way of rows that record none
    expiry = {"any": [{"expires": {"present": False}}, {"expires": {"on_or_after": "as_of"}}]}
    assert evaluate(expiry, item(expires="2026-01-31"), AS_OF) == [
        f"expires is 2026-01-31, expected on or after {AS_OF}"
    ]


def test_a_reason_says_a_cell_as_the_register_writes_it_and_the_word_it_was_read_as() -> None:
    row = Item(
        {"result": "fail", "owner": "Ana"},
        EvidenceRef("x.csv", 2),
        written={"Resultado": "Não conforme", "Responsável": "Ana"},
        names={"result": "Resultado", "owner": "Responsável"},
    )
    assert evaluate({"result": {"equals": "pass"}}, row, AS_OF) == [
        "Resultado is 'Não conforme' (read as 'fail'), expected 'pass'"
    ]
    assert evaluate({"not": {"result": {"in": ["fail", "void"]}}}, row, AS_OF) == [
        "not allowed: Resultado is 'Não conforme' (read as 'fail')"
    ]
    # a cell read as written is said once
    assert evaluate({"owner": {"equals": "Rui"}}, row, AS_OF) == [
        "Responsável is 'Ana', expected 'Rui'"
    ]
    # a long cell is cut short
    row.written = {"Resultado": "Não conforme " * 30}
    (said,) = evaluate({"result": {"equals": "pass"}}, row, AS_OF)
    assert said.startswith("Resultado is 'Não conforme") and len(said) < 200


def test_a_condition_is_described_in_the_organizations_names_for_its_fields() -> None:
    condition = {
        "status": {"equals": "open"},
        "any": [{"owner": {"present": True}}, {"deputy": {"present": True}}],
    }
    # a field the organization names otherwise is said so; one it does not, as the pack does
    assert describe(condition, {"status": "Stato", "owner": "Responsabile"}) == (
        "Stato is 'open' and (either Responsabile is filled in, or deputy is filled in)"
    )
    # ... and a word of the pack's as the organization writes it, where it maps one to it
    assert describe(
        {"status": {"in": ["open", "overdue"]}}, {"status": "Stato"}, {"status": {"open": "Aperta"}}
    ) == ("Stato is one of 'Aperta', 'overdue'")


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"f": {"present": True}}, "f is filled in"),
        ({"f": {"present": False}}, "f is empty"),
        ({"status": {"in": ["in use", "active"]}}, "status is one of 'in use', 'active'"),
        ({"d": {"on_or_after": "as_of"}}, "d is on or after the as-of date"),
        ({"d": {"before": "as_of-30d"}}, "d is before 30 days before the as-of date"),
        ({"d": {"max_age_days": 365}}, "d is within the 365 days before the as-of date"),
        (
            {"d": {"max_age_days": {"days": 365, "every": "cycle"}}},
            "d is within the period cycle sets, else within the 365 days before the as-of date",
        ),
        ({"n": {"gte": 3, "lt": 9}}, "n is at least 3 and n is less than 9"),
        ({"n": {"lte": "field:m+5%"}}, "n is at most m + 5%"),
        ({"n": {"lt": "field:m"}}, "n is less than m"),
        (
            {"any": [{"v": {"present": False}}, {"v": {"after": "field:start"}}]},
            "either v is empty, or v is after start",
        ),
        ({"not": {"type": {"equals": "complaint"}}}, "not (type is 'complaint')"),
        (
            {"e": {"matches": {"pattern": "^[a-z]+-\\d+$", "is": "a certificate's number"}}},
            "e is a certificate's number",
        ),
        (
            {"all": [{"a": {"equals": 1}}, {"b": {"same_as": "a"}}]},
            "a is '1' and b is the same as a",
        ),
    ],
)
def test_a_condition_reads_as_plain_words(condition: dict[str, Any], words: str) -> None:
    assert describe(condition) == words
    assert "(" not in words.replace("not (", "") and "present" not in words


def test_says_reads_a_field_for_what_it_says() -> None:
    condition = {"topics": {"says": ["implications of not conforming", "consequences of"]}}
    briefing = item(topics="Phishing; your role in the ISMS; consequences of policy violations")
    assert evaluate(condition, briefing, AS_OF) == []
    assert evaluate(condition, item(topics="Phishing"), AS_OF) == [
        "topics does not say 'implications of not conforming' (or 'consequences of')"
    ]
    assert describe(condition) == (
        "topics says 'implications of not conforming' (or 'consequences of')"
    )


def test_a_date_read_in_the_profiles_format_still_says_its_remark() -> None:
    import pickle

    from isocheck.meaning import _first_day

    # "12/07/2026 (in force until the renewal decision ...)" read as %d/%m/%Y is a date, and a
    # permit's remark that a renewal was applied for is still there to be read
    cell = "12/07/2026 (in force until the renewal decision - renewal applied 10/03/2026)"
    day = _first_day(cell, "%d/%m/%Y")
    assert day == dt.date(2026, 7, 12)
    lapsed = {"valid_until": {"before": "as_of"}}
    renewing = {"valid_until": {"says": ["renewal applied"]}}
    assert evaluate(lapsed, item(valid_until=day), AS_OF) == []
    assert evaluate(renewing, item(valid_until=day), AS_OF) == []
    assert evaluate(renewing, item(valid_until=pickle.loads(pickle.dumps(day))), AS_OF) == []
    dashed = _first_day("12/07/2026 - renewal applied in March", "%d/%m/%Y")
    assert evaluate(renewing, item(valid_until=dashed), AS_OF) == []
    # a date with no remark says nothing more
    assert evaluate(renewing, item(valid_until=_first_day("12/07/2026", "%d/%m/%Y")), AS_OF)


def test_a_rules_says_lists_carry_the_packs_topics_and_the_profiles_wording() -> None:
    from types import SimpleNamespace

    from isocheck.engine import phrase_table, with_phrases
    from isocheck.model import CheckSpec, Rule, SourceRef

    rule = Rule(
        "R", ("7.3",), "t", "minor", 2,
        (CheckSpec("records", {"evidence": "a", "where": {"t": {"says": ["aware", "x"]}}}, SourceRef("p")),),
    )  # fmt: skip
    # Only a pack's topics and a profile's phrases count here.
    pack = SimpleNamespace(topics={"aware": ("policy", "policies")})
    profile = SimpleNamespace(phrases={"aware": ("Politik",), "x": ("y",)})
    table = phrase_table(pack, profile)  # type: ignore[arg-type]
    (check,) = with_phrases(rule, table).checks
    assert check.params["where"]["t"]["says"] == ["policy", "policies", "Politik", "x", "y"]


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("2,8", 2.8),  # a decimal comma
        ("95,1 %", 95.1),
        ("≤ 500 ppm", 500.0),  # a limit as a target states it
        ("0,001 mm", 0.001),
        ("1.234,5", 1234.5),
        ("1,234.5 h", 1234.5),
        ("1 234", 1234.0),
        ("1'250.00", 1250.0),  # Swiss thousands, typed or typographic
        ("1’010’000 kWh", 1010000.0),
        ("1.125", 1.125),
        ("-3.5", -3.5),
        ("12 months", 12.0),
    ],
)
def test_a_number_is_read_as_registers_print_it(cell: str, number: float) -> None:
    assert to_number(cell) == number


@pytest.mark.parametrize(
    "cell", ["nan", "NaN", "inf", "-Infinity", "1,234", "abc", "4.5/5", "1.2.3,4,5"]
)
def test_what_is_no_number_or_could_be_two_is_no_number(cell: str) -> None:
    with pytest.raises(ValueError):
        to_number(cell)


def test_a_non_finite_number_never_compares() -> None:
    with pytest.raises(ValueError):
        to_number(float("nan"))
    assert evaluate({"score": {"gte": 3}}, item(score="1,234"), AS_OF) == [
        "score is '1,234', expected a number (ambiguous: a decimal comma or a thousands "
        "separator; write 1234, or 1.234 with a point)"
    ]


# --- a condition worked out once decides as `evaluate` does ---------------------------------------

_values = st.sampled_from(
    [
        "",
        "open",
        "Closed",
        "2026-10-01",
        "2025-01-01",
        "2026-12-24",
        "01/02/2026",
        "7",
        None,
        "annual",
        "90 days",
    ]
)
_refs = st.sampled_from(
    ["as_of", "as_of - 30d", "as_of+10d", "2026-06-01", "field:b", "bogus", dt.date(2026, 1, 1)]
)
_field = st.sampled_from(["a", "b", "c"])
_test_of = st.one_of(
    st.builds(lambda v: {"equals": v}, _values),
    st.builds(lambda v: {"in": [v, "open"]}, _values),
    st.builds(lambda v: {"present": v}, st.booleans()),
    st.builds(lambda r: {"before": r}, _refs),
    st.builds(lambda r: {"on_or_after": r}, _refs),
    st.builds(lambda n: {"max_age_days": n}, st.integers(0, 400)),
    st.builds(lambda n: {"max_age_days": {"days": n, "every": "c"}}, st.integers(0, 400)),
    st.builds(lambda n: {"gte": n}, st.integers(0, 10)),
    st.builds(lambda r: {"lt": r}, st.sampled_from(["field:b", "field:c+5%", "field:a-1"])),
)
_conditions = st.recursive(
    st.dictionaries(_field, _test_of, min_size=1, max_size=2),
    lambda inner: st.one_of(
        st.builds(lambda c: {"not": c}, inner),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, max_size=3)),
        st.builds(lambda cs: {"all": cs}, st.lists(inner, max_size=3)),
    ),
    max_leaves=6,
)


@given(
    _conditions,
    st.dictionaries(_field, _values),
    st.sets(_field, max_size=1),
)
def test_a_predicate_holds_exactly_where_evaluate_finds_no_reason(
    condition: dict[str, Any], fields: dict[str, Any], unread: set[str]
) -> None:
    row = Item(fields, EvidenceRef("x.csv", 2), unread={name: "unknown word" for name in unread})
    assert predicate(condition, AS_OF)(row) == (not evaluate(condition, row, AS_OF))


@given(_conditions, st.lists(st.dictionaries(_field, _values), max_size=8))
def test_a_predicate_over_many_rows_answers_each_as_evaluate_does(
    condition: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    test = predicate(condition, AS_OF)
    for fields in rows * 2:  # the second time, from the values it has seen
        row = Item(fields, EvidenceRef("x.csv", 2))
        assert test(row) == (not evaluate(condition, row, AS_OF))


def _values_tested(monkeypatch: pytest.MonkeyPatch, op: str) -> list[Any]:
    """The values test `op` is asked about from now on, in order."""
    calls: list[Any] = []
    real = TESTS[op]

    def counting(name: str, value: Any, arg: Any, row: Item, as_of: dt.date) -> str | None:
        calls.append(value)
        return real(name, value, arg, row, as_of)

    monkeypatch.setitem(TESTS, op, counting)
    return calls


def test_a_predicate_tests_each_value_of_a_field_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _values_tested(monkeypatch, "says")
    test = predicate({"status": {"says": ["closed"]}}, AS_OF)
    answers = [test(item(status=s)) for s in ["Closed", "open", "Closed", "open"] * 50]
    assert answers == [True, False] * 100
    assert calls == ["Closed", "open"]
    # A test that reads another field of the row is asked row by row
    other = predicate({"closed_on": {"after": "field:opened_on"}}, AS_OF)
    assert other(item(closed_on="2026-02-01", opened_on="2026-01-01"))
    assert not other(item(closed_on="2026-02-01", opened_on="2026-03-01"))


def test_a_pattern_is_searched_row_by_row_within_the_rules_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _values_tested(monkeypatch, "matches")
    test = predicate({"note": {"matches": "^a+$"}}, AS_OF)
    assert [test(item(note="aab")) for _ in range(3)] == [False] * 3
    assert len(calls) == 3  # each row's search draws on the budget, as it always did


@pytest.mark.parametrize(
    ("arg", "valid"),
    [
        (5, True),
        (2.5, True),
        ("field:baseline_value", True),
        ("field:baseline_value+5%", True),
        ("field:limit - 2", True),
        ("field:", False),
        ("baseline_value", False),
        ("field:baseline_value*2", False),
        ("5", False),
    ],
)
def test_a_comparison_takes_a_number_or_another_fields(arg: Any, valid: bool) -> None:
    from isocheck.conditions import condition_errors

    assert (not condition_errors({"value": {"lte": arg}})) is valid


def test_present_if_kept_asks_a_document_for_the_field_all_the_same() -> None:
    from isocheck.loaders import ParsedFile

    document = Item({}, EvidenceRef("policy.md", None), parsed=ParsedFile("policy.md"))
    assert _test("f", "present", "if kept", document, AS_OF) == "f is empty"
    assert describe({"f": {"present": "if kept"}}) == "f is filled in, where the register keeps it"


def test_alternatives_within_conditions_that_all_hold_are_told_apart() -> None:
    # Staff who are active: (as a status says, or no status is kept) and (no leaving date, or
    # one still to come). Without parentheses the words would read as one long "or".
    active = {
        "all": [
            {"any": [{"status": {"equals": "active"}}, {"status": {"present": "not kept"}}]},
            {"any": [{"left_on": {"present": False}}, {"left_on": {"after": "as_of"}}]},
        ]
    }
    assert describe(active) == (
        "(either status is 'active', or the register keeps no status column) and (either "
        "left_on is empty, or left_on is after the as-of date)"
    )
    assert describe(
        {"any": [{"a": {"equals": "x"}}, {"b": {"equals": "y"}, "c": {"equals": "z"}}]}
    ) == ("either a is 'x', or (b is 'y' and c is 'z')")


def test_holds_decides_without_composing_the_sentence_a_finding_would_say() -> None:
    # `holds` needs only whether a condition holds: a failed `any` or `not` gives a bare reason
    # (no described condition, no nearest alternatives), and the verdict is the same
    condition = {
        "any": [{"f": {"equals": "b"}}, {"g": {"gt": 1}}],
        "not": {"f": {"equals": "a"}},
    }
    failing = item(f="a", g=0)
    assert evaluate(condition, failing, AS_OF, why=False) == [
        "none of the alternatives holds",
        "not allowed",
    ]
    assert len(evaluate(condition, failing, AS_OF)) == 2
    assert not holds(condition, failing, AS_OF)
    assert holds(condition, item(f="b", g=0), AS_OF)
