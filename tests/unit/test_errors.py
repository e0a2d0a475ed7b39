"""isocheck's error types (`isocheck.errors`): how a Problem renders, and that an InputError carries
every problem, not only the first."""

from __future__ import annotations

import dataclasses

import pytest

from isocheck.errors import (
    CheckError,
    InputError,
    IsocheckError,
    PluginError,
    Problem,
    RegistrationClash,
    UsageError,
)


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("p.yaml", None, None, "broken"), "p.yaml: broken"),
        (Problem("p.yaml", 3, None, "broken"), "p.yaml:3: broken"),
        (Problem("p.yaml", 3, 7, "broken"), "p.yaml:3:7: broken"),
        # A column means nothing without its line.
        (Problem("p.yaml", None, 7, "broken"), "p.yaml: broken"),
        (
            Problem("p.yaml", 3, 7, "broken", pointer="$.rules[0]"),
            "p.yaml:3:7: broken (at $.rules[0])",
        ),
        (Problem("p.yaml", 3, 7, "broken", hint="fix it"), "p.yaml:3:7: broken; fix it"),
        (
            Problem("p.yaml", 3, 7, "broken", "fix it", "$.rules[0].id"),
            "p.yaml:3:7: broken (at $.rules[0].id); fix it",
        ),
    ],
)
def test_a_problem_renders_as_place_message_path_and_hint(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_a_problem_is_a_value() -> None:
    problem = Problem("p.yaml", 1, 2, "broken")
    assert problem == Problem("p.yaml", 1, 2, "broken", "", "")
    assert len({problem, Problem("p.yaml", 1, 2, "broken")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.line = 3  # type: ignore[misc]


def test_an_input_error_carries_and_renders_every_problem() -> None:
    first = Problem("a.yaml", 1, 1, "one", "fix one")
    second = Problem("b.yaml", None, None, "two")
    error = InputError([first, second])
    assert error.problems == [first, second]
    assert str(error) == "a.yaml:1:1: one; fix one\nb.yaml: two"


def test_every_documented_error_is_an_isocheck_error() -> None:
    for kind in (InputError, UsageError, CheckError, PluginError):
        assert issubclass(kind, IsocheckError)


def test_a_registration_clash_is_a_value_error_naming_the_first_plugin() -> None:
    clash = RegistrationClash("check 'exists' is registered twice", "acme-plugin")
    assert isinstance(clash, ValueError) and not isinstance(clash, IsocheckError)
    assert (str(clash), clash.first) == ("check 'exists' is registered twice", "acme-plugin")
    assert RegistrationClash("again").first is None
