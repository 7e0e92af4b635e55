"""Building commands from input, running them, and what a request's context enforces."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from eventkit.domain import Actor, Command, Instant, multi_line, naming_the_field
from eventkit.errors import (
    ConsistencyTimeout,
    ControlCharacterInText,
    DateOutOfRange,
    InvalidInput,
    TimeZoneMissing,
    WrongExpectedVersion,
)
from eventkit.principal import JwtVerifier, Principal, issue_dev_token
from graphql import GraphQLError
from pydantic import Field
from servicekit.commands import ConcurrentChange, build_command, command_context, execute
from servicekit.context import ServiceContext
from servicekit.runtime import Services

SECRET = "servicekit-unit-test-secret-of-32-bytes-or-more"
ALICE = Principal(tenant_id="t1", person_id="alice", roles=frozenset({"admin"}))


class OpenShop(Command):
    actor: Actor
    shop_id: str = Field(min_length=1)
    name: str = Field(max_length=5)


def test_a_command_is_issued_by_the_principal() -> None:
    command = build_command(OpenShop, ALICE, shop_id="s1", name="Oak")
    assert command.actor == ALICE.actor()


def test_invalid_input_names_the_field_that_failed() -> None:
    with pytest.raises(InvalidInput) as raised:
        build_command(OpenShop, ALICE, shop_id="s1", name="far too long")
    assert raised.value.field == "name" and raised.value.message.startswith("name: ")


class BookRoom(Command):
    actor: Actor
    at: Instant
    note: Annotated[str, naming_the_field(multi_line)] = ""


@pytest.mark.parametrize(
    ("fields", "error_type"),
    [
        ({"at": "9999-12-31T23:59:59-14:00"}, DateOutOfRange),
        ({"at": "2025-01-01T10:00:00"}, TimeZoneMissing),
        ({"at": "2025-01-01T10:00:00Z", "note": "a\x00b"}, ControlCharacterInText),
    ],
)
def test_a_named_input_bound_keeps_its_code_and_names_the_field(
    fields: dict[str, Any], error_type: type[InvalidInput]
) -> None:
    with pytest.raises(InvalidInput) as raised:
        build_command(BookRoom, ALICE, **fields)
    assert type(raised.value) is error_type
    assert raised.value.code == error_type.code
    assert raised.value.field == ("note" if "note" in fields else "at")


def test_events_are_attributed_to_the_principal_in_its_tenant() -> None:
    context = command_context(ALICE, "cmd-1")
    assert (context.tenant_id, context.actor, context.command_id) == ("t1", "alice", "cmd-1")


class _ConflictingHandler:
    async def handle(self, *args: Any, **kwargs: Any) -> Any:
        assert kwargs["retry_on_conflict"] is True
        raise WrongExpectedVersion("s1", 1, 2)


async def test_a_lasting_conflict_is_a_concurrent_change() -> None:
    command = build_command(OpenShop, ALICE, shop_id="s1", name="Oak")
    with pytest.raises(ConcurrentChange) as raised:
        await execute(_ConflictingHandler(), "s1", command, ALICE, None)  # type: ignore[arg-type]
    assert raised.value.code == "CONCURRENT_CHANGE"


class _Runner:
    def __init__(self, reaches: bool) -> None:
        self.reaches = reaches

    async def wait_for(self, position: int, timeout_s: float = 5.0) -> None:
        if not self.reaches:
            raise ConsistencyTimeout(position, timeout_s)


def _context(authorization: str | None, runner: _Runner | None = None) -> ServiceContext[str]:
    services = Services(pool=None, commands="the commands", runner=runner, consistency_wait_s=0.1)  # type: ignore[arg-type]
    verifier = JwtVerifier(hs256_secret=SECRET)
    return ServiceContext.authenticate(services, verifier, authorization)


def test_a_valid_bearer_token_is_the_principal() -> None:
    token = issue_dev_token(SECRET, tenant_id="t1", person_id="alice", roles=["admin"])
    context = _context(f"Bearer {token}")
    assert (context.principal.tenant_id, context.principal.person_id) == ("t1", "alice")
    assert context.commands == "the commands"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc"])
def test_without_a_valid_token_asking_for_the_principal_is_unauthenticated(
    authorization: str | None,
) -> None:
    context = _context(authorization)
    with pytest.raises(GraphQLError) as raised:
        _ = context.principal
    assert raised.value.extensions == {"code": "UNAUTHENTICATED"}


async def test_no_token_or_no_projector_means_consistent_already() -> None:
    assert await _context(None, _Runner(reaches=False)).reached(None)
    assert await _context(None, None).reached(5)


async def test_a_token_the_read_model_does_not_reach_is_a_consistency_timeout() -> None:
    context = _context(None, _Runner(reaches=False))
    assert not await context.reached(5)
    with pytest.raises(GraphQLError) as raised:
        await context.consistent(5)
    assert raised.value.extensions == {"code": "CONSISTENCY_TIMEOUT"}
    await _context(None, _Runner(reaches=True)).consistent(5)
