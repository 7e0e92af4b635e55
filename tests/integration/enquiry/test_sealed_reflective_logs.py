"""A personal reflective log is sealed with its author's key, which the groups service keeps and
hands out through its internal key endpoint: erasing the author in groups makes every entry
unreadable in enquiry's store and removes it from enquiry's read model, rebuilds included."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from clc_enquiry.app import create_app as create_enquiry_app
from clc_enquiry.service import ENQUIRY
from clc_enquiry.settings import EnquirySettings
from clc_groups.app import create_app as create_groups_app
from devstack._proc import free_port
from eventkit.pg import connect
from servicekit.cli import rebuild
from servicekit.crypto import RemoteKeyStore, internal_token

from tests.integration.enquiry.rig import APP_PASSWORD, APP_ROLE
from tests.integration.enquiry.test_api import SECRET as ENQUIRY_SECRET
from tests.integration.enquiry.test_api import token as enquiry_token
from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import settings_for, token
from tests.support.kafka import unique_topic

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
ENTRY = "Wilhelmina's private worry about the Year 9 class"
PAYLOAD = "userErrors { code message field } consistencyToken"
MY_LOG = (
    """query($t: String) { myReflectiveLog(consistencyToken: $t) { edges { node { id text } } } }"""
)


@dataclass
class Both:
    groups: httpx.AsyncClient
    enquiry: httpx.AsyncClient
    enquiry_settings: EnquirySettings
    groups_url: str

    async def gql(self, http: httpx.AsyncClient, auth: str, query: str, **vars: Any) -> Any:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": vars},
            headers={"authorization": f"Bearer {auth}"},
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def mutate(self, http: httpx.AsyncClient, auth: str, name: str, /, **fields: Any) -> str:
        kind = f"{name[0].upper()}{name[1:]}Input"
        query = f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"
        result = (await self.gql(http, auth, query, input=fields))[name]
        assert result["userErrors"] == [], result
        return str(result["consistencyToken"])


@pytest.fixture
async def both(new_database, kafka_bootstrap: str) -> AsyncIterator[Both]:  # type: ignore[no-untyped-def]
    groups_db = await a_groups_database(new_database)
    groups_settings = settings_for(groups_db.owner_dsn, kafka_bootstrap)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_groups_app(groups_settings), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    topic = unique_topic("clc.enquiry.events")
    enquiry_settings = EnquirySettings(
        database_url=await new_database(f"enquiry_{uuid.uuid4().hex[:8]}"),
        kafka_bootstrap_servers=kafka_bootstrap,
        app_role=APP_ROLE,
        app_role_password=APP_PASSWORD,
        topic=topic,
        groups_topic=groups_settings.topic,
        dead_letter_topic=f"{topic}.dlq",
        projector_name=f"enquiry-sealed-{uuid.uuid4().hex[:8]}",
        jwt_hs256_secret=ENQUIRY_SECRET,
        consistency_wait_s=20.0,
        key_service_url=f"http://127.0.0.1:{port}",
    )
    app = create_enquiry_app(enquiry_settings)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as groups,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://enquiry"
            ) as enquiry,
        ):
            yield Both(groups, enquiry, enquiry_settings, f"http://127.0.0.1:{port}")
    finally:
        keys = enquiry_settings.data_keys()
        if keys is not None:
            await keys.aclose()
        server.should_exit = True
        await serving


async def stored_entries(settings: EnquirySettings) -> list[str]:
    conn = await connect(settings.database_url)
    try:
        rows = await conn.fetch(
            "select data->>'text' as text from events"
            " where event_type = 'ReflectiveLogEntryWritten'"
        )
    finally:
        await conn.close()
    return [r["text"] for r in rows]


async def test_an_erased_authors_log_is_unreadable_in_the_store_and_gone_from_the_read_model(
    both: Both,
) -> None:
    await both.mutate(both.groups, ADMIN, "registerSchool", schoolId="oak", name="Oak")
    await both.mutate(
        both.groups,
        ADMIN,
        "registerPractitioner",
        practitionerId="wq",
        schoolId="oak",
        givenName="Wilhelmina",
        familyName="Quackenbush",
        role="TEACHER",
    )
    author = enquiry_token("wq")
    entry_id = str(uuid.uuid4())
    query = (
        "mutation($input: WriteReflectiveLogEntryInput!) {"
        f" writeReflectiveLogEntry(input: $input) {{ {PAYLOAD} }} }}"
    )
    written = (
        await both.gql(both.enquiry, author, query, input={"entryId": entry_id, "text": ENTRY})
    )["writeReflectiveLogEntry"]
    assert written["userErrors"] == []
    log = await both.gql(both.enquiry, author, MY_LOG, t=written["consistencyToken"])
    assert [e["node"]["text"] for e in log["myReflectiveLog"]["edges"]] == [ENTRY]
    # the store (and so the topic) holds it sealed only
    (stored,) = await stored_entries(both.enquiry_settings)
    assert stored.startswith("sealed:v1:") and "Year 9" not in stored

    t = await both.mutate(both.groups, ADMIN, "erasePractitioner", practitionerId="wq")
    assert t
    # enquiry hears PractitionerErased on the groups topic and drops the author's entries
    async with asyncio.timeout(30):
        while (await both.gql(both.enquiry, author, MY_LOG))["myReflectiveLog"]["edges"]:
            await asyncio.sleep(0.2)
    # the key endpoint says the key is destroyed; a rebuild projects no entry of the author's
    keys = RemoteKeyStore(both.groups_url, both.enquiry_settings.key_service_secret, "test")
    try:
        key = await keys.for_subject("tenant-a", "practitioner:wq", create=True)
    finally:
        await keys.aclose()
    assert key is not None and key.destroyed
    await rebuild(both.enquiry_settings, ENQUIRY)
    assert (await both.gql(both.enquiry, author, MY_LOG))["myReflectiveLog"]["edges"] == []


async def test_the_key_endpoint_refuses_callers_without_the_shared_secret(both: Both) -> None:
    body = {"tenantId": "tenant-a", "subject": "practitioner:x", "create": True}
    forged = internal_token("a-wrong-secret-of-at-least-32-bytes!!", "x")
    for auth in ("", "Bearer nonsense", f"Bearer {forged}"):
        response = await both.groups.post(
            "/internal/keys", json=body, headers={"authorization": auth}
        )
        assert response.status_code == 401
    good = f"Bearer {internal_token(both.enquiry_settings.key_service_secret, 'x')}"
    other = {**body, "subject": "evidence:x"}
    response = await both.groups.post("/internal/keys", json=other, headers={"authorization": good})
    assert response.status_code == 404
