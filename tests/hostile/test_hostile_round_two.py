"""Hostile input, round two: impossible dates, extreme as-of dates, limits without ceilings and
work that grows faster than the input. Each case asserts its exact outcome; the hang guard
(pytest-timeout) ends any case that would not end."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile_support import GOOD, PROFILE, Run, write

import isocheck
from isocheck.errors import InputError

# --- impossible and extreme dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "shown"),
    [
        ("id: D-1\nnext_review: 2026-02-30\n", 3, "2026-02-30"),
        ("id: D-1\napproved_on: 2026-13-01\n", 3, "2026-13-01"),
        ("at: 2026-01-01 25:61:00\nid: D-1\n", 2, "2026-01-01 25:61:00"),
    ],
)
def test_an_impossible_date_in_front_matter_is_a_located_finding(
    run: Run, front: str, line: int, shown: str
) -> None:
    f = run({"docs/a.md": f"---\n{front}---\n# Quality manual\n"})["H-DOC"]
    assert f.outcome == "nonconform"
    assert f.message == (
        f"docs/a.md:{line}: cannot be read as evidence: impossible date {shown!r}: no such day "
        "or time; write a real date as YYYY-MM-DD (check the day and the month)"
    )


@pytest.mark.parametrize("expires", ["2026-02-29", "2027-04-31"])
def test_an_impossible_date_in_the_profile_is_a_profile_error_with_its_line(
    folder: Path, expires: str
) -> None:
    waiver = f"waivers:\n  - {{rule: H-DOC, reason: r, approver: Q, expires: {expires}}}\n"
    write(folder, {**GOOD, "isocheck.yaml": PROFILE + waiver})
    with pytest.raises(InputError) as caught:
        isocheck.evaluate(folder)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (
        8,
        f"impossible date {expires!r}: no such day or time",
    )


@pytest.mark.parametrize(
    ("as_of", "table"),
    [
        ("0001-01-01", "nonconform"),  # the register's 2026 row is after it
        ("0001-03-31", "nonconform"),
        ("9999-01-01", "conform"),
        ("9999-12-31", "conform"),
    ],
)
def test_the_first_and_last_years_are_as_of_dates_like_any_other(
    folder: Path, as_of: str, table: str
) -> None:
    write(folder, GOOD)
    outcomes = {f.rule: f.outcome for f in isocheck.evaluate(folder, as_of=as_of).findings}
    assert "error" not in outcomes.values()
    assert outcomes["H-TABLE"] == table


# --- limits have ceilings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "limits",
    [
        "{max_yaml_nodes: 1000000000000000}",
        "{max_file_bytes: 1099511627776}",
        "{max_rows: 100000000}",
        "{max_yaml_depth: 100000}",
    ],
)
def test_a_limit_above_its_ceiling_is_a_profile_error(folder: Path, limits: str) -> None:
    write(folder, {**GOOD, "isocheck.yaml": PROFILE + f"limits: {limits}\n"})
    with pytest.raises(InputError) as caught:
        isocheck.evaluate(folder)
    (problem,) = caught.value.problems
    assert problem.line == 7
    assert " is out of bounds: max_" in problem.message and " may be at most " in problem.message
    assert problem.hint.startswith("a hard ceiling")


def test_a_billion_laughs_at_the_ceiling_is_a_finding(run: Run) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    f = run({"data/a.yaml": "id: R-1\n" + laughs}, "limits: {max_yaml_nodes: 2000000}\n")["H-DATA"]
    assert f.outcome == "nonconform"
    assert "cannot be read as evidence" in f.message and "data/a.yaml" in f.message


# --- work bounded by the input -------------------------------------------------------------------


def test_a_register_of_twenty_thousand_columns_is_read_in_linear_time(run: Run) -> None:
    names = ["id", "date", "note", *(f"c{i}" for i in range(20_000))]
    cells = ["T-1", "2026-01-01", "aa", *("x" for _ in range(20_000))]
    started = time.perf_counter()
    f = run({"tables/a.csv": ",".join(names) + "\n" + ",".join(cells) + "\n"})["H-TABLE"]
    assert f.outcome == "conform"
    assert time.perf_counter() - started < 10  # quadratic took minutes; linear takes well under


def test_twenty_thousand_columns_with_one_name_twice(run: Run) -> None:
    names = ["id", "date", "note", *(f"c{i}" for i in range(20_000)), "c7"]
    f = run({"tables/a.csv": ",".join(names) + "\n"})["H-TABLE"]
    assert f.message == (
        "tables/a.csv:1: cannot be read as evidence: duplicate column name(s) in the header: c7"
    )


@pytest.mark.parametrize(
    "line",
    ["# Quality" + " " * 200_000 + "x", "## " + " \t" * 100_000 + "#", "#" + " " * 200_000],
)
def test_a_heading_with_a_long_run_of_spaces_is_read_in_linear_time(run: Run, line: str) -> None:
    started = time.perf_counter()
    f = run({"docs/a.md": f"---\nid: D-1\n---\n{line}\nquality\n"})["H-TEXT"]
    assert f.outcome == "conform"
    assert time.perf_counter() - started < 10


def test_a_cell_over_the_csv_field_limit_says_what_usually_causes_it(run: Run) -> None:
    f = run({"tables/a.csv": 'id,date,note\nT-1,2026-01-01,"' + "a" * 200_000 + "\n"})["H-TABLE"]
    assert f.outcome == "nonconform"
    assert f.message == (
        "tables/a.csv:2: cannot be read as evidence: a cell is longer than 131,072 characters: "
        'an unclosed quote (") is the usual cause; close it, or raise limits.max_cell_chars in '
        "the profile if the cell is really that long"
    )


def test_a_long_cell_is_read_where_the_profile_allows_it(run: Run) -> None:
    cell = "a" * 200_000
    f = run(
        {"tables/a.csv": f"id,date,note\nT-1,2026-01-01,{cell}\n"},
        "limits: {max_cell_chars: 300000}\n",
    )["H-TABLE"]
    assert f.outcome == "conform"


def test_a_slow_pattern_over_many_rows_ends_within_the_rules_budget(run: Run) -> None:
    # Each row takes about 0.3 s, under the 1 s a single search may take: 400 rows took two
    # minutes before one rule's patterns shared a budget.
    rows = "".join(f"T-{i},2026-01-01,{'a' * 28}b\n" for i in range(400))
    started = time.perf_counter()
    f = run({"tables/a.csv": "id,date,note\n" + rows})["H-REGEX"]
    assert time.perf_counter() - started < 30
    assert f.outcome == "error"
    assert f.message.startswith(
        "the check could not run: the rule's patterns took more than 5 s in all (the last "
        "'^(a|aa)+$' on note of tables/a.csv:"
    )


# --- messages that help ---------------------------------------------------------------------------


def test_a_json_number_of_thousands_of_digits_is_a_located_finding(run: Run) -> None:
    f = run({"data/a.json": '{\n  "id": "R-2",\n  "n": ' + "9" * 5000 + "\n}\n"})["H-DATA"]
    assert f.message == (
        "data/a.json:3: cannot be read as evidence: a number of 5,000 digits (999999999999...): "
        "no record holds one; write it as text (in quotes) if it is an identifier"
    )


def test_a_yaml_number_of_thousands_of_digits_is_a_located_finding(run: Run) -> None:
    f = run({"data/a.yaml": "id: R-1\nn: " + "9" * 5000 + "\n"})["H-DATA"]
    assert f.outcome == "nonconform"
    assert f.message.startswith("data/a.yaml:2: cannot be read as evidence: '9999")
    assert "... (5,000 characters)' cannot be read as !!int" in f.message
    assert len(f.message) < 300


def test_toml_front_matter_says_to_write_it_as_yaml(run: Run) -> None:
    f = run({"docs/a.md": '+++\nid = "D-1"\n+++\n# Quality manual\n'})["H-DOC"]
    assert f.message == (
        "docs/a.md:1: cannot be read as evidence: front matter in TOML ('+++') is not read: "
        "isocheck reads YAML front matter between '---' lines; write it as YAML (key: value) "
        "between '---' lines"
    )


# --- links where evidence is expected ------------------------------------------------------------


@pytest.mark.parametrize("linked", ["docs", "tables"])
def test_a_linked_folder_where_evidence_is_expected_is_named(
    run: Run, folder: Path, tmp_path: Path, linked: str
) -> None:
    outside = tmp_path / "outside"
    write(
        outside,
        {"a.md": "---\nid: OUT\n---\n# quality\n", "a.csv": "id,date,note\nO,2026-01-01,a\n"},
    )
    os.symlink(outside, folder / linked, target_is_directory=True)
    files: dict[str, str | bytes | None] = {"docs/a.md": None} if linked == "docs" else {}
    if linked == "tables":
        files["tables/a.csv"] = None
    findings = run(files)
    rule = "H-DOC" if linked == "docs" else "H-TABLE"
    f = findings[rule]
    assert f.outcome == "nonconform"
    assert f.message.startswith(
        f"{linked}: cannot be read as evidence: symbolic link: not followed"
    )
    assert "OUT" not in " ".join(f.details)
