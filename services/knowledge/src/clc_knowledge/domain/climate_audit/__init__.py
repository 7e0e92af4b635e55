"""The ClimateAudit aggregate (climate for learning and relational trust), a package:
``instrument`` (the fixed statements), ``messages`` (commands and events), ``errors``, ``decide``
(the audit's decider and its roll's).

Results are shown only in aggregate and only from ``RESULTS_THRESHOLD`` respondents; answers are
sealed onto the audit's stream in shuffled batches of at least ``SEAL_BATCH``.
"""

from __future__ import annotations

from .decide import AUDIT_DECIDER, ROLL_DECIDER, ClimateAuditState, RollState, check_answers
from .instrument import INSTRUMENT, INSTRUMENT_ID, Dimension, Item
from .messages import (
    AnswerClimateAudit,
    AuditFact,
    Ballot,
    ClimateAuditAnswered,
    ClimateAuditClosed,
    ClimateAuditOpened,
    ClimateAuditParticipationRecorded,
    CloseClimateAudit,
    ItemScore,
    OpenClimateAudit,
    SealClimateAuditAnswers,
    ToolFact,
    roll_id,
)

__all__ = [
    "AUDIT_DECIDER",
    "CLIMATE_AUDIT_EVENT_TYPES",
    "INSTRUMENT",
    "INSTRUMENT_ID",
    "RESULTS_THRESHOLD",
    "ROLL_DECIDER",
    "SEAL_BATCH",
    "AnswerClimateAudit",
    "AuditFact",
    "Ballot",
    "ClimateAuditAnswered",
    "ClimateAuditClosed",
    "ClimateAuditOpened",
    "ClimateAuditParticipationRecorded",
    "ClimateAuditState",
    "CloseClimateAudit",
    "Dimension",
    "Item",
    "ItemScore",
    "OpenClimateAudit",
    "RollState",
    "SealClimateAuditAnswers",
    "ToolFact",
    "check_answers",
    "results_shown",
    "roll_id",
]

#: results appear only from this many respondents (below it: no figures, and why)
RESULTS_THRESHOLD = 5
#: answers reach the event store only in batches of at least this many (until the audit closes)
SEAL_BATCH = RESULTS_THRESHOLD

CLIMATE_AUDIT_EVENT_TYPES = (
    ClimateAuditOpened,
    ClimateAuditAnswered,
    ClimateAuditClosed,
    ClimateAuditParticipationRecorded,
)


def results_shown(respondents: int) -> bool:
    return respondents >= RESULTS_THRESHOLD
