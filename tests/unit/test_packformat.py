"""The v2 pack format as a pack author writes it: a rule's evidence said once, named selectors,
checks of every item that fail on missing evidence unless they allow it, message templates; and
v1 packs, which still load and mean what they meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import MINI_PACK, PROFILE, write_tree

import isocheck
from isocheck.errors import InputError
from isocheck.model import fill_template, template_problems

V2_PACK = """\
format: isocheck/rulepack/v2
pack: {id: mini, standard: mini, edition: "1", version: "0.1", title: Mini standard}
selectors:
  in-use: {status: {in: [in use, in service]}}
  open: {closed_on: {present: false}}
clauses:
  - {id: "7.1.5", title: Monitoring resources}
  - {id: "10.2", title: Nonconformity}
evidence:
  calibration:
    kind: table
    title: Calibration register
    locations: ["registers/calibration.csv"]
  ncs:
    kind: table
    title: Nonconformity register
    locations: ["registers/ncs.csv"]
rules:
  - id: CAL-01
    clauses: ["7.1.5"]
    title: Instruments in use are calibrated and identified
    severity: minor
    stage: 2
    evidence: calibration
    message: "An instrument in use is not calibrated: {violation}"
    checks:
      - records: {where: in-use, require: {next_due: {on_or_after: as_of}}}
      - unique: {column: instrument}
  - id: NC-01
    clauses: ["10.2"]
    title: Open nonconformities have an owner
    severity: minor
    stage: 2
    checks:
      - records: {evidence: ncs, where: open, require: {owner: {present: true}}, allow_empty: true}
"""

PROFILE_V2 = PROFILE.split("exclusions:")[0]  # the mini profile, without its 8.3 exclusion


def evaluate(tmp_path: Path, pack: str, **files: str) -> dict[str, isocheck.Finding]:
    folder = write_tree(
        tmp_path / "ev",
        {
            "isocheck.yaml": PROFILE_V2,
            "packs/mini.yaml": pack,
            **files,
        },
    )
    return {f.rule: f for f in isocheck.evaluate(folder).findings}


def test_a_v2_rule_says_its_evidence_once_and_names_selectors(tmp_path: Path) -> None:
    found = evaluate(
        tmp_path,
        V2_PACK,
        **{
            "registers/calibration.csv": (
                "instrument,status,next_due\n"
                "G-01,in use,2027-01-01\n"
                "G-02,in service,2026-03-01\n"
                "G-03,retired,2020-01-01\n"
            ),
            "registers/ncs.csv": "id,closed_on,owner\nNC-1,2026-01-02,\nNC-2,,Ann\n",
        },
    )
    cal = found["CAL-01"]
    assert cal.outcome == "nonconform"
    # The template leads; the violation fills it; the selector chose G-02 ("in service") only.
    assert cal.message.startswith("An instrument in use is not calibrated: registers/calib")
    assert "G-02" in cal.message and all("G-03" not in d for d in cal.details)
    assert found["NC-01"].outcome == "conform"  # NC-1 is closed: the selector left it out


def test_a_check_of_every_item_fails_on_missing_evidence_unless_it_allows_it(
    tmp_path: Path,
) -> None:
    found = evaluate(tmp_path, V2_PACK)
    cal = found["CAL-01"]
    assert cal.outcome == "nonconform"
    # Both checks report the same missing register; the rule says it once.
    assert cal.details == ("no Calibration register found (looked in: registers/calibration.csv)",)
    # allow_empty: true: no failure, and no conformity on no record either
    assert found["NC-01"].outcome == "not-applicable"
    assert "nothing to assess" in found["NC-01"].message


def test_items_that_exist_but_do_not_match_are_not_missing_evidence(tmp_path: Path) -> None:
    found = evaluate(
        tmp_path,
        V2_PACK,
        **{"registers/calibration.csv": "instrument,status,next_due\nG-03,retired,2020-01-01\n"},
    )
    assert found["CAL-01"].outcome == "conform"


def test_a_v1_pack_still_loads_and_a_check_of_every_item_does_not_fail_on_none(
    tmp_path: Path,
) -> None:
    # The mini pack is v1: its records check on calibration does not fail when the register is
    # missing; with no record at all there is nothing to assess.
    folder = write_tree(
        tmp_path / "ev",
        {"isocheck.yaml": PROFILE, "packs/mini.yaml": MINI_PACK},
    )
    found = {f.rule: f for f in isocheck.evaluate(folder).findings}
    assert found["M-7.1.5-01"].outcome == "not-applicable"
    assert found["M-9.2-02"].outcome == "not-applicable"


def problems(tmp_path: Path, pack: str) -> list[str]:
    folder = write_tree(
        tmp_path / "bad",
        {"isocheck.yaml": PROFILE_V2, "packs/mini.yaml": pack},
    )
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    return [str(p) for p in info.value.problems]


def test_an_unknown_selector_is_named_with_its_line(tmp_path: Path) -> None:
    (p,) = problems(tmp_path, V2_PACK.replace("where: in-use", "where: in-usee"))
    assert "packs/mini.yaml:27:26: rule CAL-01: unknown selector 'in-usee'" in p
    assert "$.rules[0].checks[0].records.where" in p and "selectors (in-use, open)" in p


def test_a_check_without_evidence_in_a_rule_without_one_is_an_error(tmp_path: Path) -> None:
    found = problems(tmp_path, V2_PACK.replace("    evidence: calibration\n", ""))
    assert len(found) == 2  # one for each check of the rule
    assert all("rule CAL-01" in p and "in the rule's evidence: (format v2)" in p for p in found)


def test_a_rule_evidence_that_is_no_evidence_type_is_an_error(tmp_path: Path) -> None:
    found = problems(tmp_path, V2_PACK.replace("evidence: calibration\n", "evidence: calib\n"))
    assert any("rule CAL-01: unknown evidence type 'calib'" in p for p in found)


def test_v2_words_in_a_v1_pack_are_refused_with_the_way_out(tmp_path: Path) -> None:
    found = problems(tmp_path, V2_PACK.replace("rulepack/v2", "rulepack/v1"))
    assert any("selectors: needs format isocheck/rulepack/v2" in p for p in found)
    assert any("a rule's evidence: needs format" in p and "isocheck migrate" in p for p in found)


def test_a_selector_cannot_name_another(tmp_path: Path) -> None:
    found = problems(
        tmp_path, V2_PACK.replace("open: {closed_on: {present: false}}", "open: {not: in-use}")
    )
    assert any("selector 'open' names selector 'in-use'" in p for p in found)


@pytest.mark.parametrize(
    ("template", "wrong"),
    [
        ("{violation}", []),
        ("{count} problems, first: {violation}", []),
        ("braces {{ stay }} and ${days} is the pack's", []),
        ("{violation.__class__}", ["unknown name {violation.__class__}"]),
        ("{0}", ["unknown name {0}"]),
        ("a lone { brace", ["a lone '{' at character 8"]),
    ],
)
def test_message_templates_name_only_what_a_rule_offers(template: str, wrong: list[str]) -> None:
    assert template_problems(template) == wrong


def test_a_template_is_filled_by_name_only() -> None:
    values = {"violation": "{count} x", "count": "2"}
    # A filled-in value is not read again as a template: evidence text stays as it is.
    assert fill_template("{violation} ({count}) {{ok}}", values) == "{count} x (2) {ok}"


def test_a_bad_template_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, V2_PACK.replace('{violation}"', '{violation!r}"'))
    assert any(":25:14: rule CAL-01: message: unknown name {violation!r}" in p for p in found)


def test_an_unquoted_yes_compared_in_a_condition_is_an_error_with_the_fix(tmp_path: Path) -> None:
    pack = V2_PACK.replace(
        "require: {owner: {present: true}}, allow_empty: true",
        'require: {escalated: {in: ["no", off]}, owner: {equals: yes}}, allow_empty: true',
    )
    found = problems(tmp_path, pack)
    assert [p.split(": ", 1)[1] for p in found] == [
        "YAML reads the unquoted off as false, which no cell saying 'off' equals "
        "(at $.rules[1].checks[0].records.require.escalated.in[1]); quote it: 'off'",
        "YAML reads the unquoted yes as true, which no cell saying 'yes' equals "
        "(at $.rules[1].checks[0].records.require.owner.equals); quote it: 'yes'",
    ]


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        ("alongside: calib", "alongside names unknown evidence type 'calib'"),
        (
            "within: {evidence: procedures, says: [calibration]}",
            "within names unknown evidence type 'procedures'",
        ),
    ],
)
def test_an_evidence_type_kept_with_an_unknown_one_is_an_error(
    tmp_path: Path, declared: str, said: str
) -> None:
    pack = V2_PACK.replace(
        "  calibration:\n    kind: table\n",
        f"  calibration:\n    kind: table\n    {declared}\n",
        1,
    )
    found = problems(tmp_path, pack)
    assert any(f"evidence type calibration: {said}" in p for p in found), found


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        (
            "    headers: {next_date: [Nächste Kalibrierung], status: [Zustand]}\n",
            "evidence type calibration: headers names 'next_date', which is none of its columns "
            "or fields; did you mean 'next_due'? (at $.evidence.calibration.headers.next_date); "
            "its columns and fields: instrument_id, status, next_due",
        ),
        (
            "    read_with: {status: [next_date]}\n",
            "evidence type calibration: read_with names 'next_date', which is none of its "
            "columns; did you mean 'next_due'? (at $.evidence.calibration.read_with); its "
            "columns: instrument_id, status, next_due",
        ),
    ],
)
def test_an_evidence_type_naming_a_column_it_does_not_have_is_an_error(
    tmp_path: Path, declared: str, said: str
) -> None:
    pack = V2_PACK.replace(
        '    locations: ["registers/calibration.csv"]\n',
        '    locations: ["registers/calibration.csv"]\n'
        "    columns: [instrument_id, status, next_due]\n" + declared,
        1,
    )
    found = problems(tmp_path, pack)
    assert [p.split(": ", 1)[1] for p in found] == [said]
