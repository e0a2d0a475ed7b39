"""Hostile and broken input: exact behaviour for each case, never a crash, hang or escape.

Each test has a hang guard (pytest-timeout): a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import GOOD, PROFILE, Run, write

import isocheck
from isocheck import confined as confined_module
from isocheck.errors import InputError
from isocheck.plugins import make_host

pytestmark = pytest.mark.timeout(60)


def test_baseline_conforms(run: Run) -> None:
    assert {r: f.outcome for r, f in run({}).items()} == dict.fromkeys(
        ["H-DOC", "H-TEXT", "H-DATA", "H-TABLE", "H-REGEX"], "conform"
    )


# --- YAML -----------------------------------------------------------------------------------------


def test_truncated_yaml(run: Run) -> None:
    f = run({"data/a.yaml": "id: [R-1, R-2\n"})["H-DATA"]
    assert f.outcome == "nonconform"
    assert f.message.startswith("data/a.yaml:1: cannot be read as evidence: invalid YAML:")


def test_tabs_in_indentation(run: Run) -> None:
    f = run({"data/a.yaml": "id: R-1\nitems:\n\t- x\n"})["H-DATA"]
    assert f.outcome == "nonconform"
    assert "data/a.yaml:3: cannot be read as evidence: invalid YAML" in f.message
    assert "indent with spaces, not tabs" in f.message


def test_duplicate_keys(run: Run) -> None:
    f = run({"data/a.yaml": "id: R-1\nid: R-2\n"})["H-DATA"]
    assert f.message == (
        "data/a.yaml:2: cannot be read as evidence: duplicate key 'id' (first defined on line 1); "
        "remove or rename one of the two keys"
    )


BILLION_LAUGHS = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
        f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    + "id: R-1\n"
)


def test_alias_bomb_in_evidence(run: Run) -> None:
    f = run({"data/a.yaml": BILLION_LAUGHS})["H-DATA"]
    assert f.outcome == "nonconform"
    expected = "YAML expands to more than 200000 values (alias expansion)"
    assert expected in f.message


def test_alias_bomb_in_profile(folder: Path) -> None:
    (folder / "isocheck.yaml").write_text(
        PROFILE + "applicability:\n  " + BILLION_LAUGHS.replace("\n", "\n  ")
    )
    with pytest.raises(InputError, match=r"isocheck\.yaml:\d+:\d+: YAML expands to more than"):
        isocheck.plan(folder)


def test_deeply_nested_evidence_does_not_crash(run: Run) -> None:
    # Whether isocheck's depth limit or the YAML parser's own limit stops this first depends on the
    # parser's version, and so does the parser's wording: neither is asserted, only that the file is
    # evidence that cannot be read, a nonconformity naming file and line, not an error or a crash.
    deep = "id: R-1\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"
    findings = run({"data/a.yaml": deep})
    f = findings["H-DATA"]
    assert f.outcome == "nonconform"
    assert f.error == ""
    assert f.message.startswith("data/a.yaml:2: cannot be read as evidence: ")
    assert findings["H-DOC"].outcome == "conform"  # the run went on to the other rules


def test_evidence_nested_past_the_depth_limit(run: Run) -> None:
    # 100 levels: over isocheck's limit for evidence (64), far under any YAML parser's own.
    deep = "id: R-1\nx: " + "[" * 100 + "]" * 100 + "\n"
    f = run({"data/a.yaml": deep})["H-DATA"]
    assert f.outcome == "nonconform"
    assert f.message == (
        "data/a.yaml:2: cannot be read as evidence: YAML nested more than 64 levels deep;"
        " flatten the document"
    )


def test_deeply_nested_profile_is_an_error(folder: Path) -> None:
    # As for evidence, the parser's own limit may stop this first: assert where, not its wording.
    (folder / "isocheck.yaml").write_text(
        PROFILE + "applicability: " + "{a: " * 5000 + "1" + "}" * 5000
    )
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    ((path, line),) = [(p.path, p.line) for p in info.value.problems]
    assert (Path(path).name, line) == ("isocheck.yaml", 7)


def test_profile_nested_past_the_depth_limit(folder: Path) -> None:
    (folder / "isocheck.yaml").write_text(
        PROFILE + "applicability: " + "{a: " * 150 + "1" + "}" * 150
    )
    with pytest.raises(
        InputError, match=r"isocheck\.yaml:7:\d+: YAML nested more than 100 levels deep"
    ):
        isocheck.plan(folder)


def test_python_tags_construct_nothing(run: Run, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    f = run({"data/a.yaml": payload})["H-DATA"]
    assert f.outcome == "nonconform"
    assert f.message.startswith("data/a.yaml:1: cannot be read as evidence: ")
    assert f.message.endswith("; isocheck reads plain YAML only: remove the '!' tag")
    assert not marker.exists()


# --- size, binary, empty, encodings -----------------------------------------------------------------


def test_200_mb_evidence_file_is_not_read(run: Run, folder: Path) -> None:
    big = folder / "docs" / "huge.md"
    big.parent.mkdir(parents=True, exist_ok=True)
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: cheap to make, still 200 MB to read
    f = run({})["H-DOC"]
    assert f.outcome == "nonconform"
    assert f.message.startswith(
        "docs/huge.md: cannot be read as evidence: file is 209715200 bytes, over the limit of 52428800;"
    )


def test_file_size_limit_is_configurable(run: Run) -> None:
    f = run({}, profile_extra="limits: {max_file_bytes: 10}\n")["H-DATA"]
    assert "data/a.yaml: cannot be read as evidence: file is 8 bytes" not in f.message  # 8 <= 10
    f = run(
        {"data/a.yaml": "id: R-1\nname: long enough\n"},
        profile_extra="limits: {max_file_bytes: 10}\n",
    )
    assert "file is 26 bytes, over the limit of 10" in f["H-DATA"].message


@pytest.mark.parametrize("name", ["docs/b.md", "tables/b.csv"])
def test_binary_file_with_a_text_name(run: Run, name: str) -> None:
    findings = run({name: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    f = findings["H-DOC" if name.endswith(".md") else "H-TABLE"]
    assert f.outcome == "nonconform"
    assert f"{name}: cannot be read as evidence: binary content, not text" in f.message


def test_empty_markdown(run: Run) -> None:
    f = run({"docs/a.md": ""})["H-DOC"]
    assert f.message == "docs/a.md: path docs/a.md: missing or empty: id" or f.message.startswith(
        "docs/a.md: item: missing or empty: id"
    )


def test_empty_csv(run: Run) -> None:
    f = run({"tables/a.csv": ""})["H-TABLE"]
    # The file is there: the register is empty, not missing.
    assert f.message == "no Register recorded: tables/a.csv has no rows"
    assert "tables/a.csv: empty table: no header row" in f.details


def test_utf8_bom_document(run: Run) -> None:
    f = run({"docs/a.md": "\ufeff---\nid: D-1\n---\n# Quality\n".encode()})
    assert f["H-DOC"].outcome == "conform"
    assert "docs/a.md: encoding: UTF-8 with byte order mark" in f["H-DOC"].details


def test_utf16_bom_document(run: Run) -> None:
    f = run({"docs/a.md": "---\nid: D-1\n---\n# Quality \u00e9\u00e8\n".encode("utf-16")})
    assert f["H-DOC"].outcome == "conform"
    assert f["H-TEXT"].outcome == "conform"
    assert "docs/a.md: encoding: UTF-16" in f["H-DOC"].details


def test_cp1252_document(run: Run) -> None:
    f = run(
        {
            "docs/a.md": "---\nid: D-1\nowner: Ren\u00e9e\n---\n# Quality \u2013 policy\n".encode(
                "cp1252"
            )
        }
    )
    assert f["H-DOC"].outcome == "conform"
    assert any(
        d.startswith("docs/a.md: encoding: not UTF-8, read as Windows-1252 (cp1252)")
        for d in f["H-DOC"].details
    )


# --- CSV ---------------------------------------------------------------------------------------------


def test_csv_ragged_rows(run: Run) -> None:
    f = run({"tables/a.csv": "id,date,note\nT-1,2026-01-01,aa,extra\nT-2,2026-01-02\n"})["H-TABLE"]
    assert f.outcome == "nonconform"
    assert f.details[:2] == (
        "tables/a.csv:2: row has 4 cells, the header has 3",
        "tables/a.csv:3: row has 2 cells, the header has 3",
    )


def test_csv_embedded_newlines_and_quotes(run: Run) -> None:
    text = 'id,date,note\nT-1,2026-01-01,"line one\nline ""two"""\nT-2,2027-01-01,aa\n'
    f = run({"tables/a.csv": text})["H-TABLE"]
    # The second row starts on line 4, after a cell that spans lines 2-3.
    assert (
        f.message == "tables/a.csv:4: id T-2: date is 2027-01-01, expected on or before 2026-11-01"
    )


def test_csv_bom_in_header(run: Run) -> None:
    f = run({"tables/a.csv": "\ufeffid,date,note\nT-1,2027-01-01,aa\n"})["H-TABLE"]
    assert f.message.startswith("tables/a.csv:2: id T-1: date is 2027-01-01")  # 'id' recognised


def test_csv_duplicate_column_names(run: Run) -> None:
    f = run({"tables/a.csv": "id,date,date\nT-1,2026-01-01,2026-01-02\n"})["H-TABLE"]
    assert f.message.startswith(
        "tables/a.csv:1: cannot be read as evidence: duplicate column name(s) in the header: date"
    )


def test_csv_row_limit_is_configurable(run: Run) -> None:
    rows = "".join(f"T-{i},2026-01-01,aa\n" for i in range(50))
    f = run({"tables/a.csv": "id,date,note\n" + rows}, profile_extra="limits: {max_rows: 10}\n")
    assert "tables/a.csv: only the first 10 rows were read" in f["H-TABLE"].details


def test_ambiguous_date(run: Run) -> None:
    f = run({"tables/a.csv": "id,date,note\nT-1,01/02/2026,aa\n"})["H-TABLE"]
    assert f.message == (
        "tables/a.csv:2: id T-1: date: '01/02/2026' is ambiguous (day/month order); "
        "write dates as YYYY-MM-DD, or say in the profile how this evidence writes them (dates: "
        '"%d/%m/%Y"), or how all of it does, at the profile\'s top'
    )


def test_front_matter_not_closed(run: Run) -> None:
    f = run({"docs/a.md": "---\nid: D-1\n# Quality\n"})["H-DOC"]
    assert f.message == (
        "docs/a.md:1: cannot be read as evidence: front matter not closed: no line '---' after "
        "the opening '---'"
    )


# --- confinement -------------------------------------------------------------------------------------


def test_symlink_pointing_outside_is_not_followed(run: Run, folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("id,date,note\nSECRET,2026-01-01,aa\n")
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    os.symlink(secret, folder / "tables" / "link.csv")
    f = run({})["H-TABLE"]
    assert f.outcome == "nonconform"
    assert f.message == "tables/link.csv: cannot be read as evidence: symbolic link: not followed"
    assert "SECRET" not in " ".join(f.details)


def test_symlinked_folder_outside_is_not_walked(run: Run, folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"x.csv": "id,date,note\nOUT,2026-01-01,aa\n"})
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, folder / "tables" / "more", target_is_directory=True)
    f = run({"tables/a.csv": "id,date,note\nT-1,2026-01-01,aa\n"})["H-TABLE"]
    assert f.outcome == "conform"
    assert all("OUT" not in d for d in f.details)


def test_symlink_loop(run: Run, folder: Path) -> None:
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    os.symlink(folder / "docs", folder / "docs" / "loop", target_is_directory=True)
    os.symlink("self.md", folder / "docs" / "self.md")  # a link to itself
    f = run({})["H-DOC"]
    assert f.message == "docs/self.md: cannot be read as evidence: symbolic link: not followed"


@pytest.mark.parametrize("glob", ["../*.csv", "/etc/*", "tables/../../x.csv"])
def test_mapping_glob_leaving_the_folder_is_rejected(folder: Path, glob: str) -> None:
    write(folder, GOOD)
    (folder / "isocheck.yaml").write_text(
        PROFILE + f'evidence:\n  table:\n    locations: ["{glob}"]\n'
    )
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    (problem,) = info.value.problems
    assert problem.line == 9 and "leaves the evidence folder" in problem.message


def test_unreadable_file(run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(folder, GOOD)
    target = folder / "tables" / "a.csv"
    target.chmod(0)
    real_open, target_stat = os.open, target.stat()

    def deny(path: str, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        # Root reads anything; refuse this one file as the permissions would for anyone else.
        # Files are opened by name relative to their folder's descriptor: compare the files.
        try:
            info = os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            info = None
        if info is not None and os.path.samestat(info, target_stat):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(confined_module.os, "open", deny)
    try:
        f = isocheck.evaluate(folder).findings
    finally:
        target.chmod(0o644)
    table = {x.rule: x for x in f}["H-TABLE"]
    assert (
        table.message
        == "tables/a.csv: cannot be read as evidence: cannot be read: Permission denied"
    )


# --- packs and plugins --------------------------------------------------------------------------------


def test_catastrophic_regex_is_bounded(run: Run) -> None:
    import time

    start = time.monotonic()
    findings = run({"tables/a.csv": "id,date,note\nT-1,2026-01-01," + "a" * 5000 + "b\n"})
    elapsed = time.monotonic() - start
    f = findings["H-REGEX"]
    assert f.outcome == "error"
    assert "the pattern '^(a|aa)+$' took more than 1 s on note of tables/a.csv:2" in f.message
    assert findings["H-TABLE"].outcome == "conform"  # the other rules still ran
    assert elapsed < 20


def test_plugin_check_raising_is_an_error_not_a_verdict(folder: Path) -> None:
    from isocheck import hookimpl

    class Boom:
        @hookimpl
        def isocheck_register_checks(self, registry):  # type: ignore[no-untyped-def]
            def explode(ctx, params):  # type: ignore[no-untyped-def]
                raise ZeroDivisionError("division by zero in plugin")

            registry.register("explode", explode, {"type": "object"})

    write(folder, GOOD)
    pack = (folder / "packs" / "hostile.yaml").read_text()
    (folder / "packs" / "hostile.yaml").write_text(
        pack.replace(
            "checks: [{fields: {evidence: docs, required: [id]}}]", "checks: [{explode: {}}]"
        )
    )
    host = make_host(load_entry_points=False, extra=(Boom(),))
    findings = {f.rule: f for f in isocheck.evaluate(folder, host=host).findings}
    f = findings["H-DOC"]
    assert f.outcome == "error"
    assert f.message == "the check raised ZeroDivisionError: division by zero in plugin"
    assert "Traceback (most recent call last)" in f.error and "explode" in f.error
