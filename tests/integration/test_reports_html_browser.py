"""The HTML audit report written by the pytest option, and its filters in a real headless Chromium
(driven by Selenium with Debian's chromedriver). The report on its own: tests/unit/test_reporting_html.py.

The browser tests skip locally when Chromium, chromedriver or selenium is missing, and fail when
CI is set: `.ci/run` installs Debian's chromium and chromium-driver. Set
ISOCHECK_README_SCREENSHOT=docs/img/html-report.png to also write the README's screenshot.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from html_support import HOSTILE_ATTR, HOSTILE_SCRIPT, hostile, nonconformities
from support import results_document

from isocheck.reporting import html as html_writer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme-qms-gaps"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Headless, and no background traffic: this machine's network is closed.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """The results document of examples/acme-qms-gaps (major and minor nonconformities, waivers
    and an exclusion), built as the plugin builds it."""
    return results_document(EXAMPLE)


@pytest.fixture(scope="module")
def report(results: dict[str, Any]) -> str:
    return html_writer.render(results)


# --- the document ------------------------------------------------------------------------------


def test_written_by_the_pytest_option(pytester: pytest.Pytester, tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    result = pytester.runpytest(
        "--isocheck", str(EXAMPLE), "--isocheck-html", str(out), "-p", "no:cacheprovider"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the example has major nonconformities
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert 'data-rule="QMS-8.6-02"' in text
    assert text.rstrip().endswith("</html>")


# --- in a real browser -------------------------------------------------------------------------


def require_browser() -> None:
    """Skip without a browser, except in CI, where a missing browser is a failure."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        reason = (
            f"no headless browser: {', '.join(missing)} missing "
            "(apt-get install chromium chromium-driver; pip install -e '.[test]')"
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI is set and {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,1400")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # A driver path given: Selenium Manager (which would download drivers) is never run.
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 1400, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield driver
    finally:
        driver.quit()


ROW_STATES = """
return Array.from(document.querySelectorAll('#findings-table tbody tr.finding')).map(function (r) {
  return {rule: r.getAttribute('data-rule'), severity: r.getAttribute('data-severity'),
          outcome: r.getAttribute('data-outcome'),
          nc: r.classList.contains('nonconformity'),
          shown: getComputedStyle(r).display !== 'none' && r.getClientRects().length > 0};
});
"""


def open_report(browser: Any, path: Path) -> None:
    browser.get(path.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def test_filters_in_headless_chromium(
    browser: Any, results: dict[str, Any], report: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "report.html"
    page.write_text(report, encoding="utf-8")
    open_report(browser, page)
    # The inline script ran under the page's CSP, which blocked nothing: the filters are shown.
    assert browser.find_element(By.ID, "filters").is_displayed()
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []

    ncs = [f["rule"] for f in nonconformities(results)]
    states = browser.execute_script(ROW_STATES)
    assert len(states) == len(results["findings"])
    assert all(s["shown"] for s in states)
    assert [s["rule"] for s in states if s["nc"]] == ncs
    for n in range(1, len(ncs) + 1):
        assert browser.find_element(By.ID, f"nc-{n:03d}").is_displayed()
    first_nc = browser.find_element(By.CSS_SELECTOR, "#findings-table tr.finding.nonconformity")
    assert first_nc.is_displayed()
    assert ncs[0] in first_nc.text

    # Severity = major: only the major rules' rows remain.
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("major")
    states = browser.execute_script(ROW_STATES)
    shown = [s for s in states if s["shown"]]
    assert shown
    assert all(s["severity"] == "major" for s in shown)
    assert all(not s["shown"] for s in states if s["severity"] != "major")
    assert len(shown) == sum(f["severity"] == "major" for f in results["findings"])
    major_ncs = [f["rule"] for f in nonconformities(results) if f["severity"] == "major"]
    assert {s["rule"] for s in shown if s["nc"]} == set(major_ncs)
    count = browser.find_element(By.ID, "filter-count").text
    assert count == f"Showing {len(shown)} of {len(states)} findings"

    # And outcome = nonconform: exactly the major nonconformities.
    Select(browser.find_element(By.ID, "filter-outcome")).select_by_value("nonconform")
    states = browser.execute_script(ROW_STATES)
    assert [s["rule"] for s in states if s["shown"]] == major_ncs
    for el in browser.find_elements(By.CSS_SELECTOR, "#findings-table tr.finding"):
        if el.get_attribute("data-rule") in major_ncs:
            assert el.is_displayed()

    browser.execute_script("document.getElementById('findings').scrollIntoView()")
    shot = tmp_path / "html-report-filtered.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # An outcome no finding has: the table says so.
    Select(browser.find_element(By.ID, "filter-outcome")).select_by_value("error")
    assert browser.find_element(By.ID, "findings-empty").is_displayed()

    # Show all brings every row back.
    browser.find_element(By.ID, "filter-reset").click()
    assert all(s["shown"] for s in browser.execute_script(ROW_STATES))
    assert not browser.find_element(By.ID, "findings-empty").is_displayed()

    readme_shot = os.environ.get("ISOCHECK_README_SCREENSHOT")
    if readme_shot:
        browser.execute_script("window.scrollTo(0, 0)")
        assert browser.save_screenshot(readme_shot)


def test_hostile_text_stays_text_in_chromium(
    browser: Any, results: dict[str, Any], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "hostile.html"
    page.write_text(html_writer.render(hostile(results)), encoding="utf-8")
    open_report(browser, page)
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return document.scripts.length") == 1
    article = browser.find_element(By.ID, "nc-001")
    assert HOSTILE_SCRIPT in article.text  # shown as text, not run
    assert f"policy/{HOSTILE_ATTR}.md" in article.text
    assert browser.title == f"Internal audit report: Acme {HOSTILE_SCRIPT}"
