"""Networks through the application layer: facts come from the other aggregates' streams."""

from __future__ import annotations

import pytest
from clc_groups.domain import (
    CoLeaderNotFromMemberSchool,
    NetworkAlreadyEstablished,
    NetworkLaunched,
    NetworkNotFound,
    PractitionerNotActive,
    PractitionerNotFound,
    SchoolNotRegistered,
)

from tests.unit.groups_app.world import ADMIN, FAY, OTHER_ADMIN, a_world


async def test_a_network_with_shared_leadership_and_a_purpose_launches() -> None:
    world = a_world()
    await world.roster()
    await world.network_of_a_and_b()
    await world.app.networks.state_purpose(FAY, network_id="net-1", moral_purpose="Every child")
    result = await world.app.networks.launch(FAY, network_id="net-1")
    assert [type(e) for e in result.events] == [NetworkLaunched]


async def test_the_co_leaders_school_is_read_from_the_practitioner_stream() -> None:
    world = a_world()
    await world.roster()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    await world.app.networks.join(FAY, network_id="n", school_id="school-a")
    with pytest.raises(CoLeaderNotFromMemberSchool):
        await world.app.networks.appoint_co_leader(FAY, network_id="n", practitioner_id="erin")


async def test_a_deactivated_practitioner_cannot_be_appointed() -> None:
    world = a_world()
    await world.roster()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    await world.app.networks.join(FAY, network_id="n", school_id="school-a")
    await world.app.practitioners.deactivate(ADMIN, practitioner_id="alice")
    with pytest.raises(PractitionerNotActive):
        await world.app.networks.appoint_co_leader(FAY, network_id="n", practitioner_id="alice")


async def test_appointing_an_unknown_practitioner_is_not_found() -> None:
    world = a_world()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    with pytest.raises(PractitionerNotFound) as raised:
        await world.app.networks.appoint_co_leader(FAY, network_id="n", practitioner_id="nobody")
    assert raised.value.field == "practitioner_id"


async def test_an_unregistered_school_cannot_join() -> None:
    world = a_world()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    with pytest.raises(SchoolNotRegistered):
        await world.app.networks.join(FAY, network_id="n", school_id="nowhere")


async def test_another_tenant_sees_the_network_as_not_found() -> None:
    world = a_world()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    with pytest.raises(NetworkNotFound):
        await world.app.networks.dissolve(OTHER_ADMIN, network_id="n")


async def test_another_tenant_using_the_same_id_neither_blocks_nor_learns_of_it() -> None:
    world = a_world()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    theirs = await world.app.networks.establish(OTHER_ADMIN, network_id="n", name="Mine")
    assert theirs.state is not None and theirs.stream_version == 1
    # The victim's network is untouched and still answers to its own tenant.
    mine = await world.app.networks.state_purpose(FAY, network_id="n", moral_purpose="Us")
    assert mine.stream_version == 2


async def test_a_taken_id_within_the_tenant_is_the_aggregates_own_error() -> None:
    world = a_world()
    await world.app.networks.establish(FAY, network_id="n", name="North")
    with pytest.raises(NetworkAlreadyEstablished):
        await world.app.networks.establish(FAY, network_id="n", name="Again")
