"""The plugin host: isocheck's own PluginManager, the built-in plugins and the registries they fill."""

from __future__ import annotations

import inspect
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from types import CodeType, FrameType

import pluggy

from isocheck import certification_cycle, hookspecs
from isocheck.checks import CheckRegistry
from isocheck.checks import builtin as builtin_checks
from isocheck.errors import PluginError, RegistrationClash
from isocheck.evidence import Item
from isocheck.hookspecs import hookimpl
from isocheck.loaders import BUILTIN_LOADERS, LoaderRegistry, office
from isocheck.model import EvidenceType, Profile
from isocheck.reporting.registry import ReporterRegistry
from isocheck.resources import rulepacks_dir

ENTRY_POINT_GROUP = "isocheck"
BLOCK_ENV = "ISOCHECK_BLOCK_PLUGINS"  # comma-separated plugin names not to load
BUILTINS = "isocheck-builtins"  # the plugin name of isocheck's own checks, loaders, packs, writers
CERTIFICATION_CYCLE = "isocheck-certification-cycle"
OFFICE = "isocheck-office"
BUILTIN_PLUGINS = (BUILTINS, CERTIFICATION_CYCLE, OFFICE)  # every plugin isocheck itself registers
_HOOKS = tuple(name for name in vars(hookspecs) if name.startswith("isocheck_"))


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
        from isocheck.reporting.registry import register_builtin

        register_builtin(registry)


class _Office:
    """Excel, Word and PDF evidence (the office extra): a plugin of its own, so that it can be
    blocked like any other (ISOCHECK_BLOCK_PLUGINS=isocheck-office)."""

    @hookimpl
    def isocheck_register_loaders(self, registry: LoaderRegistry) -> None:
        office.register(registry)


@dataclass(frozen=True)
class Host:
    """The set-up plugin manager and the registries its plugins filled."""

    pm: pluggy.PluginManager
    checks: CheckRegistry
    loaders: LoaderRegistry
    reporters: ReporterRegistry
    pack_locations: tuple[Path, ...]
    culprits: _Culprits

    def assessed_packs(
        self, profile: Profile, standards: list[str], all_standards: bool
    ) -> list[str]:
        """Pack ids the plugins add to a run (each once, in the order they come)."""
        with _naming_the_plugin(self.pm, "isocheck_assessed_packs", self.culprits):
            results = self.pm.hook.isocheck_assessed_packs(
                profile=profile, standards=standards, all_standards=all_standards
            )
        return list(dict.fromkeys(pack_id for result in results for pack_id in result))

    def profile_evidence(
        self,
        etype: EvidenceType,
        profile: Profile,
        line_of: Callable[[tuple[str | int, ...]], int | None],
    ) -> list[Item] | None:
        """The items a plugin takes from the profile for an evidence type of kind `profile`."""
        with _naming_the_plugin(self.pm, "isocheck_profile_evidence", self.culprits):
            items: list[Item] | None = self.pm.hook.isocheck_profile_evidence(
                etype=etype, profile=profile, line_of=line_of
            )
        return items


class _Culprits:
    """Which plugin a frame runs for, told by the code objects of the hook implementations.

    pluggy calls the implementations (in its order, with wrappers and tryfirst/trylast); isocheck
    only reads the stack and tracebacks to name a plugin, so it never calls or reorders them itself.
    """

    def __init__(self, impls: Iterable[pluggy.HookImpl]) -> None:
        self._impls: dict[CodeType, list[tuple[str, object]]] = {}
        for impl in impls:
            function = inspect.unwrap(impl.function)
            code = getattr(function, "__code__", None)
            if isinstance(code, CodeType):
                self._impls.setdefault(code, []).append((impl.plugin_name, function))

    def _first(self, frames: Iterable[FrameType]) -> list[str]:
        """The plugins the first of `frames` that runs a hook implementation may belong to: one,
        unless plugins share code and the frame does not tell them apart; none if no frame does."""
        for frame in frames:
            impls = self._impls.get(frame.f_code)
            if impls is not None:
                if len(impls) > 1:  # two instances of one class, two closures of one function
                    impls = [(name, f) for name, f in impls if _runs(frame, f)] or impls
                return sorted({name for name, _ in impls})
        return []

    def registering(self) -> str | None:
        """The plugin whose hook implementation is running now: registries ask, to name both
        plugins when a name is registered twice."""
        plugins = self._first(_outward(inspect.currentframe()))
        return plugins[0] if len(plugins) == 1 else None

    def failed(self, exc: BaseException) -> list[str]:
        """The plugins of the implementation innermost in the exception's traceback (a wrapper that
        lets an exception pass is further out than the implementation that raised it)."""
        frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
        return self._first(reversed(frames))


def _outward(frame: FrameType | None) -> Iterator[FrameType]:
    while frame is not None:
        yield frame
        frame = frame.f_back


def _runs(frame: FrameType, function: object) -> bool:
    """Whether `frame` runs this very function rather than another with the same code: the same
    instance for a method, the same values in a closure's cells."""
    code, names = frame.f_code, frame.f_locals
    instance = getattr(function, "__self__", None)
    if instance is not None and (
        not code.co_argcount or names.get(code.co_varnames[0]) is not instance
    ):
        return False
    cells = getattr(function, "__closure__", None) or ()
    try:
        return all(
            names.get(name) is cell.cell_contents
            for name, cell in zip(code.co_freevars, cells, strict=True)
        )
    except ValueError:  # an empty cell, or cells that do not match the names
        return False


def _blame(pm: pluggy.PluginManager, hook_name: str, culprits: _Culprits, exc: Exception) -> str:
    candidates = culprits.failed(exc)
    if len(candidates) != 1:
        impls = getattr(pm.hook, hook_name).get_hookimpls()
        names = ", ".join(repr(n) for n in candidates or sorted({i.plugin_name for i in impls}))
        return f"an isocheck plugin failed in {hook_name} (one of {names}): {exc}"
    culprit = candidates[0]
    first = exc.first if isinstance(exc, RegistrationClash) else None
    if first is None or first == culprit:
        return f"isocheck plugin {culprit!r} failed in {hook_name}: {exc}"
    # pluggy calls the last registered plugin first, so a plugin that takes a built-in name has it
    # by the time the built-ins register theirs: the plugin is at fault, not isocheck.
    at_fault, other = (first, culprit) if culprit == BUILTINS else (culprit, first)
    return (
        f"isocheck plugin {at_fault!r} failed in {hook_name}: {exc} "
        f"(plugins {at_fault!r} and {other!r} both register it)"
    )


@contextmanager
def _naming_the_plugin(
    pm: pluggy.PluginManager, hook_name: str, culprits: _Culprits
) -> Iterator[None]:
    """Turn an exception out of a hook call into a PluginError that names the plugin: a broken
    plugin must say who it is, not end in a bare traceback."""
    try:
        yield
    except Exception as exc:
        raise PluginError(_blame(pm, hook_name, culprits, exc)) from exc


def _search_order(results: Iterable[Iterable[str | os.PathLike[str]]]) -> tuple[Path, ...]:
    """isocheck's own packs first, then the plugins' locations sorted by path, each once.

    pluggy returns results in call order, the last registered plugin first, and entry points are
    registered in the order their distributions happen to be found: that order means nothing.
    """
    builtin = rulepacks_dir()
    locations = {Path(location) for result in results for location in result}
    return tuple(sorted(locations, key=lambda path: (path != builtin, str(path))))


@dataclass(frozen=True)
class _EntryPoint:
    """An entry point of the group `isocheck` and the distribution that declares it."""

    entry_point: metadata.EntryPoint
    distribution: str  # its name as installed, for `pip uninstall`
    version: str

    @property
    def name(self) -> str:
        return self.entry_point.name

    def described(self) -> str:
        """`food 1.0 (entry point food = food.plugin)`: the names `pip show` and pyproject.toml use."""
        ep = self.entry_point
        return f"{self.distribution} {self.version} (entry point {ep.name} = {ep.value})"


def _field(dist: metadata.Distribution, key: str) -> str | None:
    values = dist.metadata.get_all(key)  # indexing a missing key raises in newer Pythons
    return values[0] if values else None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # as pip and importlib.metadata compare names


def _distributions() -> list[metadata.Distribution]:
    """The installed distributions, in the order of sys.path."""
    return list(metadata.distributions())


def _entry_points(group: str) -> dict[str, list[_EntryPoint]]:
    """The entry points of `group` by name, in the order their distributions are found.

    A distribution installed twice (in two folders on sys.path) counts once, the first copy, as
    `importlib.metadata.entry_points()` counts it: Python imports from that copy too. Metadata is
    parsed only when some distribution has an entry point in the group (parsing every installed
    distribution's was a fifth of a second of every run).
    """
    dists = _distributions()
    offering = [(dist, [ep for ep in dist.entry_points if ep.group == group]) for dist in dists]
    if not any(eps for _dist, eps in offering):
        return {}
    found: dict[str, list[_EntryPoint]] = {}
    seen: set[str] = set()
    for dist, eps in offering:
        name = _field(dist, "Name")
        if name is not None:
            if _normalized(name) in seen:
                continue
            seen.add(_normalized(name))
        name = name or "(a distribution without a name)"
        version = _field(dist, "Version") or "(no version)"
        for ep in eps:
            found.setdefault(ep.name, []).append(_EntryPoint(ep, name, version))
    return found


def _block_list() -> list[str]:
    return [name for name in (n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",")) if name]


def _how_to_skip(name: str) -> str:
    """The ISOCHECK_BLOCK_PLUGINS setting that skips `name` and keeps what is blocked already."""
    return f"{BLOCK_ENV}={','.join([*_block_list(), name])}"


def _shared_names(shared: dict[str, list[_EntryPoint]]) -> str:
    """One message for every plugin name that more than one distribution declares (sorted: the
    order distributions are found in means nothing)."""
    claims = []
    for name, eps in sorted(shared.items()):
        listed = [ep.described() for ep in sorted(eps, key=lambda ep: _normalized(ep.distribution))]
        claims.append(f"{name!r} by {', '.join(listed[:-1])} and {listed[-1]}")
    example = max(shared[min(shared)], key=lambda ep: _normalized(ep.distribution)).distribution
    return (
        f"installed distributions declare the same isocheck plugin name: {'; '.join(claims)}. "
        "isocheck names a plugin by its entry point's name, so it would load only one of them. "
        f"Uninstall the one you do not want (e.g. pip uninstall {example}), or rename the entry "
        f"point of one (its name under [project.entry-points.{ENTRY_POINT_GROUP}] in "
        "pyproject.toml) and reinstall it."
    )


def _taken_name(ep: _EntryPoint) -> str:
    return (
        f"the distribution {ep.distribution} {ep.version} names its isocheck plugin {ep.name!r} "
        f"(entry point {ep.name} = {ep.entry_point.value}), a name isocheck already gives to a "
        "plugin of its own. Rename the entry point (its name under "
        f"[project.entry-points.{ENTRY_POINT_GROUP}] in pyproject.toml) and reinstall it, or "
        f"uninstall it (pip uninstall {ep.distribution})."
    )


def _broken(ep: _EntryPoint, what: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())  # pluggy's validation messages span lines
    return (
        f"isocheck plugin {ep.name!r} {what}: {type(exc).__name__}: {detail}. It is the entry point "
        f"{ep.name} = {ep.entry_point.value} of the distribution {ep.distribution} {ep.version}: "
        f"fix the distribution or uninstall it (pip uninstall {ep.distribution}), or skip the "
        f"plugin with {_how_to_skip(ep.name)}."
    )


def _blocked_names() -> list[str]:
    names = _block_list()
    if BUILTINS in names:  # pluggy would unregister every check, loader and pack
        raise PluginError(
            f"{BLOCK_ENV} names {BUILTINS!r}, isocheck's own checks, loaders, packs "
            "and writers, without which nothing can be assessed; name only the "
            "entry-point plugins to skip"
        )
    return names


def _load_entry_points(pm: pluggy.PluginManager) -> dict[str, _EntryPoint]:
    """Register every entry-point plugin that is not blocked; plugin name -> its entry point.

    pluggy's own loader skips an entry point whose name is already registered, without a word;
    here two distributions claiming one name stop the run before anything is imported, and a
    plugin that does not load names its entry point and distribution.
    """
    found = _entry_points(ENTRY_POINT_GROUP)
    wanted = {name: eps for name, eps in found.items() if not pm.is_blocked(name)}
    shared = {name: eps for name, eps in wanted.items() if len(eps) > 1}
    if shared:
        raise PluginError(_shared_names(shared))
    for name, eps in sorted(wanted.items()):
        if pm.has_plugin(name):
            raise PluginError(_taken_name(eps[0]))
    loaded: dict[str, _EntryPoint] = {}
    for name, (ep,) in wanted.items():
        try:
            plugin = ep.entry_point.load()
        except Exception as exc:
            raise PluginError(_broken(ep, "could not be loaded", exc)) from exc
        try:
            pm.register(plugin, name=name)
        except Exception as exc:  # a malformed hook implementation, one object under two names
            raise PluginError(_broken(ep, "could not be registered", exc)) from exc
        loaded[name] = ep
    return loaded


def make_host(*, load_entry_points: bool = True, extra: tuple[object, ...] = ()) -> Host:
    """A fresh host: built-ins, then `extra` plugin objects, then entry points (unless blocked).

    Each hook is called once, through pluggy: implementations run in pluggy's order (the last
    registered first, tryfirst/trylast honoured), wrappers around them.
    """
    pm = pluggy.PluginManager("isocheck")
    pm.add_hookspecs(hookspecs)
    pm.register(_Builtins(), name=BUILTINS)
    pm.register(certification_cycle, name=CERTIFICATION_CYCLE)
    pm.register(_Office(), name=OFFICE)
    from_entry_points: dict[str, _EntryPoint] = {}
    try:
        for plugin in extra:
            pm.register(plugin)
        if load_entry_points:
            for name in _blocked_names():
                pm.set_blocked(name)
            from_entry_points = _load_entry_points(pm)
        pm.check_pending()
    except PluginError:
        raise
    except pluggy.PluginValidationError as exc:  # a hook implementation of no isocheck hook
        ep = from_entry_points.get(pm.get_name(exc.plugin) or "")
        if ep is not None:
            raise PluginError(_broken(ep, "is malformed", exc)) from exc
        raise PluginError(f"an isocheck plugin is malformed: {exc}") from exc
    except Exception as exc:
        raise PluginError(
            f"an isocheck plugin could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    culprits = _Culprits(impl for name in _HOOKS for impl in getattr(pm.hook, name).get_hookimpls())
    checks = CheckRegistry(owner=culprits.registering)
    loaders = LoaderRegistry(owner=culprits.registering)
    reporters = ReporterRegistry(owner=culprits.registering)
    with _naming_the_plugin(pm, "isocheck_register_checks", culprits):
        pm.hook.isocheck_register_checks(registry=checks)
    with _naming_the_plugin(pm, "isocheck_register_loaders", culprits):
        pm.hook.isocheck_register_loaders(registry=loaders)
    with _naming_the_plugin(pm, "isocheck_register_reporters", culprits):
        pm.hook.isocheck_register_reporters(registry=reporters)
    with _naming_the_plugin(pm, "isocheck_pack_locations", culprits):
        locations = _search_order(pm.hook.isocheck_pack_locations())
    return Host(pm, checks, loaders, reporters, locations, culprits)


@cache
def default_host() -> Host:
    """The process-wide host with entry-point plugins (built once per process)."""
    return make_host()
