"""What a rule in a pack file says, in the engine's terms: the two pack formats, read as one.

A pack's checks reach the engine as `{name: parameters}` with everything spelled out. The pack
format lets an author leave out what is said once elsewhere; `CheckReader` fills it in:

- **v2** (`isocheck/rulepack/v2`): a rule's `evidence:` is the evidence of each of its checks
  (nested ones too) that names none; a condition (`where`, `require`, an item of `all`/`any`, the
  value of `not`) may be the name of one of the pack's `selectors:`; a check of every item
  (`records`, `references`, `unique`, `closed_within`, and any check with an `allow_empty`
  parameter) fails when its evidence has no item at all, unless it says `allow_empty: true`.
- **v1** (`isocheck/rulepack/v1`, deprecated): everything spelled out, and a check of every item
  passes on no items (as if it said `allow_empty: true`); `isocheck migrate` rewrites a v1 pack.

A rule's `message:` (v2) is a template for the sentence a failed rule leads with; see
`isocheck.model.fill_template`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from isocheck.errors import Problem
from isocheck.model import TEMPLATE_FIELDS, template_problems
from isocheck.yamlsrc import PathKey, Positions

if TYPE_CHECKING:
    from isocheck.checks import CheckRegistry

FORMAT_V1 = "isocheck/rulepack/v1"
FORMAT_V2 = "isocheck/rulepack/v2"
FORMATS = (FORMAT_V1, FORMAT_V2)
# What v2 adds, by where it stands: rejected in a v1 pack, whose readers would not expect them.
V2_PACK_KEYS = ("selectors", "topics", "headers")
V2_RULE_KEYS = ("evidence", "message")
CONDITION_KEYS = (
    "where",
    "require",
    "in_force",
    "codes_only",
    "rated",
    "unless",
    "everywhere",
)  # check parameters holding a condition

# Makes a problem at a path below a check: (path, message, hint).
At = Callable[[PathKey, str, str], Problem]


def takes(registry: CheckRegistry, name: str, parameter: str) -> bool:
    """Whether the check `name` has the parameter `parameter` (False for an unknown check)."""
    check = registry.get(name)
    return check is not None and parameter in check.parameters.get("properties", {})


def nested_checks(registry: CheckRegistry, name: str, params: Any) -> list[tuple[PathKey, Any]]:
    """The checks nested in a combinator's parameters, each with its path below the combinator."""
    check = registry.get(name)
    if check is None or check.nested is None:
        return []
    if check.nested == "list":
        return [((i,), child) for i, child in enumerate(params)] if isinstance(params, list) else []
    return [((), params)]


@dataclass(frozen=True)
class CheckReader:
    """Reads the checks of one layer (one pack file) of a pack into the engine's terms."""

    format: str
    selectors: dict[str, Any]
    registry: CheckRegistry

    def check(
        self, name: str, params: Any, evidence: str | None, at: At
    ) -> tuple[Any, list[Problem]]:
        """`params` of check `name` with the rule's `evidence` and the pack's selectors filled in;
        `at` makes a problem at a path below the check."""
        problems: list[Problem] = []
        return self._check(name, params, evidence, (), at, problems), problems

    def _check(
        self,
        name: str,
        params: Any,
        evidence: str | None,
        path: PathKey,
        at: At,
        problems: list[Problem],
    ) -> Any:
        children = nested_checks(self.registry, name, params)
        if children:
            filled = list(params) if isinstance(params, list) else params
            for sub, child in children:
                if isinstance(child, dict) and len(child) == 1:
                    ((child_name, child_params),) = child.items()
                    value = {
                        child_name: self._check(
                            child_name,
                            child_params,
                            evidence,
                            (*path, *sub, child_name),
                            at,
                            problems,
                        )
                    }
                    if isinstance(filled, list):
                        filled[sub[0]] = value  # type: ignore[index]
                    else:
                        filled = value
            return filled
        if not isinstance(params, dict):
            return params
        out = dict(params)
        if self.format == FORMAT_V1:
            if takes(self.registry, name, "allow_empty"):
                out.setdefault("allow_empty", True)
            return out
        if evidence is not None and takes(self.registry, name, "evidence"):
            out.setdefault("evidence", evidence)
            out = {"evidence": out.pop("evidence"), **out}  # where a v1 pack puts it
        return self._selected(out, path, at, problems)

    def _selected(self, value: Any, path: PathKey, at: At, problems: list[Problem]) -> Any:
        """`value` with every selector name where a condition stands replaced by its condition."""
        if isinstance(value, list):
            return [self._selected(v, (*path, i), at, problems) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, sub in value.items():
            if key in CONDITION_KEYS:
                out[key] = self.condition(sub, (*path, key), at, problems)
            else:
                out[key] = self._selected(sub, (*path, key), at, problems)
        return out

    def condition(self, value: Any, path: PathKey, at: At, problems: list[Problem]) -> Any:
        """A condition, or the name of a selector, as the condition it stands for."""
        if isinstance(value, str):
            if value in self.selectors:
                return self.selectors[value]
            known = ", ".join(sorted(self.selectors)) or "none"
            problems.append(
                at(
                    path,
                    f"unknown selector {value!r}",
                    f"name one of the pack's selectors ({known}) or write the condition out",
                )
            )
            return {}  # said once: the check's own schema need not say it again
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, sub in value.items():
            if key in ("all", "any") and isinstance(sub, list):
                out[key] = [
                    self.condition(c, (*path, key, i), at, problems) for i, c in enumerate(sub)
                ]
            elif key == "not":
                out[key] = self.condition(sub, (*path, key), at, problems)
            else:
                out[key] = sub
        return out


def layer_problems(data: dict[str, Any], positions: Positions) -> list[Problem]:
    """What a pack file says that its format does not allow, and templates that cannot be filled."""
    problems: list[Problem] = []
    if data.get("format") == FORMAT_V1:
        for key in V2_PACK_KEYS:
            if key in data:
                problems.append(_needs_v2(positions, (key,), f"{key}:"))
        for i, rule in enumerate(data.get("rules", [])):
            for key in V2_RULE_KEYS:
                if key in rule:
                    problems.append(_needs_v2(positions, ("rules", i, key), f"a rule's {key}:"))
    for i, rule in enumerate(data.get("rules", [])):
        if "message" in rule:
            for message in template_problems(rule["message"]):
                problems.append(
                    positions.problem(
                        ("rules", i, "message"),
                        f"rule {rule['id']}: message: {message}",
                        f"the message may name {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)}"
                        "; write {{ and }} for a brace",
                    )
                )
    problems.extend(_yaml_booleans(data, (), positions))
    for name, selector in data.get("selectors", {}).items():
        for key in _selector_names(selector):
            problems.append(
                positions.problem(
                    ("selectors", name),
                    f"selector {name!r} names selector {key!r}",
                    "write the condition out: a selector is a condition, not a name of one",
                )
            )
    return problems


# What YAML 1.1 (and so PyYAML) reads as true or false when it is not quoted.
_BOOLEAN_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
_COMPARED = ("equals", "not_equals")
_LISTED = ("in", "not_in")


def _yaml_booleans(value: Any, key: PathKey, positions: Positions) -> list[Problem]:
    """A word compared in a condition that YAML read as a boolean (`equals: yes` is `equals:
    true`, which no cell saying "yes" equals): an error, with the quotes that fix it."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _yaml_booleans(v, (*key, k), positions)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _yaml_booleans(v, (*key, i), positions)]
    compared = bool(key) and (
        key[-1] in _COMPARED or (len(key) > 1 and key[-2] in _LISTED and isinstance(key[-1], int))
    )
    written = positions.sources.get(key, "")
    if compared and isinstance(value, bool) and written.casefold() in _BOOLEAN_WORDS:
        return [
            positions.problem(
                key,
                f"YAML reads the unquoted {written} as {str(value).lower()}, which no cell "
                f"saying {written!r} equals",
                f"quote it: '{written}'",
            )
        ]
    return []


def _needs_v2(positions: Positions, key: PathKey, what: str) -> Problem:
    return positions.problem(
        key,
        f"{what} needs format {FORMAT_V2}",
        f"run `isocheck migrate` on the pack, or set format: {FORMAT_V2} and add "
        "allow_empty: true to the checks of every item that may see no items",
    )


def _selector_names(condition: Any) -> list[str]:
    """Names of selectors inside a selector's condition (which may name none)."""
    if isinstance(condition, str):
        return [condition]
    if not isinstance(condition, dict):
        return []
    names: list[str] = []
    for key, sub in condition.items():
        if key in ("all", "any") and isinstance(sub, list):
            for c in sub:
                names.extend(_selector_names(c))
        elif key == "not":
            names.extend(_selector_names(sub))
    return names
