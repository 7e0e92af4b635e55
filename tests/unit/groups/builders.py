"""Test data for the groups domain: actors, histories (event lists) and commands with defaults.

The cast: in tenant ``TENANT`` schools A, B and C; FAY, a network lead who establishes the network;
ALICE (school A) and BOB (school B), its co-leaders; CAROL (A), DAN (B) and ERIN (C), teachers;
GINA, a group lead who forms groups. ADMIN is the tenant admin.
"""

from __future__ import annotations

from datetime import UTC, datetime

from clc_groups.domain import (
    AddMember,
    AppointNetworkCoLeader,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroupKind,
    LearningGroupEvent,
    LearningGroupFormed,
    LearningGroupLaunched,
    MemberAdded,
    MemberRole,
    NetworkCoLeaderAppointed,
    NetworkEstablished,
    NetworkEvent,
    NetworkLaunched,
    NetworkPurposeStated,
    PractitionerRegistered,
    PractitionerRole,
    SchoolJoinedNetwork,
    SchoolRegistered,
    SessionHeld,
    SessionProtocol,
    SessionScheduled,
)
from clc_groups.domain.access import GROUP_LEAD, NETWORK_LEAD, TENANT_ADMIN
from eventkit.domain import Actor

TENANT = "tenant-a"
OTHER_TENANT = "tenant-b"

SCHOOL_A = "school-a"
SCHOOL_B = "school-b"
SCHOOL_C = "school-c"
SCHOOL_ELSEWHERE = "school-z"

NETWORK = "network-1"
GROUP = "group-1"
SESSION = "session-1"

ADMIN = "admin"
FAY = "fay"
ALICE = "alice"
BOB = "bob"
CAROL = "carol"
DAN = "dan"
ERIN = "erin"
GINA = "gina"

SCHOOL_OF = {ALICE: SCHOOL_A, BOB: SCHOOL_B, CAROL: SCHOOL_A, DAN: SCHOOL_B, ERIN: SCHOOL_C}

MORAL_PURPOSE = "Every pupil in our valley reads fluently by the age of eleven."
GROUND_RULES = "We listen to understand. We share what we try. What is said here stays here."
NEXT_TUESDAY = datetime(2030, 3, 5, 15, 30, tzinfo=UTC)

# --- actors --------------------------------------------------------------------------------


def an_actor(
    person_id: str = "someone", *roles: str, admin: bool = False, tenant_id: str = TENANT
) -> Actor:
    all_roles = {*roles, TENANT_ADMIN} if admin else set(roles)
    return Actor(tenant_id=tenant_id, person_id=person_id, roles=frozenset(all_roles))


def an_admin(tenant_id: str = TENANT) -> Actor:
    return an_actor(ADMIN, admin=True, tenant_id=tenant_id)


def a_network_lead(person_id: str = FAY) -> Actor:
    return an_actor(person_id, NETWORK_LEAD)


def a_group_lead(person_id: str = GINA) -> Actor:
    return an_actor(person_id, GROUP_LEAD)


# --- schools and practitioners ---------------------------------------------------------------


def a_registered_school(
    school_id: str = SCHOOL_A, name: str = "Riverside Primary"
) -> list[SchoolRegistered]:
    return [SchoolRegistered(school_id=school_id, tenant_id=TENANT, name=name)]


def a_registered_practitioner(
    practitioner_id: str = CAROL, school_id: str = SCHOOL_A
) -> list[PractitionerRegistered]:
    return [
        PractitionerRegistered(
            practitioner_id=practitioner_id,
            tenant_id=TENANT,
            school_id=school_id,
            given_name="Carol",
            family_name="Jones",
            email="carol.jones@riverside.example",
            role=PractitionerRole.TEACHER,
        )
    ]


# --- networks ------------------------------------------------------------------------------


def an_established_network(founder_id: str = FAY) -> list[NetworkEvent]:
    return [
        NetworkEstablished(
            network_id=NETWORK, tenant_id=TENANT, name="Valley Readers", founder_id=founder_id
        )
    ]


def a_network_with_schools(*school_ids: str) -> list[NetworkEvent]:
    return [
        *an_established_network(),
        *(SchoolJoinedNetwork(network_id=NETWORK, school_id=s) for s in school_ids),
    ]


def a_network_ready_to_launch() -> list[NetworkEvent]:
    """Purpose stated, schools A and B, co-leaders ALICE (A) and BOB (B)."""
    return [
        *a_network_with_schools(SCHOOL_A, SCHOOL_B),
        NetworkPurposeStated(network_id=NETWORK, moral_purpose=MORAL_PURPOSE),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=ALICE, school_id=SCHOOL_A),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=BOB, school_id=SCHOOL_B),
    ]


def a_launched_network() -> list[NetworkEvent]:
    return [*a_network_ready_to_launch(), NetworkLaunched(network_id=NETWORK)]


def appointing(
    practitioner_id: str, school_id: str, *, active: bool = True, by: Actor | None = None
) -> AppointNetworkCoLeader:
    return AppointNetworkCoLeader(
        actor=by or a_network_lead(),
        network_id=NETWORK,
        practitioner_id=practitioner_id,
        practitioner_school_id=school_id,
        practitioner_active=active,
    )


# --- learning groups -----------------------------------------------------------------------


def a_formed_group(network_id: str | None = None) -> list[LearningGroupEvent]:
    return [
        LearningGroupFormed(
            group_id=GROUP,
            tenant_id=TENANT,
            name="Reading leaders",
            kind=GroupKind.LEADERSHIP_LEARNING_GROUP,
            network_id=network_id,
            founder_id=GINA,
        )
    ]


def member_added(practitioner_id: str, role: MemberRole = MemberRole.MEMBER) -> MemberAdded:
    return MemberAdded(
        group_id=GROUP,
        practitioner_id=practitioner_id,
        role=role,
        school_id=SCHOOL_OF[practitioner_id],
    )


def a_group_with_a_leader(network_id: str | None = None) -> list[LearningGroupEvent]:
    """ALICE co-leads, CAROL is a member; no ground rules yet."""
    return [
        *a_formed_group(network_id),
        member_added(ALICE, MemberRole.CO_LEADER),
        member_added(CAROL),
    ]


def a_group_ready_to_launch(network_id: str | None = None) -> list[LearningGroupEvent]:
    """ALICE co-leads, CAROL is a member, ground rules version 1 agreed by both: in force."""
    return [
        *a_group_with_a_leader(network_id),
        GroundRulesProposed(group_id=GROUP, version=1, text=GROUND_RULES),
        GroundRulesAgreed(group_id=GROUP, version=1, practitioner_id=ALICE),
        GroundRulesAgreed(group_id=GROUP, version=1, practitioner_id=CAROL),
        GroundRulesInForce(group_id=GROUP, version=1),
    ]


def a_launched_group() -> list[LearningGroupEvent]:
    return [*a_group_ready_to_launch(), LearningGroupLaunched(group_id=GROUP)]


def a_scheduled_session(
    session_id: str = SESSION, artefact_id: str | None = None
) -> SessionScheduled:
    return SessionScheduled(
        group_id=GROUP,
        session_id=session_id,
        starts_at=NEXT_TUESDAY,
        protocol=SessionProtocol.DIALOGUE,
        artefact_id=artefact_id,
    )


def a_held_session(session_id: str = SESSION, *attendee_ids: str) -> SessionHeld:
    return SessionHeld(
        group_id=GROUP,
        session_id=session_id,
        starts_at=NEXT_TUESDAY,
        protocol=SessionProtocol.DIALOGUE,
        attendee_ids=tuple(sorted(attendee_ids)),
    )


def adding(
    practitioner_id: str,
    *,
    role: MemberRole = MemberRole.MEMBER,
    active: bool = True,
    network_schools: frozenset[str] | None = None,
    by: Actor | None = None,
) -> AddMember:
    return AddMember(
        actor=by or an_actor(ALICE),
        group_id=GROUP,
        practitioner_id=practitioner_id,
        role=role,
        practitioner_school_id=SCHOOL_OF[practitioner_id],
        practitioner_active=active,
        network_member_school_ids=network_schools,
    )
