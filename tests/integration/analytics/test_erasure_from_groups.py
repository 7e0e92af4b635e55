"""Erasure reaches the analytics lake from the real source: the groups service (its app, store
and relay) registers two practitioners, forms a group with both and erases one; the sink lands
its topic. No file the sink wrote holds the erased person's name, email or pseudonym; the other
person and the group's history stay."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from clc_analytics.pseudonyms import Pseudonyms

from tests.integration.analytics.test_sink import SECRET, running, settings
from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.support.analytics import found_in

pytestmark = pytest.mark.integration

ADMIN = token("admin-a", "tenant_admin")
ERRORS = "{ userErrors { code message } }"
REGISTER_SCHOOL = f'mutation {{ registerSchool(input: {{schoolId: "oak", name: "Oak"}}) {ERRORS} }}'
REGISTER = (
    "mutation ($id: ID!, $g: String!, $f: String!, $e: String) { registerPractitioner(input:"
    " {practitionerId: $id, givenName: $g, familyName: $f, email: $e, role: TEACHER,"
    f' schoolId: "oak"}}) {ERRORS} }}'
)
FORM_GROUP = (
    'mutation { formLearningGroup(input: {groupId: "g1", name: "Circle", kind: ENQUIRY_GROUP})'
    f" {ERRORS} }}"
)
ADD_MEMBER = (
    f'mutation ($id: ID!) {{ addMember(input: {{groupId: "g1", practitionerId: $id}}) {ERRORS} }}'
)
ERASE = f"mutation ($id: ID!) {{ erasePractitioner(input: {{practitionerId: $id}}) {ERRORS} }}"


async def mutate(service: Service, query: str, **variables: object) -> None:
    body = await service.data(ADMIN, query, **variables)
    (payload,) = body.values()
    assert payload["userErrors"] == [], body


async def test_an_erasure_in_groups_reaches_every_landed_file(
    new_database,  # type: ignore[no-untyped-def]
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    unique = uuid.uuid4().hex[:6]
    given, family, email = f"Zebedee{unique}", f"Quillfeather{unique}", f"zq{unique}@oak.example"
    db = await a_groups_database(new_database)
    groups = settings_for(db.owner_dsn, kafka_bootstrap)
    async with a_running_service(groups) as service:
        await mutate(service, REGISTER_SCHOOL)
        await mutate(service, REGISTER, id="zq", g=given, f=family, e=email)
        await mutate(service, REGISTER, id="rb", g="Rosa", f="Other", e=None)
        await mutate(service, FORM_GROUP)
        for person in ("zq", "rb"):
            await mutate(service, ADD_MEMBER, id=person)
        sink_settings = settings(kafka_bootstrap, {"clc.groups.events": groups.topic}, tmp_path)
        zq, rb = (Pseudonyms(SECRET).of("tenant-a", p) for p in ("zq", "rb"))
        async with running(sink_settings) as sink:
            async with asyncio.timeout(60):
                while not found_in(tmp_path, [zq]):
                    await asyncio.sleep(0.3)
            assert found_in(tmp_path, [given, family, email]) == {}
            await mutate(service, ERASE, id="zq")
            async with asyncio.timeout(60):
                while sink.stats.erasures < 1:
                    await asyncio.sleep(0.2)
    assert found_in(tmp_path, [zq, given, family, email]) == {}
    assert set(found_in(tmp_path, [rb])) == {rb}
