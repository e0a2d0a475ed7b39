"""Hook specifications of isocheck's own pluggy PluginManager (project name "isocheck").

Third-party plugins implement these with `@isocheck.hookimpl` and are found through the entry-point
group `isocheck`. isocheck's built-in checks, loaders, packs and report writers register through the
very same hooks, as the plugin "isocheck-builtins", registered before any other.

Every hook is called once per PluginManager, through pluggy: all implementations run, in pluggy's
order (the last registered plugin first, so a plain implementation runs before the built-ins;
`tryfirst` and `trylast` are honoured), and `wrapper=True` and `hookwrapper=True` implementations
run around the plain ones. An implementation that raises stops the set-up with a `PluginError` that
names its plugin; registering a name that is already taken is such an error, naming both plugins.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry
    from isocheck.loaders import LoaderRegistry
    from isocheck.reporting.registry import ReporterRegistry

hookspec = pluggy.HookspecMarker("isocheck")
hookimpl = pluggy.HookimplMarker("isocheck")


@hookspec
def isocheck_register_checks(registry: CheckRegistry) -> None:
    """Register checks: `registry.register(name, function, params_schema, summary=...)`.

    Called once when the plugin manager is set up. `function(ctx, params)` returns a `CheckResult`;
    `params_schema` is a JSON Schema (Draft 2020-12) for the parameters, used to reject packs with
    wrong parameters at load time. None returns a value.
    """


@hookspec
def isocheck_register_loaders(registry: LoaderRegistry) -> None:
    """Register evidence loaders by file suffix: `registry.register(name, [".xlsx"], loader)`.

    `loader(parsed, data, limits)` fills in a `ParsedFile` from the file's bytes and records problems
    in `parsed.error` instead of raising.
    """


@hookspec
def isocheck_pack_locations() -> list[Path]:
    """Return folders (searched for `*.yaml` packs) or pack files that this plugin ships.

    The results are joined into one search order that does not depend on the order plugins were
    registered or called in: isocheck's own packs first, then every other location sorted by path,
    each once. Two packs with the same id from different places are an error.
    """
    raise NotImplementedError  # pragma: no cover - a spec, never called directly


@hookspec
def isocheck_register_reporters(registry: ReporterRegistry) -> None:
    """Register report writers: `registry.register(name, option, help, writer)`.

    A writer turns an `Assessment` into a file; it runs once, on the pytest controller, after all
    rules were evaluated.
    """
