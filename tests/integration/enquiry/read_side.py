"""The enquiry read side alone, on real PostgreSQL: events in, GraphQL out, no Kafka.

Events come from wherever a test makes them (the application layer over an in-memory store, or
groups-service events built by hand) and are applied to every projection exactly as the projector
runner applies them: one transaction per event with the event's tenant set, as the app role, so
row-level security guards every write. Queries run the real subgraph schema with a real
``EnquiryContext`` (no runner, so consistency tokens are trivially reached).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
from clc_enquiry.api import EnquiryContext, build_schema
from clc_enquiry.readmodels import projections
from clc_enquiry.service import ENQUIRY
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool, tenant_transaction
from eventkit.principal import Principal
from eventkit.projection import ProjectionConnection
from servicekit.roles import ensure_app_role
from servicekit.runtime import Services
from servicekit.settings import with_credentials
from strawberry.types import ExecutionResult

from tests.integration.enquiry.rig import APP_PASSWORD, APP_ROLE

_positions = itertools.count(1_000_000)


def groups_event(
    tenant: str, stream_type: str, stream_id: str, event_type: str, **data: Any
) -> RecordedEvent:
    """An event as the groups service publishes it (the membership model reads only its JSON)."""
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=1,
        stream_id=stream_id,
        stream_type=stream_type,
        stream_version=1,
        tenant_id=tenant,
        data=data,
        metadata=EventMetadata(actor="groups-admin"),
        recorded_at=datetime.now(UTC),
        global_position=next(_positions),
    )


def membership_events(
    tenant: str,
    group_id: str,
    members: dict[str, str],
    *,
    network_id: str | None = None,
    school: str = "oak",
) -> list[RecordedEvent]:
    """A group formed in ``network_id`` with ``members`` (person -> role), each registered."""
    events = [
        groups_event(
            tenant,
            "learning_group",
            group_id,
            "LearningGroupFormed",
            group_id=group_id,
            tenant_id=tenant,
            name=f"Group {group_id}",
            kind="enquiry_group",
            network_id=network_id,
        )
    ]
    for person, role in members.items():
        events.append(
            groups_event(
                tenant,
                "practitioner",
                person,
                "PractitionerRegistered",
                practitioner_id=person,
                school_id=school,
                given_name=person.title(),
                family_name=tenant,
            )
        )
        events.append(
            groups_event(
                tenant,
                "learning_group",
                group_id,
                "MemberAdded",
                group_id=group_id,
                practitioner_id=person,
                role=role,
                school_id=school,
            )
        )
    return events


@dataclass
class ReadSide:
    pool: asyncpg.Pool

    async def project(self, events: Iterable[RecordedEvent]) -> None:
        read_models = projections()
        for event in events:
            async with tenant_transaction(self.pool, event.tenant_id) as conn:
                writer = ProjectionConnection(conn)
                for projection in read_models:
                    await projection.apply(writer, event)
                await writer.flush()

    async def query(
        self, principal: Principal | None, document: str, /, **variables: Any
    ) -> ExecutionResult:
        services = Services(pool=self.pool, commands=None, runner=None, consistency_wait_s=0.0)
        context = EnquiryContext(services, principal, None if principal else "no token")  # type: ignore[arg-type]
        return await build_schema().execute(
            document, variable_values=variables, context_value=context
        )

    async def data(
        self, principal: Principal | None, document: str, /, **variables: Any
    ) -> dict[str, Any]:
        result = await self.query(principal, document, **variables)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data


@asynccontextmanager
async def a_read_side(new_database: Any) -> AsyncIterator[ReadSide]:
    owner_dsn = await new_database(f"enquiryrs_{uuid.uuid4().hex[:8]}")
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, ENQUIRY.migrations)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, ENQUIRY.read_model_tables)
    finally:
        await conn.close()
    app_dsn = with_credentials(owner_dsn, APP_ROLE, APP_PASSWORD)
    pool = await create_pool(app_dsn, max_size=4)
    try:
        yield ReadSide(pool)
    finally:
        await pool.close()
