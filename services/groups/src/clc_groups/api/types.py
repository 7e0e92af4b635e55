"""The federated entities and their nested fields.

Entity objects are built from read-model rows. Fields that only read the object are plain; fields
that need another read go through the request's DataLoaders (``loaders``), so N parents cost one
query per field, read under the caller's tenant. ``resolve_reference`` is a DataLoader too: a
gateway's ``_entities`` call with N representations of a type is one query.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import strawberry
from servicekit.pagination import Connection
from servicekit.privacy import AuditAction

from .context import Ctx
from .enums import (
    ActivityKind,
    GroupKind,
    LeadershipModel,
    LearningGroupStatus,
    LevelOfLearning,
    MemberRole,
    NetworkStatus,
    OrganisationKind,
    PractitionerRole,
    PractitionerStatus,
    SessionProtocol,
    SessionStatus,
)
from .loaders import loaders
from .paging import by_column, page_of
from .participation import Participation, participation

__all__ = [
    "Activity",
    "GroundRules",
    "LearningGroup",
    "Member",
    "Network",
    "NetworkPlanLevel",
    "Organisation",
    "Practitioner",
    "School",
    "Session",
    "load_entity",
    "register_entity",
]

T = TypeVar("T")
ID = strawberry.ID


async def load_entity(info: Ctx, entity: str, entity_id: str) -> Any:
    """The entity ``entity`` with this id, or None (absent, or another tenant's)."""
    return await _load(info, entity, entity_id, _BUILDERS[entity])


async def _person(info: Ctx, practitioner_id: str) -> Practitioner | None:
    return await _load(info, "practitioner", practitioner_id, Practitioner.of)


async def _load(info: Ctx, entity: str, entity_id: str, build: Callable[[Any], T]) -> T | None:
    row = await loaders(info).entity(entity).load(entity_id)
    return None if row is None else build(row)


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
        return await _load(info, "school", id, School.of)

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
        return await _load(info, "organisation", id, Organisation.of)

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


def _workplace(row: Any) -> str:
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
            school_id=ID(_workplace(row)),
            works_at_school_id=_optional_id(row["school_id"]),
            organisation_id=_optional_id(row["organisation_id"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Practitioner | None:
        return await _load(info, "practitioner", id, Practitioner.of)

    @strawberry.field
    async def school(self, info: Ctx) -> School | None:
        if self.works_at_school_id is None:
            return None
        return await _load(info, "school", self.works_at_school_id, School.of)

    @strawberry.field
    async def organisation(self, info: Ctx) -> Organisation | None:
        if self.organisation_id is None:
            return None
        return await _load(info, "organisation", self.organisation_id, Organisation.of)

    @strawberry.field
    async def email(self, info: Ctx) -> str | None:
        """Seen by tenant admins and the practitioner themself; null for anyone else. An
        admin's reading of someone else's is recorded in the audit log of personal data."""
        visibility = info.context.commands.visibility
        if not visibility.may_see_email(info.context.principal, self.id):
            return None
        if self.stored_email is not None and info.context.principal.person_id != self.id:
            from .privacy import audit  # privacy builds its types from this module's

            await audit(info, str(self.id), AuditAction.EMAIL_READ)
        return self.stored_email


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
            current_lead_by_id=_optional_id(row["current_lead_id"]),
        )

    @strawberry.field
    async def founded_by(self, info: Ctx) -> Practitioner | None:
        return await _person(info, self.founded_by_id)

    @strawberry.field
    async def current_lead_by(self, info: Ctx) -> Practitioner | None:
        if self.current_lead_by_id is None:
            return None
        return await _person(info, self.current_lead_by_id)

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Network | None:
        return await _load(info, "network", id, Network.of)

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
    ) -> Connection[LearningGroup]:
        rows = await loaders(info).network_groups.load(self.id)
        return page_of(rows, first, after, by_column("group_id"), LearningGroup.of)


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
            school_id=ID(_workplace(row)),
            from_school_id=_optional_id(row["school_id"]),
            organisation_id=_optional_id(row["organisation_id"]),
            practitioner_id=ID(row["practitioner_id"]),
        )

    @strawberry.field
    async def organisation(self, info: Ctx) -> Organisation | None:
        if self.organisation_id is None:
            return None
        return await _load(info, "organisation", self.organisation_id, Organisation.of)

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        return await _person(info, self.practitioner_id)

    @strawberry.field
    async def school(self, info: Ctx) -> School | None:
        if self.from_school_id is None:
            return None
        return await _load(info, "school", self.from_school_id, School.of)


def _optional_id(value: str | None) -> ID | None:
    return None if value is None else ID(value)


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
            await _person(info, m["practitioner_id"])
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


@strawberry.type
class Session:
    id: strawberry.ID
    group_id: strawberry.ID
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: ID | None = strawberry.field(
        description="The knowledge artefact (e.g. a protocol) the session uses, if any."
    )
    status: SessionStatus
    protocols: list[SessionProtocol] = strawberry.field(
        description="Every protocol the held session used, as recorded; empty before a record."
    )
    learning_points: list[str] = strawberry.field(
        description="What the session learned, as a member recorded it."
    )
    stored_how_we_worked: strawberry.Private[str | None]
    recorded_by_id: ID | None = strawberry.field(description="Who recorded the session's learning.")

    @classmethod
    def of(cls, row: Any) -> Session:
        return cls(
            id=strawberry.ID(row["session_id"]),
            group_id=strawberry.ID(row["group_id"]),
            starts_at=row["starts_at"],
            protocol=SessionProtocol(row["protocol"]),
            artefact_id=None if row["artefact_id"] is None else ID(row["artefact_id"]),
            status=SessionStatus(row["status"]),
            protocols=[SessionProtocol(p) for p in row["protocols"]],
            learning_points=list(row["learning_points"]),
            stored_how_we_worked=row["how_we_worked"],
            recorded_by_id=None if row["recorded_by"] is None else ID(row["recorded_by"]),
        )

    @strawberry.field
    async def recorded_by(self, info: Ctx) -> Practitioner | None:
        if self.recorded_by_id is None:
            return None
        return await _person(info, self.recorded_by_id)

    @strawberry.field
    async def how_we_worked(self, info: Ctx) -> str | None:
        """A short reflection on how the group worked together: it stays in the room (members,
        the network's co-leaders, tenant admins); null for anyone else."""
        if self.stored_how_we_worked is None or not await in_the_room(info, self.group_id):
            return None
        return self.stored_how_we_worked

    @strawberry.field
    async def attendees(self, info: Ctx) -> list[Practitioner] | None:
        """Who attended: for the people in the room (see ``in_the_room``), null for others."""
        if not await in_the_room(info, self.group_id):
            return None
        rows = await loaders(info).session_attendees.load((self.group_id, self.id))
        return [Practitioner.of(r) for r in rows]


@strawberry.type(
    description="Learning together beside sessions: coaching, mentoring, a lesson observation,"
    " a school visit or shadowing, between members of a group and their schools."
)
class Activity:
    id: strawberry.ID
    kind: ActivityKind
    occurred_at: datetime
    participant_ids: list[ID]
    school_ids: list[ID]
    note: str | None
    recorded_by_id: ID

    @classmethod
    def of(cls, row: Any) -> Activity:
        return cls(
            id=strawberry.ID(row["activity_id"]),
            kind=ActivityKind(row["kind"]),
            occurred_at=row["occurred_at"],
            participant_ids=[ID(p) for p in row["participant_ids"]],
            school_ids=[ID(s) for s in row["school_ids"]],
            note=row["note"],
            recorded_by_id=ID(row["recorded_by"]),
        )

    @strawberry.field
    async def recorded_by(self, info: Ctx) -> Practitioner | None:
        return await _person(info, self.recorded_by_id)

    @strawberry.field
    async def participants(self, info: Ctx) -> list[Practitioner]:
        found = [await _person(info, p) for p in self.participant_ids]
        return [p for p in found if p is not None]


async def in_the_room(info: Ctx, group_id: str) -> bool:
    """Whether the caller may see what is shared in a group: its members (facilitators and
    co-leaders included), its network's co-leaders and tenant admins (``Visibility``)."""
    visibility, viewer = info.context.commands.visibility, info.context.principal
    if visibility.sees_everything(viewer):
        return True  # no read needed
    found = loaders(info)
    members = await found.group_members.load(group_id)
    group = await found.learning_group.load(group_id)
    network_id = None if group is None else group["network_id"]
    co_leaders = [] if network_id is None else await found.co_leaders.load(network_id)
    return visibility.is_in_the_room(
        viewer,
        members={r["practitioner_id"] for r in members},
        network_co_leaders={r["practitioner_id"] for r in co_leaders},
    )


def _activity_order(row: Any) -> str:
    occurred: datetime = row["occurred_at"]
    return f"{occurred.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}|{row['activity_id']}"


def _session_order(row: Any) -> str:
    """The sessions' order (start, then id) as a string that sorts the same way."""
    starts: datetime = row["starts_at"]
    return f"{starts.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}|{row['session_id']}"


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
        return await _load(info, "learning_group", id, LearningGroup.of)

    @strawberry.field
    async def founded_by(self, info: Ctx) -> Practitioner | None:
        return await _person(info, self.founded_by_id)

    @strawberry.field
    async def network(self, info: Ctx) -> Network | None:
        if self.network_id is None:
            return None
        return await _load(info, "network", self.network_id, Network.of)

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
        return page_of(rows, first, after, _session_order, Session.of)

    @strawberry.field
    async def activities(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Activity] | None:
        """Activities between the group's members (who coached or observed whom): for the
        people in the room, null for others. Counted in ``participation.activities``."""
        if not await in_the_room(info, self.id):
            return None
        rows = await loaders(info).activities.load(self.id)
        return page_of(rows, first, after, _activity_order, Activity.of)

    @strawberry.field
    async def peer_review_ids(self, info: Ctx) -> list[ID]:
        """For a peer-review team: the peer reviews (enquiry service) it carries out."""
        rows = await loaders(info).group_peer_reviews.load(self.id)
        return [ID(r["peer_review_id"]) for r in rows]

    participation: Participation = strawberry.field(
        resolver=participation,
        description="Sessions and attendance of the group, in aggregate only.",
    )


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
