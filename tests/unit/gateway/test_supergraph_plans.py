"""The committed supergraph loads in our gateway and answers a cross-service query by plan:
a network's learning groups (groups) with their enquiries (enquiry) and who proposed each (groups
again) — one root fetch, then one `_entities` call per subgraph per level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.supergraph.load import load_supergraph

SUPERGRAPH = Path(__file__).resolve().parents[3] / "gateway" / "supergraph.graphql"

QUERY = """{ networks { edges { node { name learningGroups { edges { node {
  name enquiries { edges { node { title proposedBy { displayName } } } } } } } } } } }"""


def edges(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"edges": [{"node": n} for n in nodes]}


def groups_root() -> dict[str, Any]:
    group = {"__typename": "LearningGroup", "id": "g1", "name": "Readers"}
    other = {"__typename": "LearningGroup", "id": "g2", "name": "Writers"}
    network = {"__typename": "Network", "name": "North Star", "learningGroups": edges(group, other)}
    return {"networks": edges(network)}


def enquiries_of(rep: dict[str, Any]) -> dict[str, Any]:
    proposer = {"__typename": "Practitioner", "id": f"p-{rep['id']}"}
    return {"enquiries": edges({"title": f"Enquiry of {rep['id']}", "proposedBy": proposer})}


class Services:
    """In-memory groups (:8001) and enquiry (:8002), at the supergraph's own URLs."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = orjson.loads(request.content)
        port = request.url.port or 0
        self.calls.append((port, body["query"]))
        reps = (body.get("variables") or {}).get("representations")
        if reps is None:
            data = groups_root() if port == 8001 else {}
        elif port == 8002:
            data = {"_entities": [enquiries_of(r) for r in reps]}
        else:
            data = {"_entities": [{"displayName": f"Name {r['id']}"} for r in reps]}
        return httpx.Response(200, json={"data": data})


async def test_the_committed_supergraph_plans_and_runs_a_cross_service_query() -> None:
    services = Services()
    client = SubgraphClient(transport=httpx.MockTransport(services))
    engine = Engine(load_supergraph(SUPERGRAPH.read_text()), client)
    try:
        answer = await engine.execute(QUERY)
    finally:
        await client.close()

    assert "errors" not in answer, answer
    network = answer["data"]["networks"]["edges"][0]["node"]
    groups = [e["node"] for e in network["learningGroups"]["edges"]]
    assert [g["name"] for g in groups] == ["Readers", "Writers"]
    enquiry = groups[1]["enquiries"]["edges"][0]["node"]
    assert enquiry == {"title": "Enquiry of g2", "proposedBy": {"displayName": "Name p-g2"}}
    # root on groups, one batched _entities call to enquiry, one back to groups: never per group
    assert [port for port, _ in services.calls] == [8001, 8002, 8001]
    assert all("_entities" in q for _, q in services.calls[1:])
