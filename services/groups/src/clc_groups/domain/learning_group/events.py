"""Learning group events: what happened to a group, its members, ground rules and sessions.

Past tense, frozen, versioned. The rules that produce them live in ``learning_group``.
"""

from __future__ import annotations

from datetime import datetime

from eventkit.domain import DomainEvent

from clc_groups.domain.values import GroupKind, MemberRole, SessionProtocol

__all__ = [
    "GroundRulesAgreed",
    "GroundRulesProposed",
    "LearningGroupClosed",
    "LearningGroupEvent",
    "LearningGroupFormed",
    "LearningGroupLaunched",
    "MemberAdded",
    "MemberLeft",
    "MemberRoleChanged",
    "SessionCancelled",
    "SessionHeld",
    "SessionScheduled",
]


class LearningGroupFormed(DomainEvent):
    group_id: str
    tenant_id: str
    name: str
    kind: GroupKind
    network_id: str | None = None
    founder_id: str


class MemberAdded(DomainEvent):
    group_id: str
    practitioner_id: str
    role: MemberRole
    school_id: str | None
    """The school the member joined from; None for staff of an organisation."""
    organisation_id: str | None = None
    """The organisation the member joined from (a facilitator, co-tutor or partner)."""


class MemberRoleChanged(DomainEvent):
    group_id: str
    practitioner_id: str
    role: MemberRole
    previous_role: MemberRole


class MemberLeft(DomainEvent):
    group_id: str
    practitioner_id: str
    removed: bool = False
    """True when a group manager ended someone else's membership."""


class GroundRulesProposed(DomainEvent):
    group_id: str
    version: int
    text: str


class GroundRulesAgreed(DomainEvent):
    group_id: str
    version: int


class LearningGroupLaunched(DomainEvent):
    group_id: str


class SessionScheduled(DomainEvent):
    group_id: str
    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    """The artefact the protocol uses, if any (the knowledge service records its use)."""


class SessionHeld(DomainEvent):
    """Self-contained for consumers: carries the scheduled start, protocol and artefact."""

    group_id: str
    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    attendee_ids: tuple[str, ...] = ()
    """The members who attended, sorted."""


class SessionCancelled(DomainEvent):
    group_id: str
    session_id: str
    reason: str | None = None


class LearningGroupClosed(DomainEvent):
    group_id: str
    reason: str | None = None


LearningGroupEvent = (
    LearningGroupFormed
    | MemberAdded
    | MemberRoleChanged
    | MemberLeft
    | GroundRulesProposed
    | GroundRulesAgreed
    | LearningGroupLaunched
    | SessionScheduled
    | SessionHeld
    | SessionCancelled
    | LearningGroupClosed
)
