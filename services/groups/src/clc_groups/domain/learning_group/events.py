"""Learning group events: what happened to a group, its members, ground rules and sessions.

Past tense, frozen, versioned. The rules that produce them live in ``learning_group``.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from eventkit.domain import DomainEvent

from clc_groups.domain.values import ActivityKind, GroupKind, MemberRole, SessionProtocol

__all__ = [
    "ActivityRecorded",
    "GroundRulesAgreed",
    "GroundRulesInForce",
    "GroundRulesProposed",
    "GroundRulesWithdrawn",
    "LearningGroupClosed",
    "LearningGroupEvent",
    "LearningGroupFormed",
    "LearningGroupLaunched",
    "MemberAdded",
    "MemberLeft",
    "MemberRoleChanged",
    "PeerReviewLinked",
    "SessionCancelled",
    "SessionHeld",
    "SessionLearningRecorded",
    "SessionScheduled",
]


class LearningGroupFormed(DomainEvent):
    group_id: str
    tenant_id: str
    name: str
    kind: GroupKind
    network_id: str | None = None
    founder_id: str
    ground_rules_quorum: int | None = None
    """How many members' agreement puts ground rules in force, as the group set it when it
    formed; None (and in events before consent): every active member's."""


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
    """A member agreed this version of the ground rules, by their own act (schema v2).

    A v1 event (one leader's decision for the group) is upcast with ``by_all_members`` true and
    no ``practitioner_id``: the agreement of everyone who was a member at that time (see
    ``domain.upcasters``)."""

    schema_version: ClassVar[int] = 2

    group_id: str
    version: int
    practitioner_id: str | None = None
    """Who agreed; None only for an upcast v1 event (``by_all_members``)."""
    by_all_members: bool = False


class GroundRulesInForce(DomainEvent):
    """Every active member (or the quorum the group set when it formed) has agreed this version:
    it is the group's ground rules now. Follows the agreement that completed the consent."""

    group_id: str
    version: int


class GroundRulesWithdrawn(DomainEvent):
    """A leader withdrew a proposed version before it came into force; the version in force
    before it (if any) stays in force."""

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


class SessionLearningRecorded(DomainEvent):
    """The record of a held session: every protocol it used (tutor input, reflection, action
    learning set, appreciative enquiry, dialogue, reading, ...), what it learned, and a short
    reflection on how the group worked together. A later record replaces an earlier one."""

    group_id: str
    session_id: str
    protocols: tuple[SessionProtocol, ...]
    learning_points: tuple[str, ...] = ()
    how_we_worked: str | None = None
    recorded_by: str


class ActivityRecorded(DomainEvent):
    """Learning together beside sessions: coaching, mentoring, a lesson observation, a school
    visit or shadowing, between members of the group (and the schools they come from).
    Counted in the group's participation; enquiry may cite it as evidence by its id."""

    group_id: str
    activity_id: str
    kind: ActivityKind
    occurred_at: datetime
    participant_ids: tuple[str, ...]
    """The members who took part, sorted."""
    school_ids: tuple[str, ...] = ()
    """The schools it happened between (e.g. host and visiting), sorted."""
    note: str | None = None
    recorded_by: str


class PeerReviewLinked(DomainEvent):
    """A peer-review team is linked to a peer review it carries out (the review lives in the
    enquiry service; only its id is kept here)."""

    group_id: str
    peer_review_id: str


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
    | GroundRulesInForce
    | GroundRulesWithdrawn
    | LearningGroupLaunched
    | SessionScheduled
    | SessionHeld
    | SessionCancelled
    | SessionLearningRecorded
    | ActivityRecorded
    | PeerReviewLinked
    | LearningGroupClosed
)
