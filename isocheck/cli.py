"""The `isocheck` command: run, lint, verify, packs, explain, init, report, diff, schema, migrate.
Goes through the same plan and session as the pytest plugin, without pytest.

Exit status: 0 clean, 1 problems found (lint errors, verify mismatches), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tabulate import tabulate

from isocheck import __version__
from isocheck.engine import (
    Plan,
    PlannedRule,
    Session,
    exclusion_for,
    plan,
    prepared,
    waiver_for,
    with_thresholds,
)
from isocheck.errors import InputError, IsocheckError, Problem, UsageError
from isocheck.escape import terminal
from isocheck.evidence import EvidenceIndex
from isocheck.loaders import LoaderRegistry, office
from isocheck.model import PROFILE_NAME, Example, Profile, Rule, RulePack, Threshold
from isocheck.packformat import FORMAT_V1, FORMAT_V2
from isocheck.packs import PackCatalog
from isocheck.plugins import Host, default_host
from isocheck.profile import build_profile
from isocheck.validation import schema_problems
from isocheck.yamlsrc import Positions

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_problems(problems: Sequence[Problem]) -> None:
    # A problem quotes file names and values from the input: shown, never obeyed, by a terminal.
    for problem in problems:
        print(terminal(str(problem)), file=sys.stderr)


def _kind_of(path: Path) -> str:
    """'profile', 'pack' or 'packs' (a folder of packs) for a lint/verify argument."""
    if path.is_dir():
        return "profile" if (path / PROFILE_NAME).is_file() else "packs"
    if path.name == PROFILE_NAME:
        return "profile"
    return "pack"


def _catalog_with(host: Host, files: Sequence[Path]) -> PackCatalog:
    return PackCatalog(host, files, replace=True)


# --- lint ---------------------------------------------------------------------------------------


def cmd_lint(args: argparse.Namespace) -> int:
    host = default_host()
    problems: list[Problem] = []
    deprecated: list[Path] = []
    profiles: list[Path] = []
    pack_files: list[Path] = []
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        kind = _kind_of(path)
        if kind == "profile":
            profiles.append(path if path.is_dir() else path.parent)
        else:
            pack_files += sorted(path.glob("*.yaml")) if kind == "packs" else [path]
    checked = len(profiles) + len(pack_files)
    notes: list[Problem] = []
    for folder in profiles:
        from isocheck.mapping import review_mapping

        try:
            found, noted = review_mapping(plan(folder, host=host))
            problems.extend(found)
            notes.extend(noted)
        except InputError as exc:
            problems.extend(exc.problems)
    if pack_files:
        # One catalog for every pack given, so that a pack extending another given beside it
        # (pre-commit passes the files one by one) finds its base.
        try:
            catalog = _catalog_with(host, pack_files)
            for file in pack_files:
                if file.resolve() not in catalog.files_read():
                    continue  # could not be read: already reported
                try:
                    catalog.get(catalog.id_of(file))
                except InputError as exc:
                    problems.extend(exc.problems)
                if catalog.read(catalog.id_of(file)).data["format"] == FORMAT_V1:
                    deprecated.append(file)
        except InputError as exc:
            problems.extend(exc.problems)
    _print_problems(problems)
    for note in notes:
        # what the rules will find missing, and how to map it where the files keep it
        print(terminal(f"note: {note}"))
    for file in deprecated:
        print(
            terminal(
                f"{file}: format {FORMAT_V1} is deprecated (it still loads); "
                f"`isocheck migrate {file}` rewrites the pack as {FORMAT_V2}"
            ),
            file=sys.stderr,
        )
    if problems:
        print(f"isocheck lint: {len(problems)} problem(s) in {checked} file(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"isocheck lint: {checked} file(s), no problems")
    return EXIT_OK


# --- verify -------------------------------------------------------------------------------------


def example_profile(pack: RulePack, example: Example) -> Profile:
    """The profile an example runs under: its own `profile` mapping over a minimal default."""
    data: dict[str, Any] = {
        "format": "isocheck/profile/v1",
        "organization": {"name": f"example {example.name}"},
        "scope": "rule example",
        "standards": [pack.standard],
        **(example.profile or {}),
    }
    positions = Positions(f"{pack.source.path} (example {example.name!r})")
    problems = schema_problems("profile.schema.json", data, positions)
    if problems:
        raise InputError(problems)
    return build_profile(data, positions, positions.path, Path("<example>"), "")


def run_example(host: Host, pack: RulePack, rule: Rule, example: Example) -> tuple[str, str]:
    """Evaluate one rule on one example, through a session over the example's files in memory;
    (outcome, message)."""
    profile = example_profile(pack, example)
    files = {path: text.encode("utf-8") for path, text in example.files}
    planned = PlannedRule(
        pack.standard,
        pack,
        prepared(rule, pack, profile),
        exclusion=exclusion_for(rule, pack.standard, pack, profile.exclusions),
        waiver=waiver_for(rule, pack.standard, profile.waivers),
    )
    example_plan = Plan(
        profile, Positions(profile.path), example.as_of, None, host, (pack,), (planned,)
    )
    index = EvidenceIndex(None, host.loaders, files=files, limits=profile.limits)
    with Session(example_plan, index=index) as session:
        finding = session.evaluate(planned)
    return finding.outcome, finding.message if finding.outcome != "error" else finding.error


def verify_pack(host: Host, pack: RulePack) -> tuple[int, list[str]]:
    """Run every rule's examples; (examples run, failures)."""
    failures: list[str] = []
    count = 0
    for rule in pack.rules:
        if not rule.pass_examples or not rule.fail_examples:
            missing = "pass" if not rule.pass_examples else "fail"
            failures.append(f"{rule.source}: {rule.id} has no {missing} example")
        for expected, examples in (
            ("conform", rule.pass_examples),
            ("nonconform", rule.fail_examples),
        ):
            for example in examples:
                count += 1
                try:
                    outcome, message = run_example(host, pack, rule, example)
                except InputError as exc:
                    failures.append(f"{rule.source}: {rule.id} example {example.name!r}: {exc}")
                    continue
                if outcome != expected:
                    kind = "pass" if expected == "conform" else "fail"
                    failures.append(
                        f"{rule.source}: {rule.id} {kind} example {example.name!r}: expected "
                        f"{expected}, got {outcome}: {message}"
                    )
    return count, failures


def cmd_verify(args: argparse.Namespace) -> int:
    host = default_host()
    targets: list[str] = args.packs
    files = [Path(t) for t in targets if Path(t).exists()]
    expanded = [f for p in files for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]
    catalog = _catalog_with(host, expanded)
    ids = [catalog.id_of(f) for f in expanded]
    for target in targets:
        if not Path(target).exists():
            if target not in catalog.ids():
                raise UsageError(
                    f"{target}: neither a file nor an installed pack; installed: {', '.join(catalog.ids())}"
                )
            ids.append(target)
    bad = 0
    for pack_id in ids:
        pack = catalog.get(pack_id)
        count, failures = verify_pack(host, pack)
        for failure in failures:
            print(terminal(failure), file=sys.stderr)
        status = "ok" if not failures else f"{len(failures)} problem(s)"
        print(f"{pack.id} {pack.version}: {len(pack.rules)} rules, {count} examples: {status}")
        bad += len(failures)
    return EXIT_PROBLEMS if bad else EXIT_OK


# --- packs and explain ----------------------------------------------------------------------------


def cmd_packs(args: argparse.Namespace) -> int:
    host = default_host()
    catalog = PackCatalog(host)
    rows = []
    for pack_id in catalog.ids():
        pack = catalog.get(pack_id)
        rows.append(
            [
                pack.id,
                pack.standard,
                pack.edition,
                pack.version,
                len(pack.rules),
                pack.extends or "",
                catalog.path(pack_id),
            ]
        )
    print(
        tabulate(
            rows, headers=["pack", "standard", "edition", "version", "rules", "extends", "source"]
        )
    )
    return EXIT_OK


def _looks_for(pack: RulePack, rule: Rule) -> dict[str, list[str]]:
    """The phrases and topics a rule's documents must say, each with the phrases that say it (a
    profile's phrases: adds the organization's own)."""
    found: dict[str, list[str]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key in ("text", "headings", "section", "says"):
                    for wanted in map(str, sub if isinstance(sub, list) else [sub]):
                        found.setdefault(wanted, list(pack.topics.get(wanted, (wanted,))))
                else:
                    walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk([c.params for c in rule.checks])
    return found


def explain_data(
    pack: RulePack,
    clause: str | None,
    loaders: LoaderRegistry | None = None,
    rule_id: str | None = None,
) -> dict[str, Any]:
    """What `isocheck explain` shows: the pack's clauses, rules and the evidence each reads, with
    the formats `loaders` read from its locations (the built-in ones' names when not given); with
    `rule_id`, that rule alone, under the first of its clauses, with its checks in words."""
    from isocheck.engine import clause_within

    loaders = loaders or default_host().loaders
    only = next((r for r in pack.rules if r.id == rule_id), None) if rule_id else None
    if only is not None:
        clause = only.clauses[0]
    clauses = [c for c in pack.clauses if clause is None or clause_within(c.id, clause)]
    if only is not None:
        clauses = [c for c in clauses if c.id == clause]
    if clause is not None and not clauses:
        raise UsageError(f"{pack.id} has no clause {clause}; see `isocheck explain {pack.id}`")
    out: dict[str, Any] = {
        "pack": pack.id,
        "standard": pack.standard,
        "edition": pack.edition,
        "version": pack.version,
        "title": pack.title,
        "clauses": [],
    }
    for c in clauses:
        # Titles and remediation read with the pack's default thresholds filled in.
        raw = [r for r in pack.rules if c.id in r.clauses and (only is None or r is only)]
        rules = [with_thresholds(r, pack.thresholds) for r in raw]
        thresholds = [_thresholds_of(pack, r) for r in raw]
        out["clauses"].append(
            {
                "id": c.id,
                "title": c.title,
                "excludable": c.excludable,
                "rules": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "severity": r.severity,
                        "stage": r.stage,
                        "remediation": r.remediation,
                        "looks_for": _looks_for(pack, r),
                        "checks": [_check_in_words(c.name, c.params) for c in r.checks],
                        "thresholds": named,
                        # what "never" means, for those a profile may set to never
                        "never": {n: pack.never[n] for n in named if n in pack.never},
                        "evidence": [
                            {
                                "type": name,
                                "kind": pack.evidence_types[name].kind,
                                "title": pack.evidence_types[name].title,
                                "locations": list(pack.evidence_types[name].locations),
                                "formats": loaders.formats(pack.evidence_types[name].locations),
                                "fields": list(pack.evidence_types[name].fields),
                                "columns": list(pack.evidence_types[name].columns),
                                "values": {
                                    column: list(words)
                                    for column, words in pack.evidence_types[name].values.items()
                                },
                                "scales": {
                                    column: {"worst": worst, "best": best}
                                    for column, (worst, best) in pack.evidence_types[
                                        name
                                    ].scales.items()
                                },
                            }
                            for name in r.evidence
                        ],
                    }
                    for r, named in zip(rules, thresholds, strict=True)
                ],
            }
        )
    return out


_THRESHOLD = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _check_in_words(name: str, params: Any) -> dict[str, Any]:
    """A check as `explain` shows it: what it holds, and its conditions in plain words."""
    from isocheck.conditions import describe

    check = default_host().checks.get(name)
    conditions: dict[str, str] = {}

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key in ("where", "require") and isinstance(sub, dict):
                    conditions[f"{where}{key}"] = describe(sub)
                else:
                    walk(sub, f"{where}{key}." if isinstance(sub, dict) else where)
        elif isinstance(value, list):
            for sub in value:
                walk(sub, where)

    walk(params, "")
    return {
        "check": name,
        "holds_when": check.summary if check is not None else "",
        "conditions": conditions,
    }


def _thresholds_of(pack: RulePack, rule: Rule) -> dict[str, Threshold]:
    """The pack's thresholds a rule uses ("${risk_action_threshold}"), with their defaults: the
    values a profile may set for its organization (`thresholds:`)."""
    text = repr((rule.title, rule.remediation, [c.params for c in rule.checks]))
    return {
        n: pack.thresholds[n]
        for n in dict.fromkeys(_THRESHOLD.findall(text))
        if n in pack.thresholds
    }


def cmd_explain(args: argparse.Namespace) -> int:
    host = default_host()
    catalog = PackCatalog(host)
    rule_id = None
    if args.pack not in catalog.ids():
        # A rule id: `isocheck explain QMS-7.1.5-01 [PACK]`, shown from the pack that defines it
        # (or the one named), with the pack's default thresholds
        rule_id, wanted = args.pack, args.clause
        owners = [
            pid
            for pid in ([wanted] if wanted else catalog.ids())
            if pid in catalog.ids() and any(r.id == rule_id for r in catalog.get(pid).rules)
        ]
        if not owners:
            where = f"pack {wanted!r}" if wanted else "any installed pack"
            raise UsageError(
                f"{args.pack!r} is neither an installed pack nor a rule of {where}; installed "
                f"packs: {', '.join(catalog.ids())}"
            )

        def defines(pack_id: str) -> bool:  # the rule is written in this pack's own file
            rule = next(r for r in catalog.get(pack_id).rules if r.id == rule_id)
            return Path(rule.source.path) == Path(catalog.get(pack_id).source.path)

        args.pack, args.clause = sorted(owners, key=lambda p: not defines(p))[0], None
    data = explain_data(catalog.get(args.pack), args.clause, host.loaders, rule_id)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return EXIT_OK
    print(f"{data['title']} ({data['pack']} {data['version']})")
    for c in data["clauses"]:
        flag = " [may be excluded]" if c["excludable"] else ""
        print(f"\n{c['id']} {c['title']}{flag}")
        if not c["rules"]:
            print("  (no rule names this clause directly)")
        for r in c["rules"]:
            print(f"  {r['id']} [{r['severity']}, stage {r['stage']}] {r['title']}")
            for e in r["evidence"]:
                names = e["columns"] or e["fields"]
                detail = (
                    f"; {'columns' if e['columns'] else 'fields'}: {', '.join(names)}"
                    if names
                    else ""
                )
                formats = f" as {', '.join(e['formats'])}" if e["formats"] else ""
                print(
                    f"    evidence {e['type']} ({e['kind']}{formats}): "
                    f"{', '.join(e['locations'])}{detail}"
                )
                for column, words in e["values"].items():
                    print(f"      {column}: {' | '.join(words)}")
                for column, scale in e["scales"].items():
                    worst, best = (f"{v:g}" for v in (scale["worst"], scale["best"]))
                    print(f"      {column}: a number from {worst} (worst) to {best} (best)")
            if rule_id:
                print(f"    remediation: {r['remediation']}")
                for c in r["checks"]:
                    print(f"    check {c['check']}: {c['holds_when']}")
                    for key, words in c["conditions"].items():
                        print(f"      {key}: {words}")
            for wanted, phrases in r["looks_for"].items():
                said = "" if phrases == [wanted] else f": {' | '.join(phrases)}"
                print(f"    looks for {wanted}{said}")
            for name, value in r["thresholds"].items():
                shown = (
                    value if isinstance(value, str) or not float(value).is_integer() else int(value)
                )
                never = r["never"].get(name)
                print(
                    f"    threshold {name} = {shown} (profile: thresholds: {{{name}: ...}}"
                    + (f"; or never: {never})" if never else ")")
                )
    shown_formats = {
        f for c in data["clauses"] for r in c["rules"] for e in r["evidence"] for f in e["formats"]
    }
    missing = sorted(shown_formats & set(office.missing()))
    if missing:
        print(f"\n{', '.join(missing)} files need isocheck's office extra: {office.EXTRA}")
    return EXIT_OK


# --- init ---------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from isocheck.scaffold import init_folder

    host = default_host()
    catalog = PackCatalog(host)
    for standard in args.standard:
        if standard not in catalog.ids():
            raise UsageError(
                f"unknown standard {standard!r}; installed: {', '.join(catalog.ids())}"
            )
    packs = [catalog.get(s) for s in args.standard]
    created, kept = init_folder(Path(args.dir), packs)
    for path in created:
        print(f"created {path}")
    for path in kept:
        print(f"kept    {path} (exists; not overwritten)")
    print(f"next: pytest --isocheck {args.dir}")
    return EXIT_OK


# --- report -------------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from isocheck.reporting.document import load
    from isocheck.reporting.output import check_destination, write_atomically

    if args.portfolio:
        return _portfolio(args)
    if len(args.results) != 1:
        raise UsageError("give one results file, or --portfolio with several")
    if args.format is None:
        raise UsageError("--format is required: md, html, sarif, oscal, json, summary, ...")
    args.results = args.results[0]
    host = default_host()
    reporter = host.reporters.get(args.format)
    if reporter is None:
        known = ", ".join(r.name for r in host.reporters.all())
        raise UsageError(f"--format {args.format}: no such report writer; known: {known}")
    data = load(Path(args.results))
    if args.history:
        from isocheck.reporting.trend import load_history

        if args.format != "html":
            raise UsageError("--history is shown in the HTML report: use --format html")
        data = {**data, "history": load_history(Path(args.history))}
    if args.output is None:  # to standard output, e.g. the summary again
        rendered = reporter.writer(data)
        if isinstance(rendered, bytes):
            if sys.stdout.isatty():
                raise UsageError(f"--format {args.format} is binary: write it with -o PATH")
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
        else:
            sys.stdout.write(rendered)
        return EXIT_OK
    output = Path(args.output)
    check_destination(output, None)
    if output.resolve() == Path(args.results).resolve():
        raise UsageError(f"-o {output}: that is the results file itself")
    write_atomically(output, reporter.writer(data))
    print(f"wrote {output}")
    return EXIT_OK


# --- run ----------------------------------------------------------------------------------------


_RUN_REPORTS = ("json", "md", "html", "sarif", "oscal", "summary")


def cmd_run(args: argparse.Namespace) -> int:
    from isocheck.front import Options, run

    extra = list(args.passthrough)
    if args.junit:
        extra.append(f"--junitxml={args.junit}")
    if args.baseline:
        extra.append(f"--isocheck-baseline={args.baseline}")
    reports = [(name, getattr(args, name)) for name in _RUN_REPORTS if getattr(args, name)]
    options = Options(args.fail_on, args.as_of, args.stage, args.standard, reports, extra)
    return run(args.dir, options)


# --- diff ---------------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    from isocheck.baseline import diff, render_markdown, render_text
    from isocheck.reporting.document import load
    from isocheck.reporting.output import check_destination, write_atomically

    old, new = load(Path(args.old)), load(Path(args.new))
    changes = diff(old, new, args.old, args.new)
    if args.format == "json":
        text = json.dumps(changes.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "md":
        text = render_markdown(changes)
    else:
        text = render_text(changes)
    if args.output is None:
        if args.format == "text":  # names from evidence, made safe for the terminal
            text = "\n".join(terminal(line) for line in text.split("\n"))
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    check_destination(output, None)
    if output.resolve() in (Path(args.old).resolve(), Path(args.new).resolve()):
        raise UsageError(f"-o {output}: that is one of the results files compared")
    write_atomically(output, text)
    print(f"wrote {output}")
    return EXIT_OK


def _portfolio(args: argparse.Namespace) -> int:
    from isocheck.reporting.document import load
    from isocheck.reporting.output import check_destination, write_atomically
    from isocheck.reporting.portfolio import RENDERERS, rows

    fmt = args.format or "text"
    if fmt not in RENDERERS:
        raise UsageError(f"--portfolio --format {fmt}: one of {', '.join(RENDERERS)}")
    table = rows([(name, load(Path(name))) for name in args.results])
    text = RENDERERS[fmt](table)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    check_destination(output, None)
    if any(output.resolve() == Path(name).resolve() for name in args.results):
        raise UsageError(f"-o {output}: that is one of the results files")
    write_atomically(output, text)
    print(f"wrote {output}")
    return EXIT_OK


# --- migrate ------------------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace) -> int:
    import difflib

    from isocheck.migrate import MigrationError, migrate_text
    from isocheck.reporting.output import write_atomically

    registry = default_host().checks
    failed = 0
    for raw in args.packs:
        path = Path(raw)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise UsageError(f"{raw}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{raw}: not UTF-8 text; save the file as UTF-8") from None
        try:
            new = migrate_text(text, raw, registry)
        except MigrationError as exc:
            print(terminal(str(exc)), file=sys.stderr)
            failed += 1
            continue
        except InputError as exc:  # not a pack that loads: nothing is written
            _print_problems(exc.problems)
            failed += 1
            continue
        if new is None:
            print(terminal(f"{raw}: not in format {FORMAT_V1}; left as it is"))
        elif args.diff:
            lines = difflib.unified_diff(
                text.splitlines(keepends=True), new.splitlines(keepends=True), raw, raw
            )
            sys.stdout.writelines(terminal(line.rstrip("\n")) + "\n" for line in lines)
        else:
            write_atomically(path, new)
            print(terminal(f"{raw}: migrated to {FORMAT_V2}"))
    return EXIT_PROBLEMS if failed else EXIT_OK


# --- schema -------------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from isocheck.packschema import pack_schema
    from isocheck.plugins import make_host

    host = make_host(load_entry_points=False) if args.builtin_only else default_host()
    print(json.dumps(pack_schema(host.checks), indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isocheck", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"isocheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "run",
        help="assess an evidence folder (pytest --isocheck=DIR, with safe settings and a "
        "concise summary)",
        description="Runs the same assessment as `pytest --isocheck=DIR`, with the same results "
        "and exit status. Options after `--` go to pytest as they are: isocheck run DIR -- -n 2",
    )
    p.add_argument("dir", help="the evidence folder (with its isocheck.yaml)")
    p.add_argument("--fail-on", choices=("major", "minor"), help="which nonconformities fail")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="assess as of this date")
    p.add_argument("--stage", choices=("1", "2"), help="stage 1 or stage 2 rules only")
    p.add_argument("--standard", action="append", default=[], metavar="ID")
    p.add_argument("--baseline", metavar="OLD.json", help="fail only on new nonconformities")
    for name in _RUN_REPORTS:
        p.add_argument(f"--{name}", metavar="PATH", help=f"write the {name} report here")
    p.add_argument("--junit", metavar="PATH", help="write JUnit XML here")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("lint", help="validate rule packs and profiles")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="pack files, folders of packs, profiles"
    )
    p.set_defaults(func=cmd_lint)
    p = sub.add_parser("verify", help="run every rule's pass and fail examples")
    p.add_argument("packs", nargs="+", metavar="PACK_OR_PATH")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("packs", help="list the installed rule packs")
    p.set_defaults(func=cmd_packs)
    p = sub.add_parser(
        "explain",
        help="clause -> rules -> the evidence each expects; or one rule: explain RULE_ID [PACK]",
    )
    p.add_argument("pack", help="a pack id, or a rule id (QMS-7.1.5-01)")
    p.add_argument("clause", nargs="?", help="a clause of the pack (or, after a rule id, a pack)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_explain)
    p = sub.add_parser("report", help="render a saved results JSON again in another format")
    p.add_argument("results", metavar="RESULTS.json", nargs="+")
    p.add_argument(
        "--format",
        help="md, html, sarif, oscal, json, summary, register-csv, register-xlsx or a plugin's; "
        "with --portfolio: text (default), md, html or json",
    )
    p.add_argument(
        "--portfolio",
        action="store_true",
        help="one table of many organizations' results: verdict, open majors, certificates",
    )
    p.add_argument(
        "--history",
        metavar="DIR",
        help="earlier results (*.json) whose trend the HTML report shows",
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="write here, atomically (default: standard output)"
    )
    p.set_defaults(func=cmd_report)
    p = sub.add_parser(
        "diff",
        help="nonconformities new, closed, recurring and regraded between two saved results",
    )
    p.add_argument("old", metavar="OLD.json", help="the earlier run's --isocheck-json results")
    p.add_argument("new", metavar="NEW.json", help="the later run's results")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument(
        "-o", "--output", metavar="PATH", help="write here, atomically (default: standard output)"
    )
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser(
        "schema", help="print the rule pack JSON Schema, with every check's parameters"
    )
    p.add_argument(
        "--builtin-only",
        action="store_true",
        help="isocheck's own checks only, as in schemas/rulepack.schema.json",
    )
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser(
        "migrate", help=f"rewrite {FORMAT_V1} rule packs as {FORMAT_V2}, in place, meaning the same"
    )
    p.add_argument("packs", nargs="+", metavar="PACK", help="pack files")
    p.add_argument("--diff", action="store_true", help="print the changes, write nothing")
    p.set_defaults(func=cmd_migrate)
    p = sub.add_parser("init", help="create a starting evidence folder for a standard")
    p.add_argument("--standard", action="append", required=True, metavar="ID")
    p.add_argument("dir")
    p.set_defaults(func=cmd_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    # `isocheck run DIR -- -n 2`: what follows `--` goes to pytest untouched
    passthrough: list[str] = []
    if words[:1] == ["run"] and "--" in words:
        cut = words.index("--")
        words, passthrough = words[:cut], words[cut + 1 :]
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    args.passthrough = passthrough
    try:
        result: int = args.func(args)
        return result
    except UsageError as exc:
        print(f"isocheck: {terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        _print_problems(exc.problems)
        return EXIT_PROBLEMS
    except IsocheckError as exc:
        print(f"isocheck: {terminal(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # `isocheck ... | head`: the reader has what it wanted
        # Nothing more can be written there, not even when Python flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
