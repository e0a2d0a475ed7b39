"""The JSON Schemas are published under stable `$id`s, so an editor validates a profile or a pack
through a modeline (`# yaml-language-server: $schema=<$id>`): every bundled schema declares its
dialect and its `$id`, `isocheck schema` keeps them, and the profile `isocheck init` writes starts
with the modeline of the profile schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from isocheck import resources
from isocheck.cli import main

BASE = "https://isocheck.dev/schemas/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in resources.schemas_dir().glob("*.schema.json"))
)
def test_every_schema_declares_its_dialect_and_a_stable_id(name: str) -> None:
    schema = json.loads((resources.schemas_dir() / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == DIALECT
    assert schema["$id"] == BASE + name  # the file's name under one base: what editors fetch


@pytest.mark.parametrize("flags", [[], ["--builtin-only"]])
def test_the_schema_command_keeps_the_published_id(
    flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", *flags]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$id"] == BASE + "rulepack.schema.json"
    assert printed["$schema"] == DIALECT


def test_the_profile_init_writes_starts_with_the_profile_schema_modeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--standard", "iso9001-2015", str(tmp_path / "qms")]) == 0
    first = (tmp_path / "qms" / "isocheck.yaml").read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.fullmatch(first)
    assert match, first
    assert match.group(1) == resources.schema("profile.schema.json")["$id"]


def test_the_readme_modelines_name_published_schemas() -> None:
    published = {
        json.loads(p.read_text(encoding="utf-8"))["$id"]
        for p in resources.schemas_dir().glob("*.schema.json")
    }
    urls = {u for u in MODELINE.findall(README.read_text(encoding="utf-8")) if "://" in u}
    assert urls, "the README shows no modeline with a schema URL"
    assert urls <= published
