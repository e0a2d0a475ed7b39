"""Where the built-in packs and schemas are (`isocheck.resources`): inside the installed package,
else at the top of the checkout.

That a wheel carries them inside the package is checked by .ci/run on an installed copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from isocheck import resources


def test_packs_and_schemas_are_found() -> None:
    assert {p.name for p in resources.schemas_dir().glob("*.json")} >= {
        "profile.schema.json",
        "report.schema.json",
        "rulepack.schema.json",
    }
    assert any(resources.rulepacks_dir().glob("*.yaml"))


def test_a_schema_is_its_json_read_once() -> None:
    profile = resources.schema("profile.schema.json")
    assert profile["$id"] == "https://isocheck.dev/schemas/profile.schema.json"
    assert resources.schema("profile.schema.json") is profile


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the installed package's folder, inside a stand-in checkout."""
    folder = tmp_path / "checkout" / "isocheck"
    folder.mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", folder)
    return folder


def test_the_installed_package_wins_over_the_checkout(package: Path) -> None:
    (package / "schemas").mkdir()
    (package.parent / "schemas").mkdir()
    assert resources.schemas_dir() == package / "schemas"


def test_a_checkout_has_them_beside_the_package(package: Path) -> None:
    (package.parent / "rulepacks").mkdir()
    assert resources.rulepacks_dir() == package.parent / "rulepacks"


def test_missing_data_is_an_error_naming_the_folder(package: Path) -> None:
    (package / "schemas").write_text("a file, not the folder")
    with pytest.raises(FileNotFoundError) as info:
        resources.schemas_dir()
    assert str(info.value) == "isocheck's schemas/ folder is missing from the installation"
