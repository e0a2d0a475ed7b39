"""The engine without pytest: isocheck.evaluate on the mini folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import MINI_EXPECTED, mini_files, write_tree

import isocheck
from isocheck.errors import InputError, UsageError
from isocheck.hookspecs import hookimpl
from isocheck.loaders import LoaderRegistry, LoadLimits, ParsedFile, Row
from isocheck.model import Finding
from isocheck.plugins import make_host


def outcomes(assessment: isocheck.Assessment) -> dict[str, str]:
    return {f.rule: f.outcome for f in assessment.findings}


def test_evaluate_gives_documented_outcomes(mini: Path) -> None:
    assessment = isocheck.evaluate(mini)
    assert assessment.as_of == dt.date(2026, 11, 1)  # pinned by the profile
    assert outcomes(assessment) == MINI_EXPECTED


def test_nonconformity_names_file_line_and_row(mini: Path) -> None:
    finding = {f.rule: f for f in isocheck.evaluate(mini).findings}["M-7.1.5-01"]
    assert finding.message.startswith("registers/calibration.csv:3: instrument G-02: next_due")
    assert finding.evidence[0].path == "registers/calibration.csv"
    assert finding.evidence[0].line == 3
    assert len(finding.evidence[0].sha256 or "") == 64


def test_exclusion_shows_justification(mini: Path) -> None:
    finding = {f.rule: f for f in isocheck.evaluate(mini).findings}["M-8.3-01"]
    assert "customer drawings" in finding.message
    assert finding.exclusion == {
        "clause": "8.3",
        "justification": "We build to customer drawings only.",
    }


def test_as_of_overrides_profile(mini: Path) -> None:
    # A year later the policy review is overdue and the last audit too old.
    later = outcomes(isocheck.evaluate(mini, as_of="2027-11-01"))
    assert later["M-5.2-01"] == "nonconform"
    assert later["M-9.2-01"] == "nonconform"


def test_as_of_not_a_date(mini: Path) -> None:
    with pytest.raises(UsageError, match=r"'01/11/2026' is not a date; write it as YYYY-MM-DD"):
        isocheck.evaluate(mini, as_of="01/11/2026")


def test_stage_selection(mini: Path) -> None:
    assert set(outcomes(isocheck.evaluate(mini, stage=1))) == {"M-5.2-01"}


def test_same_inputs_same_findings(mini: Path) -> None:
    first = [f.to_dict() for f in isocheck.evaluate(mini).findings]
    second = [f.to_dict() for f in isocheck.evaluate(mini).findings]
    assert first == second


def test_waiver_valid_and_expired(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        "waivers:\n"
        "  - {rule: M-7.1.5-01, reason: Gauge on order, approver: Q. Director, expires: 2026-12-31,"
        " corrective_action: CA-7}\n"
    )
    folder = write_tree(tmp_path / "a", mini_files(**{"isocheck.yaml": profile}))
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-7.1.5-01"]
    assert finding.outcome == "waived"
    assert "Q. Director" in finding.message and "2026-12-31" in finding.message
    expired = {f.rule: f for f in isocheck.evaluate(folder, as_of="2027-01-05").findings}
    assert expired["M-7.1.5-01"].outcome == "nonconform"
    assert expired["M-7.1.5-01"].message.startswith("waiver expired on 2026-12-31")


def test_exclusion_of_non_excludable_clause_is_major(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        '  - {clause: "7.1.5", justification: We would rather not calibrate anything.}\n'
    )
    folder = write_tree(tmp_path / "a", mini_files(**{"isocheck.yaml": profile}))
    findings = {f.rule: f for f in isocheck.evaluate(folder).findings}
    bad = findings["exclusion-7.1.5"]
    assert (bad.outcome, bad.severity, bad.clauses) == ("nonconform", "major", ("4.3",))
    # The clause's rules are still evaluated.
    assert findings["M-7.1.5-01"].outcome == "nonconform"


def test_an_integrated_systems_exclusion_naming_no_standard_is_the_standard_that_allows_it(
    tmp_path: Path,
) -> None:
    # ISO 9001's 8.3 (design) may be excluded; ISO 50001's 8.3 (design) may not. An exclusion
    # of "8.3" naming no standard, in a system of both, is ISO 9001's.
    def invalid(exclusion: str) -> list[str]:
        profile = (
            "format: isocheck/profile/v1\norganization: {name: Example}\nscope: all we do\n"
            "standards: [iso9001-2015, iso50001-2018]\nexclusions:\n" + exclusion
        )
        folder = write_tree(tmp_path / str(len(exclusion)), {"isocheck.yaml": profile})
        return [f"{p.standard} {p.rule.id}" for p in isocheck.plan(folder).rules if p.synthetic]

    assert invalid('  - {clause: "8.3", justification: Built to the customer\'s drawings.}\n') == []
    assert invalid(
        '  - {clause: "8.3", standard: iso50001-2018, justification: We design nothing.}\n'
    ) == ["iso50001-2018 exclusion-8.3"]
    assert invalid('  - {clause: "8.1", justification: Nothing to plan.}\n') == [
        "iso9001-2015 exclusion-8.1",
        "iso50001-2018 exclusion-8.1",
    ]


def test_unparseable_evidence_is_a_finding(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "a",
        mini_files(**{"registers/calibration.csv": 'instrument,status,next_due\nG-01,"in use\n'}),
    )
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-7.1.5-01"]
    assert finding.outcome == "nonconform"
    assert "registers/calibration.csv" in finding.message
    assert "cannot be read as evidence: invalid CSV" in finding.message


def test_ambiguous_date_in_evidence_is_a_nonconformity_with_hint(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "a",
        mini_files(
            **{"registers/calibration.csv": "instrument,status,next_due\nG-01,in use,01/02/2027\n"}
        ),
    )
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-7.1.5-01"]
    assert finding.outcome == "nonconform"
    assert (
        "'01/02/2027' is ambiguous (day/month order); write dates as YYYY-MM-DD" in finding.message
    )


def _findings_kept_elsewhere(
    tmp_path: Path, name: str, was: str, path: str, columns: str, text: str
) -> dict[str, Finding]:
    """The mini folder's findings with the register of `name` moved from `was` to `path`,
    under the organization's column names (`columns`, as the profile maps them)."""
    profile = mini_files()["isocheck.yaml"] + (
        f'evidence:\n  {name}:\n    locations: ["{path}"]\n    columns: {columns}\n'
    )
    files = mini_files(**{"isocheck.yaml": profile, path: text})
    del files[was]
    return {f.rule: f for f in isocheck.evaluate(write_tree(tmp_path / "a", files)).findings}


def test_profile_mapping_renames_columns_and_locations(tmp_path: Path) -> None:
    findings = _findings_kept_elsewhere(
        tmp_path,
        "calibration",
        "registers/calibration.csv",
        "QA/Gauges.csv",
        "{instrument: Gauge, next_due: Due date}",
        "Gauge,status,Due date\nG-09,in use,2026-01-01\n",
    )
    # the item keeps the pack's name (a baseline knows it by that); the field it says is wrong
    # is named as the organization's header names it
    assert findings["M-7.1.5-01"].message == (
        "QA/Gauges.csv:2: instrument G-09: Due date is 2026-01-01, expected on or after 2026-11-01"
    )


def test_a_finding_names_the_fields_it_faults_as_the_register_does(tmp_path: Path) -> None:
    findings = _findings_kept_elsewhere(
        tmp_path,
        "audits",
        "registers/audits.csv",
        "Audit/Auditprogramm.csv",
        "{id: Nr., date: Datum, area: Bereich, auditor: Prüfer}",
        "Nr.,Datum,Bereich,Prüfer\nIA-1,2025-12-01,Produktion,QM\nIA-2,2026-06-01,QM,QM\n",
    )
    # both fields of the comparison in the organization's words, the item in the pack's
    assert findings["M-9.2-02"].details == (
        "Audit/Auditprogramm.csv:3: id IA-2: Prüfer is 'QM', the same as Bereich",
    )


class GridLoader:
    """A plugin's loader for a format without lines: each row says where it is."""

    @hookimpl
    def isocheck_register_loaders(self, registry: LoaderRegistry) -> None:
        registry.register("grid", [".grid"], self.load)

    @staticmethod
    def load(parsed: ParsedFile, data: bytes, limits: LoadLimits) -> None:
        if data.startswith(b"broken"):
            parsed.error, parsed.error_place = "the sheet is damaged", "sheet Gauges"
            return
        parsed.header = ("instrument", "status", "next_due")
        parsed.rows = [
            Row(dict(zip(parsed.header, line.split(","), strict=True)), None, place=place)
            for place, line in zip(
                ("sheet Gauges, row 2", "sheet Gauges, row 9", "sheet Gauges, row 14"),
                data.decode().splitlines(),
                strict=True,
            )
        ]


def test_a_place_in_a_file_without_lines_reaches_the_finding(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + (
        'evidence:\n  calibration:\n    locations: ["registers/gauges*.grid"]\n'
    )
    rows = "G-01,in use,2026-12-01\nG-02,in use,2026-03-01\nG-05,in use,2026-02-01\n"
    folder = write_tree(
        tmp_path / "a", mini_files(**{"isocheck.yaml": profile, "registers/gauges.grid": rows})
    )
    host = make_host(load_entry_points=False, extra=(GridLoader(),))
    finding = {f.rule: f for f in isocheck.evaluate(folder, host=host).findings}["M-7.1.5-01"]
    assert finding.message.startswith(
        "registers/gauges.grid, sheet Gauges, row 9: instrument G-02: next_due"
    )
    # rows in their order in the sheet: 9 before 14, though "row 14" < "row 9" as text
    assert [(e.line, e.place) for e in finding.evidence] == [
        (None, "sheet Gauges, row 9"),
        (None, "sheet Gauges, row 14"),
    ]
    (folder / "registers" / "gauges-2.grid").write_text("broken", encoding="utf-8")
    finding = {f.rule: f for f in isocheck.evaluate(folder, host=host).findings}["M-7.1.5-01"]
    assert finding.message.startswith(
        "registers/gauges-2.grid, sheet Gauges: cannot be read as evidence: the sheet is damaged"
    )


def test_document_control_rename(tmp_path: Path) -> None:
    policy = mini_files()["policy/quality-policy.md"].replace("approved_by:", "signed_off_by:")
    profile = mini_files()["isocheck.yaml"] + "document_control: {approved_by: signed_off_by}\n"
    files = mini_files(**{"isocheck.yaml": profile, "policy/quality-policy.md": policy})
    findings = {f.rule: f for f in isocheck.evaluate(write_tree(tmp_path / "a", files)).findings}
    assert findings["M-5.2-01"].outcome == "conform"


def test_a_threshold_is_a_number_or_a_date_as_its_pack_says(tmp_path: Path) -> None:
    pack = mini_files()["packs/mini.yaml"].replace(
        "  review_days: {default: 365}\n",
        "  review_days: {default: 365}\n  required_since: {default: 1900-01-01}\n",
    )
    good = "thresholds: {review_days: 400, required_since: 2023-03-01}\n"
    folder = write_tree(
        tmp_path / "good",
        mini_files(
            **{"isocheck.yaml": mini_files()["isocheck.yaml"] + good, "packs/mini.yaml": pack}
        ),
    )
    assert isocheck.evaluate(folder).findings
    bad = "thresholds: {review_days: 2027-01-01, required_since: '2023-02-30'}\n"
    folder = write_tree(
        tmp_path / "bad",
        mini_files(
            **{"isocheck.yaml": mini_files()["isocheck.yaml"] + bad, "packs/mini.yaml": pack}
        ),
    )
    with pytest.raises(InputError) as caught:
        isocheck.evaluate(folder)
    text = str(caught.value)
    assert "isocheck.yaml:9:" in text
    assert "'2027-01-01' is not a number; this threshold is a number" in text
    assert "'2023-02-30' is no date; this threshold is a date" in text
    assert "write it as YYYY-MM-DD" in text


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_day_there_is_are_as_of_dates_like_any_other(
    mini: Path, as_of: str
) -> None:
    assert "error" not in outcomes(isocheck.evaluate(mini, as_of=as_of)).values()


def test_an_impossible_date_in_the_profile_or_front_matter_is_located(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"].replace("as_of: 2026-11-01", "as_of: 2026-02-30")
    folder = write_tree(tmp_path / "p", mini_files(**{"isocheck.yaml": profile}))
    with pytest.raises(InputError, match=r"isocheck.yaml:5:\d+: impossible date '2026-02-30'"):
        isocheck.evaluate(folder)
    policy = mini_files()["policy/quality-policy.md"]
    assert "approved_on:" in policy
    bad = "\n".join(
        "approved_on: 2026-02-30" if line.startswith("approved_on:") else line
        for line in policy.split("\n")
    )
    folder = write_tree(tmp_path / "f", mini_files(**{"policy/quality-policy.md": bad}))
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-5.2-01"]
    assert finding.outcome == "nonconform"
    line = 1 + bad.split("\n").index("approved_on: 2026-02-30")
    assert f"policy/quality-policy.md:{line}" in finding.message
    assert "impossible date '2026-02-30'" in finding.message


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_threshold_that_is_no_finite_number_is_refused(tmp_path: Path, value: str) -> None:
    profile = mini_files()["isocheck.yaml"] + f"thresholds: {{review_days: {value}}}\n"
    folder = write_tree(tmp_path / "p", mini_files(**{"isocheck.yaml": profile}))
    with pytest.raises(
        InputError,
        match=r"isocheck.yaml:9:\d+: \S+ is no number a rule can compare with "
        r"\(at \$.thresholds.review_days\); write a finite",
    ):
        isocheck.evaluate(folder)


def _with_audit_age(never: str) -> dict[str, str]:
    """The mini pack with a threshold `audit_age_days` on the age of the last audit; `never` is
    what its declaration says never means (empty: it may not be never)."""
    pack = mini_files()["packs/mini.yaml"].replace(
        "  review_days: {default: 365}\n",
        "  review_days: {default: 365}\n"
        + (
            f"  audit_age_days: {{default: 100, never: {never!r}}}\n"
            if never
            else "  audit_age_days: {default: 100}\n"
        ),
    ) + (
        "  - id: M-9.2-03\n"
        '    clauses: ["9.2"]\n'
        "    title: The last audit is at most ${audit_age_days} days old\n"
        "    severity: minor\n"
        "    stage: 2\n"
        "    checks:\n"
        "      - exists:\n"
        "          evidence: audits\n"
        '          where: {date: {max_age_days: "${audit_age_days}"}}\n'
    )
    return {"packs/mini.yaml": pack}


def test_a_threshold_whose_pack_allows_it_may_be_never(tmp_path: Path) -> None:
    # The mini folder's only audit is 335 days before its as-of date.
    allowed = _with_audit_age("audits are event-driven")
    folder = write_tree(tmp_path / "default", mini_files(**allowed))
    assert outcomes(isocheck.evaluate(folder))["M-9.2-03"] == "nonconform"
    profile = mini_files()["isocheck.yaml"] + "thresholds: {audit_age_days: never}\n"
    folder = write_tree(tmp_path / "never", mini_files(**allowed, **{"isocheck.yaml": profile}))
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-9.2-03"]
    assert finding.outcome == "conform"
    assert finding.title == "The last audit is at most unlimited days old"
    # A date after the as-of date is still no past audit.
    audits = "id,date,area,auditor\nIA-1,2027-01-01,Production,Quality\n"
    folder = write_tree(
        tmp_path / "future",
        mini_files(**allowed, **{"isocheck.yaml": profile, "registers/audits.csv": audits}),
    )
    assert outcomes(isocheck.evaluate(folder))["M-9.2-03"] == "nonconform"


def test_never_is_refused_for_a_threshold_whose_pack_requires_a_limit(tmp_path: Path) -> None:
    profile = mini_files()["isocheck.yaml"] + "thresholds: {audit_age_days: never}\n"
    folder = write_tree(
        tmp_path / "p", mini_files(**_with_audit_age(""), **{"isocheck.yaml": profile})
    )
    with pytest.raises(InputError) as caught:
        isocheck.evaluate(folder)
    text = str(caught.value)
    assert "isocheck.yaml:9:" in text
    assert "'never' is not allowed for this threshold: the packs require a limit" in text
    assert "write the organization's own limit" in text


def test_a_pack_may_not_allow_never_where_a_check_cannot_take_it(tmp_path: Path) -> None:
    # review_days is the interval's max_days: "never" there is no number of days.
    pack = mini_files()["packs/mini.yaml"].replace(
        "  review_days: {default: 365}\n",
        "  review_days: {default: 365, never: audits only when something changes}\n",
    )
    folder = write_tree(tmp_path / "p", mini_files(**{"packs/mini.yaml": pack}))
    with pytest.raises(InputError) as caught:
        isocheck.evaluate(folder)
    text = str(caught.value)
    assert "rule M-9.2-01: threshold 'review_days' may be 'never'" in text
    assert "use ${review_days} only where a check takes 'never'" in text


def test_evidence_kept_outside_the_folder_is_not_assessed_here_and_the_verdict_says_so(
    tmp_path: Path,
) -> None:
    from isocheck.reporting.verdict import verdict

    files = mini_files()
    del files["registers/calibration.csv"]
    kept = "evidence:\n  calibration:\n    kept_in: the calibration lab's portal (PRO-07)\n"
    folder = write_tree(
        tmp_path / "kept", {**files, "isocheck.yaml": files["isocheck.yaml"] + kept}
    )
    findings = isocheck.evaluate(folder).findings
    finding = {f.rule: f for f in findings}["M-7.1.5-01"]
    assert finding.outcome == "not-applicable"
    assert finding.message == (
        "not assessed here: Calibration register: kept in the calibration lab's portal "
        "(PRO-07); sample it there"
    )
    reasons = verdict("mini", findings).reasons
    assert any(r.startswith("1 rule(s) not assessed here") and "M-7.1.5-01" in r for r in reasons)
    # Not declared kept elsewhere, a register with nothing in it has nothing to assess, as before
    plain = write_tree(tmp_path / "plain", files)
    finding = {f.rule: f for f in isocheck.evaluate(plain).findings}["M-7.1.5-01"]
    assert finding.message.startswith("not applicable: nothing to assess")
    # Kept elsewhere but also in the folder: the folder's evidence is judged
    both = write_tree(
        tmp_path / "both", {**mini_files(), "isocheck.yaml": files["isocheck.yaml"] + kept}
    )
    assert outcomes(isocheck.evaluate(both))["M-7.1.5-01"] == MINI_EXPECTED["M-7.1.5-01"]


def test_a_rule_that_finds_none_of_evidence_kept_elsewhere_is_not_assessed_here(
    tmp_path: Path,
) -> None:
    files = mini_files()
    del files["registers/audits.csv"]
    plain = write_tree(tmp_path / "plain", files)
    assert outcomes(isocheck.evaluate(plain))["M-9.2-01"] == "nonconform"
    kept = "evidence:\n  audits:\n    kept_in: the audit tool (PRO-09)\n"
    folder = write_tree(
        tmp_path / "kept", {**files, "isocheck.yaml": files["isocheck.yaml"] + kept}
    )
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["M-9.2-01"]
    assert (finding.outcome, finding.message) == (
        "not-applicable",
        "not assessed here: Internal audits: kept in the audit tool (PRO-09); sample it there",
    )


def test_a_way_of_meeting_a_rule_kept_outside_the_folder_is_sampled_there(tmp_path: Path) -> None:
    # QMS-7.1.6-01 holds with a knowledge register or with a controlled document on
    # organizational knowledge: the register kept on the intranet may hold there
    profile = (
        "format: isocheck/profile/v1\norganization: {name: Banksia}\nscope: aged care\n"
        "standards: [iso9001-2015]\n"
    )
    procedure = (
        "---\nid: QS-PRO-01\ntitle: Care planning\nversion: 2\nowner: Joanne Pettit\n"
        "approved_by: CEO\napproved_on: 2026-01-10\nnext_review: 2027-01-10\nstatus: approved\n"
        "---\n# Care planning\nEach resident's care plan is reviewed every three months.\n"
    )
    kept = (
        "evidence:\n  knowledge-register:\n    kept_in: the clinical resource library (QS-PRO-09)\n"
    )

    def finding(more: str) -> Finding:
        folder = tmp_path / str(len(more))
        write_tree(folder, {"isocheck.yaml": profile + more, "procedures/QS-PRO-01.md": procedure})
        findings = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 20)).findings
        return {f.rule: f for f in findings}["QMS-7.1.6-01"]

    assert finding("").outcome == "nonconform"
    elsewhere = finding(kept)
    assert (elsewhere.outcome, elsewhere.message) == (
        "not-applicable",
        "not assessed here: Organizational knowledge register: kept in the clinical resource "
        "library (QS-PRO-09); sample it there",
    )


def test_references_to_records_kept_outside_the_folder_are_sampled_there(tmp_path: Path) -> None:
    # Every instrument retired is in the disposal records, which the organization keeps in a
    # binder: the references are for the auditor to look up there, not names of nothing
    pack = mini_files()["packs/mini.yaml"].replace(
        "rules:\n",
        "  disposals:\n    kind: table\n    title: Disposal records\n"
        '    locations: ["registers/disposals.csv"]\n    columns: [instrument, method]\n'
        'rules:\n  - id: M-7.1.5-02\n    clauses: ["7.1.5"]\n'
        "    title: Retired instruments are disposed of\n    severity: minor\n    stage: 2\n"
        "    checks:\n      - references:\n          evidence: calibration\n"
        "          column: instrument\n          where: {status: {equals: retired}}\n"
        "          to: {evidence: disposals, column: instrument}\n",
    )
    kept = "evidence:\n  disposals:\n    kept_in: the IT binder of destruction certificates\n"

    def finding(name: str, more: dict[str, str], profile: str = "") -> Finding:
        files = {"packs/mini.yaml": pack, "isocheck.yaml": mini_files()["isocheck.yaml"] + profile}
        folder = write_tree(tmp_path / name, mini_files(**files, **more))
        return {f.rule: f for f in isocheck.evaluate(folder).findings}["M-7.1.5-02"]

    plain = finding("plain", {})
    assert plain.outcome == "nonconform"
    elsewhere = finding("kept", {}, kept)
    assert (elsewhere.outcome, elsewhere.message) == (
        "not-applicable",
        "not assessed here: Disposal records: kept in the IT binder of destruction "
        "certificates; sample it there",
    )
    assert any("'G-03' not found in Disposal records" in d for d in elsewhere.details)
    # Kept elsewhere, but some in the folder: the folder's records are judged
    disposals = {"registers/disposals.csv": "instrument,method\nG-07,shredded\n"}
    assert finding("both", disposals, kept).outcome == "nonconform"


ISMS_PROFILE = (
    "format: isocheck/profile/v1\norganization: {name: Fenwick}\nscope: colocation\n"
    "standards: [iso27001-2022]\n"
)
SOA_HEADER = "control,title,applicable,justification,implementation_status,implemented_by\n"


def isms_finding(folder: Path, files: dict[str, str], rule: str) -> Finding:
    """One rule's finding on an ISO/IEC 27001 organization made of `files`."""
    write_tree(folder, {"isocheck.yaml": ISMS_PROFILE, **files})
    findings = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 10)).findings
    return {f.rule: f for f in findings}[rule]


def test_a_control_the_soa_declares_implemented_with_no_records_here_is_sampled_there(
    tmp_path: Path,
) -> None:
    soa = SOA_HEADER + (
        "5.7,Threat intelligence,yes,Risk R-IS-04,{status},NCSC/CiSP feeds; SIEM threat intelligence\n"
    )

    def threat_intelligence(status: str, more: str = "") -> Finding:
        files = {"isms/soa.csv": soa.format(status=status)}
        if more:
            files["isocheck.yaml"] = ISMS_PROFILE + more
        folder = tmp_path / status.replace(" ", "-") / str(len(more))
        return isms_finding(folder, files, "ISMS-A.5.7-01")

    finding = threat_intelligence("Implemented")
    assert (finding.outcome, finding.message) == (
        "not-applicable",
        "not assessed here: Threat intelligence log: kept in what the Statement of Applicability "
        "(one row per Annex A control) names as the control's implementation (isms/soa.csv:2: "
        "NCSC/CiSP feeds; SIEM threat intelligence); sample it there",
    )
    # declared in place in part: its records are where the part in place keeps them
    partly = threat_intelligence("partially implemented")
    assert partly.outcome == "not-applicable"
    assert "names as the control's partial implementation (isms/soa.csv:2:" in partly.message
    # declared planned: nothing is in place, and nothing here shows otherwise
    assert threat_intelligence("planned").outcome == "nonconform"
    # the profile says the folder keeps them: their absence is a gap
    located = "evidence:\n  threat-intelligence:\n    locations: [security/intel*.csv]\n"
    assert threat_intelligence("Implemented", located).outcome == "nonconform"


def test_a_soa_kept_as_a_spreadsheet_takes_its_document_control_from_the_master_list(
    tmp_path: Path,
) -> None:
    profile = (
        "format: isocheck/profile/v1\norganization: {name: Fenwick}\nscope: colocation\n"
        "standards: [iso27001-2022]\n"
        "evidence:\n  soa:\n    locations: ['ISMS/Statement of Applicability.csv']\n"
    )
    files = {
        "ISMS/Statement of Applicability.csv": (
            "control,title,applicable,justification,implementation_status\n"
            "5.1,Policies for information security,yes,Risk assessment,implemented\n"
        ),
        "leadership/roles.csv": (
            "role,person,responsibilities,authorities,top_management\n"
            "Chief Executive Officer,Helen Marsh,Leads the ISMS,Approves policies,yes\n"
        ),
        "documents/register.csv": (
            "doc_id,title,type,version,owner,status,approved_by,approved_on,next_review\n"
            "FDC-IS-SOA,Statement of Applicability,record,9.0,Rachel Whitfield,current,"
            "Helen Marsh,2026-10-05,2027-10-05\n"
        ),
    }

    def soa_control(register: str) -> Finding:
        folder = write_tree(
            tmp_path / str(len(register)),
            {**files, "documents/register.csv": register, "isocheck.yaml": profile},
        )
        findings = isocheck.evaluate(folder, as_of=dt.date(2026, 11, 10)).findings
        return {f.rule: f for f in findings}["ISMS-6.1.3-08"]

    finding = soa_control(files["documents/register.csv"])
    assert finding.outcome == "conform", finding.message
    # the master list says nothing of it: no document control found
    unlisted = soa_control(files["documents/register.csv"].splitlines()[0] + "\n")
    assert unlisted.outcome == "nonconform"


def test_a_control_declared_implemented_whose_records_here_keep_no_column_for_it(
    tmp_path: Path,
) -> None:
    soa = (
        SOA_HEADER
        + "5.28,Collection of evidence,yes,Risk R-IS-09,Implemented,Incident procedure s.7\n"
    )

    def evidence_control(register: str) -> Finding:
        files = {"isms/soa.csv": soa, "incidents/register.csv": register}
        return isms_finding(tmp_path / str(len(register)), files, "ISMS-A.5.28-01")

    # an export with no column for the evidence kept: sampled where the SoA says
    finding = evidence_control(
        "incident_id,reported_on,classification,severity,closed_on\n"
        "SIR-1,2026-03-02,incident,high,2026-03-09\n"
    )
    assert finding.outcome == "not-applicable"
    assert finding.message.startswith(
        "not assessed here: what the rule asks of the records here, which keep no column for it, "
        "is kept in what the Statement of Applicability"
    )
    # a register with the column, left empty for a high incident: a gap here
    kept = evidence_control(
        "incident_id,reported_on,classification,severity,closed_on,evidence_ref\n"
        "SIR-1,2026-03-02,incident,high,2026-03-09,\n"
    )
    assert kept.outcome == "nonconform"


def test_no_record_of_a_kind_the_standard_does_not_ask_for_is_not_assessed_here(
    tmp_path: Path,
) -> None:
    profile = (
        "format: isocheck/profile/v1\norganization: {name: Sørensen}\nscope: ship repair\n"
        "standards: [iso9001-2015]\n"
    )
    folder = write_tree(tmp_path / "plain", {"isocheck.yaml": profile})
    finding = {f.rule: f for f in isocheck.evaluate(folder).findings}["QMS-10.1-01"]
    assert (finding.outcome, finding.message) == (
        "not-applicable",
        "not assessed here: the folder holds no Continual improvement log, which the standard "
        "does not ask to be documented, and the profile locates none; ask how it is done",
    )
    # a rule that reads nothing else: whatever it says follows from the absence
    plan = {f.rule: f for f in isocheck.evaluate(folder).findings}["HS-7.4-01"]
    assert plan.outcome == "not-applicable", plan.message
    # mandatory documented information missing is a gap, optional or not
    assert {f.rule: f for f in isocheck.evaluate(folder).findings}["HS-9.2-01"].outcome == (
        "nonconform"
    )
    # where the profile says the folder keeps the log, its absence is a gap
    kept = profile + "evidence:\n  improvement-log:\n    locations: [improvement/log*.csv]\n"
    located = write_tree(tmp_path / "located", {"isocheck.yaml": kept})
    finding = {f.rule: f for f in isocheck.evaluate(located).findings}["QMS-10.1-01"]
    assert finding.outcome == "nonconform"


def test_one_legal_register_of_an_integrated_system_serves_the_other_standard(
    tmp_path: Path,
) -> None:
    # The profile maps the register as ISO 14001's compliance obligations only; ISO 50001's
    # energy legal register is read through that mapping (same_as), its own columns renamed.
    write_tree(
        tmp_path,
        {
            "isocheck.yaml": (
                "format: isocheck/profile/v1\n"
                "organization: {name: Mill}\n"
                "scope: Yarn dyeing\n"
                "standards: [iso14001-2015, iso50001-2018]\n"
                "evidence:\n"
                "  compliance-obligation:\n"
                "    locations: ['planning/legal.csv']\n"
                "    columns: {id: Ref, obligation: Act, type: Kind, requirement: Summary,"
                " aspects: Applies to, owner: Owner}\n"
            ),
            "planning/legal.csv": (
                "Ref,Act,Kind,Summary,Applies to,Owner\n"
                "L-01,Energy Conservation Act 2001,legal,Designated consumer duties,Boilers,P. Arun\n"
            ),
        },
    )
    found = {f.rule: f for f in isocheck.evaluate(tmp_path, as_of=dt.date(2026, 11, 20)).findings}
    assert "no Register of energy legal requirements" not in found["EN-4.2-01"].message
    assert found["EN-4.2-01"].outcome == "conform", found["EN-4.2-01"].message


def test_scenarios_kept_in_the_emergency_plan_are_read_there_unless_the_profile_maps_them(
    tmp_path: Path,
) -> None:
    # No register of scenarios is located: the table of the plan, among the controlled documents
    # the profile locates, is read as one (within:), the plan itself its planned response.
    profile = (
        "format: isocheck/profile/v1\n"
        "organization: {name: Mill}\n"
        "scope: Yarn dyeing\n"
        "standards: [iso14001-2015]\n"
        "document_control: {id: Doc. No., approved_by: Approved by}\n"
        "evidence:\n"
        "  controlled-document:\n"
        "    locations: ['07 Emergency/*.md']\n"
    )
    plan = (
        "# On-site Emergency Plan\n\n"
        "| Doc. No. | IMS-P-21 |\n|---|---|\n| Approved by | K. Senthilkumar |\n\n"
        "## 2. Potential emergency situations\n\n"
        "| Sc. No. | Scenario | Location |\n|---|---|---|\n"
        "| 1 | Major fire in the yarn stores | Stores |\n"
        "| 2 | Chemical spill at the tank farm | Tank farm |\n"
    )
    folder = write_tree(
        tmp_path / "plan", {"isocheck.yaml": profile, "07 Emergency/IMS-P-21 Plan.md": plan}
    )
    found = {f.rule: f for f in isocheck.evaluate(folder, as_of=dt.date(2026, 6, 1)).findings}
    assert found["EMS-8.2-01"].outcome == "conform", found["EMS-8.2-01"].message
    # mapped by the profile elsewhere, the type is read where the profile says, and only there
    mapped = profile + "  emergency-scenario:\n    locations: ['emergency/register*.csv']\n"
    folder = write_tree(
        tmp_path / "mapped", {"isocheck.yaml": mapped, "07 Emergency/IMS-P-21 Plan.md": plan}
    )
    found = {f.rule: f for f in isocheck.evaluate(folder, as_of=dt.date(2026, 6, 1)).findings}
    assert found["EMS-8.2-01"].outcome == "nonconform"
    assert "no Potential emergency situations" in found["EMS-8.2-01"].message


def test_a_rule_excluded_with_a_clause_is_not_applicable_where_the_profile_excludes_it(
    tmp_path: Path,
) -> None:
    # A training provider that calibrates nothing excludes 7.1.5.2: the calibration rules,
    # whose own clauses are 7.1.5 and 7.1.5.1, go with it; kept without the exclusion.
    profile = (
        "format: isocheck/profile/v1\n"
        "organization: {name: Kilnsey Skills & Training Ltd}\n"
        "scope: Design and delivery of vocational training\n"
        "standards: [iso9001-2015]\n"
    )
    excluded = profile + (
        "exclusions:\n"
        '  - {clause: "7.1.5.2", justification: "No equipment decides conformity; assessment is by'
        ' qualified assessors."}\n'
    )
    folder = write_tree(tmp_path / "a", {"isocheck.yaml": excluded})
    findings = {f.rule: f for f in isocheck.evaluate(folder, as_of="2026-11-20").findings}
    assert findings["QMS-7.1.5-01"].outcome == "not-applicable"
    assert findings["QMS-7.1.5-01"].exclusion == {
        "clause": "7.1.5.2",
        "justification": "No equipment decides conformity; assessment is by qualified assessors.",
    }
    assert findings["QMS-7.1.5-02"].outcome == "not-applicable"
    folder = write_tree(tmp_path / "b", {"isocheck.yaml": profile})
    findings = {f.rule: f for f in isocheck.evaluate(folder, as_of="2026-11-20").findings}
    assert findings["QMS-7.1.5-01"].outcome == "nonconform"


_INTEGRATED_PROFILE = """\
format: isocheck/profile/v1
organization: {name: Brennan Precast}
scope: Precast concrete products
standards: [iso9001-2015, iso14001-2015]
as_of: 2026-11-20
evidence:
  internal-audit-programme:
    locations: ["audits/programme.csv"]
    columns:
      clauses: {iso9001-2015: ISO 9001 clauses, iso14001-2015: ISO 14001 clauses}
"""
_PROGRAMME_HEAD = "audit_id,area,ISO 9001 clauses,ISO 14001 clauses,auditor,planned_date,status\n"
_PROGRAMME_ROWS = (
    'IA-26-01,Leadership and planning,"4, 5, 6.1, 6.2, 6.3, 7.5","4, 5, 6.1, 6.2, 7.5",'
    "Maura Keane,2026-02-10,completed\n"
    'IA-26-05,People and communication,"7.1.2, 7.2, 7.3, 7.4","7.2, 7.3, 7.4",'
    "Niamh Fitzgerald,2026-09-15,completed\n"
    'IA-26-06,Production and maintenance,"7.1.3, 7.1.4, 7.1.5, 7.1.6, 8.1, 8.5",8.1,'
    "Aoife Gallagher,2026-07-07,completed\n"
    'IA-26-09,"Monitoring, audit, review","9.1, 9.2, 9.3, 10","9.1, 9.2, 9.3, 10",'
    "Maura Keane,2026-11-17,completed\n"
)


@pytest.mark.parametrize(
    ("rows", "outcomes"),
    [
        # ISO 14001's column lists no 7.1: the resources audited as ISO 9001's 7.1.2 to 7.1.6 are
        # the one system's
        (_PROGRAMME_ROWS, {"iso9001-2015": "conform", "iso14001-2015": "conform"}),
        # the objectives (6.2) audited for neither standard
        (
            _PROGRAMME_ROWS.replace("6.1, 6.2,", "6.1,"),
            {"iso9001-2015": "nonconform", "iso14001-2015": "nonconform"},
        ),
    ],
)
def test_an_integrated_programme_audits_a_shared_clause_once_for_every_standard(
    tmp_path: Path, rows: str, outcomes: dict[str, str]
) -> None:
    folder = write_tree(
        tmp_path,
        {"isocheck.yaml": _INTEGRATED_PROFILE, "audits/programme.csv": _PROGRAMME_HEAD + rows},
    )
    found = {
        f.standard: f.outcome for f in isocheck.evaluate(folder).findings if f.rule == "HS-9.2-02"
    }
    assert found == outcomes


def test_a_files_own_header_in_the_form_of_another_standards_column_is_no_mapping(
    tmp_path: Path,
) -> None:
    # the profile maps no column per standard: a header spelt "clauses@iso9001-2015" is the
    # organization's own column, which the rule does not read as another standard's clauses
    profile = _INTEGRATED_PROFILE.replace(
        "standards: [iso9001-2015, iso14001-2015]", "standards: [iso14001-2015]"
    ).replace(
        "clauses: {iso9001-2015: ISO 9001 clauses, iso14001-2015: ISO 14001 clauses}",
        "clauses: clauses",
    )
    rows = (
        "audit_id,area,clauses,clauses@iso9001-2015,auditor,planned_date,status\n"
        'IA-26-01,Leadership,"4, 5, 6.1, 6.2, 7.2, 7.3, 7.4, 7.5, 8.1, 9.1, 9.2, 9.3, 10",'
        '"7.1.2, 7.1.3",Maura Keane,2026-02-10,completed\n'
    )
    folder = write_tree(tmp_path, {"isocheck.yaml": profile, "audits/programme.csv": rows})
    (finding,) = [f for f in isocheck.evaluate(folder).findings if f.rule == "HS-9.2-02"]
    assert finding.outcome == "nonconform"
    assert "7.1" in finding.message
