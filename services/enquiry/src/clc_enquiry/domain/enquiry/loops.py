"""The two loops of learning: ideas from a programme taken home, outcomes brought back.

A participant of a programme (say, a co-leaders' cohort) takes an idea of the programme's enquiry
into their home group's enquiry as a planned action, naming the source idea. What happens to that
action stays the home group's own work until the home group consents: then its outcome is shown
in the programme's enquiry. The rules:

* the source idea exists in the source enquiry (``SourceIdeaNotFound``), and whoever takes it
  home takes part in the source enquiry's group (``SourceIdeaNotYours``; a tenant admin may);
* the consent is a leader's step in the home group (``NotAGroupLeader``), for an action that came
  from a source idea (``ActionHasNoSourceIdea``), once (``OutcomeAlreadyShared``).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.errors import InvalidInput

from clc_enquiry.domain.errors import (
    ActionHasNoSourceIdea,
    ActionNotFound,
    OutcomeAlreadyShared,
    SourceIdeaNotFound,
    SourceIdeaNotYours,
)
from clc_enquiry.domain.membership import is_tenant_admin, require_leader

from .commands import PlanAction, ShareActionOutcome
from .events import ActionOutcomeShared, EnquiryEvent
from .state import EnquiryState

__all__ = ["require_source_idea", "share_action_outcome"]


def require_source_idea(c: PlanAction) -> None:
    """An action taken home from another enquiry's idea names an idea the actor took part in."""
    if c.source_enquiry_id is None and c.source_idea_id is None:
        return
    if c.source_enquiry_id is None or c.source_idea_id is None:
        raise InvalidInput("Name both the source enquiry and its idea", field="source_enquiry_id")
    if c.source_enquiry_id == c.enquiry_id:
        raise InvalidInput("The source idea comes from another enquiry", field="source_enquiry_id")
    if not c.source_found:
        raise SourceIdeaNotFound(field="source_idea_id")
    if not (c.source_takes_part or is_tenant_admin(c.actor)):
        raise SourceIdeaNotYours(field="source_enquiry_id")


def share_action_outcome(state: EnquiryState, c: ShareActionOutcome) -> Sequence[EnquiryEvent]:
    require_leader(c.actor, c.membership)
    action = state.actions.get(c.action_id)
    if action is None:
        raise ActionNotFound(field="action_id")
    if action.source_enquiry_id is None or action.source_idea_id is None:
        raise ActionHasNoSourceIdea(field="action_id")
    if action.outcome_shared:
        raise OutcomeAlreadyShared(field="action_id")
    return [
        ActionOutcomeShared(
            enquiry_id=c.enquiry_id,
            author_id=c.actor.person_id,
            action_id=c.action_id,
            source_enquiry_id=action.source_enquiry_id,
            source_idea_id=action.source_idea_id,
        )
    ]
