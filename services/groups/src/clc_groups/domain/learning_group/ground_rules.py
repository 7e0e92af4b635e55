"""Ground rules agreed by the group, not decreed: each member's own agreement, and the version
coming into force once every active member (or the quorum) has agreed (see ``decide``)."""

from __future__ import annotations

from clc_groups.domain.errors import (
    GroundRulesVersionOutdated,
    GroundRulesVersionUnknown,
    NoGroundRulesProposed,
    OnlyMembersAgreeGroundRules,
)

from .commands import (
    AgreeGroundRules,
)
from .events import (
    GroundRulesAgreed,
    GroundRulesInForce,
    LearningGroupEvent,
)
from .state import LearningGroupState, evolve

__all__ = ["agree", "comes_into_force"]


def agree(state: LearningGroupState, command: AgreeGroundRules) -> list[LearningGroupEvent]:
    if state.ground_rules_version == 0:
        raise NoGroundRulesProposed()
    if command.version < state.ground_rules_version:
        raise GroundRulesVersionOutdated(field="version")
    if command.version > state.ground_rules_version:
        raise GroundRulesVersionUnknown(field="version")
    person = command.actor.person_id
    if person not in state.members:
        raise OnlyMembersAgreeGroundRules()
    if person in state.agreements.get(command.version, frozenset()):
        return []
    events: list[LearningGroupEvent] = [
        GroundRulesAgreed(
            group_id=command.group_id, version=command.version, practitioner_id=person
        )
    ]
    return events + comes_into_force(state, events)


def comes_into_force(
    state: LearningGroupState, events: list[LearningGroupEvent]
) -> list[LearningGroupEvent]:
    """``GroundRulesInForce`` if, after ``events``, the pending version has the group's consent."""
    pending = state.pending_ground_rules_version
    if pending is None:
        return []
    after = state
    for event in events:
        after = evolve(after, event)
    if not after.consent_reached(pending):
        return []
    return [GroundRulesInForce(group_id=state.group_id or "", version=pending)]
