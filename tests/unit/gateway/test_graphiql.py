"""GraphiQL at ``GET /graphql``: served from the npm folder (never a CDN), the dev token
pre-filled only when given, a page saying how to install when the assets are absent, off in
production unless switched on. A real browser runs it: ``tests/e2e/test_graphiql_browser.py``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from clc_gateway.app import create_app
from clc_gateway.http.graphiql import ASSETS, GraphiQL
from clc_gateway.settings import GatewaySettings
from pydantic import ValidationError

ROOT = Path(__file__).resolve().parents[3]
HTML = {"accept": "text/html,application/xhtml+xml"}


def fake_assets(tmp_path: Path) -> Path:
    for name in ASSETS.values():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"/* {name} */")
    return tmp_path


def client(**settings: object) -> httpx.AsyncClient:
    config = GatewaySettings(
        supergraph=str(ROOT / "gateway" / "supergraph.graphql"),
        jwt_hs256_secret="s" * 32,
        reload_interval_s=0,
        **settings,  # type: ignore[arg-type]
    )
    app = create_app(config)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def test_the_page_and_its_assets_come_from_the_gateway(tmp_path: Path) -> None:
    assets = fake_assets(tmp_path)
    async with client(graphiql_assets=str(assets), graphiql_dev_token="tok.en") as c:
        page = await c.get("/graphql", headers=HTML)
        script = await c.get("/graphiql/graphiql.min.js")
        outside = await c.get("/graphiql/package.json")
        json_get = await c.get("/graphql", headers={"accept": "application/json"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Bearer tok.en" in page.text
    assert "https://" not in page.text and "http://" not in page.text  # no CDN, nothing remote
    assert script.text == "/* graphiql/graphiql.min.js */"
    assert script.headers["content-type"].startswith("text/javascript")
    assert outside.status_code == 404
    # not a browser: GraphQL over HTTP's GET, which (like POST) needs a token first
    assert json_get.status_code == 401


async def test_no_token_is_pre_filled_unless_one_is_given(tmp_path: Path) -> None:
    async with client(graphiql_assets=str(fake_assets(tmp_path))) as c:
        page = await c.get("/graphql", headers=HTML)
    assert "Bearer" not in page.text


async def test_without_the_assets_the_gateway_starts_and_says_how_to_install(
    tmp_path: Path,
) -> None:
    async with client(graphiql_assets=str(tmp_path / "missing")) as c:
        page = await c.get("/graphql", headers=HTML)
    assert page.status_code == 200
    assert "GraphiQL is not installed" in page.text and "make graphiql" in page.text


def test_the_committed_lock_pins_what_is_served() -> None:
    lock = (ROOT / "gateway" / "graphiql" / "package-lock.json").read_text()
    for package in ("node_modules/graphiql", "node_modules/react", "node_modules/react-dom"):
        assert f'"{package}"' in lock
    assert GraphiQL(ROOT / "gateway" / "graphiql" / "node_modules").assets.name == "node_modules"


PRODUCTION = {
    "environment": "production",
    "jwt_issuer": "https://id.example",
    "jwt_audience": "clc",
}


async def test_production_serves_no_graphiql_unless_switched_on(tmp_path: Path) -> None:
    assets = str(fake_assets(tmp_path))
    async with client(graphiql_assets=assets, **PRODUCTION) as c:
        off = await c.get("/graphql", headers=HTML)
    async with client(graphiql_assets=assets, graphiql=True, **PRODUCTION) as c:
        on = await c.get("/graphql", headers=HTML)
    assert off.status_code == 401  # no IDE: a plain GraphQL-over-HTTP GET, which needs a token
    assert on.status_code == 200 and "Bearer" not in on.text


def test_production_refuses_a_pre_filled_token() -> None:
    with pytest.raises(ValidationError, match="pre-fills no token"):
        GatewaySettings(jwt_hs256_secret="s" * 32, graphiql_dev_token="t", **PRODUCTION)  # type: ignore[arg-type]
