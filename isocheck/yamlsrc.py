"""YAML loading with source positions, for packs and profiles.

Uses libyaml's CSafeLoader where available. Duplicate mapping keys are rejected. Alongside the data it
returns a map from JSON paths (tuples of keys and indexes) to (line, column), 1-based, so that schema
errors and semantic errors can name the exact place in the file. Evidence needs only the line of
each top-level field (`load_yaml_fields`): libyaml composes those documents in C when they cannot
reach the bounds, and the positioned path reads the rest.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from isocheck.errors import InputError, Problem

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _BaseLoader = yaml.SafeLoader

PathKey = tuple[str | int, ...]

# Bounds against hostile documents (alias bombs, absurd nesting).
MAX_DEPTH = 100
MAX_NODES = 1_000_000
MAX_SHOWN = 40  # characters of a value a message quotes


@dataclass
class Positions:
    """Where each value of a loaded document stands in its file."""

    path: str
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    sources: dict[PathKey, str] = field(default_factory=dict)  # original text of scalars

    def at(self, key: PathKey) -> tuple[int | None, int | None]:
        """Line and column of the value at `key`, or of its nearest enclosing value."""
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:
                return None, None
            key = key[:-1]

    def problem(self, key: PathKey, message: str, hint: str = "") -> Problem:
        line, column = self.at(key)
        return Problem(self.path, line, column, message, hint, pointer(key))


def pointer(key: PathKey) -> str:
    """JSON-path text for a key tuple: ("rules", 3, "id") -> "$.rules[3].id"."""
    out = "$"
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if not isinstance(node, yaml.MappingNode):  # "!!map [1]": the base class says so
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                first = seen[key].start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first defined on line {first})",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value as its tag reads it; one the tag cannot hold ("!!int x", an impossible date
        such as 2026-02-30) is a located error, not a crash."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            tag = node.tag.rsplit(":", 1)[-1]
            kind = "mapping" if isinstance(node, yaml.MappingNode) else "sequence"
            value = node.value if isinstance(node, yaml.ScalarNode) else f"a {kind}"
            if len(value) > MAX_SHOWN:
                value = f"{value[:MAX_SHOWN]}... ({len(value):,} characters)"
            what = (
                f"impossible date {value!r}: no such day or time"
                if tag == "timestamp"
                else f"{value!r} cannot be read as !!{tag}"
            )
            raise yaml.constructor.ConstructorError(None, None, what, node.start_mark) from None


def _yaml_problem(path: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    if line is not None and text:
        # Input that ends too early ("d: [") is said at the end of its last line, not on a line
        # after it that the file does not have.
        lines = text.split("\n")
        count = len(lines) - (1 if text.endswith("\n") else 0)
        if line > count >= 1:
            line, column = count, len(lines[count - 1]) + 1
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {what}" + (f" ({context})" if context else "")
    hint = "fix the YAML syntax"
    if "duplicate key" in what:
        message, hint = what, "remove or rename one of the two keys"
    elif "found character '\\t'" in what or _tab_at(text, mark):
        hint = "indent with spaces, not tabs"
    elif what.startswith("impossible date"):
        message, hint = what, "write a real date as YYYY-MM-DD (check the day and the month)"
    elif "cannot be read as !!" in what:
        message, hint = what, "remove the '!!' tag, or write a value of that type"
    elif "could not determine a constructor" in what:
        hint = "isocheck reads plain YAML only: remove the '!' tag"
    return Problem(path, line, column, message, hint)


def _tab_at(text: str, mark: Any) -> bool:
    """libyaml does not say a tab was the problem; look at the line it stopped on."""
    if mark is None or not text:
        return False
    lines = text.split("\n")
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


def load_yaml(
    text: str, path: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[Any, Positions]:
    """Parse one YAML document; raise InputError naming file, line and column on any problem."""
    loader = _Loader(text)
    try:
        node = _compose(loader, path, max_depth, max_nodes)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise InputError([_yaml_problem(path, exc, text)]) from None
    except RecursionError:
        raise InputError(
            [Problem(path, None, None, "YAML nested too deeply", f"keep nesting under {max_depth}")]
        ) from None
    finally:
        loader.dispose()
    positions = Positions(path)
    if node is not None:
        _index(node, (), positions, [0], max_depth, max_nodes)
    return data, positions


def load_yaml_fields(
    text: str, path: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[Any, dict[str, int]]:
    """One YAML document and, for a mapping, the line of each top-level field's value: exactly
    what `load_yaml` reads and how it fails, at the cost of libyaml's own composer wherever the
    text cannot reach the bounds (most evidence: front matter, small files)."""
    if _within_bounds(text, max_depth, max_nodes):
        composed = _load_composed(text)
        if composed is not None:
            return composed
    data, positions = load_yaml(text, path, max_depth=max_depth, max_nodes=max_nodes)
    if not isinstance(data, dict):
        return data, {}
    lines = {str(key[0]): line for key, (line, _) in positions.marks.items() if len(key) == 1}
    return data, lines


# A line's leading run: indentation, then any indicators ('- ', '? ', ': ') before its first token.
# In block context a collection can only start in such a run (after a key and its ':' no key nor
# '- ' may follow on the line), at the column of an indicator or of the token after the run.
_LEADING = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)
# Line breaks beside '\n' (libyaml's own) and a byte order mark, which libyaml skips at a line's
# start: columns there are not what a scan of '\n'-separated lines says; such text takes the long way.
# A '\r' that ends the text is only the end of the last line (front matter cut from a CRLF file).
_UNUSUAL = re.compile("\r(?!\n|\\Z)|[\x85\u2028\u2029\ufeff]")


def _within_bounds(text: str, max_depth: int, max_nodes: int) -> bool:
    """True when the text surely stays within the bounds that `load_yaml` enforces, so that
    libyaml's composer (recursive, unbounded) may read it: no alias (nothing expands), at most
    three values per character (an indicator makes at most a collection and two empty values),
    and a nesting depth that cannot exceed max_depth. Depth is bounded without parsing: nested
    block collections start at growing columns (an indentless sequence at its mapping's), each
    where a leading run allows one, and a flow collection costs a bracket (two in a sequence,
    which may hold single-pair mappings)."""
    if "*" in text or 3 * len(text) + 1 > max_nodes or _UNUSUAL.search(text):
        return False
    depth = 2 * (text.count("[") + text.count("{"))
    columns = set()
    for run in set(_LEADING.findall(text)):
        columns.add(len(run))
        columns.update(i for i, c in enumerate(run) if c in "-?:")
    return depth + 2 * len(columns) <= max_depth


class _ComposedLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml composes; a mapping that lost a key to a repeated one (or to a merge) fails, for
    `load_yaml` to name the duplicate."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            raise yaml.constructor.ConstructorError(None, None, "a key repeats", node.start_mark)
        return mapping


def _load_composed(text: str) -> tuple[Any, dict[str, int]] | None:
    """The document through libyaml's composer, with the line `load_yaml` records for each
    top-level field (where its value starts, merged fields included); None on any problem, which
    `load_yaml` then reads and names exactly as it always does."""
    loader = _ComposedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except Exception:  # the positioned path reports it, with its own words and place
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return data, {}
    lines = {
        key.value: value.start_mark.line + 1
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, lines


def _limit(path: str, mark: Any, message: str, hint: str) -> InputError:
    return InputError([Problem(path, mark.line + 1, mark.column + 1, message, hint)])


def _kind(event: Any) -> str:
    # Events are told apart by class name: libyaml's extension keeps the event classes of the first
    # `yaml` import, so after a re-import (pytester's in-process runs) isinstance would fail.
    return type(event).__name__


def _compose(loader: _Loader, path: str, max_depth: int, max_nodes: int) -> yaml.Node | None:
    """Build the node tree from libyaml's event stream without recursion.

    libyaml's own composer recurses in C and crashes the interpreter on very deep nesting; here
    depth and size are bounded before anything deep is built.
    """
    loader.get_event()  # stream start
    if _kind(loader.peek_event()) == "StreamEndEvent":
        loader.get_event()
        return None
    loader.get_event()  # document start
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # [collection node, pending mapping key or None]
    root: yaml.Node | None = None
    count = 0

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent[0], yaml.SequenceNode):
            parent[0].value.append(node)
        elif parent[1] is None:
            parent[1] = node
        else:
            parent[0].value.append((parent[1], node))
            parent[1] = None

    while True:
        event: Any = loader.get_event()
        kind_of_event = _kind(event)
        if kind_of_event == "DocumentEndEvent":
            break
        if kind_of_event in ("SequenceEndEvent", "MappingEndEvent"):
            stack.pop()[0].end_mark = event.end_mark
            continue
        start: Any = event.start_mark  # libyaml's Mark type differs from pyyaml's in the stubs
        end: Any = event.end_mark
        count += 1
        if count > max_nodes:
            raise _limit(
                path,
                event.start_mark,
                f"YAML has more than {max_nodes} values",
                "split the file or raise the limit",
            )
        if kind_of_event == "AliasEvent":
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", start
                )
            attach(anchors[event.anchor])
            continue
        node: yaml.Node
        if kind_of_event == "ScalarEvent":
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, start, end, event.style)
        elif kind_of_event in ("SequenceStartEvent", "MappingStartEvent"):
            if len(stack) >= max_depth:
                raise _limit(
                    path,
                    event.start_mark,
                    f"YAML nested more than {max_depth} levels deep",
                    "flatten the document",
                )
            kind = yaml.SequenceNode if kind_of_event == "SequenceStartEvent" else yaml.MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], start, None, flow_style=event.flow_style)
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise yaml.composer.ComposerError(None, None, f"unexpected {event}", event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            anchors[anchor] = node
        attach(node)
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            stack.append([node, None])
    if _kind(loader.peek_event()) != "StreamEndEvent":
        second: Any = loader.get_event()
        raise yaml.composer.ComposerError(
            None,
            None,
            "a second YAML document ('---') follows the first; isocheck reads one",
            second.start_mark,
        )
    return root


def _index(
    node: yaml.Node, key: PathKey, pos: Positions, count: list[int], max_depth: int, max_nodes: int
) -> None:
    count[0] += 1
    if count[0] > max_nodes:
        raise InputError(
            [
                Problem(
                    pos.path,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    f"YAML expands to more than {max_nodes} values (alias expansion)",
                    "remove the anchors and aliases that repeat large structures",
                )
            ]
        )
    if len(key) > max_depth:
        raise InputError(
            [
                Problem(
                    pos.path,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    f"YAML nested more than {max_depth} levels deep",
                    "flatten the document",
                )
            ]
        )
    pos.marks[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = (*key, key_node.value)
                pos.marks.setdefault(
                    child, (key_node.start_mark.line + 1, 1 + key_node.start_mark.column)
                )
                _index(value_node, child, pos, count, max_depth, max_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*key, i), pos, count, max_depth, max_nodes)
    elif isinstance(node, yaml.ScalarNode):
        pos.sources[key] = node.value
