"""The gateway's ``/events``: the catalogue listed with nothing installed, a service rendered by
AsyncAPI's component from local assets (or told how to install them), every event type's schema
at the address its events name in ``ce_dataschema``, and past versions from the baseline. The
rendered page in a real browser: ``tests/e2e/test_events_browser.py``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import jsonschema
from clc_gateway.app import create_app
from clc_gateway.http.events import ASSETS, EventCatalog, default_docs_dir
from clc_gateway.settings import GatewaySettings
from eventkit.cloudevents import DEFAULT_SCHEMA_BASE
from servicekit.settings import ServiceSettings
from starlette.applications import Starlette

ROOT = Path(__file__).resolve().parents[3]


def gateway() -> httpx.AsyncClient:
    config = GatewaySettings(
        supergraph=str(ROOT / "gateway" / "supergraph.graphql"),
        jwt_hs256_secret="s" * 32,
        reload_interval_s=0,
    )
    transport = httpx.ASGITransport(app=create_app(config))
    return httpx.AsyncClient(transport=transport, base_url="http://gw")


def catalog(docs: Path, assets: Path) -> httpx.AsyncClient:
    app = Starlette(routes=EventCatalog(docs, assets).routes())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


def test_the_services_schema_base_is_the_gateways_default_address() -> None:
    host, port = (GatewaySettings.model_fields[f].default for f in ("host", "port"))
    assert f"http://{host}:{port}/events/schemas" == DEFAULT_SCHEMA_BASE
    assert ServiceSettings.model_fields["event_schema_base"].default == DEFAULT_SCHEMA_BASE


async def test_the_index_lists_every_service_and_event_type_without_any_assets() -> None:
    async with gateway() as c:
        page = await c.get("/events")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for service in ("groups", "enquiry", "knowledge"):
        assert f'href="/events/{service}"' in page.text
    assert "SchoolRegistered" in page.text and "clc.groups.events" in page.text


async def test_every_schema_is_served_at_its_dataschema_address_and_is_valid() -> None:
    async with gateway() as c:
        for service in ("groups", "enquiry", "knowledge"):
            document = (await c.get(f"/events/{service}.asyncapi.json")).json()
            for name, message in document["components"]["messages"].items():
                version = message["payload"]["x-schema-version"]
                path = f"/events/schemas/{service}/{name}/v{version}.json"
                assert (
                    message["payload"]["$id"]
                    == DEFAULT_SCHEMA_BASE.removesuffix("/events/schemas") + path
                )
                answer = await c.get(path)
                assert answer.status_code == 200, path
                schema = answer.json()
                assert schema["$id"] == f"http://gw{path}"
                jsonschema.Draft202012Validator.check_schema(schema)
        missing = await c.get("/events/schemas/groups/SchoolRegistered/v99.json")
        assert missing.status_code == 404
        assert (await c.get("/events/schemas/nope/X/v1.json")).status_code == 404


async def test_a_past_version_is_served_from_the_baseline(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(default_docs_dir(), docs)
    old = {"type": "object", "properties": {"was": {"type": "string"}}, "x-schema-version": 0}
    baseline = json.loads((docs / "baseline" / "groups.json").read_text())
    baseline["SchoolRegistered"]["0"] = old
    (docs / "baseline" / "groups.json").write_text(json.dumps(baseline))
    async with catalog(docs, tmp_path / "none") as c:
        served = (await c.get("/events/schemas/groups/SchoolRegistered/v0.json")).json()
    assert served["properties"] == old["properties"]


async def test_a_service_page_renders_from_local_assets_or_says_how_to_install(
    tmp_path: Path,
) -> None:
    async with catalog(default_docs_dir(), tmp_path / "missing") as c:
        missing = await c.get("/events/groups")
        assert missing.status_code == 200 and "make events-ui" in missing.text
        assert (await c.get("/events/assets/asyncapi.js")).status_code == 404
        assert (await c.get("/events/nope")).status_code == 404
    for name in ASSETS.values():
        (tmp_path / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / name).write_text(f"/* {name} */")
    async with catalog(default_docs_dir(), tmp_path / "assets") as c:
        page = await c.get("/events/groups")
        assert '<script src="/events/assets/asyncapi.js">' in page.text
        assert "/events/groups.asyncapi.json" in page.text and "https://" not in page.text
        script = await c.get("/events/assets/asyncapi.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith(
            "text/javascript"
        )
        assert (await c.get("/events/assets/other.js")).status_code == 404
