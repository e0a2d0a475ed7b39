"""A plan built once by the pytest-xdist controller and handed to its workers.

Every worker used to load the profile, read, assemble and validate every pack and plan the run
again, as the controller had just done: most of a worker's start-up. The controller now sends its
plan in the worker's start-up data (`workerinput`), pickled, over the channel xdist already uses
to send the workers their code and options; nothing is written to disk, so nothing but the
controller can hand a worker a plan. The plugin host (checks, loaders, writers: code, not data)
is not sent: each worker has its own, as it always had.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isocheck.engine import Plan

WORKER_INPUT = "isocheck_plan"


def for_workers(plan: Plan) -> bytes:
    """The plan as bytes to send, without the controller's plugin host."""
    hostless = replace(plan, host=None)  # type: ignore[arg-type]  # only while in transit
    return pickle.dumps(hostless, protocol=pickle.HIGHEST_PROTOCOL)


def received(data: bytes) -> Plan:
    """The controller's plan, with this worker's plugin host."""
    from isocheck.plugins import default_host

    plan: Plan = pickle.loads(data)  # bytes from our own controller, never from a file
    return replace(plan, host=default_host())
