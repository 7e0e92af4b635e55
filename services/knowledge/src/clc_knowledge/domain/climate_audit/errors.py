"""Every refusal of a climate audit, one class per named rule::

    RuleViolated
    ├── ClimateAuditAlreadyExists     an audit with this id was already opened
    ├── NotAnAuditTool                an audit runs a climate-for-learning audit tool artefact
    ├── AuditNeedsOneScope            an audit is of exactly one group or one school
    ├── ClimateAuditIsClosed          a closed audit takes no answers and is closed once
    ├── AlreadyAnswered               one answer per member
    └── AnswersIncomplete             every statement is scored, 1 to 5, once
    NotAuthorized
    ├── NotAnAuditLeader              a group's leaders (a school's: a tenant admin) open and close
    └── NotAnAuditParticipant         only members of the audited group or school answer
    NotFound
    └── ClimateAuditNotFound

A published tool is the artefact's rule (``ArtefactNotPublished``).
"""

from __future__ import annotations

from eventkit.errors import NotAuthorized, NotFound, RuleViolated

__all__ = [
    "AlreadyAnswered",
    "AnswersIncomplete",
    "AuditNeedsOneScope",
    "ClimateAuditAlreadyExists",
    "ClimateAuditIsClosed",
    "ClimateAuditNotFound",
    "NotAnAuditLeader",
    "NotAnAuditParticipant",
    "NotAnAuditTool",
]


class ClimateAuditAlreadyExists(RuleViolated):
    code = "CLIMATE_AUDIT_ALREADY_EXISTS"
    default_message = "A climate audit with this id already exists"


class NotAnAuditTool(RuleViolated):
    code = "NOT_AN_AUDIT_TOOL"
    default_message = "A climate audit runs a climate-for-learning audit tool artefact"


class AuditNeedsOneScope(RuleViolated):
    code = "AUDIT_NEEDS_ONE_SCOPE"
    default_message = "A climate audit is of exactly one learning group or one school"


class ClimateAuditIsClosed(RuleViolated):
    code = "CLIMATE_AUDIT_IS_CLOSED"
    default_message = "The climate audit is closed"


class AlreadyAnswered(RuleViolated):
    code = "ALREADY_ANSWERED"
    default_message = "You have already answered this climate audit (one answer per member)"


class AnswersIncomplete(RuleViolated):
    code = "ANSWERS_INCOMPLETE"
    default_message = "Score every statement of the audit once, from 1 to 5"


class NotAnAuditLeader(NotAuthorized):
    code = "NOT_AN_AUDIT_LEADER"
    default_message = (
        "Only the group's leaders (for a school: a tenant admin) open and close a climate audit"
    )


class NotAnAuditParticipant(NotAuthorized):
    code = "NOT_AN_AUDIT_PARTICIPANT"
    default_message = "Only members of the audited group or school answer its climate audit"


class ClimateAuditNotFound(NotFound):
    code = "CLIMATE_AUDIT_NOT_FOUND"
    default_message = "No such climate audit"
