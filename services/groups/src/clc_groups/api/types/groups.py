"""Learning groups with their members and ground rules (sessions and activities: ``sessions``)."""

from __future__ import annotations

from typing import Any

import strawberry
from servicekit.pagination import Connection

from clc_groups.api.context import Ctx
from clc_groups.api.enums import (
    GroupKind,
    LearningGroupStatus,
    MemberRole,
)
from clc_groups.api.loaders import loaders
from clc_groups.api.paging import by_column, page_of
from clc_groups.api.participation import Participation, participation

from .base import ID, load, optional_id
from .networks import Network
from .people import Organisation, Practitioner, School, person, workplace
from .sessions import Activity, Session, activity_order, in_the_room, session_order

__all__ = ["GroundRules", "LearningGroup", "Member"]


@strawberry.type
class Member:
    role: MemberRole
    practitioner_id: ID
    school_id: ID = strawberry.field(
        description="The school the member joined the group from; for a member from an"
        " organisation, the organisation's id (prefer ``fromSchoolId``/``organisationId``)."
    )
    from_school_id: ID | None = strawberry.field(
        description="The school the member joined from; null for a member from an organisation."
    )
    organisation_id: ID | None = strawberry.field(
        description="The organisation the member joined from; null for a member from a school."
    )

    @classmethod
    def of(cls, row: Any) -> Member:
        return cls(
            role=MemberRole(row["role"]),
            school_id=ID(workplace(row)),
            from_school_id=optional_id(row["school_id"]),
            organisation_id=optional_id(row["organisation_id"]),
            practitioner_id=ID(row["practitioner_id"]),
        )

    @strawberry.field
    async def organisation(self, info: Ctx) -> Organisation | None:
        if self.organisation_id is None:
            return None
        return await load(info, "organisation", self.organisation_id, Organisation.of)

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        return await person(info, self.practitioner_id)

    @strawberry.field
    async def school(self, info: Ctx) -> School | None:
        if self.from_school_id is None:
            return None
        return await load(info, "school", self.from_school_id, School.of)


@strawberry.type
class GroundRules:
    """A version of a group's ground rules. Consent, not decree: each member agrees by their own
    act, and the version is in force (``agreed``) once every active member has agreed it, or the
    quorum the group set when it formed."""

    version: int
    text: str
    agreed: bool = strawberry.field(
        description="In force: the group's consent was reached (every active member, or the"
        " quorum)."
    )
    withdrawn: bool = strawberry.field(
        description="A leader withdrew this proposal before it came into force."
    )
    group_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> GroundRules:
        return cls(
            version=row["version"],
            text=row["text"],
            agreed=row["agreed"],
            withdrawn=row["withdrawn"],
            group_id=row["group_id"],
        )

    @strawberry.field
    async def members_who_agreed(self, info: Ctx) -> list[Practitioner]:
        """The current members who have agreed this version, each by their own act."""
        return [Practitioner.of(r) for r in await self._agreed_rows(info)]

    @strawberry.field
    async def members_not_yet_agreed(self, info: Ctx) -> list[Practitioner]:
        """The current members who have not (yet) agreed this version, e.g. someone who joined
        after it came into force."""
        agreed = {r["practitioner_id"] for r in await self._agreed_rows(info)}
        members = await loaders(info).group_members.load(self.group_id)
        found = [
            await person(info, m["practitioner_id"])
            for m in members
            if m["practitioner_id"] not in agreed
        ]
        return [p for p in found if p is not None]

    async def _agreed_rows(self, info: Ctx) -> list[Any]:
        rows = await loaders(info).ground_rules_agreements.load(self.group_id)
        members = {
            m["practitioner_id"] for m in await loaders(info).group_members.load(self.group_id)
        }
        return [
            r
            for r in rows
            if r["agreed_version"] == self.version and r["practitioner_id"] in members
        ]


@strawberry.federation.type(keys=["id"])
class LearningGroup:
    id: strawberry.ID
    name: str
    kind: GroupKind
    status: LearningGroupStatus
    founded_by_id: ID = strawberry.field(description="Who formed the group.")
    ground_rules_version: int
    ground_rules_agreed: bool
    ground_rules_in_force_version: int | None = strawberry.field(
        description="The version of the ground rules in force (agreed by the group), if any."
    )
    ground_rules_quorum: int | None = strawberry.field(
        description="How many members' agreement puts ground rules in force, as set when the"
        " group formed; null: every active member's."
    )
    network_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Any) -> LearningGroup:
        return cls(
            id=strawberry.ID(row["group_id"]),
            name=row["name"],
            kind=GroupKind(row["kind"]),
            status=LearningGroupStatus(row["status"]),
            founded_by_id=ID(row["founder_id"]),
            ground_rules_version=row["ground_rules_version"],
            ground_rules_agreed=row["ground_rules_agreed"],
            ground_rules_in_force_version=row["agreed_ground_rules_version"],
            ground_rules_quorum=row["ground_rules_quorum"],
            network_id=row["network_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> LearningGroup | None:
        return await load(info, "learning_group", id, LearningGroup.of)

    @strawberry.field
    async def founded_by(self, info: Ctx) -> Practitioner | None:
        return await person(info, self.founded_by_id)

    @strawberry.field
    async def network(self, info: Ctx) -> Network | None:
        if self.network_id is None:
            return None
        return await load(info, "network", self.network_id, Network.of)

    @strawberry.field
    async def members(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Member]:
        rows = await loaders(info).group_members.load(self.id)
        return page_of(rows, first, after, by_column("practitioner_id"), Member.of)

    @strawberry.field
    async def ground_rules(self, info: Ctx) -> list[GroundRules]:
        rows = await loaders(info).ground_rules.load(self.id)
        return [GroundRules.of(r) for r in rows]

    @strawberry.field
    async def sessions(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Session]:
        """The group's sessions, earliest first."""
        rows = await loaders(info).sessions.load(self.id)
        return page_of(rows, first, after, session_order, Session.of)

    @strawberry.field
    async def activities(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Activity] | None:
        """Activities between the group's members (who coached or observed whom): for the
        people in the room, null for others. Counted in ``participation.activities``."""
        if not await in_the_room(info, self.id):
            return None
        rows = await loaders(info).activities.load(self.id)
        return page_of(rows, first, after, activity_order, Activity.of)

    @strawberry.field
    async def peer_review_ids(self, info: Ctx) -> list[ID]:
        """For a peer-review team: the peer reviews (enquiry service) it carries out."""
        rows = await loaders(info).group_peer_reviews.load(self.id)
        return [ID(r["peer_review_id"]) for r in rows]

    participation: Participation = strawberry.field(
        resolver=participation,
        description="Sessions and attendance of the group, in aggregate only.",
    )
