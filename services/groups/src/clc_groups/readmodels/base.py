"""What the groups projections share: servicekit's typed projection over the groups' events."""

from __future__ import annotations

from eventkit.registry import EventRegistry
from servicekit.projections import TypedProjection

from clc_groups.domain import EVENT_TYPES

__all__ = ["GroupsProjection"]


class GroupsProjection(TypedProjection):
    """Base of the groups read models; decodes with the groups' event registry by default."""

    name = "groups"

    def __init__(self, registry: EventRegistry | None = None) -> None:
        super().__init__(registry or EventRegistry(EVENT_TYPES))
