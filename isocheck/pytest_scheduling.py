"""The pytest-xdist side of dividing rules among workers (isocheck.distribution decides how).

Imported only in runs with --isocheck and pytest-xdist: the scheduler is xdist's `loadscope`,
with each worker's share of the rules as one scope. Node ids are not changed (xdist's own
`loadgroup` appends `@group` to them, which would change JUnit names and `--lf`), and items that
are not isocheck rules keep loadscope's module and class scopes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from isocheck.distribution import evidence_weights, listed_sizes, shares
from isocheck.engine import Plan

RuleOf = Callable[[str], "tuple[str, str] | None"]


class RuleScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped here
    """One scope per worker for the rules, so that each parses only the evidence of its own."""

    def __init__(self, config: pytest.Config, log: object, plan: Plan, rule_of: RuleOf) -> None:
        super().__init__(config, log)
        self._plan = plan
        self._rule_of = rule_of
        self._share: dict[str, int] = {}
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
            self._share = shares(self._plan, keys, len(self.nodes), self._weights)
        super().schedule()

    def remove_node(self, node: Any) -> str | None:
        """As loadscope, but the rule a crashed worker was evaluating is not given to the next
        worker: loadscope puts it back with the rest of the share, so a rule that kills its
        worker killed every replacement in turn. It is reported lost, once, like under `load`."""
        workload = self.assigned_work[node]
        crashed = next(
            (nodeid for unit in workload.values() for nodeid, done in unit.items() if not done),
            None,
        )
        if crashed is not None:
            for unit in workload.values():
                if crashed in unit:
                    unit[crashed] = True
        super().remove_node(node)  # the rest of the share goes back to the queue
        return crashed

    def _split_scope(self, nodeid: str) -> str:
        key = self._rule_of(nodeid)
        if key is not None:
            share = self._share.get(f"{key[0]}::{key[1]}")
            if share is not None:
                return f"isocheck rules, share {share + 1}"
        return str(super()._split_scope(nodeid))
