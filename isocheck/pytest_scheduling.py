"""The pytest-xdist side of dividing rules among workers (isocheck.distribution decides how).

Imported only in runs with --isocheck and pytest-xdist: the scheduler is xdist's `loadscope`,
with each unit of rules reading the same heaviest evidence as one scope, handed to whichever
worker is free. Node ids are not changed (xdist's own
`loadgroup` appends `@group` to them, which would change JUnit names and `--lf`), and items that
are not isocheck rules keep loadscope's module and class scopes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from isocheck.distribution import evidence_weights, listed_sizes, units
from isocheck.engine import Plan

RuleOf = Callable[[str], "tuple[str, str] | None"]


class RuleScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped here
    """One scope per unit of rules, so that one worker parses the evidence they read most."""

    def __init__(self, config: pytest.Config, log: object, plan: Plan, rule_of: RuleOf) -> None:
        super().__init__(config, log)
        self._plan = plan
        self._rule_of = rule_of
        self._unit: dict[str, str] = {}
        # The folder is listed now, while the workers start and collect, not after they have.
        self._weights = evidence_weights(plan, listed_sizes(plan))

    def schedule(self) -> None:
        if self.collection is None and self.registered_collections:
            collected = next(iter(self.registered_collections.values()))
            keys = []
            for nodeid in collected:
                key = self._rule_of(nodeid)
                if key is not None:
                    keys.append(f"{key[0]}::{key[1]}")
            self._unit = units(self._plan, keys, self._weights)
        super().schedule()

    def remove_node(self, node: Any) -> str | None:
        """As loadscope, but the rule a crashed worker was evaluating is not given to the next
        worker: loadscope puts it back with the rest of its unit, so a rule that kills its
        worker killed every replacement in turn. It is reported lost, once, like under `load`.
        Units the worker had finished are not put back either: loadscope would send a
        replacement a unit with nothing left to run, and wait for it forever."""
        workload = self.assigned_work[node]
        crashed = next(
            (nodeid for unit in workload.values() for nodeid, done in unit.items() if not done),
            None,
        )
        if crashed is not None:
            for unit in workload.values():
                if crashed in unit:
                    unit[crashed] = True
        for scope in [scope for scope, unit in workload.items() if all(unit.values())]:
            del workload[scope]
        super().remove_node(node)  # the rest of the unit goes back to the queue
        return crashed

    def _reschedule(self, node: Any) -> None:
        """As loadscope, but until the worker has two rules to run or there are no more units: a
        worker runs a rule once it knows the next (or is told there is none), so a replacement
        for a crashed worker given a unit of one rule waited for ever."""
        super()._reschedule(node)
        while (
            self.workqueue
            and not node.shutting_down
            and self._pending_of(self.assigned_work[node]) < 2
        ):
            super()._reschedule(node)

    def _split_scope(self, nodeid: str) -> str:
        key = self._rule_of(nodeid)
        if key is not None:
            unit = self._unit.get(f"{key[0]}::{key[1]}")
            if unit is not None:
                return f"isocheck rules reading {unit}"
        return str(super()._split_scope(nodeid))
