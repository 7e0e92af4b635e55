"""The groups read models: tables (with row-level security) and their projections."""

from __future__ import annotations

from eventkit.projection import Projection
from eventkit.registry import EventRegistry
from servicekit.crypto import KeyEncryptionKeys

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


def projections(
    registry: EventRegistry | None = None, keks: KeyEncryptionKeys | None = None
) -> list[Projection]:
    """``keks`` open the sealed personal fields (the roster needs them; see ``base``)."""
    return [
        RosterProjection(registry, keks),
        NetworksProjection(registry, keks),
        LearningGroupsProjection(registry, keks),
        ParticipationProjection(registry, keks),
        ProgrammesProjection(registry, keks),
    ]
