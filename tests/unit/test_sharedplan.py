"""The plan the xdist controller sends its workers (isocheck.sharedplan)."""

from __future__ import annotations

from pathlib import Path

from isocheck.engine import plan
from isocheck.plugins import default_host
from isocheck.sharedplan import for_workers, received


def test_a_received_plan_evaluates_as_the_one_sent(mini: Path) -> None:
    sent = plan(mini)
    got = received(for_workers(sent))
    assert got.rules == sent.rules
    assert got.as_of == sent.as_of and got.profile == sent.profile
    assert got.host is default_host()
    assert got.evaluate_all() == sent.evaluate_all()


def test_the_plugin_host_is_not_sent(mini: Path) -> None:
    assert b"isocheck.plugins" not in for_workers(plan(mini))
