"""The whole hostile corpus in one folder, assessed serially and with -n 2: every run ends, no
worker crashes, nothing is written into the folder, and both give the same findings."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from support import snapshot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from hostile_support import HOSTILE_PACK, PROFILE, write

pytest_plugins = ["pytester"]

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(9)
)

CORPUS: dict[str, str | bytes] = {
    "docs/a.md": "---\nid: D-1\n---\n# Quality manual\n",
    "docs/impossible.md": "---\nid: D-2\nnext_review: 2026-02-30\n---\n# quality\n",
    "docs/toml.md": '+++\nid = "D-3"\n+++\n# quality\n',
    "docs/spaces.md": "---\nid: D-4\n---\n# Quality" + " " * 100_000 + "x\nquality\n",
    "docs/binary.md": b"\x00\x01\x02 quality",
    "docs/unclosed.md": "---\nid: D-5\n# quality\n",
    "data/a.yaml": "id: R-1\n",
    "data/laughs.yaml": "id: R-2\n" + LAUGHS,
    "data/digits.json": '{"id": ' + "9" * 5000 + "}",
    "data/nan.json": '{"id": "R-4", "score": NaN}',
    "data/deep.json": "[" * 5000 + "]" * 5000,
    "tables/a.csv": "id,date,note\nT-1,2026-01-01,aaaa\n",
    "tables/wide.csv": ",".join(["id", "date", "note", *(f"c{i}" for i in range(20_000))]) + "\n",
    "tables/ragged.csv": "id,date,note\nT-2,2026-01-01\nT-3,2026-01-01,a,b,c\n",
    "tables/cell.csv": 'id,date,note\nT-4,2026-01-01,"' + "a" * 200_000 + "\n",
    # Patterns that backtrack, but each far inside the time budget, so that both runs finish
    # them whatever else the machine is doing (the budget's own tests are in tests/hostile):
    # at 24 letters, 40 rows took close to the rule's 5 s on a loaded machine and the two runs
    # could differ on whether it ran out.
    "tables/slow.csv": "id,date,note\n"
    + "".join(f"S-{i},2026-01-01,{'a' * 16}b\n" for i in range(40)),
}


def corpus(root: Path) -> Path:
    write(root, {"isocheck.yaml": PROFILE, "packs/hostile.yaml": HOSTILE_PACK, **CORPUS})
    os.rename(root / "docs" / "a.md", os.fsencode(root / "docs") + b"/qualit\xe9.md")
    os.symlink("loop", root / "docs" / "loop")
    os.mkfifo(root / "tables" / "pipe.csv")
    return root


def findings(path: Path) -> list[tuple[str, str, str]]:
    results = json.loads(path.read_text(encoding="utf-8"))
    return [(f["rule"], f["outcome"], f["message"]) for f in results["findings"]]


def test_the_corpus_gives_the_same_findings_serially_and_with_two_workers(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    root = corpus(tmp_path / "evidence")
    before = snapshot(root)
    runs = {}
    for name, extra in (("serial", []), ("xdist", ["-n", "2"])):
        out = tmp_path / f"{name}.json"
        result = pytester.runpytest_subprocess(
            "--isocheck",
            str(root),
            "-p",
            "no:cacheprovider",
            f"--isocheck-json={out}",
            *extra,
            timeout=240,
        )
        text = result.stdout.str() + result.stderr.str()
        assert "INTERNALERROR" not in text and "Traceback" not in text, name
        assert "worker" not in result.stderr.str().lower() or "crashed" not in text, name
        assert result.ret == pytest.ExitCode.TESTS_FAILED, name
        runs[name] = findings(out)
    assert runs["serial"] == runs["xdist"]
    assert snapshot(root) == before
    outcomes = {rule: outcome for rule, outcome, _ in runs["serial"]}
    assert outcomes == {
        "H-DOC": "nonconform",
        "H-TEXT": "nonconform",
        "H-DATA": "nonconform",
        "H-TABLE": "nonconform",
        "H-REGEX": "nonconform",
    }
    # The file whose name is not UTF-8 is among the evidence, shown as \xe9
    assert "qualit\\\\xe9.md" in (tmp_path / "xdist.json").read_text(encoding="utf-8")
