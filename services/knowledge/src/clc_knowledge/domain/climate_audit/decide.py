"""The climate audit's two deciders: the audit (open, sealed answers, close) and its roll (who
has answered). Rules, in the order they are checked:

Audit: an id is opened once (``ClimateAuditAlreadyExists``); the tool is a published artefact the
actor sees (``ArtefactNotFound``, ``ArtefactNotPublished``) of kind climate-for-learning audit tool
(``NotAnAuditTool``); the audit is of exactly one group or school (``AuditNeedsOneScope``); a
group's leaders open and close a group's audit, a tenant admin a school's (``NotAnAuditLeader``);
closed once (``ClimateAuditIsClosed``). Sealing records each ballot once (a repeated seal after a
crash writes nothing twice), and nothing unless ``at_least`` of them are new; answers given while
open are sealed even after closing.

Roll: the audit exists and is open (``ClimateAuditNotFound``, ``ClimateAuditIsClosed``); the
actor is a member of the audited group, of the audited school, or a tenant admin
(``NotAnAuditParticipant``); one answer per member (``AlreadyAnswered``); every statement of the
instrument scored once, 1 to 5 (``AnswersIncomplete``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from eventkit.domain import Decider

from clc_knowledge.domain.errors import ArtefactNotFound, ArtefactNotPublished
from clc_knowledge.domain.standing import is_tenant_admin
from clc_knowledge.domain.values import ArtefactKind, ArtefactStatus

from .errors import (
    AlreadyAnswered,
    AnswersIncomplete,
    AuditNeedsOneScope,
    ClimateAuditAlreadyExists,
    ClimateAuditIsClosed,
    ClimateAuditNotFound,
    NotAnAuditLeader,
    NotAnAuditParticipant,
    NotAnAuditTool,
)
from .instrument import INSTRUMENT, INSTRUMENT_ID, MAX_SCORE, MIN_SCORE
from .messages import (
    AnswerClimateAudit,
    ClimateAuditAnswered,
    ClimateAuditClosed,
    ClimateAuditOpened,
    ClimateAuditParticipationRecorded,
    CloseClimateAudit,
    ItemScore,
    OpenClimateAudit,
    SealClimateAuditAnswers,
)

__all__ = [
    "AUDIT_DECIDER",
    "ROLL_DECIDER",
    "AuditCommand",
    "AuditEvent",
    "ClimateAuditState",
    "RollState",
    "check_answers",
]

AuditCommand = OpenClimateAudit | SealClimateAuditAnswers | CloseClimateAudit
AuditEvent = ClimateAuditOpened | ClimateAuditAnswered | ClimateAuditClosed


@dataclass(frozen=True)
class ClimateAuditState:
    opened: bool = False
    closed: bool = False
    group_id: str | None = None
    school_id: str | None = None
    sealed: frozenset[str] = frozenset()  # ballot ids


def _evolve(state: ClimateAuditState, event: AuditEvent) -> ClimateAuditState:
    match event:
        case ClimateAuditOpened():
            return ClimateAuditState(
                opened=True, group_id=event.group_id, school_id=event.school_id
            )
        case ClimateAuditAnswered():
            return replace(state, sealed=state.sealed | {event.ballot_id})
        case ClimateAuditClosed():
            return replace(state, closed=True)
    return state


def _require_leader(command: OpenClimateAudit | CloseClimateAudit, group_id: str | None) -> None:
    if is_tenant_admin(command.actor):
        return
    if group_id is not None and command.standing.group_leader:
        return
    raise NotAnAuditLeader()


def _open(command: OpenClimateAudit) -> list[AuditEvent]:
    tool = command.tool
    if tool.status is None:
        raise ArtefactNotFound(field="tool_artefact_id")
    if tool.kind is not ArtefactKind.CLIMATE_AUDIT_TOOL:
        raise NotAnAuditTool(field="tool_artefact_id")
    if tool.status is not ArtefactStatus.PUBLISHED:
        raise ArtefactNotPublished(field="tool_artefact_id")
    if (command.group_id is None) == (command.school_id is None):
        raise AuditNeedsOneScope(field="group_id")
    _require_leader(command, command.group_id)
    return [
        ClimateAuditOpened(
            audit_id=command.audit_id,
            author_id=command.actor.person_id,
            tool_artefact_id=tool.artefact_id,
            instrument_id=INSTRUMENT_ID,
            group_id=command.group_id,
            school_id=command.school_id,
        )
    ]


def _decide(state: ClimateAuditState, command: AuditCommand) -> Sequence[AuditEvent]:
    if isinstance(command, OpenClimateAudit):
        if state.opened:
            raise ClimateAuditAlreadyExists(field="audit_id")
        return _open(command)
    if not state.opened:
        raise ClimateAuditNotFound(field="audit_id")
    if isinstance(command, SealClimateAuditAnswers):
        fresh = [b for b in command.ballots if b.ballot_id not in state.sealed]
        if len(fresh) < command.at_least:
            return []
        return [
            ClimateAuditAnswered(audit_id=command.audit_id, ballot_id=b.ballot_id, scores=b.scores)
            for b in fresh
        ]
    _require_leader(command, state.group_id)
    if state.closed:
        raise ClimateAuditIsClosed()
    return [ClimateAuditClosed(audit_id=command.audit_id, author_id=command.actor.person_id)]


AUDIT_DECIDER: Decider[ClimateAuditState, AuditCommand, AuditEvent] = Decider(
    stream_type="climate_audit",
    initial_state=ClimateAuditState,
    decide=_decide,
    evolve=_evolve,
)


# --- the roll ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollState:
    answered: frozenset[str] = frozenset()  # person ids


def _evolve_roll(state: RollState, event: ClimateAuditParticipationRecorded) -> RollState:
    return RollState(answered=state.answered | {event.person_id})


def check_answers(answers: Sequence[ItemScore]) -> tuple[ItemScore, ...]:
    """The answers in the instrument's order, if they score every statement once, 1 to 5."""
    by_item = {a.item_id: a for a in answers}
    if len(by_item) != len(answers) or set(by_item) != {i.id for i in INSTRUMENT}:
        raise AnswersIncomplete(field="answers")
    if any(not MIN_SCORE <= a.score <= MAX_SCORE for a in answers):
        raise AnswersIncomplete(field="answers")
    return tuple(by_item[i.id] for i in INSTRUMENT)


def _eligible(command: AnswerClimateAudit) -> bool:
    audit, standing = command.audit, command.standing
    if is_tenant_admin(command.actor):
        return True
    if audit.group_id is not None:
        return standing.group_member
    return audit.school_id is not None and standing.school_id == audit.school_id


def _decide_roll(
    state: RollState, command: AnswerClimateAudit
) -> Sequence[ClimateAuditParticipationRecorded]:
    if not command.audit.opened:
        raise ClimateAuditNotFound(field="audit_id")
    if command.audit.closed:
        raise ClimateAuditIsClosed()
    if not _eligible(command):
        raise NotAnAuditParticipant()
    if command.actor.person_id in state.answered:
        raise AlreadyAnswered()
    check_answers(command.answers)
    return [
        ClimateAuditParticipationRecorded(
            audit_id=command.audit_id, person_id=command.actor.person_id
        )
    ]


ROLL_DECIDER: Decider[RollState, AnswerClimateAudit, ClimateAuditParticipationRecorded] = Decider(
    stream_type="climate_audit_roll",
    initial_state=RollState,
    decide=_decide_roll,
    evolve=_evolve_roll,
)
