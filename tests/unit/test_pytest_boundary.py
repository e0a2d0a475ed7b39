"""What pytest took from the evidence folder before isocheck was loaded: modules found there by
their real path, however they were reached."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

from isocheck.pytest_boundary import _modules_from


def _module(monkeypatch: pytest.MonkeyPatch, name: str, origin: Path | str) -> None:
    module = types.ModuleType(name)
    module.__file__ = str(origin)
    monkeypatch.setitem(sys.modules, name, module)


def test_modules_in_the_folder_are_found_by_their_real_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "evidence"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "evil.py").write_text("", encoding="utf-8")
    (folder / "linked.py").write_text("", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "fine.py").write_text("", encoding="utf-8")
    (outside / "alias").symlink_to(folder / "sub")  # a folder that is the evidence's
    (outside / "shim.py").symlink_to(folder / "linked.py")  # a file that is the evidence's
    (outside / "sibling.py").write_text("", encoding="utf-8")
    _module(monkeypatch, "t_direct", folder / "sub" / "evil.py")
    _module(monkeypatch, "t_alias", outside / "alias" / "evil.py")
    _module(monkeypatch, "t_shim", outside / "shim.py")
    _module(monkeypatch, "t_fine", outside / "fine.py")
    _module(monkeypatch, "t_sibling", outside / "sibling.py")  # same folder as the shim
    _module(monkeypatch, "t_prefix", f"{folder}-other{os.sep}x.py")  # a name that only starts alike
    _module(monkeypatch, "t_up", folder / "sub" / ".." / ".." / "outside" / "fine.py")
    found = sorted(_modules_from(folder.resolve()))
    assert [entry.split(" ")[0] for entry in found] == ["t_alias", "t_direct", "t_shim"]
