"""What an enquiry remembers of its events, and how each event changes it (``evolve``).

The state keeps only what ``decide`` needs: status, the owning group, the cycles and their counts,
planned actions and their owners, every id used so far, and the contributors (everyone who proposed
the enquiry, refined its question, wrote an entry, completed an action or shared findings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from clc_enquiry.domain.errors import (
    CycleNotFound,
    DuplicateEntryId,
    EnquiryIsConcluded,
    TurnNotFound,
)
from clc_enquiry.domain.values import CycleStatus, EnquiryStatus, LevelOfLearning

from .cycle import Cycle, PlannedAction
from .events import (
    ActionCompleted,
    ActionImpactRecorded,
    ActionLearningTurnTaken,
    ActionOutcomeShared,
    ActionPlanned,
    CycleCompleted,
    CycleLoopedBack,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryEvent,
    EnquiryLaunched,
    EnquiryProposed,
    EnquiryQuestionRefined,
    EnquirySharedWithPartnerNetworks,
    EnquiryWithdrawnFromPartnerNetworks,
    EvidenceAttached,
    ExperienceRecorded,
    FindingsShared,
    IdeaProposed,
    ReflectionRecorded,
    TurnActionCommitted,
    TurnQuestionAsked,
)

__all__ = ["EnquiryState", "Turn", "evolve"]


@dataclass(frozen=True)
class Turn:
    """A participant's turn in an action learning set."""

    turn_id: str
    cycle_id: str
    presenter_id: str
    action_id: str | None = None  # the planned action committed to, once


@dataclass(frozen=True)
class EnquiryState:
    enquiry_id: str | None = None
    status: EnquiryStatus | None = None  # None: not proposed yet
    group_id: str = ""
    network_id: str | None = None
    title: str = ""
    question: str = ""
    levels: tuple[LevelOfLearning, ...] = ()
    cycles: Mapping[str, Cycle] = field(default_factory=dict)
    open_cycle_id: str | None = None
    actions: Mapping[str, PlannedAction] = field(default_factory=dict)
    entry_ids: frozenset[str] = frozenset()  # entries, turns, questions and shared findings
    turns: Mapping[str, Turn] = field(default_factory=dict)
    idea_ids: frozenset[str] = frozenset()  # ideas another enquiry may take home
    contributor_ids: frozenset[str] = frozenset()
    shared_with_partners: bool = False  # marked "shared with partner networks"

    @property
    def completed_cycles(self) -> int:
        return sum(1 for c in self.cycles.values() if c.status is CycleStatus.COMPLETED)

    def require_not_concluded(self) -> None:
        if self.status is EnquiryStatus.CONCLUDED:
            raise EnquiryIsConcluded()

    def cycle(self, cycle_id: str) -> Cycle:
        found = self.cycles.get(cycle_id)
        if found is None:
            raise CycleNotFound(field="cycle_id")
        return found

    def turn(self, turn_id: str) -> Turn:
        found = self.turns.get(turn_id)
        if found is None:
            raise TurnNotFound(field="turn_id")
        return found

    def require_new_id(self, new_id: str, field: str = "entry_id") -> None:
        """Cycle, entry and findings ids are all unique within one enquiry."""
        if new_id in self.entry_ids or new_id in self.cycles:
            raise DuplicateEntryId(field=field)


def evolve(state: EnquiryState, event: EnquiryEvent) -> EnquiryState:
    match event:
        case EnquiryProposed():
            state = replace(
                state,
                enquiry_id=event.enquiry_id,
                status=EnquiryStatus.PROPOSED,
                group_id=event.group_id,
                network_id=event.network_id,
                title=event.title,
                question=event.question,
                levels=event.levels,
            )
        case EnquiryQuestionRefined():
            state = replace(state, question=event.question)
        case EnquiryLaunched():
            return replace(state, status=EnquiryStatus.LAUNCHED)
        case CycleStarted():
            cycle = Cycle(cycle_id=event.cycle_id, number=event.number)
            return replace(
                state, cycles={**state.cycles, cycle.cycle_id: cycle}, open_cycle_id=cycle.cycle_id
            )
        case ExperienceRecorded():
            state = _with_entry(state, event.cycle_id, event.entry_id, Cycle.with_experience)
        case ReflectionRecorded():
            state = _with_entry(state, event.cycle_id, event.entry_id, Cycle.with_reflection)
        case IdeaProposed():
            state = _with_entry(state, event.cycle_id, event.entry_id, Cycle.with_idea)
            state = replace(state, idea_ids=state.idea_ids | {event.entry_id})
        case ActionPlanned():
            state = _with_entry(state, event.cycle_id, event.entry_id, Cycle.with_action)
            action = PlannedAction(
                event.entry_id,
                event.cycle_id,
                event.owner_id,
                source_enquiry_id=event.source_enquiry_id,
                source_idea_id=event.source_idea_id,
            )
            state = replace(state, actions={**state.actions, action.action_id: action})
        case EvidenceAttached():
            state = _with_entry(state, event.cycle_id, event.entry_id, Cycle.with_evidence)
        case ActionCompleted():
            done = replace(state.actions[event.action_id], completed=True)
            state = replace(state, actions={**state.actions, event.action_id: done})
        case CyclePhaseAdvanced():
            cycle = state.cycles[event.cycle_id].advanced_to(event.to_phase)
            return replace(state, cycles={**state.cycles, cycle.cycle_id: cycle})
        case CycleLoopedBack():
            cycle = state.cycles[event.cycle_id].looped_back()
            return replace(state, cycles={**state.cycles, cycle.cycle_id: cycle})
        case CycleCompleted():
            cycle = state.cycles[event.cycle_id].completed()
            open_id = None if state.open_cycle_id == cycle.cycle_id else state.open_cycle_id
            return replace(
                state, cycles={**state.cycles, cycle.cycle_id: cycle}, open_cycle_id=open_id
            )
        case FindingsShared():
            state = replace(state, entry_ids=state.entry_ids | {event.entry_id})
        case ActionLearningTurnTaken():
            turn = Turn(event.turn_id, event.cycle_id, event.presenter_id)
            state = replace(
                state,
                turns={**state.turns, turn.turn_id: turn},
                entry_ids=state.entry_ids | {event.turn_id},
            )
        case ActionOutcomeShared():
            shared = replace(state.actions[event.action_id], outcome_shared=True)
            state = replace(state, actions={**state.actions, event.action_id: shared})
        case ActionImpactRecorded():
            state = replace(state, entry_ids=state.entry_ids | {event.measure_id})
        case TurnQuestionAsked():
            state = replace(state, entry_ids=state.entry_ids | {event.entry_id})
        case TurnActionCommitted():
            turn = replace(state.turns[event.turn_id], action_id=event.action_id)
            state = replace(state, turns={**state.turns, turn.turn_id: turn})
        case EnquiryConcluded():
            return replace(state, status=EnquiryStatus.CONCLUDED)
        case EnquirySharedWithPartnerNetworks():
            return replace(state, shared_with_partners=True)  # a marking, not a contribution
        case EnquiryWithdrawnFromPartnerNetworks():
            return replace(state, shared_with_partners=False)
    return replace(state, contributor_ids=state.contributor_ids | {event.author_id})


def _with_entry(
    state: EnquiryState,
    cycle_id: str,
    entry_id: str,
    count: Callable[[Cycle], Cycle],
) -> EnquiryState:
    cycle = count(state.cycles[cycle_id])
    return replace(
        state,
        cycles={**state.cycles, cycle_id: cycle},
        entry_ids=state.entry_ids | {entry_id},
    )
