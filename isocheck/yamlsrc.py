"""YAML loading with source positions, for packs and profiles.

Uses libyaml's CSafeLoader where available. Duplicate mapping keys are rejected. Alongside the data it
returns a map from JSON paths (tuples of keys and indexes) to (line, column), 1-based, so that schema
errors and semantic errors can name the exact place in the file.
"""

from __future__ import annotations

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


def _yaml_problem(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {what}" + (f" ({context})" if context else "")
    hint = "fix the YAML syntax"
    if "duplicate key" in what:
        message, hint = what, "remove or rename one of the two keys"
    elif "found character '\\t'" in what:
        hint = "indent with spaces, not tabs"
    elif "could not determine a constructor" in what:
        hint = "isocheck reads plain YAML only: remove the '!' tag"
    return Problem(path, line, column, message, hint)


def load_yaml(
    text: str, path: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> tuple[Any, Positions]:
    """Parse one YAML document; raise InputError naming file, line and column on any problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise InputError([_yaml_problem(path, exc)]) from None
    except RecursionError:
        raise InputError(
            [Problem(path, None, None, "YAML nested too deeply", f"keep nesting under {MAX_DEPTH}")]
        ) from None
    finally:
        loader.dispose()
    positions = Positions(path)
    if node is not None:
        _index(node, (), positions, [0], max_depth, max_nodes)
    return data, positions


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
