"""Refused commands become user errors named in GraphQL's terms; accepted ones carry a token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from eventkit.errors import InvalidInput, NotAuthorized
from eventkit.principal import Principal
from servicekit.payloads import UserError, camel_case, run_mutation

ALICE = Principal(tenant_id="t1", person_id="alice", roles=frozenset({"admin"}))


@pytest.mark.parametrize(
    ("name", "camel"),
    [("school_id", "schoolId"), ("id", "id"), ("ground_rules_version", "groundRulesVersion")],
)
def test_field_names_are_camel_cased(name: str, camel: str) -> None:
    assert camel_case(name) == camel


def test_a_domain_error_becomes_a_user_error_with_a_graphql_field_name() -> None:
    error = UserError.of(InvalidInput("school_id: too long", field="school_id"))
    assert (error.code, error.message, error.field) == (
        "INVALID_INPUT",
        "schoolId: too long",  # the client's name for the field, in the message too
        "schoolId",
    )


def test_an_error_about_no_field_has_no_field() -> None:
    assert UserError.of(NotAuthorized()).field is None


@dataclass
class _Input:
    school_id: str
    name: str
    command_id: str | None = None


@dataclass
class _Result:
    position: int


class _Context:
    def __init__(self, reached: bool) -> None:
        self.principal = ALICE
        self._reached = reached
        self.waited_for: list[int | None] = []
        self.written: list[int | None] = []

    def wrote(self, position: int | None) -> None:
        self.written.append(position)

    async def reached(self, token: int | None) -> bool:
        self.waited_for.append(token)
        return self._reached


async def test_the_use_case_gets_the_principal_the_fields_and_the_command_id() -> None:
    calls: list[tuple[Principal, dict[str, Any]]] = []

    async def use_case(principal: Principal, **kwargs: Any) -> _Result:
        calls.append((principal, kwargs))
        return _Result(position=42)

    async def load() -> str:
        return "the school"

    context = _Context(reached=True)
    outcome = await run_mutation(context, use_case, _Input("s1", "Oak", "cmd-1"), load)  # type: ignore[arg-type]
    assert calls == [(ALICE, {"school_id": "s1", "name": "Oak", "command_id": "cmd-1"})]
    assert (outcome.entity, outcome.user_errors, outcome.consistency_token) == (
        "the school",
        [],
        42,
    )
    assert context.waited_for == [42]
    assert context.written == [42]  # answered as the response's extensions.consistencyToken


async def test_an_entity_the_read_model_has_not_caught_up_with_is_null_but_the_token_is_given() -> (
    None
):
    async def use_case(principal: Principal, **kwargs: Any) -> _Result:
        return _Result(position=7)

    async def load() -> str:
        raise AssertionError("must not load before the read model has the write")

    outcome = await run_mutation(_Context(reached=False), use_case, _Input("s1", "Oak"), load)  # type: ignore[arg-type]
    assert (outcome.entity, outcome.consistency_token) == (None, 7)


async def test_a_refused_command_is_a_user_error_and_no_token() -> None:
    async def use_case(principal: Principal, **kwargs: Any) -> _Result:
        raise InvalidInput("name: required", field="name")

    async def load() -> str:
        raise AssertionError("nothing to load")

    outcome = await run_mutation(_Context(reached=True), use_case, _Input("s1", ""), load)  # type: ignore[arg-type]
    assert outcome.entity is None and outcome.consistency_token is None
    assert [(e.code, e.field) for e in outcome.user_errors] == [("INVALID_INPUT", "name")]


def test_a_user_error_names_the_field_in_its_message_as_the_client_does() -> None:
    from eventkit.errors import InvalidInput
    from servicekit.payloads import UserError

    error = UserError.of(
        InvalidInput("enquiry_id: String should match pattern", field="enquiry_id")
    )
    assert (error.field, error.message) == ("enquiryId", "enquiryId: String should match pattern")
    untouched = UserError.of(InvalidInput("the group_id is unknown", field="group_id"))
    assert untouched.message == "the group_id is unknown"
