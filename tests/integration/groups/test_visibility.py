"""Who may read what inside a tenant, each rule from both sides: who sees, and who does not.

The events go straight into the real read models (one tenant per test) and are read through the
schema as different callers (see ``readback``).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from clc_groups.application import Visibility
from clc_groups.domain import (
    ERASED_NAME,
    GroupKind,
    LearningGroupFormed,
    MemberAdded,
    MemberRole,
    NetworkCoLeaderAppointed,
    NetworkEstablished,
    PractitionerErased,
    PractitionerRegistered,
    PractitionerRole,
    SchoolJoinedNetwork,
    SchoolRegistered,
    SessionHeld,
    SessionProtocol,
    SessionScheduled,
)

from tests.integration.groups.readback import Reader, admin_of, person_of, project
from tests.integration.groups.rig import a_groups_database, app_pool

pytestmark = pytest.mark.integration

WHEN = datetime(2031, 5, 6, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
async def pool(new_database) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with app_pool(db) as pool:
        yield pool


async def a_staff_room(pool: asyncpg.Pool, people: int = 2) -> str:
    """A fresh tenant with school ``oak`` and practitioners ``p0``… with e-mail addresses."""
    tenant = f"vis-{uuid.uuid4().hex[:8]}"
    await project(
        pool, tenant, "school", [SchoolRegistered(school_id="oak", tenant_id=tenant, name="Oak")]
    )
    for n in range(people):
        await project(
            pool,
            tenant,
            "practitioner",
            [
                PractitionerRegistered(
                    practitioner_id=f"p{n}",
                    tenant_id=tenant,
                    school_id="oak",
                    given_name=f"P{n}",
                    family_name="Lee",
                    email=f"p{n}@oak.example",
                    role=PractitionerRole.TEACHER,
                )
            ],
        )
    return tenant


EMAILS = """query($id: ID!) {
  practitioner(id: $id) { email }
  school(id: "oak") { practitioners { edges { node { id email } } } }
  _entities(representations: [{__typename: "Practitioner", id: "p0"}])
    { ... on Practitioner { email } }
}"""


async def test_an_email_is_seen_by_tenant_admins_and_the_person_only(pool: asyncpg.Pool) -> None:
    tenant = await a_staff_room(pool)
    reader = Reader(pool)

    async def seen_by(who: object) -> object:
        data, errors = await reader.run(who, EMAILS, id="p0")  # type: ignore[arg-type]
        assert errors == []
        return data

    for who in (admin_of(tenant), person_of(tenant, "p0", "teacher")):
        data = await seen_by(who)
        assert data["practitioner"] == {"email": "p0@oak.example"}  # type: ignore[index]
        assert data["_entities"] == [{"email": "p0@oak.example"}]  # type: ignore[index]
    # the admin sees every address in a list; p0 sees only their own
    listed = await seen_by(admin_of(tenant))
    assert [e["node"]["email"] for e in listed["school"]["practitioners"]["edges"]] == [  # type: ignore[index]
        "p0@oak.example",
        "p1@oak.example",
    ]
    own = await seen_by(person_of(tenant, "p0", "teacher"))
    assert [e["node"]["email"] for e in own["school"]["practitioners"]["edges"]] == [  # type: ignore[index]
        "p0@oak.example",
        None,
    ]
    # a colleague, a stranger with every other role, and someone without roles see none
    for who in (
        person_of(tenant, "p1", "teacher"),
        person_of(tenant, "lead", "network_lead", "group_lead"),
        person_of(tenant, "nobody"),
    ):
        data = await seen_by(who)
        assert data["practitioner"] == {"email": None}  # type: ignore[index]
        assert data["_entities"] == [{"email": None}]  # type: ignore[index]
        edges = data["school"]["practitioners"]["edges"]  # type: ignore[index]
        others = [e["node"]["email"] for e in edges if e["node"]["id"] != who.person_id]
        assert others and all(email is None for email in others)


ME = "{ me { personId practitioner { displayName } groups { edges { node { id } } } } }"


async def test_me_is_a_registered_practitioner_and_nobody_else(pool: asyncpg.Pool) -> None:
    tenant = await a_staff_room(pool)
    reader = Reader(pool)
    data, errors = await reader.run(person_of(tenant, "p0"), ME)
    assert errors == []
    assert data == {
        "me": {"personId": "p0", "practitioner": {"displayName": "P0 Lee"}, "groups": {"edges": []}}
    }
    # an admin's account, an unknown person id and an erased practitioner have no "me"
    await project(
        pool,
        tenant,
        "practitioner",
        [PractitionerErased(practitioner_id="p1", replacement_name=ERASED_NAME)],
    )
    for who in (admin_of(tenant), person_of(tenant, "ghost", "teacher"), person_of(tenant, "p1")):
        data, errors = await reader.run(who, ME)
        assert data is None
        assert [e.extensions["code"] for e in errors] == ["PERSON_NOT_REGISTERED"], who


PARTICIPATION = """{ learningGroup(id: "g") { participation {
  sessionsHeld attendances averageAttendance attendanceRate hiddenReason minimumPeople } } }"""


async def a_group_of(pool: asyncpg.Pool, members: int) -> str:
    """A group of ``members`` members (all at ``oak``) with one held session attended by all."""
    tenant = await a_staff_room(pool, members)
    people = [f"p{n}" for n in range(members)]
    await project(
        pool,
        tenant,
        "learning_group",
        [
            LearningGroupFormed(
                group_id="g",
                tenant_id=tenant,
                name="G",
                kind=GroupKind.STUDY_GROUP,
                network_id=None,
                founder_id="p0",
            ),
            *(
                MemberAdded(
                    group_id="g", practitioner_id=p, role=MemberRole.MEMBER, school_id="oak"
                )
                for p in people
            ),
            SessionScheduled(
                group_id="g", session_id="s", starts_at=WHEN, protocol=SessionProtocol.DIALOGUE
            ),
            SessionHeld(
                group_id="g",
                session_id="s",
                starts_at=WHEN,
                protocol=SessionProtocol.DIALOGUE,
                attendee_ids=tuple(people),
            ),
        ],
    )
    return tenant


async def test_attendance_is_shown_from_the_minimum_number_of_members_up(
    pool: asyncpg.Pool,
) -> None:
    reader = Reader(pool, Visibility(participation_minimum=5))
    shown = await a_group_of(pool, 5)
    data, errors = await reader.run(admin_of(shown), PARTICIPATION)
    assert errors == []
    assert data == {"learningGroup": {"participation": {
        "sessionsHeld": 1, "attendances": 5, "averageAttendance": 5.0, "attendanceRate": 1.0,
        "hiddenReason": None, "minimumPeople": 5,
    }}}  # fmt: skip
    # one member fewer: hidden with the reason, for everyone (a tenant admin included)
    hidden = await a_group_of(pool, 4)
    data, errors = await reader.run(admin_of(hidden), PARTICIPATION)
    assert errors == []
    assert data == {"learningGroup": {"participation": {
        "sessionsHeld": 1, "attendances": None, "averageAttendance": None, "attendanceRate": None,
        "hiddenReason": "TOO_FEW_PEOPLE", "minimumPeople": 5,
    }}}  # fmt: skip
    # the minimum is a setting
    lower = Reader(pool, Visibility(participation_minimum=4))
    data, _ = await lower.run(admin_of(hidden), PARTICIPATION)
    assert data["learningGroup"]["participation"]["attendances"] == 4  # type: ignore[index]


ATTENDEES = """{ learningGroup(id: "g") { sessions { edges { node { id attendees { id } } } } } }"""


async def test_who_attended_stays_in_the_room(pool: asyncpg.Pool) -> None:
    """p0…p2 are members of ``g`` (in network ``net``, co-led by p3); p4 is a colleague at the
    same school who is in neither; p5 co-leads another network."""
    tenant = await a_staff_room(pool, 6)
    await project(
        pool,
        tenant,
        "network",
        [
            NetworkEstablished(network_id="net", tenant_id=tenant, name="Net", founder_id="p3"),
            SchoolJoinedNetwork(network_id="net", school_id="oak"),
            NetworkCoLeaderAppointed(network_id="net", practitioner_id="p3", school_id="oak"),
        ],
    )
    await project(
        pool,
        tenant,
        "network",
        [
            NetworkEstablished(network_id="other", tenant_id=tenant, name="O", founder_id="p5"),
            SchoolJoinedNetwork(network_id="other", school_id="oak"),
            NetworkCoLeaderAppointed(network_id="other", practitioner_id="p5", school_id="oak"),
        ],
    )
    await project(
        pool,
        tenant,
        "learning_group",
        [
            LearningGroupFormed(
                group_id="g",
                tenant_id=tenant,
                name="G",
                kind=GroupKind.STUDY_GROUP,
                network_id="net",
                founder_id="p0",
            ),
            MemberAdded(
                group_id="g", practitioner_id="p0", role=MemberRole.CO_LEADER, school_id="oak"
            ),
            MemberAdded(
                group_id="g", practitioner_id="p1", role=MemberRole.FACILITATOR, school_id="oak"
            ),
            MemberAdded(
                group_id="g", practitioner_id="p2", role=MemberRole.MEMBER, school_id="oak"
            ),
            SessionScheduled(
                group_id="g", session_id="s", starts_at=WHEN, protocol=SessionProtocol.DIALOGUE
            ),
            SessionHeld(
                group_id="g",
                session_id="s",
                starts_at=WHEN,
                protocol=SessionProtocol.DIALOGUE,
                attendee_ids=("p0", "p2"),
            ),
        ],
    )
    reader = Reader(pool)
    in_the_room = [admin_of(tenant), *(person_of(tenant, p) for p in ("p0", "p1", "p2", "p3"))]
    for who in in_the_room:
        data, errors = await reader.run(who, ATTENDEES)
        assert errors == []
        (edge,) = data["learningGroup"]["sessions"]["edges"]  # type: ignore[index]
        assert edge["node"]["attendees"] == [{"id": "p0"}, {"id": "p2"}], who
    for who in (person_of(tenant, "p4", "teacher"), person_of(tenant, "p5", "network_lead")):
        data, errors = await reader.run(who, ATTENDEES)
        assert errors == []
        (edge,) = data["learningGroup"]["sessions"]["edges"]  # type: ignore[index]
        assert edge["node"] == {"id": "s", "attendees": None}, who
