"""Membership rules of a learning group (see ``decide``'s docstring): members come from the
network's member schools (people of organisations from anywhere), each at most once, active; the
last leader of a launched group stays a leader until another is appointed; leaving may complete
the consent to the pending ground rules."""

from __future__ import annotations

from clc_groups.domain.errors import (
    AlreadyAMember,
    LastGroupLeader,
    MemberNotFromNetworkSchool,
    NetworkFactsMissing,
    NotAMember,
    PractitionerNotActive,
)
from clc_groups.domain.values import LearningGroupStatus

from .commands import (
    AddMember,
    ChangeMemberRole,
    LeaveGroup,
)
from .events import (
    LearningGroupEvent,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
)
from .ground_rules import comes_into_force
from .state import LearningGroupState, Member

__all__ = ["add_member", "change_role", "leave", "member_of"]


def member_of(state: LearningGroupState, practitioner_id: str) -> Member:
    member = state.members.get(practitioner_id)
    if member is None:
        raise NotAMember(field="practitioner_id")
    return member


def add_member(state: LearningGroupState, command: AddMember) -> list[LearningGroupEvent]:
    if not command.practitioner_active:
        raise PractitionerNotActive(field="practitioner_id")
    if command.practitioner_id in state.members:
        raise AlreadyAMember(field="practitioner_id")
    if state.network_id is not None:
        if command.network_member_school_ids is None:
            raise NetworkFactsMissing(field="network_member_school_ids")
        from_school = command.practitioner_school_id is not None
        if from_school and command.practitioner_school_id not in command.network_member_school_ids:
            raise MemberNotFromNetworkSchool(field="practitioner_id")
    return [
        MemberAdded(
            group_id=command.group_id,
            practitioner_id=command.practitioner_id,
            role=command.role,
            school_id=command.practitioner_school_id,
            organisation_id=command.practitioner_organisation_id,
        )
    ]


def change_role(state: LearningGroupState, command: ChangeMemberRole) -> list[LearningGroupEvent]:
    member = member_of(state, command.practitioner_id)
    if command.role is member.role:
        return []
    demotes_last_leader = (
        member.role.leads and not command.role.leads and len(state.leader_ids) == 1
    )
    if demotes_last_leader and state.status is LearningGroupStatus.LAUNCHED:
        raise LastGroupLeader(field="role")
    return [
        MemberRoleChanged(
            group_id=command.group_id,
            practitioner_id=command.practitioner_id,
            role=command.role,
            previous_role=member.role,
        )
    ]


def leave(state: LearningGroupState, command: LeaveGroup) -> list[LearningGroupEvent]:
    member_of(state, command.practitioner_id)
    removed = command.practitioner_id != command.actor.person_id
    events: list[LearningGroupEvent] = [
        MemberLeft(
            group_id=command.group_id, practitioner_id=command.practitioner_id, removed=removed
        )
    ]
    return events + comes_into_force(state, events)
