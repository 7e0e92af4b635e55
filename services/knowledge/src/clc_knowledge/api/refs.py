"""The groups (and enquiry) services' entities, extended here: ``Practitioner``, ``LearningGroup``,
``Network``, ``Enquiry``.

Each is declared with the same key as in its owner and only the fields this service adds; a
gateway resolves the rest from the owner.
"""

from __future__ import annotations

import strawberry

from .audits import AuditsOfGroup
from .balance import BalanceOfGroup, BalanceOfNetwork
from .toolkits import ToolkitsOfGroup, ToolkitsOfNetwork

__all__ = ["Enquiry", "LearningGroup", "Network", "Practitioner"]


@strawberry.federation.type(keys=["id"], description="A practitioner (owned by groups)")
class Practitioner:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Practitioner:
        return cls(id=id)


@strawberry.federation.type(keys=["id"], description="A learning group (owned by groups)")
class LearningGroup(ToolkitsOfGroup, AuditsOfGroup, BalanceOfGroup):
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> LearningGroup:
        return cls(id=id)


@strawberry.federation.type(keys=["id"], description="A network of schools (owned by groups)")
class Network(ToolkitsOfNetwork, BalanceOfNetwork):
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Network:
        return cls(id=id)


@strawberry.federation.type(keys=["id"], description="An enquiry (owned by enquiry)")
class Enquiry:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Enquiry:
        return cls(id=id)
