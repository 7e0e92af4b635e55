"""A small world for application-layer tests: the use cases over an in-memory event store and an
in-memory membership model (a fake, filled like the groups service's events would fill the real
one), the cast of principals, and shortcuts that bring an enquiry to a given point."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from clc_enquiry.application import EnquiryService
from clc_enquiry.domain import TENANT_ADMIN, GroupMembership
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

TENANT = "tenant-a"
OTHER_TENANT = "tenant-b"
GROUP = "group-1"
NETWORK = "network-1"


def principal(person: str, *roles: str, tenant: str = TENANT) -> Principal:
    return Principal(tenant_id=tenant, person_id=person, roles=frozenset(roles))


LEA = principal("lea")  # co-leader of GROUP, at school oak
FAY = principal("fay")  # facilitator of GROUP, at school elm
MO = principal("mo")  # member of GROUP, at school oak
NED = principal("ned")  # no member of anything, at school ash
ADMIN = principal("admin", TENANT_ADMIN)
OTHER_TENANT_LEA = principal("lea", tenant=OTHER_TENANT)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class FakeMembership:
    """``MembershipLookup`` in memory: groups by (tenant, id) and schools by (tenant, person)."""

    groups: dict[tuple[str, str], GroupMembership] = field(default_factory=dict)
    schools: dict[tuple[str, str], str] = field(default_factory=dict)
    network_co_leaders: set[tuple[str, str, str]] = field(default_factory=set)
    partnered: set[tuple[str, str]] = field(default_factory=set)  # (tenant, network)
    cohorts: dict[tuple[str, str], str | None] = field(default_factory=dict)  # → cohort group

    async def membership_of(self, tenant_id: str, group_id: str) -> GroupMembership | None:
        return self.groups.get((tenant_id, group_id))

    async def school_of(self, tenant_id: str, practitioner_id: str) -> str | None:
        return self.schools.get((tenant_id, practitioner_id))

    async def co_leads_network(self, tenant_id: str, network_id: str, person_id: str) -> bool:
        return (tenant_id, network_id, person_id) in self.network_co_leaders

    async def is_partnered(self, tenant_id: str, network_id: str) -> bool:
        return (tenant_id, network_id) in self.partnered

    async def cohort_group_of(self, tenant_id: str, cohort_id: str) -> tuple[bool, str | None]:
        key = (tenant_id, cohort_id)
        return (key in self.cohorts, self.cohorts.get(key))

    def form(
        self,
        group_id: str,
        *,
        tenant: str = TENANT,
        network_id: str | None = None,
        leaders: tuple[str, ...] = (),
        members: tuple[str, ...] = (),
    ) -> None:
        self.groups[(tenant, group_id)] = GroupMembership(
            group_id=group_id,
            network_id=network_id,
            member_ids=frozenset(leaders + members),
            leader_ids=frozenset(leaders),
        )

    def leave(self, group_id: str, person: str, *, tenant: str = TENANT) -> None:
        g = self.groups[(tenant, group_id)]
        self.groups[(tenant, group_id)] = g.model_copy(
            update={"member_ids": g.member_ids - {person}, "leader_ids": g.leader_ids - {person}}
        )


@dataclass
class World:
    store: InMemoryEventStore
    membership: FakeMembership
    app: EnquiryService

    async def an_enquiry(self, *, launched: bool = True) -> str:
        enquiry_id = new_id()
        await self.app.enquiries.propose(
            LEA,
            enquiry_id=enquiry_id,
            group_id=GROUP,
            title="Questioning in maths",
            question="How do open questions change pupils' reasoning?",
            approach="collaborative_enquiry",
            levels=["pupil", "adult"],
        )
        if launched:
            await self.app.enquiries.launch(LEA, enquiry_id=enquiry_id)
        return enquiry_id

    async def a_cycle(self, enquiry_id: str) -> str:
        cycle_id = new_id()
        await self.app.enquiries.start_cycle(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id)
        return cycle_id

    async def advance(self, enquiry_id: str, cycle_id: str, to_phase: str) -> None:
        await self.app.enquiries.advance_phase(
            LEA, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase=to_phase
        )

    async def a_completed_cycle(self, enquiry_id: str) -> str:
        e = self.app.enquiries
        cycle_id = await self.a_cycle(enquiry_id)
        await e.record_experience(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="We tried it"
        )
        await self.advance(enquiry_id, cycle_id, "reflection")
        await e.record_reflection(
            FAY, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="It worked"
        )
        await self.advance(enquiry_id, cycle_id, "new_ideas")
        await e.propose_idea(
            MO,
            enquiry_id=enquiry_id,
            cycle_id=cycle_id,
            entry_id=new_id(),
            text="Wait time",
            knowledge_field="practitioner",
        )
        await self.advance(enquiry_id, cycle_id, "planned_action")
        await e.plan_action(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), description="Try it"
        )
        await e.complete_cycle(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id)
        return cycle_id


def a_world(*, pupil_data_tenants: frozenset[str] = frozenset()) -> World:
    store = InMemoryEventStore()
    membership = FakeMembership()
    membership.form(GROUP, network_id=NETWORK, leaders=("lea", "fay"), members=("mo",))
    membership.schools.update(
        {
            (TENANT, "lea"): "oak",
            (TENANT, "fay"): "elm",
            (TENANT, "mo"): "oak",
            (TENANT, "ned"): "ash",
        }
    )
    app = EnquiryService(store, membership, pupil_data_tenants=pupil_data_tenants)
    return World(store, membership, app)
