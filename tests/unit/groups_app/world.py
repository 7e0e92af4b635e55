"""A small world for application-layer tests: the use cases over an in-memory event store, the
cast of principals, and shortcuts that build up a tenant's roster, a network and a group."""

from __future__ import annotations

from dataclasses import dataclass

from clc_groups.application import GroupsCommands
from clc_groups.domain import GROUP_LEAD, NETWORK_LEAD, TENANT_ADMIN
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

TENANT = "tenant-a"
OTHER_TENANT = "tenant-b"


def principal(person: str, *roles: str, tenant: str = TENANT) -> Principal:
    return Principal(tenant_id=tenant, person_id=person, roles=frozenset(roles))


ADMIN = principal("admin", TENANT_ADMIN)
OTHER_ADMIN = principal("admin-b", TENANT_ADMIN, tenant=OTHER_TENANT)
FAY = principal("fay", NETWORK_LEAD)
GINA = principal("gina", GROUP_LEAD)


@dataclass
class World:
    store: InMemoryEventStore
    app: GroupsCommands

    async def roster(self) -> None:
        """Schools A, B, C; alice and carol at A, bob at B, erin at C."""
        for school in ("school-a", "school-b", "school-c"):
            await self.app.schools.register(ADMIN, school_id=school, name=school.upper())
        for person, school in (
            ("alice", "school-a"),
            ("carol", "school-a"),
            ("bob", "school-b"),
            ("erin", "school-c"),
        ):
            await self.app.practitioners.register(
                ADMIN,
                practitioner_id=person,
                school_id=school,
                given_name=person.title(),
                family_name="Example",
                role="teacher",
            )

    async def network_of_a_and_b(self) -> None:
        nets = self.app.networks
        await nets.establish(FAY, network_id="net-1", name="North")
        await nets.join(FAY, network_id="net-1", school_id="school-a")
        await nets.join(FAY, network_id="net-1", school_id="school-b")
        await nets.appoint_co_leader(FAY, network_id="net-1", practitioner_id="alice")
        await nets.appoint_co_leader(FAY, network_id="net-1", practitioner_id="bob")


def a_world() -> World:
    store = InMemoryEventStore()
    return World(store, GroupsCommands(store))
