"""The groups read models: tables (with row-level security) and their projections."""

from __future__ import annotations

from eventkit.projection import Projection
from eventkit.registry import EventRegistry

from .base import GroupsProjection
from .learning_groups import LearningGroupsProjection
from .networks import NetworksProjection
from .participation import ParticipationProjection
from .programmes import ProgrammesProjection
from .roster import RosterProjection
from .schema import READ_MODEL_MIGRATIONS, READ_MODEL_TABLES

__all__ = [
    "READ_MODEL_MIGRATIONS",
    "READ_MODEL_TABLES",
    "GroupsProjection",
    "LearningGroupsProjection",
    "NetworksProjection",
    "ParticipationProjection",
    "ProgrammesProjection",
    "RosterProjection",
    "projections",
]


def projections(registry: EventRegistry | None = None) -> list[Projection]:
    return [
        RosterProjection(registry),
        NetworksProjection(registry),
        LearningGroupsProjection(registry),
        ParticipationProjection(registry),
        ProgrammesProjection(registry),
    ]
