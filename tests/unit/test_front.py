"""`isocheck run`'s own parts: its pytest command line and its progress line."""

from __future__ import annotations

import io
from pathlib import Path

from isocheck.front import PROGRESS_AFTER, Options, _Watch, pytest_args


def test_the_folder_is_given_with_equals_and_no_setting_of_the_caller_is_read() -> None:
    options = Options(
        fail_on="major",
        standards=["iso9001-2015"],
        reports=[("json", "r.json")],
        extra=["-n", "2"],
    )
    args = pytest_args("my-qms", options, Path("/tmp/x/pytest.ini"))
    assert args[:4] == ["--isocheck=my-qms", "-c", "/tmp/x/pytest.ini", "--rootdir=/tmp/x"]
    assert "no:cacheprovider" in args
    assert args[-2:] == ["-n", "2"]
    assert "--isocheck-fail-on=major" in args and "--isocheck-report=json=r.json" in args


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_shows_its_progress_and_a_short_or_piped_one_does_not() -> None:
    short = _Watch(Terminal())
    short.pytest_runtest_logfinish("a::b", None)
    assert short.stream.getvalue() == ""  # type: ignore[attr-defined]
    long = _Watch(Terminal())
    long.started -= PROGRESS_AFTER + 1
    long.pytest_runtest_logfinish("a::b", None)
    long.pytest_runtest_logfinish("a::c", None)
    assert long.stream.getvalue().endswith("\r  2 rules assessed")  # type: ignore[attr-defined]
    piped = _Watch(io.StringIO())
    piped.started -= PROGRESS_AFTER + 1
    piped.pytest_runtest_logfinish("a::b", None)
    assert piped.stream.getvalue() == ""  # type: ignore[attr-defined]
