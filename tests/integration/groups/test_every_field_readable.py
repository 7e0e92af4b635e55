"""Every state the unit scenarios reach reads back, every field of it, without an error.

Regression for a proposed but not yet agreed ground-rules version making the whole group
unreadable ("Cannot return null for non-nullable field LearningGroup.groundRulesAgreed"): the
read model answered NULL where the schema promised a Boolean. Each history of each aggregate is
projected into its own tenant of the real read models, then the aggregate is read through the
schema with a selection of all its fields (generated from the schema, so new fields are covered).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.integration.groups.reached import reached_histories
from tests.integration.groups.readback import Reader, admin_of, person_of, project, selection
from tests.integration.groups.rig import a_groups_database, app_pool

pytestmark = pytest.mark.integration

#: stream type -> (GraphQL type, root query field, the events' id field)
ENTITIES = {
    "school": ("School", "school", "school_id"),
    "organisation": ("Organisation", "organisation", "organisation_id"),
    "practitioner": ("Practitioner", "practitioner", "practitioner_id"),
    "network": ("Network", "network", "network_id"),
    "learning_group": ("LearningGroup", "learningGroup", "group_id"),
    "programme": ("Programme", "programme", "programme_id"),
}


@pytest.fixture(scope="module")
async def pool(new_database) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with app_pool(db) as pool:
        yield pool


async def test_every_reached_state_reads_back_every_field(pool: asyncpg.Pool) -> None:
    reader = Reader(pool)
    reached = reached_histories()
    assert set(reached) == set(ENTITIES), "an aggregate without a read-back check"
    failures = []
    n = 0
    for stream_type, histories in reached.items():
        type_name, root, id_field = ENTITIES[stream_type]
        query = (
            f"query($id: ID!) {{ {root}(id: $id) {{ {selection(reader.graphql, type_name)} }} }}"
        )
        for history in histories:
            n += 1
            tenant = f"reached-{n}"
            await project(pool, tenant, stream_type, history)
            entity_id = getattr(history[0], id_field)
            # as an admin (who sees everything) and as a colleague (who sees less)
            for who in (admin_of(tenant), person_of(tenant, "a-colleague")):
                data, errors = await reader.run(who, query, id=entity_id)
                last = [type(e).__name__ for e in history]
                if errors or data is None or data[root] is None:
                    failures.append((stream_type, last, [e.message for e in errors]))
    assert n > 50
    assert failures == []
