"""Deciding on a cycle's entries: experiences, reflections, ideas, actions and evidence.

Every entry needs a member of the owning group, an enquiry not concluded, the cycle the client
named still open (a stale cycle from an offline client is refused, not silently re-targeted), an
entry id not used before in the enquiry, and, except for evidence, the cycle in the entry's phase.
Then each kind has its own rule: a public idea cites a source; an action is owned by a member of
the group, and completed once, by its owner, a group leader or a tenant admin; evidence containing
pupil data is refused unless the tenant allows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from clc_enquiry.domain.errors import (
    ActionAlreadyCompleted,
    ActionNotFound,
    ActionOwnerNotAMember,
    EntryNotFound,
    NotActionOwner,
    PublicIdeaNeedsSource,
    PupilDataNotAllowed,
)
from clc_enquiry.domain.impact import guard_measure
from clc_enquiry.domain.membership import is_tenant_admin, require_member
from clc_enquiry.domain.values import KnowledgeField, Phase

from .commands import (
    AttachEvidence,
    CompleteAction,
    PlanAction,
    ProposeIdea,
    RecordActionImpact,
    RecordExperience,
    RecordReflection,
)
from .events import (
    ActionCompleted,
    ActionImpactRecorded,
    ActionPlanned,
    EnquiryEvent,
    EvidenceAttached,
    ExperienceRecorded,
    IdeaProposed,
    ReflectionRecorded,
)
from .loops import require_source_idea
from .state import EnquiryState

__all__ = [
    "attach_evidence",
    "complete_action",
    "plan_action",
    "propose_idea",
    "record_action_impact",
    "record_experience",
    "record_reflection",
]


def _require_entry(
    state: EnquiryState,
    c: RecordExperience | RecordReflection | ProposeIdea | PlanAction | AttachEvidence,
    phase: Phase | None,
) -> None:
    """What every entry needs: a member, a live enquiry, its open cycle, a new id, its phase."""
    require_member(c.actor, c.membership)
    state.require_not_concluded()
    cycle = state.cycle(c.cycle_id)
    cycle.require_open()
    state.require_new_id(c.entry_id)
    if phase is not None:
        cycle.require_phase(phase)


def record_experience(state: EnquiryState, c: RecordExperience) -> Sequence[EnquiryEvent]:
    _require_entry(state, c, Phase.EXPERIENCE)
    return [
        ExperienceRecorded(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            entry_id=c.entry_id,
            written_at=c.written_at,
            text=c.text,
        )
    ]


def record_reflection(state: EnquiryState, c: RecordReflection) -> Sequence[EnquiryEvent]:
    _require_entry(state, c, Phase.REFLECTION)
    return [
        ReflectionRecorded(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            entry_id=c.entry_id,
            written_at=c.written_at,
            text=c.text,
        )
    ]


def propose_idea(state: EnquiryState, c: ProposeIdea) -> Sequence[EnquiryEvent]:
    _require_entry(state, c, Phase.NEW_IDEAS)
    if c.knowledge_field is KnowledgeField.PUBLIC and not c.sources:
        raise PublicIdeaNeedsSource(field="sources")
    return [
        IdeaProposed(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            entry_id=c.entry_id,
            written_at=c.written_at,
            text=c.text,
            knowledge_field=c.knowledge_field,
            sources=c.sources,
        )
    ]


def plan_action(state: EnquiryState, c: PlanAction) -> Sequence[EnquiryEvent]:
    _require_entry(state, c, Phase.PLANNED_ACTION)
    owner_id = c.owner_id or c.actor.person_id
    if not c.membership.is_member(owner_id):
        raise ActionOwnerNotAMember(field="owner_id")
    require_source_idea(c)
    return [
        ActionPlanned(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            entry_id=c.entry_id,
            written_at=c.written_at,
            description=c.description,
            owner_id=owner_id,
            due_date=c.due_date,
            source_enquiry_id=c.source_enquiry_id,
            source_idea_id=c.source_idea_id,
        )
    ]


def attach_evidence(state: EnquiryState, c: AttachEvidence) -> Sequence[EnquiryEvent]:
    _require_entry(state, c, phase=None)  # evidence may come in any phase of the open cycle
    if c.about_entry_id is not None and c.about_entry_id not in state.entry_ids:
        raise EntryNotFound(field="about_entry_id")
    if c.contains_pupil_data and not c.tenant_allows_pupil_data:
        raise PupilDataNotAllowed(field="contains_pupil_data")
    return [
        EvidenceAttached(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            entry_id=c.entry_id,
            written_at=c.written_at,
            title=c.title,
            reference=c.reference,
            description=c.description,
            about_entry_id=c.about_entry_id,
            contains_pupil_data=c.contains_pupil_data,
        )
    ]


def complete_action(state: EnquiryState, c: CompleteAction) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    state.require_not_concluded()
    action = state.actions.get(c.action_id)
    if action is None:
        raise ActionNotFound(field="action_id")
    person = c.actor.person_id
    if not (
        person == action.owner_id or c.membership.is_leader(person) or is_tenant_admin(c.actor)
    ):
        raise NotActionOwner()
    if action.completed:
        raise ActionAlreadyCompleted(field="action_id")
    return [
        ActionCompleted(
            enquiry_id=c.enquiry_id, author_id=person, action_id=c.action_id, outcome=c.outcome
        )
    ]


def record_action_impact(state: EnquiryState, c: RecordActionImpact) -> Sequence[EnquiryEvent]:
    """A member measures an action's impact, also after the enquiry concluded: outcomes often
    come later. Pupil data only as de-identified aggregates (``guard_measure``)."""
    require_member(c.actor, c.membership)
    if c.action_id not in state.actions:
        raise ActionNotFound(field="action_id")
    state.require_new_id(c.measure_id, field="measure_id")
    guard_measure(c.measure)
    return [
        ActionImpactRecorded(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            action_id=c.action_id,
            measure_id=c.measure_id,
            measure=c.measure,
        )
    ]
