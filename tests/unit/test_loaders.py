"""Property tests: for any input, loaders return a value or raise isocheck's documented errors."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from isocheck import yamlsrc
from isocheck.errors import InputError
from isocheck.loaders import BUILTIN_LOADERS, LoadLimits, ParsedFile, without_comments
from isocheck.packs import read_pack
from isocheck.profile import load_profile
from isocheck.yamlsrc import load_yaml

LIMITS = LoadLimits(max_rows=1000, max_yaml_depth=30, max_yaml_nodes=5000)

# YAML-ish text: structure characters mixed with words, so the parser gets deep, not just rejected.
yamlish = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}\n ,'\"#&*!|>0123456789.\t%@`")), max_size=300
)
# Printable text: YAML itself treats U+0085, U+2028 and U+2029 as line breaks.
printable = st.characters(
    blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="\x85"
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(printable, max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(printable, max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@given(yamlish)
def test_load_yaml_returns_or_raises_input_error(text: str) -> None:
    try:
        load_yaml(text, "x.yaml", max_depth=30, max_nodes=5000)
    except InputError as exc:
        assert exc.problems and exc.problems[0].path == "x.yaml"


@given(st.one_of(st.binary(max_size=400), yamlish.map(lambda s: s.encode("utf-8"))))
def test_every_evidence_loader_records_problems_instead_of_raising(data: bytes) -> None:
    for name, _suffixes, loader in BUILTIN_LOADERS:
        parsed = ParsedFile(f"file.{name}")
        loader(parsed, data, LIMITS)  # must not raise
        assert isinstance(parsed.error, str)
        if parsed.rows is not None:
            assert all(isinstance(r.fields, dict) for r in parsed.rows)


@given(json_values)
def test_markdown_front_matter_roundtrip_or_problem(value: object) -> None:
    text = "---\n" + yaml.safe_dump(value, allow_unicode=True) + "---\n# Title\n"
    parsed = ParsedFile("doc.md")
    BUILTIN_LOADERS[0][2](parsed, text.encode("utf-8"), LIMITS)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        assert not parsed.error
        assert parsed.fields == value
        assert [h.title for h in parsed.headings] == ["Title"]
    elif value is not None and not isinstance(value, dict):
        assert parsed.error


@given(
    st.lists(
        st.lists(st.text(printable, max_size=6), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_csv_rows_keep_their_line_numbers(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [f"c{i}" for i in range(len(rows[0]))]
    writer.writerow(header)
    writer.writerows(rows)
    parsed = ParsedFile("t.csv")
    BUILTIN_LOADERS[3][2](parsed, out.getvalue().encode("utf-8"), LIMITS)
    assert not parsed.error
    assert parsed.rows is not None
    for row in parsed.rows:
        assert row.line is not None and row.line >= 2


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.one_of(yamlish, json_values.map(lambda v: yaml.safe_dump(v))))
def test_pack_loader_returns_or_raises_input_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            read_pack(path)
        except InputError as exc:
            assert exc.problems


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.one_of(yamlish, json_values.map(lambda v: yaml.safe_dump(v))))
def test_profile_loader_returns_or_raises_input_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "isocheck.yaml").write_text(text, encoding="utf-8")
        try:
            load_profile(Path(tmp))
        except InputError as exc:
            assert exc.problems


def test_the_formats_of_locations_are_the_loaders_that_read_them() -> None:
    from isocheck.plugins import make_host

    loaders = make_host(load_entry_points=False).loaders
    assert loaders.formats(["policy/*.{md,docx,pdf}", "context/*.md"]) == [
        "markdown",
        "word",
        "pdf",
    ]
    assert loaders.formats(["planning/risks*.{csv,XLSX}"]) == ["csv", "excel"]
    assert loaders.formats(["scans/*.tif", "notes/*"]) == [".tif", "any"]


def test_a_file_not_in_utf8_is_read_in_the_code_page_the_profile_declares() -> None:
    data = "Nazwisko;Status\nWróbel Łukasz;zamknięte\n".encode("cp1250")
    parsed = ParsedFile("rejestr.csv", options={"encoding": "cp1250"})
    BUILTIN_LOADERS[3][2](parsed, data, LIMITS)
    assert [r.fields for r in parsed.rows] == [{"Nazwisko": "Wróbel Łukasz", "Status": "zamknięte"}]
    assert parsed.notes == ["encoding: not UTF-8, read as cp1250 (the profile's)"]
    # without it, Windows-1252, and the note says how to declare another
    parsed = ParsedFile("rejestr.csv")
    data = "Nazwisko;Uwagi\nWróbel Łukasz;łączenie śrubowe, spawanie łukowe\n".encode("cp1250")
    BUILTIN_LOADERS[3][2](parsed, data, LIMITS)
    assert parsed.rows[0].fields["Uwagi"] != "łączenie śrubowe, spawanie łukowe"
    assert (
        "look like Polish or Czech saved in cp1250: if so, say encoding: cp1250"
        in (parsed.notes[0])
    )
    # Turkish saved by its Excel is told apart; Windows-1252 text of its own is not suspected
    turkish = ParsedFile("kalibrasyon.csv")
    data = "Cihaz Adı;Bulunduğu Yer\nÖC-007;Kalite Laboratuvarı\n".encode("cp1254")
    BUILTIN_LOADERS[3][2](turkish, data, LIMITS)
    assert "look like Turkish saved in cp1254" in turkish.notes[0]
    spanish = ParsedFile("clientes.csv")
    BUILTIN_LOADERS[3][2](spanish, "Cliente;Nota\nJosé;¿Qué tal?\n".encode("cp1252"), LIMITS)
    assert "look like" not in spanish.notes[0]
    # a file in UTF-8 is read as UTF-8 whatever the profile says
    parsed = ParsedFile("rejestr.csv", options={"encoding": "cp1250"})
    BUILTIN_LOADERS[3][2](parsed, "Status\nzamknięte\n".encode(), LIMITS)
    assert parsed.rows[0].fields == {"Status": "zamknięte"}


def test_the_profiles_code_page_holds_for_each_evidence_that_names_none() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "isocheck.yaml").write_text(
            "format: isocheck/profile/v1\norganization: {name: Warta}\nscope: steel\n"
            "standards: [iso9001-2015]\n"
            "encoding: cp1250\n"
            "evidence:\n"
            "  staff-register: {locations: [kadry.csv]}\n"
            "  training-record: {locations: [szkolenia.csv], encoding: utf-8-sig-not-allowed}\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError):  # only the code pages the schema lists
            load_profile(Path(tmp))
        text = (Path(tmp) / "isocheck.yaml").read_text(encoding="utf-8")
        (Path(tmp) / "isocheck.yaml").write_text(
            text.replace("utf-8-sig-not-allowed", "cp1252"), encoding="utf-8"
        )
        profile, _ = load_profile(Path(tmp))
    assert profile.evidence["staff-register"].reading()["encoding"] == "cp1250"
    assert profile.evidence["training-record"].reading()["encoding"] == "cp1252"


def _markdown(text: str) -> ParsedFile:
    parsed = ParsedFile("doc.md")
    BUILTIN_LOADERS[0][2](parsed, text.encode("utf-8"), LIMITS)
    return parsed


def test_a_control_table_heading_a_markdown_document_gives_its_fields() -> None:
    parsed = _markdown(
        "# Procedura\n\n| Codice | PG-EN-01 |\n| --- | --- |\n| Revisione | 3 |\n"
        "| Approved by: | Marco Pedrazzini |\n| Nota | a \\| b |\n\n## 1 Scopo\nTesto.\n"
    )
    assert not parsed.error
    assert parsed.fields == {
        "Codice": "PG-EN-01",
        "Revisione": "3",
        "approved_by": "Marco Pedrazzini",
        "Nota": "a | b",
    }
    assert parsed.field_lines == {"Codice": 3, "Revisione": 5, "approved_by": 6, "Nota": 7}
    assert [h.title for h in parsed.headings] == ["Procedura", "1 Scopo"]


def test_a_bar_written_in_a_control_tables_value_keeps_the_whole_value() -> None:
    # The table has two columns; a value with an unescaped bar is one value, not a wider table
    parsed = _markdown(
        "# Relatório RAI-2026-01\n\n| Auditoria n.º | AI-2026-01 |\n|---|---|\n"
        "| Cláusulas auditadas | ISO 9001: 4, 5, 9.2 | ISO 14001: 4, 6.1.1 |\n| Data | 10/03/2026 |\n"
    )
    assert parsed.fields == {
        "Auditoria n.º": "AI-2026-01",
        "Cláusulas auditadas": "ISO 9001: 4, 5, 9.2 | ISO 14001: 4, 6.1.1",
        "Data": "10/03/2026",
    }


def test_a_control_table_below_the_forms_own_code_still_heads_the_document() -> None:
    # A Word export keeps the form's code between the title and the control table
    text = (
        "# Relatório de Auditoria Interna - RAI-2026-01\n\nFOR-SGI-02 rev. 02\n\n"
        "| Campo | Informação |\n|---|---|\n| Nº da auditoria | AI-2026-01 |\n"
        "| Auditor(a) | Juliana Moreira Santos |\n\n## Escopo\nTexto.\n"
    )
    parsed = _markdown(text)
    assert parsed.fields is not None
    assert parsed.fields["Nº da auditoria"] == "AI-2026-01"
    assert parsed.fields["Auditor(a)"] == "Juliana Moreira Santos"
    assert parsed.field_lines["Auditor(a)"] == 8
    # a long line above the table is text, and read in bounded time whatever it holds
    hostile = "# Title\n\nA1" + "-" * 100_000 + "!\n\n| Auditor | Jo Fisher |\n| --- | --- |\n"
    assert not _markdown(hostile).fields


def test_only_a_two_column_table_at_the_top_gives_fields() -> None:
    after_text = "# Title\n\nSome text first.\n\n| Key | Value |\n| --- | --- |\n| Owner | Ann |\n"
    three_columns = "| no | what | found |\n| --- | --- | --- |\n| 1.1 | actions | closed |\n"
    revisions = "| 1 | 12/01/2025 |\n| --- | --- |\n| 2 | 15/03/2026 |\n"
    for text in (after_text, three_columns, revisions):
        assert not _markdown(text).fields


MANUAL = (
    "---\nid: MGE-01\n---\n# Manuale\n\n## 3 Contesto\n\n| A | B |\n| --- | --- |\n| x | y |\n\n"
    "## 4 Processi del SGE (4.4)\n\nI processi:\n\n| Processo | Documenti |\n| :--- | ---: |\n"
    "| Leadership | PE-01 |\n| Controllo operativo | PG-EN-04, IO-CT-01 |\n| Acquisti |\n\n"
    "Dopo la tabella.\n\n| Altro | Tabella |\n| --- | --- |\n| no | no |\n## 5 Leadership\n"
)


def _markdown_table(text: str, heading: str) -> ParsedFile:
    parsed = ParsedFile("manual.md", options={"table": heading})
    BUILTIN_LOADERS[0][2](parsed, text.encode("utf-8"), LIMITS)
    return parsed


def test_a_register_kept_as_a_table_inside_a_markdown_document_is_read_as_rows() -> None:
    parsed = _markdown_table(MANUAL, "processi del sge")
    assert not parsed.error
    assert parsed.fields == {"id": "MGE-01"}  # still a document, with its own fields
    assert parsed.header == ("Processo", "Documenti")
    assert [(r.fields, r.line, r.problem) for r in parsed.rows or []] == [
        ({"Processo": "Leadership", "Documenti": "PE-01"}, 18, ""),
        ({"Processo": "Controllo operativo", "Documenti": "PG-EN-04, IO-CT-01"}, 19, ""),
        ({"Processo": "Acquisti", "Documenti": ""}, 20, "row has 1 cells, the header has 2"),
    ]


ROLES_DOCUMENT = (
    "# Organisation, Responsibilities and Authorities\n\n| Document No. | BP-IMS-04 |\n"
    "| --- | --- |\n| Revision | 8 |\n\n| Role | Held by |\n| --- | --- |\n"
    "| Managing Director | Declan Brennan |\n"
)


def test_the_register_is_the_table_under_the_heading_that_names_a_mapped_column() -> None:
    # The document's control table stands first under its only heading, its title
    parsed = ParsedFile(
        "roles.md", options={"table": "Organisation", "table_columns": ("Held by", "Role")}
    )
    BUILTIN_LOADERS[0][2](parsed, ROLES_DOCUMENT.encode("utf-8"), LIMITS)
    assert parsed.fields == {"Document No.": "BP-IMS-04", "Revision": "8"}
    assert parsed.header == ("Role", "Held by")
    assert [r.fields for r in parsed.rows or []] == [
        {"Role": "Managing Director", "Held by": "Declan Brennan"}
    ]
    # Naming no column of any table, the first table is the register, as before
    assert _markdown_table(ROLES_DOCUMENT, "Organisation").header == ("Document No.", "BP-IMS-04")


def test_a_table_the_document_does_not_have_under_that_heading_is_an_error_naming_it() -> None:
    for heading in ("Organigramma", "Leadership"):  # no such heading; a heading without a table
        parsed = _markdown_table(MANUAL, heading)
        assert parsed.rows is None
        assert parsed.error_option == "table"
        assert f"no table under a heading containing {heading!r}" in parsed.error


def test_front_matter_wins_over_a_control_table() -> None:
    parsed = _markdown("---\nid: A-1\n---\n| Codice | B-2 |\n| --- | --- |\n")
    assert parsed.fields == {"id": "A-1"}


def test_a_markdown_comment_is_not_text_and_keeps_the_lines_after_it_in_place() -> None:
    parsed = ParsedFile("review.md")
    body = (
        "---\ndate: 2026-01-10\n---\n# Energy review\n<!-- Sections: Method, Energy sources,\n"
        "Significant energy uses -->\n## Opportunities\nInsulate the steam lines.\n"
    )
    BUILTIN_LOADERS[0][2](parsed, body.encode("utf-8"), LIMITS)
    assert "Method" not in parsed.text and "Significant" not in parsed.text
    assert [(h.title, h.line) for h in parsed.headings] == [
        ("Energy review", 4),
        ("Opportunities", 7),
    ]


@example("<!-->")
@example("a<!--->b")
@given(st.text(alphabet="ab<!->\n ", max_size=200))
def test_blanking_comments_keeps_length_and_line_breaks(text: str) -> None:
    out = without_comments(text)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert "<!--" not in out or "-->" not in out[out.index("<!--") :]


def rows_read_cell_by_cell(text: str, max_rows: int) -> tuple[list[tuple[object, ...]], list[str]]:
    """A register's rows as the CSV loader promises them, read the plain way: cells trimmed, rows
    with no value left out, a ragged row padded (or cut) to the header and said to be ragged."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = [name.strip() for name in next(reader)]
    rows: list[tuple[object, ...]] = []
    line = reader.line_num + 1
    for record in reader:
        start, line = line, reader.line_num + 1
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if len(rows) == max_rows:
            return rows, [f"only the first {max_rows} rows were read"]
        padded = cells + [""] * (len(names) - len(cells))
        ragged = f"row has {len(cells)} cells, the header has {len(names)}"
        problem = "" if len(cells) == len(names) else ragged
        rows.append((dict(zip(names, padded, strict=False)), start, problem))
    return rows, []


cell_text = st.text(st.sampled_from(list('ab ,;\t\xa0\u2003"\n\r')), max_size=6)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(cell_text, max_size=5), max_size=8),
    st.integers(1, 4),
    st.integers(1, 6),
    st.sampled_from(["\n", "\r\n"]),
)
def test_csv_rows_are_the_cells_trimmed_row_by_row(
    records: list[list[str]], width: int, max_rows: int, end: str
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([[f"c{i} " for i in range(width)], *records])
    parsed = ParsedFile("t.csv", options={"delimiter": ","})
    BUILTIN_LOADERS[3][2](parsed, out.getvalue().encode("utf-8"), LoadLimits(max_rows=max_rows))
    assert not parsed.error
    assert parsed.rows is not None
    expected, notes = rows_read_cell_by_cell(out.getvalue(), max_rows)
    assert [(row.fields, row.line, row.problem) for row in parsed.rows] == expected
    assert parsed.notes == notes
    assert parsed.header == tuple(f"c{i}" for i in range(width))


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_front_matter_fields_stand_on_their_lines_without_the_positioned_path(
    end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsrc, "load_yaml", None)  # calling it would fail
    text = end.join(["---", "id: QP-01", "owner:", "  Helen Carter", "sites:", "- A", "---", "# Q"])
    parsed = ParsedFile("doc.md")
    BUILTIN_LOADERS[0][2](parsed, text.encode("utf-8"), LIMITS)
    assert parsed.fields == {"id": "QP-01", "owner": "Helen Carter", "sites": ["A"]}
    assert parsed.field_lines == {"id": 2, "owner": 4, "sites": 6}


MINUTES = (
    "# Management Review\n\n**Date:** 8 October 2026, 09:30-13:00, boardroom\n"
    "**Chair:** Helen Marsh (CEO)\n**Present:** David Okafor (COO),\nPriya Raman (CFO)\n"
    "Previous review: 14 October 2025\n\n## 1. Actions\nNote: not a field.\n"
)


def test_the_labelled_lines_heading_minutes_are_their_fields() -> None:
    parsed = _markdown(MINUTES)
    assert parsed.fields == {
        "Date": "8 October 2026, 09:30-13:00, boardroom",
        "Chair": "Helen Marsh (CEO)",
        "Present": "David Okafor (COO), Priya Raman (CFO)",  # continued on the next line
        "Previous review": "14 October 2025",
    }
    assert parsed.field_lines == {"Date": 3, "Chair": 4, "Present": 5, "Previous review": 7}
    # One labelled line heads no document; a paragraph of text ends the head
    assert not _markdown("# Note\n\nNote: a remark.\n\nText.\n").fields
    assert not _markdown("# Title\n\nSome text first.\n**Date:** 8 October 2026\n").fields
    # but one that gives the document's day does: minutes headed by their date alone
    for day in ("26/06/2026", "2026-06-26", "8 October 2026", "26.06.2026"):
        text = f"# Acta 2026\n\n**Fecha:** {day}\n\n## 1. Entradas\n"
        assert _markdown(text).fields == {"Fecha": day}
    assert not _markdown("# Note\n\nNote: see the 2026 plan.\n\nText.\n").fields


def test_one_line_of_control_fields_set_apart_by_dashes_is_their_fields() -> None:
    text = (
        "# IT-04.02 Receção, Picking e Expedição\n\n"
        "Rev. 04 de 10/04/2026 — Elaborado: Vítor Moreira — Aprovado: Marta Sousa\n\n"
        "1. Receção: conferir volumes com a guia.\n"
    )
    parsed = _markdown(text)
    assert parsed.fields == {
        "version": "04",
        "approved_on": "10/04/2026",
        "Elaborado": "Vítor Moreira",
        "Aprovado": "Marta Sousa",
    }
    assert parsed.field_lines == dict.fromkeys(parsed.fields, 3)
    assert _markdown("# P\n\nPrepared by: Ann Lee | Approved by: Bo Li\n").fields == {
        "Prepared by": "Ann Lee",
        "approved_by": "Bo Li",
    }
    # a sentence with a dash is no control line
    assert not _markdown("# Fire\n\nRaise the alarm - evacuate - call 112\n").fields


def test_a_control_table_may_have_an_empty_header_row() -> None:
    text = "# Report\n\n| | |\n| --- | --- |\n| Audit | IA-01 |\n| Auditor | Jo Fisher |\n"
    assert _markdown(text).fields == {"Audit": "IA-01", "Auditor": "Jo Fisher"}


def test_labelled_lines_below_a_control_table_head_the_document_too() -> None:
    parsed = _markdown(
        "# Evaluierung EVAL-01\n\n| Dokumentenlenkung | |\n|---|---|\n| Dok.-Nr. | EVAL-01 |\n"
        "| Datum | 25.09.2026 |\n\n**Tätigkeitsgruppe:** Straßenbau: Poliere, Bauhelfer  \n"
        "**Dok.-Nr.:** anders\n**Beschäftigte:** ca. 40\n\n## Gefährdungen\nText: kein Feld.\n"
    )
    # the control table's fields stand; the labels below it are fields of the document too
    assert {name: value for name, value in parsed.fields.items() if value} == {
        "Dok.-Nr.": "EVAL-01",
        "Datum": "25.09.2026",
        "Tätigkeitsgruppe": "Straßenbau: Poliere, Bauhelfer",
        "Beschäftigte": "ca. 40",
    }
    assert parsed.field_lines["Tätigkeitsgruppe"] == 8
    # one labelled line below the table is a line of text, not the head of the document
    lone = _markdown(
        "# T\n\n| Version | 3 |\n|---|---|\n| Datum | 1.1.2026 |\n\nNote: see below.\n"
    )
    assert set(lone.fields) == {"version", "Datum"}


def test_a_control_table_laid_out_across_gives_fields() -> None:
    # Word documents are headed by a row of labels over a row of values too; one of the labels
    # is the document's version, which a table of content at the top does not give
    across = (
        "| Dokumentnr | Version | Upprättad av | Fastställd av | Datum |\n"
        "|---|---|---|---|---|\n"
        "| VLS-10 | 6 | Karin Öberg | Lars Nyström | 2025-10-14 |\n\n"
        "# Styrning av dokument\n"
    )
    parsed = _markdown(across)
    assert parsed.fields == {
        "Dokumentnr": "VLS-10",
        "version": "6",
        "Upprättad av": "Karin Öberg",
        "Fastställd av": "Lars Nyström",
        "Datum": "2025-10-14",
    }
    assert parsed.field_lines["Datum"] == 3
    # more rows than one of values: a table of content
    assert not _markdown(across.replace("\n\n#", "| VLS-11 | 2 | A | B | 2026-01-02 |\n\n#")).fields
    # the version under the name UK, Norwegian or Dutch documents give it
    # and in the other languages documents are kept in, Cyrillic and Greek scripts among them
    for label in (
        "Issue",
        "Issue No.",
        "Versjon",
        "Versie",
        "Edition",
        "Редакція",
        "Версия",
        "Ревизија",
        "Έκδοση",
        "Verzija",
        "Leidimas",
        "Kiadás",
    ):
        table = across.replace("| Version |", f"| {label} |")
        assert "Karin Öberg" in _markdown(table).fields.values(), label


def test_a_control_table_laid_out_across_in_japanese_gives_its_edition() -> None:
    # 版数 (edition) among the labels: the copy's own edition, which the master list's is
    # compared with (a copy in use at 第9版 where the list has 第10版 current)
    table = (
        "# 測定機器管理規程\n\n"
        "| 文書番号 | 版数 | 制定日 | 改訂日 | 作成 | 承認 |\n|---|---|---|---|---|---|\n"
        "| QEP-05 | 第9版 | 2002年1月10日 | 2025年10月1日 | 小林 健太 | 中村 直子（印） |\n\n"
        "## 1. 対象\n測定機器。\n"
    )
    fields = _markdown(table).fields
    assert (fields["文書番号"], fields["版数"], fields["承認"]) == (
        "QEP-05",
        "第9版",
        "中村 直子（印）",
    )
