"""The plugin object: the module named by the entry point `isocheck-food-safety` (group `isocheck`).

isocheck loads it through pluggy and calls each hook once. The implementations only register;
pluggy calls a plain implementation of an installed plugin before the built-ins register theirs, so a
name the core already uses (a check, a suffix, a writer) fails here, naming this plugin and the
built-ins.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from isocheck import hookimpl
from isocheck_food_safety import register, temperature, tsv

if TYPE_CHECKING:  # the registries are only needed for the annotations
    from isocheck.checks import CheckRegistry
    from isocheck.loaders import LoaderRegistry
    from isocheck.reporting.registry import ReporterRegistry

PACKS = Path(__file__).resolve().parent / "packs"


@hookimpl
def isocheck_register_checks(registry: CheckRegistry) -> None:
    registry.register(
        temperature.NAME,
        temperature.check_temperature_log,
        temperature.SCHEMA,
        summary=temperature.SUMMARY,
    )


@hookimpl
def isocheck_register_loaders(registry: LoaderRegistry) -> None:
    registry.register(tsv.NAME, tsv.SUFFIXES, tsv.load_tsv)


@hookimpl
def isocheck_register_reporters(registry: ReporterRegistry) -> None:
    registry.register(register.NAME, register.OPTION, register.HELP, register.render)


@hookimpl
def isocheck_pack_locations() -> list[Path]:
    return [PACKS]
