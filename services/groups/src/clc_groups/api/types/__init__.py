"""The federated entities and their nested fields.

Entity objects are built from read-model rows. Fields that only read the object are plain; fields
that need another read go through the request's DataLoaders (``loaders``), so N parents cost one
query per field, read under the caller's tenant. ``resolve_reference`` is a DataLoader too: a
gateway's ``_entities`` call with N representations of a type is one query.

The types live in ``people`` (schools, organisations, practitioners), ``networks`` (networks,
their plans and partnerships), ``groups`` (learning groups, members, ground rules) and
``sessions`` (sessions, activities, who is in the room); they are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clc_groups.api.context import Ctx

from .base import load
from .groups import GroundRules, LearningGroup, Member
from .networks import Network, NetworkPlanLevel, PartnerNetwork, Partnership
from .people import Organisation, Practitioner, School
from .sessions import Activity, Session, in_the_room
from .sessions import session_order as _session_order  # noqa: F401 (its old name, for tests)

__all__ = [
    "Activity",
    "GroundRules",
    "LearningGroup",
    "Member",
    "Network",
    "NetworkPlanLevel",
    "Organisation",
    "PartnerNetwork",
    "Partnership",
    "Practitioner",
    "School",
    "Session",
    "in_the_room",
    "load_entity",
    "register_entity",
]


async def load_entity(info: Ctx, entity: str, entity_id: str) -> Any:
    """The entity ``entity`` with this id, or None (absent, or another tenant's)."""
    return await load(info, entity, entity_id, _BUILDERS[entity])


_BUILDERS: dict[str, Any] = {
    "school": School.of,
    "organisation": Organisation.of,
    "practitioner": Practitioner.of,
    "network": Network.of,
    "learning_group": LearningGroup.of,
}


def register_entity(entity: str, build: Callable[[Any], Any]) -> None:
    """An entity defined in another module of the API (e.g. ``Programme``) makes itself
    loadable by ``load_entity`` (queries by id, mutation payloads)."""
    _BUILDERS[entity] = build
