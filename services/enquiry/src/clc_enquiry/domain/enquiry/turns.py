"""Deciding on action learning set turns: each participant's turn on their own issue.

In an action learning set each participant in turn presents an issue of their own; the others ask
questions (they do not advise), and the turn ends with the presenter committing to an action,
which is one of the enquiry's planned actions, owned by the presenter. The rules:

* a turn is taken in an open cycle of a live enquiry, by a member on their own issue; a leader may
  record it for another member (``PresenterNotAMember`` if the presenter is not one), and every
  participant has one turn per cycle (``OneTurnPerParticipant``);
* questions come from the set, not from the presenter (``QuestionsComeFromTheSet``);
* the turn ends with one commitment (``TurnAlreadyCommitted``), by the presenter or a leader, to a
  planned action of this enquiry the presenter owns (``ActionNotFound``,
  ``CommitmentIsThePresenters``).
"""

from __future__ import annotations

from collections.abc import Sequence

from clc_enquiry.domain.errors import (
    ActionNotFound,
    CommitmentIsThePresenters,
    NotAGroupLeader,
    OneTurnPerParticipant,
    PresenterNotAMember,
    QuestionsComeFromTheSet,
    TurnAlreadyCommitted,
)
from clc_enquiry.domain.membership import is_tenant_admin, require_member

from .commands import AskTurnQuestion, CommitToAction, TakeTurn
from .events import ActionLearningTurnTaken, EnquiryEvent, TurnActionCommitted, TurnQuestionAsked
from .state import EnquiryState, Turn

__all__ = ["ask_turn_question", "commit_to_action", "take_turn"]


def _require_for_presenter(
    state: EnquiryState, c: TakeTurn | CommitToAction, presenter: str
) -> None:
    """The presenter acts for themselves; anyone else acting for them must be a leader."""
    actor = c.actor
    if actor.person_id != presenter and not (
        is_tenant_admin(actor) or c.membership.is_leader(actor.person_id)
    ):
        raise NotAGroupLeader("Only a leader records a turn or a commitment for someone else")


def take_turn(state: EnquiryState, c: TakeTurn) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    state.require_not_concluded()
    state.cycle(c.cycle_id).require_open()
    presenter = c.presenter_id or c.actor.person_id
    _require_for_presenter(state, c, presenter)
    if not c.membership.is_member(presenter):
        raise PresenterNotAMember(field="presenter_id")
    state.require_new_id(c.turn_id, field="turn_id")
    if any(t.cycle_id == c.cycle_id and t.presenter_id == presenter for t in state.turns.values()):
        raise OneTurnPerParticipant(field="presenter_id")
    return [
        ActionLearningTurnTaken(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            cycle_id=c.cycle_id,
            turn_id=c.turn_id,
            presenter_id=presenter,
            issue=c.issue,
            written_at=c.written_at,
        )
    ]


def _open_turn(state: EnquiryState, turn_id: str) -> Turn:
    state.require_not_concluded()
    turn = state.turn(turn_id)
    state.cycle(turn.cycle_id).require_open()
    return turn


def ask_turn_question(state: EnquiryState, c: AskTurnQuestion) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    turn = _open_turn(state, c.turn_id)
    if c.actor.person_id == turn.presenter_id:
        raise QuestionsComeFromTheSet()
    state.require_new_id(c.entry_id)
    return [
        TurnQuestionAsked(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            turn_id=c.turn_id,
            entry_id=c.entry_id,
            question=c.question,
        )
    ]


def commit_to_action(state: EnquiryState, c: CommitToAction) -> Sequence[EnquiryEvent]:
    require_member(c.actor, c.membership)
    turn = _open_turn(state, c.turn_id)
    _require_for_presenter(state, c, turn.presenter_id)
    if turn.action_id is not None:
        raise TurnAlreadyCommitted()
    action = state.actions.get(c.action_id)
    if action is None:
        raise ActionNotFound(field="action_id")
    if action.owner_id != turn.presenter_id:
        raise CommitmentIsThePresenters(field="action_id")
    return [
        TurnActionCommitted(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            turn_id=c.turn_id,
            action_id=c.action_id,
        )
    ]
