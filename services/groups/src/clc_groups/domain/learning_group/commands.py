"""Learning group commands: what a client asks of a group. Validated when built (names, texts,
time zones, ids); the rules that decide them live in ``learning_group``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from clc_groups.domain.access import ActorCommand
from clc_groups.domain.inputs import (
    EntityId,
    GroundRulesText,
    LearningPoint,
    Name,
    OptionalText,
    ZonedDateTime,
)
from clc_groups.domain.values import ActivityKind, GroupKind, MemberRole, SessionProtocol

__all__ = [
    "AddMember",
    "AgreeGroundRules",
    "CancelSession",
    "ChangeMemberRole",
    "CloseLearningGroup",
    "FormLearningGroup",
    "HoldSession",
    "LaunchLearningGroup",
    "LearningGroupCommand",
    "LeaveGroup",
    "LinkPeerReview",
    "ProposeGroundRules",
    "RecordActivity",
    "RecordSessionLearning",
    "ScheduleSession",
    "WithdrawGroundRules",
]


class FormLearningGroup(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"network_is_active", "network_co_leader_ids"})
    group_id: EntityId
    name: Name
    kind: GroupKind
    network_id: EntityId | None = None
    network_is_active: bool | None = None
    """Fact from the network's stream: it exists in the tenant and is not dissolved.
    Required exactly when ``network_id`` is given."""
    network_co_leader_ids: frozenset[str] = frozenset()
    """Fact from the network's stream: its current co-leaders (who may form groups in it)."""
    ground_rules_quorum: int | None = Field(default=None, ge=2)
    """How many members' agreement puts ground rules in force; None: every active member's."""

    @model_validator(mode="after")
    def _network_facts_go_with_a_network(self) -> FormLearningGroup:
        if (self.network_id is None) != (self.network_is_active is None):
            raise ValueError("network_is_active is given exactly when network_id is given")
        if self.network_id is None and self.network_co_leader_ids:
            raise ValueError("network_co_leader_ids needs a network_id")
        return self


class AddMember(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset(
        {
            "practitioner_school_id",
            "practitioner_organisation_id",
            "practitioner_active",
            "network_member_school_ids",
        }
    )
    group_id: EntityId
    practitioner_id: EntityId
    role: MemberRole = MemberRole.MEMBER
    practitioner_school_id: EntityId | None
    """Fact from the practitioner's stream: the school they work at (None: an organisation's)."""
    practitioner_organisation_id: EntityId | None = None
    """Fact from the practitioner's stream: the organisation they work at (None: a school's)."""
    practitioner_active: bool
    """Fact from the practitioner's stream: neither deactivated nor erased."""
    network_member_school_ids: frozenset[str] | None = None
    """Fact from the network's stream: its member schools; None when the group has no network."""


class ChangeMemberRole(ActorCommand):
    group_id: EntityId
    practitioner_id: EntityId
    role: MemberRole


class LeaveGroup(ActorCommand):
    """A member leaves the group, or a group manager removes them."""

    group_id: EntityId
    practitioner_id: EntityId


class ProposeGroundRules(ActorCommand):
    group_id: EntityId
    text: GroundRulesText


class AgreeGroundRules(ActorCommand):
    """The actor, a member of the group, agrees this version for themself (consent is personal:
    nobody agrees on another's behalf)."""

    group_id: EntityId
    version: int = Field(ge=1)
    """The version agreed, as proposed."""


class WithdrawGroundRules(ActorCommand):
    """A leader withdraws a proposed version that is not yet in force."""

    group_id: EntityId
    version: int = Field(ge=1)


class LaunchLearningGroup(ActorCommand):
    group_id: EntityId


class ScheduleSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    starts_at: ZonedDateTime
    protocol: SessionProtocol
    artefact_id: EntityId | None = None


class HoldSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    attendee_ids: frozenset[EntityId] = frozenset()


class RecordSessionLearning(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    protocols: frozenset[SessionProtocol] = Field(min_length=1)
    learning_points: tuple[LearningPoint, ...] = Field(default=(), max_length=50)
    how_we_worked: OptionalText | None = None


class RecordActivity(ActorCommand):
    group_id: EntityId
    activity_id: EntityId
    kind: ActivityKind
    occurred_at: ZonedDateTime
    participant_ids: frozenset[EntityId]
    school_ids: frozenset[EntityId] = frozenset()
    note: OptionalText | None = None


class LinkPeerReview(ActorCommand):
    group_id: EntityId
    peer_review_id: EntityId


class CancelSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    reason: OptionalText | None = None


class CloseLearningGroup(ActorCommand):
    group_id: EntityId
    reason: OptionalText | None = None


LearningGroupCommand = (
    FormLearningGroup
    | AddMember
    | ChangeMemberRole
    | LeaveGroup
    | ProposeGroundRules
    | AgreeGroundRules
    | WithdrawGroundRules
    | LaunchLearningGroup
    | ScheduleSession
    | HoldSession
    | CancelSession
    | RecordSessionLearning
    | RecordActivity
    | LinkPeerReview
    | CloseLearningGroup
)
