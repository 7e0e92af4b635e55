"""The event catalogue in a real browser: Debian's chromium, driven by Selenium through Debian's
chromedriver (nothing downloads a browser), opens the gateway's ``GET /events`` and a service's
page rendered by AsyncAPI's React component from ``gateway/events-ui/node_modules`` (no network
beyond loopback), and sees the event types named."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clc_gateway.app import create_app
from clc_gateway.http.events import EventCatalog
from clc_gateway.settings import GatewaySettings

from tests.support.loopback import serving

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
        ".ci/run installs them)",
        allow_module_level=True,
    )
if not EventCatalog().installed:
    pytest.skip(
        "the /events renderer is not installed: run `make events-ui`", allow_module_level=True
    )

from selenium import webdriver  # noqa: E402  (only once chromium is known to be there)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
    settings = GatewaySettings(
        supergraph=str(ROOT / "gateway" / "supergraph.graphql"),
        jwt_hs256_secret="events-browser-test-secret-0123456789",
        reload_interval_s=0,
    )
    with serving(create_app(settings)) as url:
        yield url


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


def test_the_index_names_every_service(gateway: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{gateway}/events")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "groups" in text and "enquiry" in text and "knowledge" in text
    assert "SchoolRegistered" in text


def test_a_service_page_renders_its_event_types(gateway: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{gateway}/events/groups")
    root = browser.find_element(By.ID, "asyncapi")
    # the component replaces the loading text with the rendered document
    WebDriverWait(browser, 60).until(lambda _: "MemberAdded" in root.text)
    text = root.text
    assert "clc groups events" in text
    for event in ("SchoolRegistered", "LearningGroupFormed", "SessionHeld"):
        assert event in text
    assert "clc.groups.events" in text
    logged = browser.get_log("browser")
    severe = [e for e in logged if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert severe == [], severe
