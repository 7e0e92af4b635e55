"""`make run REPLICAS=2`: each service as an `all` process plus one more api, one more projector
and a standby relay, each a real process on its own port; the gateway balances over both api
replicas, and a write's consistency token is honoured whichever replica the read lands on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from devstack.demo import dev_token
from devstack.replicas import api_urls, start_replicas
from devstack.services import DEV_JWT_SECRET, RunningService, start_gateway, start_services

from tests.support.isolation import own_topics

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture(scope="module")
def stack(
    postgres_admin_dsn: str, kafka_bootstrap: str
) -> Iterator[tuple[str, dict[str, list[str]]]]:
    env = {"DATABASE_URL": postgres_admin_dsn, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    suffix = f"replicas_{uuid.uuid4().hex[:8]}"
    with own_topics(suffix):
        firsts = start_services(env, free_ports=True, database_suffix=f"_{suffix}")
    started: list[RunningService] = list(firsts)
    try:
        with own_topics(suffix):
            extras = start_replicas(env, firsts, 2)
        started += extras
        urls = api_urls(firsts, extras)
        gateway = start_gateway(urls, free_port=True)
        assert gateway is not None
        started.append(gateway)
        yield gateway.service.url, urls
    finally:
        for running in reversed(started):
            running.stop()


def test_two_api_replicas_each_serve_and_read_each_others_writes(
    stack: tuple[str, dict[str, list[str]]],
) -> None:
    gateway, urls = stack
    assert all(len(replicas) == 2 for replicas in urls.values())
    headers = {"Authorization": f"Bearer {dev_token(DEV_JWT_SECRET, 'admin', ['tenant_admin'])}"}
    with httpx.Client(base_url=gateway, headers=headers, timeout=30) as http:
        for n in range(6):  # the gateway takes turns: writes and reads land on both replicas
            school = f"replica-{n}"
            written = http.post(
                "/graphql",
                json={
                    "query": "mutation($i: RegisterSchoolInput!) { registerSchool(input: $i)"
                    " { userErrors { code } consistencyToken } }",
                    "variables": {"i": {"schoolId": school, "name": school}},
                },
            ).json()["data"]["registerSchool"]
            assert written["userErrors"] == []
            read = http.post(
                "/graphql",
                json={
                    "query": "query($t: String) { school(id: $t2, consistencyToken: $t)"
                    " { name } }".replace("$t2", f'"{school}"'),
                    "variables": {"t": written["consistencyToken"]},
                },
            ).json()
            assert read["data"]["school"] == {"name": school}, read
    for replicas in urls.values():
        for url in replicas:
            assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
