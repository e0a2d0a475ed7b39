"""Hook specifications of isocheck's own pluggy PluginManager (project name "isocheck").

Third-party plugins implement these with `@isocheck.hookimpl` and are found through the entry-point
group `isocheck`. isocheck's built-in checks, loaders, packs and report writers register through the
very same hooks, as the plugin "isocheck-builtins", registered before any other.

The registration hooks are called once per PluginManager, the run hooks
(`isocheck_assessed_packs`, `isocheck_profile_evidence`) once per run or evidence type, always
through pluggy: all implementations run, in pluggy's order (the last registered plugin first, so a
plain implementation runs before the built-ins; `tryfirst` and `trylast` are honoured), and
`wrapper=True` and `hookwrapper=True` implementations run around the plain ones. An implementation
that raises ends the call with a `PluginError` that names its plugin; registering a name that is
already taken is such an error, naming both plugins. The certification cycle is itself a built-in
plugin of this kind ("isocheck-certification-cycle"), and so are the loaders of Excel, Word and
PDF files ("isocheck-office").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry
    from isocheck.evidence import Item
    from isocheck.loaders import LoaderRegistry
    from isocheck.model import EvidenceType, Profile
    from isocheck.reporting.registry import ReporterRegistry

hookspec = pluggy.HookspecMarker("isocheck")
hookimpl = pluggy.HookimplMarker("isocheck")


@hookspec
def isocheck_register_checks(registry: CheckRegistry) -> None:
    """Register checks, in either of two ways:

    - `registry.register(name, function, params_schema, summary=..., nested=None)`:
      `params_schema` is a JSON Schema (Draft 2020-12) for the parameters, and `function(ctx,
      params)` receives them as the pack wrote them (a mapping, for an object schema).
    - `registry.register_typed(name, function, Params, summary=...)`: `Params` is a frozen
      dataclass (see `isocheck.checks.params` for the types and markers understood, such as
      `Annotated[int, Minimum(0), Doc("...")]`); the JSON Schema is generated from it, and
      `function(ctx, params)` receives a `Params` instance. isocheck's own checks register so.

    Either way the schema rejects packs with wrong parameters at load time (after `${name}`
    placeholders are filled in), it may refer to the shared definitions `#/$defs/condition` (a
    `where`-style condition) and `#/$defs/check` (a nested `{name: parameters}` check), and
    `isocheck schema` includes it in the rule pack schema it prints, so that editors check the
    parameters as a pack is written (definitions of its own are renamed `<check>.<name>` there).
    `function(ctx, params)` returns a `CheckResult`. Called once when the plugin manager is set
    up; none returns a value.
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

    `writer(results)` renders the results document to text; it runs once, on the pytest
    controller, after all rules were evaluated, and isocheck writes the text to the path asked
    for. `name` is the writer's name for `--isocheck-report NAME=PATH` and `isocheck report
    --format NAME`; `option` (`--isocheck-NAME`, unique among writers) becomes a pytest option,
    with the ini twin `isocheck_NAME`, in runs with `--isocheck`.
    """


@hookspec
def isocheck_assessed_packs(
    profile: Profile, standards: list[str], all_standards: bool
) -> list[str]:
    """Return ids of packs to assess for this profile besides the packs of its `standards:`.

    Called once per run, after the profile is loaded. `standards` are the standards this run
    assesses; `all_standards` is False when the run selects some of them (`--isocheck-standard`).
    The built-in certification cycle returns its pack for a profile that records certificates.
    All implementations are called and their results concatenated (each id once, in order); an id
    that names no installed pack is an error.
    """
    raise NotImplementedError  # pragma: no cover - a spec, never called directly


@hookspec(firstresult=True)
def isocheck_profile_evidence(
    etype: EvidenceType,
    profile: Profile,
    line_of: Callable[[tuple[str | int, ...]], int | None],
) -> list[Item] | None:
    """Return the items of an evidence type of kind `profile`: evidence the profile itself holds,
    such as its `certification:` section (the built-in certification cycle provides that one).

    Called once per evidence type and run. `etype.section` names the part of the profile;
    `line_of(key)` gives the line of a value in the profile (e.g. `("certification", standard)`),
    for the items' references. The first implementation that returns a list wins; return None for a
    section that is not yours. No implementation answering is an error of the rule.
    """
