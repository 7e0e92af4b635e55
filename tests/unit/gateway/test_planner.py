"""Plans for @requires and @provides, read off the fetch nodes (no subgraph is called)."""

from __future__ import annotations

from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.planning.plan import Plan
from clc_gateway.supergraph.load import load_supergraph

from .test_router import SUPERGRAPH

HEAD = SUPERGRAPH[: SUPERGRAPH.index("enum join__Graph")]

PRODUCTS = (
    HEAD
    + """
enum join__Graph {
  A @join__graph(name: "a", url: "http://a/graphql")
  B @join__graph(name: "b", url: "http://b/graphql")
}
type Query @join__type(graph: A) @join__type(graph: B) {
  products: [Product] @join__field(graph: A)
  topReview: Review @join__field(graph: B, provides: "author { name }")
}
type Mutation @join__type(graph: A) { noop: Boolean @join__field(graph: A) }
type Product @join__type(graph: A, key: "upc") @join__type(graph: B, key: "upc") {
  upc: String!
  price: Int @join__field(graph: A) @join__field(graph: B, external: true)
  weight: Int @join__field(graph: A) @join__field(graph: B, external: true)
  shippingEstimate: Int @join__field(graph: B, requires: "price weight")
}
type Review @join__type(graph: B) {
  body: String
  author: User
}
type User @join__type(graph: A, key: "id") @join__type(graph: B, key: "id") {
  id: ID!
  name: String @join__field(graph: A) @join__field(graph: B, external: true)
  email: String @join__field(graph: A)
}
"""
)


def plan(query: str) -> Plan:
    engine = Engine(load_supergraph(PRODUCTS), SubgraphClient())
    prepared = engine.prepare(query, None)
    assert not isinstance(prepared, dict), prepared
    return prepared[1]


def test_required_fields_are_fetched_first_and_sent_in_the_representation() -> None:
    root, entity = plan("{ products { upc shippingEstimate } }").nodes
    assert (root.graph, entity.graph) == ("A", "B")
    assert entity.deps == {root.id}
    assert root.query == "query{products{__typename upc price weight}}"
    assert [f.name for f in entity.rep_fields["Product"]] == ["upc", "price", "weight"]
    assert "shippingEstimate" in entity.query


def test_a_provided_field_needs_no_entity_fetch_but_another_field_does() -> None:
    (only,) = plan("{ topReview { author { name } } }").nodes
    assert only.graph == "B"
    _, entity = plan("{ topReview { author { name email } } }").nodes
    assert (entity.graph, entity.path) == ("A", ("topReview", "author"))
    assert entity.query.endswith("{... on User{__typename email}}}")


def test_a_skipped_field_keeps_its_directive_in_the_subgraph_query() -> None:
    _, entity = plan("query($s: Boolean!) { products { shippingEstimate @skip(if: $s) } }").nodes
    assert "$s:Boolean!" in entity.query
    assert "shippingEstimate @skip(if: $s)" in entity.query
