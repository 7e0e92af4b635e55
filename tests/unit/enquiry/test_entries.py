"""A cycle's entries: each in its own phase, by members, with ids the client chose."""

from __future__ import annotations

import pytest
from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    ActionAlreadyCompleted,
    ActionNotFound,
    ActionOwnerNotAMember,
    CycleIsCompleted,
    CycleNotFound,
    DuplicateEntryId,
    EnquiryIsConcluded,
    EntryNotFound,
    EntryOutOfPhase,
    KnowledgeField,
    NotActionOwner,
    NotAGroupMember,
    Phase,
    PublicIdeaNeedsSource,
    PupilDataNotAllowed,
)
from eventkit.domain import Command

from tests.support.scenario import given

from .builders import (
    ACTION_1,
    ADMIN,
    CYCLE_1,
    CYCLE_2,
    EXPERIENCE_1,
    LEADER,
    MEMBER,
    MEMBER_2,
    NEW_ENTRY,
    OUTSIDER,
    WRITTEN_AT,
    action_completed,
    action_planned,
    admin,
    attach_evidence,
    complete_action,
    completed_cycle,
    concluded,
    cycle_in,
    cycle_ready_to_complete,
    evidence_attached,
    experience_recorded,
    idea_proposed,
    launched_enquiry,
    membership,
    plan_action,
    propose_idea,
    record_experience,
    record_reflection,
    reflection_recorded,
)

# --- experiences and reflections -----------------------------------------------------------------


def test_a_member_records_an_experience_in_the_experience_phase() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience()).then(experience_recorded())


def test_an_entry_keeps_the_time_the_client_wrote_it_offline() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(written_at=WRITTEN_AT)).then(
        experience_recorded(written_at=WRITTEN_AT)
    )


def test_a_client_generated_entry_id_is_accepted_in_canonical_form() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(EXPERIENCE_1.upper())).then(
        experience_recorded(EXPERIENCE_1)
    )


def test_a_co_leader_contributes_as_a_member() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(by=LEADER)).then(
        experience_recorded(by=LEADER)
    )


def test_someone_outside_the_group_cannot_record_an_experience() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(by=OUTSIDER)).then_refused(
        NotAGroupMember
    )


def test_a_member_who_has_left_the_group_can_no_longer_contribute() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    after_leaving = membership(member_ids=frozenset({LEADER, MEMBER_2}))
    given(ENQUIRY_DECIDER, *history).when(record_experience(group=after_leaving)).then_refused(
        NotAGroupMember
    )


def test_a_member_records_a_reflection_in_the_reflection_phase() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]
    given(ENQUIRY_DECIDER, *history).when(record_reflection()).then(reflection_recorded())


@pytest.mark.parametrize(
    ("phase", "command"),
    [
        (Phase.REFLECTION, record_experience(NEW_ENTRY)),
        (Phase.EXPERIENCE, record_reflection(NEW_ENTRY)),
        (Phase.NEW_IDEAS, record_reflection(NEW_ENTRY)),
        (Phase.REFLECTION, propose_idea(NEW_ENTRY)),
        (Phase.PLANNED_ACTION, propose_idea(NEW_ENTRY)),
        (Phase.NEW_IDEAS, plan_action(NEW_ENTRY)),
    ],
    ids=lambda value: value.value if isinstance(value, Phase) else type(value).__name__,
)
def test_an_entry_is_recorded_only_in_its_own_phase(phase: Phase, command: Command) -> None:
    history = [*launched_enquiry(), *cycle_in(phase)]
    error = given(ENQUIRY_DECIDER, *history).when(command).then_refused(EntryOutOfPhase)
    assert error.message.endswith(f"; the cycle is in {phase.value}")


def test_an_entry_for_an_unknown_cycle_is_refused() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(cycle_id=CYCLE_2)).then_refused(
        CycleNotFound, field="cycle_id"
    )


def test_an_entry_for_a_cycle_completed_meanwhile_is_refused() -> None:
    # An app that worked offline still names the cycle that was open when it last synced.
    history = [*launched_enquiry(), *completed_cycle(), *cycle_in(Phase.EXPERIENCE, CYCLE_2, 2)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(NEW_ENTRY, CYCLE_1)).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_the_same_entry_id_twice_in_one_enquiry_is_refused() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]  # EXPERIENCE_1 is recorded
    given(ENQUIRY_DECIDER, *history).when(record_reflection(EXPERIENCE_1)).then_refused(
        DuplicateEntryId, field="entry_id"
    )


def test_an_entry_id_from_an_earlier_cycle_cannot_be_reused() -> None:
    history = [*launched_enquiry(), *completed_cycle(), *cycle_in(Phase.EXPERIENCE, CYCLE_2, 2)]
    given(ENQUIRY_DECIDER, *history).when(record_experience(EXPERIENCE_1, CYCLE_2)).then_refused(
        DuplicateEntryId, field="entry_id"
    )


def test_a_concluded_enquiry_takes_no_more_entries() -> None:
    history = [*launched_enquiry(), *completed_cycle(), concluded()]
    given(ENQUIRY_DECIDER, *history).when(record_experience(NEW_ENTRY)).then_refused(
        EnquiryIsConcluded
    )


# --- ideas ---------------------------------------------------------------------------------------


def test_a_practitioner_idea_needs_no_source() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.NEW_IDEAS)]
    given(ENQUIRY_DECIDER, *history).when(propose_idea()).then(idea_proposed())


def test_a_co_constructed_idea_is_proposed_with_its_field() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.NEW_IDEAS)]
    field = KnowledgeField.CO_CONSTRUCTED
    given(ENQUIRY_DECIDER, *history).when(propose_idea(knowledge_field=field)).then(
        idea_proposed(knowledge_field=field)
    )


def test_a_public_idea_is_proposed_with_its_sources() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.NEW_IDEAS)]
    sources = ("Mercer, N. (2000) Words and Minds",)
    command = propose_idea(knowledge_field=KnowledgeField.PUBLIC, sources=sources)
    given(ENQUIRY_DECIDER, *history).when(command).then(
        idea_proposed(knowledge_field=KnowledgeField.PUBLIC, sources=sources)
    )


def test_a_public_idea_needs_a_source() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.NEW_IDEAS)]
    command = propose_idea(knowledge_field=KnowledgeField.PUBLIC)
    given(ENQUIRY_DECIDER, *history).when(command).then_refused(
        PublicIdeaNeedsSource, field="sources"
    )


# --- actions -------------------------------------------------------------------------------------


def test_a_member_plans_an_action_they_own_by_default() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    given(ENQUIRY_DECIDER, *history).when(plan_action()).then(action_planned())


def test_an_action_can_be_owned_by_another_member_with_a_due_date() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    due = WRITTEN_AT.date()
    given(ENQUIRY_DECIDER, *history).when(plan_action(owner_id=MEMBER_2, due_date=due)).then(
        action_planned(owner_id=MEMBER_2, due_date=due)
    )


def test_an_action_must_be_owned_by_a_member_of_the_group() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    given(ENQUIRY_DECIDER, *history).when(plan_action(owner_id=OUTSIDER)).then_refused(
        ActionOwnerNotAMember, field="owner_id"
    )


def test_the_owner_completes_an_action_after_its_cycle_completed() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(complete_action()).then(action_completed())


def test_a_leader_may_complete_someone_elses_action() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_action(by=LEADER)).then(
        action_completed(by=LEADER)
    )


def test_a_tenant_admin_may_complete_an_action() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_action(by=admin())).then(
        action_completed(by=ADMIN)
    )


def test_another_member_cannot_complete_someone_elses_action() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_action(by=MEMBER_2)).then_refused(NotActionOwner)


def test_an_action_is_completed_once() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete(), action_completed()]
    given(ENQUIRY_DECIDER, *history).when(complete_action()).then_refused(
        ActionAlreadyCompleted, field="action_id"
    )


def test_only_a_planned_action_can_be_completed() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_action(EXPERIENCE_1)).then_refused(
        ActionNotFound, field="action_id"
    )


# --- evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", list(Phase))
def test_evidence_may_be_attached_in_any_phase_of_the_open_cycle(phase: Phase) -> None:
    history = [*launched_enquiry(), *cycle_in(phase)]
    given(ENQUIRY_DECIDER, *history).when(attach_evidence()).then(evidence_attached())


def test_evidence_may_be_about_an_earlier_entry() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]
    given(ENQUIRY_DECIDER, *history).when(attach_evidence(about_entry_id=EXPERIENCE_1)).then(
        evidence_attached(about_entry_id=EXPERIENCE_1)
    )


def test_evidence_about_an_unknown_entry_is_refused() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]
    given(ENQUIRY_DECIDER, *history).when(attach_evidence(about_entry_id=ACTION_1)).then_refused(
        EntryNotFound, field="about_entry_id"
    )


def test_evidence_with_pupil_data_is_refused_unless_the_tenant_allows_it() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    command = attach_evidence(contains_pupil_data=True, tenant_allows_pupil_data=False)
    given(ENQUIRY_DECIDER, *history).when(command).then_refused(
        PupilDataNotAllowed, field="contains_pupil_data"
    )


def test_evidence_with_pupil_data_is_accepted_where_the_tenant_allows_it() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    command = attach_evidence(contains_pupil_data=True, tenant_allows_pupil_data=True)
    given(ENQUIRY_DECIDER, *history).when(command).then(evidence_attached(contains_pupil_data=True))


def test_evidence_cannot_be_attached_to_a_completed_cycle() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(attach_evidence()).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_someone_outside_the_group_cannot_attach_evidence() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(attach_evidence(by=OUTSIDER)).then_refused(
        NotAGroupMember
    )


def test_the_enquiry_remembers_each_planned_action_and_its_owner() -> None:
    state = ENQUIRY_DECIDER.fold([*launched_enquiry(), *completed_cycle(), action_completed()])
    action = state.actions[ACTION_1]
    assert (action.owner_id, action.cycle_id, action.completed) == (MEMBER, CYCLE_1, True)
