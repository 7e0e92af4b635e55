"""The mutation plumbing reports bad and reused idempotency keys as user errors on ``commandId``."""

from __future__ import annotations

import pytest
from clc_groups.application import GroupsCommands
from clc_groups.domain import NETWORK_LEAD, GroupKind
from eventkit.errors import DomainError, IdempotencyKeyReused, InvalidCommandId
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore
from servicekit.commands import command_context
from servicekit.payloads import UserError

FAY = Principal(tenant_id="t1", person_id="fay", roles=frozenset({NETWORK_LEAD}))


@pytest.mark.parametrize("bad", ["", "k" * 201, "k" * 3000, "tab\there"])
def test_a_malformed_key_is_a_named_error_on_command_id(bad: str) -> None:
    with pytest.raises(InvalidCommandId) as refused:
        command_context(FAY, bad)
    error = UserError.of(refused.value)
    assert (error.code, error.field) == ("INVALID_COMMAND_ID", "commandId")


async def test_one_key_for_establish_network_then_form_group_is_refused() -> None:
    """The reported case: the second mutation used to return no errors and the old token."""
    store = InMemoryEventStore()
    app = GroupsCommands(store, fingerprint_key=b"unit-test-key-of-at-least-32-bytes!")
    first = await app.networks.establish(FAY, network_id="n1", name="North", command_id="k")
    again = await app.networks.establish(FAY, network_id="n1", name="North", command_id="k")
    assert again.duplicate and again.position == first.position
    with pytest.raises(DomainError) as refused:
        await app.learning_groups.form(
            FAY, group_id="g1", name="Readers", kind=GroupKind.STUDY_GROUP, command_id="k"
        )
    assert isinstance(refused.value, IdempotencyKeyReused)
    error = UserError.of(refused.value)
    assert (error.code, error.field) == ("IDEMPOTENCY_KEY_REUSED", "commandId")
    assert await store.read_stream("g1", tenant_id="t1") == []


async def test_a_changed_input_under_the_same_key_is_refused() -> None:
    app = GroupsCommands(InMemoryEventStore())
    await app.networks.establish(FAY, network_id="n1", name="North", command_id="k")
    with pytest.raises(IdempotencyKeyReused):
        await app.networks.establish(FAY, network_id="n1", name="South", command_id="k")
