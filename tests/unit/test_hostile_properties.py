"""Property-based hostile input: any file name, date, number or profile value ends as a value, a
located problem or a finding, never as an exception of another kind."""

from __future__ import annotations

import json
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import mini_files, write_tree

import isocheck
from isocheck.errors import InputError
from isocheck.escape import lossless, name_of
from isocheck.meaning import to_number
from isocheck.yamlsrc import load_yaml

# A file name as a POSIX file system holds it: any bytes but '/' and NUL, not '.' or '..'
names = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))


@given(names)
def test_any_file_name_is_shown_as_utf8_and_found_again(raw: bytes) -> None:
    name = os.fsdecode(raw)
    shown = lossless(name)
    shown.encode("utf-8")  # every report can hold it
    json.dumps(shown, ensure_ascii=False).encode("utf-8")
    if "\\x" not in name:  # a name that itself reads like an escape is the one ambiguity
        assert name_of(shown) == name
    assert lossless(shown) == shown  # once shown, it stays as it is


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=names.filter(lambda b: b not in (b".", b"..")))
def test_any_file_name_in_the_folder_reaches_the_findings_as_utf8(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    folder = write_tree(tmp_path_factory.mktemp("ev"), mini_files())
    with open(os.fsencode(folder / "registers") + b"/" + raw + b".csv", "wb") as fh:
        fh.write(b"instrument,status,next_due\nX,in use,2026-01-01\n")
    findings = isocheck.evaluate(folder).findings
    json.dumps([f.to_dict() for f in findings], ensure_ascii=False).encode("utf-8")


dates = st.one_of(
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}( \d{1,3}:\d{1,3}(:\d{1,3})?)?\Z"),
    st.text(max_size=30),
)


@given(dates)
def test_any_date_like_yaml_value_loads_or_is_a_located_problem(text: str) -> None:
    source = f"d: {json.dumps(text)[1:-1]}\n" if text.strip() else "d: x\n"
    try:
        load_yaml(source, "f.yaml")
    except InputError as exc:
        assert exc.problems[0].line == 1


@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True), st.integers(), st.booleans()))
def test_any_cell_is_a_finite_number_or_not_a_number(value: object) -> None:
    try:
        number = to_number(value)
    except ValueError:
        return
    assert math.isfinite(number)


values = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(
        [
            "thresholds: {review_days: %s}",
            "limits: {max_rows: %s}",
            "limits: {max_yaml_nodes: %s}",
            "as_of: %s",
        ]
    ),
    value=values,
)
def test_any_profile_value_plans_or_is_a_located_profile_error(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: object
) -> None:
    shown = (
        json.dumps(value)
        if not isinstance(value, float) or math.isfinite(value)
        else (".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf"))
    )
    profile = mini_files()["isocheck.yaml"]
    if key.startswith("as_of"):
        profile = profile.replace("as_of: 2026-11-01\n", "")
    folder = write_tree(
        tmp_path_factory.mktemp("p"), mini_files(**{"isocheck.yaml": profile + key % shown + "\n"})
    )
    try:
        isocheck.plan(folder)
    except InputError as exc:
        assert all(p.path.endswith("isocheck.yaml") for p in exc.problems)
        assert any(p.line is not None for p in exc.problems)
