"""What an item leaves empty and the organization records elsewhere: a document's control fields
in the master list of documents, a register's review as a whole (isocheck.completion)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support import write_tree

import isocheck
from isocheck.errors import InputError
from isocheck.evidence import EvidenceIndex
from isocheck.plugins import make_host

PACK = """\
format: isocheck/rulepack/v1
pack: {id: fill, standard: fill, verdict: certification, edition: "1", version: "0.1", title: Fill}
clauses:
  - {id: "5.2", title: Policy}
  - {id: "6.1", title: Risks}
evidence:
  policy:
    kind: document
    title: Policy
    locations: ["policy/*.md"]
    fields: [id, title, owner, approved_by, approved_on, next_review, status]
  document-register:
    kind: table
    title: Register of documents
    locations: ["documents/register.csv"]
    columns: [doc_id, title, version, owner, status, approved_by, approved_on, next_review]
  risk-register:
    kind: table
    title: Risks
    locations: ["risks.csv"]
    columns: [id, description, reviewed_on]
  management-review:
    kind: records
    title: Management reviews
    locations: ["reviews/*.md"]
    fields: [date, chair]
  roles:
    kind: table
    title: Roles
    locations: ["roles.csv"]
    columns: [role, person]
rules:
  - id: F-5.2-01
    clauses: ["5.2"]
    title: The policy is titled and has a next review date that has not passed
    severity: minor
    stage: 1
    checks:
      - records:
          evidence: policy
          require: {title: {present: true}, next_review: {on_or_after: as_of}}
  - id: F-6.1-01
    clauses: ["6.1"]
    title: Every risk was reviewed within a year
    severity: minor
    stage: 2
    checks:
      - records: {evidence: risk-register, require: {reviewed_on: {max_age_days: 365}}}
"""

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Fill Srl}
scope: Everything we do
standards: [fill]
as_of: 2026-11-01
packs: [packs/fill.yaml]
evidence:
  document-register:
    locations: ["documents/register.csv"]
    columns: {doc_id: Codice, title: Titolo, next_review: Prossimo riesame}
    dates: "%d/%m/%Y"
"""

POLICY_WITHOUT_CONTROL = """\
# Politica energetica

Ci impegniamo a migliorare la prestazione energetica.
"""

REGISTER = """\
Codice,Titolo,Prossimo riesame
PE-01,Politica energetica,15/02/2027
MGE-01,Manuale,20/01/2028
"""

RISKS = """\
id,description,reviewed_on
R-01,Gas price,
R-02,Hotter summers,2026-02-01
"""

REVIEW_2025 = "---\ndate: 2025-03-25\nchair: Giovanni Bertolini\n---\n# Riesame 2025\n"
REVIEW_2026 = "---\ndate: 2026-03-24\nchair: Giovanni Bertolini\n---\n# Riesame 2026\n"


def run(tmp_path: Path, profile: str = PROFILE, **files: str) -> dict[str, isocheck.Finding]:
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/fill.yaml": PACK,
            "documents/register.csv": REGISTER,
            "risks.csv": RISKS,
            "reviews/2025.md": REVIEW_2025,
            "reviews/2026.md": REVIEW_2026,
            **files,
        },
    )
    findings = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    return {f.rule: f for f in findings}


def test_a_document_takes_its_control_fields_from_the_register_row_its_file_name_starts_with(
    tmp_path: Path,
) -> None:
    found = run(tmp_path, **{"policy/PE-01 Politica energetica.md": POLICY_WITHOUT_CONTROL})
    assert found["F-5.2-01"].outcome == "conform", found["F-5.2-01"].message


def test_a_date_from_the_register_is_judged_and_cited_where_the_register_keeps_it(
    tmp_path: Path,
) -> None:
    register = REGISTER.replace("15/02/2027", "15/02/2026")
    found = run(
        tmp_path,
        **{"policy/PE-01 Politica energetica.md": POLICY_WITHOUT_CONTROL},
        **{"documents/register.csv": register},
    )
    finding = found["F-5.2-01"]
    assert finding.outcome == "nonconform"
    assert finding.message.startswith("documents/register.csv:2: "), finding.message
    assert "next_review is 2026-02-15" in finding.message


def test_what_a_document_states_itself_is_never_replaced(tmp_path: Path) -> None:
    own = "---\nid: PE-01\ntitle: Politica\nnext_review: 2026-01-01\n---\n# Politica\n"
    found = run(tmp_path, **{"policy/politica.md": own})
    finding = found["F-5.2-01"]
    assert finding.outcome == "nonconform"
    assert finding.message.startswith("policy/politica.md"), finding.message


@pytest.mark.parametrize(
    "policy",
    [
        "---\nid: PE-01\ntitle: Politica\nnext_review:\n---\n# Politica\n",
        "# Politica\n\n| Codice | PE-01 |\n|---|---|\n| Titolo | Politica |\n"
        "| Prossimo riesame |  |\n\nTesto.\n",
    ],
    ids=["front matter", "control table"],
)
def test_a_control_line_the_document_leaves_blank_is_not_filled_from_the_register(
    tmp_path: Path, policy: str
) -> None:
    # The copy in use says it has no next review, whatever the master list claims.
    profile = PROFILE.replace(
        "evidence:\n",
        "document_control: {id: Codice, title: Titolo, next_review: Prossimo riesame}\nevidence:\n",
    )
    finding = run(tmp_path, profile, **{"policy/PE-01 Politica energetica.md": policy})["F-5.2-01"]
    assert finding.outcome == "nonconform"
    assert finding.message.startswith("policy/PE-01 Politica energetica.md"), finding.message


def test_a_document_the_register_does_not_name_takes_nothing(tmp_path: Path) -> None:
    found = run(tmp_path, **{"policy/PE-011 Altro.md": POLICY_WITHOUT_CONTROL})
    assert found["F-5.2-01"].outcome == "nonconform"
    # its heading titles it; its review date it takes from no row of the register
    assert found["F-5.2-01"].message == (
        "policy/PE-011 Altro.md: title Politica energetica: next_review is empty, expected a date"
    )


def test_a_register_reviewed_as_a_whole_takes_the_latest_review_date(tmp_path: Path) -> None:
    # Without reviewed_in:, R-01 has no review date.
    assert run(tmp_path / "without")["F-6.1-01"].outcome == "nonconform"
    profile = PROFILE + "  risk-register:\n    reviewed_in: management-review\n"
    assert run(tmp_path / "with", profile)["F-6.1-01"].outcome == "conform"


def test_a_review_too_long_ago_makes_each_row_without_its_own_review_a_finding(
    tmp_path: Path,
) -> None:
    profile = PROFILE + "  risk-register:\n    reviewed_in: management-review\n"
    finding = run(tmp_path, profile, **{"reviews/2026.md": REVIEW_2025})["F-6.1-01"]
    assert finding.outcome == "nonconform"
    assert finding.message == (
        "risks.csv:2: id R-01: reviewed_on is 2025-03-25, 586 days before the as-of date (max 365)"
    )


def test_a_review_after_the_as_of_date_is_not_the_review(tmp_path: Path) -> None:
    profile = PROFILE + "  risk-register:\n    reviewed_in: management-review\n"
    later = REVIEW_2026.replace("2026-03-24", "2026-12-01")
    found = run(tmp_path, profile, **{"reviews/2026.md": later})
    assert "2025-03-25" in found["F-6.1-01"].message


@pytest.mark.parametrize(
    ("name", "reviews", "says"),
    [
        ("risk-register", "managment-review", "did you mean 'management-review'?"),
        ("roles", "management-review", "roles has no review date of its own"),
        ("risk-register", "roles", "roles records have no date"),
    ],
)
def test_reviewed_in_that_cannot_be_followed_is_an_error_with_its_line(
    tmp_path: Path, name: str, reviews: str, says: str
) -> None:
    profile = PROFILE + f"  {name}:\n    reviewed_in: {reviews}\n"
    with pytest.raises(InputError) as caught:
        run(tmp_path, profile)
    (problem,) = caught.value.problems
    assert problem.line == PROFILE.count("\n") + 2
    assert says in problem.message


LOOKUP_PACK = """\
format: isocheck/rulepack/v1
pack: {id: hr, standard: hr, verdict: certification, edition: "1", version: "0.1", title: HR}
clauses:
  - {id: "6.1", title: Screening}
evidence:
  staff-register:
    kind: table
    title: Staff
    locations: ["staff.csv"]
    columns: [name, start_date, status, screened_on]
rules:
  - id: H-6.1-01
    clauses: ["6.1"]
    title: Everyone was screened before they started
    severity: minor
    stage: 2
    checks:
      - records:
          evidence: staff-register
          require: {screened_on: {on_or_before: "field:start_date"}}
"""

LOOKUP_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Orsea SAS}
scope: Everything we do
standards: [hr]
as_of: 2026-11-01
packs: [packs/hr.yaml]
evidence:
  staff-register:
    lookup:
      - locations: ["RH/checks.csv"]
        key: name
        rows: {Statut: {equals: fait}}
        columns: {name: Collaborateur, screened_on: Vérifié le}
        dates: "%d/%m/%Y"
"""

STAFF = (
    "name,start_date,status,screened_on\n"
    "Claire Dumas,2026-03-01,active,\n"
    "Julien Morel,2026-04-01,active,\n"
)


def lookup_run(tmp_path: Path, checks: str, profile: str = LOOKUP_PROFILE) -> isocheck.Finding:
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/hr.yaml": LOOKUP_PACK,
            "staff.csv": STAFF,
            "RH/checks.csv": checks,
        },
    )
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    return finding


def test_fields_kept_in_another_file_are_looked_up_by_name_in_either_order(tmp_path: Path) -> None:
    checks = "Collaborateur,Statut,Vérifié le\nDUMAS Claire,fait,20/02/2026\nMorel Julien,fait,25/03/2026\n"
    assert lookup_run(tmp_path, checks).outcome == "conform"


def test_a_looked_up_date_is_judged_on_the_row_it_fills(tmp_path: Path) -> None:
    checks = "Collaborateur,Statut,Vérifié le\nClaire Dumas,fait,20/02/2026\nJulien Morel,fait,10/04/2026\n"
    finding = lookup_run(tmp_path, checks)
    assert finding.outcome == "nonconform"
    assert finding.message == (
        "staff.csv:3: name Julien Morel: screened_on is 2026-04-10, expected on or before "
        "2026-04-01"
    )


def test_a_lookup_joins_on_a_name_its_file_keeps_in_two_columns(tmp_path: Path) -> None:
    # the HR export keeps the first name and the surname apart, as the staff register may not
    profile = LOOKUP_PROFILE.replace(
        "columns: {name: Collaborateur, screened_on: Vérifié le}",
        "columns: {name: [Prénom, Nom], screened_on: Vérifié le}",
    )
    checks = (
        "Prénom,Nom,Statut,Vérifié le\nClaire,Dumas,fait,20/02/2026\nJulien,Morel,fait,25/03/2026\n"
    )
    assert lookup_run(tmp_path, checks, profile).outcome == "conform"
    checks = "Prénom,Nom,Statut,Vérifié le\nClaire,Dumas,fait,20/02/2026\n"
    finding = lookup_run(tmp_path, checks, profile)
    assert finding.outcome == "nonconform"
    assert "Julien Morel: screened_on is empty" in finding.message


def test_rows_the_lookup_leaves_out_fill_nothing(tmp_path: Path) -> None:
    checks = (
        "Collaborateur,Statut,Vérifié le\n"
        "Claire Dumas,fait,20/02/2026\n"
        "Julien Morel,en cours,25/03/2026\n"
    )
    finding = lookup_run(tmp_path, checks)
    assert finding.outcome == "nonconform"
    assert "Julien Morel: screened_on is empty" in finding.message


def test_a_lookup_must_map_the_field_it_joins_on(tmp_path: Path) -> None:
    profile = LOOKUP_PROFILE.replace("key: name", "key: person")
    with pytest.raises(InputError) as caught:
        lookup_run(tmp_path, "Collaborateur,Statut,Vérifié le\n", profile)
    (problem,) = caught.value.problems
    assert "the lookup joins on 'person', which its columns: do not map" in problem.message


def test_a_document_the_register_lists_in_force_is_approved_unless_it_says_otherwise() -> None:
    from isocheck.completion import from_document_register
    from isocheck.evidence import Item, Resolved
    from isocheck.model import EvidenceRef, EvidenceType

    def resolved(kind: str, *rows: dict[str, str]) -> Resolved:
        etype = EvidenceType(kind, "document" if kind == "doc" else "table", kind, ())
        items = [Item(dict(r), EvidenceRef(f"{kind}.csv", i + 2, "")) for i, r in enumerate(rows)]
        return Resolved(etype, items, [], [], ())

    register = resolved(
        "register",
        {"doc_id": "MSI-04", "status": "current", "approved_by": "Claire Dumas"},
        {"doc_id": "MSI-05", "status": "obsolete"},
    )
    docs = resolved("doc", {"id": "MSI-04"}, {"id": "MSI-05", "status": "approved"})
    from_document_register(docs, register)
    assert [d.fields for d in docs.items] == [
        {"id": "MSI-04", "status": "approved", "approved_by": "Claire Dumas"},
        {"id": "MSI-05", "status": "approved"},  # its own word stands
    ]
    assert docs.items[0].where("status") == register.items[0].ref


def test_a_register_keeping_withdrawn_issues_fills_a_document_from_its_own_issue() -> None:
    from isocheck.completion import from_document_register

    # the withdrawn issue listed first, then the issue in force, as a master list keeps history
    register = _table(
        "register",
        {"doc_id": "P-07", "version": "4", "status": "obsolete", "next_review": ""},
        {"doc_id": "P-07", "version": "5", "status": "current", "next_review": "2028-06-15"},
        {"doc_id": "P-08", "version": "2", "status": "obsolete"},
        {"doc_id": "P-08", "version": "3", "status": "current", "next_review": "2027-01-10"},
    )
    docs = _table("doc", {"id": "P-07"}, {"id": "P-08", "version": "2"})
    from_document_register(docs, register)
    # no issue stated: the one in force; an issue stated: its own row, withdrawn or not
    assert docs.items[0].fields["status"] == "approved"
    assert docs.items[0].fields["next_review"] == "2028-06-15"
    assert docs.items[1].fields["status"] == "obsolete"
    assert docs.items[1].fields["register_version"] == "3"


def _table(kind: str, *rows: dict[str, str]) -> Any:
    from isocheck.evidence import Item, Resolved
    from isocheck.model import EvidenceRef, EvidenceType

    etype = EvidenceType(kind, "table", kind, ())
    items = [Item(dict(r), EvidenceRef(f"{kind}.csv", i + 2, "")) for i, r in enumerate(rows)]
    return Resolved(etype, items, [], [], ())


def test_a_key_written_as_a_list_joins_on_each_thing_it_lists() -> None:
    from isocheck.completion import looked_up

    enpis = _table(
        "enpis",
        {"enpi_id": "IPE-01", "seu_id": "USE-01"},
        {"enpi_id": "IPE-02", "seu_id": "USE-02"},
        {"enpi_id": "IPE-05", "seu_id": "Stabilimento"},
    )
    plan = _table(
        "plan",
        {"data_id": "DC-04", "enpi_id": "IPE-01, PA-2026-01"},  # one EnPI among other uses
        {"data_id": "DC-10", "enpi_id": "IPE-01, IPE-02, IPE-05"},  # several: each one's
        {"data_id": "DC-13", "enpi_id": "Controllo operativo"},  # names none
        {"data_id": "DC-14", "enpi_id": "IPE-2", "seu_id": "USE-09"},  # its own stands
    )
    looked_up(plan, enpis, "enpi_id", ("seu_id",))
    assert [item.fields.get("seu_id") for item in plan.items] == [
        "USE-01",
        "USE-01; USE-02; Stabilimento",
        None,
        "USE-09",
    ]
    assert plan.items[1].where("seu_id") == enpis.items[0].ref


def test_a_row_keyed_by_a_list_or_by_all_answers_for_each_item_it_names() -> None:
    from isocheck.completion import looked_up

    factors = _table(
        "factors",
        {"seu_id": "USE-04, USE-01", "static_factors": "SF-02"},
        {"seu_id": "USE-01", "static_factors": "SF-04"},
        {"seu_id": "tutti", "static_factors": "SF-03"},
        {"seu_id": "Riscaldamento uffici", "static_factors": "SF-05"},
    )
    baselines = _table(
        "baselines",
        {"baseline_id": "EnB-01", "seu_id": "USE-01 Centrale termica"},  # led by its identifier
        {"baseline_id": "EnB-04", "seu_id": "USE-04"},
        {"baseline_id": "EnB-05", "seu_id": "Stabilimento"},
    )
    looked_up(baselines, factors, "seu_id", ("static_factors",))
    assert [item.fields.get("static_factors") for item in baselines.items] == [
        "SF-04; SF-02; SF-03",  # the row naming it alone first
        "SF-02; SF-03",
        "SF-03",
    ]


# --- a table kept across: one item per column -----------------------------------------------------

WIDE_PACK = """\
format: isocheck/rulepack/v1
pack: {id: en, standard: en, verdict: certification, edition: "1", version: "0.1", title: EnPIs}
clauses:
  - {id: "6.4", title: EnPIs}
evidence:
  enpi-register:
    kind: table
    title: EnPIs
    locations: ["enpis.csv"]
    columns: [enpi_id, name]
  enpi-value:
    kind: table
    title: EnPI values
    locations: ["values.csv"]
    columns: [enpi_id, period_end, value]
rules:
  - id: E-6.4-01
    clauses: ["6.4"]
    title: Every EnPI has a value for a period ending within 100 days
    severity: minor
    stage: 2
    checks:
      - covers:
          evidence: enpi-value
          column: enpi_id
          of: {evidence: enpi-register, column: enpi_id}
          period_field: period_end
          period_days: 100
"""

WIDE_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Caseificio Valtellina}
scope: Everything we do
standards: [en]
as_of: 2026-11-01
packs: [packs/en.yaml]
evidence:
  enpi-value:
    locations: ["Valori IPE mensili.csv"]
    wide: {columns: ["IPE-* (*)"], name: enpi_id, value: value}
    columns: {period_end: Mese}
    dates: {period_end: "%B %Y"}
"""


def wide_run(tmp_path: Path, values: str, profile: str = WIDE_PROFILE) -> isocheck.Finding:
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/en.yaml": WIDE_PACK,
            "enpis.csv": "enpi_id,name\nIPE-01,Gas\nIPE-02,Cooling\n",
            "Valori IPE mensili.csv": values,
        },
    )
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    return finding


def test_a_monthly_sheet_with_a_column_per_indicator_is_read_as_one_value_per_cell(
    tmp_path: Path,
) -> None:
    values = (
        "Mese,Latte lavorato (t),IPE-01 (% su atteso),IPE-02 (kWh/t)\n"
        "Settembre 2026,9300,95.4,16.2\n"
        "Ottobre 2026,9400,94.6,16.1\n"
    )
    assert wide_run(tmp_path, values).outcome == "conform"
    # The October value of IPE-02 is left blank: its latest value ends on 30 September (the last
    # day of the month, as a period's end), 32 days before the as-of date, still within 100...
    finding = wide_run(tmp_path, values.replace("Ottobre 2026,9400,94.6,16.1", "Luglio 2026,,,"))
    assert finding.outcome == "conform"
    # A cell that records nothing ("-") is no value of its EnPI for that month
    finding = wide_run(tmp_path, "Mese,IPE-01 (%),IPE-02 (kWh/t)\nOttobre 2026,94.6,-\n")
    assert finding.outcome == "nonconform"
    assert "does not cover: IPE-02" in finding.message
    # ...and a sheet that stops in June leaves both older than 100 days.
    finding = wide_run(tmp_path, "Mese,IPE-01 (%),IPE-02 (kWh/t)\nGiugno 2026,99.3,16.7\n")
    assert finding.outcome == "nonconform"
    assert "does not cover: IPE-01, IPE-02" in finding.message


def test_a_second_sheet_kept_across_is_read_through_also_with_its_own_columns(
    tmp_path: Path,
) -> None:
    # The plant's energy log keeps IPE-02 in a layout of its own (its own month column and
    # date format): one more source of the same values, each cell an item
    profile = WIDE_PROFILE + (
        "    also:\n"
        '      - locations: ["Registro energia.csv"]\n'
        '        wide: {columns: ["IPE-02*"], name: enpi_id, value: value}\n'
        "        columns: {period_end: Periodo}\n"
        '        dates: {period_end: "%m/%Y"}\n'
    )
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/en.yaml": WIDE_PACK,
            "enpis.csv": "enpi_id,name\nIPE-01,Gas\nIPE-02,Cooling\n",
            "Valori IPE mensili.csv": "Mese,IPE-01 (%)\nOttobre 2026,94.6\n",
            "Registro energia.csv": "Periodo,Elettricità (kWh),IPE-02 kWh/t\n10/2026,151000,16.1\n",
        },
    )
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    assert finding.outcome == "conform", finding.message
    (folder / "Registro energia.csv").write_text("Periodo,IPE-02 kWh/t\n05/2026,16.1\n")
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    assert finding.outcome == "nonconform"
    assert "does not cover: IPE-02" in finding.message


def test_a_wide_sheet_whose_header_matches_no_pattern_is_unreadable_in_a_run(
    tmp_path: Path,
) -> None:
    finding = wide_run(tmp_path, "Mese,EnPI 01 (%),EnPI 02 (kWh/t)\nOttobre 2026,94.6,16.1\n")
    assert finding.outcome == "nonconform"
    assert (
        "cannot be read as evidence: no column of its header matches the profile's wide: "
        "columns (IPE-* (*)); its columns: Mese, EnPI 01 (%), EnPI 02 (kWh/t); name them as the "
        "header writes them (* for any characters)"
    ) in finding.message


def test_a_wide_pattern_that_matches_no_header_is_a_lint_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main

    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": WIDE_PROFILE.replace("IPE-* (*)", "EnPI *").replace(
                "name: enpi_id", "name: enpi"
            ),
            "packs/en.yaml": WIDE_PACK,
            "enpis.csv": "enpi_id,name\nIPE-01,Gas\n",
            "Valori IPE mensili.csv": "Mese,IPE-01 (%)\nOttobre 2026,94.6\n",
        },
    )
    assert main(["lint", str(folder)]) != 0
    err = capsys.readouterr().err
    assert "enpi-value of en has no column 'enpi'; did you mean 'enpi_id'?" in err
    assert (
        "wide: column 'EnPI *' matches no header of Valori IPE mensili.csv (at "
        "$.evidence.enpi-value.wide.columns[0]); name its columns as the header writes them"
    ) in err


def test_a_lookup_may_join_on_a_column_of_the_organizations_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main

    # The staff export has no column the pack knows to join on, but a personnel number
    profile = LOOKUP_PROFILE.replace("key: name", "key: personnel_no").replace(
        "columns: {name: Collaborateur, screened_on: Vérifié le}",
        "columns: {personnel_no: Matricule, screened_on: Vérifié le}",
    )
    files = {
        "isocheck.yaml": profile.replace(
            "  staff-register:\n", "  staff-register:\n    columns: {personnel_no: Matricule}\n"
        ),
        "packs/hr.yaml": LOOKUP_PACK,
        "staff.csv": "name,start_date,status,Matricule\nClaire Dumas,2026-03-01,active,M-104\n",
        "RH/checks.csv": "Matricule,Statut,Vérifié le\nM-104,fait,20/02/2026\n",
    }
    folder = write_tree(tmp_path / "org", files)
    assert main(["lint", str(folder)]) == 0, capsys.readouterr().err
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    assert finding.outcome == "conform"
    # Not mapped on the items' side, it joins nothing: lint says so
    files["isocheck.yaml"] = profile
    folder = write_tree(tmp_path / "org2", files)
    assert main(["lint", str(folder)]) != 0
    assert (
        "the lookup joins on 'personnel_no', which staff-register of hr has no column for and "
        "its columns: do not map"
    ) in capsys.readouterr().err


def test_lint_checks_a_lookups_columns_against_the_pack_and_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isocheck.cli import main

    profile = LOOKUP_PROFILE.replace(
        "columns: {name: Collaborateur, screened_on: Vérifié le}",
        "columns: {name: Collaborateur, screened_om: Vérifié le, status: Statut du contrôle}",
    )
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/hr.yaml": LOOKUP_PACK,
            "staff.csv": STAFF,
            "RH/checks.csv": "Collaborateur,Statut,Vérifié le\nClaire Dumas,fait,20/02/2026\n",
        },
    )
    assert main(["lint", str(folder)]) != 0
    err = capsys.readouterr().err
    assert "staff-register of hr has no column 'screened_om'; did you mean 'screened_on'?" in err
    assert (
        "column 'Statut du contrôle' is not in the header of RH/checks.csv (at "
        "$.evidence.staff-register.lookup[0].columns.status); its columns: Collaborateur, "
        "Statut, Vérifié le"
    ) in err


def test_a_row_keyed_by_an_identifier_and_words_answers_for_that_identifier() -> None:
    from isocheck.completion import looked_up

    consultation = _table(
        "consultation",
        {"incident_id": "INC-26-006 investigation", "workers_involved": "Mick Farrell"},
        {"incident_id": "Hazard register review", "workers_involved": "Tadhg Lynch"},
    )
    incidents = _table("incidents", {"incident_id": "INC-26-006"}, {"incident_id": "INC-26-007"})
    looked_up(incidents, consultation, "incident_id", ("workers_involved",))
    assert [item.fields.get("workers_involved") for item in incidents.items] == [
        "Mick Farrell",
        None,
    ]
    # the organization keeps the field (in the other file): the incident it says nothing of
    # has it empty, not absent, so `present: if kept` asks it all the same
    from isocheck.conditions import _test

    unanswered = incidents.items[1]
    assert "workers_involved" in unanswered.fields
    assert _test("workers_involved", "present", "if kept", unanswered, dt.date(2026, 11, 1))


def test_the_evidences_own_words_hold_in_the_fields_a_lookup_fills(tmp_path: Path) -> None:
    pack = LOOKUP_PACK.replace(
        'require: {screened_on: {on_or_before: "field:start_date"}}',
        'require: {status: {equals: active}, screened_on: {on_or_before: "field:start_date"}}',
    )
    profile = LOOKUP_PROFILE.replace(
        "columns: {name: Collaborateur, screened_on: Vérifié le}",
        "columns: {name: Collaborateur, screened_on: Vérifié le, status: Statut RH}",
    ).replace("  staff-register:\n", "  staff-register:\n    values: {status: {actif: active}}\n")
    folder = write_tree(
        tmp_path / "org",
        {
            "isocheck.yaml": profile,
            "packs/hr.yaml": pack,
            "staff.csv": "name,start_date,status,screened_on\nClaire Dumas,2026-03-01,,\n",
            "RH/checks.csv": (
                "Collaborateur,Statut,Vérifié le,Statut RH\nClaire Dumas,fait,20/02/2026,actif\n"
            ),
        },
    )
    (finding,) = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 1)).findings
    assert finding.outcome == "conform", finding.message


def one_file_index(path: str, text: str) -> EvidenceIndex:
    """An evidence index of one file, read by the built-in loaders."""
    return EvidenceIndex(
        None, make_host(load_entry_points=False).loaders, files={path: text.encode()}
    )


def test_a_field_mapped_to_a_heading_is_that_sections_text() -> None:
    from isocheck.model import EvidenceMapping, EvidenceType

    report = (
        "# Audit report IA-01\n\n| Audit No. | IA-01 |\n| --- | --- |\n| Date | 10/02/2026 |\n\n"
        "## Updates\nnone\n\n## 2. Criteria\nISO 9001 clauses 4, 5\nand 7.5\n\n## Findings\nNone.\n"
    )
    index = one_file_index("a.md", report)
    etype = EvidenceType("report", "records", "Audit reports", ("a.md",))
    mapping = EvidenceMapping(
        None, {}, {"audit_id": "Audit No.", "clauses": "Criteria", "date": "Date", "x": "Scope"}
    )
    (item,) = index.resolve(etype, mapping, {}).items
    assert item.fields["clauses"] == "ISO 9001 clauses 4, 5 and 7.5"
    assert item.where("clauses").line == 10  # its heading
    assert item.fields["date"] == "10/02/2026"  # the head's own field, not "## Updates"
    assert "x" not in item.fields  # no such heading: nothing


def test_a_documents_label_that_names_a_field_in_words_is_that_field() -> None:
    from isocheck.model import EvidenceMapping, EvidenceType

    minutes = "# Review\n\n**Date:** 8 October 2026\n**Chair:** Helen Marsh\n**Chaired by:** x\n"
    index = one_file_index("m.md", minutes)
    etype = EvidenceType("review", "records", "Reviews", ("m.md",), fields=("date", "chair"))
    (item,) = index.resolve(etype, None, {}).items
    assert (item.fields["date"], item.fields["chair"]) == ("8 October 2026", "Helen Marsh")
    assert item.where("chair").line == 4
    # what the profile maps wins: the chair is the one it names
    mapping = EvidenceMapping(None, {}, {"chair": "Chaired by"})
    (item,) = index.resolve(etype, mapping, {}).items
    assert item.fields["chair"] == "x"


def one_table(path: str, columns: tuple[str, ...]) -> Any:
    """A table evidence type of one file with `columns`."""
    from isocheck.model import EvidenceType

    return EvidenceType("register", "table", "Register", (path,), columns=columns)


def test_a_tables_header_that_names_a_column_in_words_is_that_column() -> None:
    from isocheck.model import EvidenceMapping

    programme = "Audit ID,Area,Planned date,Owner\nIA-01,Purchasing,2026-03-10,x\n"
    index = one_file_index("p.csv", programme)
    etype = one_table("p.csv", ("audit_id", "planned_date", "auditor"))
    (item,) = index.resolve(etype, None, {}).items
    assert (item.fields["audit_id"], item.fields["planned_date"]) == ("IA-01", "2026-03-10")
    assert item.fields.get("auditor") is None  # "Owner" names no column of the pack
    # what the profile maps wins: the planned date is the column it names
    mapping = EvidenceMapping(None, {"planned_date": "Owner"}, {})
    (item,) = index.resolve(etype, mapping, {}).items
    assert item.fields["planned_date"] == "x"


def test_a_tables_header_may_write_a_columns_words_shortened() -> None:
    register = "Vendor,Cert Expires,Next Eval,Resp\nPRPLAT,7/31/2026,2/10/2027,Dana\n"
    index = one_file_index("s.csv", register)
    columns = ("name", "certificate_expires", "next_evaluation", "responsible", "response")
    (item,) = index.resolve(one_table("s.csv", columns), None, {}).items
    assert item.fields.get("certificate_expires") == "7/31/2026"
    assert item.fields.get("next_evaluation") == "2/10/2027"
    # one word alone is no shortened name, and "resp" starts two
    assert item.fields.get("responsible") is None and item.fields.get("response") is None


def test_a_tables_header_may_name_a_column_in_the_plural() -> None:
    register = "Scenario,Sites,Actions\nES-05,Both,Spill kits\n"
    index = one_file_index("s.csv", register)
    (item,) = index.resolve(one_table("s.csv", ("scenario_id", "site", "actions")), None, {}).items
    assert item.fields.get("site") == "Both"
    assert item.fields.get("actions") == "Spill kits"  # a column named in the plural stays itself


def test_a_header_in_a_word_the_pack_gives_a_column_is_that_column() -> None:
    import dataclasses

    from isocheck.model import EvidenceMapping

    register = (
        "Réf.;Titre;Emplacement;Responsable;Statut\nMQ-01;Manuel;Serveur QSE;S. Mornet;Validé\n"
    )
    index = one_file_index("l.csv", register)
    etype = dataclasses.replace(
        one_table("l.csv", ("doc_id", "title", "location", "owner", "responsible")),
        headers={
            "location": ("Emplacement",),
            "owner": ("Responsable",),
            "responsible": ("Responsable",),
            "title": ("Titre",),
        },
    )
    mapping = EvidenceMapping(("l.csv",), {"doc_id": "Réf.", "title": "Titre"}, {}, delimiter=";")
    (item,) = index.resolve(etype, mapping, None, None).items
    assert item.fields.get("location") == "Serveur QSE"
    # a word two columns share names the first; a column the profile maps keeps its mapping
    assert item.fields.get("owner") == "S. Mornet" and item.fields.get("responsible") is None
    assert item.fields.get("title") == "Manuel"


def test_a_label_the_profile_maps_is_read_in_the_plural_or_singular_a_document_writes() -> None:
    from isocheck.model import EvidenceMapping, EvidenceType

    report = (
        "# IA-04\n\n| | |\n| --- | --- |\n| Audit | IA-04 |\n| Auditors | Alan Ward; Jo Fisher |\n"
    )
    index = one_file_index("r.md", report)
    etype = EvidenceType("report", "records", "Reports", ("r.md",), fields=("auditor",))
    mapping = EvidenceMapping(None, {}, {"audit_id": "Audit", "auditor": "Auditor"})
    (item,) = index.resolve(etype, mapping, {}).items
    assert item.fields["auditor"] == "Alan Ward; Jo Fisher"


def test_a_label_the_profile_maps_is_read_without_its_trailing_by() -> None:
    from isocheck.model import EvidenceType

    text = (
        "# IT-04.02\n\nRev. 04 de 10/04/2026 — Elaborado: Vítor Moreira — Aprovado: Marta Sousa\n"
    )
    index = one_file_index("it.md", text)
    etype = EvidenceType("doc", "document", "Docs", ("it.md",), fields=("author", "approved_by"))
    control = {"author": "Elaborado por", "approved_by": "Aprovado por"}
    (item,) = index.resolve(etype, None, control).items
    assert (item.fields["author"], item.fields["approved_by"]) == ("Vítor Moreira", "Marta Sousa")
    assert item.fields["version"] == "04"


def test_the_profiles_document_control_names_leave_a_records_own_fields_alone() -> None:
    from isocheck.model import EvidenceType

    minutes = "# Management review 2026\n\n**Date:** 26-03-2026\n**Chair:** Henrik Sørensen\n"
    index = one_file_index("m.md", minutes)
    control = {"approved_on": "Date"}  # a procedure's control table says its approval date so
    review = EvidenceType("review", "records", "Reviews", ("m.md",), fields=("date", "chair"))
    (item,) = index.resolve(review, None, control).items
    assert (item.fields["date"], item.fields.get("approved_on")) == ("26-03-2026", None)
    procedure = EvidenceType("doc", "document", "Procedures", ("m.md",), fields=("approved_on",))
    (item,) = index.resolve(procedure, None, control).items
    assert item.fields["approved_on"] == "26-03-2026"


def test_a_register_that_keeps_its_history_is_in_force_in_each_keys_latest_row() -> None:
    from isocheck.completion import latest_of_each
    from isocheck.model import EvidenceType

    etype = EvidenceType(
        "calibration", "table", "Calibration log", ("cal.csv",), columns=("id", "calibrated", "due")
    )
    log = (
        "id,calibrated,due\n"
        "GD-09,2026-04-22,2026-10-19\n"  # superseded by the row below
        "GD-01,2026-08-11,2027-02-07\n"
        "GD-09,2026-10-16,2027-04-14\n"
        ",2026-01-01,2026-06-01\n"  # no key: kept as it is
        "GD-02,,2026-05-02\n"  # no date: older than a dated row of the same key
        "GD-02,2026-03-01,2026-09-01\n"
        "gd-01,2026-08-11,2027-03-01\n"  # the same key in other case, the same date: the later
    )
    index = EvidenceIndex(None, make_host().loaders, files={"cal.csv": log.encode()})
    kept = latest_of_each(index.resolve(etype, None, {}), "id", "calibrated")
    assert [(i.fields["id"], i.fields["due"]) for i in kept.items] == [
        ("GD-09", "2027-04-14"),
        ("", "2026-06-01"),
        ("GD-02", "2026-09-01"),
        ("gd-01", "2027-03-01"),
    ]
