"""What a pytest-xdist worker sends its controller about the files its findings read.

A finding travels on its rule's test report, and the report goes from worker to controller as
builtin types, serialized by execnet in pure Python. Every rule reading a register or a records
folder lists the files it consulted, and the rules reading the same evidence list the same files:
at 100,000 rows these lists were two thirds of what the workers sent, serialized by a worker and
read back by the controller, which shares the two cores with them. A worker now sends each
distinct list once, with the first finding that has it, and later findings name it; the controller
keeps the lists it was sent, per worker, and gives each finding its own list back, so it builds
the same findings, reports and results as a run without workers.

The reports of one worker reach the controller in the order the worker sent them (one execnet
channel per worker), so a list always arrives before the findings that name it; a worker that
replaces a crashed one has a name of its own, so it never names another worker's list.
"""

from __future__ import annotations

from typing import Any

from isocheck.model import EvidenceRef

# Sent: [name] for a list already sent, [name, [ref as dict, ...]] the first time.
Sent = list[Any]


class SentLists:
    """A worker's side: the lists of consulted files it has sent, by the name it gave each."""

    def __init__(self, worker: str) -> None:
        self._worker = worker
        self._names: dict[tuple[EvidenceRef, ...], str] = {}

    def send(self, consulted: tuple[EvidenceRef, ...]) -> Sent:
        name = self._names.get(consulted)
        if name is not None:
            return [name]
        name = self._names[consulted] = f"{self._worker}/{len(self._names) + 1}"
        return [name, [ref.to_dict() for ref in consulted]]


class ReceivedLists:
    """The controller's side: each worker's lists, by the names the worker gave them."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[EvidenceRef, ...]] = {}

    def receive(self, sent: Sent) -> tuple[EvidenceRef, ...]:
        if len(sent) > 1:
            self._lists[sent[0]] = tuple(EvidenceRef.from_dict(ref) for ref in sent[1])
        try:
            return self._lists[sent[0]]
        except KeyError:
            raise RuntimeError(
                f"isocheck: a worker named the consulted files {sent[0]!r} before sending them"
            ) from None
