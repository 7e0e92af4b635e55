"""The roster as the import understands it: OneRoster 1.2 vocabularies and the parsed rows.

Only what the groups domain needs survives parsing. Orgs of type ``school`` become schools; district
and local orgs become organisations of kind local authority, state and national orgs national
bodies, and the OneRoster extension types ``ext:university``, ``ext:charity`` and ``ext:company``
universities, charities and companies (``ORGANISATION_KINDS``). Department orgs are kept only so
roles and parents may refer to them. Users become ``StaffMember`` only when one of their roles is a
staff role; the rows of pupils, guardians, parents and relatives are dropped as soon as their
role is known and leave nothing behind but a count per role.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from clc_groups.domain import OrganisationKind, PractitionerRole

__all__ = [
    "ORGANISATION_KINDS",
    "STAFF_ROLES",
    "Org",
    "OrgType",
    "Role",
    "RoleName",
    "RoleType",
    "Roster",
    "StaffMember",
    "Status",
]


class Status(StrEnum):
    ACTIVE = "active"
    TO_BE_DELETED = "tobedeleted"


class OrgType(StrEnum):
    DEPARTMENT = "department"
    SCHOOL = "school"
    DISTRICT = "district"
    LOCAL = "local"
    STATE = "state"
    NATIONAL = "national"
    UNIVERSITY = "ext:university"
    CHARITY = "ext:charity"
    COMPANY = "ext:company"


ORGANISATION_KINDS: dict[OrgType, OrganisationKind] = {
    OrgType.DISTRICT: OrganisationKind.LOCAL_AUTHORITY,
    OrgType.LOCAL: OrganisationKind.LOCAL_AUTHORITY,
    OrgType.STATE: OrganisationKind.NATIONAL_BODY,
    OrgType.NATIONAL: OrganisationKind.NATIONAL_BODY,
    OrgType.UNIVERSITY: OrganisationKind.UNIVERSITY,
    OrgType.CHARITY: OrganisationKind.CHARITY,
    OrgType.COMPANY: OrganisationKind.COMPANY,
}
"""Non-school org types whose staff are kept, and the organisation kind each becomes."""


class RoleType(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class RoleName(StrEnum):
    """OneRoster 1.2 ``RoleEnum``, plus 1.1's ``administrator`` which exports still carry."""

    ADMINISTRATOR = "administrator"
    AIDE = "aide"
    COUNSELOR = "counselor"
    DISTRICT_ADMINISTRATOR = "districtAdministrator"
    GUARDIAN = "guardian"
    PARENT = "parent"
    PRINCIPAL = "principal"
    PROCTOR = "proctor"
    RELATIVE = "relative"
    SITE_ADMINISTRATOR = "siteAdministrator"
    STUDENT = "student"
    SYSTEM_ADMINISTRATOR = "systemAdministrator"
    TEACHER = "teacher"


STAFF_ROLES: dict[RoleName, PractitionerRole] = {
    RoleName.PRINCIPAL: PractitionerRole.HEAD_TEACHER,
    RoleName.TEACHER: PractitionerRole.TEACHER,
    RoleName.AIDE: PractitionerRole.TEACHER,
    RoleName.PROCTOR: PractitionerRole.TEACHER,
    RoleName.ADMINISTRATOR: PractitionerRole.OFFICER,
    RoleName.SITE_ADMINISTRATOR: PractitionerRole.OFFICER,
    RoleName.DISTRICT_ADMINISTRATOR: PractitionerRole.OFFICER,
    RoleName.SYSTEM_ADMINISTRATOR: PractitionerRole.OFFICER,
    RoleName.COUNSELOR: PractitionerRole.OFFICER,
}
"""Staff roles and the practitioner role each becomes; every other role is not staff."""

_PRECEDENCE = list(STAFF_ROLES)
"""When a person holds several staff roles, the first in this order names them."""


@dataclass(frozen=True)
class Org:
    line: int
    source_id: str
    status: Status
    name: str
    type: OrgType
    identifier: str | None
    parent_source_id: str | None


@dataclass(frozen=True)
class Role:
    line: int
    source_id: str
    status: Status
    role_type: RoleType
    role: RoleName
    user_source_id: str
    org_source_id: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


@dataclass(frozen=True)
class StaffMember:
    """A user with at least one staff role; the only kind of user whose data is kept."""

    line: int
    source_id: str
    status: Status
    given_name: str
    family_name: str
    email: str | None
    identifier: str | None
    primary_org: str | None


@dataclass(frozen=True)
class Roster:
    orgs: tuple[Org, ...]
    staff: tuple[StaffMember, ...]
    roles: tuple[Role, ...]
    """Staff roles only."""
    skipped_non_staff: dict[str, int]

    @property
    def schools(self) -> tuple[Org, ...]:
        return tuple(o for o in self.orgs if o.type is OrgType.SCHOOL)

    @property
    def organisations(self) -> tuple[Org, ...]:
        """The orgs that are organisations (see ``ORGANISATION_KINDS``)."""
        return tuple(o for o in self.orgs if o.type in ORGANISATION_KINDS)

    def placement(self, member: StaffMember) -> tuple[str, PractitionerRole] | None:
        """The school (its ``sourcedId``) and practitioner role of a member of staff, from their
        active staff roles at schools: the primary role first, then ``primaryOrg``, then the
        most senior role. ``None`` when they hold no active role at a school."""
        return self._best(member, self._school_roles.get(member.source_id))

    def organisation_placement(self, member: StaffMember) -> tuple[str, PractitionerRole] | None:
        """Like ``placement``, among active staff roles at organisations: for staff with no
        active role at a school (a local authority officer, a university tutor)."""
        return self._best(member, self._organisation_roles.get(member.source_id))

    def _best(
        self, member: StaffMember, mine: list[Role] | None
    ) -> tuple[str, PractitionerRole] | None:
        if not mine:
            return None
        best = min(
            mine,
            key=lambda r: (
                r.role_type is not RoleType.PRIMARY,
                r.org_source_id != member.primary_org,
                _PRECEDENCE.index(r.role),
                r.line,
            ),
        )
        return best.org_source_id, STAFF_ROLES[best.role]

    @cached_property
    def _school_roles(self) -> dict[str, list[Role]]:
        return self._roles_at(self.schools)

    @cached_property
    def _organisation_roles(self) -> dict[str, list[Role]]:
        return self._roles_at(self.organisations)

    def _roles_at(self, orgs: tuple[Org, ...]) -> dict[str, list[Role]]:
        org_ids = {o.source_id for o in orgs if o.status is Status.ACTIVE}
        by_user: dict[str, list[Role]] = defaultdict(list)
        for r in self.roles:
            if r.status is Status.ACTIVE and r.org_source_id in org_ids:
                by_user[r.user_source_id].append(r)
        return by_user
