"""Every bad profile (isocheck.yaml) gives one clear error naming file, line and fix (no
traceback).

Bad rule packs: tests/unit/test_packs.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import mini_files, write_tree

import isocheck
from isocheck.errors import InputError


def problems_for(tmp_path: Path, **overrides: str) -> list[str]:
    folder = write_tree(tmp_path / "ev", mini_files(**overrides))
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    return [str(p) for p in info.value.problems]


def profile_problems(tmp_path: Path, extra: str, old: str = "", new: str = "") -> list[str]:
    profile = mini_files()["isocheck.yaml"]
    if old:
        assert old in profile, old
        profile = profile.replace(old, new)
    return problems_for(tmp_path, **{"isocheck.yaml": profile + extra})


def test_profile_unknown_standard(tmp_path: Path) -> None:
    (p,) = profile_problems(tmp_path, "", "standards: [mini]", "standards: [mini, iso9999-2030]")
    assert p.startswith(str(tmp_path / "ev" / "isocheck.yaml") + ":4:19:")
    assert "unknown standard 'iso9999-2030' (at $.standards[1]); installed: " in p


@pytest.mark.parametrize("glob", ["../outside/*.csv", "/etc/passwd", "a/../../b.csv"])
def test_mapping_glob_leaving_the_folder(tmp_path: Path, glob: str) -> None:
    (p,) = profile_problems(tmp_path, f'evidence:\n  calibration:\n    locations: ["{glob}"]\n')
    assert ":11:" in p and "leaves the evidence folder" in p
    assert "use a path relative to the evidence folder" in p


def test_a_workbooks_sheet_and_header_row_are_read_from_the_mapping(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        "evidence:\n  calibration: {sheet: Gauges, header_row: 3}\n  audits: {sheet: 2}\n"
    )
    folder = write_tree(tmp_path / "ev", mini_files(**{"isocheck.yaml": profile}))
    evidence = isocheck.plan(folder).profile.evidence
    assert evidence["calibration"].reading() == {"sheet": "Gauges", "header_row": 3}
    assert evidence["audits"].reading() == {"sheet": 2}


@pytest.mark.parametrize(
    ("option", "where"),
    [("sheet: 0", "sheet"), ('sheet: ""', "sheet"), ("header_row: 0", "header_row")],
)
def test_a_sheet_or_header_row_that_names_nothing(tmp_path: Path, option: str, where: str) -> None:
    (p,) = profile_problems(tmp_path, f"evidence:\n  calibration: {{{option}}}\n")
    assert f"(at $.evidence.calibration.{where})" in p


def test_waiver_for_unknown_rule(tmp_path: Path) -> None:
    extra = "waivers:\n  - {rule: M-1.1-99, reason: x, approver: Q, expires: 2027-01-01}\n"
    (p,) = profile_problems(tmp_path, extra)
    assert ":10:" in p and "waiver for unknown rule 'M-1.1-99'" in p


@pytest.mark.parametrize(
    ("waiver", "needle"),
    [
        ("{rule: M-5.2-01, reason: x, expires: 2027-01-01}", "; name who approved the waiver"),
        ("{rule: M-5.2-01, reason: x, approver: Q}", "; give the waiver an expiry date"),
    ],
)
def test_waiver_without_approver_or_expiry(tmp_path: Path, waiver: str, needle: str) -> None:
    (p,) = profile_problems(tmp_path, f"waivers:\n  - {waiver}\n")
    assert ":10:" in p and "(at $.waivers[0])" in p and needle in p


def test_exclusion_without_justification(tmp_path: Path) -> None:
    (p,) = profile_problems(
        tmp_path,
        "",
        '  - {clause: "8.3", justification: We build to customer drawings only.}',
        '  - {clause: "8.3"}',
    )
    assert ":8:" in p and "(at $.exclusions[0])" in p
    assert "say why the clause does not apply" in p


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    extra = (
        "waivers:\n  - {rule: M-5.2-01, reason: x}\n"
        'evidence:\n  calibration:\n    locations: ["/abs"]\n'
    )
    found = profile_problems(tmp_path, extra)
    assert len(found) == 3  # approver, expires, and the absolute glob


def test_profile_missing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no profile: the evidence folder has no isocheck\.yaml"):
        isocheck.plan(tmp_path / "empty")


def test_limits_are_lowered_freely_and_raised_only_to_their_ceiling(tmp_path: Path) -> None:
    import json

    from isocheck.model import LIMIT_CEILINGS, Limits

    schema = json.loads((Path(__file__).parents[2] / "schemas" / "profile.schema.json").read_text())
    limits = schema["properties"]["limits"]["properties"]
    assert {name: spec["maximum"] for name, spec in limits.items()} == LIMIT_CEILINGS
    assert all(getattr(Limits(), name) <= top for name, top in LIMIT_CEILINGS.items())
    folder = write_tree(
        tmp_path / "low",
        mini_files(**{"isocheck.yaml": mini_files()["isocheck.yaml"] + "limits: {max_rows: 10}\n"}),
    )
    assert isocheck.plan(folder).profile.limits.max_rows == 10
    (p,) = profile_problems(tmp_path, "limits: {max_yaml_nodes: 1000000000000000}\n")
    assert ":9:" in p
    assert "1000000000000000 is out of bounds: max_yaml_nodes may be at most 2,000,000" in p


def test_an_empty_profile_and_a_yes_no_value_are_said_in_the_files_own_words(
    tmp_path: Path,
) -> None:
    (p,) = problems_for(tmp_path, **{"isocheck.yaml": ""})
    assert "the file is empty, where a mapping (key: value lines) is expected" in p
    assert "start from `isocheck init`" in p
    (p,) = profile_problems(tmp_path, "limits: {max_rows: no}\n")
    assert ":9:20: no is a yes/no value, where a whole number is expected" in p
    assert p.endswith("write a whole number")


@pytest.mark.parametrize(
    ("glob", "why"),
    [
        ("registers/[z-a].csv", "the range z-a in '[z-a]' runs backwards"),
        ("registers/[].csv", "the character class '[]' holds no character"),
    ],
)
def test_a_location_that_is_no_pattern_is_a_profile_error_with_its_line(
    tmp_path: Path, glob: str, why: str
) -> None:
    (p,) = profile_problems(tmp_path, f'evidence:\n  calibration:\n    locations: ["{glob}"]\n')
    assert f"isocheck.yaml:11:17: {why}" in p
    assert "write a pattern such as 'registers/*.csv'" in p


def test_a_pack_location_that_is_no_pattern_is_a_pack_error_with_its_line(tmp_path: Path) -> None:
    pack = mini_files()["packs/mini.yaml"].replace(
        'locations: ["registers/calibration.csv"]', 'locations: ["registers/[9-0].csv"]'
    )
    (p,) = problems_for(tmp_path, **{"packs/mini.yaml": pack})
    assert "mini.yaml:" in p and "the range 9-0 in '[9-0]' runs backwards" in p


SITES = """sites:
  - {id: hq, name: Head office, central: true, paths: ["head-office/**"]}
  - {id: plant-a, name: Plant A, paths: ["sites/plant-a/**"]}
"""


def test_sites_are_read_in_the_profiles_order(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + SITES
    folder = write_tree(tmp_path / "ev", mini_files(**{"isocheck.yaml": profile}))
    sites = isocheck.plan(folder).profile.sites
    assert [(s.id, s.name, s.central, s.paths) for s in sites] == [
        ("hq", "Head office", True, ("head-office/**",)),
        ("plant-a", "Plant A", False, ("sites/plant-a/**",)),
    ]
    assert sites[1].source is not None and sites[1].source.line == 11


def test_a_site_id_used_twice(tmp_path: Path) -> None:
    (p,) = profile_problems(tmp_path, SITES + "  - {id: Plant-A, name: Plant A again}\n")
    assert ":12:" in p and "site id 'Plant-A' is used twice (first on line 11)" in p
    assert "give every site an id of its own" in p


def test_sites_without_a_central_function(tmp_path: Path) -> None:
    (p,) = profile_problems(tmp_path, SITES.replace("central: true, ", ""))
    assert ":10:" in p and "no site is the central function" in p and "central: true" in p


def test_two_central_functions(tmp_path: Path) -> None:
    (p,) = profile_problems(
        tmp_path, SITES.replace("name: Plant A,", "name: Plant A, central: true,")
    )
    assert ":11:" in p and "a second central function (the first is on line 10)" in p


@pytest.mark.parametrize("glob", ["../outside/**", "/srv/plant/**", "sites/../../x"])
def test_a_site_path_leaving_the_folder(tmp_path: Path, glob: str) -> None:
    (p,) = profile_problems(tmp_path, SITES.replace("sites/plant-a/**", glob))
    assert ":11:" in p and "leaves the evidence folder" in p


def test_a_site_path_that_is_no_pattern(tmp_path: Path) -> None:
    (p,) = profile_problems(tmp_path, SITES.replace("sites/plant-a/**", "sites/[z-a]/**"))
    assert ":11:" in p and "runs backwards" in p


def test_a_column_per_standard_reads_each_standards_own(tmp_path: Path) -> None:
    from isocheck.engine import Session

    profile = mini_files()["isocheck.yaml"] + (
        "evidence:\n  audits:\n    columns: {area: {mini: Mini area}}\n"
    )
    audits = (
        "id,date,Mini area,Other area,auditor\n"
        "IA-1,2026-03-01,Purchasing,Yard,Ann\nIA-2,2026-04-01,-,Yard,Bo\n"
    )
    folder = write_tree(
        tmp_path / "ev", mini_files(**{"isocheck.yaml": profile, "registers/audits.csv": audits})
    )
    plan = isocheck.plan(folder)
    mapping = plan.profile.evidence["audits"]
    assert mapping.per_standard == {"area": {"mini": "Mini area"}}
    assert mapping.for_standard("mini").columns == {"area": "Mini area"}
    assert mapping.for_standard("other").columns == {}
    with Session(plan) as session:
        resolved = session.resolve(plan.packs[0], "audits")
    # IA-2 says nothing in the standard's own column: it is no audit of that standard
    assert [(i.fields["id"], i.fields["area"]) for i in resolved.items] == [("IA-1", "Purchasing")]


def test_a_column_per_standard_names_the_profiles_standards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main

    profile = mini_files()["isocheck.yaml"] + (
        "evidence:\n  audits:\n    columns: {area: {iso9001-2015: Area}}\n"
    )
    folder = write_tree(tmp_path / "ev", mini_files(**{"isocheck.yaml": profile}))
    assert main(["lint", str(folder)]) != 0
    assert "'iso9001-2015' is none of the profile's standards (mini)" in capsys.readouterr().err


def test_another_source_with_columns_of_its_own_adds_its_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main
    from isocheck.engine import Session

    profile = mini_files()["isocheck.yaml"] + (
        "evidence:\n  audits:\n    also:\n      - locations: [registers/site-audits.csv]\n"
        "        delimiter: ';'\n        columns: {id: Ref, date: When, area: Scope, auditor: Lead}\n"
    )
    site = "Ref;When;Scope;Lead\nSA-1;2026-05-02;Yard;Bo Li\n"
    folder = write_tree(
        tmp_path / "ev",
        mini_files(**{"isocheck.yaml": profile, "registers/site-audits.csv": site}),
    )
    plan = isocheck.plan(folder)
    with Session(plan) as session:
        resolved = session.resolve(plan.packs[0], "audits")
    ids = [i.fields["id"] for i in resolved.items]
    assert ids[-1] == "SA-1" and len(ids) > 1  # the register's audits, and the site's
    assert resolved.items[-1].fields["area"] == "Yard"
    assert main(["lint", str(folder)]) == 0, capsys.readouterr().err
    # a column the source's header does not have is named, at its place in the profile
    bad = write_tree(
        tmp_path / "bad",
        mini_files(
            **{
                "isocheck.yaml": profile.replace("Lead}", "Leader}"),
                "registers/site-audits.csv": site,
            }
        ),
    )
    assert main(["lint", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "column 'Leader' is not in the header of registers/site-audits.csv" in err
    assert "$.evidence.audits.also[0].columns.auditor" in err


def test_the_organizations_date_format_holds_for_every_mapping_that_names_none(
    tmp_path: Path,
) -> None:
    # Written once at the top ("%m/%d/%Y" everywhere, as an American ERP writes dates), not
    # under each register; a mapping naming its own keeps it.
    profile = mini_files()["isocheck.yaml"] + (
        'dates: "%m/%d/%Y"\n'
        "evidence:\n"
        "  calibration: {locations: [cal.csv]}\n"
        "  audits:\n"
        "    locations: [audits.csv]\n"
        '    dates: "%d.%m.%Y"\n'
        "    lookup: [{locations: [a.csv], key: id, columns: {id: Nr, date: Datum}}]\n"
    )
    folder = write_tree(tmp_path / "ev", mini_files(**{"isocheck.yaml": profile}))
    evidence = isocheck.plan(folder).profile.evidence
    assert evidence["calibration"].dates == "%m/%d/%Y"
    assert evidence["audits"].dates == "%d.%m.%Y"
    # the lookup names none of its own: the organization's holds, not the audits' own
    assert evidence["audits"].lookups[0].mapping.dates == "%m/%d/%Y"


def test_an_organizations_date_format_that_names_no_month(tmp_path: Path) -> None:
    (p,) = profile_problems(tmp_path, 'dates: "%d/%q"\n')
    assert ":9:8:" in p and "does not name a month" in p and "strftime codes" in p


def _dates_of(tmp_path: Path, mappings: str) -> dict[str, object]:
    from isocheck.profile import load_profile

    text = (
        "format: isocheck/profile/v1\norganization: {name: Example}\nscope: all we do\n"
        "standards: [iso9001-2015]\nevidence:\n" + mappings
    )
    folder = write_tree(tmp_path / "org", {"isocheck.yaml": text})
    profile, _positions = load_profile(folder)
    return {name: mapping.dates for name, mapping in profile.evidence.items()}


def test_one_date_format_the_profile_gives_every_register_it_dates_holds_for_the_rest(
    tmp_path: Path,
) -> None:
    us = (
        "  objectives: {locations: [a.csv], dates: '%m/%d/%Y'}\n"
        "  risk-register: {locations: [b.csv], dates: '%m/%d/%Y'}\n"
        "  performance-analysis: {locations: [c/*.md]}\n"
        "  kpi-results: {locations: [d.csv], dates: {period_end: '%b %Y'}}\n"
    )
    assert _dates_of(tmp_path / "us", us) == {
        "objectives": "%m/%d/%Y",
        "risk-register": "%m/%d/%Y",
        "performance-analysis": "%m/%d/%Y",  # as the organization writes dates
        "kpi-results": {"period_end": "%b %Y"},  # a column's own format stands
    }
    # two formats, or one register only: nothing is said of the others
    mixed = us.replace("b.csv], dates: '%m/%d/%Y'", "b.csv], dates: '%d.%m.%Y'")
    assert _dates_of(tmp_path / "mixed", mixed)["performance-analysis"] is None
    once = "  objectives: {locations: [a.csv], dates: '%m/%d/%Y'}\n  risk-register: {locations: [b.csv]}\n"
    assert _dates_of(tmp_path / "once", once)["risk-register"] is None


def test_a_format_for_some_columns_leaves_the_others_as_the_organization_writes_dates(
    tmp_path: Path,
) -> None:
    from isocheck.profile import load_profile

    text = (
        "format: isocheck/profile/v1\norganization: {name: Example}\nscope: all we do\n"
        'standards: [iso9001-2015]\ndates: "%d.%m.%Y"\nevidence:\n'
        "  emergency-exercise: {locations: [a.csv], dates: {planned_on: '%m/%Y'},\n"
        "    also: [{locations: [b.csv]}]}\n"
    )
    folder = write_tree(tmp_path / "org", {"isocheck.yaml": text})
    mapping = load_profile(folder)[0].evidence["emergency-exercise"]
    assert (mapping.dates, mapping.dates_else) == ({"planned_on": "%m/%Y"}, "%d.%m.%Y")
    assert (mapping.also[0].dates, mapping.also[0].dates_else) == (mapping.dates, "%d.%m.%Y")


def test_a_bad_date_format_two_registers_share_is_reported_where_written_only(
    tmp_path: Path,
) -> None:
    from isocheck.profile import load_profile

    text = (
        "format: isocheck/profile/v1\norganization: {name: Example}\nscope: all we do\n"
        "standards: [iso9001-2015]\nevidence:\n"
        "  objectives: {locations: [a.csv], dates: '%Q'}\n"
        "  risk-register: {locations: [b.csv], dates: '%Q'}\n"
        "  performance-analysis: {locations: [c/*.md]}\n"
    )
    folder = write_tree(tmp_path / "org", {"isocheck.yaml": text})
    with pytest.raises(InputError) as raised:
        load_profile(folder)
    assert [p.line for p in raised.value.problems] == [6, 7]


def test_another_source_writes_dates_as_its_evidence_does_unless_it_says(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        'dates: "%d/%m/%Y"\n'
        "evidence:\n"
        "  calibration:\n"
        '    locations: ["registers/calibration.csv"]\n'
        "    also:\n"
        '      - locations: ["registers/hire.csv"]\n'
        '      - locations: ["registers/us.csv"]\n'
        '        dates: "%m/%d/%Y"\n'
    )
    folder = write_tree(tmp_path / "ev", mini_files(**{"isocheck.yaml": profile}))
    mapping = isocheck.plan(folder).profile.evidence["calibration"]
    assert [other.dates for other in mapping.also] == ["%d/%m/%Y", "%m/%d/%Y"]


def test_a_phrase_with_no_word_in_it_is_a_profile_error(tmp_path: Path) -> None:
    (p,) = profile_problems(
        tmp_path, 'phrases:\n  failed-or-not-held: ["×", "...", "nicht bestanden"]\n'
    )
    assert p.startswith(str(tmp_path / "ev" / "isocheck.yaml") + ":10:29: ")
    assert "phrase '...' for 'failed-or-not-held' has no word to find in a text" in p
    assert "a mark such as" in p
