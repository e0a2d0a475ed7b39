"""Rule packs: find them, load them (schema, line numbers), resolve `extends`, validate their checks.

A pack file in a pack location is named `<pack id>.yaml`. `PackCatalog` knows every pack the host's
plugins ship plus any extra files, loads a pack only when asked, and builds it once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from isocheck import packcache
from isocheck.errors import InputError, Problem, did_you_mean
from isocheck.globs import GLOB_HINT, glob_problem
from isocheck.model import (
    NEVER,
    CheckSpec,
    Clause,
    EvidenceType,
    Example,
    Rule,
    RulePack,
    SourceRef,
    Threshold,
    Within,
    clause_sort_key,
    evidence_names,
)
from isocheck.packformat import CheckReader, layer_problems
from isocheck.packschema import STRUCTURE_NAME
from isocheck.validation import parse_yaml_bytes, schema_problems
from isocheck.yamlsrc import PathKey, Positions

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry


class PackSources(Protocol):
    """What building packs needs from the plugin host (`isocheck.plugins.Host` is one): where packs
    are installed, and the checks their rules may use."""

    @property
    def pack_locations(self) -> tuple[Path, ...]: ...

    @property
    def checks(self) -> CheckRegistry: ...


_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
EXAMPLE_AS_OF = dt.date(2026, 1, 1)


@dataclass(frozen=True)
class PackFile:
    """A pack file as read: its data and where each value stands."""

    path: Path
    data: dict[str, Any]
    positions: Positions
    sha256: str

    @property
    def id(self) -> str:
        return str(self.data["pack"]["id"])


@dataclass(frozen=True)
class PackBytes:
    """A pack file its caller has read already (one in the evidence folder, read confined)."""

    path: Path
    data: bytes


def read_pack(path: Path, display: str | None = None) -> PackFile:
    """Parse and schema-check one pack file; every problem is reported, with file:line:column."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    return parse_pack(raw, path, shown)


def parse_pack(raw: bytes, path: Path, display: str | None = None) -> PackFile:
    """`read_pack` for bytes the caller read: `path` is where they came from, for problems. A
    pack read before without a problem is taken from the cache (isocheck.packcache)."""
    shown = display or str(path)
    sha = hashlib.sha256(raw).hexdigest()

    def positions() -> Positions:
        return parse_yaml_bytes(raw, shown)[1]

    kept = packcache.load(raw, shown, positions)
    if kept is not None:
        return PackFile(path, kept[0], kept[1], sha)
    data, found, sha = parse_yaml_bytes(raw, shown)
    pack = _checked(path, data, found, sha)
    packcache.store(raw, data, found)
    return pack


def _checked(path: Path, data: Any, positions: Positions, sha: str) -> PackFile:
    problems = schema_problems(STRUCTURE_NAME, data, positions)
    if not problems:
        problems = layer_problems(data, positions)
    if problems:
        raise InputError(problems)
    return PackFile(path, data, positions, sha)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def substitute(value: Any, names: dict[str, Any], unknown: set[str]) -> Any:
    """Replace ${name} in every string; a string that is exactly ${name} takes the value's type.
    Names not in `names` are left in place and collected in `unknown`."""
    if isinstance(value, str):
        if "$" not in value:  # most strings of a pack: nothing to replace
            return value
        whole = _PLACEHOLDER.fullmatch(value)
        if whole:
            if whole.group(1) in names:
                return names[whole.group(1)]
            unknown.add(whole.group(1))
            return value

        def repl(match: re.Match[str]) -> str:
            if match.group(1) in names:
                return str(names[match.group(1)])
            unknown.add(match.group(1))
            return match.group(0)

        return _PLACEHOLDER.sub(repl, value)
    if isinstance(value, dict):
        return {k: substitute(v, names, unknown) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, names, unknown) for v in value]
    return value


class PackCatalog:
    """Every pack known to a host (plus extra files); packs are loaded and built on first use."""

    def __init__(
        self,
        host: PackSources,
        extra_files: Iterable[Path | PackBytes] = (),
        *,
        replace: bool = False,
    ) -> None:
        """`extra_files` add packs, by path or as bytes already read; with `replace`, they override
        installed packs of the same id (lint and verify of a pack being edited), otherwise a clash
        is an error."""
        self.host = host
        # Paths of packs read from the evidence folder: never resolved, a link there is not followed.
        self._confined: set[Path] = set()
        self._by_file: dict[Path, str] = {}
        self._files: dict[str, Path] = {}
        self._read: dict[str, PackFile] = {}
        self._built: dict[str, RulePack] = {}
        problems: list[Problem] = []
        for location in host.pack_locations:
            candidates = sorted(location.glob("*.yaml")) if location.is_dir() else [location]
            for path in candidates:
                self._add(path.stem, path, problems)
        for extra in extra_files:
            try:
                if isinstance(extra, PackBytes):
                    path = extra.path
                    self._confined.add(path)
                    pack = parse_pack(extra.data, path)
                else:
                    path = extra
                    pack = read_pack(path)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            self._by_file[self._identity(path)] = pack.id
            if replace:
                self._files.pop(pack.id, None)
            self._read[pack.id] = pack
            self._add(pack.id, path, problems)
        if problems:
            raise InputError(problems)

    def _add(self, pack_id: str, path: Path, problems: list[Problem]) -> None:
        other = self._files.get(pack_id)
        if other is not None and self._identity(other) != self._identity(path):
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    f"pack {pack_id!r} is also provided by {other}",
                    "give one of the packs another id, or uninstall one of them",
                )
            )
            return
        self._files[pack_id] = path

    def _identity(self, path: Path) -> Path:
        return path if path in self._confined else path.resolve()

    def files_read(self) -> set[Path]:
        """Extra files that were read without problems."""
        return set(self._by_file)

    def id_of(self, path: Path) -> str:
        """The id of a pack given as an extra file."""
        return self._by_file[self._identity(path)]

    def ids(self) -> list[str]:
        return sorted(self._files)

    def path(self, pack_id: str) -> Path | None:
        return self._files.get(pack_id)

    def read(self, pack_id: str) -> PackFile:
        if pack_id not in self._read:
            path = self._files[pack_id]
            pack = read_pack(path)
            if pack.id != pack_id:
                line, column = pack.positions.at(("pack", "id"))
                raise InputError(
                    [
                        Problem(
                            str(path),
                            line,
                            column,
                            f"pack id {pack.id!r} does not match the file name {path.name!r}",
                            f"rename the file to {pack.id}.yaml or the id to {pack_id}",
                        )
                    ]
                )
            self._read[pack_id] = pack
        return self._read[pack_id]

    def for_standard(self, standard: str) -> list[str]:
        """Ids of the packs that assess a standard (the pack with the standard's id comes first)."""
        return [standard] if standard in self._files else []

    def get(self, pack_id: str) -> RulePack:
        """The built pack (extends resolved, checks validated), built once."""
        if pack_id not in self._built:
            self._built[pack_id] = self._build(pack_id, chain=())
        return self._built[pack_id]

    # -- building ---------------------------------------------------------------------------------

    def _build(self, pack_id: str, chain: tuple[str, ...]) -> RulePack:
        pack = self.read(pack_id)
        layers = self._layers(pack, chain)
        return _assemble(layers, self.host)

    def _layers(self, pack: PackFile, chain: tuple[str, ...]) -> list[PackFile]:
        """The pack and its bases, base first."""
        base_id = pack.data["pack"].get("extends")
        if base_id is None:
            return [pack]
        line, column = pack.positions.at(("pack", "extends"))
        where = str(pack.path)
        if base_id == pack.id or base_id in chain:
            cycle = " -> ".join((*chain, pack.id, base_id))
            raise InputError(
                [Problem(where, line, column, f"pack extends itself: {cycle}", "remove the cycle")]
            )
        if base_id not in self._files:
            raise InputError(
                [
                    Problem(
                        where,
                        line,
                        column,
                        f"pack extends {base_id!r}, which is not installed",
                        f"known packs: {', '.join(self.ids())}",
                    )
                ]
            )
        return [*self._layers(self.read(base_id), (*chain, pack.id)), pack]


def _assemble(layers: list[PackFile], host: PackSources) -> RulePack:
    problems: list[Problem] = []
    top = layers[-1]
    # Parameters: declared by any layer, set by the layers above it.
    params: dict[str, Any] = {}
    thresholds: dict[str, Threshold] = {}
    never: dict[str, str] = {}
    for layer in layers:
        for name, decl in layer.data.get("parameters", {}).items():
            params.setdefault(name, decl["default"])
        for name, decl in layer.data.get("thresholds", {}).items():
            thresholds[name] = decl["default"]
            if "never" in decl:
                never[name] = decl["never"]
            else:
                never.pop(name, None)
            default = decl["default"]
            if isinstance(default, float) and not math.isfinite(default):
                problems.append(
                    layer.positions.problem(
                        ("thresholds", name, "default"),
                        f"threshold {name!r}: {default!r} is no number a rule can compare with",
                        "write a finite number",
                    )
                )
            if isinstance(decl["default"], str) and not _is_date(decl["default"]):
                problems.append(
                    layer.positions.problem(
                        ("thresholds", name, "default"),
                        f"threshold {name!r}: {decl['default']!r} is no date",
                        "write a real date as YYYY-MM-DD",
                    )
                )
    for layer in layers[1:]:
        for name, value in layer.data["pack"].get("with", {}).items():
            if name not in params:
                problems.append(
                    layer.positions.problem(
                        ("pack", "with", name),
                        f"unknown parameter {name!r}",
                        f"parameters of the base: {', '.join(sorted(params)) or 'none'}",
                    )
                )
            params[name] = value

    clauses: dict[str, Clause] = {}
    evidence: dict[str, EvidenceType] = {}
    selectors: dict[str, Any] = {}
    topics: dict[str, tuple[str, ...]] = {}
    headers: dict[str, tuple[str, ...]] = {}
    rules: dict[str, tuple[Rule, PackFile, PathKey]] = {}
    clause_map: dict[str, str] = {}
    for depth, layer in enumerate(layers):
        unknown: set[str] = set()
        data = substitute(
            {k: v for k, v in layer.data.items() if k not in ("pack", "parameters", "thresholds")},
            params,
            unknown,
        )
        unknown -= set(thresholds)
        for name in sorted(unknown):
            problems.append(
                Problem(
                    str(layer.path),
                    None,
                    None,
                    f"unknown placeholder ${{{name}}}",
                    "declare it under parameters: or thresholds:",
                )
            )
        # Renumber what the lower layers defined.
        mapping = {str(k): str(v) for k, v in layer.data["pack"].get("clause_map", {}).items()}
        if depth:
            for old in mapping:
                if old not in clauses:
                    problems.append(
                        layer.positions.problem(
                            ("pack", "clause_map", old),
                            f"clause_map renumbers {old!r}, which the base does not define",
                        )
                    )
            clauses = {
                mapping.get(k, k): Clause(mapping.get(k, k), c.title, c.excludable)
                for k, c in clauses.items()
            }
            rules = {
                rid: (_renumber(rule, mapping), src, key) for rid, (rule, src, key) in rules.items()
            }
            clause_map.update(mapping)
        for clause in data.get("clauses", []):
            clauses[clause["id"]] = Clause(
                clause["id"], clause["title"], clause.get("excludable", False)
            )
        for name, spec in data.get("evidence", {}).items():
            for i, location in enumerate(spec.get("locations", ())):
                if (why := glob_problem(str(location))) is not None:
                    problems.append(
                        layer.positions.problem(("evidence", name, "locations", i), why, GLOB_HINT)
                    )
            evidence[name] = EvidenceType(
                name=name,
                kind=spec["kind"],
                title=spec["title"],
                locations=tuple(spec.get("locations", ())),
                fields=tuple(spec.get("fields", ())),
                columns=tuple(spec.get("columns", ())),
                description=spec.get("description", ""),
                section=spec.get("section", ""),
                alongside=str(spec.get("alongside", "")),
                documents={
                    str(column): tuple(map(str, sources))
                    for column, sources in spec.get("documents", {}).items()
                },
                in_document={
                    str(column): tuple(map(str, sources))
                    for column, sources in spec.get("in_document", {}).items()
                },
                own_headers={
                    str(column): tuple(dict.fromkeys(map(str, words)))
                    for column, words in spec.get("headers", {}).items()
                },
                same_as=tuple(
                    (
                        str(other["evidence"]),
                        tuple(
                            (str(ours), str(theirs))
                            for ours, theirs in other.get("columns", {}).items()
                        ),
                    )
                    for other in spec.get("same_as", ())
                ),
                within=(
                    Within(
                        str(spec["within"]["evidence"]),
                        tuple(map(str, spec["within"]["says"])),
                    )
                    if "within" in spec
                    else None
                ),
                due_from=(
                    (str(spec["due_from"]["text"]), str(spec["due_from"]["date"]))
                    if "due_from" in spec
                    else None
                ),
                read_with={
                    str(column): tuple(map(str, others))
                    for column, others in spec.get("read_with", {}).items()
                },
                optional=bool(spec.get("optional", False)),
                latest=(
                    (str(spec["latest"]["key"]), str(spec["latest"]["by"]))
                    if "latest" in spec
                    else None
                ),
                empty=tuple(spec.get("empty", ())),
                prefixes={str(k): str(v) for k, v in spec.get("prefixes", {}).items()},
                open=tuple(map(str, spec.get("open", ()))),
                scales={
                    str(column): (float(scale["worst"]), float(scale["best"]))
                    for column, scale in spec.get("scales", {}).items()
                },
                values={
                    str(column): {
                        str(word): tuple(map(str, synonyms)) for word, synonyms in words.items()
                    }
                    for column, words in spec.get("values", {}).items()
                },
            )
        selectors.update(data.get("selectors", {}))
        for topic, phrases in data.get("topics", {}).items():
            # A standard's pack adds its own wording of a topic its core names.
            topics[topic] = tuple(dict.fromkeys((*topics.get(topic, ()), *map(str, phrases))))
        for column, words in data.get("headers", {}).items():
            headers[column] = tuple(dict.fromkeys((*headers.get(column, ()), *map(str, words))))
        reader = CheckReader(layer.data["format"], dict(selectors), host.checks)
        for drop in layer.data["pack"].get("drop_rules", []):
            if drop not in rules:
                problems.append(
                    layer.positions.problem(
                        ("pack", "drop_rules"), f"drop_rules names unknown rule {drop!r}"
                    )
                )
            rules.pop(drop, None)
        seen_here: set[str] = set()
        for index, spec in enumerate(data.get("rules", [])):
            key: PathKey = ("rules", index)
            if spec["id"] in seen_here:
                problems.append(
                    layer.positions.problem(
                        (*key, "id"),
                        f"rule id {spec['id']!r} is used twice",
                        "give every rule its own id",
                    )
                )
            seen_here.add(spec["id"])
            rules[spec["id"]] = (_rule(spec, layer, key, reader, problems), layer, key)

    rules = {
        rid: (_own_clauses(rule, clause_map, set(clauses)), src, key)
        for rid, (rule, src, key) in rules.items()
    }
    ordered = sorted(clauses.values(), key=lambda c: clause_sort_key(c.id))
    for rule, layer, key in rules.values():
        problems.extend(_check_rule(rule, layer, key, set(clauses), evidence, thresholds, host))
        if never:
            problems.extend(_check_never(rule, layer, key, thresholds, never, host))
        default = layer.data["rules"][key[1]].get("evidence")
        if default is not None and default not in evidence:
            problems.append(
                layer.positions.problem(
                    (*key, "evidence"),
                    f"rule {rule.id}: unknown evidence type {default!r}",
                    f"known: {', '.join(sorted(evidence))}",
                )
            )
    for name, etype in evidence.items():
        for column in etype.own_headers:
            if column not in (*etype.columns, *etype.fields):
                # a typo would silently name nothing
                problems.append(
                    top.positions.problem(
                        ("evidence", name, "headers", column),
                        f"evidence type {name}: headers names {column!r}, which is none of its "
                        f"columns or fields"
                        + did_you_mean(column, (*etype.columns, *etype.fields)),
                        f"its columns and fields: {', '.join((*etype.columns, *etype.fields))}",
                    )
                )
        named_columns = [("due_from", c) for c in etype.due_from or ()] + [
            ("read_with", c)
            for column, others in etype.read_with.items()
            for c in (column, *others)
        ]
        for said, column in named_columns:
            if column not in etype.columns:
                problems.append(
                    top.positions.problem(
                        ("evidence", name, said),
                        f"evidence type {name}: {said} names {column!r}, which is none of its "
                        f"columns" + did_you_mean(column, etype.columns),
                        f"its columns: {', '.join(etype.columns)}",
                    )
                )
        if etype.within and etype.within.evidence not in evidence:
            problems.append(
                top.positions.problem(
                    ("evidence", name, "within", "evidence"),
                    f"evidence type {name}: within names unknown evidence type "
                    f"{etype.within.evidence!r}",
                    f"known: {', '.join(sorted(evidence))}",
                )
            )
        if etype.alongside and etype.alongside not in evidence:
            problems.append(
                top.positions.problem(
                    ("evidence", name, "alongside"),
                    f"evidence type {name}: alongside names unknown evidence type "
                    f"{etype.alongside!r}",
                    f"known: {', '.join(sorted(evidence))}",
                )
            )
    if problems:
        raise InputError(problems)
    pack_meta = top.data["pack"]
    return RulePack(
        id=pack_meta["id"],
        standard=pack_meta["standard"],
        edition=pack_meta["edition"],
        version=pack_meta["version"],
        title=pack_meta["title"],
        clauses=tuple(ordered),
        evidence_types={
            name: dataclasses.replace(
                etype,
                # closed columns aside: a header word is no sign its cells are the pack's words
                # (the type's own words are: its pack says they name the column in its files)
                headers={
                    n: tuple(dict.fromkeys((*etype.own_headers.get(n, ()), *headers.get(n, ()))))
                    for n in (*etype.columns, *etype.fields)
                    if n in etype.own_headers or (n in headers and n not in etype.values)
                },
            )
            if headers or etype.own_headers
            else etype
            for name, etype in evidence.items()
        },
        rules=tuple(r for r, _, _ in rules.values()),
        thresholds=thresholds,
        source=SourceRef(str(top.path)),
        sha256=top.sha256,
        extends=pack_meta.get("extends"),
        # Not inherited: a pack built on a certifiable standard may be an internal gate.
        verdict=pack_meta.get("verdict", "gate"),
        topics=topics,
        never=never,
    )


def _check_never(
    rule: Rule,
    layer: PackFile,
    key: PathKey,
    thresholds: dict[str, Threshold],
    never: dict[str, str],
    host: PackSources,
) -> list[Problem]:
    """A threshold the pack lets a profile set to never must work as never wherever a check uses
    it: found here, from the pack, not by the first organization that sets it."""
    problems = []
    for name in never:
        if name not in {p for c in rule.checks for p in _placeholders(c.params)}:
            continue
        params_never = {**thresholds, name: NEVER}
        for j, check in enumerate(rule.checks):
            params, _ = resolve_thresholds(check.params, params_never)
            for problem in host.checks.problems(check.name, params):
                problems.append(
                    layer.positions.problem(
                        (*key, "checks", j, check.name, *problem.path),
                        f"rule {rule.id}: threshold {name!r} may be {NEVER!r} (its "
                        f"declaration says never:), but then {problem.message}",
                        f"use ${{{name}}} only where a check takes {NEVER!r} (max_age_days), "
                        "or take never: out of its declaration",
                    )
                )
    return problems


def _placeholders(value: Any) -> Iterator[str]:
    """The threshold names ${name} used anywhere in check parameters."""
    if isinstance(value, str):
        yield from _PLACEHOLDER.findall(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _placeholders(v)
    elif isinstance(value, list):
        for v in value:
            yield from _placeholders(v)


def _renumber(rule: Rule, mapping: dict[str, str]) -> Rule:
    if not mapping:
        return rule
    from dataclasses import replace

    # Several base clauses may fold into one (50001's 9.2.x -> 9.2): keep each clause once.
    return replace(rule, clauses=tuple(dict.fromkeys(mapping.get(c, c) for c in rule.clauses)))


def _own_clauses(rule: Rule, mapping: dict[str, str], clauses: set[str]) -> Rule:
    """A check that lists clause numbers of the pack (`covers` with `clauses: true`) asks for the
    standard's own: a number the standard does not have is the clause the base's is renumbered
    to (ISO 14001 has no 6.3; its audit programme covers planned changes under 8.1)."""
    from dataclasses import replace

    def own(value: str) -> str:
        seen = {value}
        while value not in clauses and mapping.get(value, value) not in seen:
            value = mapping[value]
            seen.add(value)
        return value

    def params(name: str, p: Any) -> Any:
        if name in ("all_of", "any_of") and isinstance(p, list):
            return [
                {n: params(n, q) for n, q in spec.items()} if isinstance(spec, dict) else spec
                for spec in p
            ]
        if name == "not" and isinstance(p, dict):
            return {n: params(n, q) for n, q in p.items()}
        if (
            name == "covers"
            and isinstance(p, dict)
            and p.get("clauses") is True
            and p.get("values")
        ):
            return {**p, "values": list(dict.fromkeys(own(str(v)) for v in p["values"]))}
        return p

    if not mapping:
        return rule
    return replace(
        rule, checks=tuple(replace(c, params=params(c.name, c.params)) for c in rule.checks)
    )


def _example(spec: dict[str, Any]) -> Example:
    as_of = dt.date.fromisoformat(spec["as_of"]) if "as_of" in spec else EXAMPLE_AS_OF
    files = tuple(sorted((str(k), str(v)) for k, v in spec.get("files", {}).items()))
    return Example(spec["name"], files, as_of, spec.get("profile"))


def _rule(
    spec: dict[str, Any],
    layer: PackFile,
    key: PathKey,
    reader: CheckReader,
    problems: list[Problem],
) -> Rule:
    line, _ = layer.positions.at(key)
    checks = []
    for j, check in enumerate(spec["checks"]):
        ((name, params),) = check.items()
        check_key: PathKey = (*key, "checks", j, name)

        def at(sub: PathKey, message: str, hint: str, check_key: PathKey = check_key) -> Problem:
            return layer.positions.problem(
                (*check_key, *sub), f"rule {spec['id']}: {message}", hint
            )

        params, found = reader.check(name, params, spec.get("evidence"), at)
        problems.extend(found)
        cline, _ = layer.positions.at((*key, "checks", j))
        checks.append(CheckSpec(name, params, SourceRef(str(layer.path), cline)))
    examples = spec.get("examples", {})
    return Rule(
        id=spec["id"],
        clauses=tuple(spec["clauses"]),
        title=spec["title"],
        severity=spec["severity"],
        stage=spec["stage"],
        checks=tuple(checks),
        remediation=spec.get("remediation", ""),
        description=spec.get("description", ""),
        applies_when=spec.get("applies_when"),
        excluded_with=tuple(str(c) for c in spec.get("excluded_with", ())),
        pass_examples=tuple(_example(e) for e in examples.get("pass", [])),
        fail_examples=tuple(_example(e) for e in examples.get("fail", [])),
        source=SourceRef(str(layer.path), line),
        message=spec.get("message", ""),
    )


def resolve_thresholds(params: Any, thresholds: dict[str, Threshold]) -> tuple[Any, set[str]]:
    unknown: set[str] = set()
    return substitute(params, thresholds, unknown), unknown


def _check_rule(
    rule: Rule,
    layer: PackFile,
    key: PathKey,
    clauses: set[str],
    evidence: dict[str, EvidenceType],
    thresholds: dict[str, Threshold],
    host: PackSources,
) -> list[Problem]:
    problems = []
    for field, named in (("clauses", rule.clauses), ("excluded_with", rule.excluded_with)):
        for i, clause in enumerate(named):
            if clause not in clauses:
                problems.append(
                    layer.positions.problem(
                        (*key, field, i),
                        f"rule {rule.id} names clause {clause!r}, which the pack does not list",
                        "add it under clauses: or fix the number",
                    )
                )
    for j, check in enumerate(rule.checks):
        check_key: PathKey = (*key, "checks", j, check.name)
        params, _ = resolve_thresholds(check.params, thresholds)
        for problem in host.checks.problems(check.name, params):
            hint = "see docs/rule-packs.md for the check's parameters"
            if problem.code == "unknown-check":
                hint = "use one of the known checks, or install the plugin that provides it"
            elif "evidence" in problem.missing:
                hint = (
                    "name the evidence type in the check, or once for all the rule's checks "
                    "in the rule's evidence: (format v2)"
                )
            problems.append(
                layer.positions.problem(
                    (*check_key, *problem.path), f"rule {rule.id}: {problem.message}", hint
                )
            )
        for name in evidence_names(params):
            if name not in evidence:
                problems.append(
                    layer.positions.problem(
                        check_key,
                        f"rule {rule.id}: unknown evidence type {name!r}",
                        f"known: {', '.join(sorted(evidence))}",
                    )
                )
    when = rule.applies_when or {}
    declared = when.get("declared_applicable")
    if declared and declared["evidence"] not in evidence:
        problems.append(
            layer.positions.problem(
                (*key, "applies_when", "declared_applicable"),
                f"rule {rule.id}: unknown evidence type {declared['evidence']!r}",
            )
        )
    least = when.get("min_items")
    if least and least["evidence"] not in evidence:
        problems.append(
            layer.positions.problem(
                (*key, "applies_when", "min_items"),
                f"rule {rule.id}: unknown evidence type {least['evidence']!r}",
            )
        )
    if "evidence_exists" in when and when["evidence_exists"] not in evidence:
        problems.append(
            layer.positions.problem(
                (*key, "applies_when"),
                f"rule {rule.id}: unknown evidence type {when['evidence_exists']!r}",
            )
        )
    return problems
