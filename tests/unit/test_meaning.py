"""Reading an organization's cells as the pack's words: vocabularies, empty markers, dates in the
organization's format, and the profile mapping that declares them (delimiter, rows filter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import GERMAN_NCS as NCS
from support import GERMAN_PACK as PACK
from support import GERMAN_PROFILE as PROFILE
from support import GERMAN_RISKS as RISKS
from support import write_tree

import isocheck
from isocheck import meaning
from isocheck.errors import InputError
from isocheck.loaders import sniff_delimiter
from isocheck.meaning import (
    GAP,
    CellReader,
    DateFormatError,
    PhraseTable,
    Vocabulary,
    check_date_format,
    due_in_text,
    fold,
    periods_in,
    prefixed,
    says,
    says_any,
    says_pending,
    without_quantity,
    words,
)

STATUS = {"open": ["in progress", "offen"], "closed": ["done", "completed", "erledigt"]}


@pytest.mark.parametrize(
    ("cell", "word"),
    [
        ("Closed", "closed"),
        ("  DONE. ", "done" and "closed"),
        ("closed - not achieved, carried over", "closed"),
        ("Erledigt (siehe 8D-Bericht)", "closed"),
        ("in   progress", "open"),
        ("In-Progress", "open"),
        ("inprogress", "open"),
        ("open-ended", None),  # "open" followed by more of the same word is not "open"
        ("not closed", None),
        ("reopened", None),
        ("", None),
    ],
)
def test_a_cell_is_the_value_it_names(cell: str, word: str | None) -> None:
    assert Vocabulary.of(STATUS).meaning(cell) == word


def test_the_longest_term_wins_and_the_profile_adds_its_words() -> None:
    vocabulary = Vocabulary.of(
        {"surveillance": [], "recertification": ["re-certification"]},
        {"Überwachungsaudit": "Surveillance", "ÜA": "surveillance"},
    )
    assert vocabulary.meaning("Surveillance 2") == "surveillance"
    assert vocabulary.meaning("re-certification audit") == "recertification"
    assert vocabulary.meaning("überwachungsaudit 2026") == "surveillance"
    assert vocabulary.meaning("ÜA") == "surveillance"


@given(st.text(max_size=40))
def test_folding_is_idempotent_and_never_raises(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=40))
def test_a_cell_names_a_known_word_or_nothing(text: str) -> None:
    assert Vocabulary.of(STATUS).meaning(text) in (None, "open", "closed")


def test_a_row_is_read_with_dates_empties_and_words() -> None:
    reader = CellReader.build(
        {"status": STATUS},
        {"status": {"in Bearbeitung": "open"}},
        empty=["keine"],
        dates="%d.%m.%Y",
        evidence="nonconformities",
    )
    fields, problem = reader.read(
        {"status": "In Bearbeitung", "opened": "03.02.2026", "owner": "keine", "note": "-"}
    )
    assert fields == {"status": "open", "opened": dt.date(2026, 2, 3), "owner": "", "note": ""}
    assert problem == {}


def test_a_dash_the_profile_declares_empty_is_empty_where_the_pack_gives_it_a_meaning() -> None:
    pack = {
        "material_lot": {"none used": ["-", "n/a"]},
        "mfa": {"not applicable": ["n/a"]},
    }
    row = {"material_lot": "-", "mfa": "N/A"}
    # The pack's reading: a dash for the lot is an answer, that no material was used
    unsaid = CellReader.build(pack, {}, open_columns=["material_lot"])
    assert unsaid.read(row)[0] == {"material_lot": "none used", "mfa": "not applicable"}
    # The organization says its dashes record nothing: the lot is not recorded. A word it
    # declares empty still says what the pack reads it as in a column that knows it.
    declared = CellReader.build(
        pack, {}, empty=["-", "N/A"], open_columns=["material_lot"], own_empty=["-", "N/A"]
    )
    assert declared.read(row)[0] == {"material_lot": "", "mfa": "not applicable"}


def test_japanese_punctuation_of_full_width_is_read_as_the_punctuation_it_stands_for() -> None:
    reader = CellReader.build(
        {"status": STATUS}, {"status": {"対応中（延長承認済）": "open"}}, evidence="ncs"
    )
    fields, problem = reader.read(
        {
            "status": "対応中（延長承認済）",
            "auditor": "田村 真由美、石川 美穂",
            "chair": "大西 隆（社長）",
        }
    )
    assert problem == {}
    assert fields["status"] == "open"  # the profile's word, written with the same parentheses
    assert fields["auditor"] == "田村 真由美, 石川 美穂"  # a list of two people
    assert fields["chair"] == "大西 隆 (社長)"  # a name and a remark


def test_an_unknown_value_in_a_closed_column_is_reported_with_the_way_to_map_it() -> None:
    reader = CellReader.build({"status": STATUS}, {}, evidence="nonconformities")
    fields, problem = reader.read({"status": "parked", "note": "whatever"})
    assert fields["status"] == "parked"
    assert problem == {
        "status": "status 'parked' is not one of: open, closed; say what it means in the profile "
        "(evidence: nonconformities: values: status: {'parked': ...})"
    }


def test_each_cell_as_written_is_read_once_per_column(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = CellReader.build({"status": STATUS}, {}, dates="%d.%m.%Y", evidence="ncs")
    meanings: list[str] = []
    real = Vocabulary.meaning

    def counting(self: Vocabulary, cell: str) -> str | None:
        meanings.append(cell)
        return real(self, cell)

    monkeypatch.setattr(Vocabulary, "meaning", counting)
    rows = [{"status": s, "opened": "03.02.2026"} for s in ["Open", "parked", "Open"] * 20]
    read = [reader.read(row) for row in rows]
    assert meanings == ["Open", "parked"]
    assert read[0] == ({"status": "open", "opened": dt.date(2026, 2, 3)}, {})
    assert read[4] == read[1] and read[1][1].keys() == {"status"}
    # The same words in another column are that column's to read
    assert reader.read({"note": "Open"}) == ({"note": "Open"}, {})


def test_a_column_without_a_pack_vocabulary_is_mapped_but_not_judged() -> None:
    reader = CellReader.build({}, {"flag": {"ja": "yes"}})
    assert reader.read({"flag": "Ja", "other": "x"}) == ({"flag": "yes", "other": "x"}, {})
    assert reader.read({"flag": "vielleicht"}) == ({"flag": "vielleicht"}, {})


def test_per_column_dates_leave_other_columns_alone() -> None:
    reader = CellReader.build({}, {}, dates={"due": "%m/%d/%Y"})
    fields, _ = reader.read({"due": "01/31/2026", "ref": "01/31/2026", "bad": "x"})
    assert fields == {"due": dt.date(2026, 1, 31), "ref": "01/31/2026", "bad": "x"}


def test_a_date_field_of_words_headed_by_its_day_takes_that_day_in_the_organizations_format() -> (
    None
):
    # "Stand 30.09.2026" over the progress of each objective, mapped to reviewed_on, where the
    # profile gives one format for every column: the objectives were reviewed on that day
    headers = {"reviewed_on": "Stand 30.09.2026", "value": "Wert 30.09.2026"}
    reader = CellReader.build({}, {}, dates="%d.%m.%Y", headers=headers)
    fields, _ = reader.read({"reviewed_on": "29 ppm kumuliert - auf Kurs", "value": "12,5"})
    assert fields == {"reviewed_on": dt.date(2026, 9, 30), "value": "12,5"}


def test_a_band_written_as_a_range_gives_each_end_to_its_field() -> None:
    # min_level and max_level mapped to one column "Score range" of a risk acceptance table
    reader = CellReader.build({}, {})
    for cell, low, high in (
        ("1 - 4", "1", "4"),
        ("10–16", "10", "16"),
        ("17 to 25", "17", "25"),
        ("5〜9", "5", "9"),  # a wave dash, as Japanese writes a band
    ):
        fields, _ = reader.read({"min_level": cell, "max_level": cell, "note": cell})
        assert fields == {"min_level": low, "max_level": high, "note": cell}


def test_per_column_dates_leave_the_others_to_the_organizations_format() -> None:
    reader = CellReader.build({}, {}, dates={"planned_on": "%m/%Y"}, dates_else="%d.%m.%Y")
    fields, _ = reader.read({"planned_on": "05/2025", "date": "15.05.2025", "note": "vyhovuje"})
    assert fields == {
        "planned_on": dt.date(2025, 5, 1),
        "date": dt.date(2025, 5, 15),
        "note": "vyhovuje",
    }


@pytest.mark.parametrize(
    "fmt",
    [
        *("%d.%m.%Y", "%m/%d/%Y", "%Y-%m-%d", "%d %b %Y", "%m/%Y", "%d/%b/%y %I:%M %p"),
        # without a year ("%b", "%d.%m"), the column's header names it
        *("%b", "%d.%m"),
        # with a UTC offset, as cloud tools write their timestamps
        *("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"),
    ],
)
def test_usable_date_formats(fmt: str) -> None:
    check_date_format(fmt)


def test_a_timestamp_with_its_utc_offset_reads_as_its_day() -> None:
    reader = CellReader.build({}, {}, dates={"at": "%Y-%m-%dT%H:%M:%S.%f%z"})
    fields, _ = reader.read({"at": "2026-09-07T11:05:43.645806+00:00"})
    assert fields == {"at": dt.date(2026, 9, 7)}
    reader = CellReader.build({}, {}, dates={"at": "%Y-%m-%dT%H:%M:%S%z"})
    assert reader.read({"at": "2026-10-03T14:22:05Z"})[0] == {"at": dt.date(2026, 10, 3)}


def test_a_year_of_the_buddhist_era_reads_as_the_gregorian_year() -> None:
    check_date_format("%d/%m/%E")
    reader = CellReader.build({}, {}, dates={"start_date": "%d/%m/%E"})
    fields, _ = reader.read({"start_date": "20/11/2569"})
    assert fields == {"start_date": dt.date(2026, 11, 20)}
    # a leap day of the Buddhist year 2567, which is 2024
    assert reader.read({"start_date": "29/02/2567"})[0] == {"start_date": dt.date(2024, 2, 29)}


@pytest.mark.parametrize("fmt", ["DD.MM.YYYY", "%Y", "%d %H:%M", "%d.%q"])
def test_unusable_date_formats(fmt: str) -> None:
    with pytest.raises(DateFormatError):
        check_date_format(fmt)


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("a,b,c", ","),
        ("Nr;Datum;Beschreibung", ";"),
        ("a\tb\tc", "\t"),
        ("a|b", "|"),
        ('"Name; Vorname";Datum', ";"),
        ('"a,b";c;d', ";"),
        ("single", ","),
        ("x;y,z,w", ","),
    ],
)
def test_the_delimiter_is_the_one_the_header_holds_most(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header + "\n1,2,3\n") == delimiter


# --- through the profile -------------------------------------------------------------------------


def evaluate(tmp_path: Path, **files: str) -> dict[str, isocheck.Finding]:
    folder = write_tree(
        tmp_path / "ev",
        {
            "isocheck.yaml": PROFILE,
            "pack.yaml": PACK,
            "Register/Abweichungen.csv": NCS,
            "Register/Risiken.csv": RISKS,
            **files,
        },
    )
    return {f.rule: f for f in isocheck.evaluate(folder).findings}


def test_a_german_register_is_read_as_the_organization_says(tmp_path: Path) -> None:
    found = evaluate(tmp_path)
    # A-3 is closed (its own words), but "none" is no closing date: the one real problem, said
    # of the column as the register names it
    assert found["NC-02"].outcome == "nonconform"
    assert found["NC-02"].details == (
        "Register/Abweichungen.csv:4: Nr A-3: Erledigt am is missing or empty",
    )
    # Dates were read as DD.MM.YYYY: A-1 closed in 17 days, A-2 open for 22 days.
    assert found["NC-01"].outcome == "nonconform"
    assert [d.split(": ", 1)[0] for d in found["NC-01"].details] == ["Register/Abweichungen.csv:4"]
    # Only the opportunity rows are opportunities: the risk without an owner is not judged here.
    assert found["OPP-01"].outcome == "conform"


def test_an_unknown_status_is_a_finding_never_a_silent_no(tmp_path: Path) -> None:
    found = evaluate(tmp_path, **{"Register/Abweichungen.csv": NCS.replace("offen;-", "geparkt;-")})
    assert found["NC-02"].outcome == "nonconform"
    assert (
        "Register/Abweichungen.csv:3: status 'geparkt' is not one of: open, closed; say what "
        "it means in the profile (evidence: ncs: values: status: {'geparkt': ...})"
    ) in found["NC-02"].details


def test_rows_left_out_by_the_filter_are_not_missing_evidence(tmp_path: Path) -> None:
    found = evaluate(tmp_path, **{"Register/Risiken.csv": "Art,Verantwortlich\nRisiko,A\n"})
    assert found["OPP-01"].outcome == "nonconform"
    assert found["OPP-01"].message == (
        "no Opportunities recorded: none of the 1 rows of Register/Risiken.csv satisfies the "
        "profile's rows:"
    )


def test_a_wrongly_declared_delimiter_gets_a_hint(tmp_path: Path) -> None:
    found = evaluate(tmp_path, **{"Register/Abweichungen.csv": NCS.replace(";", "\t")})
    assert "the file seems delimited by tab, not ';'; set delimiter: '\\t'" in (
        found["NC-01"].message
    )


def test_a_bad_date_format_or_row_filter_is_a_profile_error(tmp_path: Path) -> None:
    profile = PROFILE.replace('dates: "%d.%m.%Y"', 'dates: "DD.MM.YYYY"').replace(
        "rows: {Art: {equals: Chance}}", "rows: {Art: {equal: Chance}}"
    )
    folder = write_tree(tmp_path / "bad", {"isocheck.yaml": profile, "pack.yaml": PACK})
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    shown = [str(p) for p in info.value.problems]
    assert any(":11:12: 'DD.MM.YYYY' does not name a month (%m, %b or %B)" in p for p in shown), (
        shown
    )
    assert any(":17:" in p and "rows:" in p and "write a condition as in" in p for p in shown)


# --- phrases in documents ------------------------------------------------------------------------

POLICY = (
    "We commit to satisfy applicable information security requirements, to the continual "
    "improvement of the ISMS and to setting measurable objectives."
)


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("applicable requirements", True),  # two words between: the standard's own wording
        ("continual improvement", True),
        ("satisfy requirements", True),
        ("objective", True),  # inflection aside
        ("information-security requirement", True),
        ("requirements applicable", False),  # order counts
        ("customer satisfaction", False),
        ("applicable improvement", False),  # too far apart
        ("set", False),  # short words are the same word or not
    ],
)
def test_a_phrase_is_said_in_its_order_a_few_words_apart(phrase: str, said: bool) -> None:
    assert says(phrase, words(POLICY)) is said


MINUTES_JA = (
    "内部監査の結果、是正処置の状況及び情報セキュリティ目的の達成度を"
    "マネジメントレビューで確認した。研修は不合格。"
)


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("是正処置", True),  # inside a run of characters: Japanese writes no spaces
        ("内部監査結果", True),  # a particle between the words ("内部監査の結果")
        ("マネジメントレビュー", True),
        ("監査計画", False),  # the audit programme is not its results
        ("処置是正", False),  # order counts
        ("目的を達成", True),  # particles join words as the grammar needs: を here, の there
        ("マネジメントレビューに確認", True),
        ("合格", False),  # not in "不合格" either: 不 negates the word it leads
    ],
)
def test_a_japanese_phrase_is_found_in_text_without_spaces(phrase: str, said: bool) -> None:
    assert says(phrase, words(MINUTES_JA)) is said


MINUTES_KO = "내부심사 결과와 시정조치 현황을 검토함. 암호화를 도입. 부적합 2건, 교육 불합격 1명."


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("내부 심사 결과", True),  # a compound written with a space or without
        ("시정 조치", True),
        ("암호화", True),  # a particle joined to the word ("암호화를")
        ("감사 계획", False),  # the audit programme is not its results
        ("적합", False),  # "부적합" is a nonconformity: 부 negates the word it leads
        ("합격", False),  # "불합격" is failed
        ("불합격", True),
        ("심사 결과", True),  # "부" ending "내부" (internal) negates nothing
    ],
)
def test_a_korean_phrase_is_found_whatever_its_spacing_and_particles(
    phrase: str, said: bool
) -> None:
    assert says(phrase, words(MINUTES_KO)) is said


MINUTES_TH = "ผลการตรวจติดตามภายใน และการทบทวนของฝ่ายบริหาร ผลการสอบเทียบ ไม่ผ่าน"


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("การตรวจติดตามภายใน", True),  # inside a run of Thai, written without spaces
        ("ทบทวน ฝ่ายบริหาร", True),  # two words a word apart ("ของ")
        ("ทบทวนฝ่ายบริหาร", False),  # written as one word: its letters stand together
        ("การตรวจติดตามภายนอก", False),  # external is not internal
        ("ผ่าน", False),  # "ไม่ผ่าน" is failed: ไม่ negates what it leads
        ("ไม่ผ่าน", True),
        ("การรวจ", False),  # letters of a word scattered through the text say nothing
    ],
)
def test_a_thai_phrase_is_found_by_its_letter_clusters(phrase: str, said: bool) -> None:
    assert says(phrase, words(MINUTES_TH)) is said


@pytest.mark.parametrize(
    ("phrase", "text", "said"),
    [
        ("başarısız", "Başarılı", False),  # unsuccessful is not successful
        ("başarısız", "BAŞARISIZ", True),
        ("uygun", "uygunsuz", False),  # nonconforming is not conforming
        ("uygun", "uygundur", True),
        ("erfolgreich", "erfolglos", False),
        ("îmbunătățire continuă", "Îmbunătăţire continuă", True),  # cedilla or comma below
        ("megfelelőség", "nemmegfelelőség", False),  # a nonconformity is no conformity
        ("megfelelőség", "megfelelőségértékelés", True),
        ("requirement", "requirements", True),
        ("异常", "设备无异常", False),  # 无 (none) negates what it leads
    ],
)
def test_a_word_with_an_ending_saying_without_is_its_opposite(
    phrase: str, text: str, said: bool
) -> None:
    assert says(phrase, words(text)) is said


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("Vitrage fêlé lors de la dépose", True),
        ("No damage at incoming inspection", False),
        ("Giriş kontrolünde hasar yok", False),
        ("Ohne Schaden angeliefert", False),
        ("Nil damage noted", False),
        ("Ikke beskadiget ved modtagelse", False),
        ("Não houve danos na receção", False),
        ("Pas de dommage constaté", False),
        ("Dommage sur le montant gauche", True),
        ("No damage at receipt; pin damaged in use", True),  # denied once, said once
        ("not passed", True),  # a phrase that denies itself is said as it is
        # Czech, Hungarian, Romanian and Greek
        ("Bez poškození, obal není poškozený", False),
        ("Nem sérült, sérülés nélkül átvéve", False),
        ("Fără deteriorări la recepție", False),
        ("Δεν υπάρχει ζημιά", False),
        ("Ζημιά στο κιβώτιο", True),
        # Vietnamese denies before, Korean after
        ("Không hư hỏng khi nhận hàng", False),
        ("Hư hỏng bao bì", True),
        ("입고 시 손상 없음", False),
        ("포장 손상", True),
    ],
)
def test_a_phrase_said_only_where_the_cell_denies_it_is_not_said(cell: str, said: bool) -> None:
    from isocheck.conditions import holds
    from isocheck.evidence import Item
    from isocheck.model import EvidenceRef

    item = Item({"incident": cell}, EvidenceRef("p.csv", 2, ""))
    condition = {
        "incident": {
            "says": [
                "damage",
                "damaged",
                "hasar",
                "fêlé",
                "Schaden",
                "not passed",
                "beskadiget",
                "danos",
                "dommage",
                "poškozený",
                "sérült",
                "sérülés",
                "deteriorări",
                "ζημιά",
                "hư hỏng",
                "손상",
            ]
        }
    }
    assert holds(condition, item, dt.date(2026, 11, 20)) is said


def test_the_turkish_dotted_capital_i_folds_to_an_i_within_its_word() -> None:
    # "İ".casefold() is an i and a combining dot, which would cut "İç" into "i" and "ç"
    assert words("## 2. İç Hususlar\nİklim değişikliği") == [
        "2", "iç", "hususlar", "iklim", "değişikliği"
    ]  # fmt: skip
    assert says("iç hususlar", words("İÇ HUSUSLAR"))
    assert fold(" İç ve Dış ") == fold("IÇ VE DIŞ") == "iç ve diş"  # ı read as i


@pytest.mark.parametrize(
    ("phrase", "text", "said"),
    [
        ("Ziele", "Unsere Qualitätsziele 2026", True),  # a compound ends in the word
        ("Zufriedenheit", "Kundenzufriedenheit", True),
        ("Politik", "die Qualitätspolitik", True),
        ("Konformität", "Nichtkonformitäten", False),  # its first part negates it
        ("conformity", "nonconformity", False),
        ("Sicherheit", "Informationssicherheit", True),
        ("review", "preview", False),  # a first part of three letters at least
        ("Ziele", "Qualitätszielerreichung", False),  # the word must end the compound
        # or begin it, whole, if it has five letters at least
        ("Abfall", "Abfalltrennung und Energiesparen", True),
        ("Gefährdung", "Gefährdungsbeurteilung", True),
        ("Ziel", "Zielvereinbarung", False),
        ("Abfall", "Abfalls", True),
        # an English noun in -ment said by its verb
        ("continual improvement", "Continually improve the EHS management system", True),
        ("requirements", "as required by law", True),
        ("commitment", "we are committed to", True),
        ("commitment", "the safety committee", False),  # not the verb's own ending
        ("statement", "the state of the art", False),  # a verb of five letters is too short
        # a stem of five letters starts other words: the word found is a few letters longer at most
        ("internal audit", "interessierter Parteien: 3 Kundenaudits", False),
        ("internal audit", "die internen Audits", True),
        ("satisfy", "customer satisfaction", True),
        # and goes on as the word does, but for an ending inflection drops or turns
        ("compras", "Compressed Air System Operation", False),
        ("compras", "Procedimiento de compras", True),
        ("manage", "managing change", True),
        ("policy", "the policies", True),
        # a noun in -ness said by its adjective
        ("QMS effectiveness", "Overall the QMS is effective", True),
        ("QMS effectiveness", "the QMS is effectively", True),
        # a short word whose plural takes -es
        ("near miss", "last month's near misses", True),
        ("box", "first-aid boxes", True),
        ("miss", "missed", False),
        # the quantity of a thing is the thing measured
        ("pumpattu vesimäärä", "Verkostoon pumpattu vesi", True),
        ("Abwassermenge", "Abwasser zur Kläranlage", True),
        ("vesimäärä", "vesijohto", False),
        # a stem with another ending of vowels, one of them a letter English does not write
        ("CIP ciklų", "Pasterizuoto pieno kiekis ir CIP ciklai", True),
        ("ciklai", "CIP ciklų skaičius", True),
        ("scope", "Scopo del documento", False),  # Italian "scopo" is the purpose
        ("ciklų", "cikliškas", False),  # the stem goes on in a consonant
    ],
)
def test_a_compound_says_the_word_it_ends_or_begins_with(
    phrase: str, text: str, said: bool
) -> None:
    assert says(phrase, words(text)) is said


def test_an_organizations_wording_joins_the_topic_or_phrase_it_names() -> None:
    topics = {
        "review-audits": ("audit results", "internal audit"),
        "review-customer": ("customer satisfaction", "customer feedback"),
        "review-parties": ("interested parties",),
    }
    own = {
        "audit results": ["Auditergebnisse"],  # one of a topic's phrases
        "review-parties": ["Stakeholder"],  # the topic itself
        "audit scope": ["Auditumfang"],  # says the phrase a rule wants, "scope"
        "customer satisfaction and feedback": ["Kundenzufriedenheit"],  # says the longest
    }
    table = PhraseTable(topics, own)
    assert table["review-audits"] == ("audit results", "internal audit", "Auditergebnisse")
    assert table["review-parties"] == ("interested parties", "Stakeholder")
    assert table["review-customer"][-1] == "Kundenzufriedenheit"
    assert table.saying("scope") == ("scope", "Auditumfang")
    assert table.saying("findings") == ("findings",)
    assert table.saying("review-audits") == table["review-audits"]


@given(st.lists(st.sampled_from(["risk", "the", "treatment", "plan", "of"]), max_size=300))
def test_saying_is_the_same_as_finding_the_words_in_a_window(text: list[str]) -> None:
    expected = any(
        text[i] == "risk" and "treatment" in text[i + 1 : i + 2 + GAP] for i in range(len(text))
    )
    assert says("risk treatment", text) is expected


# words that are each other's inflections, compounds and negations, short and long
_WORDS = ["risk", "risks", "ris", "policy", "policies", "polic", "nonconformity", "conformity"]
_WORDS += ["ziel", "ziele", "qualitätsziele", "nichtziele", "audit", "audits", "the", "s", "a"]
_WORDS += ["improvement", "improve", "improved", "commitment", "committee"]


@given(
    st.lists(st.lists(st.sampled_from(_WORDS), max_size=3).map(" ".join), max_size=4),
    st.lists(st.sampled_from(_WORDS), max_size=12),
)
def test_saying_any_phrase_is_saying_one_of_them(phrases: list[str], text: list[str]) -> None:
    assert says_any(phrases, text) is any(says(phrase, text) for phrase in phrases)


@pytest.mark.parametrize(
    ("phrase", "text", "said"),
    [
        # an article of the phrase a text leaves out
        (
            "mate waarin de doelstellingen zijn gerealiseerd",
            "Mate waarin doelstellingen zijn gerealiseerd",
            True,
        ),
        (
            "extent to which the objectives have been met",
            "Extent to which objectives have been met",
            True,
        ),
        # or says, bridging words the phrase leaves out
        ("appréciation des risques", "Méthode d'appréciation et de traitement des risques", True),
        ("the management review", "management review", True),
        # "of the" made one word, said "of"
        ("adequação dos recursos", "8. Adequação de recursos", True),
        # a word that is an article in one language only is a word to find
        ("as required", "required", False),
        ("mate waarin de doelstellingen zijn gerealiseerd", "Mate waarin zijn gerealiseerd", False),
    ],
)
def test_an_article_of_a_phrase_may_be_left_out(phrase: str, text: str, said: bool) -> None:
    assert says(phrase, words(text)) is said
    assert says_any([phrase], words(text)) is said


def test_a_long_repetitive_text_is_read_in_linear_time() -> None:
    text = ["the"] * 200_000 + ["the", "end"]
    assert says("the the the the the the the end", text)
    assert not says("the the the the the the the start", text)


TOPIC_PACK = (
    PACK.replace(
        "rules:\n",
        "  reviews:\n"
        "    kind: records\n"
        "    title: Management reviews\n"
        '    locations: ["reviews/*.md"]\n'
        "topics:\n"
        "  review-audits: [audit results, audit findings]\n"
        "rules:\n",
    ).replace(
        '  - {id: "6.1", title: Risks and opportunities}\n',
        '  - {id: "6.1", title: Risks and opportunities}\n  - {id: "9.3", title: Management review}\n',
    )
    + """\
  - id: MR-01
    clauses: ["9.3"]
    title: The review considered the audit results and the customers
    severity: minor
    stage: 2
    checks:
      - contains: {evidence: reviews, text: [review-audits, customer satisfaction]}
"""
)


def test_a_topic_is_said_in_the_standards_words_or_the_organizations(tmp_path: Path) -> None:
    minutes = "# Managementbewertung\n\n- Auditergebnisse: keine Abweichungen\n- Kundenzufriedenheit: 8,6\n"
    profile = PROFILE.replace("pack.yaml", "topic.yaml") + (
        "phrases:\n  review-audits: [Auditergebnisse]\n  customer satisfaction: [Kundenzufriedenheit]\n"
    )
    folder = write_tree(
        tmp_path / "ev",
        {"isocheck.yaml": profile, "topic.yaml": TOPIC_PACK, "reviews/2026.md": minutes},
    )
    assert {f.rule: f.outcome for f in isocheck.evaluate(folder).findings}["MR-01"] == "conform"
    (folder / "reviews/2026.md").write_text("# Review\n\nAudit findings were presented.\n")
    found = {f.rule: f for f in isocheck.evaluate(folder).findings}["MR-01"]
    assert found.outcome == "nonconform"
    assert found.message == (
        "reviews/2026.md: item: missing text 'customer satisfaction' (or 'Kundenzufriedenheit')"
    )


def test_a_date_not_written_as_the_profile_says_is_reported_never_guessed() -> None:
    reader = CellReader.build({}, {}, dates="%d.%m.%Y")
    fields, unread = reader.read(
        {"a": "2026-01-31", "b": "31.01.2026", "c": "Text", "d": "1/2/2026", "e": "3 Feb 2026"}
    )
    assert fields == {
        "a": "2026-01-31",
        "b": dt.date(2026, 1, 31),
        "c": "Text",
        "d": "1/2/2026",
        "e": dt.date(2026, 2, 3),  # a month by its name cannot be misread either
    }
    assert unread == {
        "d": "d '1/2/2026' is not a date written %d.%m.%Y, as the profile says this evidence "
        "writes dates"
    }


def test_a_clause_number_in_a_register_with_dates_is_no_date() -> None:
    reader = CellReader.build({}, {}, dates="%d/%m/%Y")
    fields, unread = reader.read({"clause": "7.4.3", "other": "10.2.1", "when": "1.2.26"})
    assert fields["clause"] == "7.4.3" and fields["other"] == "10.2.1"
    assert list(unread) == ["when"]


def test_a_month_or_a_tools_timestamp_reads_as_a_day() -> None:
    reader = CellReader.build({}, {}, dates={"planned": "%m/%Y", "created": "%d/%b/%y %I:%M %p"})
    fields, unread = reader.read({"planned": "03/2026", "created": "30/Apr/26 12:00 AM"})
    assert fields == {"planned": dt.date(2026, 3, 1), "created": dt.date(2026, 4, 30)}
    assert unread == {}


def test_a_row_filter_may_name_a_column_the_mapping_renames(tmp_path: Path) -> None:
    profile = PROFILE.replace(
        "columns: {owner: Verantwortlich}", "columns: {owner: Verantwortlich, type: Art}"
    )
    found = evaluate(tmp_path, **{"isocheck.yaml": profile})
    assert found["OPP-01"].outcome == "conform"  # the Chance row only, found by Art


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("5.1", "A.5.1"),
        ("A 5.1", "A.5.1"),
        ("Annex A 5.15", "A.5.15"),
        ("5.17, 8.5", "A.5.17;A.8.5"),
        ("A.5.17;A.8.5", "A.5.17;A.8.5"),
        ("B.5.1", "B.5.1"),  # another prefix is another identifier
        ("clause 5", "clause 5"),
    ],
)
def test_identifiers_are_read_with_the_packs_prefix(cell: str, read: str) -> None:
    reader = CellReader.build({}, {}, prefixes={"control": "A."})
    assert reader.read({"control": cell}) == ({"control": read}, {})


def test_a_blank_cell_is_nothing_recorded_and_a_yaml_boolean_is_a_word() -> None:
    reader = CellReader.build({"flag": {"yes": ["true", "y"], "no": ["false", "n"]}}, {})
    assert reader.read({"flag": "   "}) == ({"flag": ""}, {})
    assert reader.read({"flag": True}) == ({"flag": "yes"}, {})
    assert reader.read({"flag": False}) == ({"flag": "no"}, {})
    assert reader.read({"other": True}) == ({"other": True}, {})  # no vocabulary: as it is


def test_an_open_column_reads_known_words_and_keeps_the_others() -> None:
    reader = CellReader.build(
        {"type": {"server": ["vm"], "endpoint": ["laptop"]}}, {}, open_columns=["type"]
    )
    assert reader.read({"type": "VM"}) == ({"type": "server"}, {})
    assert reader.read({"type": "Infrastructure"}) == ({"type": "Infrastructure"}, {})


@pytest.mark.timeout(10)
def test_a_hostile_cell_costs_work_in_proportion_to_its_size() -> None:
    # Runs of spaces and digits that a regular expression could split many ways: each reader
    # must stay linear (a quadratic one takes hours on these).
    from isocheck.checks.relations import _clause_list
    from isocheck.names import reference_key

    spaces, digits = "A" + " " * 200_000 + "x", "1" * 200_000 + "-"
    for cell in (spaces, digits, "a@" + "b." * 100_000 + "c", "(" * 100_000 + ")"):
        assert prefixed(cell, "A.") == cell.strip()
        assert _clause_list([cell])
        assert isinstance(reference_key(cell), str)
        assert Vocabulary.of(STATUS).meaning(cell) is None
        assert says("risk treatment", words(cell)) is False


def test_a_number_on_the_organizations_scale_is_read_onto_the_packs() -> None:
    reader = CellReader.build({}, {}, scales={"score": ((5.0, 1.0), (0.0, 10.0))})
    fields, problems = reader.read({"score": "2,8", "other": "2,8"})
    assert fields == {"score": 5.5, "other": "2,8"} and problems == {}
    assert reader.read({"score": "A (91 %)"})[0] == {"score": "A (91 %)"}  # no number: as written
    # a number typed in a workbook cell (or YAML) is on the same scale as one written in a CSV
    assert reader.read({"score": 2.8, "other": 2.8})[0] == {"score": 5.5, "other": 2.8}
    assert reader.read({"score": 1})[0] == {"score": 10.0}


def test_a_typed_number_in_a_column_of_identifiers_is_read_as_one() -> None:
    reader = CellReader.build({}, {}, prefixes={"control": "A."})
    assert reader.read({"control": 5.1})[0] == {"control": "A.5.1"}


def test_an_event_over_several_days_is_read_as_its_first_day() -> None:
    reader = CellReader.build({}, {}, dates="%d/%m/%Y")
    assert reader.read({"date": "13/09/2022 - 14/09/2022"})[0] == {"date": dt.date(2022, 9, 13)}
    reader = CellReader.build({}, {}, dates="%d-%m-%Y")
    assert reader.read({"date": "13-09-2022 – 14-09-2022"})[0] == {"date": dt.date(2022, 9, 13)}
    # one that ends before it starts is no date: kept as written, for the rule to report
    assert reader.read({"date": "14-09-2022 - 13-09-2022"})[0] == {
        "date": "14-09-2022 - 13-09-2022"
    }


def test_a_period_in_one_cell_gives_its_start_and_its_end() -> None:
    # A baseline register writes its period as one range, with a remark after it.
    reader = CellReader.build({}, {}, dates="%d/%m/%Y")
    cell = "01/01/2025-31/12/2025 (rettificato)"
    assert reader.read({"period_start": cell, "period_end": cell})[0] == {
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 12, 31),
    }
    # A hyphen splits whole dates only where the format has none.
    reader = CellReader.build({}, {}, dates="%Y-%m-%d")
    read = reader.read({"period_end": "2025-01-01-2025-12-31"})[0]
    assert not isinstance(read["period_end"], dt.date)


@pytest.mark.parametrize("scale", ["{worst: 3, best: 3}", "{worst: .nan, best: 10}"])
def test_a_scale_that_is_no_scale_is_a_profile_error_with_its_line(
    tmp_path: Path, scale: str
) -> None:
    profile = PROFILE.replace(
        "    columns: {owner: Verantwortlich}\n",
        f"    columns: {{owner: Verantwortlich}}\n    scales: {{owner: {scale}}}\n",
    )
    folder = write_tree(tmp_path / "bad", {"isocheck.yaml": profile, "pack.yaml": PACK})
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    shown = [str(p) for p in info.value.problems]
    assert any(":19:" in p and "the scale of owner runs from" in p for p in shown), shown


@given(
    st.text(alphabet=st.sampled_from("ab ßN/A-–.\t\n\xa0 ()x"), max_size=12),
    st.lists(st.text(alphabet=st.sampled_from("ab ßn/a-–.x"), min_size=1, max_size=5), max_size=3),
)
def test_an_empty_marker_is_found_without_folding_every_cell(cell: str, markers: list[str]) -> None:
    reader = CellReader.build({}, {}, markers)
    text = cell.rstrip()
    opening = text.find("(")
    with_reason = text.endswith(")") and opening > 0 and bool(text[:opening].strip())
    assert reader._empty(cell) == (
        fold(cell) in reader.empty or (with_reason and reader._empty(text[:opening]))
    )


@pytest.mark.parametrize(
    ("cell", "empty"),
    [
        ("nessuna significativa (VR-04 ore linee non significativa)", True),
        ("n/a (outsourced to the landlord)", True),
        ("- (nicht zutreffend)", True),
        ("(n/a)", True),  # the marker in parentheses, as before
        ("VR-04 (n/a)", False),
        ("n/a, see the lease (clause 4)", False),
    ],
)
def test_an_empty_marker_with_its_reason_in_parentheses_records_nothing(
    cell: str, empty: bool
) -> None:
    reader = CellReader.build({}, {}, ["n/a", "nessuna significativa"])
    assert reader.nothing(cell) is empty


# --- the one date in a cell of words, in a format the profile declares ------------------------


@pytest.mark.parametrize(
    ("cell", "fmt", "day"),
    [
        ("Verifica in campo 03/03/2026: conforme", "%d/%m/%Y", dt.date(2026, 3, 3)),
        ("Superato (12/2025)", "%m/%Y", dt.date(2025, 12, 1)),
        ("Closed 12 Mar 2026 by QA", "%d %b %Y", dt.date(2026, 3, 12)),
        ("geprüft am 05.06.2026, wirksam", "%d.%m.%Y", dt.date(2026, 6, 5)),
        ("03/03/2026 and again 03/03/2026", "%d/%m/%Y", dt.date(2026, 3, 3)),
        ("01/02/2026 e 03/03/2026", "%d/%m/%Y", None),  # two dates: which one is not said
        ("rev. 1.2/2026", "%m/%Y", None),  # part of a number is no date
        ("31/02/2026 planned", "%d/%m/%Y", None),  # no such day
        ("entro 30 giorni", "%d/%m/%Y", None),
        ("x" * 600 + " 03/03/2026", "%d/%m/%Y", None),  # a long text is not searched
    ],
)
def test_the_one_date_a_cell_of_words_holds(cell: str, fmt: str, day: dt.date | None) -> None:
    assert meaning.date_in_text(cell, fmt) == day


@given(
    before=st.text(alphabet="abcdefghij :()-,", max_size=40),
    after=st.text(alphabet="abcdefghij :()-,", max_size=40),
    day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    fmt=st.sampled_from(["%d/%m/%Y", "%d.%m.%Y", "%m/%d/%Y", "%d %b %Y", "%Y-%m-%d"]),
)
def test_a_date_among_words_without_digits_is_found(
    before: str, after: str, day: dt.date, fmt: str
) -> None:
    cell = f"{before} {day.strftime(fmt)} {after}"
    assert meaning.date_in_text(cell, fmt) == day


def test_only_a_column_the_profile_dates_itself_is_searched_for_a_date() -> None:
    per_column = meaning.CellReader.build({}, {}, dates={"evaluated_on": "%d/%m/%Y"})
    fields, unread = per_column.read({"evaluated_on": "Verifica in campo 03/03/2026: conforme"})
    assert fields == {"evaluated_on": dt.date(2026, 3, 3)} and not unread
    every = meaning.CellReader.build({}, {}, dates="%d/%m/%Y")
    text = "Abilitazione (D.M. 01/03/1974)"
    assert every.read({"course": text}) == ({"course": text}, {})


def test_a_date_field_in_words_is_read_in_the_format_the_whole_profile_gives() -> None:
    # A supplier list's "ISO / Licence Expiry": "ISO 9001 exp. 14/05/2028"; a field of words
    # holding a date ("RE accepted 03/11/2026" of who accepted) stays words
    every = meaning.CellReader.build({}, {}, dates="%d/%m/%Y")
    fields, unread = every.read(
        {
            "certificate_expires": "ISO 9001 exp. 14/05/2028",
            "valid_until": "REC reg. exp. 30/06/2028",
            "accepted_by": "RE accepted 03/11/2026",
        }
    )
    assert fields == {
        "certificate_expires": dt.date(2028, 5, 14),
        "valid_until": dt.date(2028, 6, 30),
        "accepted_by": "RE accepted 03/11/2026",
    }
    assert not unread
    two = every.read({"expires": "ISO 9001 exp. 14/05/2028, ISO 14001 exp. 01/02/2027"})
    assert two == ({"expires": "ISO 9001 exp. 14/05/2028, ISO 14001 exp. 01/02/2027"}, {})


def test_a_value_the_profile_gives_a_marker_of_nothing_is_read_in_that_column_only() -> None:
    reader = CellReader.build({}, {"authority": {"—": "not acceptable"}})
    assert reader.read({"authority": " — ", "owner": "—"}) == (
        {"authority": "not acceptable", "owner": ""},
        {},
    )
    assert reader.read({"authority": ""}) == ({"authority": ""}, {})  # a blank cell stays blank


def test_a_marker_the_pack_gives_a_meaning_is_read_so_in_that_column_only() -> None:
    reader = CellReader.build(
        {"resources": {"none needed": ["–", "none"]}}, {}, open_columns=["resources"]
    )
    assert reader.read({"resources": "–", "owner": "–"}) == (
        {"resources": "none needed", "owner": ""},
        {},
    )
    assert reader.read({"resources": " "}) == ({"resources": ""}, {})  # blank is no answer
    assert reader.read({"resources": "Budget 5k"}) == ({"resources": "Budget 5k"}, {})


def test_a_marker_whose_reason_is_a_word_of_the_column_is_that_word() -> None:
    reader = CellReader.build(
        {"authority": {"not acceptable": ["nicht akzeptabel"]}}, {}, open_columns=["authority"]
    )
    assert reader.read({"authority": "– (nicht akzeptabel)"}) == (
        {"authority": "not acceptable"},
        {},
    )
    # a reason the column has no word for, or a marker in a column that knows none, is nothing
    assert reader.read({"authority": "– (see HB-VA-01)"}) == ({"authority": ""}, {})
    assert reader.read({"owner": "– (nicht akzeptabel)"}) == ({"owner": ""}, {})


@pytest.mark.parametrize(
    ("cell", "fmt", "period_end", "day"),
    [
        ("Gennaio 2026", "%B %Y", False, dt.date(2026, 1, 1)),
        ("Febbraio 2026", "%B %Y", True, dt.date(2026, 2, 28)),  # a month ends on its last day
        ("März 2026", "%b %Y", False, dt.date(2026, 3, 1)),
        ("janv. 2026", "%b %Y", False, dt.date(2026, 1, 1)),
        ("30/Apr/26 12:00 AM", "%d/%b/%y %I:%M %p", True, dt.date(2026, 4, 30)),
        ("12 dicembre 2025", "%d %B %Y", False, dt.date(2025, 12, 12)),
        ("01/2025-12/2025", "%m/%Y", True, dt.date(2025, 12, 31)),
    ],
)
def test_month_names_in_the_standards_languages_and_months_that_end_a_period(
    cell: str, fmt: str, period_end: bool, day: dt.date
) -> None:
    reader = CellReader.build({}, {}, dates={"when_end" if period_end else "when": fmt})
    assert reader.read({"when_end" if period_end else "when": cell})[0] == {
        "when_end" if period_end else "when": day
    }


def test_a_column_whose_header_names_a_date_holds_values_as_of_that_day() -> None:
    headers = {"reviewed_on": "Valore al 30/09/2026", "actual": "Valore al 30/09/2026"}
    reader = CellReader.build({}, {}, dates={"reviewed_on": "%d/%m/%Y"}, headers=headers)
    fields = {"reviewed_on": "95,4% (lug-set)", "actual": "95,4% (lug-set)"}
    assert reader.read(fields)[0] == {
        "reviewed_on": dt.date(2026, 9, 30),
        "actual": "95,4% (lug-set)",  # no date format of its own: the cell as written
    }
    assert reader.read({"reviewed_on": "-"})[0] == {"reviewed_on": ""}  # nothing recorded
    assert reader.read({"reviewed_on": "rivisto il 15/10/2026"})[0] == {
        "reviewed_on": dt.date(2026, 10, 15)  # a date of the cell's own wins
    }
    # one format for every column: a date field reads its header's day, a value field does not
    every = CellReader.build({}, {}, dates="%d/%m/%Y", headers=headers)
    assert every.read(fields)[0] == {
        "reviewed_on": dt.date(2026, 9, 30),
        "actual": "95,4% (lug-set)",
    }


def test_a_date_written_without_its_year_takes_the_year_its_header_names() -> None:
    headers = {"planned_date": "2026 plan", "due_date": "Due"}
    dates = {"planned_date": "%b", "due_date": "%b"}
    reader = CellReader.build({}, {}, dates=dates, headers=headers)
    assert reader.read({"planned_date": "Oct"}) == ({"planned_date": dt.date(2026, 10, 1)}, {})
    # two audits planned: the first
    assert reader.read({"planned_date": "Feb / Oct"})[0] == {"planned_date": dt.date(2026, 2, 1)}
    assert reader.read({"planned_date": "soon"})[1] == {
        "planned_date": "planned_date 'soon' is not a date written %b"
    }
    # a header naming no year: never guessed, said
    assert reader.read({"due_date": "Oct"})[1] == {
        "due_date": "due_date 'Oct' has no year, and the header of its column names none; "
        "give the year in the profile's date format"
    }
    meaning.check_date_format("%b")  # a month is enough
    with pytest.raises(meaning.DateFormatError, match="does not name a month"):
        meaning.check_date_format("%Y")


def test_a_dated_field_sharing_its_column_with_words_reads_no_date_from_the_words() -> None:
    reader = CellReader.build(
        {"status": {"current": [], "obsolete": []}},
        {"status": {"In vigore": "current", "Superato": "obsolete"}},
        dates={"withdrawn_on": "%m/%Y"},
        shared=["withdrawn_on"],
    )
    assert reader.read({"status": "In vigore", "withdrawn_on": "In vigore"}) == (
        {"status": "current", "withdrawn_on": ""},
        {},
    )
    assert reader.read({"status": "Superato (12/2025)", "withdrawn_on": "Superato (12/2025)"})[
        0
    ] == {"status": "obsolete", "withdrawn_on": dt.date(2025, 12, 1)}
    # A cell written as a date, but not as the profile says, is still reported
    assert reader.read({"withdrawn_on": "01/12/2025"})[1] != {}


@pytest.mark.parametrize(
    ("cell", "none"),
    [
        ("none", True),
        ("None (no variable affects it)", True),
        ("No significant variables", True),
        ("nessuna significativa (VR-04 non significativa)", True),
        ("keine", True),
        ("n/a", True),
        ("Ei poikkeamia", True),  # Finnish: no deviations
        ("Nėra", True),  # Lithuanian
        ("nav (attiecība)", True),  # Latvian: none (a ratio), with its reason
        ("Neatbilstību nav.", True),  # Latvian: of nonconformities, there are none
        ("Несоответствий нет", True),  # Russian: the same
        ("Nonconformities: none", True),
        ("Nav konstatētas", True),
        ("Pass / none", False),
        ("Leaks: none.", True),
        ("該当なし", True),  # Japanese: not applicable, none
        ("不适用", True),  # Chinese: not applicable
        ("ไม่มี", True),  # Thai: none
        ("Tidak ada", True),  # Indonesian: there is none
        ("Tidak sesuai", False),  # Indonesian: not conforming, no "none"
        ("Không có", True),  # Vietnamese: there is none
        ("brez", True),  # Slovenian: none (without)
        ("Bez neskladnosti", True),  # Croatian: without nonconformities
        ("Nema", True),  # Croatian, Serbian: there is none
        ("Engin", True),  # Icelandic: none
        ("Ekkert (sjá skýrslu)", True),  # Icelandic: nothing, with its remark
        ("žiadne", True),  # Slovak
        ("Немає", True),  # Ukrainian: there is none
        ("Відсутні (перевірено 12.03.2026)", True),  # Ukrainian: absent, with its remark
        ("Отсутствуют", True),  # Russian: absent
        ("Нет", False),  # Russian: a bare no, as "Ei" above
        ("Bez", False),  # "without" alone says without what
        ("Ei", False),  # a bare no is an answer of no, not of none
        ("No. 5 boiler", False),
        ("NO2 emissions", False),
        ("noise level", False),
        ("no", False),
        ("Nitrogen", False),
        (None, False),
    ],
)
def test_a_cell_that_answers_none_in_words(cell: Any, none: bool) -> None:
    from isocheck.meaning import says_none

    assert says_none(cell) is none


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2068, 12, 31)),
    st.sampled_from(
        [
            "%d %B %Y",
            "%d %b %Y",
            "%B %d, %Y",
            "%b %d, %Y",
            "%d-%b-%Y",
            "%d-%b-%y",
            "%Y/%m/%d",
            "%A, %d %B %Y",
            "%d %b %Y %H:%M",
            "%Y.%m.%d",
        ]
    ),
)
def test_a_date_that_cannot_be_read_two_ways_is_read_without_a_format(
    day: dt.date, fmt: str
) -> None:
    from isocheck.meaning import written_date

    assert written_date(dt.datetime.combine(day, dt.time(14, 5)).strftime(fmt)) == day


@pytest.mark.parametrize(
    "cell", ["12/03/2026", "12.03.2026", "31 February 2026", "12 Foo 2026", "March 2026", "x" * 60]
)
def test_a_date_that_could_be_read_two_ways_or_is_none_is_not_read(cell: str) -> None:
    from isocheck.meaning import written_date

    assert written_date(cell) is None


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("1er mars 2026", dt.date(2026, 3, 1)),
        ("12. März 2026", dt.date(2026, 3, 12)),
        ("12 de marzo de 2026", dt.date(2026, 3, 12)),
        ("Sept. 3, 2026", dt.date(2026, 9, 3)),
        ("3 Oct 2026 14:05", dt.date(2026, 10, 3)),
        ("3rd October 2026", dt.date(2026, 10, 3)),
        # Polish (as Confluence writes it), Danish and Czech
        ("14 lis 2026", dt.date(2026, 11, 14)),
        ("14 listopada 2026", dt.date(2026, 11, 14)),
        ("12. marts 2026", dt.date(2026, 3, 12)),
        ("3. března 2026", dt.date(2026, 3, 3)),
    ],
)
def test_a_month_by_its_name_in_the_standards_languages(cell: str, day: dt.date) -> None:
    from isocheck.meaning import written_date

    assert written_date(cell) == day


def test_a_cell_listing_several_known_words_reads_as_each_of_them() -> None:
    standards = {"ISO 9001": "iso9001-2015", "ISO 14001": "iso14001-2015"}
    reader = CellReader.build({}, {"standard": standards}, evidence="certification-audits")
    fields, unread = reader.read({"standard": "ISO 9001; ISO 14001", "other": "ISO 9001; ISO 9001"})
    assert fields["standard"] == "iso9001-2015; iso14001-2015" and not unread
    # One known word and one unknown: the leading word, as a single value reads
    assert reader.read({"standard": "ISO 9001; see the certificate"})[0] == {
        "standard": "iso9001-2015"
    }


def test_one_audit_of_an_integrated_system_names_each_standard() -> None:
    from isocheck.checks.certification import same_standard

    assert same_standard("iso9001-2015; iso14001-2015", "iso14001-2015")
    assert same_standard("ISO 9001 & ISO 45001:2018", "iso45001-2018")
    assert not same_standard("ISO 9001; ISO 14001", "iso45001-2018")
    assert not same_standard("ISO 9001:2008", "iso9001-2015")


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("8 October 2026, 09:30-13:00, Slough boardroom (Dublin by Teams)", dt.date(2026, 10, 8)),
        ("10-12 February 2026", dt.date(2026, 2, 10)),
        ("10 – 12 Feb 2026, Slough", dt.date(2026, 2, 10)),
        ("3 Oct 2026 - planned", dt.date(2026, 10, 3)),
        ("2026/03/12 (planned)", dt.date(2026, 3, 12)),
        ("12/03/2026, Slough", None),  # still day and month in digits
        ("Helen Marsh, 8 October 2026", None),  # a date after words is no date of the cell
    ],
)
def test_a_date_before_a_remark_or_the_first_day_of_a_range(cell: str, day: Any) -> None:
    from isocheck.meaning import written_date

    assert written_date(cell) == day


@pytest.mark.parametrize(
    ("cell", "fmt", "first", "last"),
    [
        ("Jan-Dec 2024", "%b %Y", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("10-12 February 2026", "%d %B %Y", dt.date(2026, 2, 10), dt.date(2026, 2, 12)),
        ("01/01/2025-31/12/2025", "%d/%m/%Y", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        # a two-day audit: the days, then the month and year they share
        ("21-22.04.2026", "%d.%m.%Y", dt.date(2026, 4, 21), dt.date(2026, 4, 22)),
        ("28.09.-02.10.2026", "%d.%m.%Y", dt.date(2026, 9, 28), dt.date(2026, 10, 2)),
        ("2026/07/13〜2026/07/17", "%Y/%m/%d", dt.date(2026, 7, 13), dt.date(2026, 7, 17)),
        # a date, then a remark in words (another date within it is the remark's)
        (
            "15/06/2026 - certificado renovado (decisão APCER 10/06/2026)",
            "%d/%m/%Y",
            dt.date(2026, 6, 15),
            dt.date(2026, 6, 15),
        ),
        ("15.04.2026, verlängert", "%d.%m.%Y", dt.date(2026, 4, 15), dt.date(2026, 4, 15)),
        # a date with a remark that names another: the date outside the parentheses
        (
            "15.04.2026 (przedłużono z 31.03.2026)",
            "%d.%m.%Y",
            dt.date(2026, 4, 15),
            dt.date(2026, 4, 15),
        ),
    ],
)
def test_a_range_whose_first_date_leaves_out_what_it_shares_with_the_last(
    cell: str, fmt: str, first: dt.date, last: dt.date
) -> None:
    from isocheck.meaning import _first_day

    assert (_first_day(cell, fmt), _first_day(cell, fmt, last_day=True)) == (first, last)


@pytest.mark.parametrize(
    ("cell", "undecided"),
    [
        ("TBD", True),
        ("To be defined after ECO-mode pilot", True),
        ("Not yet defined (see AP-2026-02)", True),
        ("noch festzulegen", True),
        ("à définir", True),
        ("Da definire entro 12/2026", True),
        ("n.t.b.", True),
        # states of something that exists, and words that only start alike
        ("Pending", False),
        ("Open", False),
        ("TBDX-01", False),
        ("Defined in OC-08 to OC-11", False),
        ("Tabelle 3", False),
        ("", False),
    ],
)
def test_a_cell_may_say_its_matter_is_still_to_be_decided(cell: str, undecided: bool) -> None:
    from isocheck.meaning import says_undecided

    assert says_undecided(cell) is undecided


def test_a_skills_matrix_level_and_the_least_level_a_requirement_states() -> None:
    from isocheck.meaning import level_held, level_stated

    assert [level_held(c) for c in ("3", "L3", "Level 3", "2+", "Stufe 2")] == [3, 3, 3, 2, 2]
    # a certificate, a number of two digits, a date or words grade nothing
    assert [level_held(c) for c in ("Cert 3", "12", "2026-04-10", "", "competent")] == [None] * 5
    assert level_stated("Level 3 required before stamp issue (QP-05)") == 3
    assert level_stated("Level 2: runs Calypso programs; Level 3 to write programs") == 2
    assert level_stated("Required skills at Level 2+") == 2
    assert level_stated("Forklift licence (RTITB)") is None
    assert level_stated("ISO 9001 level of detail") is None


def test_a_name_led_by_initials_with_dots_is_the_payrolls_name_with_them_after() -> None:
    from isocheck.names import either_order, reference_key

    def key(name: str) -> str | None:
        return either_order(reference_key(name))

    assert key("P. Arunprasath") == key("Arunprasath P")
    assert key("S.K. Murugan") == key("Murugan S K")
    assert key("M. Ramesh Babu") == key("Ramesh Babu M")
    assert reference_key("Dr. Jane A. Smith") == "jane smith"  # a middle initial, as before


def test_names_listed_with_a_spaced_slash_are_each_known() -> None:
    from isocheck.checks.relations import _Known
    from isocheck.names import reference_key

    known = _Known({reference_key("Ramesh Babu M"), reference_key("Jeyakumar A")})
    assert known.names("M. Ramesh Babu / A. Jeyakumar")
    assert not known.names("M. Ramesh Babu / B. Unknown")


def test_a_date_with_a_long_remark_in_parentheses_is_the_date() -> None:
    from isocheck.meaning import _first_day

    cell = "16-03-2026 (verlengd van 19-02-2026: maatregel via toolbox maart)"
    assert _first_day(cell, "%d-%m-%Y") == dt.date(2026, 3, 16)
    with pytest.raises(ValueError):
        _first_day("16-03-2026 " + "x" * 500, "%d-%m-%Y")  # no date with a remark is that long


def test_a_reference_followed_by_a_remark_in_words_names_it() -> None:
    from isocheck.checks.relations import _Known
    from isocheck.names import reference_key

    known = _Known({reference_key("NC-2026-27/02")})
    assert known.names("NC-2026-27/02 closed 30/06/2026")
    assert not known.names("NC-2026-27/03 closed 30/06/2026")
    assert not known.names("Energy audit Jan-2027 - work order issued")


def test_a_site_is_named_by_its_id_its_name_or_the_name_s_leading_words() -> None:
    from isocheck.checks.records import _site_named
    from isocheck.model import Site

    slough = Site("slough", "Slough Bath Road Campus (SLO-DH1, SLO-DH2)", central=True)
    dublin = Site("dublin", "Dublin Clonshaugh (DUB1)")
    sites = (slough, dublin)
    assert _site_named(sites, "Slough") is slough
    assert _site_named(sites, "DUBLIN") is dublin and _site_named(sites, "dublin") is dublin
    assert _site_named(sites, "Dublin Clonshaugh (DUB1)") is dublin
    assert _site_named(sites, "Clonshaugh") is None  # not how the name starts
    assert _site_named(sites, "All sites") is None and _site_named(sites, "") is None
    twins = (Site("north", "Plant North"), Site("south", "Plant South"))
    assert _site_named(twins, "Plant") is None  # names either: neither


def test_a_reference_beyond_a_numbering_is_of_another_period() -> None:
    from isocheck.checks.relations import _Known
    from isocheck.names import reference_key

    known = _Known({reference_key(f"CC26-{n:05d}") for n in range(274, 280)} | {"Vendée Négoce"})
    assert known.beyond("CC26-00157") and known.beyond("CC26-00564")
    assert not known.beyond("CC26-00276") and not known.beyond("CC26-00278")
    assert not known.beyond("SAV26-0113")  # another numbering
    assert not known.beyond("CC25-00100")  # another year's prefix: no numbering of it known
    assert not known.beyond("Vendée Négoce") and not known.beyond("9" * 500)
    few = _Known({reference_key(f"NC-{n}") for n in range(1, 4)})
    assert not few.beyond("NC-9")  # three values make no numbering


def test_a_body_is_named_by_a_unit_of_it_or_by_the_start_of_its_name() -> None:
    from isocheck.checks.relations import _Known, _names_of

    known = _Known(
        _names_of("Ohio EPA (Southwest District Office)")
        | _names_of("U.S. EPA Region 5")
        | _names_of("Customers (Trident Automotive, Ridgeway Tool)")
        | _names_of("Ann Roe")
    )
    assert known.names("Ohio EPA Division of Surface Water")  # a division of it
    assert known.names("US EPA")  # its name without the region
    assert known.names("U.S. EPA / Ohio EPA DERR")  # each of two bodies
    assert known.names("Customer (Trident Automotive)")  # one of the customers
    assert not known.names("US DOT PHMSA")
    assert not known.names("Ohio Power Company")
    assert not known.names("Ann Roe and Cid")  # two people, one of them unknown


def test_a_yes_or_no_answer_in_a_reference_cell() -> None:
    from isocheck.checks.relations import _counted, _Known
    from isocheck.names import reference_key

    # "ja (EVAL-04)": the assessment was revised, in EVAL-04; "nein": nothing to name
    assert _counted("ja (EVAL-04)") == ["EVAL-04"]
    assert _counted("Yes (HZ-12; HZ-14)") == ["HZ-12", "HZ-14"]
    assert _counted("nein", answered=True) == []
    assert _counted("nein (bereits in EVAL-01)", answered=True) == []
    # where the column does not answer yes or no, "No" is a value naming nothing of the target
    # (an evaluation found noncompliant whose NC reference says "No" raised none)
    assert _counted("No") == ["No"]
    assert _counted("HZ-03") == ["HZ-03"]
    # an assessment named by the document whose rows are EVAL-04-01, EVAL-04-02
    known = _Known({reference_key(k) for k in ("EVAL-04-01", "EVAL-04-02", "EVAL-01-01")})
    assert known.names("EVAL-04")
    assert not known.names("EVAL-01")  # one row only: no document of rows
    assert not known.names("EVAL")


def test_a_number_with_its_word_in_parentheses_is_the_number() -> None:
    from isocheck.meaning import to_number

    assert to_number("4 (mittel)") == 4
    assert to_number("20 (high)") == 20
    with pytest.raises(ValueError):
        to_number("3 (of 5)")  # a number in the remark: which one is meant is not said


def test_a_period_with_a_remark_in_parentheses_is_the_period() -> None:
    from isocheck.meaning import to_days

    assert to_days("4 Jahre (Ersthelfer)") == to_days("4 Jahre")
    assert to_days("annual (May)") == to_days("annual")
    with pytest.raises(ValueError):
        to_days("(as needed)")


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Evacuation drill every 6 months", 184),
        ("Evacuation drill every 6 months, each shift pattern in turn", 184),
        ("Generator load test and failure walk-through annually", 366),
        (
            "Tabletop with CFA Castlemaine brigade before each fire season; relocation walk-through",
            366,
        ),
        ("Heat plan walk-through each November", 366),
        ("Code Blue scenario drill annually", 366),
    ],
)
def test_a_period_closing_a_drills_longer_name(cell: str, days: int) -> None:
    from isocheck.meaning import to_days

    assert to_days(cell) == days


@pytest.mark.parametrize("cell", ["Drill on rest days", "Drill days", "load test", "drill 6"])
def test_words_of_a_drill_that_say_no_period(cell: str) -> None:
    from isocheck.meaning import to_days

    with pytest.raises(ValueError):
        to_days(cell)


@pytest.mark.parametrize(
    ("text", "fmt", "due"),
    [
        (
            "Rapport du 14/05/2019 : 3 NC mineures levées le 12/09/2019 ; prochain contrôle à "
            "réaliser avant le 14/05/2024",
            "%d/%m/%Y",
            dt.date(2024, 5, 14),
        ),
        (
            "LOLER thorough examination 2026-02-24, next due 2027-02-24",
            "%d.%m.%Y",
            dt.date(2027, 2, 24),
        ),
        (
            "Prüfbefund TA-26-0233 mängelfrei; nächste Prüfung 24.02.2027",
            "%d.%m.%Y",
            dt.date(2027, 2, 24),
        ),
        # a date far from the words that would lead to it is another matter's
        (
            "next audit due by 03/2027 - planned Jan-2027 (work order issued 05/10/2026)",
            "%d/%m/%Y",
            None,
        ),
        ("Contrôle d'étanchéité du 15/09/2026 (attestation de l'opérateur)", "%d/%m/%Y", None),
        # two different dates said to be due: none is taken
        ("next check 01/02/2027; next service 01/03/2027", "%d/%m/%Y", None),
    ],
)
def test_the_date_words_say_something_next_falls_due(
    text: str, fmt: str, due: dt.date | None
) -> None:
    assert due_in_text(text, fmt) == due


@pytest.mark.parametrize(
    ("cell", "pending"),
    [
        ("offen (Entwurf, zur Freigabe vorgelegt)", True),
        ("Pending", True),
        ("en attente de validation", True),
        ("not yet approved", True),
        ("Martin Hollerer", False),
        ("Projektleiter Kurz", False),
        ("Dr. Offenbach", False),
        ("", False),
    ],
)
def test_an_approver_cell_may_say_the_approval_is_still_awaited(cell: str, pending: bool) -> None:
    assert says_pending(cell) is pending


def test_a_register_numbered_but_for_a_few_plans_has_a_numbering_of_its_own() -> None:
    # Procedures QP-01 to QP-17 and work instructions, with two plans named by letters alone:
    # "MOC-26-004" is a record of another register (a management of change), "QP-18" a
    # procedure the register lacks.
    from isocheck.checks.relations import _Known
    from isocheck.names import reference_key

    ids = [f"QP-{n:02}" for n in range(1, 18)] + ["WI-MLD-010", "EP-03", "SPCC-DAY", "SWPPP-DAY"]
    known = _Known({reference_key(i) for i in ids})
    assert known.of_another_register("MOC-26-004")
    assert not known.of_another_register("QP-18")
    # a register mostly of names has no numbering: nothing is another register's
    names = _Known({reference_key(n) for n in ["Spill kit", "Drain cover", "EP-03"]})
    assert not names.of_another_register("MOC-26-004")


@pytest.mark.parametrize(
    ("holder", "title", "same"),
    [
        ("Chefs d'équipe pose", "Chef d'équipe pose", True),
        ("Line managers", "Line Manager", True),
        ("Site Managers", "Site Manager (Leeds)", True),
        ("Coaches", "coach", True),
        ("Line managers", "Line Manager Assistant", False),
        ("Chefs d'atelier", "Chef d'équipe pose", False),
    ],
)
def test_a_role_held_by_a_job_title_is_held_by_each_person_of_that_title(
    holder: str, title: str, same: bool
) -> None:
    assert (meaning.title_key(holder) == meaning.title_key(title)) is same


def test_a_sentence_is_no_job_title() -> None:
    assert (
        meaning.title_key("the person the managing director names for each project on site") == ()
    )


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Årligen", 366),
        ("vartannat år", 731),
        ("every other year", 731),
        ("Tabletop exercise in alternate years", 731),
        ("Drill every second year (with the fire brigade)", 731),
        ("halvårsvis", 184),
        ("hvert 2. år", 731),
        ("cada 6 meses", 184),
        ("ogni 2 anni", 731),
        ("co 3 miesiące", 92),
        ("anual", 366),
        ("6-monthly", 184),
        ("2-yearly", 731),
        ("vuosittain", 366),
        ("2 vuoden välein", 731),
        ("6 kk välein", 184),
        ("joka toinen vuosi", 731),
        # so many times in a period
        ("1× ročně", 366),
        ("2x ročně", 184),
        ("1× za 2 roky", 731),
        ("každé 3 roky", 1096),
        # the kind of exercise before the period, what it is counted per after it
        ("Drill - annual per project", 366),
        ("Desktop exercise - annual (before storm season)", 366),
        ("Desktop exercise: every 6 months", 184),
        ("quarterly per site", 92),
        ("once per year", 366),
        # what it is counted per before the period ("on each shift, once a quarter")
        ("Once per shift per quarter", 92),
        ("Once per shift per quarter (hospital); yearly (MOB)", 92),
        # a cell that goes on to another thing's period gives the one it opens with
        ("Årligen samt HLR-kurs vartannat år", 366),
        ("annual, plus after each change", 366),
        # Hungarian, Romanian and Greek, the period opening a cell or alone
        ("Évente kiürítési gyakorlat", 366),
        ("félévente", 184),
        ("trimestrial", 92),
        ("o dată la doi ani", 731),
        ("Ετήσια", 366),
        ("ετησίως", 366),
        ("ανά εξάμηνο", 184),
        # Japanese and Chinese, with digits of either width
        ("年1回", 366),
        ("年１回", 366),
        ("四半期ごと", 92),
        ("毎月", 31),
        ("每年一次", 366),
        ("每季度", 92),
    ],
)
def test_a_period_in_the_languages_of_the_standards_users(cell: str, days: int) -> None:
    from isocheck.meaning import to_days

    assert to_days(cell) == days


def test_a_cell_of_words_naming_no_period_is_none() -> None:
    from isocheck.meaning import to_days

    with pytest.raises(ValueError, match="not a period"):
        to_days("as needed, after each change")


@pytest.mark.parametrize(
    ("cell", "months"),
    [("quarter", 3), ("every quarter", 3), ("Quartal", 3), ("kwartał", 3), ("2 quarters", 6)],
)
def test_a_quarter_is_three_calendar_months(cell: str, months: int) -> None:
    from isocheck.meaning import period_days, to_days

    assert to_days(cell) == period_days(months, "m")


def test_a_mark_is_a_word_of_its_own() -> None:
    assert words("○ 改訂内容") == ["○", "改", "訂", "内", "容"]
    assert says("×", words("×"))
    assert not says("×", words("合格"))  # passed: no mark in it
    assert says("✓", words("✓ done"))


@pytest.mark.parametrize(
    ("phrase", "thing"),
    [
        ("number of CIP cycles", "cip cycles"),
        ("CIP ciklų skaičius", "cip ciklų"),
        ("Anzahl der Chargen", "chargen"),
        ("nombre de lots", "lots"),
        ("clinker factor", "clinker"),  # a share, worked out from the data on the thing
        ("part PM2", "pm2"),
        ("Anteil der Sandguss", "sandguss"),
        ("Produktionsmenge", None),  # a compound keeps its quantity (`says` reads it)
        ("heating degree days", None),
        ("number", None),  # a count of nothing named
    ],
)
def test_a_count_or_share_of_a_thing_is_said_by_the_thing(phrase: str, thing: str | None) -> None:
    assert without_quantity(phrase) == thing


@pytest.mark.parametrize(
    ("evaluation", "asked", "limit", "outside"),
    [
        ("No", "Within Limit", "Permit Limit", True),  # a no where the column asks "within?"
        ("Yes", "Within Limit", "Permit Limit", False),
        ("No", "Compliant", "Limit", True),
        ("N", "Exceedance?", "MSGP Benchmark (mg/L)", False),  # asks "exceeded?": no is fine
        ("Y", "Exceedance?", "MSGP Benchmark (mg/L)", True),
        ("Exceedance - INC-26-026 raised", "evaluation", "target", True),
        ("Überschreitung", "Bewertung", "Zielwert", True),
        ("No exceedance", "evaluation", "Limit", False),  # an answer of none
        ("ne ustreza", "Ocena", "Mejna vrednost", True),  # Slovenian: does not comply
        ("ustreza", "Ocena", "Mejna vrednost", False),
        ("Nein", "Grenzwert eingehalten", "Grenzwert", True),
        ("Not met", "evaluation", "target", False),  # a KPI target: no limit named
        ("tavoite ylittyi", "Arvio", "Tavoite / raja-arvo", False),  # Finnish: target exceeded
        ("Exceeded target", "Status", "Limit / target", False),
        ("No", "Target met?", "Target", False),
        ("N/A", "Within Limit", "Permit Limit", False),
        ("", "Within Limit", "Permit Limit", False),
    ],
)
def test_an_evaluation_says_a_result_is_outside_its_limit(
    evaluation: str, asked: str, limit: str, outside: bool
) -> None:
    from isocheck.meaning import outside_limit

    assert outside_limit(evaluation, asked, limit) is outside


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("Access rights are reviewed every six months by the system owner.", {184}),
        ("Semestrales por sistema (Google Workspace, AWS) y extraordinarias tras bajas.", {184}),
        (
            "Halbjährliche Rezertifizierung aller Berechtigungen durch die Systemverantwortlichen",
            {184},
        ),
        ("As contas são revistas em revisões trimestrais.", {92}),
        ("User accounts semi-annually; administrator accounts quarterly.", {184, 92}),
        ("Access is granted on request and removed on the last working day.", set()),
        ("Reviewed as needed.", set()),
    ],
)
def test_periods_in_reads_the_periods_a_passage_states(text: str, periods: set[int]) -> None:
    assert periods_in(text) == periods


_DROPPED = [
    "suspended",
    "removed",
    "gesperrt",
    "sospeso",
    "suspendat",
    "bloqué",
    "pozastaven",
    "non agréé",
]


@pytest.mark.parametrize(
    ("text", "floors"),
    [
        ("score >= 70% approved, 60-69% conditional with improvement plan, < 60% suspended.", {60}),
        (
            "Evaluated on quality, delivery, compliance and WHS; below 60% the supplier is suspended.",
            {60},
        ),
        (
            "punteggio 0-100: sotto 60 il fornitore è sospeso, tra 60 e 70 è sotto osservazione",
            {60},
        ),
        ("un furnizor cu punctaj sub 60 sau cu abateri SSM grave este suspendat", {60}),
        # the other score is said of an action plan, not of a drop
        ("≥ 85 = accepté, < 70 = plan d'action, < 50 = bloqué", {50}),
        ("A ≥ 80, B 60–79 (freigegeben mit Maßnahmenplan), C unter 60 (gesperrt)", {60}),
        ("| C | < 12 | non agréé : recherche d'un autre fournisseur |", {12}),
        ("below 5,5 points suspended", {5.5}),
        # a paragraph wrapped onto its next line goes on; a new list item does not
        (
            "Rated 1 to 5 on ten questions; below 30 points in total the\nsupplier is suspended.",
            {30},
        ),
        ("- C: < 60\n- suspended suppliers are listed apart", set()),
        # a score said of no drop, and a drop said of no score
        ("Risks scored < 8 are accepted; a supplier with a repeated NC is suspended.", set()),
        ("Suppliers scoring 60-69 are approved with conditions.", set()),
    ],
)
def test_floors_said_reads_the_score_below_which_an_item_is_dropped(
    text: str, floors: set[float]
) -> None:
    assert meaning.floors_said(text, _DROPPED) == floors


@given(st.text(alphabet="<below 0123456789%,.;suspended\n", max_size=400))
def test_floors_said_reads_any_text_without_failing(text: str) -> None:
    assert all(0 <= floor < 1000 for floor in meaning.floors_said(text, _DROPPED))
