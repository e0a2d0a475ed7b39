"""Nothing outside the evidence folder is read through it: no link is followed at any level of a
path, whether it was there when the folder was walked or swapped in afterwards."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from support import MINI_PACK, POLICY, PROFILE, mini_files, write_tree

import isocheck
from isocheck import cli
from isocheck import confined as confined_module
from isocheck.confined import ConfinedError, ConfinedRoot
from isocheck.errors import InputError
from isocheck.evidence import EvidenceIndex, Skipped
from isocheck.plugins import make_host
from isocheck.reporting.document import _manifest

SECRET = "TOP-SECRET-7f3a9"
# Read as YAML this is one string, which the schema error would quote back: the leak to prevent.
SECRET_FILE = f"root:x:0:0:{SECRET}:/root:/bin/bash\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "evidence", mini_files())


def _index(root: Path) -> EvidenceIndex:
    return EvidenceIndex(root, make_host(load_entry_points=False).loaders)


# --- the profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["outside", "inside", "/etc/passwd"])
def test_symlinked_profile_is_refused_and_its_target_never_shown(
    folder: Path, tmp_path: Path, target: str
) -> None:
    if target == "/etc/passwd" and not Path(target).is_file():
        pytest.skip("no /etc/passwd here")
    profile = folder / "isocheck.yaml"
    if target == "outside":
        (tmp_path / "outside.yaml").write_text(SECRET_FILE)
        target = str(tmp_path / "outside.yaml")
    elif target == "inside":
        (folder / "real.yaml").write_text(SECRET_FILE)
        target = "real.yaml"
    profile.unlink()
    profile.symlink_to(target)
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    (problem,) = info.value.problems
    assert problem.path == str(profile)
    assert problem.message == "isocheck.yaml is a symbolic link, which isocheck does not follow"
    assert SECRET not in str(info.value) and "root:x:0" not in str(info.value)


def test_cli_does_not_print_a_linked_profile(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "outside.yaml").write_text(SECRET_FILE)
    (folder / "isocheck.yaml").unlink()
    (folder / "isocheck.yaml").symlink_to(tmp_path / "outside.yaml")
    assert cli.main(["lint", str(folder)]) == cli.EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert "isocheck.yaml is a symbolic link" in err
    assert SECRET not in out + err


def test_profile_that_is_not_a_file(folder: Path) -> None:
    (folder / "isocheck.yaml").unlink()
    (folder / "isocheck.yaml").mkdir()
    with pytest.raises(InputError, match=r"isocheck\.yaml: isocheck\.yaml is not a regular file"):
        isocheck.plan(folder)


# --- the profile's packs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("packs/mini.yaml", "symbolic link: not followed"),
        ("packs", "symbolic link: not followed (packs is a link)"),
    ],
)
def test_symlinked_pack_is_a_profile_problem(
    folder: Path, tmp_path: Path, link: str, reason: str
) -> None:
    outside = write_tree(tmp_path / "outside", {"mini.yaml": MINI_PACK.replace("Mini", SECRET)})
    if link == "packs":
        (folder / "packs" / "mini.yaml").unlink()
        (folder / "packs").rmdir()
        (folder / "packs").symlink_to(outside, target_is_directory=True)
    else:
        (folder / link).unlink()
        (folder / link).symlink_to(outside / "mini.yaml")
    with pytest.raises(InputError) as info:
        isocheck.plan(folder)
    (problem,) = info.value.problems
    assert problem.path == str(folder / "isocheck.yaml")
    assert problem.line == PROFILE.splitlines().index("packs: [packs/mini.yaml]") + 1
    assert problem.message == f"pack file 'packs/mini.yaml': {reason}"
    assert SECRET not in str(info.value)


def test_pack_linked_within_the_folder_is_refused_too(folder: Path) -> None:
    (folder / "packs" / "mini.yaml").rename(folder / "mini-real.yaml")
    (folder / "packs" / "mini.yaml").symlink_to("../mini-real.yaml")
    with pytest.raises(
        InputError, match=r"pack file 'packs/mini\.yaml': symbolic link: not followed"
    ):
        isocheck.plan(folder)


def test_missing_pack_is_still_not_found(folder: Path) -> None:
    (folder / "packs" / "mini.yaml").unlink()
    with pytest.raises(InputError, match=r"pack file 'packs/mini\.yaml' not found in the evidence"):
        isocheck.plan(folder)


# --- evidence swapped after the walk --------------------------------------------------------------


def test_folder_swapped_for_a_link_after_the_walk_is_reported_not_read(
    folder: Path, tmp_path: Path
) -> None:
    session = isocheck.plan(folder).session()
    assert "policy/quality-policy.md" in session.index.paths  # walked before the swap
    write_tree(tmp_path / "outside", {"quality-policy.md": POLICY.replace("customer", SECRET)})
    (folder / "policy").rename(folder / "policy-was")
    (folder / "policy").symlink_to(tmp_path / "outside", target_is_directory=True)

    parsed = session.index.parsed("policy/quality-policy.md")
    assert parsed.error == "symbolic link: not followed (policy is a link)"
    assert SECRET not in repr(vars(parsed))
    assert parsed.text == "" and parsed.fields is None and parsed.sha256 == ""

    findings = {f.rule: f for f in session.evaluate_all()}
    session.close()
    policy = findings["M-5.2-01"]
    assert policy.outcome == "nonconform"
    assert "policy/quality-policy.md: cannot be read as evidence: symbolic link" in policy.message
    assert all(SECRET not in f.message + " ".join(f.details) for f in findings.values())


@needs_fifo
@pytest.mark.timeout(10)
def test_file_swapped_for_a_fifo_after_the_walk_does_not_block(folder: Path) -> None:
    index = _index(folder)
    assert "registers/audits.csv" in index.paths
    (folder / "registers" / "audits.csv").unlink()
    os.mkfifo(folder / "registers" / "audits.csv")  # no writer: a blocking open would hang
    parsed = index.parsed("registers/audits.csv")
    assert parsed.error == "not a regular file"


def test_file_swapped_for_a_link_after_the_walk(folder: Path, tmp_path: Path) -> None:
    index = _index(folder)
    (tmp_path / "secret.csv").write_text(
        f"instrument,status,next_due\n{SECRET},in use,2030-01-01\n"
    )
    (folder / "registers" / "calibration.csv").unlink()
    (folder / "registers" / "calibration.csv").symlink_to(tmp_path / "secret.csv")
    parsed = index.parsed("registers/calibration.csv")
    assert parsed.error == "symbolic link: not followed"
    assert parsed.rows is None


def test_manifest_sizes_do_not_follow_a_folder_link(folder: Path, tmp_path: Path) -> None:
    findings = isocheck.evaluate(folder).findings
    write_tree(tmp_path / "outside", {"calibration.csv": "x" * 12345, "audits.csv": "y"})
    (folder / "registers").rename(folder / "registers-was")
    (folder / "registers").symlink_to(tmp_path / "outside", target_is_directory=True)
    sizes = {e["path"]: e["size"] for e in _manifest(folder.resolve(), findings)}
    assert sizes["registers/calibration.csv"] is None
    assert sizes["policy/quality-policy.md"] == len(POLICY.encode())


# --- the walk, as before --------------------------------------------------------------------------


def test_links_and_odd_entries_found_by_the_walk_are_skipped(folder: Path, tmp_path: Path) -> None:
    write_tree(tmp_path / "outside", {"x.md": "outside\n"})
    (folder / "policy" / "link.md").symlink_to(tmp_path / "outside" / "x.md")
    (folder / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    write_tree(folder, {".git/config": "x", "design/.mypy_cache/a.md": "x"})
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "design" / "pipe.md")
    index = _index(folder)
    assert index.paths == [
        "packs/mini.yaml",
        "policy/quality-policy.md",
        "registers/audits.csv",
        "registers/calibration.csv",
    ]
    expected = [
        Skipped("dangling.md", "symbolic link: not followed"),
        *([Skipped("design/pipe.md", "not a regular file")] if hasattr(os, "mkfifo") else []),
        Skipped("linked", "symbolic link: not followed"),
        Skipped("policy/link.md", "symbolic link: not followed"),
    ]
    # Within a folder, links are now listed in name order with the files (the walk no longer
    # follows a link to learn that it leads to a directory); the entries and reasons are as before.
    assert sorted(index.skipped, key=lambda s: s.path) == expected


# --- the confined reader itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel", ["../secret.txt", "sub/../../secret.txt", "/etc/passwd", "", "sub//a.txt", "sub/"]
)
def test_reader_refuses_paths_that_leave_the_root_or_are_not_plain(
    tmp_path: Path, rel: str
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    write_tree(tmp_path / "root", {"sub/a.txt": "inside"})
    with ConfinedRoot(tmp_path / "root") as root, pytest.raises(ConfinedError) as info:
        root.read(rel, 1000)
    assert info.value.kind == "bad-path"
    assert SECRET not in str(info.value)


def test_reader_reads_plain_files_within_a_limit(tmp_path: Path) -> None:
    write_tree(tmp_path, {"sub/a.txt": "inside\n"})
    with ConfinedRoot(tmp_path) as root:
        assert root.read("sub/a.txt", 7) == b"inside\n"
        assert root.read("./sub/a.txt", 7) == b"inside\n"
        with pytest.raises(ConfinedError) as info:
            root.read("sub/a.txt", 6)
    assert info.value.kind == "too-large" and info.value.size == 7
    assert info.value.reason == "file is 7 bytes, over the limit of 6"


def test_reader_refuses_links_at_every_level(tmp_path: Path) -> None:
    write_tree(tmp_path / "outside", {"a.txt": SECRET})
    (tmp_path / "root" / "deep").mkdir(parents=True)
    (tmp_path / "root" / "deep" / "sub").symlink_to(tmp_path / "outside")
    (tmp_path / "root" / "file").symlink_to(tmp_path / "outside" / "a.txt")
    with ConfinedRoot(tmp_path / "root") as root:
        with pytest.raises(ConfinedError) as info:
            root.read("deep/sub/a.txt", 1000)
        assert info.value.reason == "symbolic link: not followed (deep/sub is a link)"
        with pytest.raises(ConfinedError) as info:
            root.read("file", 1000)
        assert info.value.reason == "symbolic link: not followed"
        with pytest.raises(ConfinedError) as info:
            root.lstat("deep/sub/a.txt")
        assert info.value.kind == "link"
        assert stat.S_ISLNK(root.lstat("file").st_mode)  # the link itself, not its target
        with pytest.raises(ConfinedError) as info:
            root.read("deep", 1000)
        assert info.value.reason == "not a regular file"


def test_fallback_without_descriptors_walks_and_reads_the_same(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "policy" / "link.md").symlink_to(tmp_path / "nowhere.md")
    confined = _index(folder)
    monkeypatch.setattr(confined_module, "CONFINED", False)  # as on a platform without dir_fd
    by_path = _index(folder)
    assert by_path._confined is not None and by_path._confined._fd is None
    assert (by_path.paths, by_path.skipped) == (confined.paths, confined.skipped)
    parsed = by_path.parsed("policy/quality-policy.md")
    assert parsed.error == "" and parsed.fields and parsed.fields["id"] == "POL-01"
