"""`isocheck migrate`: a v1 rule pack rewritten as v2, meaning the same, its comments kept.

What changes, rule by rule (`rule_changes`):

1. A check of every item (one with an `allow_empty` parameter) passed on no items in v1 and fails in
   v2. It gets `allow_empty: true`, unless the rule already fails when that evidence has no item: a
   plain `exists:` of the same evidence among the rule's checks (then the new failure is the same
   "none found" as the `exists` one, and a rule reports each violation once).
2. An `exists: {evidence: X}` goes when the check right after it fails on no item of X with the
   same words and nothing before them: a check of every item of X that does not allow empty
   evidence, or a check of X that reports "none found" itself (`ANSWERS_NONE`). An
   `exists: {evidence: X, where: W}` goes when the check after it is one of the latter, with the
   same `where: W`.
   The rule's failures, their order and its headline stay what they were.
3. When every check of the rule (nested ones too) reads the same evidence, and there are two or
   more, the rule says `evidence:` once and its checks no longer do.

The file is edited as text, at the places the YAML parser reports, so comments, anchors and layout
stay; the result is parsed again and must be exactly the migrated data, or nothing is written.
A check of a plugin that is not installed is left as it is.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from isocheck.errors import InputError
from isocheck.packformat import FORMAT_V1, FORMAT_V2, nested_checks, takes
from isocheck.packs import parse_pack
from isocheck.validation import parse_yaml_bytes

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry

# Built-in checks that, when no item of their evidence satisfies their `where`, fail with the same
# "no ... found" as an `exists` with that `where`, and nothing before it.
ANSWERS_NONE = frozenset({"fields", "approved", "contains", "max_age", "interval", "ratio"})

Path_ = tuple[str | int, ...]  # a place in the pack's data


class MigrationError(Exception):
    """The pack cannot be rewritten automatically; the message says where and why."""


@dataclass(frozen=True)
class Found:
    """A check of a rule: the path to its parameters below the rule, its name and parameters, and
    whether it is one of the rule's own checks (not nested in another)."""

    path: Path_
    name: str
    params: Any
    top: bool

    @property
    def evidence(self) -> str | None:
        value = self.params.get("evidence") if isinstance(self.params, dict) else None
        return value if isinstance(value, str) else None


@dataclass
class RuleChanges:
    """What migrating one rule changes, as paths below the rule."""

    drop: list[int] = field(default_factory=list)  # indexes of checks
    allow_empty: list[Path_] = field(default_factory=list)  # parameter mappings
    lift: str | None = None  # the evidence the rule now names once
    unname: list[Path_] = field(default_factory=list)  # parameter mappings losing `evidence`


def _exists(check: Any) -> tuple[str, Any] | None:
    """(X, W) for `exists: {evidence: X, where: W}` (W None when there is no `where`; `min: 1`
    allowed): it fails exactly when no item of X satisfies W, saying "no ... found"."""
    if not isinstance(check, dict) or list(check) != ["exists"]:
        return None
    params = check["exists"]
    if not isinstance(params, dict) or not isinstance(params.get("evidence"), str):
        return None
    if set(params) - {"evidence", "where", "min"} or params.get("min", 1) != 1:
        return None
    return str(params["evidence"]), params.get("where")


def _plain_exists(check: Any) -> str | None:
    """X, for an `exists` of X without `where` (see `_exists`): it fails when X has no item."""
    found = _exists(check)
    return found[0] if found is not None and found[1] is None else None


def _checks(registry: CheckRegistry, rule: dict[str, Any]) -> list[Found]:
    """Every check of a rule, nested ones too, in order."""
    found: list[Found] = []
    for i, check in enumerate(rule.get("checks", [])):
        if isinstance(check, dict) and len(check) == 1:
            ((name, params),) = check.items()
            found.extend(_walk(registry, name, params, ("checks", i, name), True))
    return found


def _walk(registry: CheckRegistry, name: str, params: Any, path: Path_, top: bool) -> list[Found]:
    found = [Found(path, name, params, top)]
    for sub, child in nested_checks(registry, name, params):
        if isinstance(child, dict) and len(child) == 1:
            ((child_name, child_params),) = child.items()
            found.extend(
                _walk(registry, child_name, child_params, (*path, *sub, child_name), False)
            )
    return found


def rule_changes(registry: CheckRegistry, rule: dict[str, Any]) -> RuleChanges:
    """What migrating `rule` (v1 data) changes; see the module's docstring."""
    changes = RuleChanges()
    checks = rule.get("checks", [])
    found = _checks(registry, rule)
    for check in found:
        if not takes(registry, check.name, "allow_empty") or not isinstance(check.params, dict):
            continue
        if "allow_empty" in check.params:
            continue
        # An `exists` of the same evidence earlier in the rule fails first, with the same words.
        earlier = {_plain_exists(c) for c in checks[: check.path[1]]} if check.top else set()
        if check.evidence not in earlier:
            changes.allow_empty.append(check.path)
    kept = set(changes.allow_empty)
    for i, check in enumerate(checks[:-1]):
        plain = _exists(check)
        if plain is None:
            continue
        evidence, where = plain
        ((name, params),) = checks[i + 1].items()
        if not isinstance(params, dict) or params.get("evidence") != evidence:
            continue
        # The next check says the same "no ... found" (`none_found` of the same where) first.
        says_none = name in ANSWERS_NONE and params.get("where") == where
        every_item = takes(registry, name, "allow_empty") and not params.get("allow_empty")
        if says_none or (where is None and every_item and ("checks", i + 1, name) not in kept):
            changes.drop.append(i)
    remaining = [c for c in found if c.path[1] not in changes.drop]
    named = [c for c in remaining if takes(registry, c.name, "evidence")]
    values = {c.evidence for c in named}
    if "evidence" not in rule and len(named) >= 2 and len(values) == 1 and None not in values:
        changes.lift = values.pop()
        changes.unname = [c.path for c in named]
    return changes


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def migrated(
    data: dict[str, Any], registry: CheckRegistry
) -> tuple[dict[str, Any], list[RuleChanges]]:
    """The v2 data of a v1 pack, and the changes made to each of its rules."""
    out = copy.deepcopy(data)
    out["format"] = FORMAT_V2
    all_changes = []
    for rule in out.get("rules", []):
        changes = rule_changes(registry, rule)
        all_changes.append(changes)
        for path in changes.allow_empty:
            _at(rule, path)["allow_empty"] = True
        for path in changes.unname:
            del _at(rule, path)["evidence"]
        if changes.lift is not None:
            # Before the checks, as the text edit puts it.
            items = list(rule.items())
            at = [k for k, _ in items].index("checks")
            rule.clear()
            rule.update([*items[:at], ("evidence", changes.lift), *items[at:]])
        rule["checks"] = [c for i, c in enumerate(rule["checks"]) if i not in changes.drop]
    return out, all_changes


# --- editing the text ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _Text:
    """The pack's text, its YAML node tree, and the edits to make to it."""

    def __init__(self, text: str, shown: str) -> None:
        self.text = text
        self.shown = shown
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:  # parsed once already; kept for safety
            raise MigrationError(f"{shown}: cannot be parsed: {exc}") from None
        if not isinstance(root, yaml.MappingNode):
            raise MigrationError(f"{shown}: not a rule pack")
        self.root = root
        self.edits: list[_Edit] = []

    def node(self, path: Path_, node: yaml.Node | None = None) -> yaml.Node:
        node = self.root if node is None else node
        for part in path:
            if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
                node = node.value[part]
            elif isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if k.value == part)
            else:
                raise self.refuse(node, f"unexpected YAML at {path}")
        return node

    def refuse(self, node: yaml.Node, why: str) -> MigrationError:
        return MigrationError(
            f"{self.shown}:{node.start_mark.line + 1}: cannot be migrated automatically: {why}; "
            "edit this part by hand (see docs/rule-packs.md) and run `isocheck migrate` again"
        )

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """The index after the newline ending the line that holds `index`."""
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def last(self, node: yaml.Node) -> int:
        """The index just after the node's last character (a block collection's end mark lies
        past the comments and blank lines that follow it)."""
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            return max(self.last(v) for _, v in node.value)
        if isinstance(node, yaml.SequenceNode) and not node.flow_style:
            return max(self.last(v) for v in node.value)
        return int(node.end_mark.index)

    def rest_is_blank(self, index: int) -> bool:
        rest = self.text[index : self.line_end(index)].strip()
        return not rest or rest.startswith("#")

    def replace(self, node: yaml.Node, text: str) -> None:
        self.edits.append(_Edit(node.start_mark.index, node.end_mark.index, text))

    def drop_item(self, item: yaml.Node) -> None:
        """Delete a block sequence item, whole lines."""
        start = self.line_start(item.start_mark.index)
        end = self.last(item)
        if self.text[start : item.start_mark.index].strip() != "-" or not self.rest_is_blank(end):
            raise self.refuse(item, "the check does not stand on lines of its own")
        self.edits.append(_Edit(start, self.line_end(end), ""))

    def add_entry(self, mapping: yaml.Node, key: str, value: str) -> None:
        """Add `key: value` at the end of a mapping."""
        if not isinstance(mapping, yaml.MappingNode):
            raise self.refuse(mapping, "the check's parameters are not a mapping")
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            if self.text[close] != "}":
                raise self.refuse(mapping, "unexpected flow mapping")
            sep = ", " if mapping.value else ""
            self.edits.append(_Edit(close, close, f"{sep}{key}: {value}"))
            return
        first_key = mapping.value[0][0]
        end = self.last(mapping)
        if not self.rest_is_blank(end):
            raise self.refuse(mapping, "the parameters do not end their line")
        indent = " " * first_key.start_mark.column
        at = self.line_end(end)
        newline = "" if self.text[at - 1 : at] == "\n" else "\n"
        self.edits.append(_Edit(at, at, f"{newline}{indent}{key}: {value}\n"))

    def drop_entry(self, mapping: yaml.Node, key: str) -> None:
        """Remove `key` and its value from a mapping."""
        if not isinstance(mapping, yaml.MappingNode):
            raise self.refuse(mapping, "the check's parameters are not a mapping")
        pairs = mapping.value
        i = next(i for i, (k, _) in enumerate(pairs) if k.value == key)
        k, v = pairs[i]
        if mapping.flow_style:
            if i + 1 < len(pairs):
                self.edits.append(_Edit(k.start_mark.index, pairs[i + 1][0].start_mark.index, ""))
            elif i > 0:
                self.edits.append(_Edit(self.last(pairs[i - 1][1]), v.end_mark.index, ""))
            else:
                self.edits.append(_Edit(k.start_mark.index, v.end_mark.index, ""))
            return
        start = self.line_start(k.start_mark.index)
        end = self.last(v)
        if self.text[start : k.start_mark.index].strip() or not self.rest_is_blank(end):
            raise self.refuse(k, f"{key}: does not stand on a line of its own")
        self.edits.append(_Edit(start, self.line_end(end), ""))

    def insert_before_key(self, mapping: yaml.Node, before: str, line: str) -> None:
        """Insert `line` on a line of its own before the key `before` of a block mapping."""
        if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style:
            raise self.refuse(mapping, "the rule is not a block mapping")
        k = next(k for k, _ in mapping.value if k.value == before)
        start = self.line_start(k.start_mark.index)
        if self.text[start : k.start_mark.index].strip():
            raise self.refuse(k, f"{before}: does not start its line")
        indent = " " * k.start_mark.column
        self.edits.append(_Edit(start, start, f"{indent}{line}\n"))

    def result(self) -> str:
        text = self.text
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text


def migrate_text(text: str, shown: str, registry: CheckRegistry) -> str | None:
    """The v2 text of a v1 pack (`shown` names it in errors); None if it is not v1.

    Raises InputError if the text is not a valid pack, MigrationError if it cannot be rewritten.
    """
    # A pack that does not load is not migrated: its problems are reported, with their lines.
    data = parse_pack(text.encode("utf-8"), Path(shown), shown).data
    if data.get("format") != FORMAT_V1:
        return None
    target, all_changes = migrated(data, registry)
    doc = _Text(text, shown)
    doc.replace(doc.node(("format",)), FORMAT_V2)
    for i, changes in enumerate(all_changes):
        rule = doc.node(("rules", i))
        for path in changes.allow_empty:
            doc.add_entry(doc.node(path, rule), "allow_empty", "true")
        for path in changes.unname:
            doc.drop_entry(doc.node(path, rule), "evidence")
        for j in changes.drop:
            doc.drop_item(doc.node(("checks", j), rule))
        if changes.lift is not None:
            doc.insert_before_key(rule, "checks", f"evidence: {changes.lift}")
    new = doc.result()
    try:
        again, _, _ = parse_yaml_bytes(new.encode("utf-8"), shown)
    except InputError as exc:
        raise MigrationError(f"{shown}: the rewritten pack does not parse: {exc}") from None
    if again != target:
        for i, (a, b) in enumerate(
            zip(again.get("rules", []), target.get("rules", []), strict=False)
        ):
            if a != b:
                raise doc.refuse(
                    doc.node(("rules", i)), f"rule {b.get('id')} would not mean the same"
                )
        raise MigrationError(f"{shown}: the rewritten pack would not mean the same")
    return new
