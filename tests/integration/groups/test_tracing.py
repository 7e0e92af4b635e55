"""One trace shows a write becoming readable: request → command → publish → projection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.unit.servicekit.harness import recorded_spans

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        yield running


async def test_a_write_and_its_projection_share_the_callers_trace(service: Service) -> None:
    with recorded_spans() as spans:
        response = await service.http.post(
            "/graphql",
            json={
                "query": 'mutation { registerSchool(input: {schoolId: "traced", name: "Ash"})'
                " { school { id } consistencyToken } }"
            },
            headers={
                "authorization": f"Bearer {ADMIN}",
                "traceparent": f"00-{CALLER_TRACE}-00f067aa0ba902b7-01",
            },
        )
        assert response.json()["data"]["registerSchool"]["school"] == {"id": "traced"}
        wanted = {"command RegisterSchool", "publish SchoolRegistered", "project SchoolRegistered"}
        for _ in range(100):  # the relay acknowledges in its own time
            names = {
                s.name
                for s in spans.get_finished_spans()
                if format(s.context.trace_id, "032x") == CALLER_TRACE
            }
            if wanted <= names:
                break
            await asyncio.sleep(0.05)
    assert wanted | {"graphql anonymous"} <= names
