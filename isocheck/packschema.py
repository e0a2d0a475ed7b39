"""The JSON Schema of a rule pack: its structure, and the parameters of every check.

Two schemas come from here:

- `STRUCTURE` is what isocheck checks a pack file against when it reads it, before `${name}`
  placeholders are filled in. A check there is any `{name: parameters}`: its parameters are checked
  after the placeholders are filled in, against the check's own schema (`packs._check_rule`).
- `pack_schema(registry)` is STRUCTURE with the parameter schema of every check in the registry,
  for editors: every value that may be a `${name}` placeholder accepts one too. `isocheck schema`
  prints it for the installed plugins; schemas/rulepack.schema.json is it for the built-in checks
  only, and a test keeps it so. Regenerate the shipped file after changing a check's parameters:

      isocheck schema --builtin-only > schemas/rulepack.schema.json
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # validation reads STRUCTURE without loading the check framework
    from isocheck.checks import CheckRegistry

STRUCTURE_NAME = "rulepack structure"  # its name for validation.validator()
# A value with a ${name} in it, as packs.substitute finds them: once filled in, it may be anything.
PLACEHOLDER = r"\$\{[A-Za-z_][A-Za-z0-9_]*\}"
# A date as packs and profiles write it: a threshold may be one (a policy's effective date)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

# An object of names, each with the words or phrases that say it (topics, headers)
_WORDS_BY_NAME: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"$ref": "#/$defs/identifier"},
    "additionalProperties": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "minLength": 1},
    },
}


def _column_sources(description: str) -> dict[str, Any]:
    """A mapping of a table's columns to the document fields each is taken from, in order."""
    return {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
        },
        "description": description,
    }


STRUCTURE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://isocheck.dev/schemas/rulepack.schema.json",
    "title": "isocheck rule pack",
    "type": "object",
    "required": ["format", "pack"],
    "additionalProperties": False,
    "properties": {
        "format": {
            "enum": ["isocheck/rulepack/v2", "isocheck/rulepack/v1"],
            "description": (
                "isocheck/rulepack/v2; v1 (deprecated) still loads: `isocheck migrate` "
                "rewrites a v1 pack as v2"
            ),
        },
        "pack": {
            "type": "object",
            "required": ["id", "standard", "edition", "version", "title"],
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": "#/$defs/identifier"},
                "standard": {"$ref": "#/$defs/identifier"},
                "edition": {"type": "string", "minLength": 1},
                "version": {"type": "string", "minLength": 1},
                "title": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "extends": {"$ref": "#/$defs/identifier"},
                "verdict": {
                    "enum": ["certification", "gate", "certificates"],
                    "default": "gate",
                    "description": (
                        "What a complete assessment of this pack concludes: certification "
                        "(a certifiable standard: stage 1 and stage 2 readiness and the "
                        "certification decision), gate (an internal gate: pass or fail, "
                        "exactly as the exit status), certificates (the certification "
                        "cycle: certificates maintained or not). Not inherited through "
                        "extends; gate when absent."
                    ),
                },
                "with": {"type": "object"},
                "clause_map": {
                    "type": "object",
                    "propertyNames": {"$ref": "#/$defs/clauseId"},
                    "additionalProperties": {"$ref": "#/$defs/clauseId"},
                },
                "drop_rules": {"type": "array", "items": {"$ref": "#/$defs/identifier"}},
            },
        },
        "parameters": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/name"},
            "additionalProperties": {
                "type": "object",
                "required": ["default"],
                "additionalProperties": False,
                "properties": {"default": {}, "description": {"type": "string"}},
            },
        },
        "thresholds": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/name"},
            "additionalProperties": {
                "type": "object",
                "required": ["default"],
                "additionalProperties": False,
                "properties": {
                    # a number (days, a level), or a date (a policy's effective date)
                    "default": {
                        "oneOf": [{"type": "number"}, {"type": "string", "pattern": DATE_PATTERN}]
                    },
                    "description": {"type": "string"},
                    # a profile may set it to "never": what that means for the organization
                    "never": {"type": "string", "minLength": 1},
                },
            },
        },
        "clauses": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title"],
                "additionalProperties": False,
                "properties": {
                    "id": {"$ref": "#/$defs/clauseId"},
                    "title": {"type": "string", "minLength": 1},
                    "excludable": {"type": "boolean"},
                },
            },
        },
        "evidence": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/identifier"},
            "additionalProperties": {"$ref": "#/$defs/evidenceType"},
        },
        "topics": {
            **_WORDS_BY_NAME,
            "description": (
                "v2: topics a document must address, each with the phrases that say it (the "
                "standards' own wording among them); a `contains` check's text or headings may "
                "name a topic, and a profile's phrases: add an organization's own wording"
            ),
        },
        "headers": {
            **_WORDS_BY_NAME,
            "description": (
                "v2: the words a register's header may name a column or field with, in any "
                "language ('Client', 'Kunde' for customer): a header that is one of them is that "
                "column of every evidence type keeping it, where the profile maps nothing to it"
            ),
        },
        "selectors": {
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/identifier"},
            "additionalProperties": {"$ref": "#/$defs/selector"},
            "description": (
                "v2: named conditions; a check's `where` or `require` (or an item of a "
                "condition's all/any, or its not) may name one instead of writing it out"
            ),
        },
        "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
    },
    "$defs": {
        "identifier": {
            "type": "string",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "description": (
                "Letters, digits, '.', '-' and '_' only (never '::' or '['), so "
                "pytest node ids stay stable."
            ),
        },
        "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "clauseId": {
            "type": "string",
            "pattern": r"^(A\.)?[0-9]+(\.[0-9]+)*$",
            "description": 'A clause id as a string, e.g. "9.2.2" or "A.5.15". Quote it in YAML.',
        },
        "date": {"type": "string", "format": "date"},
        "evidenceType": {
            "type": "object",
            "required": ["kind", "title"],
            "additionalProperties": False,
            "properties": {
                "kind": {"enum": ["document", "records", "table", "profile"]},
                "title": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "locations": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/glob"}},
                "fields": {"type": "array", "items": {"type": "string"}},
                "columns": {"type": "array", "items": {"type": "string"}},
                "open": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "description": (
                        "Columns with values whose list is not closed (a taxonomy an "
                        "organization extends, such as asset types): known words are read as "
                        "the pack's, other words are kept, not reported"
                    ),
                },
                "scales": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["worst", "best"],
                        "additionalProperties": False,
                        "properties": {"worst": {"type": "number"}, "best": {"type": "number"}},
                        "not": {"properties": {"worst": {"const": 0}, "best": {"const": 0}}},
                    },
                    "description": (
                        "Per column: the scale its numbers are on, worst and best (satisfaction "
                        "out of 10: {worst: 0, best: 10}); a profile that states its own scale "
                        "for the column has its numbers read onto this one"
                    ),
                },
                "prefixes": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "description": (
                        "Per column: the prefix of the identifiers it holds, as the pack writes "
                        'them (e.g. {control: "A."}: "5.1", "A 5.1" and "Annex A 5.1" are '
                        'read as "A.5.1"; in a list, each is, separated by ";")'
                    ),
                },
                "empty": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "description": (
                        "Cells that mean nothing was recorded in any column of this evidence "
                        "(besides - and its long forms), e.g. [none, n/a] for a register whose "
                        "columns never give none as an answer"
                    ),
                },
                "values": {
                    "type": "object",
                    "description": (
                        "Per column (or field): the values the pack knows in it, each with its "
                        "synonyms; a cell is read as the value it names (case, surrounding "
                        "punctuation and trailing words aside), and a cell naming none is "
                        "reported, with how to map it in the profile"
                    ),
                    "additionalProperties": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": "string", "minLength": 1},
                        },
                    },
                },
                "optional": {
                    "type": "boolean",
                    "description": (
                        "the standard asks for no documented information of this kind: where the "
                        "folder holds none and the profile does not locate it, a rule that finds "
                        "none of it is not assessed here (the auditor asks how it is done) rather "
                        "than a nonconformity"
                    ),
                },
                "latest": {
                    "type": "object",
                    "required": ["key", "by"],
                    "additionalProperties": False,
                    "properties": {
                        "key": {"type": "string", "minLength": 1},
                        "by": {"type": "string", "minLength": 1},
                    },
                    "description": (
                        "a register that keeps its history (a row at each calibration): only the "
                        "latest row of each value of `key`, by the date in `by`, is judged; the "
                        "rows it supersedes are history, not records in force"
                    ),
                },
                "same_as": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["evidence"],
                        "additionalProperties": False,
                        "properties": {
                            "evidence": {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$"},
                            "columns": {
                                "type": "object",
                                "additionalProperties": {"type": "string", "minLength": 1},
                            },
                        },
                    },
                    "description": (
                        "the same records as another standard's evidence type (an integrated "
                        "system's one legal register): where the profile maps this type nowhere "
                        "and its own locations find nothing, the profile's mapping of that one is "
                        "read, `columns` naming our column -> its column where they differ"
                    ),
                },
                "headers": {
                    **_WORDS_BY_NAME,
                    "description": (
                        "the words this type's files name a column or field with, besides the "
                        "pack's `headers:` ('Status' for a design file's stage): a header or "
                        "label that is one of them is that column where the profile maps nothing "
                        "to it, even a column of closed values, and even where the profile maps "
                        "the label to another of the type's names as well"
                    ),
                },
                "documents": _column_sources(
                    "a table that organizations may keep as documents, one per item (operational "
                    "controls kept as procedures): a located document with no table is one row, "
                    "each column taken from the first of its document fields listed that is "
                    "filled in (id, title, owner, author, approved_by, ..., text: its body, heading: its "
                    "first heading)"
                ),
                "in_document": _column_sources(
                    "a table that organizations keep inside documents, one table per document "
                    "(a risk assessment per activity, headed by its date and the people at "
                    "risk): each column the table keeps no column for is taken from the first "
                    "of the document fields listed that is filled in (its document control "
                    "fields as the profile names them, and the labels of its head)"
                ),
                "due_from": {
                    "type": "object",
                    "required": ["text", "date"],
                    "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "date": {"type": "string", "minLength": 1},
                    },
                    "description": (
                        "a column of words that may say when something next falls due "
                        "('prochain contrôle avant le 14/05/2024'): where the `date` column is "
                        "empty, it holds that date, read in the text column's format (the "
                        "profile's, never guessed) or as YYYY-MM-DD"
                    ),
                },
                "read_with": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "description": (
                        "column -> other columns whose words it is read with: a briefing's "
                        "topics are what its name says ('Jahresunterweisung Kraftfahrer') as "
                        "well as the content listed beside it"
                    ),
                },
                "within": {
                    "type": "object",
                    "required": ["evidence", "says"],
                    "additionalProperties": False,
                    "properties": {
                        "evidence": {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$"},
                        "says": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "minLength": 1},
                        },
                    },
                    "description": (
                        "kept inside the documents another evidence type locates: where the "
                        "profile maps this type nowhere and its own locations find nothing, the "
                        "documents the profile locates as `evidence` are read. A table type is "
                        "each table under a heading that says one of `says` (an emergency plan's "
                        "table of scenarios); a document type is each document whose title says "
                        "one (the aspects procedure among the procedures)"
                    ),
                },
                "alongside": {
                    "type": "string",
                    "pattern": r"^[a-z][a-z0-9-]*$",
                    "description": (
                        "another evidence type of the pack kept in the same files: where the "
                        "profile locates that one and not this one, and this one's own locations "
                        "find nothing, this one reads its files (a spreadsheet's document control)"
                    ),
                },
                "section": {
                    "enum": ["certification", "sites"],
                    "description": (
                        "kind: profile only: which part of the profile the items come from "
                        "(certification: one item per certified standard; sites: one item per "
                        "site, with id, name and central)"
                    ),
                },
            },
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": "profile"}}},
                    "then": {"required": ["section"]},
                    "else": {"required": ["locations"]},
                }
            ],
        },
        "glob": {
            "type": "string",
            "minLength": 1,
            "not": {
                "anyOf": [
                    {"pattern": "^/"},
                    {"pattern": r"(^|/)\.\.(/|$)"},
                    {"pattern": "^[A-Za-z]:"},
                    {"pattern": r"\\"},
                ]
            },
            "description": (
                "A glob relative to the evidence folder, with '/' separators; no "
                "'..', no absolute path."
            ),
        },
        "rule": {
            "type": "object",
            "required": ["id", "clauses", "title", "severity", "stage", "checks"],
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": "#/$defs/identifier"},
                "clauses": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/clauseId"}},
                "title": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "severity": {"enum": ["major", "minor", "observation"]},
                "evidence": {
                    "$ref": "#/$defs/identifier",
                    "description": (
                        "v2: the evidence type of every check of the rule that names none"
                    ),
                },
                "message": {
                    "type": "string",
                    "minLength": 1,
                    "description": (
                        "v2: the sentence a failed rule leads with; {violation} is the first "
                        "violation (with its place), {count} how many there are; {{ and }} "
                        "write a brace"
                    ),
                },
                "stage": {"enum": [1, 2]},
                "applies_when": {"$ref": "#/$defs/appliesWhen"},
                "excluded_with": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/clauseId"},
                    "description": (
                        "clauses whose exclusion in the profile makes the rule not applicable "
                        "though its own clauses stay (calibration, where 7.1.5.2 is excluded)"
                    ),
                },
                "checks": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/check"}},
                "remediation": {"type": "string"},
                "examples": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "pass": {"type": "array", "items": {"$ref": "#/$defs/example"}},
                        "fail": {"type": "array", "items": {"$ref": "#/$defs/example"}},
                    },
                },
            },
        },
        "check": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "description": (
                "One check: {check_name: parameters}. Parameters are validated by "
                "the check's own schema."
            ),
        },
        "selector": {
            "type": "object",
            "minProperties": 1,
            "description": "A condition, as in a check's `where`",
        },
        "appliesWhen": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "evidence_exists": {"$ref": "#/$defs/identifier"},
                "min_items": {
                    "type": "object",
                    "required": ["evidence", "count"],
                    "additionalProperties": False,
                    "description": (
                        "The rule applies only when `evidence` has at least `count` items "
                        "(e.g. a multi-site rule: the profile's sites, at least 2)"
                    ),
                    "properties": {
                        "evidence": {"$ref": "#/$defs/identifier"},
                        "count": {"type": "integer", "minimum": 1},
                    },
                },
                "profile": {"type": "object", "minProperties": 1},
                "declared_applicable": {
                    "type": "object",
                    "required": ["evidence", "column", "applicable"],
                    "additionalProperties": False,
                    "description": (
                        "The rule applies unless a row of `evidence` whose `column` equals "
                        "`value` (default: the rule's first clause) says in `applicable` "
                        "that it does not (no/false/excluded); the row's `justification` is"
                        " shown."
                    ),
                    "properties": {
                        "evidence": {"$ref": "#/$defs/identifier"},
                        "column": {"type": "string"},
                        "value": {"type": "string"},
                        "applicable": {"type": "string"},
                        "justification": {"type": "string"},
                    },
                },
            },
        },
        "example": {
            "type": "object",
            "required": ["name", "files"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "as_of": {"$ref": "#/$defs/date"},
                "files": {"type": "object", "additionalProperties": {"type": "string"}},
                "profile": {"type": "object"},
            },
        },
    },
}


_COMMENT = (
    "Generated by `isocheck schema` from isocheck's code (isocheck/packschema.py and the checks' "
    "parameter types); do not edit. Regenerate: isocheck schema --builtin-only > "
    "schemas/rulepack.schema.json"
)


_OWN_RESOURCE = ("$schema", "$id", "$defs")


def pack_schema(registry: CheckRegistry) -> dict[str, Any]:
    """STRUCTURE with the parameter schemas of every check in `registry`, in name order.

    A check's parameters accept a `${name}` placeholder wherever a value may be one; the shared
    definitions (conditions, nested checks) come once, at the top; a plugin's own `$defs` are
    renamed `<check>.<name>` so that two plugins cannot collide (and its `$id` and `$schema` are
    left out: refer to definitions as `#/$defs/NAME`). Checks not in the registry (a plugin not
    installed) still pass, with any parameters.
    """
    from isocheck.checks import SHARED_DEFS

    schema = copy.deepcopy(STRUCTURE)
    schema = {"$comment": _COMMENT, **schema}
    defs: dict[str, Any] = schema["$defs"]
    checks: dict[str, Any] = {}
    hoisted: dict[str, Any] = {}
    for check in registry.all():
        own = check.parameters.get("$defs", {})
        renamed = {_pointer(name): _pointer(f"{check.name}.{name}") for name in own}
        # Embedded, the schema is no resource of its own: its references are to the pack schema.
        embedded = {k: v for k, v in check.parameters.items() if k not in _OWN_RESOURCE}
        params = _renamed(embedded, renamed)
        titled = {"title": check.summary} if check.summary else {}
        checks[check.name] = {**titled, **_tolerant(_evidence_from_rule(params))}
        for name, definition in own.items():
            hoisted[f"{check.name}.{name}"] = _tolerant(_renamed(definition, renamed))
    defs["check"] = {
        **defs["check"],
        "description": (
            "One check: {check_name: parameters}. The parameters of the checks listed here are "
            "checked as you write them; isocheck checks every check's parameters when it loads "
            "the pack, after filling in ${name} placeholders."
        ),
        "properties": checks,
    }
    shared = {name: _tolerant(definition) for name, definition in SHARED_DEFS.items()}
    shared.pop("check")  # the pack's own, above
    # A condition may also be the name of one of the pack's selectors (v2), wherever it stands.
    shared["conditionWritten"] = shared.pop("condition")
    shared["condition"] = {
        "anyOf": [
            {"$ref": "#/$defs/conditionWritten"},
            {
                "$ref": "#/$defs/identifier",
                "description": "the name of one of the pack's selectors",
            },
        ]
    }
    defs["selector"] = {**defs["selector"], "$ref": "#/$defs/conditionWritten"}
    defs.update(shared)
    defs["placeholder"] = {
        "type": "string",
        "pattern": PLACEHOLDER,
        "description": (
            "A value with ${name} in it: a pack parameter or threshold, filled in when the pack "
            "is loaded (a value that is exactly ${name} takes the type of what fills it in)"
        ),
    }
    defs.update(sorted(hoisted.items()))
    return schema


def _evidence_from_rule(params: dict[str, Any]) -> dict[str, Any]:
    """A check's parameters where `evidence` may be left out: a v2 rule's `evidence:` fills it in
    (isocheck still requires it of a check when it loads the pack and the rule says none)."""
    required = params.get("required")
    if not isinstance(required, list) or "evidence" not in required:
        return params
    rest = [name for name in required if name != "evidence"]
    out = {k: v for k, v in params.items() if k != "required"}
    return {**out, "required": rest} if rest else out


def _pointer(name: str) -> str:
    """A JSON pointer reference to a definition of the pack schema."""
    return "#/$defs/" + name.replace("~", "~0").replace("/", "~1")


def _renamed(schema: Any, renamed: dict[str, str]) -> Any:
    """`schema` with its references to renamed definitions (and to places inside them) rewritten."""
    if isinstance(schema, list):
        return [_renamed(item, renamed) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str):
            for old, new in renamed.items():
                if value == old or value.startswith(old + "/"):
                    value = new + value[len(old) :]
                    break
            out[key] = value
        else:
            out[key] = _renamed(value, renamed)
    return out


# Keywords whose subschemas apply to the same value, and those whose subschemas apply to a value
# inside it (a property, an item): only the latter may be a ${name} placeholder.
_SAME_VALUE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "$defs")
_INNER_ONE = (
    "additionalProperties",
    "items",
    "contains",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_INNER_MANY = ("properties", "patternProperties")


def _tolerant(schema: Any) -> Any:
    """`schema`, where every property and item may also be a whole `${name}` placeholder."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _INNER_MANY and isinstance(value, dict):
            out[key] = {name: _or_placeholder(sub) for name, sub in value.items()}
        elif key in _INNER_ONE:
            out[key] = _or_placeholder(value)
        elif key == "prefixItems" and isinstance(value, list):
            out[key] = [_or_placeholder(sub) for sub in value]
        elif key in _SAME_VALUE and isinstance(value, list):
            out[key] = [_tolerant(sub) for sub in value]
        elif (
            key in _SAME_VALUE and key in ("dependentSchemas", "$defs") and isinstance(value, dict)
        ):
            out[key] = {name: _tolerant(sub) for name, sub in value.items()}
        elif key in _SAME_VALUE:
            out[key] = _tolerant(value)
        else:
            out[key] = value
    return out


_ANNOTATIONS = ("title", "description", "default")


def _or_placeholder(schema: Any) -> Any:
    """`schema` made tolerant, and if it does not accept a placeholder string as it is, either
    it or a placeholder (its description and default stay outside, where editors show them)."""
    tolerant = _tolerant(schema)
    if not isinstance(schema, dict) or _accepts_placeholder(schema):
        return tolerant
    notes = {k: v for k, v in tolerant.items() if k in _ANNOTATIONS}
    rest = {k: v for k, v in tolerant.items() if k not in _ANNOTATIONS}
    return {**notes, "anyOf": [rest, {"$ref": "#/$defs/placeholder"}]}


def _accepts_placeholder(schema: dict[str, Any]) -> bool:
    """Whether `schema` accepts values with placeholders in them as they are (any string does)."""
    if "$ref" in json.dumps(schema):
        return False  # what it refers to is not known here
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return all(validator.is_valid(value) for value in ("${name}", "as_of-${name}d"))
