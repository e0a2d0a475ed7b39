"""Plans kept by digest: the same inputs give the same plan without assembling a pack, any change
to them plans afresh, and a cache that cannot be trusted or read is not used. An unchanged
profile is not validated again either."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import mini_files, write_tree

from isocheck import engine, packs, plancache
from isocheck import profile as profile_module
from isocheck.engine import Plan, plan
from isocheck.errors import InputError
from isocheck.hookspecs import hookimpl
from isocheck.packcache import CACHE_ENV
from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)

# A waiver, an exclusion that holds and one that may not be made: every kind of planned rule.
PROFILE = mini_files()["isocheck.yaml"] + (
    '  - {clause: "7.1.5", justification: We would rather not calibrate anything.}\n'
    "waivers:\n"
    "  - {rule: M-9.2-02, reason: Audit booked, approver: Q. Director, expires: 2026-12-31,"
    " corrective_action: CA-7}\n"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / "plans"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "evidence", mini_files(**{"isocheck.yaml": PROFILE}))


@pytest.fixture
def assembled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the packs assembled from their files, as they are assembled."""
    built: list[str] = []
    real = packs._assemble

    def counting(layers: list[packs.PackFile], host: packs.PackSources) -> object:
        built.append(layers[-1].id)
        return real(layers, host)

    monkeypatch.setattr(packs, "_assemble", counting)
    return built


def _same(kept: Plan, fresh: Plan) -> None:
    assert kept.packs == fresh.packs
    assert kept.rules == fresh.rules
    assert kept.phrases == fresh.phrases
    assert (kept.profile, kept.positions.marks, kept.as_of, kept.stage) == (
        fresh.profile,
        fresh.positions.marks,
        fresh.as_of,
        fresh.stage,
    )
    assert [f.to_dict() for f in kept.evaluate_all()] == [f.to_dict() for f in fresh.evaluate_all()]


def test_the_same_inputs_give_the_same_plan_without_assembling_a_pack(
    folder: Path, cache: Path, assembled: list[str]
) -> None:
    fresh = plan(folder, host=HOST)
    assert assembled == ["mini"]
    assert len(list(cache.iterdir())) == 1
    kept = plan(folder, host=HOST)
    assert assembled == ["mini"]  # not again
    _same(kept, fresh)
    outcomes = {p.rule.id: p for p in kept.rules}
    assert outcomes["exclusion-7.1.5"].synthetic is not None
    assert outcomes["M-8.3-01"].exclusion is kept.profile.exclusions[0]
    assert outcomes["M-9.2-02"].waiver is kept.profile.waivers[0]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"isocheck.yaml": PROFILE + "# a comment\n"}, id="profile"),
        pytest.param(
            {"packs/mini.yaml": mini_files()["packs/mini.yaml"] + "# a comment\n"}, id="pack"
        ),
    ],
)
def test_a_changed_profile_or_pack_is_planned_afresh(
    folder: Path, cache: Path, assembled: list[str], change: dict[str, str]
) -> None:
    plan(folder, host=HOST)
    write_tree(folder, change)
    changed = plan(folder, host=HOST)
    assert assembled == ["mini", "mini"]
    assert len(list(cache.iterdir())) == 2
    _same(changed, engine._plan_anew(*_inputs(folder)))


def _inputs(folder: Path) -> tuple[object, ...]:
    profile, positions = engine.load_profile(folder)
    files = engine._read_packs(profile.root, profile.packs, positions, [])
    return profile, positions, list(files), None, None, [], HOST


def test_the_stage_and_standards_chosen_are_part_of_the_digest_and_the_date_is_the_runs(
    folder: Path, cache: Path
) -> None:
    whole = plan(folder, host=HOST)
    stage1 = plan(folder, host=HOST, stage=1)
    later = plan(folder, host=HOST, as_of=whole.as_of.replace(year=2027))
    assert [p.rule.id for p in stage1.rules] == ["exclusion-7.1.5", "M-5.2-01"]
    assert later.as_of.year == 2027 and later.rules == whole.rules
    profile, positions, files, _, stage, wanted, host = _inputs(folder)
    _same(later, engine._plan_anew(profile, positions, files, later.as_of, stage, wanted, host))
    expired = {f.rule: f for f in later.evaluate_all()}["M-9.2-02"]  # its waiver ran out in 2026
    assert expired.outcome == "nonconform" and "waiver expired" in expired.message
    assert plan(folder, host=HOST, standards=["mini"]).rules == whole.rules
    assert len(list(cache.iterdir())) == 3  # the later run read the whole one's plan


def test_a_changed_installed_pack_misses(folder: Path, cache: Path, tmp_path: Path) -> None:
    installed = tmp_path / "installed"
    installed.mkdir()
    (installed / "other.yaml").write_text("a: 1\n", encoding="utf-8")
    host = dataclasses.replace(HOST, pack_locations=(*HOST.pack_locations, installed))
    profile, positions = engine.load_profile(folder)
    files = [
        (f.path, f.data) for f in engine._read_packs(profile.root, profile.packs, positions, [])
    ]
    before = plancache.key(host, profile, files, None, [])
    (installed / "other.yaml").write_text("a: 2\n", encoding="utf-8")
    after = plancache.key(host, profile, files, None, [])
    assert before is not None and after is not None and before != after


def _signed(text: str) -> bytes:
    return f"{hashlib.sha256(text.encode()).hexdigest()}\n{text}".encode()


def _damaged(entry: Path) -> bytes:
    data = entry.read_bytes()
    return data.replace(b'"M-5.2-01"', b'"M-5.2-02"')  # its sha256 left as it was


@pytest.mark.parametrize(
    "content",
    [
        lambda entry: b"{not json",
        lambda entry: _signed("{not json"),
        lambda entry: _signed("[]"),
        lambda entry: _signed('{"format": 1}'),
        lambda entry: _signed(
            json.dumps({"format": 1, "kinds": ["Popen"], "table": [[0]], "packs": [0]})
        ),
        lambda entry: _signed(
            json.dumps({"format": 1, "kinds": ["Rule"], "table": [[0, "too few"]], "packs": [0]})
        ),
        lambda entry: _signed(
            json.dumps(
                {
                    "format": 1,
                    "kinds": ["Clause"],
                    "table": [[0, "1", "x", False]],
                    "packs": [0],
                    "rules": [],
                }
            )
        ),
        _damaged,
    ],
    ids=[
        "unsigned",
        "not-json",
        "not-an-object",
        "no-plan",
        "unknown-kind",
        "other-fields",
        "not-a-pack",
        "damaged",
    ],
)
def test_a_corrupt_cache_entry_is_ignored_and_replaced(
    folder: Path, cache: Path, assembled: list[str], content: Callable[[Path], bytes]
) -> None:
    fresh = plan(folder, host=HOST)
    (entry,) = cache.iterdir()
    entry.write_bytes(content(entry))
    assert plancache.load(entry.stem, folder) is None
    again = plan(folder, host=HOST)
    assert assembled == ["mini", "mini"]
    _same(again, fresh)
    assert plancache.load(entry.stem, folder) is not None  # replaced by a good one


def test_an_unreadable_cache_is_not_used(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, assembled: list[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocked))  # a file where the cache folder would be
    fresh = plan(folder, host=HOST)
    _same(plan(folder, host=HOST), fresh)
    assert assembled == ["mini", "mini"]


def test_no_cache_when_it_is_turned_off(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, assembled: list[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    plan(folder, host=HOST)
    plan(folder, host=HOST)
    assert assembled == ["mini", "mini"]


def test_never_a_cache_inside_the_evidence_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch, assembled: list[str]
) -> None:
    before = sorted(p for p in folder.rglob("*") if "cache" not in p.parts)
    monkeypatch.setenv(CACHE_ENV, str(folder / "cache"))
    plan(folder, host=HOST)
    plan(folder, host=HOST)
    assert assembled == ["mini", "mini"]
    assert not (folder / "cache").exists()  # nor the packs' cache: nothing is written into it
    assert sorted(p for p in folder.rglob("*") if "cache" not in p.parts) == before


class _Plugin:
    @hookimpl
    def isocheck_assessed_packs(self) -> list[str]:
        return []


def test_a_run_with_another_plugin_plans_afresh(
    folder: Path, cache: Path, assembled: list[str]
) -> None:
    host = make_host(load_entry_points=False, extra=(_Plugin(),))
    plan(folder, host=host)
    plan(folder, host=host)
    assert assembled == ["mini", "mini"]
    assert not cache.exists()


def test_a_plan_that_json_cannot_hold_exactly_is_not_kept(folder: Path, cache: Path) -> None:
    fresh = plan(folder, host=HOST)
    planned = next(p for p in fresh.rules if p.rule.checks)
    check = dataclasses.replace(planned.rule.checks[0], params=("a", "tuple"))  # read as a list
    odd = dataclasses.replace(planned, rule=dataclasses.replace(planned.rule, checks=(check,)))
    plancache.store("0" * 64, folder, engine._to_kept(dataclasses.replace(fresh, rules=(odd,))))
    assert not (cache / f"{'0' * 64}.json").exists()
    plancache.store("1" * 64, folder, engine._to_kept(fresh))
    assert (cache / f"{'1' * 64}.json").exists()


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The schemas data is validated against, as it is validated."""
    names: list[str] = []
    real = profile_module.schema_problems

    def counting(name: str, *args: object) -> object:
        names.append(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(profile_module, "schema_problems", counting)
    return names


def test_an_unchanged_profile_is_validated_once(
    folder: Path, cache: Path, validated: list[str]
) -> None:
    first = engine.load_profile(folder)
    assert validated == ["profile.schema.json"]
    assert engine.load_profile(folder) == first
    assert validated == ["profile.schema.json"]
    write_tree(folder, {"isocheck.yaml": PROFILE + "# a comment\n"})
    engine.load_profile(folder)
    assert validated == ["profile.schema.json"] * 2


def test_a_profile_with_a_problem_is_reported_every_time(
    folder: Path, cache: Path, validated: list[str]
) -> None:
    write_tree(folder, {"isocheck.yaml": PROFILE.replace("scope:", "scop:")})
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            engine.load_profile(folder)
        messages.append([str(p) for p in caught.value.problems])
    assert messages[0] == messages[1] and messages[0]
    assert validated == ["profile.schema.json"] * 2
    assert not (cache.parent / "profiles").exists()


def test_no_profile_mark_inside_the_evidence_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch, validated: list[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(folder / "cache"))
    engine.load_profile(folder)
    engine.load_profile(folder)
    assert validated == ["profile.schema.json"] * 2
    assert not (folder / "cache").exists()


WHAT_IS_IMPORTED = """
import sys
from pathlib import Path
from isocheck.engine import plan
plan(Path(sys.argv[1]))
print(sorted(m for m in ("jsonschema", "tabulate") if m in sys.modules))
"""


def test_a_plan_read_back_imports_no_validator(folder: Path, cache: Path) -> None:
    def imported() -> str:
        return subprocess.run(
            [sys.executable, "-c", WHAT_IS_IMPORTED, str(folder)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, CACHE_ENV: str(cache.parent)},
        ).stdout.strip()

    assert imported() == "['jsonschema']"  # planned afresh: packs and profile validated
    assert imported() == "[]"
