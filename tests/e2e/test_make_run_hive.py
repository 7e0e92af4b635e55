"""`make run GATEWAY=hive`: Hive Gateway at the front door through the devstack switch, over the
real service processes, with the same dev-token auth — the README's first query answers through
it as through ours, and a request without a token is refused."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from devstack.demo import dev_token, seed_enquiry, seed_groups
from devstack.hive import hive_dir, start_hive_gateway
from devstack.services import DEV_JWT_SECRET

from tests.e2e.test_make_run_gateway import readme_query

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

if not (hive_dir() / "node_modules" / ".bin" / "hive-gateway").exists():
    pytest.skip("Hive Gateway is not installed: run `make hive`", allow_module_level=True)


@pytest.fixture(scope="module")
def hive(services: dict[str, str]) -> Iterator[str]:
    running = start_hive_gateway(services, free_port=True)
    try:
        yield running.service.url
    finally:
        running.stop()


def test_the_readme_query_answers_through_hive_gateway(hive: str) -> None:
    seed_groups(hive, DEV_JWT_SECRET)  # seeding through it works too (idempotent command ids)
    seed_enquiry(hive, DEV_JWT_SECRET)
    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    answer = httpx.post(
        f"{hive}/graphql",
        json=readme_query(),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    body = answer.json()
    assert answer.status_code == 200 and "errors" not in body, body
    networks = body["data"]["networks"]["edges"]
    groups = [g for n in networks for g in n["node"]["learningGroups"]["edges"]]
    assert any(g["node"]["enquiries"]["edges"] for g in groups)


def test_hive_gateway_refuses_a_request_without_a_valid_token(hive: str) -> None:
    missing = httpx.post(f"{hive}/graphql", json={"query": "{ __typename }"}, timeout=10)
    forged = httpx.post(
        f"{hive}/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": f"Bearer {dev_token('not-the-secret', 'x', [])}"},
        timeout=10,
    )
    assert missing.status_code == 401 and forged.status_code == 401
