"""Many organizations in one table (--portfolio), and one organization over time (--history)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import results_document

import isocheck
from isocheck.cli import main
from isocheck.reporting import document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def save(path: Path, results: dict[str, Any]) -> Path:
    path.write_text(document.dumps(results), encoding="utf-8")
    return path


def test_a_portfolio_lists_each_organization_with_its_verdict_and_certificates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        str(save(tmp_path / f"{name}.json", results_document(EXAMPLES / name)))
        for name in ("acme-qms", "acme-qms-gaps", "acme-isms")
    ]
    out_json = tmp_path / "p.json"
    assert main(["report", "--portfolio", *files, "--format", "json", "-o", str(out_json)]) == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    by = {(r["results"].rsplit("/", 1)[-1], r["standard"]): r for r in data["rows"]}
    assert by[("acme-qms-gaps.json", "iso9001-2015")]["open_majors"] == 3
    assert by[("acme-qms.json", "iso9001-2015")]["open_majors"] == 0
    assert by[("acme-qms.json", "iso9001-2015")]["passed"] is True
    assert all(r["complete"] for r in data["rows"])
    capsys.readouterr()
    assert main(["report", "--portfolio", *files]) == 0
    out = capsys.readouterr().out
    assert "3 organization(s); " in out and "Acme Precision Components Ltd" in out


def test_a_portfolio_escapes_what_organizations_wrote(tmp_path: Path) -> None:
    results = results_document(EXAMPLES / "acme-qms")
    results["organization"]["name"] = "<script>x</script> | =1+1"
    path = save(tmp_path / "evil.json", results)
    for fmt in ("html", "md"):
        out = str(tmp_path / f"p.{fmt}")
        assert main(["report", "--portfolio", str(path), "--format", fmt, "-o", out]) == 0
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\\|" in (tmp_path / "p.md").read_text(encoding="utf-8")


def test_one_results_file_needs_a_format_and_several_need_portfolio(tmp_path: Path) -> None:
    path = str(save(tmp_path / "r.json", results_document(EXAMPLES / "acme-qms")))
    assert main(["report", path]) == 2
    assert main(["report", path, path, "--format", "md"]) == 2


def test_the_html_report_shows_the_trend_of_earlier_runs(tmp_path: Path) -> None:
    history = tmp_path / "history"
    history.mkdir()
    folder = EXAMPLES / "acme-qms-gaps"
    for as_of in ("2026-05-01", "2026-08-01", "2026-11-01"):
        a = isocheck.evaluate(folder, as_of=as_of)
        results = document.build(
            profile=a.profile, packs=a.packs, findings=a.findings, as_of=a.as_of, stage=None
        )
        save(history / f"results-{as_of}.json", results)
    latest = history / "results-2026-11-01.json"
    out = tmp_path / "report.html"
    args = ["report", str(latest), "--format", "html", "--history", str(history), "-o", str(out)]
    assert main(args) == 0
    html = out.read_text(encoding="utf-8")
    trend = html.split('<section id="trend">', 1)[1].split("</section>", 1)[0]
    assert [d for d in ("2026-05-01", "2026-08-01", "2026-11-01") if d in trend] == [
        "2026-05-01",
        "2026-08-01",
        "2026-11-01",
    ]
    assert "<svg" in trend and "open nonconformities per run" in trend
    assert "<th>7</th>" in trend
    assert main(["report", str(latest), "--format", "md", "--history", str(history)]) == 2
