"""`isocheck run DIR`: the assessment through pytest, for people who do not know pytest.

It runs exactly what `pytest --isocheck=DIR` runs (same plan, plugin, findings and exit status)
with safe settings: the folder given with `=` (pytest never searches it for configuration), no
cache, and none of the ini files or PYTEST_ADDOPTS of wherever it is started from. pytest's own
lines (header, dots, truncated failure lines) are kept out of the way; what is printed is the
nonconformities in full, then the gap analysis and the verdict, with a progress line on a
terminal while a long run goes on.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from isocheck.escape import terminal

PROGRESS_AFTER = 2.0  # seconds before a progress line appears (short runs print none)


class _Watch:
    """A pytest plugin: counts the rules assessed, and keeps the run's results document."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.started = time.monotonic()
        self.done = 0
        self.total = 0
        self.results: dict[str, Any] | None = None
        self.written: list[str] = []
        self.shown = False
        self.config: Any = None  # pytest's, once it is configured

    def pytest_configure(self, config: Any) -> None:
        self.config = config

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        self.done += 1
        if not self.live or time.monotonic() - self.started < PROGRESS_AFTER:
            return
        if not self.total:
            from isocheck.pytest_plugin import RUN_KEY

            run = self.config.stash.get(RUN_KEY, None) if self.config else None
            self.total = len(run.plan.rules) if run is not None else 0
        of = f"/{self.total}" if self.total else ""
        self.stream.write(f"\r  {self.done}{of} rules assessed")
        self.stream.flush()
        self.shown = True

    def pytest_unconfigure(self, config: Any) -> None:
        from isocheck.pytest_plugin import RUN_KEY

        run = config.stash.get(RUN_KEY, None)
        if run is not None:
            self.results = run.results
            self.written = list(run.written)
        if self.shown:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()


@dataclass(frozen=True)
class Options:
    """What `isocheck run` passes on to pytest."""

    fail_on: str | None = None
    as_of: str | None = None
    stage: str | None = None
    standards: Sequence[str] = ()
    reports: Sequence[tuple[str, str]] = ()  # (writer, path)
    extra: Sequence[str] = ()  # pytest's own options, as given after `--`


def pytest_args(folder: str, options: Options, ini: Path) -> list[str]:
    """The pytest command line `isocheck run` uses (without `pytest` itself)."""
    args = [f"--isocheck={folder}", "-c", str(ini), f"--rootdir={ini.parent}"]
    args += ["-p", "no:cacheprovider", "-q", "--no-header", "--tb=no", "-rN", "--color=no"]
    if options.fail_on:
        args.append(f"--isocheck-fail-on={options.fail_on}")
    if options.as_of:
        args.append(f"--isocheck-as-of={options.as_of}")
    if options.stage:
        args.append(f"--isocheck-stage={options.stage}")
    args += [f"--isocheck-standard={s}" for s in options.standards]
    args += [f"--isocheck-report={name}={path}" for name, path in options.reports]
    return [*args, *options.extra]


def run(
    folder: str, options: Options, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the assessment; print the nonconformities and the summary; return pytest's status."""
    import pytest

    out = out or sys.stdout
    err = err or sys.stderr
    watch = _Watch(err)
    captured = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="isocheck-run-") as tmp:
        ini = Path(tmp) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")  # none of the caller's settings
        args = pytest_args(folder, options, ini)
        saved = os.environ.pop("PYTEST_ADDOPTS", None)
        try:
            with contextlib.redirect_stdout(captured):
                status = int(pytest.main(args, plugins=[watch]))
        finally:
            if saved is not None:
                os.environ["PYTEST_ADDOPTS"] = saved
    if watch.results is None:
        # No assessment: a usage error or a broken profile. pytest said why; pass it on as is.
        text = captured.getvalue()
        if text.strip():
            out.write("\n".join(terminal(line) for line in text.rstrip("\n").split("\n")) + "\n")
        return status
    out.write(render(watch.results))
    for line in watch.written:
        out.write(terminal(f"report written: {line}") + "\n")
    return status


def render(results: dict[str, Any]) -> str:
    """The nonconformities, each on its own lines and in full, then the summary."""
    from isocheck.reporting.terminal import summary_lines

    lines = []
    numbered = [f for f in results["findings"] if f["number"] or f["outcome"] == "error"]
    if numbered:
        lines.append("nonconformities:")
    for f in numbered:
        label = f["number"] or "ERROR"
        where = ", ".join(f["clauses"])
        status = " (recurring, in the baseline)" if f.get("baseline") == "recurring" else ""
        fails = "" if f["fails_run"] else " [does not fail the run]"
        lines.append(
            f"  {label} {f['severity']} {f['standard']} {where} {f['rule']}{status}{fails}: "
            f"{f['title']}"
        )
        lines.append(f"    {f['message']}")
        # The places at fault the message does not name already
        places = [
            ref["path"]
            + (f":{ref['line']}" if ref.get("line") else "")
            + (f" ({ref['place']})" if ref.get("place") else "")
            for ref in f["evidence"]
        ]
        others = [p for p in places if p not in f["message"]]
        lines += [f"    also at {p}" for p in others[:5]]
        if len(others) > 5:
            lines.append(f"    and {len(others) - 5} more places")
    if numbered:
        lines.append("")
    lines += summary_lines(results)
    return "\n".join(terminal(line) for line in lines) + "\n"
