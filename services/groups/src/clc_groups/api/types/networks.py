"""Networks: their plan, their partnerships with networks of other tenants, and the network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection

from clc_groups.api.context import Ctx
from clc_groups.api.enums import (
    LeadershipModel,
    LevelOfLearning,
    NetworkStatus,
)
from clc_groups.api.loaders import loaders
from clc_groups.api.paging import by_column, page_of

from .base import ID, load, optional_id
from .people import Practitioner, School, person

if TYPE_CHECKING:
    from .groups import LearningGroup

__all__ = ["Network", "NetworkPlanLevel", "PartnerNetwork", "Partnership"]

_GROUPS = "clc_groups.api.types.groups"


@strawberry.type(
    description="A network's plan for one level of learning: the focus, what it hopes to learn,"
    " the expected benefits and how it will know (baseline and success measures)."
)
class NetworkPlanLevel:
    level: LevelOfLearning
    focus: str
    hopes: str | None
    expected_benefits: str | None
    baseline: str | None
    success_measures: str | None

    @classmethod
    def of(cls, row: Any) -> NetworkPlanLevel:
        return cls(
            level=LevelOfLearning(row["level"]),
            focus=row["focus"],
            hopes=row["hopes"],
            expected_benefits=row["expected_benefits"],
            baseline=row["baseline"],
            success_measures=row["success_measures"],
        )


@strawberry.type(
    description="A network of another tenant, as it shares itself with its partners: a copy,"
    " not an entity of the reader's tenant."
)
class PartnerNetwork:
    tenant_id: ID
    id: ID
    name: str
    moral_purpose: str | None


@strawberry.type(description="A partnership with a network of another tenant (school system).")
class Partnership:
    partner_tenant_id: ID
    partner_network_id: ID
    active: bool = strawberry.field(
        description="Both networks' co-leaders have consented; false while awaiting the partner."
    )
    partner_network: PartnerNetwork | None = strawberry.field(
        description="What the partner network shares with its partners; null until active."
    )

    @classmethod
    def of(cls, row: Any) -> Partnership:
        tenant, network = ID(row["partner_tenant_id"]), ID(row["partner_network_id"])
        shared = (
            PartnerNetwork(
                tenant_id=tenant,
                id=network,
                name=row["partner_name"],
                moral_purpose=row["partner_purpose"],
            )
            if row["active"]
            else None
        )
        return cls(
            partner_tenant_id=tenant,
            partner_network_id=network,
            active=row["active"],
            partner_network=shared,
        )


@strawberry.federation.type(keys=["id"])
class Network:
    id: strawberry.ID
    name: str
    moral_purpose: str | None
    status: NetworkStatus
    founded_by_id: ID = strawberry.field(description="Who established the network.")
    has_shared_leadership: bool = strawberry.field(
        description="Shared leadership as the network's leadership model asks (by default"
        " co-leaders from at least two different member schools), as the domain decides it."
    )
    leadership_model: LeadershipModel = strawberry.field(
        description="The shared-leadership model the network's charter adopted (default"
        " CO_LEADERS)."
    )
    enquiry_practice: str | None = strawberry.field(
        description="How the network practises enquiry, as its charter states it."
    )
    current_lead_by_id: ID | None = strawberry.field(
        description="Under rotating leadership, the co-leader whose turn it is to lead."
    )

    @classmethod
    def of(cls, row: Any) -> Network:
        return cls(
            id=strawberry.ID(row["network_id"]),
            name=row["name"],
            moral_purpose=row["moral_purpose"],
            status=NetworkStatus(row["status"]),
            founded_by_id=ID(row["founder_id"]),
            has_shared_leadership=row["has_shared_leadership"],
            leadership_model=LeadershipModel(row["leadership_model"]),
            enquiry_practice=row["enquiry_practice"],
            current_lead_by_id=optional_id(row["current_lead_id"]),
        )

    @strawberry.field
    async def founded_by(self, info: Ctx) -> Practitioner | None:
        return await person(info, self.founded_by_id)

    @strawberry.field
    async def current_lead_by(self, info: Ctx) -> Practitioner | None:
        if self.current_lead_by_id is None:
            return None
        return await person(info, self.current_lead_by_id)

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Network | None:
        return await load(info, "network", id, Network.of)

    @strawberry.field
    async def schools(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[School]:
        rows = await loaders(info).network_schools.load(self.id)
        return page_of(rows, first, after, by_column("school_id"), School.of)

    @strawberry.field
    async def co_leaders(self, info: Ctx) -> list[Practitioner]:
        return [Practitioner.of(r) for r in await loaders(info).co_leaders.load(self.id)]

    @strawberry.field
    async def partnerships(self, info: Ctx) -> list[Partnership]:
        """Partnerships with networks of other tenants this network has consented to."""
        return [Partnership.of(r) for r in await loaders(info).partnerships.load(self.id)]

    @strawberry.field
    async def plan(self, info: Ctx) -> list[NetworkPlanLevel]:
        """The network plan across the six levels of learning (the levels set so far, pupil
        first)."""
        return [NetworkPlanLevel.of(r) for r in await loaders(info).network_plan.load(self.id)]

    @strawberry.field
    async def partners(self, info: Ctx) -> list[Practitioner]:
        """People of organisations (local authority, university, charity, company, national
        body) who stand beside the co-leaders; shared leadership still counts schools."""
        return [Practitioner.of(r) for r in await loaders(info).network_partners.load(self.id)]

    @strawberry.field
    async def learning_groups(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Annotated[LearningGroup, strawberry.lazy(_GROUPS)]]:
        from .groups import LearningGroup

        rows = await loaders(info).network_groups.load(self.id)
        return page_of(rows, first, after, by_column("group_id"), LearningGroup.of)
