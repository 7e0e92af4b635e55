"""Enquiry use cases: facts looked up from the membership model, ids, idempotency, input errors."""

from __future__ import annotations

from typing import Any

import pytest
from clc_enquiry.domain import (
    ActionPlanned,
    EnquiryProposed,
    ExperienceRecorded,
    FindingsShared,
    IdeaProposed,
)
from eventkit.errors import DomainError
from eventkit.principal import Principal

from tests.unit.enquiry_app.world import (
    ADMIN,
    FAY,
    GROUP,
    LEA,
    MO,
    NED,
    NETWORK,
    OTHER_TENANT,
    OTHER_TENANT_LEA,
    TENANT,
    a_world,
    new_id,
)


async def test_a_member_proposes_an_enquiry_for_the_group_named_by_the_membership_model() -> None:
    w = a_world()
    enquiry_id = new_id()
    result = await w.app.enquiries.propose(
        MO,
        enquiry_id=enquiry_id,
        group_id=GROUP,
        title="Wait time",
        question="Does wait time deepen answers?",
        approach="action_learning",
        levels=["pupil"],
    )
    [event] = result.events
    assert isinstance(event, EnquiryProposed)
    assert (event.group_id, event.network_id, event.author_id) == (GROUP, NETWORK, "mo")
    assert result.stream_id == enquiry_id
    stored = await w.store.read_stream(enquiry_id, tenant_id=TENANT)
    assert [e.event_type for e in stored] == ["EnquiryProposed"]
    assert stored[0].metadata.actor == "mo"


async def test_a_group_unknown_in_the_callers_tenant_is_not_found() -> None:
    w = a_world()
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.propose(
            OTHER_TENANT_LEA,
            enquiry_id=new_id(),
            group_id=GROUP,
            title="t",
            question="q?",
            approach="lesson_study",
            levels=["adult"],
        )
    assert (refused.value.code, refused.value.field) == ("GROUP_NOT_FOUND", "group_id")


async def test_only_members_contribute_and_only_leaders_launch() -> None:
    w = a_world()
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.propose(
            NED,
            enquiry_id=new_id(),
            group_id=GROUP,
            title="t",
            question="q?",
            approach="lesson_study",
            levels=["adult"],
        )
    assert refused.value.code == "NOT_A_GROUP_MEMBER"

    enquiry_id = await w.an_enquiry(launched=False)
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.launch(MO, enquiry_id=enquiry_id)
    assert refused.value.code == "NOT_A_GROUP_LEADER"
    launched = await w.app.enquiries.launch(FAY, enquiry_id=enquiry_id)
    assert [e.event_type for e in launched.events] == ["EnquiryLaunched"]


async def test_a_member_who_left_the_group_is_refused_afterwards() -> None:
    w = a_world()
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    await w.app.enquiries.record_experience(
        MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="First"
    )
    w.membership.leave(GROUP, "mo")
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.record_experience(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="Second"
        )
    assert refused.value.code == "NOT_A_GROUP_MEMBER"


async def test_a_repeated_command_id_returns_the_first_result_and_writes_nothing() -> None:
    w = a_world()
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    entry_id = new_id()

    async def record() -> object:
        return await w.app.enquiries.record_experience(
            MO,
            enquiry_id=enquiry_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            text="Offline note",
            command_id="phone-42",
        )

    first = await record()
    again = await record()  # the app synced twice: the retry must not fail nor duplicate
    assert not first.duplicate  # type: ignore[attr-defined]
    assert again.duplicate  # type: ignore[attr-defined]
    assert again.position == first.position  # type: ignore[attr-defined]
    kinds = [e.event_type for e in await w.store.read_stream(enquiry_id, tenant_id=TENANT)]
    assert kinds.count("ExperienceRecorded") == 1


async def test_client_generated_ids_are_accepted_in_any_case_and_stored_canonically() -> None:
    w = a_world()
    enquiry_id = new_id()
    await w.app.enquiries.propose(
        LEA,
        enquiry_id=enquiry_id.upper(),
        group_id=GROUP,
        title="t",
        question="q?",
        approach="lesson_study",
        levels=["adult"],
    )
    await w.app.enquiries.launch(LEA, enquiry_id=enquiry_id.upper())
    cycle_id, entry_id = new_id(), new_id()
    await w.app.enquiries.start_cycle(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id.upper())
    result = await w.app.enquiries.record_experience(
        MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=entry_id.upper(), text="x"
    )
    [event] = result.events
    assert isinstance(event, ExperienceRecorded)
    assert (event.cycle_id, event.entry_id) == (cycle_id, entry_id)
    assert len(await w.store.read_stream(enquiry_id, tenant_id=TENANT)) == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"enquiry_id": "not-a-uuid"}, "enquiry_id"),
        ({"title": "  "}, "title"),
        ({"levels": []}, "levels"),
        ({"levels": ["cosmic"]}, "levels"),
        ({"approach": "guesswork"}, "approach"),
    ],
)
async def test_bad_input_is_refused_naming_the_field(fields: dict[str, object], field: str) -> None:
    w = a_world()
    values: dict[str, object] = {
        "enquiry_id": new_id(),
        "group_id": GROUP,
        "title": "t",
        "question": "q?",
        "approach": "lesson_study",
        "levels": ["adult"],
        **fields,
    }
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.propose(LEA, **values)  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", field)
    assert await w.store.read_all() == []


async def test_an_unknown_enquiry_is_not_found_and_another_tenant_cannot_see_it() -> None:
    w = a_world()
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.launch(LEA, enquiry_id=new_id())
    assert (refused.value.code, refused.value.field) == ("ENQUIRY_NOT_FOUND", "enquiry_id")

    enquiry_id = await w.an_enquiry(launched=False)
    w.membership.form(GROUP, tenant=OTHER_TENANT, leaders=("lea",))
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.launch(OTHER_TENANT_LEA, enquiry_id=enquiry_id)
    assert refused.value.code == "ENQUIRY_NOT_FOUND"


@pytest.mark.parametrize("allowed", [frozenset(), frozenset({OTHER_TENANT})])
async def test_pupil_data_is_refused_unless_the_tenants_setting_allows_it(
    allowed: frozenset[str],
) -> None:
    w = a_world(pupil_data_tenants=allowed)
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.attach_evidence(
            MO,
            enquiry_id=enquiry_id,
            cycle_id=cycle_id,
            entry_id=new_id(),
            title="Work samples",
            reference="s3://evidence/1",
            contains_pupil_data=True,
        )
    assert (refused.value.code, refused.value.field) == (
        "PUPIL_DATA_NOT_ALLOWED",
        "contains_pupil_data",
    )


async def test_pupil_data_is_accepted_where_the_tenants_setting_allows_it() -> None:
    w = a_world(pupil_data_tenants=frozenset({TENANT}))
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    result = await w.app.enquiries.attach_evidence(
        MO,
        enquiry_id=enquiry_id,
        cycle_id=cycle_id,
        entry_id=new_id(),
        title="Work samples",
        reference="s3://evidence/1",
        contains_pupil_data=True,
    )
    assert [e.event_type for e in result.events] == ["EvidenceAttached"]


async def test_a_whole_enquiry_from_proposal_to_findings_and_conclusion() -> None:
    w = a_world()
    e = w.app.enquiries
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_completed_cycle(enquiry_id)
    findings = await e.share_findings(
        LEA, enquiry_id=enquiry_id, entry_id=new_id(), summary="Wait time works"
    )
    [shared] = findings.events
    assert isinstance(shared, FindingsShared)
    assert shared.contributor_ids == ("fay", "lea", "mo")
    assert (shared.group_id, shared.network_id) == (GROUP, NETWORK)
    concluded = await e.conclude(LEA, enquiry_id=enquiry_id, summary="Done")
    assert [x.event_type for x in concluded.events] == ["EnquiryConcluded"]
    kinds = [x.event_type for x in await w.store.read_stream(enquiry_id, tenant_id=TENANT)]
    assert kinds[:3] == ["EnquiryProposed", "EnquiryLaunched", "CycleStarted"]
    assert kinds[-2:] == ["FindingsShared", "EnquiryConcluded"]
    assert cycle_id


async def test_actions_are_owned_by_members_and_completed_by_owner_or_leader() -> None:
    w = a_world()
    e = w.app.enquiries
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    for phase in ("reflection", "new_ideas", "planned_action"):
        if phase == "new_ideas":
            await e.record_reflection(
                MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="r"
            )
        await w.advance(enquiry_id, cycle_id, phase)
    with pytest.raises(DomainError) as refused:
        await e.plan_action(
            LEA,
            enquiry_id=enquiry_id,
            cycle_id=cycle_id,
            entry_id=new_id(),
            description="d",
            owner_id="ned",
        )
    assert (refused.value.code, refused.value.field) == ("ACTION_OWNER_NOT_A_MEMBER", "owner_id")
    action_id = new_id()
    planned = await e.plan_action(
        LEA,
        enquiry_id=enquiry_id,
        cycle_id=cycle_id,
        entry_id=action_id,
        description="Observe a lesson",
        owner_id="mo",
        due_date=None,
    )
    [event] = planned.events
    assert isinstance(event, ActionPlanned)
    assert event.owner_id == "mo"
    done = await e.complete_action(MO, enquiry_id=enquiry_id, action_id=action_id, outcome="ok")
    assert [x.event_type for x in done.events] == ["ActionCompleted"]


async def test_a_tenant_admin_acts_without_being_a_member() -> None:
    w = a_world()
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    for phase in ("reflection",):
        await w.advance(enquiry_id, cycle_id, phase)
    await w.app.enquiries.record_reflection(
        ADMIN, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="Seen"
    )
    await w.advance(enquiry_id, cycle_id, "new_ideas")
    idea = await w.app.enquiries.propose_idea(
        ADMIN,
        enquiry_id=enquiry_id,
        cycle_id=cycle_id,
        entry_id=new_id(),
        text="Read Rowe (1986)",
        knowledge_field="public",
        sources=["doi:10.1177/002248718603700110"],
    )
    [event] = idea.events
    assert isinstance(event, IdeaProposed)
    assert event.knowledge_field == "public"


async def test_advancing_a_phase_moves_to_the_next_without_naming_it() -> None:
    w = a_world()
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    result = await w.app.enquiries.advance_phase(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id)
    [event] = result.events
    assert (event.from_phase, event.to_phase) == ("experience", "reflection")


async def test_a_named_phase_is_a_guard_a_mismatch_is_refused_naming_the_field() -> None:
    w = a_world()
    enquiry_id = await w.an_enquiry()
    cycle_id = await w.a_cycle(enquiry_id)
    with pytest.raises(DomainError) as refused:
        await w.app.enquiries.advance_phase(
            LEA, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase="new_ideas"
        )
    assert (refused.value.code, refused.value.field) == ("PHASE_OUT_OF_ORDER", "to_phase")
    assert len(await w.store.read_stream(enquiry_id, tenant_id=TENANT)) == 3  # nothing written


async def test_an_id_used_by_another_tenant_is_free_here_and_a_taken_one_is_already_exists() -> (
    None
):
    w = a_world()
    w.membership.form(GROUP, tenant=OTHER_TENANT, leaders=("lea",))
    theirs = await w.an_enquiry(launched=False)

    def propose(who: Principal) -> Any:
        return w.app.enquiries.propose(
            who,
            enquiry_id=theirs,
            group_id=GROUP,
            title="Ours",
            question="Does it work here?",
            approach="lesson_study",
            levels=["adult"],
        )

    # Another tenant proposing under the same id gets its own enquiry: nothing blocks it and
    # nothing says the id is used elsewhere; the first tenant's enquiry is untouched.
    mine = await propose(OTHER_TENANT_LEA)
    assert mine.stream_version == 1 and not mine.duplicate
    stored = await w.store.read_stream(theirs, tenant_id=TENANT)
    assert [e.event_type for e in stored] == ["EnquiryProposed"]
    assert stored[0].data["title"] == "Questioning in maths"
    # Within one tenant, a taken id is the aggregate's own error.
    with pytest.raises(DomainError) as refused:
        await propose(OTHER_TENANT_LEA)
    assert refused.value.code == "ENQUIRY_ALREADY_EXISTS"
    with pytest.raises(DomainError) as refused:
        await propose(LEA)
    assert refused.value.code == "ENQUIRY_ALREADY_EXISTS"
