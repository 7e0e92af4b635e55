"""The library's visibility in SQL agrees with the domain's ``sees`` on a table of cases.

Every combination of status, audience, commons and place is stored as a library row of tenant A
(and, when it is in the commons, as A's commons copy); each reader — an admin, a contributor, a
member of the artefact's group, people of its school, of another school in its network and of a
school outside it, the network's co-leader, and people of tenant B — searches with every status
allowed, and must find exactly the artefacts ``sees(reader, artefact)`` says they may.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from clc_knowledge.domain import ArtefactAudience, Reader, sees
from clc_knowledge.domain.values import ArtefactStatus, Visibility
from clc_knowledge.readmodels.library_search import LibraryFilters, facets, search
from eventkit.pg import tenant_transaction

from tests.integration.knowledge.database import app_pool

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"
EVERY_STATUS = LibraryFilters(statuses=["draft", "published", "retired"])

READERS = {
    "A admin": Reader(tenant_id=A, person_id="root", admin=True),
    "A contributor": Reader(tenant_id=A, person_id="alice", school_id="s3"),
    "A group member": Reader(tenant_id=A, person_id="gus", school_id="s3", group_ids={"g1"}),
    "A same school": Reader(tenant_id=A, person_id="sam", school_id="s1"),
    "A network school": Reader(tenant_id=A, person_id="nia", school_id="s2", network_ids={"n1"}),
    "A outside network": Reader(tenant_id=A, person_id="oz", school_id="s3", network_ids={"n2"}),
    "A network co-leader": Reader(tenant_id=A, person_id="cole", network_ids={"n1"}),
    "B admin": Reader(tenant_id=B, person_id="root", admin=True),
    "B as 'alice'": Reader(tenant_id=B, person_id="alice", school_id="s1", group_ids={"g1"}),
}


def audiences() -> list[ArtefactAudience]:
    found = []
    for status, visibility, commons, place in itertools.product(
        list(ArtefactStatus),
        [v for v in Visibility if v is not Visibility.COMMONS],
        [False, True],
        [("g1", "s1", "n1"), (None, "s1", "n1"), (None, "s2", None)],
    ):
        if commons and status is not ArtefactStatus.PUBLISHED:
            continue  # only a published artefact is in the commons (retiring withdraws it)
        group, school, network = place
        found.append(
            ArtefactAudience(
                tenant_id=A,
                status=status,
                visibility=visibility,
                group_id=group,
                school_id=school,
                network_id=network,
                contributor_ids=frozenset({"alice"}),
                in_commons=commons,
            )
        )
    return found


@pytest.fixture(scope="module")
async def stored(new_database) -> AsyncIterator[tuple[asyncpg.Pool, dict[str, ArtefactAudience]]]:  # type: ignore[no-untyped-def]
    by_id = {str(uuid.uuid4()): a for a in audiences()}
    now = datetime.now(UTC)
    async with app_pool(new_database) as (_, pool):
        async with tenant_transaction(pool, A) as conn:
            for artefact_id, a in by_id.items():
                await conn.execute(
                    "insert into kn_library (tenant_id, artefact_id, kind, knowledge_field,"
                    " levels, status, visibility, in_commons, group_id, school_id, network_id,"
                    " contributor_ids, title, body, updated_at, stream_version) values ($1, $2,"
                    " 'protocol', 'practitioner', '{adult}', $3, $4, $5, $6, $7, $8, $9,"
                    " 'Rounds protocol', 'Everyone speaks once', $10, 1)",
                    A,
                    artefact_id,
                    a.status.value,
                    a.visibility.value,
                    a.in_commons,
                    a.group_id,
                    a.school_id,
                    a.network_id,
                    sorted(a.contributor_ids),
                    now,
                )
                if a.in_commons:
                    await conn.execute(
                        "insert into kn_library_commons (tenant_id, artefact_id, version, kind,"
                        " knowledge_field, levels, title, body, attribution, published_at)"
                        " values ($1, $2, 1, 'protocol', 'practitioner', '{adult}',"
                        " 'Rounds protocol', 'Everyone speaks once', 'Network One', $3)",
                        A,
                        artefact_id,
                        now,
                    )
        yield pool, by_id


@pytest.mark.parametrize("reader_name", list(READERS))
@pytest.mark.parametrize("text", [None, "protocols", "speak on"])
async def test_a_search_returns_exactly_what_the_reader_sees(
    stored: tuple[asyncpg.Pool, dict[str, ArtefactAudience]], reader_name: str, text: str | None
) -> None:
    pool, by_id = stored
    reader = READERS[reader_name]
    async with tenant_transaction(pool, reader.tenant_id) as conn:
        rows = await search(conn, reader, text, EVERY_STATUS, limit=1000, offset=0)
        counted = await facets(conn, reader, text, EVERY_STATUS)
    found = {r["artefact_id"] for r in rows}
    expected = {i for i, a in by_id.items() if sees(reader, a)}
    assert found == expected
    assert len(rows) == len(found)  # an artefact of the own tenant is never also its commons copy
    assert sum(count for _, count in counted["kind"]) == len(found)
