"""YAML with source positions (`isocheck.yamlsrc`): where every value stands, duplicate keys
refused, depth and size bounded, and every problem an InputError naming file, line and column.

For any text at all, load_yaml returns or raises InputError: tests/unit/test_loaders.py."""

from __future__ import annotations

import contextlib
import string
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from isocheck import yamlsrc
from isocheck.errors import InputError, Problem
from isocheck.yamlsrc import MAX_DEPTH, PathKey, Positions, load_yaml, load_yaml_fields, pointer


def problem_of(text: str, **limits: int) -> Problem:
    with pytest.raises(InputError) as info:
        load_yaml(text, "f.yaml", **limits)
    (problem,) = info.value.problems
    assert problem.path == "f.yaml"
    return problem


# --- positions ------------------------------------------------------------------------------------

NESTED = """\
a:
  b: 1
  c:
    - x
    - {d: 2}
"""


def test_positions_of_nested_keys_and_list_items() -> None:
    data, positions = load_yaml(NESTED, "f.yaml")
    assert data == {"a": {"b": 1, "c": ["x", {"d": 2}]}}
    assert positions.marks == {
        (): (1, 1),
        ("a",): (2, 3),  # a value stands where the value starts, not where its key does
        ("a", "b"): (2, 6),
        ("a", "c"): (4, 5),
        ("a", "c", 0): (4, 7),
        ("a", "c", 1): (5, 7),
        ("a", "c", 1, "d"): (5, 11),
    }


def test_at_falls_back_to_the_nearest_enclosing_value() -> None:
    _data, positions = load_yaml(NESTED, "f.yaml")
    assert positions.at(("a", "c", 1, "missing", 3)) == (5, 7)
    assert positions.at(("nowhere",)) == (1, 1)
    assert Positions("empty.yaml").at(("a",)) == (None, None)


def test_a_problem_names_file_line_column_and_json_path() -> None:
    _data, positions = load_yaml(NESTED, "f.yaml")
    problem = positions.problem(("a", "c", 0), "must not be x", "write y")
    assert problem == Problem("f.yaml", 4, 7, "must not be x", "write y", "$.a.c[0]")


def test_pointer_is_the_json_path() -> None:
    assert pointer(("rules", 3, "id")) == "$.rules[3].id"
    assert pointer(()) == "$"
    assert pointer((0, 1)) == "$[0][1]"


def test_scalars_keep_their_source_text() -> None:
    # YAML reads 5.10 as the number 5.1; the source says what was written, for the hint to quote.
    data, positions = load_yaml("clause: 5.10\nid: '007'\n", "f.yaml")
    assert data == {"clause": 5.1, "id": "007"}
    assert positions.sources == {("clause",): "5.10", ("id",): "007"}


def test_merged_keys_stand_where_they_were_written() -> None:
    text = "base: &b {x: 1}\nrule:\n  <<: *b\n  y: 2\n"
    data, positions = load_yaml(text, "f.yaml")
    assert data["rule"] == {"x": 1, "y": 2}
    assert positions.at(("rule", "x")) == (1, 14)
    assert positions.at(("rule", "y")) == (4, 6)


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_file_is_none_with_no_positions(text: str) -> None:
    data, positions = load_yaml(text, "f.yaml")
    assert data is None
    assert positions.marks == {} and positions.path == "f.yaml"


# --- refused documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "key", "first"),
    [
        ("id: 1\nx: 2\nid: 3\n", 3, 1, "id", 1),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", 4, 3, "b", 2),
        ("{a: 1, a: 2}\n", 1, 8, "a", 1),
        ("- {k: 1}\n- k: 1\n  j: 2\n  k: 3\n", 4, 3, "k", 2),
    ],
)
def test_duplicate_keys_are_refused_with_the_line_of_the_first(
    text: str, line: int, column: int, key: str, first: int
) -> None:
    problem = problem_of(text)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message == f"duplicate key {key!r} (first defined on line {first})"
    assert problem.hint == "remove or rename one of the two keys"


def test_a_key_given_beside_a_merge_overrides_it() -> None:
    data, _positions = load_yaml("base: &b {x: 1}\nrule:\n  <<: *b\n  x: 2\n", "f.yaml")
    assert data["rule"] == {"x": 2}


@pytest.mark.parametrize(
    ("text", "line"),
    [("a:\n\tb: 1\n", 2), ("a: 1\n\tb: 2\n", 2), ("rules:\n  - id: R-1\n\t  title: t\n", 3)],
)
def test_tabs_in_indentation_get_their_own_hint(text: str, line: int) -> None:
    problem = problem_of(text)
    assert problem.line == line
    assert problem.message.startswith("invalid YAML: ")
    assert problem.hint == "indent with spaces, not tabs"


def test_a_syntax_error_names_line_and_column() -> None:
    problem = problem_of("rules:\n  - id: [R-1, R-2\n")
    assert (problem.line, problem.column) == (2, 18)  # where the list should have been closed
    assert problem.message.startswith("invalid YAML: ")
    assert problem.hint == "fix the YAML syntax"


@pytest.mark.parametrize("text", ["a: !foo x\n", "a: !!python/object:os.system x\n"])
def test_tags_are_refused_not_constructed(text: str) -> None:
    problem = problem_of(text)
    assert (problem.line, problem.column) == (1, 4)
    assert problem.hint == "isocheck reads plain YAML only: remove the '!' tag"


def test_a_second_document_is_refused() -> None:
    problem = problem_of("a: 1\n---\nb: 2\n")
    assert problem.line == 2
    assert problem.message == (
        "invalid YAML: a second YAML document ('---') follows the first; isocheck reads one"
    )


def test_an_undefined_alias_is_refused_where_it_is_used() -> None:
    problem = problem_of("a: 1\nb: *nowhere\n")
    assert (problem.line, problem.column) == (2, 4)
    assert problem.message == "invalid YAML: found undefined alias 'nowhere'"


# Impossible dates and values a standard tag cannot hold: a problem where the value stands.
@pytest.mark.parametrize(
    "text",
    [
        "as_of: 2026-02-30\n",
        "next_review: 2026-13-01\n",
        "at: 2026-01-01 25:00:00\n",
        "n: !!int x\n",
        "b: !!bool x\n",
        "t: !!timestamp x\n",
        "m: !!map [1]\n",
    ],
)
def test_a_value_its_type_cannot_hold_is_a_problem_not_a_crash(text: str) -> None:
    problem = problem_of(text)
    assert (problem.line, problem.column) == (1, text.index(" ") + 2)


# --- bounds ---------------------------------------------------------------------------------------


def nested_lists(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def test_nesting_up_to_the_limit_loads_and_one_more_level_is_refused() -> None:
    data, _positions = load_yaml(nested_lists(5), "f.yaml", max_depth=5)
    assert data == [[[[[1]]]]]
    problem = problem_of(nested_lists(6), max_depth=5)
    assert (problem.line, problem.column) == (1, 6)  # the bracket that opens the sixth level
    assert problem.message == "YAML nested more than 5 levels deep"
    assert problem.hint == "flatten the document"


def test_nesting_far_past_the_limit_is_refused_before_anything_deep_is_built() -> None:
    # libyaml's own composer recurses in C and would take the interpreter down with it.
    problem = problem_of("a:\n  " + "[" * 500)
    assert problem.message == f"YAML nested more than {MAX_DEPTH} levels deep"
    assert (problem.line, problem.column) == (2, 2 + MAX_DEPTH)  # the mapping is the first level


def test_nesting_through_aliases_is_bounded_too() -> None:
    text = "deep: &d [[[1]]]\nmore: [[[*d]]]\n"
    # As written, four levels; expanded, the mapping and six lists: seven, like "more: [[[[[[1]]]]]]".
    data, _positions = load_yaml(text, "f.yaml", max_depth=7)
    assert data["more"] == [[[[[[1]]]]]]
    problem = problem_of(text, max_depth=6)
    assert problem.message == "YAML nested more than 6 levels deep"


@pytest.mark.timeout(10)
def test_an_alias_to_its_own_collection_is_refused() -> None:
    problem = problem_of("a: &x [*x]\n", max_depth=10)
    assert problem.line == 1
    assert problem.message == "YAML nested more than 10 levels deep"


def test_more_values_than_the_limit_are_refused() -> None:
    ten = "[" + ", ".join(str(i) for i in range(9)) + "]"  # the list and its nine items
    assert load_yaml(ten, "f.yaml", max_nodes=10)[0] == list(range(9))
    problem = problem_of(ten.replace("]", ", 9]"), max_nodes=10)
    assert problem.message == "YAML has more than 10 values"
    assert problem.hint == "split the file or raise the limit"
    assert (problem.line, problem.column) == (1, 29)


BILLION_LAUGHS = """\
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


# Unbounded, the expansion would run for hours: fail fast instead.
@pytest.mark.timeout(10)
def test_an_alias_bomb_is_refused_by_what_it_expands_to() -> None:
    # 90-odd values as written; a billion once the aliases are expanded.
    problem = problem_of(BILLION_LAUGHS, max_nodes=5_000)
    assert problem.message == "YAML expands to more than 5000 values (alias expansion)"
    assert problem.hint == "remove the anchors and aliases that repeat large structures"
    assert problem.line is not None and 1 <= problem.line <= 9
    assert problem.column is not None


# --- properties -----------------------------------------------------------------------------------

# Printable text: YAML itself treats U+0085, U+2028 and U+2029 as line breaks.
printable = st.characters(
    blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="\x85\ufeff"
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(printable, max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(printable, max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


def paths(value: Any, key: PathKey = ()) -> Iterator[PathKey]:
    yield key
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*key, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*key, i))


@given(json_values, st.booleans())
def test_every_value_has_a_position_within_the_text(value: Any, flow: bool) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    data, positions = load_yaml(text, "f.yaml")
    assert data == value
    assert set(positions.marks) == set(paths(value))
    lines = text.split("\n")
    for line, column in positions.marks.values():
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1


identifiers = st.text(string.ascii_lowercase + "_", min_size=1, max_size=10).filter(
    lambda s: s not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
)


@given(st.lists(identifiers, min_size=1, max_size=10, unique=True), st.integers(0, 4))
def test_keys_and_list_items_stand_on_the_line_they_are_written(
    keys: list[str], indent: int
) -> None:
    pad = " " * indent
    text = "top:\n" + "".join(f"{pad}  {k}: {i}\n" for i, k in enumerate(keys))
    text += "items:\n" + "".join(f"{pad}- {k}\n" for k in keys)
    data, positions = load_yaml(text, "f.yaml")
    assert data == {"top": {k: i for i, k in enumerate(keys)}, "items": keys}
    for i, k in enumerate(keys):
        assert positions.marks[("top", k)] == (i + 2, indent + len(k) + 5)
        assert positions.marks[("items", i)] == (len(keys) + 3 + i, indent + 3)


@given(st.lists(identifiers, min_size=2, max_size=8, unique=True), st.data())
def test_a_repeated_key_names_the_line_of_its_first_use(
    keys: list[str], data: st.DataObject
) -> None:
    first = data.draw(st.integers(0, len(keys) - 1))
    again = data.draw(st.integers(first + 1, len(keys)))
    written = [*keys[:again], keys[first], *keys[again:]]
    problem = problem_of("".join(f"{k}: {i}\n" for i, k in enumerate(written)))
    assert problem.line == again + 1
    assert problem.message == f"duplicate key {keys[first]!r} (first defined on line {first + 1})"


@given(st.integers(1, 30), st.integers(1, 30))
def test_a_document_loads_exactly_when_it_is_within_the_depth_limit(depth: int, limit: int) -> None:
    if depth <= limit:
        assert load_yaml(nested_lists(depth), "f.yaml", max_depth=limit)[0] is not None
    else:
        assert problem_of(nested_lists(depth), max_depth=limit).column == limit + 1


@pytest.mark.parametrize("text", ["d: [\n", "d: [", "a: 1\nb: {\n"])
def test_input_that_ends_too_early_is_said_at_the_end_of_its_last_line(text: str) -> None:
    with pytest.raises(InputError) as raised:
        load_yaml(text, "f.yaml")
    problem = raised.value.problems[0]
    last = text.rstrip("\n").split("\n")
    assert (problem.line, problem.column) == (len(last), len(last[-1]) + 1)


# --- top-level fields through libyaml's composer --------------------------------------------------

Outcome = tuple[str, list[tuple[str, int]]] | list[Problem]


def positioned(text: str, **limits: int) -> Outcome:
    """What load_yaml makes of a document: the data (its repr, so that 1, 1.0 and True differ and
    NaN equals itself) and the line of each top-level value, in order, or the problems."""
    try:
        data, positions = load_yaml(text, "f.yaml", **limits)
    except InputError as exc:
        return exc.problems
    if not isinstance(data, dict):
        return repr(data), []
    return repr(data), [
        (str(k[0]), line) for k, (line, _) in positions.marks.items() if len(k) == 1
    ]


def composed(text: str, **limits: int) -> Outcome:
    try:
        data, lines = load_yaml_fields(text, "f.yaml", **limits)
    except InputError as exc:
        return exc.problems
    return repr(data), list(lines.items())


small_limits = st.fixed_dictionaries(
    {"max_depth": st.integers(1, 6), "max_nodes": st.integers(1, 60)}
)


@given(st.text(st.sampled_from(list("ab:-?[]{}\n ,'\"#&*!|>01.\t\r")), max_size=200), small_limits)
def test_any_text_reads_as_the_positioned_path_reads_it_even_at_small_bounds(
    text: str, limits: dict[str, int]
) -> None:
    assert composed(text, **limits) == positioned(text, **limits)


keys = st.one_of(
    identifiers,
    st.sampled_from(["1", "2.5", "true", "~", "null", "2026-01-02", "x y", "a-b"]),
    identifiers.map(lambda k: f'"{k} q"'),
    identifiers.map(lambda k: f"'{k}'"),
)
scalars = st.sampled_from(
    [
        "v",
        "1",
        "2026-03-04",
        "yes",
        "'quoted: text'",
        '"a # b"',
        "a: b c",
        "- not a list",
        "[a, b]",
        "{a: 1}",
        "&anchor v",
        "!!str 12",
        "x # comment",
        "",
    ]
)


@st.composite
def value_lines(draw: st.DrawFn) -> list[str]:
    """A top-level value as written after `key:`, and the lines it continues on."""
    indent = " " * draw(st.sampled_from([0, 1, 2, 4]))
    inner = " " * (len(indent) or 2)
    kind = draw(st.sampled_from(["scalar", "list", "map", "block", "next", "flow", "anchor"]))
    if kind == "scalar":
        return [" " + draw(scalars)]
    if kind == "list":
        items = draw(st.lists(scalars, min_size=1, max_size=3))
        return ["", *(f"{indent}- {item}" for item in items)]
    if kind == "map":
        names = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
        return ["", *(f"{inner}{name}: {draw(scalars)}" for name in names)]
    if kind == "block":
        return [
            f" {draw(st.sampled_from(['|', '>', '|-']))}",
            f"{inner}line one",
            f"{inner}line two",
        ]
    if kind == "next":
        return ["", f"{inner}{draw(scalars) or 'v'}"]
    if kind == "flow":
        return [" [a,", f"{inner}b]"]
    return [" &here", f"{inner}k: v"]


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for key in draw(st.lists(keys, min_size=1, max_size=8)):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# a comment", "  # indented comment"])))
        first, *rest = draw(value_lines())
        lines += [f"{key}:{first}", *rest]
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(lines) + draw(st.sampled_from(["", end, end[:-1]]))  # "\r": CRLF front matter


@given(front_matters())
def test_front_matter_reads_as_the_positioned_path_reads_it(text: str) -> None:
    assert composed(text) == positioned(text)
    assert composed(text, max_depth=3, max_nodes=30) == positioned(text, max_depth=3, max_nodes=30)


def test_ordinary_front_matter_is_read_without_the_positioned_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsrc, "load_yaml", None)  # calling it would fail
    text = "id: QP-01\ntitle: Quality policy\napproved_on: 2026-01-02\nscope:\n  - site A\n"
    data, lines = load_yaml_fields(text, "f.yaml")
    assert data["scope"] == ["site A"]
    assert lines == {"id": 1, "title": 2, "approved_on": 3, "scope": 5}


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias: its value stands where the anchor is
        nested_lists(MAX_DEPTH + 1),
        "a: [" + "x, " * 20 + "]\n",  # more values than the bound below allows
        "a: 1\rb: 2\n",  # a line break that is not '\n'
        "a: 1\r\nb:\u2028 - c\r\n",
    ],
)
def test_what_may_reach_a_bound_takes_the_positioned_path(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def spy(text: str, path: str, **limits: int) -> Any:
        calls.append(text)
        return load_yaml(text, path, **limits)

    monkeypatch.setattr(yamlsrc, "load_yaml", spy)
    with contextlib.suppress(InputError):
        load_yaml_fields(text, "f.yaml", max_nodes=40)
    assert calls == [text]


@given(json_values, st.sampled_from([False, True, None]), st.integers(2, 5), st.integers(1, 8))
def test_nested_documents_read_as_the_positioned_path_reads_them_near_the_depth_bound(
    value: Any, flow: bool | None, indent: int, depth: int
) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent, allow_unicode=True)
    assert composed(text, max_depth=depth) == positioned(text, max_depth=depth)
