"""GraphiQL in a real browser: Debian's chromium, driven by Selenium through Debian's
chromedriver (nothing downloads a browser), opens the gateway's ``GET /graphql`` served from
``gateway/graphiql/node_modules`` with no network beyond loopback, runs a query with the
pre-filled dev token and sees its result."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.graphiql import GraphiQL, default_assets_dir
from clc_gateway.supergraph.load import load_supergraph
from eventkit.principal import JwtVerifier, issue_dev_token

from tests.support.loopback import serving
from tests.support.upload_subgraph import SUPERGRAPH, create_app

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
SECRET = "graphiql-browser-test-secret-0123456789"

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
        ".ci/run installs them)",
        allow_module_level=True,
    )
if not GraphiQL(default_assets_dir()).installed:
    pytest.skip("GraphiQL's assets are not installed: run `make graphiql`", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only once chromium is known to be there)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
    token = issue_dev_token(SECRET, tenant_id="t1", person_id="p1", roles=["tenant_admin"])
    with serving(create_app()) as subgraph:
        engine = Engine(
            load_supergraph(SUPERGRAPH),
            SubgraphClient(),
            replicas={"uploads": [f"{subgraph}/graphql"]},
        )
        graphiql = GraphiQL(default_assets_dir(), dev_token=token)
        app = create_http_app(engine, JwtVerifier(hs256_secret=SECRET), graphiql=graphiql)
        with serving(app) as url:
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


def test_graphiql_runs_a_query_through_the_gateway(gateway: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{gateway}/graphql")
    wait = WebDriverWait(browser, 30)
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-query-editor")))
    browser.execute_script(
        "document.querySelector('.graphiql-query-editor .CodeMirror')"
        ".CodeMirror.setValue('{ hello }')"
    )
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    wait.until(
        ready.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".graphiql-response"), "hello from the upload subgraph"
        )
    )
    # the answer came with the pre-filled token: the gateway refuses any request without one
    assert "UNAUTHENTICATED" not in browser.find_element(By.CSS_SELECTOR, ".graphiql-response").text
