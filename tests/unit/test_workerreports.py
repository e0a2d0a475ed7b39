"""The consulted files a worker sends its controller once per distinct list (isocheck.workerreports)."""

from __future__ import annotations

import pytest

from isocheck.model import EvidenceRef
from isocheck.workerreports import ReceivedLists, SentLists

REFS = (EvidenceRef("registers/risks.csv", None, "ab" * 32), EvidenceRef("a/b.md", 3))
OTHER = (EvidenceRef("registers/risks.csv", None, "ab" * 32),)


def test_each_list_is_sent_once_and_received_as_it_was() -> None:
    sent, received = SentLists("gw0"), ReceivedLists()
    first, again, other = sent.send(REFS), sent.send(REFS), sent.send(OTHER)
    assert len(first) == 2 and again == [first[0]] and len(other) == 2
    assert other[0] != first[0]
    assert received.receive(first) == REFS
    assert received.receive(again) == REFS
    assert received.receive(other) == OTHER


def test_workers_name_their_lists_apart() -> None:
    received = ReceivedLists()
    one, two = SentLists("gw0").send(REFS), SentLists("gw1").send(OTHER)
    assert one[0] != two[0]
    assert received.receive(one) == REFS and received.receive(two) == OTHER


def test_a_list_named_before_it_was_sent_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="before sending them"):
        ReceivedLists().receive(["gw0/1"])
