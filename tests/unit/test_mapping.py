"""isocheck lint of a profile's evidence mapping: against the packs and against the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import GERMAN_NCS as NCS
from support import GERMAN_PACK as PACK
from support import GERMAN_PROFILE as PROFILE
from support import GERMAN_RISKS as RISKS
from support import write_tree

# --- isocheck lint knows the files ---------------------------------------------------------------


def lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str, **files: str) -> str:
    from isocheck.cli import main

    folder = write_tree(
        tmp_path / "lint",
        {
            "isocheck.yaml": profile,
            "pack.yaml": PACK,
            "Register/Abweichungen.csv": NCS,
            "Register/Risiken.csv": RISKS,
            **files,
        },
    )
    code = main(["lint", str(folder)])
    err = capsys.readouterr().err
    assert (code == 0) == (not err.strip()), err
    return err.replace(str(folder) + "/", "")


def opportunities_with(lines: str) -> str:
    """The profile with `lines` added to its mapping of opportunities."""
    mapped = "    columns: {owner: Verantwortlich}\n"
    return PROFILE.replace(mapped, mapped + lines)


def test_lint_passes_a_mapping_that_fits_the_pack_and_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint(tmp_path, capsys, PROFILE) == ""


# A rule reading how often each opportunity is reviewed from its own row
REVIEWED_EVERY = (
    PACK
    + """\
  - id: OPP-02
    clauses: ["6.1"]
    title: Opportunities are reviewed as often as their row says
    severity: minor
    stage: 2
    checks:
      - records:
          evidence: opportunities
          require: {reviewed_on: {max_age_days: {days: 365, every: frequency}}}
"""
)
REVIEWED_RISKS = (
    "Art,Beschreibung,Verantwortlich,Häufigkeit,Geprüft\n"
    "Chance,Neue Kunden,M. Weber,jährlich,2026-03-01\n"
    "Chance,Neuer Markt,M. Weber,Árlega,2026-03-01\n"
)


def test_lint_finds_a_cell_a_rule_reads_as_a_period_that_says_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = opportunities_with(
        "    columns: {owner: Verantwortlich, frequency: Häufigkeit, reviewed_on: Geprüft}\n"
    ).replace("    columns: {owner: Verantwortlich}\n", "", 1)
    err = lint(
        tmp_path / "a",
        capsys,
        profile,
        **{"pack.yaml": REVIEWED_EVERY, "Register/Risiken.csv": REVIEWED_RISKS},
    )
    assert err.startswith(
        "Register/Risiken.csv:3: Häufigkeit 'Árlega' is not a period (read by OPP-02): write it as "
        "a number of days, months or years"
    ), err
    assert "jährlich" not in err
    # the organization's word mapped to a period: nothing to report
    mapped = profile + "    values: {frequency: {Árlega: yearly}}\n"
    assert (
        lint(
            tmp_path / "b",
            capsys,
            mapped,
            **{"pack.yaml": REVIEWED_EVERY, "Register/Risiken.csv": REVIEWED_RISKS},
        )
        == ""
    )


def test_lint_finds_a_column_in_neither_the_pack_nor_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = PROFILE.replace('closed_on: "Erledigt am"', 'closed_om: "Erledigt am"').replace(
        "owner: Verantwortlich", "owner: Verantwortlicher"
    )
    err = lint(tmp_path, capsys, profile)
    assert (
        "isocheck.yaml:12:41: ncs of mini has no column 'closed_om'; did you mean 'closed_on'?"
    ) in err
    assert (
        "isocheck.yaml:18:22: column 'Verantwortlicher' is not in the header of "
        "Register/Risiken.csv; did you mean 'Verantwortlich'? (at $.evidence.opportunities."
        "columns.owner); its columns: Art, Beschreibung, Verantwortlich"
    ) in err


def test_lint_finds_words_the_pack_does_not_know_in_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = lint(
        tmp_path, capsys, PROFILE, **{"Register/Abweichungen.csv": NCS.replace("offen", "geparkt")}
    )
    assert err.startswith(
        "Register/Abweichungen.csv:3: status 'geparkt' is not one of: open, closed; say what it "
        "means in the profile (evidence: ncs: values: status: {'geparkt': ...})\n"
    )


def test_lint_reads_no_date_in_a_column_the_pack_does_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a requirement's number looks like a day written another way; in a column no rule reads it
    # is what the organization says it is, and in a column a rule reads it is reported
    ncs = NCS.replace("Nr;Datum;", "Nr;NIST;Datum;").replace("A-1;", "A-1;3.1.22;")
    ncs = ncs.replace("A-2;", "A-2;;").replace("A-3;", "A-3;;")
    declared = PACK.replace(
        "    empty: [none]\n", "    empty: [none]\n    columns: [id, opened, closed_on, status]\n"
    )
    assert (
        lint(tmp_path, capsys, PROFILE, **{"pack.yaml": declared, "Register/Abweichungen.csv": ncs})
        == ""
    )
    err = lint(
        tmp_path,
        capsys,
        PROFILE,
        **{"Register/Abweichungen.csv": NCS.replace("20.02.2026", "2/20/2026")},
    )
    assert "closed_on '2/20/2026' is not a date written %d.%m.%Y" in err


def test_lint_finds_a_scale_for_a_column_the_pack_reads_on_no_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = lint(tmp_path, capsys, opportunities_with("    scales: {owner: {worst: 5, best: 1}}\n"))
    assert "opportunities of mini reads no number of column 'owner' on a scale" in err


def test_lint_points_at_the_reading_option_that_made_a_file_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = lint(tmp_path, capsys, PROFILE, **{"Register/Abweichungen.csv": NCS.replace(";", "\t")})
    assert err.startswith(
        "isocheck.yaml:10:16: Register/Abweichungen.csv: the header is one column, "
        "'Nr\\tDatum\\tStatus\\tErledigt am': the file seems delimited by tab, not ';'"
    ), err
    assert "(at $.evidence.ncs.delimiter)" in err


def test_lint_finds_a_workbooks_options_given_for_files_that_are_not_workbooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = "    sheet: Risiken\n    header_row: 2\n    table: Chancen\n"
    err = lint(tmp_path, capsys, opportunities_with(options))
    for option, kind in [
        ("sheet", "Excel workbooks (.xlsx, .xlsm)"),
        ("header_row", "Excel workbooks (.xlsx, .xlsm)"),
        ("table", "Markdown documents (.md)"),
    ]:
        assert (
            f"{option}: is read from {kind} only, and "
            f"Register/Risiken.csv is not one (at $.evidence.opportunities.{option}); remove "
            f"{option}: or map opportunities to the files it is meant for"
        ) in err


def test_lint_finds_each_joined_column_in_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    joined = PROFILE.replace("owner: Verantwortlich", "owner: [Verantwortlich, Vertreter]")
    err = lint(tmp_path, capsys, joined)
    assert "column 'Vertreter' is not in the header of Register/Risiken.csv" in err
    assert "'Verantwortlich' is not" not in err


def test_lint_finds_a_default_for_a_column_the_pack_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = lint(tmp_path, capsys, opportunities_with("    defaults: {statut: offen}\n"))
    assert "opportunities of mini has no column or field 'statut'" in err


def builtin_folder(where: Path, standards: str, mapping: str, files: dict[str, str]) -> Path:
    """An evidence folder whose profile maps `mapping` for the built-in packs of `standards`."""
    profile = (
        "format: isocheck/profile/v1\n"
        "organization: {name: Example}\n"
        "scope: all we do\n"
        f"standards: [{standards}]\n"
        "evidence:\n" + mapping
    )
    return write_tree(where, {"isocheck.yaml": profile, **files})


def test_lint_knows_a_column_one_standard_of_an_integrated_system_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main

    mapping = (
        "  supplier-register:\n"
        "    locations: [Dostawcy.csv]\n"
        "    columns: {name: Dostawca, data_access: Dostęp do danych}\n"
    )
    files = {"Dostawcy.csv": "Dostawca;Dostęp do danych\nAzure;Tak\n"}
    both = "iso9001-2015, iso27001-2022"
    folder = builtin_folder(tmp_path / "ok", both, mapping, files)
    # ISO 9001's supplier register has no data_access; ISO/IEC 27001's has: one mapping serves both
    assert main(["lint", str(folder)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    typo = mapping.replace("data_access:", "data_acess:")
    folder = builtin_folder(tmp_path / "typo", both, typo, files)
    assert main(["lint", str(folder)]) == 1
    assert "has no column 'data_acess'; did you mean 'data_access'?" in capsys.readouterr().err


def notes(tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str, pack: str) -> str:
    """What lint prints for a folder with `profile` and `pack`, which it passes."""
    from isocheck.cli import main

    files = {"isocheck.yaml": profile, "pack.yaml": pack}
    folder = write_tree(
        tmp_path / "lint",
        {**files, "Register/Abweichungen.csv": NCS, "Register/Risiken.csv": RISKS},
    )
    assert main(["lint", str(folder)]) == 0
    return capsys.readouterr().out.replace(str(folder) + "/", "")


def test_lint_notes_a_column_the_rules_read_that_no_row_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The register keeps when a nonconformity was done as "Erledigt am"; the profile forgot to
    # map it. Every rule reading it would find it empty: lint says so, and how to map it, but a
    # register may well not keep such a column, so it is a note and lint still passes.
    from isocheck.cli import main

    pack = PACK.replace(
        "    empty: [none]\n", "    empty: [none]\n    columns: [opened, closed_on, status]\n"
    )
    out = notes(tmp_path, capsys, PROFILE.replace('closed_on: "Erledigt am", ', ""), pack)
    assert (
        "note: isocheck.yaml:9:5: ncs: no row of its files has column closed_on (read by NC-01, "
        "NC-02) (at $.evidence.ncs); if the files keep it under a name of their own, map it: "
        "columns: {closed_on: 'their name'}; the first file's columns: Nr, Datum, Status, "
        "Erledigt am\n"
    ) in out
    assert "opened" not in out  # mapped, and filled in
    assert out.endswith("isocheck lint: 1 file(s), no problems\n")
    # mapped, the note goes
    main(["lint", str(write_tree(tmp_path / "lint", {"isocheck.yaml": PROFILE}))])
    assert "note:" not in capsys.readouterr().out


def test_lint_notes_that_a_register_reviewed_as_a_whole_may_say_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A data collection plan keeps no review date per row: it is reviewed with the energy
    # review. The note on its missing reviewed_on says how to tell isocheck so.
    from isocheck.cli import main

    mapping = (
        "  energy-data-plan:\n"
        "    locations: [Piano.csv]\n"
        "    delimiter: ';'\n"
        "    columns: {data_id: Cod., measures: Dato}\n"
    )
    files = {"Piano.csv": "Cod.;Dato\nDC-01;Gas\n"}
    folder = builtin_folder(tmp_path / "plan", "iso50001-2018", mapping, files)
    assert main(["lint", str(folder)]) == 0
    out = capsys.readouterr().out
    (note,) = [line for line in out.splitlines() if "column reviewed_on" in line]
    assert "energy-data-plan: no row of its files has column reviewed_on" in note
    assert "reviewed_in: <type>" in note


def test_lint_notes_an_evidence_type_the_rules_read_that_nothing_locates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The profile maps no opportunities and the pack's own location finds none: a rule reads
    # them, so lint says where to locate them; the register may not exist, so it is a note.
    out = notes(tmp_path, capsys, PROFILE.split("  opportunities:\n")[0], PACK)
    assert (
        "note: isocheck.yaml:8:3: opportunities (Opportunities) is read by OPP-01; the pack's "
        "locations (risks.csv) find none of it (at $.evidence); if the folder keeps it elsewhere, "
        "locate it: evidence: {opportunities: {locations: ['your folder/your file*.csv']}}\n"
    ) in out
    assert "ncs (" not in out  # located by the profile


def test_lint_says_where_a_register_was_found_inside_a_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The emergency scenarios are a table of the emergency plan, which the profile locates as a
    # controlled document only: they are read there, and lint says so, for the organization to
    # confirm it in its profile.
    from isocheck.cli import main

    mapping = "  controlled-document:\n    locations: ['07 Emergency/*.md']\n"
    plan = (
        "# On-site Emergency Plan\n\n"
        "## 2. Potential emergency situations\n\n"
        "| Sc. No. | Scenario | Location |\n|---|---|---|\n"
        "| 1 | Major fire in the yarn stores | Stores |\n"
    )
    files = {"07 Emergency/IMS-P-21 Plan.md": plan}
    folder = builtin_folder(tmp_path / "plan", "iso14001-2015", mapping, files)
    assert main(["lint", str(folder)]) == 0
    out = capsys.readouterr().out
    (note,) = [line for line in out.splitlines() if "emergency-scenario (" in line]
    assert (
        "from the table under '2. Potential emergency situations' in 07 Emergency/IMS-P-21 "
        "Plan.md, where the profile locates none of it" in note
    )
    assert "emergency-scenario: {locations: ['its file'], table: 'its heading'}" in note


def test_lint_notes_the_files_no_evidence_type_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A register of the lifting equipment's statutory examinations that the profile locates
    # under no evidence type: no rule reads it, so an overdue examination there goes unseen.
    # Lint names it (a note: a folder keeps much that is no evidence); the profile's own pack
    # and the files it maps are not named.
    from isocheck.cli import main

    folder = write_tree(
        tmp_path / "lint",
        {
            "isocheck.yaml": PROFILE,
            "pack.yaml": PACK,
            "Register/Abweichungen.csv": NCS,
            "Register/Risiken.csv": RISKS,
            "Betrieb/Prüfbuch Arbeitsmittel.csv": "Inv.-Nr.;nächste Prüfung\nLK-03;24.02.2026\n",
        },
    )
    assert main(["lint", str(folder)]) == 0
    out = capsys.readouterr().out.replace(str(folder) + "/", "")
    (note,) = [line for line in out.splitlines() if "read by no evidence type" in line]
    assert "1 file(s) of the folder are read by no evidence type: Betrieb/Prüfbuch" in note
    assert "locate it under its type" in note


def test_lint_finds_a_phrases_name_that_is_no_topic_and_notes_one_that_names_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A typo in a topic's name would leave the topic in the pack's words only, and nothing
    # would say so: the organization's wording would silently never be read.
    from isocheck.cli import main

    pack = PACK.replace("evidence:\n", "topics:\n  nc-closure: [closed, closure]\nevidence:\n", 1)
    profile = (
        PROFILE + "phrases:\n  nc-closur: [erledigt]\n  unsere Worte: [x]\n  closure: [Abschluss]\n"
    )
    folder = write_tree(
        tmp_path / "lint",
        {
            "isocheck.yaml": profile,
            "pack.yaml": pack,
            "Register/Abweichungen.csv": NCS,
            "Register/Risiken.csv": RISKS,
        },
    )
    assert main(["lint", str(folder)]) == 1
    captured = capsys.readouterr()
    assert (
        "phrases: 'nc-closur' is not a topic of the packs; did you mean 'nc-closure'?"
        in captured.err
    )
    (note,) = [line for line in captured.out.splitlines() if "unsere Worte" in line]
    assert "names no topic of the packs and no phrase a rule looks for" in note
    assert "'closure'" not in captured.err + captured.out  # a topic's phrase: it joins the topic
