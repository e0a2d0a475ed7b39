"""A run's packs and planned rules, worked out once for the same inputs and kept by digest.

Collecting a thousand rules spent most of its time assembling the packs (extends, parameters,
clause maps), checking every rule's checks, then applying the profile's thresholds and phrases
and checking the checks again: the same work, with the same result, on every run of an
unchanged evidence folder. Once a plan is made without a problem, its packs and planned rules are
kept in the user's cache directory (isocheck.packcache says where) under the sha256 of all it
was made from: isocheck's code and version, its schemas, the bytes of every installed pack and of
the profile and the profile's own packs, the evidence folder's path, the stage and the standards
chosen. A change to any of them misses. The as-of date is the run's own: it decides nothing a plan
keeps (a waiver's expiry is judged when its rule is evaluated).

The profile is still read and checked on every run (it is small), and the profile's pack files
are still read the confined way, so every problem with them is found as before. Only what
isocheck wrote is read back, as JSON, into the model's frozen dataclasses: nothing in the cache
can run, and a plan is kept only if reading it back gives it exactly. An entry that cannot be
read, or whose bytes are not those written (it starts with their sha256), is not used, and the
plan is made afresh. A cache directory inside the evidence folder is never used: the organization
assessed must not decide what is assessed, and nothing is written into its folder. Plugins other
than isocheck's own may judge packs by code no digest sees: a run with one does not use the cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from isocheck import packcache
from isocheck.model import Exclusion, Profile, Rule, RulePack, Waiver
from isocheck.plugins import BUILTIN_PLUGINS, Host
from isocheck.resources import schemas_dir

_FORMAT = 1

# A planned rule as kept: its standard, its pack (an index into the packs), the rule as planned,
# and its exclusion and waiver (indexes into the profile's), or the exclusion it says is invalid.
Kept = tuple[str, int, Rule | None, int | None, int | None, int | None]


@dataclasses.dataclass(frozen=True)
class KeptPlan:
    """What a plan made of its inputs: the packs and the planned rules (`Kept`)."""

    packs: tuple[RulePack, ...]
    rules: tuple[Kept, ...]


def _digest_files(digest: Any, paths: Iterable[Path]) -> None:
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def key(
    host: Host,
    profile: Profile,
    pack_files: Sequence[tuple[Path, bytes]],
    stage: int | None,
    standards: Sequence[str],
) -> str | None:
    """The digest of everything a plan is made of, or None where no plan may be kept."""
    # Blocking a built-in plugin changes the plan (the certification cycle): the names count.
    names = sorted(name for name, plugin in host.pm.list_name_plugin() if plugin is not None)
    if set(names) - set(BUILTIN_PLUGINS) or _where(profile.root) is None:
        return None
    try:
        digest = hashlib.sha256(f"{_FORMAT}\0{packcache.code_digest()}".encode())
        _digest_files(digest, sorted(schemas_dir().glob("*.json")))
        for location in host.pack_locations:
            digest.update(b"\1")
            _digest_files(
                digest, sorted(location.glob("*.yaml")) if location.is_dir() else [location]
            )
    except OSError:
        return None
    choice: list[Any] = [names, str(profile.root), profile.path, profile.sha256]
    choice += [stage, list(standards)]  # not the as-of date: it decides nothing a plan keeps
    digest.update(json.dumps(choice).encode())
    for path, raw in pack_files:
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _where(evidence: Path) -> Path | None:
    return packcache.kept_folder("plans", Path(evidence))


def load(digest: str, root: Path) -> KeptPlan | None:
    """The plan kept under `digest`, or None (none kept, or it cannot be read)."""
    folder = _where(root)
    if folder is None:
        return None
    try:
        check, _, text = (folder / f"{digest}.json").read_bytes().partition(b"\n")
        if check.decode() != hashlib.sha256(text).hexdigest():
            return None  # damaged since it was written
        data = json.loads(text)
        if data.get("format") != _FORMAT:
            return None
        kept = _decode(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return kept if isinstance(kept, KeptPlan) else None


def store(digest: str, root: Path, plan: KeptPlan) -> None:
    """Keep a plan, if reading it back gives it exactly."""
    folder = _where(root)
    if folder is None:
        return
    try:
        text = json.dumps({"format": _FORMAT, **_Encoder().plan(plan)}, separators=(",", ":"))
        if _decode(json.loads(text)) != plan:
            return
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return
    # The sha256 of the JSON on the first line: a plan damaged on disk is never read as one.
    check = hashlib.sha256(text.encode()).hexdigest()
    packcache.write_entry(folder / f"{digest}.json", f"{check}\n{text}")


def kept_rules(
    planned: Iterable[tuple[str, RulePack, Rule | None, Any, Any, Any]],
    packs: Sequence[RulePack],
    profile: Profile,
) -> tuple[Kept, ...]:
    """Planned rules as kept: packs, exclusions and waivers by their place in the plan's and the
    profile's lists."""

    def place(value: Exclusion | Waiver | None, among: Sequence[Any]) -> int | None:
        if value is None:
            return None
        return next(i for i, other in enumerate(among) if other is value)

    return tuple(
        (
            standard,
            next(i for i, other in enumerate(packs) if other is pack),
            rule,
            place(exclusion, profile.exclusions),
            place(waiver, profile.waivers),
            place(invalid, profile.exclusions),
        )
        for standard, pack, rule, exclusion, waiver, invalid in planned
    )


# -- JSON, by the model's type hints ---------------------------------------------------------------
#
# Every model object is kept once, in a table of objects, each after the objects it holds: the
# packs of a run share most of their rules (the standards' shared core), and a planned rule most
# of its pack's rule (its examples, its checks). An object is a list of its fields' values, a
# model object among them its place in the table. Only the dataclasses of the plan's own type
# hints are ever made, by the names kept beside the table.


class _Encoder:
    def __init__(self) -> None:
        self.table: list[Any] = []
        self.places: dict[str, int] = {}  # an object as kept -> its place in the table
        self.seen: dict[int, int] = {}  # id() of an object of the plan -> its place
        self.kinds: dict[str, int] = {}

    def plan(self, plan: KeptPlan) -> dict[str, Any]:
        packs = [self.object(p) for p in plan.packs]
        write = _codec(Kept)[1]
        rules = [write(r, self) for r in plan.rules]
        return {"kinds": list(self.kinds), "table": self.table, "packs": packs, "rules": rules}

    def object(self, value: Any) -> int:
        """The place of a model object in the table, kept there once."""
        place = self.seen.get(id(value))
        if place is not None:
            return place
        cls = type(value)
        if _KINDS.get(cls.__name__) is not cls:
            raise TypeError(f"{cls.__name__} is not kept")
        kind = self.kinds.setdefault(cls.__name__, len(self.kinds))
        entry = [kind, *(write(getattr(value, name), self) for name, (_, write) in _FIELDS[cls])]
        text = json.dumps(entry)  # TypeError for what JSON cannot hold
        place = self.places.get(text)
        if place is None:
            place = self.places[text] = len(self.table)
            self.table.append(entry)
        self.seen[id(value)] = place
        return place


_Read = Callable[[Any, list[Any]], Any]
_Write = Callable[[Any, _Encoder], Any]
_Codec = tuple[_Read, _Write]
_CODECS: dict[Any, _Codec] = {}
_KINDS: dict[str, type] = {}  # the dataclasses a kept plan holds, by name
_FIELDS: dict[type, list[tuple[str, _Codec]]] = {}  # how each one's fields are kept
_READ_BACK: dict[type, list[tuple[int, _Read]]] = {}  # the fields not read back as they are


def _decode(data: dict[str, Any]) -> KeptPlan:
    kinds = [_KINDS[name] for name in data["kinds"]]
    table: list[Any] = []
    for kind, *values in data["table"]:
        cls = kinds[kind]
        if len(values) != len(_FIELDS[cls]):
            raise ValueError(f"{cls.__name__} kept with other fields")
        for i, read in _READ_BACK[cls]:  # the fields JSON does not hold as they are
            values[i] = read(values[i], table)
        table.append(cls(*values))
    packs = tuple(_object(table, RulePack, i) for i in data["packs"])
    read = _codec(Kept)[0]
    return KeptPlan(packs, tuple(read(r, table) for r in data["rules"]))


def _object(table: list[Any], cls: type, place: Any) -> Any:
    found = table[place]
    if type(found) is not cls:
        raise TypeError(f"a {cls.__name__} was kept as something else")
    return found


def _same(value: Any, _context: Any) -> Any:
    return value


_SAME: _Codec = (_same, _same)


def _codec(hint: Any) -> _Codec:
    """How a value of type `hint` is kept and read back, worked out once per type."""
    found = _CODECS.get(hint)
    if found is None:
        found = _CODECS[hint] = _make_codec(hint)
    return found


def _make_codec(hint: Any) -> _Codec:
    if hint in (str, int, float, bool, Any, type(None)):
        return _SAME  # JSON holds them as they are (and a tuple as a list, read back by its hint)
    if hint is dt.date:
        return (lambda v, _t: dt.date.fromisoformat(v)), (lambda v, _e: v.isoformat())
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _learn(hint)
        return (lambda v, t: _object(t, hint, v)), (lambda v, e: e.object(v))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return _SAME
    if origin in (typing.Union, types.UnionType):
        members = [_codec(a) for a in args if a is not type(None)]
        if all(m is _SAME for m in members):
            return _SAME
        if len(members) != 1:
            raise TypeError(f"no way to keep {hint}")
        ((read, write),) = members
        return (
            (lambda v, t: None if v is None else read(v, t)),
            (lambda v, e: None if v is None else write(v, e)),
        )
    if origin is tuple:
        items = [_codec(a) for a in args if a is not Ellipsis]
        return _tuple(items, len(args) == 2 and args[1] is Ellipsis)
    if origin is dict:
        read, write = _codec(args[1])
        return (
            (lambda v, _t: _mapping(v))
            if read is _same
            else (lambda v, t: {k: read(x, t) for k, x in _mapping(v).items()}),
            _same if write is _same else (lambda v, e: {k: write(x, e) for k, x in v.items()}),
        )
    raise TypeError(f"no way to keep {hint}")


def _tuple(items: list[_Codec], repeated: bool) -> _Codec:
    """A tuple of any length of one type (`repeated`), or of one type per place."""
    if repeated:
        ((read, write),) = items
        return (
            lambda v, t: tuple(read(x, t) for x in _list(v)),
            _same if write is _same else (lambda v, e: [write(x, e) for x in v]),
        )
    return (
        lambda v, t: tuple(r(x, t) for (r, _), x in zip(items, _list(v), strict=True)),
        lambda v, e: [w(x, e) for (_, w), x in zip(items, v, strict=True)],
    )


def _learn(cls: type) -> None:
    if cls in _FIELDS:
        return
    _KINDS[cls.__name__] = cls
    _FIELDS[cls] = []
    hints = typing.get_type_hints(cls)
    _FIELDS[cls] = [(f.name, _codec(hints[f.name])) for f in dataclasses.fields(cls)]
    _READ_BACK[cls] = [
        (i, read) for i, (_, (read, _)) in enumerate(_FIELDS[cls]) if read is not _same
    ]


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("a list was kept as something else")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("a mapping was kept as something else")
    return value


_codec(KeptPlan)  # every kind a kept plan holds, learnt once
