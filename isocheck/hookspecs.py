"""Hook specifications of isocheck's own pluggy PluginManager (project name "isocheck").

Third-party plugins implement these with `@isocheck.hookimpl` and are found through the entry-point
group `isocheck`. isocheck's built-in checks, loaders, packs and report writers register through the
very same hooks. Every hook is called once per PluginManager with a registry object; registering a
name that is already taken raises an error naming both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry
    from isocheck.loaders import LoaderRegistry
    from isocheck.reports import ReporterRegistry

hookspec = pluggy.HookspecMarker("isocheck")
hookimpl = pluggy.HookimplMarker("isocheck")


@hookspec
def isocheck_register_checks(registry: CheckRegistry) -> None:
    """Register checks: `registry.register(name, function, params_schema, summary=...)`.

    Called once when the plugin manager is set up. `function(ctx, params)` returns a `CheckResult`;
    `params_schema` is a JSON Schema (Draft 2020-12) for the parameters, used to reject packs with
    wrong parameters at load time. All implementations are called; none returns a value.
    """


@hookspec
def isocheck_register_loaders(registry: LoaderRegistry) -> None:
    """Register evidence loaders by file suffix: `registry.register(name, [".xlsx"], loader)`.

    `loader(parsed, data, limits)` fills in a `ParsedFile` from the file's bytes and records problems
    in `parsed.error` instead of raising. All implementations are called.
    """


@hookspec
def isocheck_pack_locations() -> list[Path]:
    """Return folders (searched for `*.yaml` packs) or pack files that this plugin ships.

    All implementations are called and their results concatenated; two packs with the same id from
    different places are an error.
    """
    raise NotImplementedError  # pragma: no cover - a spec, never called directly


@hookspec
def isocheck_register_reporters(registry: ReporterRegistry) -> None:
    """Register report writers: `registry.register(name, option, help, writer)`.

    A writer turns an `Assessment` into a file; it runs once, on the pytest controller, after all
    rules were evaluated. All implementations are called.
    """
