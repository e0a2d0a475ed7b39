"""Work is done once: one walk of the folder, each evidence file parsed once, validators built once.

These count calls; they do not time anything (timings live in benchmarks/).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import isocheck
from isocheck.confined import ConfinedRoot
from isocheck.evidence import EvidenceIndex

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"


def test_one_walk_and_each_file_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[str] = []
    parses: Counter[str] = Counter()
    real_walk, real_parse = ConfinedRoot.walk, EvidenceIndex._parse

    def counting_walk(self: ConfinedRoot, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        walks.append(str(self.path))
        return real_walk(self, *args, **kwargs)  # type: ignore[arg-type]

    def counting_parse(self: EvidenceIndex, path: str, options: dict[str, object]):  # type: ignore[no-untyped-def]
        parses[path] += 1
        return real_parse(self, path, options)

    monkeypatch.setattr(ConfinedRoot, "walk", counting_walk)
    monkeypatch.setattr(EvidenceIndex, "_parse", counting_parse)
    assessment = isocheck.evaluate(EXAMPLE)
    assert len(walks) == 1
    assert parses, "nothing was parsed"
    assert max(parses.values()) == 1, parses.most_common(3)
    # Many rules read the same registers: far more reads than parses.
    assert len(assessment.findings) > 100 and len(parses) < 70


def test_schema_validators_are_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from isocheck.packcache import CACHE_ENV
    from isocheck.validation import validator

    monkeypatch.setenv(CACHE_ENV, "")  # every pack validated, not taken from the cache
    validator.cache_clear()
    isocheck.evaluate(EXAMPLE)
    isocheck.evaluate(EXAMPLE)
    info = validator.cache_info()
    assert info.misses == 2  # the pack schema and the profile schema, once each
    assert info.hits >= 2


def test_packs_validated_once_are_not_validated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from isocheck import packs
    from isocheck.packcache import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    checked: list[str] = []
    real = packs._checked

    def counting(path: Path, *args: object):  # type: ignore[no-untyped-def]
        checked.append(path.name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(packs, "_checked", counting)
    first = isocheck.evaluate(EXAMPLE)
    assert "hs-core.yaml" in checked and "iso9001-2015.yaml" in checked
    checked.clear()
    again = isocheck.evaluate(EXAMPLE)
    assert checked == []
    assert again.findings == first.findings


def test_evidence_is_resolved_once_per_definition_across_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sector scheme extending its standard reads the standard's registers: once, not twice."""
    folder = _with_sector(tmp_path)
    resolved: Counter[str] = Counter()
    real_resolve = EvidenceIndex.resolve

    def counting_resolve(self: EvidenceIndex, etype, *args, **kwargs):  # type: ignore[no-untyped-def]
        resolved[etype.name] += 1
        return real_resolve(self, etype, *args, **kwargs)

    monkeypatch.setattr(EvidenceIndex, "resolve", counting_resolve)
    assessment = isocheck.evaluate(folder)
    assert {f.pack for f in assessment.findings} >= {"iso9001-2015", "sector"}
    assert resolved and max(resolved.values()) == 1, resolved.most_common(3)


def _with_sector(tmp_path: Path, pack_extra: str = "") -> Path:
    """acme-qms with a sector scheme extending ISO 9001, assessed with it."""
    import shutil

    folder = tmp_path / "acme"
    shutil.copytree(EXAMPLE.parent / "acme-qms", folder)
    (folder / "sector.yaml").write_text(
        "format: isocheck/rulepack/v2\n"
        "pack: {id: sector, standard: sector, edition: '1', version: '1.0.0',\n"
        "       title: A sector scheme, extends: iso9001-2015}\n" + pack_extra,
        encoding="utf-8",
    )
    profile = folder / "isocheck.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("standards: [iso9001-2015]", "standards: [iso9001-2015, sector]")
    profile.write_text(text + "packs: [sector.yaml]\n", encoding="utf-8")
    return folder


def test_a_rule_checking_the_same_evidence_the_same_way_is_evaluated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sector scheme extending its standard repeats its rules: each is evaluated once, and
    reported under both standards alike."""
    from isocheck.checks import CheckContext

    folder = _with_sector(tmp_path)
    profile = folder / "isocheck.yaml"
    # The design exclusion made for every standard, so that the two report alike
    both = profile.read_text(encoding="utf-8").replace("    standard: iso9001-2015\n", "")
    alone = both.replace(", sector]", "]").replace("packs: [sector.yaml]\n", "")
    runs: Counter[str] = Counter()
    real_run = CheckContext.run

    def counting_run(self: CheckContext, spec: dict[str, object]) -> object:
        runs[repr(spec)] += 1
        return real_run(self, spec)

    monkeypatch.setattr(CheckContext, "run", counting_run)
    profile.write_text(alone, encoding="utf-8")
    isocheck.evaluate(folder)
    runs_alone = runs.copy()
    runs.clear()
    profile.write_text(both, encoding="utf-8")
    assessment = isocheck.evaluate(folder)
    by_pack: dict[str, dict[str, object]] = {"iso9001-2015": {}, "sector": {}}
    for f in assessment.findings:
        if f.pack in by_pack:
            by_pack[f.pack][f.rule] = (f.outcome, f.message, f.evidence, f.details, f.consulted)
    assert len(by_pack["sector"]) > 50 and by_pack["sector"] == by_pack["iso9001-2015"]
    assert runs and runs == runs_alone  # the scheme's rules added no check to run


def test_a_rule_reading_evidence_a_pack_defines_otherwise_is_evaluated_again(
    tmp_path: Path,
) -> None:
    """A scheme that looks for the calibration register elsewhere is not given its standard's
    result."""
    folder = _with_sector(
        tmp_path,
        "evidence:\n"
        "  calibration-register: {kind: table, title: Calibration register,\n"
        "                         locations: [nowhere/*.csv]}\n",
    )
    findings = {(f.pack, f.rule): f for f in isocheck.evaluate(folder).findings}
    base, sector = findings["iso9001-2015", "QMS-7.1.5-01"], findings["sector", "QMS-7.1.5-01"]
    assert base.outcome == "conform" and sector.outcome == "nonconform", sector.message


def test_the_evidence_is_kept_out_of_the_collectors_sight_for_the_session_only() -> None:
    import gc

    from isocheck.engine import plan

    assert gc.get_freeze_count() == 0
    with plan(EXAMPLE).session() as session:
        session.evaluate_all()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    # A process that froze objects of its own keeps them frozen, and isocheck freezes nothing
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with plan(EXAMPLE).session() as session:
            session.evaluate_all()
            assert 0 < gc.get_freeze_count() <= frozen  # freed ones leave, none are added
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_a_session_closed_without_thawing_stays_out_of_sight_until_thawed() -> None:
    """pytest collects garbage twice at the end of a run: what the session froze is not walked
    then, and the collector gets it back afterwards."""
    import gc

    from isocheck.engine import plan, thaw_heap

    assert gc.get_freeze_count() == 0
    session = plan(EXAMPLE).session()
    session.evaluate_all()
    session.close(thaw=False)
    try:
        assert gc.get_freeze_count() > 0
        assert not session._resolved  # the evidence itself is released all the same
    finally:
        thaw_heap()
    assert gc.get_freeze_count() == 0
    thaw_heap()  # a second call thaws nothing of anyone else's
    gc.freeze()
    try:
        thaw_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
