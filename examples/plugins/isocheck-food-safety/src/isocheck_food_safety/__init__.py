"""isocheck-food-safety: an example isocheck plugin for a small food-safety (HACCP) rule pack.

It adds one of each thing a plugin can add (see `isocheck_food_safety.plugin`): the check
`temperature_log`, a loader for tab-separated registers (`.tsv`), the report writer `haccp-csv` and
the rule pack `food-safety-example`. It is an example to copy, not a complete ISO 22000 pack.
"""

from __future__ import annotations

__version__ = "0.1.0"
