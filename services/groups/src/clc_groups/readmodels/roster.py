"""Read models of schools, organisations and practitioners, including erasure of a
practitioner's name."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection
from servicekit.crypto import destroy_key

from clc_groups.application.sealing import subject_of
from clc_groups.domain import (
    OrganisationRegistered,
    OrganisationUpdated,
    PractitionerDeactivated,
    PractitionerErased,
    PractitionerRegistered,
    PractitionerStatus,
    SchoolRegistered,
    SchoolUpdated,
)

from .base import GroupsProjection, Handler

__all__ = ["RosterProjection"]


class RosterProjection(GroupsProjection):
    name = "groups.roster"
    tables = ("gr_schools", "gr_organisations", "gr_practitioners")

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        return {
            SchoolRegistered: self._school_registered,
            SchoolUpdated: self._school_updated,
            OrganisationRegistered: self._organisation_registered,
            OrganisationUpdated: self._organisation_updated,
            PractitionerRegistered: self._practitioner_registered,
            PractitionerDeactivated: self._practitioner_deactivated,
            PractitionerErased: self._practitioner_erased,
        }

    async def _school_registered(
        self, conn: ProjectionConnection, tenant: str, event: SchoolRegistered
    ) -> None:
        await conn.execute(
            "insert into gr_schools (tenant_id, school_id, name, identifier, source_id)"
            " values ($1, $2, $3, $4, $5) on conflict (tenant_id, school_id) do update"
            " set name = excluded.name, identifier = excluded.identifier,"
            " source_id = excluded.source_id",
            tenant,
            event.school_id,
            event.name,
            event.identifier,
            event.source_id,
        )

    async def _school_updated(
        self, conn: ProjectionConnection, tenant: str, event: SchoolUpdated
    ) -> None:
        await conn.execute(
            "update gr_schools set name = $3, identifier = $4"
            " where tenant_id = $1 and school_id = $2",
            tenant,
            event.school_id,
            event.name,
            event.identifier,
        )

    async def _organisation_registered(
        self, conn: ProjectionConnection, tenant: str, event: OrganisationRegistered
    ) -> None:
        await conn.execute(
            "insert into gr_organisations (tenant_id, organisation_id, name, kind, source_id)"
            " values ($1, $2, $3, $4, $5) on conflict (tenant_id, organisation_id) do update"
            " set name = excluded.name, kind = excluded.kind, source_id = excluded.source_id",
            tenant,
            event.organisation_id,
            event.name,
            event.kind.value,
            event.source_id,
        )

    async def _organisation_updated(
        self, conn: ProjectionConnection, tenant: str, event: OrganisationUpdated
    ) -> None:
        await conn.execute(
            "update gr_organisations set name = $3, kind = $4"
            " where tenant_id = $1 and organisation_id = $2",
            tenant,
            event.organisation_id,
            event.name,
            event.kind.value,
        )

    async def _practitioner_registered(
        self, conn: ProjectionConnection, tenant: str, event: PractitionerRegistered
    ) -> None:
        await conn.execute(
            "insert into gr_practitioners (tenant_id, practitioner_id, school_id,"
            " given_name, family_name, display_name, email, role, status, source_id,"
            " organisation_id)"
            " values ($1, $2, $3, $4, $5, trim($4 || ' ' || $5), $6, $7, $8, $9, $10)"
            " on conflict (tenant_id, practitioner_id) do nothing",
            tenant,
            event.practitioner_id,
            event.school_id,
            event.given_name,
            event.family_name,
            event.email,
            event.role.value,
            PractitionerStatus.ACTIVE.value,
            event.source_id,
            event.organisation_id,
        )

    async def _practitioner_deactivated(
        self, conn: ProjectionConnection, tenant: str, event: PractitionerDeactivated
    ) -> None:
        await conn.execute(
            "update gr_practitioners set status = $3 where tenant_id = $1 and practitioner_id = $2",
            tenant,
            event.practitioner_id,
            PractitionerStatus.DEACTIVATED.value,
        )

    async def _practitioner_erased(
        self, conn: ProjectionConnection, tenant: str, event: PractitionerErased
    ) -> None:
        # Names live only here (other read models join on the id), so this one update removes
        # the person's name from every read model of the service. Destroying the key here too,
        # in the transaction that applies the erasure, makes sure it is gone even if the
        # service stopped between appending the event and destroying it (``sealing``).
        await destroy_key(conn, tenant, subject_of({"practitioner_id": event.practitioner_id}))
        await conn.execute(
            "update gr_practitioners set given_name = null, family_name = null,"
            " email = null, display_name = $3, status = $4"
            " where tenant_id = $1 and practitioner_id = $2",
            tenant,
            event.practitioner_id,
            event.replacement_name,
            PractitionerStatus.ERASED.value,
        )
