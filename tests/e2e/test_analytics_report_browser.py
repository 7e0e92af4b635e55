"""``clc analytics report`` in a real browser: Debian's chromium (driven through Debian's
chromedriver; nothing downloads a browser) opens the page from a file, loads nothing else, and
draws every chart — the learning-matrix heat maps' cells, the participation and claims lines'
points, the knowledge-balance bars — each with a size on screen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clc_analytics.lake import Lake
from clc_analytics.pseudonyms import Pseudonyms
from clc_analytics.rows import row_of
from clc_cli.main import app
from typer.testing import CliRunner

from tests.support.analytics_world import history

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
        ".ci/run installs them)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402  (only once chromium is known to be there)
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("analytics")
    lake = Lake(data_dir / "lake")
    lake.prepare(0)
    pseudonyms = Pseudonyms("browser-test-key")
    rows = [
        row_of(topic, 0, offset, value, headers, pseudonyms)
        for offset, (topic, (_key, value, headers)) in enumerate(history())
    ]
    lake.write(1, rows)
    lake.close()
    out = data_dir / "report.html"
    result = CliRunner().invoke(
        app, ["analytics", "report", "--data-dir", str(data_dir), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def drawn(browser: webdriver.Chrome, selector: str) -> list[dict[str, float]]:
    """The on-screen size of every element matching ``selector``."""
    return list(
        browser.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => {"
            " const r = e.getBoundingClientRect(); return {w: r.width, h: r.height}; })",
            selector,
        )
    )


def test_the_report_draws_its_charts_offline(report: Path, browser: webdriver.Chrome) -> None:
    browser.get(report.as_uri())
    assert browser.title.startswith("Learning communities")
    # nothing fetched: no script, stylesheet, image or font besides the page itself
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    charts = drawn(browser, "svg.chart")
    assert len(charts) == 7  # 3 heat maps (to date + 2 months), 3 line charts, 1 bar chart
    assert all(c["w"] > 100 and c["h"] > 50 for c in charts)
    cells = drawn(browser, "svg.heat-map rect.cell")
    assert len(cells) == 3 * 6 * 3 and all(c["w"] > 10 and c["h"] > 10 for c in cells)
    counts = [
        int(e.get_attribute("data-value") or 0)
        for e in browser.find_elements(By.CSS_SELECTOR, "svg.heat-map:first-of-type rect.cell")
    ]
    assert sum(counts) == 3  # three validated claims to date
    attendances = browser.find_elements(By.CSS_SELECTOR, 'circle.point[data-series="attendances"]')
    assert [p.get_attribute("data-value") for p in attendances] == ["2", "3", "2"]
    assert all(p["w"] > 0 for p in drawn(browser, "circle.point"))
    claimed = browser.find_elements(By.CSS_SELECTOR, 'circle.point[data-series="claimed"]')
    assert sum(int(p.get_attribute("data-value") or 0) for p in claimed) == 3
    bars = drawn(browser, "svg.bar-chart rect.bar")
    assert len(bars) == 3 and all(b["w"] > 0 for b in bars)
