"""Learning group state and ``evolve``: the fold of a group's events that ``decide`` reads."""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from eventkit.domain import Actor
from pydantic import BaseModel, ConfigDict, Field

from clc_groups.domain.access import is_tenant_admin
from clc_groups.domain.values import (
    GroupKind,
    LearningGroupStatus,
    MemberRole,
    SessionProtocol,
    SessionStatus,
)

from .events import (
    ActivityRecorded,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroundRulesWithdrawn,
    LearningGroupClosed,
    LearningGroupEvent,
    LearningGroupFormed,
    LearningGroupLaunched,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    PeerReviewLinked,
    SessionCancelled,
    SessionHeld,
    SessionLearningRecorded,
    SessionScheduled,
)

__all__ = ["LearningGroupState", "Member", "Session", "evolve"]


class Member(BaseModel):
    model_config = ConfigDict(frozen=True)

    practitioner_id: str
    role: MemberRole
    school_id: str | None
    organisation_id: str | None = None


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    status: SessionStatus = SessionStatus.SCHEDULED
    attendee_ids: tuple[str, ...] = ()


class LearningGroupState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    group_id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    kind: GroupKind | None = None
    network_id: str | None = None
    founder_id: str | None = None
    status: LearningGroupStatus = LearningGroupStatus.FORMED
    members: dict[str, Member] = Field(default_factory=dict)
    ground_rules_quorum: int | None = None
    """Agreements that put a version in force; None: every active member's."""
    ground_rules_version: int = 0
    """The current version: the pending proposal if there is one, else the one in force; 0
    while none has been proposed (or every proposal was withdrawn)."""
    last_ground_rules_version: int = 0
    """The highest version ever proposed (versions are never reused)."""
    ground_rules_text: str | None = None
    agreed_ground_rules_version: int | None = None
    """The version in force (agreed by the group), if any."""
    pending_ground_rules_version: int | None = None
    """A proposed version not yet in force (nor withdrawn)."""
    proposals: dict[int, str] = Field(default_factory=dict)
    agreements: dict[int, frozenset[str]] = Field(default_factory=dict)
    """Version -> who has agreed it (by their own act, or as members when a v1 event said so)."""
    sessions: dict[str, Session] = Field(default_factory=dict)
    activity_ids: frozenset[str] = frozenset()
    peer_review_ids: frozenset[str] = frozenset()

    @property
    def leader_ids(self) -> frozenset[str]:
        return frozenset(p for p, member in self.members.items() if member.role.leads)

    @property
    def ground_rules_agreed(self) -> bool:
        return (
            self.ground_rules_version > 0
            and self.agreed_ground_rules_version == self.ground_rules_version
        )

    def agreed_by(self, version: int) -> frozenset[str]:
        """The current members who have agreed ``version``."""
        return self.agreements.get(version, frozenset()) & self.members.keys()

    def consent_reached(self, version: int) -> bool:
        """Whether ``version`` has the group's consent: every active member has agreed it, or
        as many as the quorum the group set when it formed."""
        agreed = self.agreed_by(version)
        if self.ground_rules_quorum is not None:
            return len(agreed) >= self.ground_rules_quorum
        return bool(self.members) and agreed == self.members.keys()

    def may_be_managed_by(self, actor: Actor) -> bool:
        if is_tenant_admin(actor) or actor.person_id in self.leader_ids:
            return True
        return self.status is LearningGroupStatus.FORMED and actor.person_id == self.founder_id


def evolve(state: LearningGroupState, event: LearningGroupEvent) -> LearningGroupState:
    match event:
        case LearningGroupFormed():
            return LearningGroupState(
                exists=True,
                group_id=event.group_id,
                tenant_id=event.tenant_id,
                name=event.name,
                kind=event.kind,
                network_id=event.network_id,
                founder_id=event.founder_id,
                ground_rules_quorum=event.ground_rules_quorum,
            )
        case MemberAdded():
            member = Member(
                practitioner_id=event.practitioner_id,
                role=event.role,
                school_id=event.school_id,
                organisation_id=event.organisation_id,
            )
            return _with_member(state, member)
        case MemberRoleChanged():
            member = state.members[event.practitioner_id].model_copy(update={"role": event.role})
            return _with_member(state, member)
        case MemberLeft():
            members = {p: m for p, m in state.members.items() if p != event.practitioner_id}
            return state.model_copy(update={"members": members})
        case GroundRulesProposed():
            update = {
                "ground_rules_version": event.version,
                "last_ground_rules_version": event.version,
                "pending_ground_rules_version": event.version,
                "ground_rules_text": event.text,
                "proposals": {**state.proposals, event.version: event.text},
            }
            return state.model_copy(update=update)
        case GroundRulesAgreed():
            return _agreed(state, event)
        case GroundRulesInForce():
            return _in_force(state, event.version)
        case GroundRulesWithdrawn():
            current = state.agreed_ground_rules_version or 0
            update = {
                "pending_ground_rules_version": None,
                "ground_rules_version": current,
                "ground_rules_text": state.proposals.get(current),
            }
            return state.model_copy(update=update)
        case LearningGroupLaunched():
            return state.model_copy(update={"status": LearningGroupStatus.LAUNCHED})
        case SessionScheduled():
            session = Session(
                session_id=event.session_id,
                starts_at=event.starts_at,
                protocol=event.protocol,
                artefact_id=event.artefact_id,
            )
            return _with_session(state, session)
        case SessionHeld():
            held = state.sessions[event.session_id].model_copy(
                update={"status": SessionStatus.HELD, "attendee_ids": event.attendee_ids}
            )
            return _with_session(state, held)
        case SessionCancelled():
            cancelled = state.sessions[event.session_id].model_copy(
                update={"status": SessionStatus.CANCELLED}
            )
            return _with_session(state, cancelled)
        case SessionLearningRecorded():
            return state
        case ActivityRecorded():
            return state.model_copy(
                update={"activity_ids": state.activity_ids | {event.activity_id}}
            )
        case PeerReviewLinked():
            reviews = state.peer_review_ids | {event.peer_review_id}
            return state.model_copy(update={"peer_review_ids": reviews})
        case LearningGroupClosed():
            return state.model_copy(update={"status": LearningGroupStatus.CLOSED})
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


def _agreed(state: LearningGroupState, event: GroundRulesAgreed) -> LearningGroupState:
    everyone = event.by_all_members or event.practitioner_id is None
    who = frozenset(state.members) if everyone else frozenset({event.practitioner_id or ""})
    agreements = {
        **state.agreements,
        event.version: state.agreements.get(event.version, frozenset()) | who,
    }
    agreed = state.model_copy(update={"agreements": agreements})
    # An upcast v1 event was the group's decision: in force at once (no GroundRulesInForce then).
    return _in_force(agreed, event.version) if everyone else agreed


def _in_force(state: LearningGroupState, version: int) -> LearningGroupState:
    pending = state.pending_ground_rules_version
    return state.model_copy(
        update={
            "agreed_ground_rules_version": version,
            "pending_ground_rules_version": None if pending == version else pending,
        }
    )


def _with_member(state: LearningGroupState, member: Member) -> LearningGroupState:
    return state.model_copy(update={"members": {**state.members, member.practitioner_id: member}})


def _with_session(state: LearningGroupState, session: Session) -> LearningGroupState:
    return state.model_copy(update={"sessions": {**state.sessions, session.session_id: session}})
