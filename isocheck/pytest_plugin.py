"""The pytest glue: `pytest --isocheck EVIDENCE_DIR`. Adapts the engine; holds no audit logic.

Without `--isocheck` (or its ini twin) every hook here returns at once, so installing isocheck does
not change other projects' test runs. Items are rules, node ids are
`<profile path>::<pack id>::<rule id>`; a finding travels on the test report as builtin types only,
so summaries are built on the controller under pytest-xdist as well.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from isocheck.errors import InputError, PluginError, UsageError
from isocheck.model import PROFILE_NAME, Finding
from isocheck.reporting.registry import builtin_options, option_dest

# The engine (jsonschema, regex, the packs) loads only when --isocheck is given: installing
# isocheck must not slow down or change other projects' test runs.
if TYPE_CHECKING:
    from isocheck.baseline import Baseline
    from isocheck.engine import Plan, PlannedRule, Session
    from isocheck.reporting.registry import Reporter
    from isocheck.reporting.verdict import RunStatus

RUN_KEY = pytest.StashKey["IsocheckRun"]()
FINDING_ATTR = "isocheck_finding"
CONSULTED_ATTR = "isocheck_consulted"  # from an xdist worker: the finding's consulted files


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("isocheck", "ISO management-system evidence checks")
    group.addoption(
        "--isocheck",
        metavar="EVIDENCE_DIR",
        default=None,
        help="evaluate the evidence folder EVIDENCE_DIR (holding isocheck.yaml) against its rule packs",
    )
    group.addoption(
        "--isocheck-as-of",
        metavar="YYYY-MM-DD",
        default=None,
        help="compare every date against this date (default: the profile's as_of, else today)",
    )
    group.addoption(
        "--isocheck-stage",
        choices=("1", "2"),
        default=None,
        help="assess only stage 1 (documented information) or stage 2 (implementation) rules",
    )
    group.addoption(
        "--isocheck-fail-on",
        choices=("major", "minor"),
        default=None,
        help="the lowest nonconformity grade that fails the run (default: minor)",
    )
    group.addoption(
        "--isocheck-standard",
        action="append",
        default=[],
        metavar="ID",
        help="assess only this standard of the profile (repeatable)",
    )
    # Built-in writers only: loading third-party isocheck plugins here would let a broken one
    # affect every pytest run on the machine. Plugins' writers get theirs in
    # pytest_load_initial_conftests, in runs with --isocheck only.
    for _name, option, help_text in builtin_options():
        _add_report_option(parser, option, help_text)
    group.addoption(
        "--isocheck-report",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="write a report with any registered writer, e.g. html=audit.html (repeatable); "
        "a plugin's writer also has an option of its own, shown by pytest --isocheck DIR --help",
    )
    group.addoption(
        "--isocheck-baseline",
        metavar="RESULTS.json",
        help="an earlier run's --isocheck-json results: report everything, but fail the run only "
        "on nonconformities that are new against it (recurring ones are reported as such)",
    )
    parser.addini("isocheck", "evidence folder to evaluate (twin of --isocheck)", default="")
    parser.addini("isocheck_as_of", "as-of date YYYY-MM-DD (twin of --isocheck-as-of)", default="")
    parser.addini("isocheck_stage", "1 or 2 (twin of --isocheck-stage)", default="")
    parser.addini(
        "isocheck_fail_on", "major or minor (twin of --isocheck-fail-on)", default="minor"
    )
    parser.addini(
        "isocheck_baseline",
        "results file to compare with (twin of --isocheck-baseline)",
        default="",
    )
    parser.addini(
        "isocheck_standards",
        "standards to assess (twin of --isocheck-standard)",
        type="args",
        default=[],
    )


# isocheck's ini names other than its writers': a plugin's writer option may not take one.
OWN_INI = (
    "isocheck",
    "isocheck_as_of",
    "isocheck_stage",
    "isocheck_fail_on",
    "isocheck_standards",
    "isocheck_baseline",
)


def _add_report_option(parser: pytest.Parser, option: str, help_text: str) -> None:
    """A writer's option and its ini twin, named alike (`--isocheck-md`, `isocheck_md`)."""
    dest = option_dest(option)
    parser.getgroup("isocheck").addoption(
        option, metavar="PATH", default=None, dest=dest, help=help_text
    )
    parser.addini(dest, f"{help_text} (twin of {option})", default="")


def _add_plugin_report_options(parser: pytest.Parser, args: list[str]) -> None:
    """The options of the writers that plugins register, which only the plugin host knows.

    Called in runs with --isocheck only, before pytest parses its command line for good: setting
    up the host imports every isocheck plugin, and a broken one must not touch other runs.
    """
    from isocheck.plugins import default_host

    try:
        reporters = default_host().reporters.all()
    except PluginError as exc:
        raise pytest.UsageError(f"isocheck: {visible(str(exc))}") from None
    builtin = {option for _name, option, _help in builtin_options()}
    for reporter in reporters:
        if reporter.option in builtin:
            continue
        plugin = f"plugin {reporter.plugin!r}" if reporter.plugin else "a plugin"
        clash = option_dest(reporter.option) in OWN_INI
        if not clash:
            try:
                _add_report_option(parser, reporter.option, f"{reporter.help} ({plugin})")
            except ValueError:  # pytest's word for an option the group already has
                clash = True
        if clash:
            raise pytest.UsageError(
                f"isocheck: the report writer {visible(reporter.name)!r} of {visible(plugin)} "
                f"takes the option {reporter.option}, which isocheck itself uses; the plugin "
                "must give its writer another option (until then, skip the plugin with "
                "ISOCHECK_BLOCK_PLUGINS)"
            )
        if reporter.option in itertools.takewhile(lambda arg: arg != "--", args):
            # pytest's first look at the command line did not know the option: it took the path
            # after it for a test path, chose its rootdir by it and would import conftest.py there.
            raise pytest.UsageError(
                f"isocheck: write {reporter.option}=PATH, with '=': the option comes from an "
                "isocheck plugin, which pytest loads after reading its command line once, and "
                "pytest took a separate PATH for a test path"
            )


def _option(config: pytest.Config, name: str, ini: str) -> Any:
    value = config.getoption(name)
    return value if value not in (None, [], "") else config.getini(ini)


def evidence_dir(config: pytest.Config) -> Path | None:
    """The evidence folder: --isocheck relative to where pytest runs, or the ini twin relative
    to the rootdir (like every pytest ini path)."""
    from isocheck.pytest_boundary import evidence_from

    return evidence_from(
        config.option, config.getini, config.rootpath, config.invocation_params.dir
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    # The earliest moment an installed plugin gets control, before pytest imports any conftest.py:
    # refuse configuration or code taken from the evidence folder, and keep pytest's state out.
    if getattr(early_config.known_args_namespace, "isocheck", None) or early_config.getini(
        "isocheck"
    ):
        from isocheck.pytest_boundary import check_startup

        check_startup(early_config)
        # pytest parses its command line for good after this hook, so options added now count.
        _add_plugin_report_options(parser, args)


def _refuse_writes_into(evidence: Path, config: pytest.Config) -> None:
    """With every plugin's options known: nothing pytest writes may land in the evidence folder."""
    from isocheck.pytest_boundary import check_write_targets, refuse

    folder = evidence.resolve()
    if config.rootpath.resolve().is_relative_to(folder):
        raise refuse(
            f"pytest's rootdir {config.rootpath} is inside the evidence folder, and pytest "
            "writes its cache there; pass --rootdir=DIR outside it"
        )
    check_write_targets(
        config.option,
        config.getini,
        config.rootpath,
        config.invocation_params.dir,
        folder,
        evidence,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    evidence = evidence_dir(config)
    if evidence is None:
        return
    if evidence.is_dir():
        _refuse_writes_into(evidence, config)
    from isocheck.engine import leave_heap_at_exit, parse_as_of, plan, thaw_heap
    from isocheck.reporting.document import source_date_epoch
    from isocheck.sharedplan import WORKER_INPUT, received

    # the first cleanup added runs last: after pytest's own (see IsocheckRun.pytest_unconfigure)
    config.add_cleanup(thaw_heap)
    config.addinivalue_line(
        "markers",
        "isocheck(standard, clause, severity, stage): an ISO rule; select with "
        "-m \"isocheck(severity='major')\"",
    )
    try:
        as_of_text = _option(config, "isocheck_as_of", "isocheck_as_of")
        as_of: dt.date | None = parse_as_of(as_of_text, "--isocheck-as-of") if as_of_text else None
        stage_text = _option(config, "isocheck_stage", "isocheck_stage")
        if stage_text and str(stage_text) not in ("1", "2"):
            raise UsageError(f"isocheck_stage: {stage_text!r} is not 1 or 2")
        fail_on = _option(config, "isocheck_fail_on", "isocheck_fail_on")
        if fail_on not in ("major", "minor"):
            raise UsageError(f"isocheck_fail_on: {fail_on!r} is not major or minor")
        shared = getattr(config, "workerinput", {}).get(WORKER_INPUT)
        if shared is not None:  # an xdist worker: the controller planned the run
            the_plan = received(shared)
        else:
            the_plan = plan(
                evidence,
                as_of=as_of,
                stage=int(stage_text) if stage_text else None,
                standards=_option(config, "isocheck_standard", "isocheck_standards"),
            )
        reports = _requested_reports(config, evidence)
        if reports:
            source_date_epoch()  # a bad value is said before the run, not after it
        baseline_path = _option(config, "isocheck_baseline", "isocheck_baseline")
        baseline = _baseline(Path(baseline_path), evidence) if baseline_path else None
    except InputError as exc:
        lines = "\n".join(f"  {visible(str(p))}" for p in exc.problems)
        raise pytest.UsageError(
            f"isocheck: {len(exc.problems)} problem(s) in the profile or rule packs:\n{lines}"
        ) from None
    except (UsageError, PluginError) as exc:
        raise pytest.UsageError(f"isocheck: {visible(str(exc))}") from None
    run = IsocheckRun(config, the_plan, reports, str(fail_on), baseline)
    config.stash[RUN_KEY] = run
    leave_heap_at_exit()
    config.pluginmanager.register(run, "isocheck-run")
    # `pytest --isocheck DIR` alone runs the audit alone; with paths, or with isocheck set in the
    # project's ini, the audit joins the project's own tests. Never is the folder a collection path.
    if config.getoption("isocheck") and config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = []


def _baseline(path: Path, evidence: Path) -> Baseline:
    """The baseline results, read before the run. Never one in the evidence folder: the audited
    organization does not decide which of its nonconformities are already known."""
    from isocheck.baseline import load_baseline

    resolved = path.resolve()
    if resolved == evidence.resolve() or resolved.is_relative_to(evidence.resolve()):
        raise UsageError(
            f"--isocheck-baseline {path}: the baseline is inside the evidence folder; the audited "
            "organization cannot say which nonconformities are already known: keep earlier "
            "results outside it (CI artifacts, a results folder)"
        )
    if not resolved.is_file():
        raise UsageError(
            f"--isocheck-baseline {path}: no such file; give the results of an earlier run "
            "(--isocheck-json PATH)"
        )
    return load_baseline(resolved)


def _report_target(config: pytest.Config, dest: str) -> Any:
    """A writer's option, else its ini twin (None when neither was added: no such option)."""
    value = config.getoption(dest, None)
    if value:
        return value
    try:
        return config.getini(dest)
    except ValueError:
        return None


def _requested_reports(config: pytest.Config, evidence: Path) -> list[tuple[Reporter, Path]]:
    """The reports asked for, each checked now so a bad path fails before anything runs."""
    from isocheck.plugins import default_host
    from isocheck.reporting.output import check_destination

    registry = default_host().reporters
    wanted: list[tuple[str, str]] = []
    order = {name: i for i, (name, _flag, _help) in enumerate(builtin_options())}
    # The built-ins in their table's order, then the plugins' writers by name.
    for writer in sorted(registry.all(), key=lambda r: (order.get(r.name, len(order)), r.name)):
        value = _report_target(config, option_dest(writer.option))
        if value:
            wanted.append((writer.name, str(value)))
    for spec in config.getoption("isocheck_report"):
        name, sep, target = str(spec).partition("=")
        if not sep or not target:
            raise UsageError(
                f"--isocheck-report {spec!r}: write it as FORMAT=PATH, e.g. html=audit.html"
            )
        wanted.append((name.strip(), target.strip()))
    chosen = []
    for name, raw in wanted:
        reporter = registry.get(name)
        if reporter is None:
            known = ", ".join(r.name for r in registry.all())
            raise UsageError(f"no report writer {name!r}; known: {known}")
        path = Path(raw)
        check_destination(path, evidence)
        chosen.append((reporter, path))
    return chosen


class AuditedProfile(pytest.Collector):
    """The profile's assessment: one child per rule pack. It has no path in the evidence folder:
    pytest looks for conftest.py files around a node's path, and none may be imported from there."""

    def collect(self) -> Iterator[pytest.Collector]:
        the_plan = self.config.stash[RUN_KEY].plan
        for pack in the_plan.packs:
            yield PackNode.from_parent(self, name=pack.id)


class PackNode(pytest.Collector):
    """A rule pack: one item per planned rule, in pack order."""

    def collect(self) -> Iterator[pytest.Item]:
        the_plan = self.config.stash[RUN_KEY].plan
        for planned in the_plan.rules:
            if planned.pack.id == self.name:
                yield RuleItem.from_parent(self, name=planned.rule.id, planned=planned)


class Nonconformity(Exception):
    """Raised by a rule item whose nonconformity fails the run; rendered without a traceback."""


class BrokenCheck(Exception):
    """Raised in setup when a check could not run, so pytest reports an error, not a failure."""


def visible(text: str) -> str:
    """Evidence-derived text for the terminal and JUnit: control characters shown, never obeyed."""
    from isocheck.escape import terminal

    return terminal(text)


def first_line(finding: Finding) -> str:
    """One sentence: grade, clause, rule, what is wrong, which evidence."""
    clauses = ", ".join(finding.clauses)
    grade = {"major": "Major", "minor": "Minor", "observation": "Observation:"}[finding.severity]
    kind = "" if finding.severity == "observation" else " nonconformity"
    return (
        f"{grade}{kind} against {finding.standard} clause {clauses} ({finding.rule}): "
        f"{visible(finding.message)}"
    )


def fails_run(finding: Finding, fail_on: str) -> bool:
    from isocheck.reporting.verdict import blocks

    return blocks(finding, fail_on)


class RuleItem(pytest.Item):
    def __init__(self, *, planned: PlannedRule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.planned = planned
        rule = planned.rule
        for clause in rule.clauses:
            self.add_marker(
                pytest.mark.isocheck(
                    standard=planned.standard,
                    clause=clause,
                    severity=rule.severity,
                    stage=rule.stage,
                )
            )
            self.extra_keyword_matches.add(clause)
        self.extra_keyword_matches.update({rule.severity, planned.standard})
        self.finding: Finding | None = None

    def setup(self) -> None:
        run = self.config.stash[RUN_KEY]
        finding = run.session.evaluate(self.planned)
        if run.baseline is not None:
            finding = replace(finding, baseline=run.baseline.status(finding))
        self.finding = finding
        if finding.outcome == "error":
            raise BrokenCheck(finding)

    def teardown(self) -> None:
        # JUnit takes a test case's properties from its teardown report: set only for that one,
        # they are not sent from an xdist worker three times over.
        finding = self.finding
        if finding is None:
            return
        run = self.config.stash[RUN_KEY]
        self.user_properties.extend(
            [
                ("standard", finding.standard),
                ("clause", ", ".join(finding.clauses)),
                ("rule", finding.rule),
                ("severity", finding.severity),
                ("stage", str(finding.stage)),
                ("outcome", finding.outcome),
                ("fails_run", "yes" if fails_run(finding, run.fail_on) else "no"),
                ("evidence", visible(", ".join(str(e) for e in finding.evidence))),
                ("files_read", str(len(finding.consulted))),
            ]
        )

    def runtest(self) -> None:
        finding = self.finding
        if finding is None:  # setup did not run; pytest never does this
            raise BrokenCheck("isocheck: rule evaluated without setup")
        if finding.outcome == "not-applicable":
            # Report the skip at the rule, not at this line of the plugin.
            raise pytest.skip.Exception(visible(finding.message), _use_item_location=True)
        if finding.outcome == "waived":
            pytest.xfail(visible(finding.message))
        if finding.outcome == "nonconform" and finding.baseline in ("recurring", "regraded down"):
            # Known: reported, not failing (ISO 10.2: corrective action did not prevent it)
            pytest.xfail(f"{finding.baseline}, already in the baseline: {visible(finding.message)}")
        run = self.config.stash[RUN_KEY]
        # A nonconformity below --isocheck-fail-on (and every observation) passes: JUnit failures
        # are exactly the findings that fail the run; the finding rides in the report's properties.
        if fails_run(finding, run.fail_on):
            raise Nonconformity(finding)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if isinstance(excinfo.value, Nonconformity):
            finding: Finding = excinfo.value.args[0]
            lines = [first_line(finding)]
            if len(finding.details) > 1:
                lines.extend(f"  - {visible(d)}" for d in finding.details)
            if finding.remediation:
                lines.append(f"  remediation: {finding.remediation}")
            lines.append(f"  rule defined at {self.planned.rule.source}")
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def broken_check_text(self, broken: Finding) -> str:
        return (
            f"isocheck could not evaluate {broken.rule} (rule at {self.planned.rule.source}): "
            f"{visible(broken.message)}\n{broken.error}"
        )

    def reportinfo(self) -> tuple[Path, int | None, str]:
        # The profile is where this rule is assessed from; the rule's own file is in the failure text.
        run = self.config.stash[RUN_KEY]
        return run.profile_file, 0, f"{self.planned.key} {self.planned.rule.title}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if (
        isinstance(item, RuleItem)
        and call.excinfo is not None
        and call.excinfo.errisinstance(BrokenCheck)
    ):
        # pytest formats setup errors itself; a broken check gets its own short text + traceback.
        report.longrepr = item.broken_check_text(call.excinfo.value.args[0])
    if isinstance(item, RuleItem) and item.finding is not None:
        decisive = call.when == "call" or (call.when == "setup" and report.outcome != "passed")
        if decisive:
            item.config.stash[RUN_KEY].attach(report, item.finding)
    return report


def pytest_report_teststatus(
    report: pytest.TestReport, config: pytest.Config
) -> tuple[str, str, str] | None:
    # A nonconformity that does not fail the run passes, and says what it is.
    data = getattr(report, FINDING_ATTR, None)
    if data is None or not report.passed or data.get("outcome") != "nonconform":
        return None
    if data.get("severity") == "minor":
        return "minor (not failing)", "m", "MINOR NC (not failing)"
    return None


class IsocheckRun:
    """Per-run state and the hooks that need it; registered only when --isocheck is given."""

    def __init__(
        self,
        config: pytest.Config,
        the_plan: Plan,
        reports: list[tuple[Reporter, Path]],
        fail_on: str,
        baseline: Baseline | None = None,
    ) -> None:
        self.config = config
        self.reports = reports
        self.fail_on = fail_on
        self.baseline = baseline
        self.written: list[str] = []
        self.plan = the_plan
        self.root = the_plan.profile.root
        self.profile_file = self.root / PROFILE_NAME
        self.findings: dict[tuple[str, str], Finding] = {}
        self.lost: dict[tuple[str, str], Finding] = {}
        self.by_rule = {(p.pack.id, p.rule.id): p for p in the_plan.rules}
        self.order = {key: i for i, key in enumerate(self.by_rule)}
        self.stopped = ""
        self._session: Session | None = None
        self._plan_bytes: bytes | None = None
        self.results: dict[str, Any] | None = None
        self.profile_nodeid = _profile_nodeid(self.profile_file, config)
        from isocheck.workerreports import ReceivedLists, SentLists

        worker = getattr(config, "workerinput", {}).get("workerid")
        self._sent = SentLists(worker) if worker is not None else None
        self._received = ReceivedLists()

    @property
    def session(self) -> Session:
        """This process's evaluation session (each xdist worker has its own), made on first use."""
        if self._session is None:
            self._session = self.plan.session()
        return self._session

    @pytest.hookimpl(tryfirst=True)  # before pytest's own collections of garbage
    def pytest_unconfigure(self) -> None:
        if self._session is not None:
            # Whatever the session froze stays frozen through pytest's collections at the end
            # of the run (a full one in pytest_unconfigure, another in its cleanup), which then
            # walk only what was made since: a tenth of a second each at 100,000 register rows.
            # The cleanup pytest_configure added first, so that it runs last, thaws it.
            self._session.close(thaw=False)

    def pytest_ignore_collect(self, collection_path: Path) -> bool | None:
        if collection_path.is_relative_to(self.root):
            return True  # evidence is data: never collect or import anything in the folder
        return None

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        # The audit joins the session's top-level collectors without being a path on disk.
        if isinstance(collector, pytest.Session) and report.passed:
            audit = AuditedProfile.from_parent(
                collector, name=self.profile_nodeid, nodeid=self.profile_nodeid
            )
            report.result = [*report.result, audit]
        return report

    def attach(self, report: pytest.TestReport, finding: Finding) -> None:
        """The finding on its rule's report, as builtin types; from an xdist worker, its
        consulted files as a list sent once (isocheck.workerreports)."""
        if self._sent is not None and finding.consulted:
            setattr(report, CONSULTED_ATTR, self._sent.send(finding.consulted))
            finding = replace(finding, consulted=())
        setattr(report, FINDING_ATTR, finding.to_dict())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # On the controller this sees every report, those from xdist workers included; a worker
        # keeps no findings of its own.
        if self._sent is not None:
            return
        data = getattr(report, FINDING_ATTR, None)
        if data is not None:
            finding = Finding.from_dict(data)
            sent = getattr(report, CONSULTED_ATTR, None)
            if sent is not None:
                finding = replace(finding, consulted=self._received.receive(sent))
            self.findings[(finding.pack, finding.rule)] = finding
            return
        key = self._rule_of(report.nodeid)
        if key is not None and report.failed and key not in self.findings:
            # No finding came back for this rule: its worker died while evaluating it.
            planned = self.by_rule[key]
            self.lost[key] = _lost_finding(planned, str(report.longrepr))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        # The plan is built once, here: each worker receives it instead of planning again.
        from isocheck.sharedplan import WORKER_INPUT, for_workers

        if self._plan_bytes is None:
            self._plan_bytes = for_workers(self.plan)
        node.workerinput[WORKER_INPUT] = self._plan_bytes

    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        # xdist's default division (`load`: every other item) makes each worker parse nearly all
        # the evidence; rules are divided by the evidence they read instead. A --dist the user
        # chose other than the default is theirs.
        if config.getvalue("dist") != "load":
            return None
        from isocheck.pytest_scheduling import RuleScheduling

        return RuleScheduling(config, log, self.plan, self._rule_of)

    def _rule_of(self, nodeid: str) -> tuple[str, str] | None:
        prefix = self.profile_nodeid + "::"
        if not nodeid.startswith(prefix):
            return None
        pack, _, rule = nodeid[len(prefix) :].partition("::")
        key = (pack, rule)
        return key if key in self.by_rule else None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(self.config, "workerinput"):
            return
        if session.shouldstop:
            self.stopped = f"the run stopped early: {session.shouldstop}"
        elif exitstatus == pytest.ExitCode.INTERRUPTED:
            self.stopped = "the run was interrupted"
        self.results = self._results()
        if self.reports:
            self._write_reports(session, self.results)

    def status(self) -> RunStatus:
        from isocheck.reporting.verdict import RunStatus

        return RunStatus(
            planned=len(self.plan.rules),
            assessed=len(self.findings),
            fail_on=self.fail_on,
            lost=tuple(f"{p}::{r}" for p, r in sorted(self.lost, key=lambda k: self.order[k])),
            stopped=self.stopped,
            baseline=(self.baseline.path, self.baseline.sha256) if self.baseline else None,
        )

    def ordered(self) -> list[Finding]:
        merged = {**self.lost, **self.findings}
        return [merged[k] for k in sorted(merged, key=lambda k: self.order[k])]

    def _results(self) -> dict[str, Any]:
        """The results document, built once on the controller, for the summary and every report."""
        from isocheck.reporting.document import build

        return build(
            profile=self.plan.profile,
            packs=self.plan.packs,
            findings=self.ordered(),
            as_of=self.plan.as_of,
            stage=self.plan.stage,
            run=self.status(),
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workerinput") or self.results is None:
            return
        from isocheck.reporting.terminal import summary_lines

        for line in summary_lines(self.results):
            terminalreporter.write_line(line)
        for line in self.written:
            terminalreporter.write_line(f"isocheck report written: {visible(line)}")

    def _write_reports(self, session: pytest.Session, results: dict[str, Any]) -> None:
        """Render and write each report requested, atomically; a failure fails the run."""
        from isocheck.reporting.output import write_atomically

        for reporter, path in self.reports:
            try:
                write_atomically(path, reporter.writer(results))
            except Exception as exc:  # a writer's bug or a full disk: say so, fail the run
                print(
                    f"isocheck: could not write the {reporter.name} report {path}: {exc}",
                    file=sys.stderr,
                )
                session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
            else:
                self.written.append(f"{reporter.name}: {path}")


def _profile_nodeid(profile_file: Path, config: pytest.Config) -> str:
    """`<profile path>` of the node ids: relative to the rootdir when inside it, else absolute."""
    rootpath = config.rootpath.resolve()
    if profile_file.is_relative_to(rootpath):
        return profile_file.relative_to(rootpath).as_posix()
    return profile_file.as_posix()


def _lost_finding(planned: PlannedRule, longrepr: str) -> Finding:
    from isocheck.engine import finding_for

    return finding_for(
        planned,
        "error",
        "the rule was not evaluated: the worker evaluating it stopped "
        "(e.g. a crashed pytest-xdist worker)",
        error=longrepr,
    )
