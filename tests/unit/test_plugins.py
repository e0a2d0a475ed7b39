"""The plugin host calls every hook through pluggy: wrappers, tryfirst and trylast work as pluggy
documents them, and a failing plugin is still named in the error."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Generator
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
import pytest

from isocheck import hookimpl
from isocheck.checks import CheckRegistry
from isocheck.errors import PluginError
from isocheck.loaders import LoaderRegistry
from isocheck.plugins import BUILTINS, make_host
from isocheck.reporting.registry import ReporterRegistry, builtin_options, option_dest
from isocheck.resources import rulepacks_dir

BASE = make_host(load_entry_points=False)
N_CHECKS = len(BASE.checks.names())
N_REPORTERS = len(BASE.reporters.all())


def plugin(name: str, **impls: Callable[..., Any]) -> ModuleType:
    """A plugin object registered under `name` (pluggy names a module by its __name__)."""
    module = ModuleType(name)
    for hook, function in impls.items():
        setattr(module, hook, function)
    return module


def host_error(*plugins: ModuleType) -> str:
    with pytest.raises(PluginError) as info:
        make_host(load_entry_points=False, extra=plugins)
    return str(info.value)


def test_the_builtins_register_something() -> None:
    # The counts below compare against these: they must not be zero.
    assert N_CHECKS > 0
    assert N_REPORTERS > 0
    assert BASE.loaders.suffixes()


def test_wrappers_run_around_the_builtins() -> None:
    seen: dict[str, int] = {}

    @hookimpl(wrapper=True)
    def isocheck_register_checks(registry: CheckRegistry) -> Generator[None, object, object]:
        seen["checks before"] = len(registry.names())
        result = yield
        seen["checks after"] = len(registry.names())
        return result

    @hookimpl(hookwrapper=True)  # the old style, still documented by pluggy
    def isocheck_register_reporters(
        registry: ReporterRegistry,
    ) -> Generator[None, pluggy.Result[None], None]:
        seen["reporters before"] = len(registry.all())
        outcome = yield
        outcome.get_result()
        seen["reporters after"] = len(registry.all())

    host = make_host(
        load_entry_points=False,
        extra=(
            plugin(
                "around",
                isocheck_register_checks=isocheck_register_checks,
                isocheck_register_reporters=isocheck_register_reporters,
            ),
        ),
    )
    assert seen == {
        "checks before": 0,
        "checks after": N_CHECKS,
        "reporters before": 0,
        "reporters after": N_REPORTERS,
    }
    assert host.checks.names() == BASE.checks.names()


def test_tryfirst_runs_before_the_builtins_and_trylast_after() -> None:
    calls: list[tuple[str, int]] = []

    def recorder(label: str, **opts: bool) -> ModuleType:
        @hookimpl(**opts)
        def isocheck_register_checks(registry: CheckRegistry) -> None:
            calls.append((label, len(registry.names())))

        return plugin(label, isocheck_register_checks=isocheck_register_checks)

    # Registered in an order unlike the call order, so that order cannot pass for it.
    late = recorder("late", trylast=True)
    early = recorder("early", tryfirst=True)
    plain = recorder("plain")
    make_host(load_entry_points=False, extra=(late, early, plain))
    # A plain implementation registered after the built-ins runs before them, as pluggy calls the
    # last registered first.
    assert calls == [("early", 0), ("plain", 0), ("late", N_CHECKS)]


def test_pack_search_order_is_builtins_first_then_sorted(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c.yaml"

    @hookimpl
    def paths() -> list[Path]:
        return [c, a]

    @hookimpl(tryfirst=True)
    def strings() -> list[str]:
        return [str(b), str(a)]

    one = plugin("one", isocheck_pack_locations=paths)
    two = plugin("two", isocheck_pack_locations=strings)
    # pluggy's own order would be b, a, c, a, then the built-in folder.
    expected = (rulepacks_dir(), a, b, c)
    assert make_host(load_entry_points=False, extra=(one, two)).pack_locations == expected
    assert make_host(load_entry_points=False, extra=(two, one)).pack_locations == expected
    assert BASE.pack_locations == (rulepacks_dir(),)


@pytest.mark.parametrize(
    "opts", [{}, {"tryfirst": True}, {"trylast": True}], ids=["plain", "tryfirst", "trylast"]
)
def test_a_raising_plugin_is_named(opts: dict[str, bool]) -> None:
    @hookimpl(**opts)
    def isocheck_register_loaders(registry: LoaderRegistry) -> None:
        raise RuntimeError("disk on fire")

    message = host_error(plugin("broken", isocheck_register_loaders=isocheck_register_loaders))
    assert message == "isocheck plugin 'broken' failed in isocheck_register_loaders: disk on fire"


def test_an_exception_passing_through_a_wrapper_names_the_raiser() -> None:
    @hookimpl(wrapper=True)
    def isocheck_register_checks(registry: CheckRegistry) -> Generator[None, object, object]:
        return (yield)

    @hookimpl
    def raising(registry: CheckRegistry) -> None:
        raise KeyError("oops")

    watcher = plugin("watcher", isocheck_register_checks=isocheck_register_checks)
    broken = plugin("broken", isocheck_register_checks=raising)
    for order in ((watcher, broken), (broken, watcher)):
        message = host_error(*order)
        assert message == "isocheck plugin 'broken' failed in isocheck_register_checks: 'oops'"


def test_a_wrapper_raising_after_the_others_is_named() -> None:
    @hookimpl(wrapper=True)
    def isocheck_register_reporters(
        registry: ReporterRegistry,
    ) -> Generator[None, object, object]:
        yield
        raise RuntimeError("teardown bug")

    message = host_error(plugin("after", isocheck_register_reporters=isocheck_register_reporters))
    assert message == (
        "isocheck plugin 'after' failed in isocheck_register_reporters: teardown bug"
    )


def test_a_failure_no_implementation_raised_lists_the_plugins() -> None:
    # A wrapper that ends without yielding: pluggy itself raises, outside any implementation.
    @hookimpl(wrapper=True)
    def isocheck_register_checks(registry: CheckRegistry) -> Generator[None, object, object]:
        yield from ()
        return None

    message = host_error(plugin("noyield", isocheck_register_checks=isocheck_register_checks))
    assert message.startswith(
        f"an isocheck plugin failed in isocheck_register_checks (one of {BUILTINS!r}, 'noyield'): "
    )


@pytest.mark.parametrize(
    "opts", [{}, {"tryfirst": True}, {"trylast": True}], ids=["plain", "tryfirst", "trylast"]
)
def test_taking_a_builtin_name_names_both_plugins(opts: dict[str, bool]) -> None:
    # Whether the plugin registers before or after the built-ins, it is the one at fault.
    @hookimpl(**opts)
    def isocheck_register_checks(registry: CheckRegistry) -> None:
        registry.register("exists", lambda ctx, params: None, {"type": "object"})

    message = host_error(plugin("taker", isocheck_register_checks=isocheck_register_checks))
    assert message == (
        "isocheck plugin 'taker' failed in isocheck_register_checks:"
        f" check 'exists' is registered twice (plugins 'taker' and {BUILTINS!r} both register it)"
    )


def test_a_loader_suffix_clash_names_both_plugins() -> None:
    @hookimpl
    def isocheck_register_loaders(registry: LoaderRegistry) -> None:
        registry.register("mycsv", [".CSV"], lambda parsed, data, limits: None)

    message = host_error(plugin("csvplus", isocheck_register_loaders=isocheck_register_loaders))
    assert message.startswith(
        "isocheck plugin 'csvplus' failed in isocheck_register_loaders: loader "
    )
    assert message.endswith(f"(plugins 'csvplus' and {BUILTINS!r} both register it)")


def test_two_plugins_taking_one_report_name_are_both_named() -> None:
    def writer(label: str) -> ModuleType:
        @hookimpl
        def isocheck_register_reporters(registry: ReporterRegistry) -> None:
            registry.register("xlsx", f"--isocheck-xlsx-{label}", "a spreadsheet", lambda doc: "")

        return plugin(label, isocheck_register_reporters=isocheck_register_reporters)

    message = host_error(writer("one"), writer("two"))
    assert re.fullmatch(
        r"isocheck plugin '(one|two)' failed in isocheck_register_reporters:"
        r" report writer 'xlsx' is registered twice"
        r" \(plugins '(one|two)' and '(one|two)' both register it\)",
        message,
    )
    assert "'one'" in message and "'two'" in message


@pytest.mark.parametrize(
    "option", ["--haccp-csv", "-x", "--isocheck", "--isocheck-", "--isocheck-Upper", "--isocheck_a"]
)
def test_a_writer_option_must_be_an_isocheck_option(option: str) -> None:
    # It becomes a pytest option: outside --isocheck-* it could clash with pytest's or a plugin's.
    @hookimpl
    def isocheck_register_reporters(registry: ReporterRegistry) -> None:
        registry.register("haccp-csv", option, "a register", lambda doc: "")

    message = host_error(plugin("oddopt", isocheck_register_reporters=isocheck_register_reporters))
    assert message == (
        "isocheck plugin 'oddopt' failed in isocheck_register_reporters: report writer 'haccp-csv':"
        f" its option {option!r} is not of the form --isocheck-NAME (lowercase letters, digits and"
        " dashes), e.g. --isocheck-haccp-csv; pytest takes it on the command line beside other"
        " plugins' options"
    )


def test_a_writer_knows_its_plugin_and_its_option_names() -> None:
    @hookimpl
    def isocheck_register_reporters(registry: ReporterRegistry) -> None:
        registry.register("haccp-csv", "--isocheck-haccp-csv-2", "a register", lambda doc: "")

    host = make_host(
        load_entry_points=False,
        extra=(plugin("food", isocheck_register_reporters=isocheck_register_reporters),),
    )
    mine = host.reporters.get("haccp-csv")
    assert mine is not None and mine.plugin == "food"
    assert option_dest(mine.option) == "isocheck_haccp_csv_2"
    # The built-ins keep the pytest dests and ini names they have always had: isocheck_NAME
    # (a dash in a name is an underscore there: register-csv, isocheck_register_csv).
    for name, option, _help in builtin_options():
        builtin = host.reporters.get(name)
        assert builtin is not None and builtin.plugin == BUILTINS
        assert option_dest(option) == f"isocheck_{name.replace('-', '_')}"


class Loader:
    """A class-based plugin: two instances share the code of their hook implementation."""

    def __init__(self, suffix: str, fail: bool = False) -> None:
        self.suffix, self.fail = suffix, fail

    @hookimpl
    def isocheck_register_loaders(self, registry: LoaderRegistry) -> None:
        if self.fail:
            raise RuntimeError(f"cannot load {self.suffix}")
        registry.register(f"loader{self.suffix}", [self.suffix], lambda parsed, data, limits: None)


def test_instances_of_one_class_are_told_apart() -> None:
    good, bad = Loader(".xlsx"), Loader(".ods", fail=True)
    with pytest.raises(PluginError) as info:
        make_host(load_entry_points=False, extra=(good, bad))
    # pluggy names an object without a __name__ by its id.
    assert str(info.value) == (
        f"isocheck plugin '{id(bad)}' failed in isocheck_register_loaders: cannot load .ods"
    )


def test_plugins_running_the_very_same_function_are_listed() -> None:
    @hookimpl
    def isocheck_register_reporters(registry: ReporterRegistry) -> None:
        registry.register("xlsx", "--isocheck-xlsx", "a spreadsheet", lambda doc: "")

    message = host_error(
        plugin("one", isocheck_register_reporters=isocheck_register_reporters),
        plugin("two", isocheck_register_reporters=isocheck_register_reporters),
    )
    assert message.startswith(
        "an isocheck plugin failed in isocheck_register_reporters (one of 'one', 'two'): "
    )


# --- run hooks: the certification cycle is a plugin like any other ------------------------------

ACME_QMS = Path(__file__).resolve().parents[2] / "examples" / "acme-qms"


def test_the_certification_cycle_comes_from_its_plugin() -> None:
    import isocheck

    host = make_host(load_entry_points=False)
    assert [p.id for p in isocheck.plan(ACME_QMS, host=host).packs] == [
        "iso9001-2015",
        "certification-cycle",
    ]
    host.pm.unregister(name="isocheck-certification-cycle")
    assert [p.id for p in isocheck.plan(ACME_QMS, host=host).packs] == ["iso9001-2015"]


def test_a_plugin_can_add_a_pack_to_a_run_and_must_name_an_installed_one() -> None:
    import isocheck

    def adds(pack: str) -> ModuleType:
        return plugin(
            "adder",
            isocheck_assessed_packs=hookimpl(lambda profile, standards, all_standards: [pack]),
        )

    host = make_host(load_entry_points=False, extra=(adds("iso14001-2015"),))
    planned = isocheck.plan(ACME_QMS, host=host)
    assert "iso14001-2015" in [p.id for p in planned.packs]
    bad = make_host(load_entry_points=False, extra=(adds("no-such-pack"),))
    with pytest.raises(PluginError, match="asks to assess pack 'no-such-pack', which is not"):
        isocheck.plan(ACME_QMS, host=bad)


def test_a_plugin_failing_on_profile_evidence_is_named_in_the_rules_error() -> None:
    import isocheck

    def explode(etype: Any, profile: Any, line_of: Any) -> None:
        raise RuntimeError("profile section broke")

    boom = plugin("boom", isocheck_profile_evidence=hookimpl(tryfirst=True)(explode))
    host = make_host(load_entry_points=False, extra=(boom,))
    findings = isocheck.plan(ACME_QMS, host=host).evaluate_all()
    cycle = [f for f in findings if f.pack == "certification-cycle" and f.outcome == "error"]
    assert cycle, "the certification rules read the profile's certificates"
    assert all(
        "isocheck plugin 'boom' failed in isocheck_profile_evidence" in f.message for f in cycle
    )


def test_blocking_the_built_ins_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", f"some-plugin, {BUILTINS}")
    with pytest.raises(PluginError, match="names 'isocheck-builtins', isocheck's own checks"):
        make_host()
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", "some-plugin")
    assert make_host().checks.names() == BASE.checks.names()


# --- entry points: every installed plugin is loaded or the run stops, saying which and why --------


class Site:
    """Folders of installed distributions, the only ones the host sees in a test (as if pip had
    installed them), with their modules importable."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folders: list[Path] = []
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        monkeypatch.delenv("ISOCHECK_BLOCK_PLUGINS", raising=False)
        monkeypatch.setattr(
            "isocheck.plugins._distributions",
            lambda: list(metadata.distributions(path=[str(f) for f in self.folders])),
        )

    def install(
        self,
        dist: str,
        version: str,
        entry_points: dict[str, str],
        modules: dict[str, str],
        folder: str = "site",
    ) -> None:
        target = self.tmp_path / folder
        if target not in self.folders:
            target.mkdir()
            self.folders.append(target)
            self.monkeypatch.syspath_prepend(str(target))
        info = target / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (info / "entry_points.txt").write_text(f"[isocheck]\n{lines}", encoding="utf-8")
        for module, source in modules.items():
            (target / f"{module}.py").write_text(source, encoding="utf-8")
            # A module of this name imported by an earlier test must not stand in for this one.
            self.monkeypatch.delitem(sys.modules, module, raising=False)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    return Site(tmp_path, monkeypatch)


WRITER_PLUGIN = """
from isocheck import hookimpl

@hookimpl
def isocheck_register_reporters(registry):
    registry.register({name!r}, {option!r}, "a writer", lambda results: "")
"""


def entry_point_error() -> str:
    with pytest.raises(PluginError) as info:
        make_host()
    return str(info.value)


def test_two_distributions_declaring_one_plugin_name_are_both_named(site: Site) -> None:
    site.install("food-a", "1.0", {"food": "food_a_plugin"}, {"food_a_plugin": "imported = True"})
    site.install("food_b", "2.1", {"food": "food_b_plugin:PLUGIN"}, {"food_b_plugin": "x = 1"})
    assert entry_point_error() == (
        "installed distributions declare the same isocheck plugin name: 'food' by"
        " food-a 1.0 (entry point food = food_a_plugin) and"
        " food_b 2.1 (entry point food = food_b_plugin:PLUGIN)."
        " isocheck names a plugin by its entry point's name, so it would load only one of them."
        " Uninstall the one you do not want (e.g. pip uninstall food_b), or rename the entry point"
        " of one (its name under [project.entry-points.isocheck] in pyproject.toml)"
        " and reinstall it."
    )
    # Found from the metadata alone, before any plugin code ran.
    assert "food_a_plugin" not in sys.modules


def test_every_shared_plugin_name_is_listed_at_once(site: Site) -> None:
    for dist in ("one", "two", "three"):
        site.install(dist, "1", {"shared": f"{dist}_mod", f"{dist}-own": f"{dist}_mod"}, {})
    site.install("four", "1", {"also": "four_mod"}, {})
    site.install("five", "1", {"also": "five_mod"}, {})
    message = entry_point_error()  # each name once, the distributions sorted by name
    assert (
        "'also' by five 1 (entry point also = five_mod) and four 1 (entry point also = four_mod);"
        " 'shared' by one 1 (entry point shared = one_mod), three 1 (entry point shared ="
        " three_mod) and two 1 (entry point shared = two_mod). "
    ) in message


def test_blocking_a_shared_name_skips_every_plugin_of_that_name(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    for dist in ("food-a", "food-b"):
        module = dist.replace("-", "_") + "_writer"
        source = WRITER_PLUGIN.format(name=dist, option=f"--isocheck-{dist}")
        site.install(dist, "1.0", {"food": module}, {module: source})
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", "food")
    assert [r.name for r in make_host().reporters.all()] == [r.name for r in BASE.reporters.all()]


def test_a_distribution_installed_twice_is_one_plugin(site: Site) -> None:
    source = WRITER_PLUGIN.format(name="twice", option="--isocheck-twice")
    for folder in ("site", "user-site"):
        site.install("Twice.Plugin", "1.0", {"twice": "twice_mod"}, {"twice_mod": source}, folder)
    host = make_host()
    assert host.reporters.get("twice") is not None
    assert host.pm.has_plugin("twice")


def test_an_entry_point_may_not_take_the_name_of_a_builtin(site: Site) -> None:
    site.install("impostor", "0.3", {BUILTINS: "impostor_mod"}, {"impostor_mod": "x = 1"})
    assert entry_point_error() == (
        f"the distribution impostor 0.3 names its isocheck plugin {BUILTINS!r} (entry point"
        f" {BUILTINS} = impostor_mod), a name isocheck already gives to a plugin of its own."
        " Rename the entry point (its name under [project.entry-points.isocheck] in"
        " pyproject.toml) and reinstall it, or uninstall it (pip uninstall impostor)."
    )
    assert "impostor_mod" not in sys.modules


def test_a_plugin_that_does_not_import_names_its_entry_point_and_distribution(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.install(
        "isocheck-broken",
        "0.2.1",
        {"broken": "broken_mod.plugin:hooks"},
        {"broken_mod": "raise ImportError('No module named frobnicate')"},
    )
    expected = (
        "isocheck plugin 'broken' could not be loaded: ImportError: No module named frobnicate."
        " It is the entry point broken = broken_mod.plugin:hooks of the distribution"
        " isocheck-broken 0.2.1: fix the distribution or uninstall it"
        " (pip uninstall isocheck-broken), or skip the plugin with ISOCHECK_BLOCK_PLUGINS=broken."
    )
    assert entry_point_error() == expected
    # Names blocked already stay in the setting it suggests.
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", "other, more")
    assert entry_point_error() == expected.replace("=broken.", "=other,more,broken.")
    monkeypatch.setenv("ISOCHECK_BLOCK_PLUGINS", "broken")
    assert make_host().checks.names() == BASE.checks.names()


def test_a_missing_object_of_an_entry_point_is_named(site: Site) -> None:
    site.install("pointy", "1.0", {"pointy": "pointy_mod:nowhere"}, {"pointy_mod": "x = 1"})
    assert entry_point_error().startswith(
        "isocheck plugin 'pointy' could not be loaded: AttributeError: "
    )


def test_a_malformed_hook_implementation_names_its_entry_point(site: Site) -> None:
    source = (
        "from isocheck import hookimpl\n\n"
        "@hookimpl\n"
        "def isocheck_register_checks(registry, extra):\n"
        "    pass\n"
    )
    site.install("misfit", "1.0", {"misfit": "misfit_mod"}, {"misfit_mod": source})
    message = entry_point_error()
    assert message.startswith("isocheck plugin 'misfit' could not be registered: ")
    assert "Argument(s) {'extra'} are declared in the hookimpl but can not be found" in message
    assert message.endswith(
        ". It is the entry point misfit = misfit_mod of the distribution misfit 1.0: fix the"
        " distribution or uninstall it (pip uninstall misfit), or skip the plugin with"
        " ISOCHECK_BLOCK_PLUGINS=misfit."
    )


def test_a_hook_isocheck_does_not_have_names_its_entry_point(site: Site) -> None:
    source = "from isocheck import hookimpl\n\n@hookimpl\ndef isocheck_register_check(registry):\n    pass\n"
    site.install("typo", "1.0", {"typo": "typo_mod"}, {"typo_mod": source})
    message = entry_point_error()
    assert message.startswith(
        "isocheck plugin 'typo' is malformed: PluginValidationError: unknown hook"
        " 'isocheck_register_check' in plugin "
    )
    assert message.endswith(
        ". It is the entry point typo = typo_mod of the distribution typo 1.0: fix the"
        " distribution or uninstall it (pip uninstall typo), or skip the plugin with"
        " ISOCHECK_BLOCK_PLUGINS=typo."
    )
