"""Schools and practitioners through the application layer."""

from __future__ import annotations

import pytest
from clc_groups.domain import (
    PractitionerRegistered,
    SchoolAlreadyRegistered,
    SchoolNotRegistered,
    SchoolRegistered,
)
from eventkit.errors import DomainError, InvalidInput, NotAuthorized

from tests.unit.groups_app.world import ADMIN, FAY, OTHER_ADMIN, TENANT, a_world


async def test_registering_a_school_appends_to_the_stream_named_by_its_id() -> None:
    world = a_world()
    result = await world.app.schools.register(ADMIN, school_id="school-a", name="Oak")
    assert [type(e) for e in result.events] == [SchoolRegistered]
    stored = await world.store.read_stream("school-a", tenant_id=TENANT)
    assert [e.tenant_id for e in stored] == ["tenant-a"]
    assert result.position > 0


async def test_the_principal_becomes_the_actor_and_its_tenant_the_stream_tenant() -> None:
    world = a_world()
    await world.app.schools.register(ADMIN, school_id="school-a", name="Oak", command_id="c-1")
    (event,) = await world.store.read_stream("school-a", tenant_id=TENANT)
    assert event.metadata.actor == "admin"
    assert event.metadata.command_id == "c-1"


async def test_a_repeated_command_id_writes_nothing_more() -> None:
    world = a_world()
    first = await world.app.schools.register(ADMIN, school_id="s", name="Oak", command_id="c-1")
    again = await world.app.schools.register(ADMIN, school_id="s", name="Oak", command_id="c-1")
    assert again.duplicate
    assert again.position == first.position
    assert len(await world.store.read_stream("s", tenant_id=TENANT)) == 1


async def test_bad_input_is_reported_as_invalid_input_naming_the_field() -> None:
    world = a_world()
    with pytest.raises(InvalidInput) as raised:
        await world.app.schools.register(ADMIN, school_id="s", name="   ")
    assert raised.value.field == "name"


async def test_a_bad_email_names_the_email_field() -> None:
    world = a_world()
    await world.app.schools.register(ADMIN, school_id="s", name="Oak")
    with pytest.raises(InvalidInput) as raised:
        await world.app.practitioners.register(
            ADMIN,
            practitioner_id="p",
            school_id="s",
            given_name="Pat",
            family_name="Lee",
            role="teacher",
            email="not-an-address",
        )
    assert raised.value.field == "email"


async def test_a_practitioner_registers_at_a_school_read_from_the_school_stream() -> None:
    world = a_world()
    await world.app.schools.register(ADMIN, school_id="s", name="Oak")
    result = await world.app.practitioners.register(
        ADMIN,
        practitioner_id="p",
        school_id="s",
        given_name="Pat",
        family_name="Lee",
        role="teacher",
    )
    assert [type(e) for e in result.events] == [PractitionerRegistered]


async def test_a_school_of_another_tenant_counts_as_not_registered() -> None:
    world = a_world()
    await world.app.schools.register(OTHER_ADMIN, school_id="s", name="Elsewhere")
    with pytest.raises(SchoolNotRegistered):
        await world.app.practitioners.register(
            ADMIN,
            practitioner_id="p",
            school_id="s",
            given_name="Pat",
            family_name="Lee",
            role="teacher",
        )


async def test_only_a_tenant_admin_registers_schools() -> None:
    world = a_world()
    with pytest.raises(NotAuthorized):
        await world.app.schools.register(FAY, school_id="s", name="Oak")
    assert await world.store.read_stream("s", tenant_id=TENANT) == []


async def test_a_school_id_taken_in_another_tenant_is_free_and_a_repeat_here_is_refused() -> None:
    """Another tenant cannot squat on the id the victim's roster import will derive."""
    world = a_world()
    await world.app.schools.register(OTHER_ADMIN, school_id="s", name="Squatter")
    mine = await world.app.schools.register(ADMIN, school_id="s", name="Oak")
    assert mine.stream_version == 1 and mine.state is not None
    with pytest.raises(SchoolAlreadyRegistered) as refused:
        await world.app.schools.register(ADMIN, school_id="s", name="Oak again")
    assert refused.value.code == "SCHOOL_ALREADY_REGISTERED"
    [event] = await world.store.read_stream("s", tenant_id=TENANT)
    assert event.data["name"] == "Oak"


async def test_an_id_used_by_another_kind_of_aggregate_is_taken_for_a_create() -> None:
    world = a_world()
    await world.roster()  # alice is a practitioner
    with pytest.raises(DomainError) as taken:
        await world.app.schools.register(ADMIN, school_id="alice", name="Alice's")
    assert (taken.value.code, taken.value.field) == ("ID_ALREADY_TAKEN", None)
    with pytest.raises(DomainError) as missing:
        await world.app.schools.update(ADMIN, school_id="alice", name="Alice's")
    assert missing.value.code == "SCHOOL_NOT_FOUND"
