"""N parents cost one query per field: entity lookups and nested lists go through DataLoaders."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from clc_groups.api import reads

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.integration.groups.world import networks_with_groups

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
COUNT = 5


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    # groups of three members: a minimum of three shows their attendance
    settings = settings_for(db.owner_dsn, kafka_bootstrap, participation_minimum=3)
    async with a_running_service(settings) as running:
        last = await networks_with_groups(running, "tenant-a", COUNT)
        await running.data(
            ADMIN,
            "query($t: String) { schools(consistencyToken: $t) { edges { cursor } } }",
            t=last,
        )
        yield running


def representations() -> list[dict[str, str]]:
    """20 representations: five of each entity type."""
    reps = []
    for n in range(COUNT):
        reps += [
            {"__typename": "School", "id": f"sch-{n:02}-a"},
            {"__typename": "Practitioner", "id": f"tea-{n:02}"},
            {"__typename": "Network", "id": f"net-{n:02}"},
            {"__typename": "LearningGroup", "id": f"grp-{n:02}"},
        ]
    return reps


async def test_entities_for_20_representations_is_one_query_per_entity_type(service) -> None:  # type: ignore[no-untyped-def]
    reps = representations()
    assert len(reps) == 20
    reads.STATEMENTS.clear()
    data = await service.data(
        ADMIN,
        """query($r: [_Any!]!) { _entities(representations: $r) {
             ... on School { id name } ... on Practitioner { id displayName role }
             ... on Network { id name status } ... on LearningGroup { id name kind } } }""",
        r=reps,
    )
    assert [e and e["id"] for e in data["_entities"]] == [r["id"] for r in reps]
    assert dict(reads.STATEMENTS) == {
        "by_id:school": 1,
        "by_id:practitioner": 1,
        "by_id:network": 1,
        "by_id:learning_group": 1,
    }


async def test_nested_lists_of_many_parents_are_one_query_each(service) -> None:  # type: ignore[no-untyped-def]
    reads.STATEMENTS.clear()
    data = await service.data(
        ADMIN,
        """{ networks { edges { node { id hasSharedLeadership
             schools { edges { node { id practitioners { edges { node { id } } } } } }
             coLeaders { id }
             learningGroups { edges { node { id network { id }
               members { edges { node { role practitioner { id school { id } } } } }
               groundRules { version agreed }
               sessions { edges { node { id status attendees { id } } } }
               participation { sessionsHeld sessionsCancelled averageAttendance attendanceRate }
             } } } } } } }""",
    )
    networks = [e["node"] for e in data["networks"]["edges"]]
    assert len(networks) == COUNT
    assert all(n["hasSharedLeadership"] for n in networks)
    group = networks[0]["learningGroups"]["edges"][0]["node"]
    sessions = [e["node"] for e in group["sessions"]["edges"]]
    assert [s["status"] for s in sessions] == ["HELD", "CANCELLED"]
    assert sorted(a["id"] for a in sessions[0]["attendees"]) == ["lead-00-a", "tea-00"]
    assert group["participation"] == {
        "sessionsHeld": 1,
        "sessionsCancelled": 1,
        "averageAttendance": 2.0,
        "attendanceRate": pytest.approx(2 / 3),
    }
    # One statement per field, whatever the number of parents.
    assert dict(reads.STATEMENTS) == {
        "page:network": 1,
        "network_schools": 1,
        "school_practitioners": 1,
        "co_leaders": 1,
        "network_groups": 1,
        "by_id:network": 1,
        "group_members": 1,
        "by_id:practitioner": 1,
        "by_id:school": 1,
        "ground_rules": 1,
        "sessions": 1,
        "session_attendees": 1,
        "participation": 1,
    }
