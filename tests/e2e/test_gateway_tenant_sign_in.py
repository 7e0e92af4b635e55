"""A school system's own sign-in, through the gateway, against the real groups service: the
operator registers the tenant's identity providers (``clc tenant``, real PostgreSQL), the tenant's
admin imports its OneRoster export, and then a teacher signing in at the school system's IdP —
by OneRoster ``sourcedId`` at one, by email at another — is the practitioner that import made."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.door import Door
from clc_gateway.settings import GatewaySettings
from clc_gateway.supergraph.load import load_supergraph
from clc_gateway.tenants.cli import app as tenant_cli
from clc_gateway.tenants.wiring import front_door
from clc_groups.roster import stream_id
from devstack.services import DEV_JWT_SECRET
from typer.testing import CliRunner

from tests.e2e.gateway_world import supergraph_sdl, token
from tests.unit.gateway.auth_idp import Idp, serving
from tests.unit.groups_roster.samples import sample

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

IMPORT = """mutation($files: [RosterFileInput!]!) {
  importRoster(files: $files) { report { accepted } userErrors { code message } consistencyToken }
}"""
ME = """query($t: String) { me(consistencyToken: $t) { personId practitioner { id email } } }"""


async def clc_tenant(*args: str) -> None:
    result = await asyncio.to_thread(CliRunner().invoke, tenant_cli, list(args))
    assert result.exit_code == 0, result.output


async def graphql(
    client: httpx.AsyncClient, bearer: str, query: str, **variables: Any
) -> dict[str, Any]:
    answer = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {bearer}"},
        timeout=30,
    )
    body: dict[str, Any] = answer.json()
    assert answer.status_code == 200 and "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_a_teacher_signed_in_by_the_school_systems_idp_is_the_rostered_practitioner(
    services: dict[str, str], new_database: Any
) -> None:
    tenant = f"severn-{uuid.uuid4().hex[:6]}"
    database = await new_database("gateway_e2e")
    by_sourced_id = Idp("https://login.severn.example", kid="s1")
    by_email = Idp("https://sso.severn.example", kid="e1")
    with serving(by_sourced_id), serving(by_email):
        db = ("--database-url", database)
        await clc_tenant("create", tenant, "--name", "Severn schools", *db)
        await clc_tenant(
            "add-idp", tenant, "--issuer", by_sourced_id.issuer, "--jwks-url", by_sourced_id.url,
            "--audience", "clc", "--person-claim", "sourcedId", "--match", "sourced-id", *db,
        )  # fmt: skip
        await clc_tenant(
            "add-idp", tenant, "--issuer", by_email.issuer, "--jwks-url", by_email.url,
            "--audience", "clc", "--person-claim", "email", "--match", "email", *db,
        )  # fmt: skip
        urls = {name: [f"{url}/graphql"] for name, url in services.items()}
        settings = GatewaySettings(
            database_url=database, jwt_hs256_secret=DEV_JWT_SECRET, subgraph_urls=urls
        )
        engine = Engine(load_supergraph(supergraph_sdl(services)), SubgraphClient(), replicas=urls)
        verifier, guards = front_door(settings, engine)
        app = create_http_app(engine, verifier, None, Door(), guards)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                admin = token(tenant, "admin-1", "tenant_admin")
                files = [{"name": n, "content": c} for n, c in sample().items()]
                imported = (await graphql(client, admin, IMPORT, files=files))["importRoster"]
                assert imported["report"]["accepted"], imported
                teacher = by_sourced_id.token(sourcedId="stf-002")
                me = await graphql(client, teacher, ME, t=imported["consistencyToken"])
                colleague = by_email.token(email="P.Sharma@ashgrove.sch.uk")
                other = await graphql(client, colleague, ME)
    assert me["me"]["personId"] == stream_id(tenant, "practitioner", "stf-002")
    assert me["me"]["practitioner"]["email"] == "t.pritchard@ashgrove.sch.uk"
    assert other["me"]["practitioner"] == {
        "id": stream_id(tenant, "practitioner", "stf-003"),
        "email": "p.sharma@ashgrove.sch.uk",
    }
