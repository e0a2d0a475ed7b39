"""The plugin host: isocheck's own PluginManager, the built-in plugins and the registries they fill."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pluggy

from isocheck import hookspecs
from isocheck.checks import CheckRegistry
from isocheck.checks import builtin as builtin_checks
from isocheck.errors import PluginError
from isocheck.hookspecs import hookimpl
from isocheck.loaders import BUILTIN_LOADERS, LoaderRegistry
from isocheck.reports import ReporterRegistry
from isocheck.resources import rulepacks_dir

ENTRY_POINT_GROUP = "isocheck"
BLOCK_ENV = "ISOCHECK_BLOCK_PLUGINS"  # comma-separated plugin names not to load


class _Builtins:
    """isocheck's own checks, loaders and packs, registered exactly like a third party's."""

    @hookimpl
    def isocheck_register_checks(self, registry: CheckRegistry) -> None:
        builtin_checks.register(registry)

    @hookimpl
    def isocheck_register_loaders(self, registry: LoaderRegistry) -> None:
        for name, suffixes, loader in BUILTIN_LOADERS:
            registry.register(name, suffixes, loader)

    @hookimpl
    def isocheck_pack_locations(self) -> list[Path]:
        return [rulepacks_dir()]

    @hookimpl
    def isocheck_register_reporters(self, registry: ReporterRegistry) -> None:
        from isocheck.reports import register_builtin

        register_builtin(registry)


@dataclass(frozen=True)
class Host:
    """The set-up plugin manager and the registries its plugins filled."""

    pm: pluggy.PluginManager
    checks: CheckRegistry
    loaders: LoaderRegistry
    reporters: ReporterRegistry
    pack_locations: tuple[Path, ...]


def _each(pm: pluggy.PluginManager, hook_name: str, **kwargs: Any) -> list[Any]:
    """Call every implementation of a hook in registration order (built-ins first), naming the
    plugin when one fails: a broken plugin must say who it is, not end in a bare traceback."""
    results = []
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        try:
            result = impl.function(**{k: kwargs[k] for k in impl.argnames})
        except Exception as exc:
            raise PluginError(
                f"isocheck plugin {impl.plugin_name!r} failed in {hook_name}: {exc}"
            ) from exc
        if result is not None:
            results.append(result)
    return results


def make_host(*, load_entry_points: bool = True, extra: tuple[object, ...] = ()) -> Host:
    """A fresh host: built-ins, then `extra` plugin objects, then entry points (unless blocked)."""
    pm = pluggy.PluginManager("isocheck")
    pm.add_hookspecs(hookspecs)
    pm.register(_Builtins(), name="isocheck-builtins")
    try:
        for plugin in extra:
            pm.register(plugin)
        if load_entry_points:
            for name in filter(None, (n.strip() for n in os.environ.get(BLOCK_ENV, "").split(","))):
                pm.set_blocked(name)
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        pm.check_pending()
    except Exception as exc:  # an entry point that does not import, or a malformed hookimpl
        raise PluginError(
            f"an isocheck plugin could not be loaded: {type(exc).__name__}: {exc} "
            f"(set {BLOCK_ENV}=NAME to skip a plugin by its entry-point name)"
        ) from exc
    checks, loaders, reporters = CheckRegistry(), LoaderRegistry(), ReporterRegistry()
    _each(pm, "isocheck_register_checks", registry=checks)
    _each(pm, "isocheck_register_loaders", registry=loaders)
    _each(pm, "isocheck_register_reporters", registry=reporters)
    locations: list[Path] = []
    for result in _each(pm, "isocheck_pack_locations"):
        locations.extend(Path(p) for p in result)
    return Host(pm, checks, loaders, reporters, tuple(locations))


@cache
def default_host() -> Host:
    """The process-wide host with entry-point plugins (built once per process)."""
    return make_host()
