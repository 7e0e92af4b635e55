"""`make run`'s front door: the gateway as a real process in front of the real service processes
(free ports), the demo seeded through it exactly as `make run` seeds it, and the README's first
query — a network's groups with their enquiries, across services — answered through it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from devstack.demo import (
    CROSS_SERVICE_QUERY,
    DEMO_TENANT,
    PARTNER_TENANT,
    _id,
    dev_token,
    seed_enquiry,
    seed_groups,
)
from devstack.services import DEV_JWT_SECRET, start_gateway

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    running = start_gateway(services, free_port=True)
    assert running is not None, "clc-gateway is a workspace member: it must be installed"
    try:
        yield running.service.url
    finally:
        running.stop()


def readme_query() -> dict[str, Any]:
    """The JSON body of the README's first curl (what a newcomer pastes)."""
    match = re.search(r"-d '(\{\"query\": .*\})'", README.read_text())
    assert match, "the README's first lines show a curl with a -d '{\"query\": ...}' body"
    body: dict[str, Any] = json.loads(match.group(1))
    return body


def test_the_readme_shows_the_query_make_run_prints() -> None:
    assert readme_query() == {"query": CROSS_SERVICE_QUERY}


def test_the_readme_query_answers_across_services_through_the_gateway(gateway: str) -> None:
    # seeded through the gateway's one endpoint, as `make run` does (idempotent: the fixed
    # command ids make a second seeding answer with the first results)
    ids = seed_groups(gateway, DEV_JWT_SECRET) | seed_enquiry(gateway, DEV_JWT_SECRET)
    assert httpx.get(f"{gateway}/readyz", timeout=10).status_code == 200

    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])  # what make run prints
    answer = httpx.post(
        f"{gateway}/graphql",
        json=readme_query(),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200
    body = answer.json()
    assert "errors" not in body, body["errors"]
    networks = {e["node"]["name"]: e["node"] for e in body["data"]["networks"]["edges"]}
    # (the knowledge demo adds a second network, Riverbend, with no groups of its own)
    assert "North Star Learning Network" in networks
    groups = [e["node"] for e in networks["North Star Learning Network"]["learningGroups"]["edges"]]
    assert [g["name"] for g in groups] == ["Reading for pleasure enquiry group"]
    enquiries = [e["node"] for e in groups[0]["enquiries"]["edges"]]
    assert enquiries == [
        {
            "title": "Reading for pleasure",
            "phase": "REFLECTION",
            "proposedBy": {"displayName": "Amara Okafor"},
        }
    ]
    assert ids["enquiry"]


PARTNER_WORK = """query($id: ID!) { network(id: $id) { name partnerWork { tenantId
  enquiries { edges { node { title status } } } learningMatrix { count } } } }"""


def test_the_partner_tenants_network_reads_what_north_star_shared(gateway: str) -> None:
    seed_groups(gateway, DEV_JWT_SECRET)  # idempotent, as above; the partnership comes with it
    seed_enquiry(gateway, DEV_JWT_SECRET)  # ... and the enquiry marked for partner networks
    nia = dev_token(DEV_JWT_SECRET, _id("person", "nia"), ["teacher"], tenant=PARTNER_TENANT)
    answer = httpx.post(
        f"{gateway}/graphql",
        json={"query": PARTNER_WORK, "variables": {"id": _id("network", "harbour")}},
        headers={"Authorization": f"Bearer {nia}"},
        timeout=30,
    )
    body = answer.json()
    assert "errors" not in body, body["errors"]
    (work,) = body["data"]["network"]["partnerWork"]
    assert work["tenantId"] == DEMO_TENANT
    titles = [e["node"]["title"] for e in work["enquiries"]["edges"]]
    assert titles == ["Reading for pleasure"]


def test_the_gateway_refuses_a_caller_without_a_token(gateway: str) -> None:
    answer = httpx.post(f"{gateway}/graphql", json=readme_query(), timeout=10)
    assert answer.status_code == 401


def test_make_run_prints_the_gateway_url_first_and_the_readme_curl(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from devstack.run import _announce
    from devstack.services import GATEWAY, SERVICES, RunningService

    # _announce reads only each running service's description, never its process
    gateway = RunningService(GATEWAY, process=None)  # type: ignore[arg-type]
    services = [RunningService(s, process=None) for s in SERVICES[:2]]  # type: ignore[arg-type]
    _announce(gateway, services, {})
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "http://127.0.0.1:8000/graphql"
    assert json.dumps(readme_query()) in out


def test_graphiql_opens_with_the_printed_token_filled_in(gateway: str) -> None:
    page = httpx.get(f"{gateway}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert page.status_code == 200 and "GraphiQL" in page.text
    # the token make run prints, pre-filled (unless the assets are missing: then how to install)
    assert "Bearer ey" in page.text or "make graphiql" in page.text
