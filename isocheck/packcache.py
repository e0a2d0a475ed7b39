"""Pack files read once: a pack that parsed and passed its structure checks is kept by digest.

Collecting a thousand rules spent most of its time parsing the same pack files with positions
and validating them against the pack schema, run after run, though they had not changed. A pack
file that parsed and validated without a problem is kept in the user's cache directory under the
sha256 of its bytes and of isocheck's own code (so a changed pack, or an isocheck that judges
packs differently, misses): its data as JSON, and the places of the values a pack's build reads
(a rule, a check, `pack.id`, `pack.extends`). Anything else asked of its positions (a problem
found while assembling it) parses the file again, then and only then.

Only what isocheck wrote is read back, as JSON: nothing in the cache can run. A pack with a
problem is never kept, so its problems are always found the same way. The cache lives outside
any evidence folder: `ISOCHECK_CACHE_DIR` names it (empty: no cache), else
`$XDG_CACHE_HOME/isocheck` or `~/.cache/isocheck`. A cache that cannot be read or written is
simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from isocheck.version import __version__
from isocheck.yamlsrc import PathKey, Positions

CACHE_ENV = "ISOCHECK_CACHE_DIR"
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where validated packs are kept, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / "packs" if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "isocheck" / "packs"


# Evidence folders this process assesses: no cache entry is ever read from or written into one
_EVIDENCE: set[Path] = set()


def kept_folder(kind: str, evidence: Path) -> Path | None:
    """The cache's folder for one kind of entry (beside the packs'); None when the cache is off
    or would be inside the evidence folder, which decides nothing of its audit (nor of any
    other folder this process assesses)."""
    packs = cache_dir()
    if packs is None:
        return None
    try:
        _EVIDENCE.add(evidence.resolve())
    except (OSError, RuntimeError):
        return None
    folder = packs.parent / kind
    return None if _in_evidence(folder) else folder


def _in_evidence(folder: Path) -> bool:
    """Whether `folder` is inside an evidence folder this process assesses (or cannot tell)."""
    try:
        resolved = folder.resolve()
    except (OSError, RuntimeError):
        return True
    return any(resolved.is_relative_to(evidence) for evidence in _EVIDENCE)


# The libraries whose behaviour a kept pack or plan depends on (YAML's reading of a pack,
# jsonschema's judgement of it, the regex engine's of its patterns, the hooks): another release of
# any of them is a miss, never a plan made by the old one. Each is known by where its package
# file is and its size and time (cheap, and without importing what a run may never import; the
# packaging metadata takes longer to read than the plan it guards).
_JUDGES = ("yaml", "jsonschema", "regex", "pluggy", "pytest")


def _versions() -> str:
    import platform
    from importlib.util import find_spec

    found = [platform.python_implementation(), platform.python_version()]
    for name in _JUDGES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None else None
            stat = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            stat, origin = None, None
        found.append(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}=-")
    return ";".join(found)


@cache
def code_digest() -> str:
    """isocheck's version and the bytes of its modules and schemas, and the versions of the
    libraries that judge a pack with it (Python's included): what judges a pack."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{_versions()}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _entry(raw: bytes) -> Path | None:
    where = cache_dir()
    if where is None or _in_evidence(where):
        return None
    try:
        code = code_digest()
    except OSError:
        return None
    return where / f"{hashlib.sha256(raw).hexdigest()}-{code[:32]}.json"


class CachedPositions(Positions):
    """The places a valid pack's build reads; any other key parses the file again, once."""

    def __init__(self, path: str, marks: dict[PathKey, tuple[int, int]], full: FullParse) -> None:
        super().__init__(path, marks)
        self._full_parse = full
        self._full: Positions | None = None

    def at(self, key: PathKey) -> tuple[int | None, int | None]:
        if key in self.marks:
            return self.marks[key]
        return self.complete().at(key)

    def complete(self) -> Positions:
        if self._full is None:
            self._full = self._full_parse()
            self.sources = self._full.sources
        return self._full


FullParse = Callable[[], Positions]


def _kept(key: PathKey) -> bool:
    """The keys whose places a valid pack's build reads."""
    return len(key) <= 2 or (len(key) == 4 and key[0] == "rules" and key[2] == "checks")


def load(raw: bytes, path: str, full: FullParse) -> tuple[Any, Positions] | None:
    """A valid pack's data and positions, if these bytes were kept; else None."""
    entry = _entry(raw)
    if entry is None:
        return None
    try:
        kept = json.loads(entry.read_bytes())
        marks = {tuple(k): (line, column) for k, line, column in kept["marks"]}
        return kept["data"], CachedPositions(path, marks, full)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(raw: bytes, data: Any, positions: Positions) -> None:
    """Keep a pack that parsed and validated without a problem."""
    entry = _entry(raw)
    if entry is None:
        return
    marks = [[list(k), *place] for k, place in positions.marks.items() if _kept(k)]
    try:
        text = json.dumps({"data": data, "marks": marks}, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    write_entry(entry, text)


def write_entry(entry: Path, text: str) -> None:
    """Write a cache entry whole or not at all; one that cannot be written is simply not kept."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, entry)  # whole or not at all, whoever else writes it
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return
    prune(entry.parent)


MAX_ENTRIES = 256  # entries of one kind kept; the least recently written go first


def prune(folder: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove the oldest entries of a cache folder beyond `keep` (by time written), so that a
    cache used on many folders, packs and releases does not grow without end. An entry another
    process removes first is simply gone."""
    try:
        entries = [(p.stat().st_mtime_ns, p.name, p) for p in folder.glob("*.json")]
    except OSError:
        return
    if len(entries) <= keep:
        return
    entries.sort()
    for _, _, path in entries[: len(entries) - keep]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            continue
