"""Pack files read once: a valid pack is kept by digest, and reading it back changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import mini_files

from isocheck import packcache
from isocheck.errors import InputError
from isocheck.packs import PackCatalog, read_pack
from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(packcache.CACHE_ENV, str(folder))
    return folder / "packs"


def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "packs" / "mini.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_pack_read_again_comes_from_the_cache_unchanged(
    tmp_path: Path, cache: Path
) -> None:
    path = _pack(tmp_path, mini_files()["packs/mini.yaml"])
    first = PackCatalog(HOST, [path]).get("mini")
    assert len(list(cache.iterdir())) == 1
    read = read_pack(path)
    assert isinstance(read.positions, packcache.CachedPositions)
    again = PackCatalog(HOST, [path]).get("mini")
    assert again == first  # rules, checks, their source lines, thresholds
    lines = mini_files()["packs/mini.yaml"].split("\n")
    assert [r.source.line for r in again.rules] == [
        n for n, line in enumerate(lines, 1) if line.startswith("  - id: ")
    ]


def test_a_problem_found_while_building_a_kept_pack_is_placed_as_before(
    tmp_path: Path, cache: Path
) -> None:
    # Valid in structure (so kept), wrong when built: a rule reads an unknown evidence type.
    text = mini_files()["packs/mini.yaml"].replace(
        "      - records: {evidence: audits, require:",
        "      - records: {evidence: audit, require:",
    )
    path = _pack(tmp_path, text)
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            PackCatalog(HOST, [path]).get("mini")
        messages.append(str(caught.value))
    assert len(list(cache.iterdir())) == 1
    assert messages[0] == messages[1]
    line = 1 + text.split("\n").index(
        "      - records: {evidence: audit, require: {auditor: {differs_from: area}}}"
    )
    assert f"mini.yaml:{line}:" in messages[0]
    assert "unknown evidence type 'audit'" in messages[0]


def test_a_pack_with_a_problem_is_not_kept(tmp_path: Path, cache: Path) -> None:
    path = _pack(
        tmp_path, mini_files()["packs/mini.yaml"].replace("severity: minor", "severity: 3")
    )
    for _ in range(2):
        with pytest.raises(InputError, match="severity"):
            read_pack(path)
    assert not cache.exists() or not list(cache.iterdir())


def test_a_damaged_entry_is_not_used(tmp_path: Path, cache: Path) -> None:
    path = _pack(tmp_path, mini_files()["packs/mini.yaml"])
    read_pack(path)
    (entry,) = cache.iterdir()
    entry.write_text('{"data": ', encoding="utf-8")
    pack = read_pack(path)
    assert not isinstance(pack.positions, packcache.CachedPositions)
    assert pack.data["pack"]["id"] == "mini"


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(packcache.CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = _pack(tmp_path, mini_files()["packs/mini.yaml"])
    read_pack(path)
    read_pack(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packs"]


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path: Path, cache: Path) -> None:
    cache.parent.mkdir()
    cache.write_text("a file where the folder would be", encoding="utf-8")
    path = _pack(tmp_path, mini_files()["packs/mini.yaml"])
    assert read_pack(path).data["pack"]["id"] == "mini"
    assert read_pack(path).data["pack"]["id"] == "mini"


def test_the_oldest_entries_beyond_the_limit_are_removed(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "plans"
    for n in range(6):
        packcache.write_entry(folder / f"{n}.json", "x")
        os.utime(folder / f"{n}.json", ns=(n * 10**9, n * 10**9))
    packcache.prune(folder, keep=4)
    assert sorted(p.name for p in folder.iterdir()) == ["2.json", "3.json", "4.json", "5.json"]
    packcache.prune(folder / "absent", keep=1)  # nothing there: nothing to do


def test_a_new_release_of_a_library_that_judges_packs_is_another_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    before = packcache._versions()
    assert "yaml=" in before and "jsonschema=" in before
    other = tmp_path / "__init__.py"
    other.write_text("# another release\n", encoding="utf-8")
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        spec = real(name, package)
        if name == "jsonschema" and spec is not None:
            spec = importlib.util.spec_from_file_location(name, other)
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert packcache._versions() != before
