"""Typed check parameters: a frozen dataclass per check, its JSON Schema generated from it.

A check declares its parameters as a frozen dataclass (one field per parameter, in the order the
documentation lists them) and receives an instance of it. `schema_of(Params)` writes the JSON Schema
(Draft 2020-12) that isocheck validates a pack's parameters with, and that the shipped pack schema
offers editors; `build(Params, mapping)` turns a pack's (already validated) mapping into the object.
There is no second description of the parameters to keep in step.

Types understood, and the schema each gives:

- `str` string, `int` integer, `float` number, `bool` boolean, `Any` anything;
- `Literal["a", "b"]` an enum of those values;
- `list[T]` an array of T; `dict[str, T]` an object whose values are T (`dict[str, Any]`: any object);
- a frozen dataclass: an object with exactly its fields, those without a default required;
- `T | None` with the default None: a parameter that may be left out (it is None then);
- `Annotated[T, marker, ...]` with the markers below: `Doc` (a description), `Minimum`, `Maximum`,
  `MinLength`, `MinItems`, `MinProperties`, `MaxProperties`, `Nullable` (JSON null is accepted
  too) and `Ref` (the value is a definition shared by every check: `Ref("condition")` for a
  condition, `Ref("check")` for a nested check).

Rules across fields are listed in the dataclass's `constraints` class variable: `AtLeastOne`,
`ExactlyOne`, `Together` and `Needs`.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from isocheck.errors import CheckError

P = TypeVar("P")

# --- markers for Annotated ----------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """What a parameter means: the schema's `description`."""

    text: str


@dataclass(frozen=True)
class Keyword:
    """A JSON Schema keyword with a number: the markers below. They are written in marker order."""

    keyword: ClassVar[str]
    value: int | float


class Minimum(Keyword):
    keyword = "minimum"


class Maximum(Keyword):
    keyword = "maximum"


class MinLength(Keyword):
    keyword = "minLength"


class MinItems(Keyword):
    keyword = "minItems"


class MinProperties(Keyword):
    keyword = "minProperties"


class MaxProperties(Keyword):
    keyword = "maxProperties"


@dataclass(frozen=True)
class Nullable:
    """JSON null is a value of its own (for example "do not check this"), not an absence."""


@dataclass(frozen=True)
class Ref:
    """The value is the shared definition `name` (in the `$defs` every check schema carries)."""

    name: str


# --- rules across the fields of a dataclass -----------------------------------------------------


@dataclass(frozen=True)
class AtLeastOne:
    """At least one of the named parameters is given."""

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"required": [name]} for name in self.names]}


@dataclass(frozen=True)
class ExactlyOne:
    """Exactly one of the named parameters is given."""

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [{"required": [name]} for name in self.names]}


@dataclass(frozen=True)
class Together:
    """The named parameters are given all together or not at all."""

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)

    def schema(self) -> dict[str, Any]:
        return {
            "dependentRequired": {
                name: [other for other in self.names if other != name] for name in self.names
            }
        }


@dataclass(frozen=True)
class Needs:
    """A parameter that means something only with others: given, they are given too."""

    name: str
    needs: tuple[str, ...]

    def __init__(self, name: str, *needs: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "needs", needs)

    def schema(self) -> dict[str, Any]:
        return {"dependentRequired": {self.name: list(self.needs)}}


Constraint = AtLeastOne | ExactlyOne | Together | Needs

# --- the generator ------------------------------------------------------------------------------


def _split(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """(the type, its Annotated markers)."""
    if get_origin(tp) is Annotated:
        inner, *markers = get_args(tp)
        base, more = _split(inner)
        return base, (*more, *markers)
    return tp, ()


def _optional(tp: Any) -> Any | None:
    """T for `T | None`, else None."""
    if get_origin(tp) in (Union, types.UnionType):
        arms = [arm for arm in get_args(tp) if arm is not type(None)]
        if len(arms) == 1 and len(get_args(tp)) == 2:
            return arms[0]
        raise TypeError(f"unsupported union {tp!r}: only `T | None` is")
    return None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _description(cls: type) -> str:
    """The class docstring, each paragraph on one line (the schema is read unwrapped)."""
    doc = cls.__doc__ or ""
    # A dataclass without a docstring gets its signature as one: that describes nothing.
    if doc.startswith(f"{cls.__name__}("):
        return ""
    return "\n\n".join(" ".join(par.split()) for par in inspect.cleandoc(doc).split("\n\n"))


def _with_null(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def schema_of(tp: Any) -> dict[str, Any]:
    """The JSON Schema of a parameter type (see the module docstring for the types understood).

    Keywords come in a fixed order (type, required, additionalProperties, properties, then rules
    across fields; a value's own constraints before its description and default), so the same
    type always gives the same schema, and errors found at one place come in the same order.
    """
    base, markers = _split(tp)
    if _optional(base) is not None:
        raise TypeError(
            f"{tp!r}: `T | None` is understood only as a dataclass field with a default"
        )
    refs = [m for m in markers if isinstance(m, Ref)]
    schema: dict[str, Any] = {"$ref": f"#/$defs/{refs[-1].name}"} if refs else _schema_of_base(base)
    for marker in markers:
        if isinstance(marker, Keyword):
            schema[marker.keyword] = marker.value
    if any(isinstance(m, Nullable) for m in markers):
        schema = _with_null(schema)
    for marker in markers:
        if isinstance(marker, Doc):
            schema["description"] = marker.text
    return schema


def _schema_of_base(tp: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _object_schema(tp)
    if tp is Any:
        return {}
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    origin = get_origin(tp)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        (item,) = get_args(tp)
        items = schema_of(item)
        return {"type": "array", "items": items} if items else {"type": "array"}
    if origin is dict:
        key, value = get_args(tp)
        if key is not str:
            raise TypeError(f"{tp!r}: the keys of an object are strings")
        values = schema_of(value)
        return {"type": "object", "additionalProperties": values} if values else {"type": "object"}
    raise TypeError(f"no JSON Schema for the parameter type {tp!r}")


_SCALARS: dict[Any, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}


def _default(f: dataclasses.Field[Any]) -> Any:
    """A field's default for the schema's `default`: a value or a list of values; None if it has
    no default, or one JSON cannot show."""
    if f.default is not dataclasses.MISSING:
        value = f.default
    elif f.default_factory is not dataclasses.MISSING:
        value = f.default_factory()
    else:
        return None
    scalar = str | int | float | bool
    if isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(v, scalar) for v in value)
    ):
        return value
    return None


def _object_schema(cls: type) -> dict[str, Any]:
    hints = _hints(cls)
    required: list[str] = []
    properties: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        base, markers = _split(tp)
        inner = _optional(base)
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        if inner is not None:
            nullable = any(isinstance(m, Nullable) for m in markers)
            if not has_default:
                raise TypeError(f"{cls.__name__}.{f.name}: a `T | None` field needs a default")
            if f.default is not None and not nullable:
                raise TypeError(
                    f"{cls.__name__}.{f.name}: None is not its default, so it must be Nullable"
                )
            tp = Annotated[(inner, *markers)] if markers else inner
        if not has_default:
            required.append(f.name)
        schema = schema_of(tp)
        default = _default(f)
        if default is not None:
            schema["default"] = default
        properties[f.name] = schema
    out: dict[str, Any] = {"type": "object"}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    out["properties"] = properties
    constraints: tuple[Constraint, ...] = getattr(cls, "constraints", ())
    for constraint in constraints:
        for key, value in constraint.schema().items():
            if key == "dependentRequired":
                out.setdefault(key, {}).update(value)
            elif key in out:
                raise TypeError(f"{cls.__name__}: two constraints both need {key!r}")
            else:
                out[key] = value
    description = _description(cls)
    if description:
        out["description"] = description
    return out


# --- building the typed object ------------------------------------------------------------------


@cache
def _has_dataclass(tp: Any) -> bool:
    base, _ = _split(tp)
    if dataclasses.is_dataclass(base):
        return True
    return any(_has_dataclass(arg) for arg in get_args(base) if not isinstance(arg, str))


def build(tp: type[P], value: Any) -> P:
    """The typed parameters from a pack's mapping (validated already against `schema_of(tp)`).

    Only the dataclasses are new objects; lists, mappings and values are the pack's own, not
    copies. A value that does not fit raises CheckError (a caller that skipped validation).
    """
    result: P = _build(tp, value)
    return result


def _build(tp: Any, value: Any) -> Any:
    if not _has_dataclass(tp):
        return value
    base, _ = _split(tp)
    inner = _optional(base)
    if inner is not None:
        return None if value is None else _build(inner, value)
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        if not isinstance(value, Mapping):
            raise CheckError(f"parameters must be a mapping, got {value!r}")
        hints = _hints(base)
        names = {f.name for f in dataclasses.fields(base)}
        unknown = sorted(str(k) for k in value if k not in names)
        if unknown:
            raise CheckError(f"unknown parameter(s): {', '.join(unknown)}")
        try:
            return base(**{k: _build(hints[k], v) for k, v in value.items()})
        except TypeError as exc:  # a required parameter is missing
            raise CheckError(str(exc)) from None
    origin = get_origin(base)
    if origin is list:
        (item,) = get_args(base)
        return [_build(item, v) for v in value]
    if origin is dict:
        _, item = get_args(base)
        return {k: _build(item, v) for k, v in value.items()}
    return value


__all__ = [
    "AtLeastOne",
    "Constraint",
    "Doc",
    "ExactlyOne",
    "Keyword",
    "MaxProperties",
    "Maximum",
    "MinItems",
    "MinLength",
    "MinProperties",
    "Minimum",
    "Needs",
    "Nullable",
    "Ref",
    "Together",
    "build",
    "schema_of",
]
