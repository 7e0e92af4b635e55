"""The Enquiry aggregate: an evidence-led collaborative enquiry run by a learning group.

Rules, in the order ``decide`` checks them (the first broken one is reported):

1. the enquiry exists (``EnquiryNotFound``), or for ``ProposeEnquiry`` does not yet
   (``EnquiryAlreadyExists``); the membership handed in is the owning group's
   (``MembershipGroupMismatch``);
2. only members of the owning group contribute (``NotAGroupMember``); only its co-leaders and
   facilitators launch, start cycles, advance phases, loop back, complete cycles, share findings
   and conclude (``NotAGroupLeader``); a ``tenant_admin`` may do all of it;
3. a concluded enquiry refuses further changes (``EnquiryIsConcluded``);
4. the command's own rules: launched once and before any cycle starts, one open cycle at a time,
   the cycle rules of ``cycle.py``, every entry id used once, a public idea cites a source, an
   action is owned by a member and completed once by its owner or a leader, pupil data only if the
   tenant allows it, findings come from a completed cycle and two or more contributors, and
   concluding needs the open cycle completed first; sharing with partner networks follows
   ``partners.py``.

Contributors are everyone who proposed the enquiry, refined its question, wrote an entry,
completed an action or shared findings: ``FindingsShared`` names them for the knowledge service.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import Decider

from clc_enquiry.domain.errors import (
    CycleAlreadyOpen,
    CycleStillOpen,
    EnquiryAlreadyExists,
    EnquiryAlreadyLaunched,
    EnquiryNotFound,
    EnquiryNotLaunched,
    FindingsNeedACompletedCycle,
    FindingsNeedTwoContributors,
    QuestionUnchanged,
)
from clc_enquiry.domain.membership import require_leader, require_member, require_same_group
from clc_enquiry.domain.values import EnquiryStatus

from .commands import (
    AdvanceCyclePhase,
    AskTurnQuestion,
    AttachEvidence,
    CommitToAction,
    CompleteAction,
    CompleteCycle,
    ConcludeEnquiry,
    EnquiryCommand,
    LaunchEnquiry,
    LoopBackToReflection,
    PlanAction,
    ProposeEnquiry,
    ProposeIdea,
    RecordActionImpact,
    RecordExperience,
    RecordReflection,
    RefineEnquiryQuestion,
    ShareActionOutcome,
    ShareFindings,
    ShareWithPartnerNetworks,
    StartCycle,
    TakeTurn,
    WithdrawFromPartnerNetworks,
)
from .entries import (
    attach_evidence,
    complete_action,
    plan_action,
    propose_idea,
    record_action_impact,
    record_experience,
    record_reflection,
)
from .events import (
    CycleCompleted,
    CycleLoopedBack,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryEvent,
    EnquiryLaunched,
    EnquiryProposed,
    EnquiryQuestionRefined,
    FindingsShared,
)
from .loops import share_action_outcome
from .partners import share_with_partners, withdraw_from_partners
from .state import EnquiryState, evolve
from .turns import ask_turn_question, commit_to_action, take_turn

__all__ = ["DECIDER", "EnquiryState", "decide", "evolve"]


# --- decide --------------------------------------------------------------------------------------


def decide(state: EnquiryState, command: EnquiryCommand) -> Sequence[EnquiryEvent]:
    if isinstance(command, ProposeEnquiry):
        return _propose(state, command)
    if state.status is None:
        raise EnquiryNotFound(field="enquiry_id")
    require_same_group(command.membership, state.group_id)
    match command:
        case RefineEnquiryQuestion():
            return _refine(state, command)
        case LaunchEnquiry():
            return _launch(state, command)
        case StartCycle():
            return _start_cycle(state, command)
        case RecordExperience():
            return record_experience(state, command)
        case RecordReflection():
            return record_reflection(state, command)
        case ProposeIdea():
            return propose_idea(state, command)
        case PlanAction():
            return plan_action(state, command)
        case AttachEvidence():
            return attach_evidence(state, command)
        case CompleteAction():
            return complete_action(state, command)
        case AdvanceCyclePhase():
            return _advance(state, command)
        case ShareActionOutcome():
            return share_action_outcome(state, command)
        case RecordActionImpact():
            return record_action_impact(state, command)
        case TakeTurn():
            return take_turn(state, command)
        case AskTurnQuestion():
            return ask_turn_question(state, command)
        case CommitToAction():
            return commit_to_action(state, command)
        case LoopBackToReflection():
            return _loop_back(state, command)
        case CompleteCycle():
            return _complete_cycle(state, command)
        case ShareFindings():
            return _share_findings(state, command)
        case ConcludeEnquiry():
            return _conclude(state, command)
        case ShareWithPartnerNetworks():
            return share_with_partners(state, command)
        case WithdrawFromPartnerNetworks():
            return withdraw_from_partners(state, command)
    unknown = type(command).__name__  # pragma: no cover, no mutate
    raise TypeError(f"not an enquiry command: {unknown}")  # pragma: no cover, no mutate


def _propose(state: EnquiryState, c: ProposeEnquiry) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    if state.status is not None:
        raise EnquiryAlreadyExists(field="enquiry_id")
    return [
        EnquiryProposed(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            group_id=c.membership.group_id,
            network_id=c.membership.network_id,
            title=c.title,
            question=c.question,
            approach=c.approach,
            levels=c.levels,
        )
    ]


def _refine(state: EnquiryState, c: RefineEnquiryQuestion) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    state.require_not_concluded()
    if c.question == state.question:
        raise QuestionUnchanged(field="question")
    return [
        EnquiryQuestionRefined(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            question=c.question,
            rationale=c.rationale,
        )
    ]


def _launch(state: EnquiryState, c: LaunchEnquiry) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    if state.status is EnquiryStatus.LAUNCHED:
        raise EnquiryAlreadyLaunched()
    return [EnquiryLaunched(enquiry_id=c.enquiry_id, author_id=c.actor.person_id)]


def _start_cycle(state: EnquiryState, c: StartCycle) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    if state.status is not EnquiryStatus.LAUNCHED:
        raise EnquiryNotLaunched()
    if state.open_cycle_id is not None:
        raise CycleAlreadyOpen()
    state.require_new_id(c.cycle_id, field="cycle_id")
    return [
        CycleStarted(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            number=len(state.cycles) + 1,
            focus=c.focus,
        )
    ]


def _advance(state: EnquiryState, c: AdvanceCyclePhase) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    cycle = state.cycle(c.cycle_id)
    to_phase = cycle.require_can_advance_to(c.to_phase)
    return [
        CyclePhaseAdvanced(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            from_phase=cycle.phase,
            to_phase=to_phase,
        )
    ]


def _loop_back(state: EnquiryState, c: LoopBackToReflection) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    cycle = state.cycle(c.cycle_id)
    cycle.require_can_loop_back()
    return [
        CycleLoopedBack(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            from_phase=cycle.phase,
            reason=c.reason,
        )
    ]


def _complete_cycle(state: EnquiryState, c: CompleteCycle) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    state.cycle(c.cycle_id).require_can_complete()
    return [
        CycleCompleted(enquiry_id=c.enquiry_id, author_id=c.actor.person_id, cycle_id=c.cycle_id)
    ]


def _share_findings(state: EnquiryState, c: ShareFindings) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    state.require_not_concluded()
    state.require_new_id(c.entry_id)
    if state.completed_cycles == 0:
        raise FindingsNeedACompletedCycle()
    # The sharer counts only as a member: a tenant admin outside the group adds no voice of its own.
    sharer = {c.actor.person_id} if c.membership.is_member(c.actor.person_id) else set()
    contributors = state.contributor_ids | sharer
    if len(contributors) < 2:
        raise FindingsNeedTwoContributors()
    return [
        FindingsShared(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            entry_id=c.entry_id,
            title=c.title or state.title,
            summary=c.summary,
            question=state.question,
            levels=state.levels,
            group_id=state.group_id,
            network_id=state.network_id,
            contributor_ids=tuple(sorted(contributors)),
        )
    ]


def _conclude(state: EnquiryState, c: ConcludeEnquiry) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership, even_if_closed=True)
    state.require_not_concluded()
    if state.open_cycle_id is not None:
        raise CycleStillOpen()
    return [
        EnquiryConcluded(enquiry_id=c.enquiry_id, author_id=c.actor.person_id, summary=c.summary)
    ]


DECIDER: Decider[EnquiryState, EnquiryCommand, EnquiryEvent] = Decider(
    stream_type="enquiry",
    initial_state=EnquiryState,
    decide=decide,
    evolve=evolve,
)
