"""Test data for the enquiry domain: ids, people, memberships, events, commands and histories.

Every builder has defaults that agree with each other, so a test states only what matters to it:
``when(record_experience()).then(experience_recorded())``. Entries are written by ``MEMBER`` and
steering steps taken by ``LEADER`` unless a test says otherwise. Learning claims and peer reviews
have their own builders in ``claim_builders`` and ``review_builders``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from clc_enquiry.domain import (
    ActionCompleted,
    ActionPlanned,
    AdvanceCyclePhase,
    Approach,
    AttachEvidence,
    CompleteAction,
    CompleteCycle,
    ConcludeEnquiry,
    CycleCompleted,
    CycleLoopedBack,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryEvent,
    EnquiryLaunched,
    EnquiryProposed,
    EvidenceAttached,
    ExperienceRecorded,
    GroupMembership,
    IdeaProposed,
    KnowledgeField,
    LaunchEnquiry,
    LevelOfLearning,
    LoopBackToReflection,
    Phase,
    PlanAction,
    ProposeEnquiry,
    ProposeIdea,
    RecordExperience,
    RecordReflection,
    RefineEnquiryQuestion,
    ReflectionRecorded,
    ShareFindings,
    StartCycle,
)
from eventkit.domain import Actor

# --- ids and people ------------------------------------------------------------------------------

_NAMESPACE = uuid.UUID("6f1c2b1e-0000-4000-8000-00000000e00e")


def uid(name: str) -> str:
    """A stable UUID string for a readable name, as a client would generate."""
    return str(uuid.uuid5(_NAMESPACE, name))


TENANT = "tenant-1"
GROUP = "group-leadership"
NETWORK = "network-north"
ENQUIRY = uid("enquiry")
CYCLE_1 = uid("cycle-1")
CYCLE_2 = uid("cycle-2")
EXPERIENCE_1 = uid("experience-1")
REFLECTION_1 = uid("reflection-1")
IDEA_1 = uid("idea-1")
ACTION_1 = uid("action-1")
NEW_ENTRY = uid("new-entry")

LEADER = "person-ada"  # a co-leader of the group
MEMBER = "person-ben"
MEMBER_2 = "person-cai"
OUTSIDER = "person-dee"  # not in the group
ADMIN = "person-eve"  # a tenant admin, in no group

WRITTEN_AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def actor(person_id: str, *roles: str) -> Actor:
    return Actor(tenant_id=TENANT, person_id=person_id, roles=frozenset(roles))


def admin() -> Actor:
    return actor(ADMIN, "tenant_admin")


def as_actor(by: str | Actor) -> Actor:
    return by if isinstance(by, Actor) else actor(by)


def membership(**overrides: Any) -> GroupMembership:
    fields: dict[str, Any] = {
        "group_id": GROUP,
        "network_id": NETWORK,
        "member_ids": frozenset({LEADER, MEMBER, MEMBER_2}),
        "leader_ids": frozenset({LEADER}),
    }
    return GroupMembership(**{**fields, **overrides})


# --- enquiry events ------------------------------------------------------------------------------


def proposed(by: str = MEMBER, **overrides: Any) -> EnquiryProposed:
    fields: dict[str, Any] = {
        "enquiry_id": ENQUIRY,
        "author_id": by,
        "group_id": GROUP,
        "network_id": NETWORK,
        "title": "Talk for learning",
        "question": "How does structured talk deepen pupils' reasoning?",
        "approach": Approach.COLLABORATIVE_ENQUIRY,
        "levels": (LevelOfLearning.PUPIL, LevelOfLearning.ADULT),
    }
    return EnquiryProposed(**{**fields, **overrides})


def launched(by: str = LEADER) -> EnquiryLaunched:
    return EnquiryLaunched(enquiry_id=ENQUIRY, author_id=by)


def cycle_started(cycle_id: str = CYCLE_1, number: int = 1, by: str = LEADER) -> CycleStarted:
    return CycleStarted(enquiry_id=ENQUIRY, author_id=by, cycle_id=cycle_id, number=number)


def advanced(
    from_phase: Phase, to_phase: Phase, cycle_id: str = CYCLE_1, by: str = LEADER
) -> CyclePhaseAdvanced:
    return CyclePhaseAdvanced(
        enquiry_id=ENQUIRY,
        author_id=by,
        cycle_id=cycle_id,
        from_phase=from_phase,
        to_phase=to_phase,
    )


def _entry(entry_id: str, cycle_id: str, by: str) -> dict[str, Any]:
    return {"enquiry_id": ENQUIRY, "author_id": by, "cycle_id": cycle_id, "entry_id": entry_id}


def experience_recorded(
    entry_id: str = EXPERIENCE_1, cycle_id: str = CYCLE_1, by: str = MEMBER, **overrides: Any
) -> ExperienceRecorded:
    fields = {**_entry(entry_id, cycle_id, by), "text": "Pupils argued in pairs about fractions"}
    return ExperienceRecorded(**{**fields, **overrides})


def reflection_recorded(
    entry_id: str = REFLECTION_1, cycle_id: str = CYCLE_1, by: str = MEMBER, **overrides: Any
) -> ReflectionRecorded:
    fields = {**_entry(entry_id, cycle_id, by), "text": "Quiet pupils spoke more in pairs"}
    return ReflectionRecorded(**{**fields, **overrides})


def idea_proposed(
    entry_id: str = IDEA_1, cycle_id: str = CYCLE_1, by: str = MEMBER, **overrides: Any
) -> IdeaProposed:
    fields = {
        **_entry(entry_id, cycle_id, by),
        "text": "Use talk frames",
        "knowledge_field": KnowledgeField.PRACTITIONER,
    }
    return IdeaProposed(**{**fields, **overrides})


def action_planned(
    entry_id: str = ACTION_1, cycle_id: str = CYCLE_1, by: str = MEMBER, **overrides: Any
) -> ActionPlanned:
    fields = {
        **_entry(entry_id, cycle_id, by),
        "description": "Trial talk frames in Year 5",
        "owner_id": by,
    }
    return ActionPlanned(**{**fields, **overrides})


def action_completed(action_id: str = ACTION_1, by: str = MEMBER) -> ActionCompleted:
    return ActionCompleted(enquiry_id=ENQUIRY, author_id=by, action_id=action_id)


def evidence_attached(
    entry_id: str = NEW_ENTRY, cycle_id: str = CYCLE_1, by: str = MEMBER, **overrides: Any
) -> EvidenceAttached:
    fields = {
        **_entry(entry_id, cycle_id, by),
        "title": "Lesson transcript",
        "reference": "files/transcript-1.pdf",
        "contains_pupil_data": False,
    }
    return EvidenceAttached(**{**fields, **overrides})


def cycle_completed(cycle_id: str = CYCLE_1, by: str = LEADER) -> CycleCompleted:
    return CycleCompleted(enquiry_id=ENQUIRY, author_id=by, cycle_id=cycle_id)


def concluded(by: str = LEADER) -> EnquiryConcluded:
    return EnquiryConcluded(enquiry_id=ENQUIRY, author_id=by)


# --- enquiry histories ---------------------------------------------------------------------------


def launched_enquiry() -> list[EnquiryEvent]:
    return [proposed(), launched()]


def cycle_in(phase: Phase, cycle_id: str = CYCLE_1, number: int = 1) -> list[EnquiryEvent]:
    """A cycle that reached ``phase``, with one entry recorded in each phase it has left."""
    suffix = "" if cycle_id == CYCLE_1 else f"-{number}"
    events: list[EnquiryEvent] = [cycle_started(cycle_id, number)]
    steps: list[tuple[Phase, Phase, EnquiryEvent]] = [
        (Phase.EXPERIENCE, Phase.REFLECTION, experience_recorded(uid(f"experience-1{suffix}"))),
        (Phase.REFLECTION, Phase.NEW_IDEAS, reflection_recorded(uid(f"reflection-1{suffix}"))),
        (Phase.NEW_IDEAS, Phase.PLANNED_ACTION, idea_proposed(uid(f"idea-1{suffix}"))),
    ]
    for from_phase, to_phase, entry in steps:
        if from_phase is phase:
            break
        events += [
            entry.model_copy(update={"cycle_id": cycle_id}),
            advanced(from_phase, to_phase, cycle_id),
        ]
    return events


def cycle_ready_to_complete(cycle_id: str = CYCLE_1, number: int = 1) -> list[EnquiryEvent]:
    suffix = "" if cycle_id == CYCLE_1 else f"-{number}"
    action = action_planned(uid(f"action-1{suffix}"), cycle_id)
    return [*cycle_in(Phase.PLANNED_ACTION, cycle_id, number), action]


def completed_cycle(cycle_id: str = CYCLE_1, number: int = 1) -> list[EnquiryEvent]:
    return [*cycle_ready_to_complete(cycle_id, number), cycle_completed(cycle_id)]


# --- enquiry commands ----------------------------------------------------------------------------


def _enquiry_command(by: str | Actor, group: GroupMembership | None) -> dict[str, Any]:
    return {"actor": as_actor(by), "membership": group or membership(), "enquiry_id": ENQUIRY}


def propose(
    by: str | Actor = MEMBER, group: GroupMembership | None = None, **overrides: Any
) -> ProposeEnquiry:
    event = proposed()
    fields = {
        **_enquiry_command(by, group),
        "title": event.title,
        "question": event.question,
        "approach": event.approach,
        "levels": event.levels,
    }
    return ProposeEnquiry(**{**fields, **overrides})


def refine(question: str, by: str | Actor = MEMBER, **overrides: Any) -> RefineEnquiryQuestion:
    return RefineEnquiryQuestion(**_enquiry_command(by, None), question=question, **overrides)


def launch(by: str | Actor = LEADER, group: GroupMembership | None = None) -> LaunchEnquiry:
    return LaunchEnquiry(**_enquiry_command(by, group))


def start_cycle(cycle_id: str = CYCLE_1, by: str | Actor = LEADER) -> StartCycle:
    return StartCycle(**_enquiry_command(by, None), cycle_id=cycle_id)


def _entry_command(
    entry_id: str, cycle_id: str, by: str | Actor, group: GroupMembership | None
) -> dict[str, Any]:
    return {**_enquiry_command(by, group), "cycle_id": cycle_id, "entry_id": entry_id}


def record_experience(
    entry_id: str = EXPERIENCE_1,
    cycle_id: str = CYCLE_1,
    by: str | Actor = MEMBER,
    group: GroupMembership | None = None,
    **overrides: Any,
) -> RecordExperience:
    fields = {**_entry_command(entry_id, cycle_id, by, group), "text": experience_recorded().text}
    return RecordExperience(**{**fields, **overrides})


def record_reflection(
    entry_id: str = REFLECTION_1, cycle_id: str = CYCLE_1, by: str | Actor = MEMBER
) -> RecordReflection:
    text = reflection_recorded().text
    return RecordReflection(**_entry_command(entry_id, cycle_id, by, None), text=text)


def propose_idea(
    entry_id: str = IDEA_1, cycle_id: str = CYCLE_1, by: str | Actor = MEMBER, **overrides: Any
) -> ProposeIdea:
    fields = {
        **_entry_command(entry_id, cycle_id, by, None),
        "text": idea_proposed().text,
        "knowledge_field": KnowledgeField.PRACTITIONER,
    }
    return ProposeIdea(**{**fields, **overrides})


def plan_action(
    entry_id: str = ACTION_1, cycle_id: str = CYCLE_1, by: str | Actor = MEMBER, **overrides: Any
) -> PlanAction:
    fields = {
        **_entry_command(entry_id, cycle_id, by, None),
        "description": action_planned().description,
    }
    return PlanAction(**{**fields, **overrides})


def complete_action(action_id: str = ACTION_1, by: str | Actor = MEMBER) -> CompleteAction:
    return CompleteAction(**_enquiry_command(by, None), action_id=action_id)


def attach_evidence(
    entry_id: str = NEW_ENTRY, cycle_id: str = CYCLE_1, by: str | Actor = MEMBER, **overrides: Any
) -> AttachEvidence:
    event = evidence_attached()
    fields = {
        **_entry_command(entry_id, cycle_id, by, None),
        "title": event.title,
        "reference": event.reference,
        "contains_pupil_data": False,
        "tenant_allows_pupil_data": False,
    }
    return AttachEvidence(**{**fields, **overrides})


def advance(
    to_phase: Phase, cycle_id: str = CYCLE_1, by: str | Actor = LEADER
) -> AdvanceCyclePhase:
    return AdvanceCyclePhase(**_enquiry_command(by, None), cycle_id=cycle_id, to_phase=to_phase)


def complete_cycle(cycle_id: str = CYCLE_1, by: str | Actor = LEADER) -> CompleteCycle:
    return CompleteCycle(**_enquiry_command(by, None), cycle_id=cycle_id)


def share_findings(
    entry_id: str = NEW_ENTRY, by: str | Actor = LEADER, **overrides: Any
) -> ShareFindings:
    fields = {
        **_enquiry_command(by, None),
        "entry_id": entry_id,
        "summary": "Talk frames helped quiet pupils reason aloud",
    }
    return ShareFindings(**{**fields, **overrides})


def conclude(by: str | Actor = LEADER) -> ConcludeEnquiry:
    return ConcludeEnquiry(**_enquiry_command(by, None))


# --- loops ---------------------------------------------------------------------------------------

LOOP_REASON = "The action did not reach the quiet pupils: we need to look again at why"


def loop_back(
    cycle_id: str = CYCLE_1, by: str | Actor = LEADER, **overrides: Any
) -> LoopBackToReflection:
    fields = {**_enquiry_command(by, None), "cycle_id": cycle_id, "reason": LOOP_REASON}
    return LoopBackToReflection(**{**fields, **overrides})


def looped_back(from_phase: Phase, cycle_id: str = CYCLE_1, by: str = LEADER) -> CycleLoopedBack:
    return CycleLoopedBack(
        enquiry_id=ENQUIRY,
        author_id=by,
        cycle_id=cycle_id,
        from_phase=from_phase,
        reason=LOOP_REASON,
    )
