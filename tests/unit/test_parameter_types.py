"""The parameter-type machinery: JSON Schema generated from a type, typed objects built from a pack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

import pytest
from jsonschema import Draft202012Validator

from isocheck.checks import CheckContext, CheckRegistry, CheckResult, Violation
from isocheck.checks.params import (
    AtLeastOne,
    Constraint,
    Doc,
    ExactlyOne,
    Maximum,
    MaxProperties,
    Minimum,
    MinItems,
    MinLength,
    MinProperties,
    Nullable,
    Ref,
    Together,
    build,
    schema_of,
)
from isocheck.errors import CheckError
from isocheck.plugins import make_host


@pytest.mark.parametrize(
    ("tp", "schema"),
    [
        (str, {"type": "string"}),
        (int, {"type": "integer"}),
        (float, {"type": "number"}),
        (bool, {"type": "boolean"}),
        (Any, {}),
        (Literal["a", "b", 3], {"enum": ["a", "b", 3]}),
        (list[str], {"type": "array", "items": {"type": "string"}}),
        (list[Any], {"type": "array"}),
        (dict[str, int], {"type": "object", "additionalProperties": {"type": "integer"}}),
        (dict[str, Any], {"type": "object"}),
        (
            Annotated[list[Annotated[str, MinLength(1)]], MinItems(1), Doc("words")],
            {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "minItems": 1,
                "description": "words",
            },
        ),
        (
            Annotated[float, Minimum(0), Maximum(1)],
            {"type": "number", "minimum": 0, "maximum": 1},
        ),
        (
            Annotated[dict[str, Any], MinProperties(1), MaxProperties(1)],
            {"type": "object", "minProperties": 1, "maxProperties": 1},
        ),
        (Annotated[str, Nullable()], {"type": ["string", "null"]}),
        (Annotated[dict[str, Any], Ref("condition")], {"$ref": "#/$defs/condition"}),
        (
            Annotated[dict[str, Any], Ref("condition"), Nullable()],
            {"anyOf": [{"$ref": "#/$defs/condition"}, {"type": "null"}]},
        ),
    ],
)
def test_schema_of_types(tp: Any, schema: dict[str, Any]) -> None:
    assert schema_of(tp) == schema


@dataclass(frozen=True, kw_only=True)
class Inner:
    """An inner object."""

    name: Annotated[str, Doc("its name")]
    weight: Annotated[float | None, Minimum(0)] = None


@dataclass(frozen=True, kw_only=True)
class Outer:
    """An example of every kind of field.

    With a second paragraph."""

    required: Annotated[str, MinLength(1), Doc("must be given")]
    count: Annotated[int, Minimum(1), Doc("how many")] = 3
    label: Annotated[str | None, Nullable(), Doc("null: none")] = "x"
    flag: bool = False
    mode: Literal["fast", "slow"] = "fast"
    tags: list[str] = field(default_factory=lambda: ["a", "b"])
    inner: Inner | None = None
    inners: list[Inner] | None = None
    by_name: dict[str, Inner] | None = None
    when: Annotated[dict[str, Any] | None, Ref("condition")] = None
    constraints: ClassVar[tuple[Constraint, ...]] = (
        AtLeastOne("inner", "inners"),
        ExactlyOne("label", "when"),
        Together("count", "flag"),
    )


INNER = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "description": "its name"},
        "weight": {"type": "number", "minimum": 0},
    },
    "description": "An inner object.",
}


def test_schema_of_a_dataclass() -> None:
    assert schema_of(Outer) == {
        "type": "object",
        "required": ["required"],
        "additionalProperties": False,
        "properties": {
            "required": {"type": "string", "minLength": 1, "description": "must be given"},
            "count": {"type": "integer", "minimum": 1, "description": "how many", "default": 3},
            "label": {"type": ["string", "null"], "description": "null: none", "default": "x"},
            "flag": {"type": "boolean", "default": False},
            "mode": {"enum": ["fast", "slow"], "default": "fast"},
            "tags": {"type": "array", "items": {"type": "string"}, "default": ["a", "b"]},
            "inner": INNER,
            "inners": {"type": "array", "items": INNER},
            "by_name": {"type": "object", "additionalProperties": INNER},
            "when": {"$ref": "#/$defs/condition"},
        },
        "anyOf": [{"required": ["inner"]}, {"required": ["inners"]}],
        "oneOf": [{"required": ["label"]}, {"required": ["when"]}],
        "dependentRequired": {"count": ["flag"], "flag": ["count"]},
        "description": "An example of every kind of field.\n\nWith a second paragraph.",
    }
    Draft202012Validator.check_schema(schema_of(Outer))


def test_the_keyword_order_is_fixed() -> None:
    schema = schema_of(Outer)
    assert list(schema) == [
        "type",
        "required",
        "additionalProperties",
        "properties",
        "anyOf",
        "oneOf",
        "dependentRequired",
        "description",
    ]
    assert list(schema["properties"]) == [
        "required",
        "count",
        "label",
        "flag",
        "mode",
        "tags",
        "inner",
        "inners",
        "by_name",
        "when",
    ]


def test_a_dataclass_without_a_docstring_has_no_description() -> None:
    @dataclass(frozen=True)
    class Bare:
        a: int

    assert "description" not in schema_of(Bare)


def test_the_generated_schema_validates() -> None:
    validator = Draft202012Validator(
        {**schema_of(Outer), "$defs": {"condition": {"type": "object"}}}
    )
    assert validator.is_valid({"required": "r", "inner": {"name": "n"}, "label": None})
    assert not validator.is_valid(
        {"required": "r", "inner": {"name": "n"}}
    )  # neither label nor when
    assert not validator.is_valid({"required": "", "inner": {"name": "n"}, "label": "l"})
    assert not validator.is_valid({"required": "r", "inner": {"name": "n"}, "label": "l", "x": 1})
    assert not validator.is_valid({"required": "r", "inners": [{"weight": 1}], "label": "l"})
    assert not validator.is_valid(
        {"required": "r", "inner": {"name": "n"}, "label": "l", "count": 2}
    )


@pytest.mark.parametrize(
    "tp",
    [
        tuple[int, int],
        set[str],
        int | str,
        dt.date,
        dict[int, str],
        Annotated[int | None, Doc("x")],
    ],
)
def test_unsupported_types_are_refused(tp: Any) -> None:
    with pytest.raises(TypeError):
        schema_of(tp)


def test_an_optional_field_needs_a_default_and_a_non_none_default_needs_nullable() -> None:
    @dataclass(frozen=True, kw_only=True)
    class NoDefault:
        a: int | None

    @dataclass(frozen=True, kw_only=True)
    class NotNullable:
        a: str | None = "x"

    with pytest.raises(TypeError, match="needs a default"):
        schema_of(NoDefault)
    with pytest.raises(TypeError, match="must be Nullable"):
        schema_of(NotNullable)


def test_build_makes_the_dataclasses_and_keeps_the_rest() -> None:
    tags = ["t"]
    when = {"a": {"present": True}}
    built = build(
        Outer,
        {
            "required": "r",
            "tags": tags,
            "inner": {"name": "n"},
            "inners": [{"name": "m", "weight": 2}],
            "by_name": {"k": {"name": "k"}},
            "when": when,
        },
    )
    assert built == Outer(
        required="r",
        tags=["t"],
        inner=Inner(name="n"),
        inners=[Inner(name="m", weight=2)],
        by_name={"k": Inner(name="k")},
        when=when,
    )
    assert built.tags is tags and built.when is when  # the pack's own values, not copies
    assert built.count == 3 and built.label == "x" and built.mode == "fast"
    assert build(Outer, {"required": "r", "inner": None}).inner is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "parameters must be a mapping"),
        ({"required": "r", "bogus": 1, "also": 2}, "unknown parameter\\(s\\): also, bogus"),
        ({"count": 1}, "missing 1 required keyword-only argument: 'required'"),
        ({"required": "r", "inner": "n"}, "parameters must be a mapping, got 'n'"),
    ],
)
def test_build_refuses_what_validation_would_have(value: Any, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        build(Outer, value)


@dataclass(frozen=True, kw_only=True)
class CountParams:
    """Counts the items of `evidence`."""

    evidence: Annotated[str, MinLength(1), Doc("an evidence type")]
    at_least: Annotated[int, Minimum(0), Doc("the fewest")] = 1


def count_check(ctx: CheckContext, p: CountParams) -> CheckResult:
    assert isinstance(p, CountParams)
    return CheckResult([Violation(f"{p.evidence}: at least {p.at_least}")])


def test_register_typed_validates_with_the_generated_schema_and_passes_the_object() -> None:
    registry = CheckRegistry()
    registry.register_typed("count", count_check, CountParams, summary="counts")
    check = registry.get("count")
    assert check is not None and check.summary == "counts" and check.nested is None
    assert check.parameters == schema_of(CountParams)
    assert registry.validate("count", {"evidence": "e"}) == []
    ((path, message),) = registry.validate("count", {"evidence": "e", "at_least": -1})
    assert path == ("at_least",) and message.startswith("count: ")
    ctx = CheckContext(dt.date(2026, 1, 1), lambda name: None, registry)  # type: ignore[arg-type, return-value]
    result = ctx.run({"count": {"evidence": "e", "at_least": 2}})
    assert [v.message for v in result.violations] == ["e: at least 2"]


def test_register_typed_wants_a_dataclass() -> None:
    registry = CheckRegistry()
    with pytest.raises(TypeError, match="is not a dataclass"):
        registry.register_typed("count", count_check, dict)  # type: ignore[arg-type]
    assert registry.names() == []


def test_register_with_a_dict_schema_still_passes_the_mapping() -> None:
    registry = CheckRegistry()
    seen: list[Any] = []

    def plain(ctx: CheckContext, params: Any) -> CheckResult:
        seen.append(params)
        return CheckResult()

    registry.register("plain", plain, {"type": "object"}, summary="a plugin's check")
    ctx = CheckContext(dt.date(2026, 1, 1), lambda name: None, registry)  # type: ignore[arg-type, return-value]
    assert ctx.run({"plain": {"a": 1}}).ok
    assert seen == [{"a": 1}]


def test_every_builtin_parameter_is_described() -> None:
    host = make_host(load_entry_points=False)
    undescribed = []
    for check in host.checks.all():
        schema = check.parameters
        if "description" not in schema:
            undescribed.append(check.name)
        for key, prop in schema.get("properties", {}).items():
            if "description" not in prop:
                undescribed.append(f"{check.name}.{key}")
    assert undescribed == []
