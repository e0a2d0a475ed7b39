"""The trust boundary as pytest sees it: the evidence folder is data, never code or configuration.

The audited organization owns the evidence folder; whoever runs isocheck owns the verdict. pytest
reads configuration files, imports `conftest.py` files and writes its own state (cache, logs, temp
files) relative to paths on its command line, and `pytest --isocheck DIR` puts DIR on that command
line before any plugin is loaded. This module is called at the earliest moment an installed plugin
gets control (`pytest_load_initial_conftests`, before any conftest.py is imported) and again when
every option is known (`pytest_configure`). It:

- stops the run (exit 4, a `pytest.UsageError`) when pytest has already taken configuration or code
  from the folder, naming the file: the audited party cannot configure its own audit;
- stops the run when a collection path, test path, `--rootdir` or the working directory lies in the
  folder, or when an option would make pytest write there;
- moves a rootdir that pytest chose inside the folder only because the folder was the one path on
  its command line to the working directory, so that `pytest --isocheck /srv/qms` works from any
  directory outside the folder and pytest's cache never lands in it.

No engine code is imported here: this runs on every pytest start where `--isocheck` is given.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

# Options (argparse dests) of pytest and of common plugins whose value is a path pytest writes to.
# A bare flag (True) means "the default file in the working directory", which is never in the
# folder because a working directory inside the folder is refused first.
WRITE_OPTIONS = {
    "xmlpath": "--junitxml",
    "log_file": "--log-file",
    "basetemp": "--basetemp",
    "debug": "--debug",
    "report_log": "--report-log",
    "htmlpath": "--html",
    "json_report_file": "--json-report-file",
    "resultlog": "--resultlog",
}
# ini keys pytest writes to, relative to the rootdir (cache_dir) or the working directory.
WRITE_INIS = {"cache_dir": True, "log_file": False}


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def refuse(message: str) -> pytest.UsageError:
    return pytest.UsageError(f"isocheck: {message}")


def evidence_from(
    namespace: argparse.Namespace,
    getini: Callable[[str], Any],
    rootpath: Path,
    invocation_dir: Path,
) -> Path | None:
    """The evidence folder the run is asked to assess (command line first, then the ini twin,
    which is relative to the rootdir like every pytest ini path)."""
    value = getattr(namespace, "isocheck", None)
    if value:
        return invocation_dir / str(value)
    ini = getini("isocheck")
    if ini:
        return rootpath / str(ini)
    return None


def check_startup(config: pytest.Config) -> None:
    """At `pytest_load_initial_conftests`: refuse or repair what pytest did with the folder before
    isocheck could act. Called before pytest imports any conftest.py."""
    namespace = config.known_args_namespace
    invocation = config.invocation_params.dir
    given = evidence_from(namespace, config.getini, config.rootpath, invocation)
    if given is None or not given.is_dir():
        return  # nothing to protect; pytest_configure reports a missing folder with its own words
    folder = _real(given)

    inipath = config.inipath
    if inipath is not None and _within(_real(inipath), folder):
        raise refuse(
            f"pytest read its configuration from {inipath}, a file inside the evidence folder "
            f"{given}. The audited organization cannot configure its own audit, so isocheck stops "
            "here. Write the option as --isocheck=DIR (pytest then does not look for "
            "configuration in the folder), or name your own configuration with -c FILE."
        )
    imported = sorted(_modules_from(folder))
    if imported:
        raise refuse(
            f"pytest imported {', '.join(imported)} from inside the evidence folder {given} before "
            "isocheck was loaded. Code in the evidence folder must never run; isocheck stops here. "
            "Remove it from sys.path, PYTHONPATH and -p options, and run from outside the folder."
        )
    if _within(_real(invocation), folder):
        raise refuse(
            f"pytest runs in {invocation}, inside the evidence folder {given}; pytest looks for "
            "conftest.py files and keeps its cache in the directory it runs from, and isocheck "
            f"never lets either touch the folder. Run from outside it, e.g. "
            f"cd {folder.parent} && pytest --isocheck {folder.name}"
        )
    explicit_root = getattr(namespace, "rootdir", None)
    if explicit_root and _within(_real(invocation / explicit_root), folder):
        raise refuse(
            f"--rootdir={explicit_root} is inside the evidence folder {given}; pytest writes its "
            "cache into the rootdir. Choose a rootdir outside the folder."
        )
    for arg in getattr(namespace, "file_or_dir", None) or ():
        _refuse_collection_path(invocation / str(arg).split("::")[0], folder, given, str(arg))
    if _real(config.rootpath) != _real(invocation) and _within(_real(config.rootpath), folder):
        _move_rootdir(config, invocation)
    testpaths = config.getini("testpaths") if config.rootpath == invocation else []
    for entry in testpaths:
        _refuse_collection_path(config.rootpath / str(entry), folder, given, f"testpaths {entry}")
    _refuse_startup_conftests(config, folder, given)
    check_write_targets(namespace, config.getini, config.rootpath, invocation, folder, given)


def _modules_from(folder: Path) -> Iterable[str]:
    # As `_within`, on strings: a real path is absolute and normalized.
    top = str(folder)
    below = top if top.endswith(os.sep) else top + os.sep
    folders: dict[str, str] = {}
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if origin:
            real = _real_file(str(origin), folders)
            if real == top or real.startswith(below):
                yield f"{name} ({origin})"


def _real_file(path: str, folders: dict[str, str]) -> str:
    """`os.path.realpath(path)`, each folder's real path worked out once for all the modules in
    it (resolving the same folders of sys.modules again was most of this check's time)."""
    head, tail = os.path.split(path)
    if tail in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    if head not in folders:
        folders[head] = os.path.realpath(head)
    return os.path.join(folders[head], tail)


def _refuse_collection_path(path: Path, folder: Path, given: Path, shown: str) -> None:
    if _within(_real(path), folder):
        raise refuse(
            f"{shown} is inside the evidence folder {given}: isocheck never lets pytest collect or "
            "import anything from it (the profile's rules are collected without touching the "
            "folder). Remove that path from the command line or from testpaths."
        )


def _move_rootdir(config: pytest.Config, invocation: Path) -> None:
    """pytest chose the folder as rootdir because it was the only path it saw; the working
    directory is where pytest would have put its state without that path."""
    if not hasattr(config, "_rootpath"):  # a pytest without the attribute: refuse, never guess
        raise refuse(
            f"pytest's rootdir {config.rootpath} is inside the evidence folder; "
            "pass --rootdir=DIR outside it"
        )
    old = str(config.rootpath)
    config._rootpath = invocation
    if getattr(config.known_args_namespace, "confcutdir", None) == old:
        config.known_args_namespace.confcutdir = str(invocation)


def _refuse_startup_conftests(config: pytest.Config, folder: Path, given: Path) -> None:
    """pytest imports conftest.py from its start paths and from their `test*` subfolders: a folder
    named like that beside the working directory would have its conftest.py imported now."""
    args = list(getattr(config.known_args_namespace, "file_or_dir", None) or ())
    anchors = [config.invocation_params.dir / a.split("::")[0] for a in args] or [
        config.invocation_params.dir
    ]
    for anchor in anchors:
        if (
            _real(folder.parent) == _real(anchor)
            and fnmatch.fnmatchcase(folder.name, "test*")
            and (folder / "conftest.py").exists()
        ):
            raise refuse(
                f"pytest would import {given / 'conftest.py'} at start-up, because the evidence "
                f"folder's name starts with 'test' and it sits in {anchor}. Code in the evidence "
                "folder must never run: run pytest from another directory."
            )


def check_write_targets(
    namespace: argparse.Namespace,
    getini: Callable[[str], Any],
    rootpath: Path,
    invocation: Path,
    folder: Path,
    given: Path,
) -> None:
    """Refuse every option that would make pytest write into the evidence folder."""
    for dest, flag in WRITE_OPTIONS.items():
        value = getattr(namespace, dest, None)
        if not value or value is True:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            if isinstance(one, str | os.PathLike) and _within(_real(invocation / one), folder):
                raise refuse(
                    f"{flag}={one} would write into the evidence folder {given}; isocheck never "
                    "lets anything write there. Write it somewhere else."
                )
    for key, rootdir_relative in WRITE_INIS.items():
        try:
            value = getini(key)
        except ValueError:  # the plugin that owns this ini key is not installed
            continue
        if not value:
            continue
        base = rootpath if rootdir_relative else invocation
        if _within(_real(base / str(value)), folder):
            raise refuse(
                f"the ini option {key} = {value} would make pytest write into the evidence folder "
                f"{given}; isocheck never lets anything write there. Set it to a path elsewhere."
            )
