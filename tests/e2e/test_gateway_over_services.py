"""The gateway in front of the real groups and enquiry services (real processes, PostgreSQL and
Kafka): batching per level, the corner cases a router gets wrong, writes and reads through it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.e2e.gateway_world import Gateway, World, must, seed, start_gateway, supergraph_sdl, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

NETWORK_GROUPS_ENQUIRIES = """
query NetworkGroups($id: ID!) {
  network(id: $id) {
    name
    learningGroups { edges { node { id name enquiries { edges { node { id title } } } } } }
  }
}"""


@pytest.fixture(scope="module")
def sdl(services: dict[str, str]) -> str:
    return supergraph_sdl(services)


@pytest.fixture(scope="module")
async def gateway(sdl: str, services: dict[str, str]) -> AsyncIterator[Gateway]:
    gw = start_gateway(sdl, services)
    yield gw
    await gw.close()


@pytest.fixture(scope="module")
async def world(gateway: Gateway) -> World:
    world = await seed(gateway)
    # the read models catch up asynchronously: wait until the network shows every enquiry
    for _ in range(120):
        body = (
            await gateway.post(NETWORK_GROUPS_ENQUIRIES, world.admin, id=world.networks[0])
        ).json()
        groups = (body.get("data") or {}).get("network") or {"learningGroups": {"edges": []}}
        seen = sum(len(e["node"]["enquiries"]["edges"]) for e in groups["learningGroups"]["edges"])
        if seen == 4:
            break
        await asyncio.sleep(0.25)
    return world


@pytest.fixture
def recording(gateway: Gateway) -> Any:
    gateway.recording.sent.clear()
    gateway.recording.rewrite = None
    yield gateway.recording
    gateway.recording.rewrite = None


async def test_a_networks_groups_with_their_enquiries_take_one_entities_call_per_level(
    gateway: Gateway, world: World, recording: Any
) -> None:
    data = await gateway.data(NETWORK_GROUPS_ENQUIRIES, world.admin, id=world.networks[0])
    groups = {e["node"]["id"]: e["node"] for e in data["network"]["learningGroups"]["edges"]}
    assert set(groups) == set(world.groups[:3])
    titles = {
        g: sorted(e["node"]["title"] for e in groups[g]["enquiries"]["edges"]) for g in groups
    }
    assert titles == {
        world.groups[0]: ["Enquiry 0.0", "Enquiry 0.1"],
        world.groups[1]: ["Enquiry 1.0"],
        world.groups[2]: ["Enquiry 2.0"],
    }
    assert len(recording.calls("groups")) == 1
    (entities,) = recording.calls("enquiry")  # one call for three groups, not three
    assert len(entities["variables"]["representations"]) == 3


async def test_a_deeper_query_still_takes_one_call_per_subgraph_per_level(
    gateway: Gateway, world: World, recording: Any
) -> None:
    query = """
    query Deep($id: ID!) {
      network(id: $id) {
        learningGroups { edges { node {
          members { edges { node { role practitioner { displayName } } } }
          enquiries { edges { node { title proposedBy { displayName school { name } } } } }
          learningMatrix { level depth count }
        } } }
      }
    }"""
    data = await gateway.data(query, world.admin, id=world.networks[0])
    nodes = [e["node"] for e in data["network"]["learningGroups"]["edges"]]
    assert len(nodes) == 3
    assert all(len(n["members"]["edges"]) == 2 for n in nodes)
    proposers = [e["node"]["proposedBy"] for n in nodes for e in n["enquiries"]["edges"]]
    assert len(proposers) == 4 and all(p["school"]["name"].startswith("School") for p in proposers)
    # groups (root) -> enquiry (_entities: the groups' enquiries and matrices) -> groups
    # (_entities: the proposers): three requests, whatever the number of groups and enquiries
    assert [len(recording.calls(g, entities=True)) for g in ("groups", "enquiry")] == [1, 1]
    assert len(recording.calls("groups", entities=False)) == 1
    (proposers_call,) = recording.calls("groups", entities=True)
    # four enquiries by three distinct co-leaders: one representation each
    assert len(proposers_call["variables"]["representations"]) == 3


def _enquiries_by_network(world: World) -> str:
    return """
    query ByNetwork { enquiries(first: 50) { edges { node { id title network { id name } } } } }"""


async def test_an_error_for_one_entity_of_a_batch_leaves_the_others(
    gateway: Gateway, world: World, recording: Any
) -> None:
    network_b = world.networks[1]

    def fail_b(name: str, request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
        if name != "groups" or "_entities" not in request["query"]:
            return answer
        reps = request["variables"]["representations"]
        i = next(i for i, r in enumerate(reps) if r["id"] == network_b)
        answer["data"]["_entities"][i] = None
        answer["errors"] = [
            {"message": "network B is unavailable", "path": ["_entities", i, "name"]}
        ]
        return answer

    recording.rewrite = fail_b
    body = (await gateway.post(_enquiries_by_network(world), world.admin)).json()
    edges = body["data"]["enquiries"]["edges"]
    assert len(edges) == 5
    by_title = {e["node"]["title"]: e["node"]["network"] for e in edges}
    assert by_title["Enquiry 3.0"] is None  # network B's: nulled up to the nullable `network`
    assert all(
        n == {"id": world.networks[0], "name": "Network A"}
        for t, n in by_title.items()
        if t != "Enquiry 3.0"
    )
    (b_index,) = [i for i, e in enumerate(edges) if e["node"]["title"] == "Enquiry 3.0"]
    paths = [e.get("path") for e in body["errors"]]
    assert ["enquiries", "edges", b_index, "node", "network", "name"] in paths
    assert any(e["message"] == "network B is unavailable" for e in body["errors"])
    assert len(recording.calls("groups", entities=True)) == 1


async def test_a_null_in_a_non_null_field_bubbles_to_the_nearest_nullable_parent(
    gateway: Gateway, world: World, recording: Any
) -> None:
    network_b = world.networks[1]

    def null_name(name: str, request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
        if name == "groups" and "_entities" in request["query"]:
            reps = request["variables"]["representations"]
            for rep, entity in zip(reps, answer["data"]["_entities"], strict=True):
                if rep["id"] == network_b:
                    entity["name"] = None
        return answer

    recording.rewrite = null_name
    body = (await gateway.post(_enquiries_by_network(world), world.admin)).json()
    edges = body["data"]["enquiries"]["edges"]
    nets = {e["node"]["title"]: e["node"]["network"] for e in edges}
    assert nets.pop("Enquiry 3.0") is None
    assert all(n["name"] == "Network A" for n in nets.values())
    (b_index,) = [i for i, e in enumerate(edges) if e["node"]["title"] == "Enquiry 3.0"]
    assert [e["path"] for e in body["errors"]] == [
        ["enquiries", "edges", b_index, "node", "network", "name"]
    ]


async def test_a_null_bubbles_several_levels_to_a_nullable_root_field(
    gateway: Gateway, world: World, recording: Any
) -> None:
    def null_group_name(
        name: str, request: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        if name == "groups" and "_entities" not in request["query"]:
            answer["data"]["network"]["learningGroups"]["edges"][1]["node"]["name"] = None
        return answer

    recording.rewrite = null_group_name
    body = (await gateway.post(NETWORK_GROUPS_ENQUIRIES, world.admin, id=world.networks[0])).json()
    # name: String! -> node: LearningGroup! -> edges: [..!]! -> learningGroups: ..! -> network
    assert body["data"] == {"network": None}
    assert [e["path"] for e in body["errors"]] == [
        ["network", "learningGroups", "edges", 1, "node", "name"]
    ]


async def test_the_same_entity_reached_twice_is_fetched_once_and_answered_in_both_places(
    gateway: Gateway, world: World, recording: Any
) -> None:
    query = """
    query Twice($g: ID!) {
      a: learningGroup(id: $g) { name enquiries { edges { node { title } } } }
      b: learningGroup(id: $g) { id enquiries { edges { node { id title group { name } } } } }
    }"""
    data = await gateway.data(query, world.admin, g=world.groups[0])
    titles = sorted(e["node"]["title"] for e in data["a"]["enquiries"]["edges"])
    assert titles == ["Enquiry 0.0", "Enquiry 0.1"]
    assert sorted(e["node"]["title"] for e in data["b"]["enquiries"]["edges"]) == titles
    assert {e["node"]["group"]["name"] for e in data["b"]["enquiries"]["edges"]} == {"Group 0"}
    # each alias is its own path: its own _entities call, each with the one group
    calls = recording.calls("enquiry", entities=True)
    assert [len(c["variables"]["representations"]) for c in calls] == [1, 1]


async def test_an_entity_reached_from_several_objects_is_sent_once_in_the_batch(
    gateway: Gateway, world: World, recording: Any
) -> None:
    query = "query Groups { enquiries(first: 50) { edges { node { title group { name } } } } }"
    data = await gateway.data(query, world.admin)
    names = {e["node"]["title"]: e["node"]["group"]["name"] for e in data["enquiries"]["edges"]}
    assert names["Enquiry 0.0"] == names["Enquiry 0.1"] == "Group 0"
    assert names["Enquiry 3.0"] == "Group 3"
    (call,) = recording.calls("groups", entities=True)
    # five enquiries in four groups: group 0's representation is sent once and answers both
    assert len(call["variables"]["representations"]) == 4


async def test_a_subgraph_that_is_down_gives_partial_data_and_readyz_names_it(
    sdl: str, services: dict[str, str], world: World
) -> None:
    down = start_gateway(sdl, services, replicas={"enquiry": ["http://127.0.0.1:9/graphql"]})
    try:
        query = """
        query Partial($n: ID!, $e: ID!) { network(id: $n) { name } enquiry(id: $e) { title } }"""
        body = (
            await down.post(
                query, world.admin, n=world.networks[0], e=world.enquiries[world.groups[0]][0]
            )
        ).json()
        ready = await down.http.get("/readyz")
    finally:
        await down.close()
    assert body["data"] == {"network": {"name": "Network A"}, "enquiry": None}
    assert [e["path"] for e in body["errors"]] == [["enquiry"]]
    assert ready.status_code == 503 and ready.json()["down"] == ["enquiry"]


async def test_a_write_then_a_read_with_its_consistency_token_through_the_gateway(
    gateway: Gateway, world: World
) -> None:
    from tests.e2e.gateway_world import new_id

    person = new_id()
    written = await must(
        gateway, world.admin, "registerPractitioner", "RegisterPractitionerInput",
        practitionerId=person, schoolId=await _a_school(gateway, world), givenName="Read",
        familyName="Back", role="TEACHER",
    )  # fmt: skip
    assert isinstance(written, str)
    data = await gateway.data(
        "query($id: ID!, $t: String) {"
        " practitioner(id: $id, consistencyToken: $t) { displayName } }",
        world.admin,
        id=person,
        t=written,
    )
    assert data == {"practitioner": {"displayName": "Read Back"}}
    leader = token(world.tenant, world.leaders[1], "teacher")
    enquiry = new_id()
    proposed = await must(
        gateway, leader, "proposeEnquiry", "ProposeEnquiryInput",
        enquiryId=enquiry, groupId=world.groups[1], title="Read your writes",
        question="Is it there?", approach="COLLABORATIVE_ENQUIRY", levels=["ADULT"],
    )  # fmt: skip
    data = await gateway.data(
        "query($id: ID!, $t: String) {"
        " enquiry(id: $id, consistencyToken: $t) { title group { name } } }",
        leader,
        id=enquiry,
        t=proposed,
    )
    assert data == {"enquiry": {"title": "Read your writes", "group": {"name": "Group 1"}}}


async def _a_school(gateway: Gateway, world: World) -> str:
    data = await gateway.data("{ schools { edges { node { id } } } }", world.admin)
    school: str = data["schools"]["edges"][0]["node"]["id"]
    return school


async def test_the_gateway_refuses_a_caller_without_a_token_before_any_subgraph_call(
    gateway: Gateway, recording: Any
) -> None:
    resp = await gateway.post("{ schools { edges { node { id } } } }", None)
    assert resp.status_code == 401
    assert recording.sent == []
