"""The router's planner, executor and shaper against in-memory subgraphs (no network, no Node).

Subgraphs are plain functions behind httpx.MockTransport: each records the requests it got, so
the tests count calls and read the representations sent.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson
import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.planning.ir import from_ast
from clc_gateway.planning.limits import limit_errors
from clc_gateway.supergraph.load import load_supergraph
from graphql import OperationDefinitionNode, parse

SUPERGRAPH = """
schema @link(url: "https://specs.apollo.dev/link/v1.0")
       @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) {
  query: Query
  mutation: Mutation
}
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet,
  type: String, external: Boolean, override: String, usedOverridden: Boolean)
  repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false,
  resolvable: Boolean! = true, isInterfaceObject: Boolean! = false)
  repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import])
  repeatable on SCHEMA
directive @inaccessible on FIELD_DEFINITION | OBJECT
scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
enum join__Graph {
  GROUPS @join__graph(name: "groups", url: "http://groups/graphql")
  ENQUIRY @join__graph(name: "enquiry", url: "http://enquiry/graphql")
}
type Query @join__type(graph: GROUPS) @join__type(graph: ENQUIRY) {
  groups: [Group!]! @join__field(graph: GROUPS)
  network: Network @join__field(graph: GROUPS)
}
type Mutation @join__type(graph: GROUPS) @join__type(graph: ENQUIRY) {
  rename(id: ID!, name: String!): Group @join__field(graph: GROUPS)
  open(group: ID!): Group @join__field(graph: ENQUIRY)
}
type Network @join__type(graph: GROUPS) {
  name: String!
  groups: [Group!]!
}
type Group @join__type(graph: GROUPS, key: "id") @join__type(graph: ENQUIRY, key: "id") {
  id: ID!
  name: String! @join__field(graph: GROUPS)
  secret: String @join__field(graph: GROUPS) @inaccessible
  enquiries: [Enquiry!]! @join__field(graph: ENQUIRY)
  lead: Enquiry! @join__field(graph: ENQUIRY)
}
type Enquiry @join__type(graph: ENQUIRY) {
  title: String!
}
"""

GROUPS = [{"__typename": "Group", "id": f"g{i}", "name": f"Group {i}"} for i in range(3)]


class Subgraphs:
    """In-memory subgraphs; ``lead_missing`` makes enquiry answer null for a non-null field."""

    def __init__(self, lead_missing: str | None = None, delay: float = 0.0) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {"groups": [], "enquiry": []}
        self.lead_missing = lead_missing
        self.delay = delay

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = orjson.loads(request.content)
        host = request.url.host
        self.calls[host].append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if "_entities" not in body["query"] and host == "enquiry":
            data: dict[str, Any] = {"__typename": "Query"}
        elif host == "groups":
            data = {"groups": GROUPS, "network": {"name": "N", "groups": GROUPS}}
        else:
            reps = body["variables"]["representations"]
            data = {
                "_entities": [
                    {
                        "__typename": "Group",
                        "enquiries": [{"__typename": "Enquiry", "title": f"E of {r['id']}"}],
                        "lead": None
                        if r["id"] == self.lead_missing
                        else {"__typename": "Enquiry", "title": "lead"},
                    }
                    for r in reps
                ]
            }
        return httpx.Response(200, content=orjson.dumps({"data": data}))


def engine(subgraphs: Subgraphs) -> Engine:
    client = SubgraphClient(transport=httpx.MockTransport(subgraphs))
    return Engine(load_supergraph(SUPERGRAPH), client)


async def test_entities_are_fetched_in_one_call_per_subgraph_per_level() -> None:
    subgraphs = Subgraphs()
    result = await engine(subgraphs).execute("{ network { groups { name enquiries { title } } } }")
    assert "errors" not in result
    assert result["data"]["network"]["groups"][2] == {
        "name": "Group 2",
        "enquiries": [{"title": "E of g2"}],
    }
    assert len(subgraphs.calls["groups"]) == 1
    assert len(subgraphs.calls["enquiry"]) == 1
    reps = subgraphs.calls["enquiry"][0]["variables"]["representations"]
    assert reps == [{"__typename": "Group", "id": f"g{i}"} for i in range(3)]


async def test_the_same_entity_reached_twice_is_sent_once() -> None:
    subgraphs = Subgraphs()
    result = await engine(subgraphs).execute(
        "{ groups { enquiries { title } } network { groups { enquiries { title } } } }"
    )
    assert result["data"]["groups"] == result["data"]["network"]["groups"]
    assert sum(len(c["variables"]["representations"]) for c in subgraphs.calls["enquiry"]) <= 6


async def test_a_null_in_a_non_null_field_bubbles_to_the_nearest_nullable_parent() -> None:
    subgraphs = Subgraphs(lead_missing="g1")
    result = await engine(subgraphs).execute("{ network { name groups { id lead { title } } } }")
    # Group.lead is non-null, groups is [Group!]!, so the null reaches the nullable `network`
    assert result["data"] == {"network": None}
    assert result["errors"][0]["path"] == ["network", "groups", 1, "lead"]


async def test_aliases_fragments_and_typename_shape_the_answer() -> None:
    result = await engine(Subgraphs()).execute(
        """query Q($with: Boolean!) {
             groups { ...G  t: __typename  ... @include(if: $with) { id } }
           }
           fragment G on Group { name }""",
        {"with": False},
    )
    assert result["data"]["groups"][0] == {"name": "Group 0", "t": "Group"}


async def test_inaccessible_fields_are_not_in_the_api_schema() -> None:
    result = await engine(Subgraphs()).execute("{ groups { secret } }")
    assert result["errors"][0]["message"].startswith("Cannot query field 'secret'")


async def test_plans_are_cached_per_document_and_operation() -> None:
    e = engine(Subgraphs())
    for _ in range(3):
        await e.execute("{ groups { id } }")
    await e.execute("query A { groups { id } } query B { groups { name } }", operation_name="B")
    assert e.plans_built == 2


async def test_identical_in_flight_subgraph_requests_are_sent_once() -> None:
    subgraphs = Subgraphs(delay=0.05)
    e = engine(subgraphs)
    results = await asyncio.gather(*(e.execute("{ groups { name } }") for _ in range(5)))
    assert all(r == results[0] for r in results)
    assert len(subgraphs.calls["groups"]) == 1


@pytest.mark.parametrize("status", [500, 502])
async def test_a_failing_subgraph_gives_an_error_and_nulls_not_a_crash(status: int) -> None:
    async def down(request: httpx.Request) -> httpx.Response:
        if request.url.host == "enquiry":
            return httpx.Response(status, content=b"oops")
        return await Subgraphs()(request)

    e = Engine(load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(down)))
    result = await e.execute("{ network { groups { name lead { title } } } }")
    assert result["data"] == {"network": None}
    assert result["errors"]


async def test_introspection_is_answered_from_the_api_schema_next_to_subgraph_data() -> None:
    subgraphs = Subgraphs()
    result = await engine(subgraphs).execute(
        '{ __type(name: "Group") { fields { name } } groups { id } }'
    )
    names = [f["name"] for f in result["data"]["__type"]["fields"]]
    assert names == ["id", "name", "enquiries", "lead"]  # `secret` is @inaccessible
    assert result["data"]["groups"][0] == {"id": "g0"}


def test_mutation_root_fields_run_in_sequence_and_queries_in_parallel() -> None:
    e = engine(Subgraphs())
    prepared = e.prepare(
        'mutation { a: rename(id: "g1", name: "x") { id } b: open(group: "g1") { name } '
        'c: rename(id: "g2", name: "y") { id } }',
        None,
    )
    assert not isinstance(prepared, dict)
    nodes = prepared[1].nodes
    roots = [n for n in nodes if not n.entity]
    assert [n.graph for n in roots] == ["GROUPS", "ENQUIRY", "GROUPS"]
    assert [n.deps for n in roots] == [set(), {roots[0].id}, {roots[1].id}]
    # b's `name` comes from GROUPS through an entity fetch after b's own mutation
    (entity,) = [n for n in nodes if n.entity]
    assert entity.graph == "GROUPS" and entity.path == ("b",) and entity.deps == {roots[1].id}

    query = e.prepare("{ groups { id } network { name } }", None)
    assert not isinstance(query, dict)
    assert [(n.graph, n.deps) for n in query[1].nodes] == [("GROUPS", set())]


async def test_an_error_for_one_entity_of_a_batch_gets_that_objects_path() -> None:
    inner = Subgraphs()

    async def one_bad(request: httpx.Request) -> httpx.Response:
        resp = await inner(request)
        if request.url.host != "enquiry":
            return resp
        body = orjson.loads(resp.content)
        body["data"]["_entities"][1] = None
        body["errors"] = [{"message": "no access", "path": ["_entities", 1]}]
        return httpx.Response(200, content=orjson.dumps(body))

    e = Engine(load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(one_bad)))
    result = await e.execute("{ groups { id enquiries { title } } }")
    # groups is [Group!]!: the failed entity's non-null field nulls the whole list's parent
    assert result["data"] is None
    assert result["errors"][0] == {"message": "no access", "path": ["groups", 1]}


async def test_replicas_of_a_subgraph_are_called_in_turn() -> None:
    hosts: list[str] = []
    inner = Subgraphs()

    async def record(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return await inner(httpx.Request("POST", "http://groups/graphql", content=request.content))

    e = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(transport=httpx.MockTransport(record)),
        replicas={"groups": ["http://g1/graphql", "http://g2/graphql"]},
    )
    for _ in range(4):
        assert "errors" not in await e.execute("{ groups { id } }")
    assert hosts == ["g1", "g2", "g1", "g2"]
    assert e.subgraph_urls["enquiry"] == ["http://enquiry/graphql"]


async def test_depth_and_alias_limits_refuse_the_operation_before_planning() -> None:
    subgraphs = Subgraphs()
    e = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(transport=httpx.MockTransport(subgraphs)),
        max_depth=3,
        max_aliases=2,
    )
    deep = await e.execute("{ network { groups { enquiries { title } } } }")
    assert deep["errors"][0]["message"] == "the operation is 4 fields deep; the limit is 3"
    hidden = await e.execute(
        "{ network { ...F } } fragment F on Network { groups { lead { title } } }"
    )
    assert "4 fields deep" in hidden["errors"][0]["message"]
    aliased = await e.execute("{ a: groups { id } b: groups { id } c: groups { id } }")
    assert "3 aliases" in aliased["errors"][0]["message"]
    assert subgraphs.calls == {"groups": [], "enquiry": []}
    assert "errors" not in await e.execute("{ network { groups { id } } }")  # 3 deep: allowed


def test_the_estimated_cost_counts_pages_literal_or_variable() -> None:
    def cost_errors(query: str, limit: int) -> list[str]:
        (op,) = parse(query).definitions
        assert isinstance(op, OperationDefinitionNode)
        selections = from_ast(op.selection_set, {}) or []
        return limit_errors(selections, max_depth=0, max_aliases=0, max_cost=limit)

    # network, groups, id: 3; with a page of 50 under groups: 1 + 1 + 50 * 2 = 102
    assert cost_errors("{ network { groups { id } } }", 3) == []
    (error,) = cost_errors("{ network { groups(first: 50) { id name } } }", 100)
    assert error == "the operation's estimated cost is 102; the limit is 100"
    # a page given by a variable counts as VARIABLE_PAGE (20): 1 + 1 + 20 * 2 = 42
    assert cost_errors("query($n: Int) { network { groups(first: $n) { id name } } }", 42) == []
    assert cost_errors("query($n: Int) { network { groups(first: $n) { id name } } }", 41)


async def test_an_operation_over_a_limit_is_refused_with_a_code() -> None:
    e = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(transport=httpx.MockTransport(Subgraphs())),
        max_cost=2,
    )
    refused = await e.execute("{ network { groups { id } } }")
    assert refused["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}


async def test_an_unreachable_subgraph_is_reported_where_the_null_starts() -> None:
    """One error for the whole entity fetch, at the first field it owed on the first object (as
    Hive Gateway reports it): no index-less plan path, no redundant null errors for the rest."""

    async def down(request: httpx.Request) -> httpx.Response:
        if request.url.host == "enquiry":
            raise httpx.ConnectError("refused", request=request)
        return await Subgraphs()(request)

    e = Engine(load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(down)))
    result = await e.execute("{ network { name groups { name enquiries { title } } } }")
    assert result["data"] == {"network": None}
    assert [err["path"] for err in result["errors"]] == [["network", "groups", 0, "enquiries"]]
