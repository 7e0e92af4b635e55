"""Schools, organisations and practitioners: who takes part, and where they work."""

from __future__ import annotations

from typing import Any

import strawberry
from servicekit.pagination import Connection
from servicekit.privacy import AuditAction

from clc_groups.api.context import Ctx
from clc_groups.api.enums import (
    OrganisationKind,
    PractitionerRole,
    PractitionerStatus,
)
from clc_groups.api.loaders import loaders
from clc_groups.api.paging import by_column, page_of

from .base import ID, load, optional_id

__all__ = ["Organisation", "Practitioner", "School", "person", "workplace"]


async def person(info: Ctx, practitioner_id: str) -> Practitioner | None:
    return await load(info, "practitioner", practitioner_id, Practitioner.of)


@strawberry.federation.type(keys=["id"])
class School:
    id: strawberry.ID
    name: str
    identifier: str | None
    source_id: ID | None = strawberry.field(
        description="The school's ``sourcedId`` in the school system's roster (OneRoster)."
    )

    @classmethod
    def of(cls, row: Any) -> School:
        return cls(
            id=strawberry.ID(row["school_id"]),
            name=row["name"],
            identifier=row["identifier"],
            source_id=row["source_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> School | None:
        return await load(info, "school", id, School.of)

    @strawberry.field
    async def practitioners(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Practitioner]:
        rows = await loaders(info).school_practitioners.load(self.id)
        return page_of(rows, first, after, by_column("practitioner_id"), Practitioner.of)


@strawberry.federation.type(keys=["id"])
class Organisation:
    """A non-school body (local authority, university, charity, company, national body) whose
    people take part as network partners, facilitators, co-tutors and members."""

    id: strawberry.ID
    name: str
    kind: OrganisationKind
    source_id: ID | None = strawberry.field(
        description="The organisation's ``sourcedId`` in the school system's roster (OneRoster)."
    )

    @classmethod
    def of(cls, row: Any) -> Organisation:
        return cls(
            id=strawberry.ID(row["organisation_id"]),
            name=row["name"],
            kind=OrganisationKind(row["kind"]),
            source_id=row["source_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Organisation | None:
        return await load(info, "organisation", id, Organisation.of)

    @strawberry.field
    async def practitioners(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Practitioner]:
        rows = await loaders(info).organisation_practitioners.load(self.id)
        return page_of(rows, first, after, by_column("practitioner_id"), Practitioner.of)


_WORKPLACE = (
    "Where they work: a school's id, or for staff of an organisation the organisation's id."
    " Prefer ``school``/``worksAtSchoolId`` and ``organisation``/``organisationId``."
)


def workplace(row: Any) -> str:
    """The id a non-null ``schoolId`` shows: the school, else the organisation (kept non-null so
    existing clients do not break)."""
    return str(row["school_id"] if row["school_id"] is not None else row["organisation_id"])


@strawberry.federation.type(keys=["id"])
class Practitioner:
    id: strawberry.ID
    display_name: str
    given_name: str | None
    family_name: str | None
    stored_email: strawberry.Private[str | None]
    role: PractitionerRole
    status: PractitionerStatus
    school_id: ID = strawberry.field(description=_WORKPLACE)
    works_at_school_id: ID | None = strawberry.field(
        description="The school they work at; null for staff of an organisation."
    )
    organisation_id: ID | None = strawberry.field(
        description="The organisation they work at; null for staff of a school."
    )

    @classmethod
    def of(cls, row: Any) -> Practitioner:
        return cls(
            id=strawberry.ID(row["practitioner_id"]),
            display_name=row["display_name"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            stored_email=row["email"],
            role=PractitionerRole(row["role"]),
            status=PractitionerStatus(row["status"]),
            school_id=ID(workplace(row)),
            works_at_school_id=optional_id(row["school_id"]),
            organisation_id=optional_id(row["organisation_id"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Practitioner | None:
        return await load(info, "practitioner", id, Practitioner.of)

    @strawberry.field
    async def school(self, info: Ctx) -> School | None:
        if self.works_at_school_id is None:
            return None
        return await load(info, "school", self.works_at_school_id, School.of)

    @strawberry.field
    async def organisation(self, info: Ctx) -> Organisation | None:
        if self.organisation_id is None:
            return None
        return await load(info, "organisation", self.organisation_id, Organisation.of)

    @strawberry.field
    async def email(self, info: Ctx) -> str | None:
        """Seen by tenant admins and the practitioner themself; null for anyone else. An
        admin's reading of someone else's is recorded in the audit log of personal data."""
        visibility = info.context.commands.visibility
        if not visibility.may_see_email(info.context.principal, self.id):
            return None
        if self.stored_email is not None and info.context.principal.person_id != self.id:
            from clc_groups.api.privacy import audit  # privacy builds its types from these

            await audit(info, str(self.id), AuditAction.EMAIL_READ)
        return self.stored_email
