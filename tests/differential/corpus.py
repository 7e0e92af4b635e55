# ruff: noqa: E501  (GraphQL documents read best on one line each)
"""The differential corpus: operations sent unchanged to our gateway and to Hive Gateway.

Each operation names the variables it takes from the seeded world (``tests.e2e.gateway_world``:
network A with groups 0-2, network B with group 3, one enquiry per group and two in group 0) and
whose token it is sent with. ``DOWN`` operations run against both gateways with the enquiry
subgraph unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.gateway_world import World

Vars = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Op:
    name: str
    query: str
    variables: Vars = field(default=lambda w: {})
    caller: str = "admin"
    """``admin`` (tenant admin) or ``leader`` (group 0's co-leader, a teacher)."""
    operation: str | None = None
    differs: str | None = None
    """Why the two gateways answer this one differently (the test expects them to differ)."""


def _net(w: World) -> dict[str, Any]:
    return {"id": w.networks[0]}


def _group(w: World) -> dict[str, Any]:
    return {"id": w.groups[0]}


def _enq(w: World) -> dict[str, Any]:
    return {"id": w.enquiries[w.groups[0]][0]}


def _leader(w: World) -> dict[str, Any]:
    return {"id": w.leaders[0]}


GROUP_FIELDS = "fragment G on LearningGroup { id name kind status groundRulesAgreed }"
ENQ_FIELDS = "fragment E on Enquiry { id title question approach levels status phase }"

CORPUS: list[Op] = [
    # --- one subgraph ---
    Op("schools", "{ schools { edges { node { id name } } pageInfo { hasNextPage } } }"),
    Op("networks", "{ networks { edges { node { id name status hasSharedLeadership } } } }"),
    Op("network", "query($id: ID!) { network(id: $id) { id name status foundedById } }", _net),
    Op("groups", "{ learningGroups { edges { node { id name kind status } } } }"),
    Op("group", "query($id: ID!) { learningGroup(id: $id) { id name kind } }", _group),
    Op(
        "practitioner",
        "query($id: ID!) { practitioner(id: $id) { id displayName givenName familyName role status } }",
        _leader,
    ),
    Op(
        "practitioner school",
        "query($id: ID!) { practitioner(id: $id) { displayName school { name } } }",
        _leader,
    ),
    Op(
        "group members",
        "query($id: ID!) { learningGroup(id: $id) { members { edges { node { role practitioner { displayName } school { name } } } } } }",
        _group,
    ),
    Op(
        "network schools",
        "query($id: ID!) { network(id: $id) { schools { edges { node { name } } } } }",
        _net,
    ),
    Op(
        "group participation",
        "query($id: ID!) { learningGroup(id: $id) { participation { sessionsHeld attendanceRate hiddenReason minimumPeople } } }",
        _group,
    ),
    Op("me (admin)", "{ me { personId groups { edges { node { id } } } } }"),
    Op(
        "me (leader)",
        "{ me { personId practitioner { displayName } groups { edges { node { name } } } } }",
        caller="leader",
    ),
    Op("enquiry", "query($id: ID!) { enquiry(id: $id) { id title status approach levels } }", _enq),
    Op(
        "enquiries",
        "{ enquiries(first: 50) { edges { node { id title } } pageInfo { hasNextPage } } }",
    ),
    Op(
        "enquiries by group",
        "query($g: ID) { enquiries(groupId: $g) { edges { node { title } } } }",
        lambda w: {"g": w.groups[0]},
    ),
    Op(
        "enquiries by network",
        "query($n: ID) { enquiries(networkId: $n) { edges { node { title } } } }",
        lambda w: {"n": w.networks[1]},
    ),
    Op("my open actions", "{ myOpenActions { edges { node { id } } } }", caller="leader"),
    Op("missing enquiry", 'query { enquiry(id: "00000000-0000-0000-0000-000000000000") { id } }'),
    Op(
        "missing group",
        'query { learningGroup(id: "00000000-0000-0000-0000-000000000000") { id } }',
    ),
    # --- across subgraphs ---
    Op(
        "network groups enquiries",
        "query($id: ID!) { network(id: $id) { name learningGroups { edges { node { name enquiries { edges { node { title } } } } } } } }",
        _net,
    ),
    Op(
        "network learning matrix",
        "query($id: ID!) { network(id: $id) { name learningMatrix { level depth count } } }",
        _net,
    ),
    Op(
        "network enquiries",
        "query($id: ID!) { network(id: $id) { name enquiries { edges { node { title group { name } } } } } }",
        _net,
    ),
    Op(
        "group enquiries",
        "query($id: ID!) { learningGroup(id: $id) { name enquiries { edges { node { title status } } } } }",
        _group,
    ),
    Op(
        "group matrix and balance",
        "query($id: ID!) { learningGroup(id: $id) { name learningMatrix { level count } knowledgeBalance { __typename } } }",
        _group,
    ),
    Op(
        "enquiry group",
        "query($id: ID!) { enquiry(id: $id) { title group { name kind members { edges { node { role } } } } } }",
        _enq,
    ),
    Op(
        "enquiry proposer",
        "query($id: ID!) { enquiry(id: $id) { title proposedBy { displayName school { name } } } }",
        _enq,
    ),
    Op(
        "enquiry network",
        "query($id: ID!) { enquiry(id: $id) { title network { name status } } }",
        _enq,
    ),
    Op(
        "enquiries networks",
        "{ enquiries(first: 50) { edges { node { title network { name } } } } }",
    ),
    Op(
        "enquiries groups",
        "{ enquiries(first: 50) { edges { node { title group { name network { name } } } } } }",
    ),
    Op(
        "practitioner open actions",
        "query($id: ID!) { practitioner(id: $id) { displayName openActions { edges { node { id } } } } }",
        _leader,
    ),
    Op(
        "me open actions",
        "{ me { practitioner { displayName openActions { edges { node { id } } } } } }",
        caller="leader",
    ),
    Op(
        "groups to enquiries to proposers",
        "{ learningGroups { edges { node { name enquiries { edges { node { title proposedBy { displayName } } } } } } } }",
    ),
    Op(
        "deep round trip",
        "query($id: ID!) { network(id: $id) { learningGroups { edges { node { members { edges { node { practitioner { displayName openActions { edges { node { id } } } } } } } enquiries { edges { node { title group { name } proposedBy { school { name } } } } } learningMatrix { level depth count } } } } } }",
        _net,
    ),
    Op(
        "two roots two subgraphs",
        "query($n: ID!, $e: ID!) { network(id: $n) { name } enquiry(id: $e) { title } }",
        lambda w: {"n": w.networks[0], "e": w.enquiries[w.groups[0]][0]},
    ),
    Op(
        "both networks",
        "query($a: ID!, $b: ID!) { a: network(id: $a) { name enquiries { edges { node { title } } } } b: network(id: $b) { name enquiries { edges { node { title } } } } }",
        lambda w: {"a": w.networks[0], "b": w.networks[1]},
    ),
    # --- fragments, aliases, __typename ---
    Op(
        "named fragments",
        GROUP_FIELDS
        + " "
        + ENQ_FIELDS
        + " query($id: ID!) { learningGroup(id: $id) { ...G enquiries { edges { node { ...E } } } } }",
        _group,
    ),
    Op(
        "inline fragments",
        "query($id: ID!) { learningGroup(id: $id) { ... on LearningGroup { name enquiries { edges { node { ... on Enquiry { title } } } } } } }",
        _group,
    ),
    Op(
        "fragment on entity from other subgraph",
        "fragment P on Practitioner { displayName openActions { edges { node { id } } } } query($id: ID!) { enquiry(id: $id) { proposedBy { ...P } } }",
        _enq,
    ),
    Op(
        "nested fragments",
        "fragment Inner on Enquiry { title } fragment Outer on LearningGroup { name enquiries { edges { node { ...Inner } } } } query($id: ID!) { network(id: $id) { learningGroups { edges { node { ...Outer } } } } }",
        _net,
    ),
    Op(
        "aliases",
        "query($id: ID!) { g: learningGroup(id: $id) { label: name es: enquiries { list: edges { item: node { heading: title } } } } }",
        _group,
    ),
    Op(
        "same field aliased twice",
        "query($id: ID!) { learningGroup(id: $id) { a: enquiries(first: 1) { edges { node { title } } } b: enquiries(first: 5) { edges { node { title } } } } }",
        _group,
    ),
    Op(
        "same entity twice",
        "query($id: ID!) { x: learningGroup(id: $id) { name enquiries { edges { node { title } } } } y: learningGroup(id: $id) { id enquiries { edges { node { id } } } } }",
        _group,
    ),
    Op(
        "typename everywhere",
        "query($id: ID!) { __typename network(id: $id) { __typename learningGroups { __typename edges { node { __typename enquiries { edges { node { __typename title } } } } } } } }",
        _net,
    ),
    Op(
        "typename on entity",
        "query($id: ID!) { enquiry(id: $id) { __typename group { __typename name } proposedBy { __typename } } }",
        _enq,
    ),
    Op(
        "entity union",
        '{ _entities(representations: [{__typename: "Network", id: "x"}]) { __typename } }',
    ),
    # --- variables and directives ---
    Op(
        "variable default",
        "query($first: Int = 1) { enquiries(first: $first) { edges { node { title } } } }",
    ),
    Op(
        "variable list arg",
        "query($s: EnquiryStatus) { enquiries(status: $s) { edges { node { title status } } } }",
        lambda w: {"s": "PROPOSED"},
    ),
    Op(
        "variable in nested arg",
        "query($id: ID!, $n: Int) { network(id: $id) { learningGroups(first: $n) { edges { node { name enquiries(first: $n) { edges { node { title } } } } } } } }",
        lambda w: {"id": w.networks[0], "n": 2},
    ),
    Op(
        "include true",
        "query($id: ID!, $yes: Boolean!) { learningGroup(id: $id) { name enquiries @include(if: $yes) { edges { node { title } } } } }",
        lambda w: {"id": w.groups[0], "yes": True},
    ),
    Op(
        "include false",
        "query($id: ID!, $yes: Boolean!) { learningGroup(id: $id) { name enquiries @include(if: $yes) { edges { node { title } } } } }",
        lambda w: {"id": w.groups[0], "yes": False},
    ),
    Op(
        "skip true",
        "query($id: ID!, $no: Boolean!) { learningGroup(id: $id) { name @skip(if: $no) enquiries { edges { node { title @skip(if: $no) id } } } } }",
        lambda w: {"id": w.groups[0], "no": True},
    ),
    Op(
        "skip false",
        "query($id: ID!, $no: Boolean!) { learningGroup(id: $id) { name @skip(if: $no) enquiries { edges { node { title @skip(if: $no) id } } } } }",
        lambda w: {"id": w.groups[0], "no": False},
    ),
    Op(
        "skip on fragment",
        "query($id: ID!, $no: Boolean!) { learningGroup(id: $id) { name ... on LearningGroup @skip(if: $no) { enquiries { edges { node { title } } } } } }",
        lambda w: {"id": w.groups[0], "no": True},
    ),
    Op(
        "include literal",
        "query($id: ID!) { learningGroup(id: $id) { name @include(if: false) id enquiries @include(if: true) { edges { node { title } } } } }",
        _group,
    ),
    Op(
        "operation name chosen",
        "query A { schools { edges { node { name } } } } query B($id: ID!) { learningGroup(id: $id) { name } }",
        _group,
        operation="B",
    ),
    # --- errors ---
    Op("subgraph error at root", 'query { enquiries(after: "a") { edges { node { id } } } }'),
    Op(
        "subgraph error in entity batch",
        'query($id: ID!) { network(id: $id) { name learningGroups { edges { node { name enquiries(after: "a") { edges { node { title } } } } } } } }',
        _net,
        differs="same data; we pass on the subgraph's error for each of the 3 entities, Hive "
        "Gateway only the first (graphql-js stops completing a list at its first error)",
    ),
    Op(
        "subgraph error nullable parent",
        'query($id: ID!) { enquiry(id: $id) { title group { name members(after: "a") { edges { node { role } } } } } }',
        _enq,
        differs="same data; the subgraph's error is on members of the entity: we keep its path "
        "(enquiry.group.members), Hive Gateway moves it to the first field asked (enquiry.group.name)",
    ),
    Op(
        "error beside data",
        'query($n: ID!) { network(id: $n) { name } enquiries(after: "a") { edges { node { id } } } }',
        lambda w: {"n": w.networks[0]},
    ),
    Op("validation error", "{ learningGroups { nope } }"),
    Op("missing variable", "query($id: ID!) { learningGroup(id: $id) { name } }"),
    Op(
        "teacher sees own group",
        "query($id: ID!) { learningGroup(id: $id) { name enquiries { edges { node { title } } } } }",
        _group,
        caller="leader",
    ),
]

# run against both gateways with the enquiry subgraph unreachable
DOWN: list[Op] = [
    Op("down: groups only", "{ schools { edges { node { name } } } }"),
    Op(
        "down: nullable root",
        "query($n: ID!, $e: ID!) { network(id: $n) { name } enquiry(id: $e) { title } }",
        lambda w: {"n": w.networks[0], "e": w.enquiries[w.groups[0]][0]},
    ),
    Op(
        "down: entity under nullable",
        "query($id: ID!) { practitioner(id: $id) { displayName openActions { edges { node { id } } } } }",
        _leader,
    ),
    Op(
        "down: entity in list",
        "query($id: ID!) { network(id: $id) { name learningGroups { edges { node { name enquiries { edges { node { title } } } } } } } }",
        _net,
    ),
]
