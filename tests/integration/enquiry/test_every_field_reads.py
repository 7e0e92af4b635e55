"""Every state an aggregate reaches in the unit scenarios reads back through every field.

A read model that cannot show a state the domain allows (a NULL where the schema promises a value,
an enum value the API does not know, a join that finds nothing) is a runtime error a client meets
only in that state. So: every history the enquiry domain's unit scenarios fold (see
``schema_walk.unit_histories``) is projected, each into its own tenant, and the entity is read
with a selection of every field of its GraphQL type generated from the schema — by a member of
the group, so the lists visible only to the room are read too — with no error allowed.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

import pytest
from clc_enquiry.api import build_schema
from clc_enquiry.application.base import registry
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.principal import Principal

from tests.integration.enquiry.read_side import a_read_side, membership_events
from tests.integration.enquiry.schema_walk import select, unit_histories
from tests.unit.enquiry.builders import GROUP, LEADER, MEMBER, MEMBER_2, NETWORK

pytestmark = pytest.mark.integration

# aggregate -> (stream type, the id field naming the stream, root query, GraphQL type)
AGGREGATES = {
    "EnquiryProposed": ("enquiry", "enquiry_id", "enquiry", "Enquiry"),
    "LearningClaimed": ("learning_claim", "claim_id", "learningClaim", "LearningClaim"),
    "PeerReviewRequested": ("peer_review", "peer_review_id", "peerReview", "PeerReview"),
    "ReflectiveLogEntryWritten": (
        "reflective_log",
        "entry_id",
        "reflectiveLogEntry",
        "ReflectiveLogEntry",
    ),
}


def recorded(
    tenant: str, stream_type: str, id_field: str, history: list[Any]
) -> list[RecordedEvent]:
    reg, versions = registry(), Counter[str]()
    events = []
    for event in history:
        new = reg.to_new_event(event, EventMetadata(actor=getattr(event, "author_id", None)))
        stream_id = getattr(event, id_field)
        versions[stream_id] += 1
        events.append(
            RecordedEvent(
                event_id=uuid.uuid4(),
                event_type=new.event_type,
                schema_version=new.schema_version,
                stream_id=stream_id,
                stream_type=stream_type,
                stream_version=versions[stream_id],
                tenant_id=tenant,
                data=new.data,
                metadata=new.metadata,
                recorded_at=datetime.now(UTC),
                global_position=0,
            )
        )
    return events


async def test_every_unit_state_reads_every_field_without_error(new_database) -> None:  # type: ignore[no-untyped-def]
    histories = unit_histories()
    kinds = Counter(type(h[0]).__name__ for h in histories)
    assert set(kinds) == set(AGGREGATES) and min(kinds.values()) >= 5, kinds
    schema = build_schema()
    documents = {
        query: f"query($id: ID!) {{ {query}(id: $id) {{ {select(schema._schema, type_name)} }} }}"
        for _, _, query, type_name in AGGREGATES.values()
    }
    failures: dict[str, list[Any]] = defaultdict(list)
    async with a_read_side(new_database) as side:
        for n, history in enumerate(histories):
            tenant = f"state-{n}"
            stream_type, id_field, query, _ = AGGREGATES[type(history[0]).__name__]
            members = {LEADER: "co_leader", MEMBER: "member", MEMBER_2: "member"}
            await side.project(membership_events(tenant, GROUP, members, network_id=NETWORK))
            await side.project(recorded(tenant, stream_type, id_field, history))
            # a reflective log entry is read by its writer (and by a group it is shared with)
            writer = history[0].author_id if query == "reflectiveLogEntry" else MEMBER
            reader = Principal(tenant_id=tenant, person_id=writer)
            entity_id = getattr(history[0], id_field)
            result = await side.query(reader, documents[query], id=entity_id)
            if result.errors or not result.data or result.data[query] is None:
                failures[query].append(([type(e).__name__ for e in history], result.errors))
            elif query == "enquiry":  # every event is one journal entry (first page: 20)
                journal = result.data[query]["journal"]["edges"]
                assert len(journal) == min(len(history), 20), (n, len(journal), len(history))
    assert not failures, dict(failures)
