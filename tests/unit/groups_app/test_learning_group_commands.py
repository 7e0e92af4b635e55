"""Learning groups through the application layer, with network facts read from its stream."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from clc_groups.domain import (
    LearningGroupLaunched,
    MayNotFormLearningGroup,
    MemberNotFromNetworkSchool,
    NetworkNotActive,
    NetworkNotFound,
    SessionHeld,
)
from eventkit.errors import InvalidInput

from tests.unit.groups_app.world import ADMIN, FAY, GINA, a_world, principal

ALICE = principal("alice")


async def test_a_network_co_leader_may_form_a_group_in_the_network() -> None:
    world = a_world()
    await world.roster()
    await world.network_of_a_and_b()
    result = await world.app.learning_groups.form(
        ALICE, group_id="g", name="Readers", kind="study_group", network_id="net-1"
    )
    assert result.state is not None and result.state.founder_id == "alice"


async def test_someone_without_a_role_may_not_form_a_group_outside_a_network() -> None:
    world = a_world()
    with pytest.raises(MayNotFormLearningGroup):
        await world.app.learning_groups.form(ALICE, group_id="g", name="R", kind="study_group")


async def test_forming_a_group_in_a_network_the_tenant_does_not_have_is_not_found() -> None:
    world = a_world()
    with pytest.raises(NetworkNotFound) as refused:
        await world.app.learning_groups.form(
            ADMIN, group_id="g", name="R", kind="study_group", network_id="nowhere"
        )
    assert refused.value.field == "network_id"


async def test_a_dissolved_network_takes_no_new_groups() -> None:
    world = a_world()
    await world.roster()
    await world.network_of_a_and_b()
    await world.app.networks.dissolve(FAY, network_id="net-1")
    with pytest.raises(NetworkNotActive):
        await world.app.learning_groups.form(
            GINA, group_id="g", name="R", kind="study_group", network_id="net-1"
        )


async def test_a_network_group_takes_members_only_from_member_schools() -> None:
    world = a_world()
    await world.roster()
    await world.network_of_a_and_b()
    groups = world.app.learning_groups
    await groups.form(GINA, group_id="g", name="R", kind="study_group", network_id="net-1")
    await groups.add_member(GINA, group_id="g", practitioner_id="carol")
    with pytest.raises(MemberNotFromNetworkSchool):
        await groups.add_member(GINA, group_id="g", practitioner_id="erin")


async def test_an_unknown_kind_names_the_kind_field() -> None:
    world = a_world()
    with pytest.raises(InvalidInput) as raised:
        await world.app.learning_groups.form(GINA, group_id="g", name="R", kind="book_club")
    assert raised.value.field == "kind"


async def test_a_group_launches_meets_and_records_attendance() -> None:
    world = a_world()
    await world.roster()
    groups = world.app.learning_groups
    await groups.form(GINA, group_id="g", name="R", kind="enquiry_group")
    await groups.add_member(GINA, group_id="g", practitioner_id="alice", role="co_leader")
    await groups.add_member(GINA, group_id="g", practitioner_id="erin")
    await groups.propose_ground_rules(GINA, group_id="g", text="Listen first")
    await groups.agree_ground_rules(ALICE, group_id="g", version=1)
    await groups.agree_ground_rules(principal("erin"), group_id="g", version=1)
    launched = await groups.launch(GINA, group_id="g")
    assert [type(e) for e in launched.events] == [LearningGroupLaunched]
    await groups.schedule_session(
        ALICE,
        group_id="g",
        session_id="s1",
        starts_at=datetime(2026, 1, 5, 15, 30, tzinfo=UTC),
        protocol="dialogue",
    )
    held = await groups.hold_session(
        ADMIN, group_id="g", session_id="s1", attendee_ids=["erin", "alice"]
    )
    (event,) = held.events
    assert isinstance(event, SessionHeld)
    assert event.attendee_ids == ("alice", "erin")


async def test_a_naive_session_start_names_the_starts_at_field() -> None:
    world = a_world()
    await world.app.learning_groups.form(GINA, group_id="g", name="R", kind="study_group")
    with pytest.raises(InvalidInput) as raised:
        await world.app.learning_groups.schedule_session(
            GINA,
            group_id="g",
            session_id="s1",
            starts_at=datetime(2026, 1, 5, 15, 30),
            protocol="dialogue",
        )
    assert raised.value.field == "starts_at"
