"""The groups subgraph follows the one API convention (services/groups/README.md), checked on the
schema itself so a field added later is held to it, and the consistency and id rules in action
(in-process, over the in-memory store: no database needed for what is checked here)."""

from __future__ import annotations

import re
from typing import Any

from clc_groups.api import build_schema
from clc_groups.application import GroupsCommands
from eventkit.errors import ConsistencyTimeout
from eventkit.store import InMemoryEventStore
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    get_named_type,
)
from servicekit.consistency import encode_token
from servicekit.context import ServiceContext
from servicekit.runtime import Services

from tests.unit.groups_app.world import ADMIN

SCHEMA = build_schema()
GRAPHQL = SCHEMA._schema
UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


def own_types() -> list[Any]:
    return [t for name, t in GRAPHQL.type_map.items() if not name.startswith("_")]


def test_enum_values_are_upper_snake_case() -> None:
    enums = [t for t in own_types() if isinstance(t, GraphQLEnumType)]
    assert len(enums) >= 8
    assert [f"{e.name}.{v}" for e in enums for v in e.values if not UPPER_SNAKE.fullmatch(v)] == []


def test_every_id_valued_field_and_argument_is_an_id() -> None:
    wrong = []
    for t in own_types():
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            for name, field in t.fields.items():
                id_valued = name == "id" or name.endswith(("Id", "Ids"))
                is_id = get_named_type(field.type).name == "ID"
                if id_valued and name != "commandId" and not is_id:
                    wrong.append(f"{t.name}.{name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if arg_name == "id" and get_named_type(arg.type).name != "ID":
                        wrong.append(f"{t.name}.{name}({arg_name})")
    assert wrong == []


def test_references_to_people_end_in_by_and_resolve_to_practitioners() -> None:
    people = {
        f"{t.name}.{name}": get_named_type(field.type).name
        for t in own_types()
        if isinstance(t, GraphQLObjectType)
        for name, field in t.fields.items()
        if name.endswith("By")
    }
    assert people, "no person references found"
    assert set(people.values()) == {"Practitioner"}
    for reference in people:
        owner, name = reference.split(".")
        fields = GRAPHQL.get_type(owner).fields  # type: ignore[union-attr]
        assert f"{name}Id" in fields, f"{reference}: keep the id available as {name}Id"
    # …and no person id hides under another name
    assert not any(
        name.endswith(("founderId", "ownerId", "claimantId"))
        for t in own_types()
        if isinstance(t, GraphQLObjectType)
        for name in t.fields
    )


def test_every_mutation_returns_an_opaque_string_token_and_every_query_accepts_one() -> None:
    mutation = GRAPHQL.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        payload = get_named_type(field.type)
        assert isinstance(payload, GraphQLObjectType)
        token = payload.fields.get("consistencyToken")
        assert token is not None and get_named_type(token.type).name == "String", name
    query = GRAPHQL.query_type
    assert query is not None
    for name, field in query.fields.items():
        if name.startswith("_"):
            continue
        arg = field.args.get("consistencyToken")
        assert arg is not None and get_named_type(arg.type).name == "String", name


def test_lists_that_grow_from_the_root_are_connections() -> None:
    query = GRAPHQL.query_type
    assert query is not None
    for name in ("schools", "networks", "learningGroups"):
        assert get_named_type(query.fields[name].type).name.endswith("Connection")
    me = GRAPHQL.get_type("Me")
    assert isinstance(me, GraphQLObjectType)
    assert get_named_type(me.fields["groups"].type).name == "LearningGroupConnection"


def test_fixed_vocabularies_are_enums() -> None:
    for owner, name in (
        ("Practitioner", "role"),
        ("Member", "role"),
        ("LearningGroup", "kind"),
        ("Session", "protocol"),
        ("Session", "status"),
    ):
        found = GRAPHQL.get_type(owner)
        assert isinstance(found, GraphQLObjectType)
        assert isinstance(get_named_type(found.fields[name].type), GraphQLEnumType)


# --- in action, over the in-memory store ----------------------------------------------------


class NeverConsistent:
    """A projector that never catches up."""

    async def wait_for(self, position: int, timeout_s: float = 5.0) -> None:
        raise ConsistencyTimeout(position, timeout_s)


async def run(query: str, runner: Any = None, **variables: Any) -> Any:
    services = Services(None, GroupsCommands(InMemoryEventStore()), runner, 0.01)  # type: ignore[arg-type]
    context = ServiceContext(services, ADMIN, None)
    return await SCHEMA.execute(query, variable_values=variables, context_value=context)


REGISTER = (
    "mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) {"
    " school { id } userErrors { code field } consistencyToken } }"
)


async def test_a_write_not_yet_readable_is_an_error_with_a_code_never_a_silent_null() -> None:
    result = await run(REGISTER, NeverConsistent(), input={"schoolId": "oak", "name": "Oak"})
    payload = result.data["registerSchool"]
    assert payload["userErrors"] == [] and payload["consistencyToken"]
    (error,) = result.errors
    assert error.extensions["code"] == "NOT_YET_CONSISTENT"
    assert error.path == ["registerSchool", "school"]


async def test_a_read_that_cannot_reach_the_token_is_an_error_with_a_code() -> None:
    token = encode_token({"groups": 7})
    result = await run(
        'query($t: String) { school(id: "oak", consistencyToken: $t) { id } }',
        NeverConsistent(),
        t=token,
    )
    assert [e.extensions["code"] for e in result.errors] == ["NOT_YET_CONSISTENT"]
    # another service's position in the token is not this service's to wait for (it goes on
    # to read, which has no database here)
    other = encode_token({"enquiry": 7})
    result = await run(
        'query($t: String) { school(id: "oak", consistencyToken: $t) { id } }',
        NeverConsistent(),
        t=other,
    )
    assert "NOT_YET_CONSISTENT" not in [(e.extensions or {}).get("code") for e in result.errors]


async def test_a_token_that_no_mutation_returned_is_refused_by_code() -> None:
    result = await run('{ me(consistencyToken: "%%%") { personId } }')
    assert [e.extensions["code"] for e in result.errors] == ["BAD_CONSISTENCY_TOKEN"]


async def test_a_malformed_id_is_invalid_id_in_a_mutation_and_in_a_query() -> None:
    for bad in (" oak", "oak tree", "", "x" * 201, "o\x00k", "../oak"):
        result = await run(REGISTER, input={"schoolId": bad, "name": "Oak"})
        payload = result.data["registerSchool"]
        assert payload["userErrors"] == [{"code": "INVALID_ID", "field": "schoolId"}], bad
        assert payload["consistencyToken"] is None
    result = await run('{ school(id: "oak tree") { id } }')
    assert [e.extensions["code"] for e in result.errors] == ["INVALID_ID"]
    hold = (
        "mutation($input: HoldSessionInput!) { holdSession(input: $input)"
        " { userErrors { code field } } }"
    )
    result = await run(hold, input={"groupId": "g", "sessionId": "s", "attendeeIds": ["a b"]})
    assert result.data["holdSession"]["userErrors"] == [
        {"code": "INVALID_ID", "field": "attendeeIds"}
    ]
