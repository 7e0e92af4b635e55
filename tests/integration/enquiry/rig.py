"""Two services' worth of infrastructure for enquiry integration tests.

A groups-like event store (its own database) whose events are relayed to a ``clc.groups.events``
topic, exactly as the groups service publishes them; and the enquiry service's database, migrated
by the owner and used as the app role (so row-level security applies), with its relay, its
projector runner (consuming both topics) and its use cases over the local membership model.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from clc_enquiry.application import EnquiryService
from clc_enquiry.membership import PostgresMembership
from clc_enquiry.readmodels import ALL_TABLES, MIGRATIONS, projections
from clc_enquiry.settings import EnquirySettings
from eventkit.envelope import EventMetadata, NewEvent, StreamRef
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.projector import ProjectorRunner
from eventkit.relay import Relay
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS, PostgresEventStore
from servicekit.roles import ensure_app_role

from tests.support.kafka import create_topics, started_producer, unique_topic

APP_ROLE = "enquiry_app_test"
APP_PASSWORD = "enquiry-app-test-pw"
GROUPS_SOURCE = "/clc/groups"
ENQUIRY_SOURCE = "/clc/enquiry"


@dataclass
class GroupsStream:
    """The groups service's side, reduced to what it publishes: events in its own store."""

    store: PostgresEventStore
    tenant: str = "tenant-a"
    written: int = 0
    _versions: dict[str, int] = field(default_factory=dict)

    async def emit(self, stream_type: str, stream_id: str, event_type: str, **data: Any) -> None:
        version = self._versions.get(stream_id, 0)
        await self.store.append(
            StreamRef(stream_id=stream_id, stream_type=stream_type, tenant_id=self.tenant),
            [
                NewEvent(
                    event_type=event_type,
                    data=data,
                    metadata=EventMetadata(actor="groups-admin"),
                )
            ],
            expected_version=version,
        )
        self._versions[stream_id] = version + 1
        self.written += 1

    # The payloads below have the shape of the groups service's published events.

    async def practitioner(self, person: str, school: str, given: str, family: str) -> None:
        await self.emit(
            "practitioner",
            person,
            "PractitionerRegistered",
            practitioner_id=person,
            tenant_id=self.tenant,
            school_id=school,
            given_name=given,
            family_name=family,
            email=None,
            role="teacher",
            source_id=None,
        )

    async def erase(self, person: str) -> None:
        await self.emit(
            "practitioner",
            person,
            "PractitionerErased",
            practitioner_id=person,
            replacement_name="Former practitioner",
        )

    async def group(self, group_id: str, network_id: str | None = None) -> None:
        await self.emit(
            "learning_group",
            group_id,
            "LearningGroupFormed",
            group_id=group_id,
            tenant_id=self.tenant,
            name=f"Group {group_id}",
            kind="enquiry_group",
            network_id=network_id,
            founder_id="groups-admin",
        )

    async def member(self, group_id: str, person: str, school: str, role: str = "member") -> None:
        await self.emit(
            "learning_group",
            group_id,
            "MemberAdded",
            group_id=group_id,
            practitioner_id=person,
            role=role,
            school_id=school,
        )

    async def co_leader(self, network_id: str, person: str, *, stood_down: bool = False) -> None:
        if stood_down:
            await self.emit(
                "network",
                network_id,
                "NetworkCoLeaderStoodDown",
                network_id=network_id,
                practitioner_id=person,
                reason="stood_down",
            )
        else:
            await self.emit(
                "network",
                network_id,
                "NetworkCoLeaderAppointed",
                network_id=network_id,
                practitioner_id=person,
                school_id="oak",
            )

    async def close(self, group_id: str) -> None:
        await self.emit(
            "learning_group", group_id, "LearningGroupClosed", group_id=group_id, reason=None
        )

    async def leave(self, group_id: str, person: str) -> None:
        await self.emit(
            "learning_group",
            group_id,
            "MemberLeft",
            group_id=group_id,
            practitioner_id=person,
            removed=False,
        )

    async def session_held(self, group_id: str) -> None:
        """An event the membership model does not need: it must be ignored."""
        await self.emit(
            "learning_group",
            group_id,
            "SessionHeld",
            group_id=group_id,
            session_id=str(uuid.uuid4()),
            starts_at="2025-01-01T10:00:00+00:00",
            protocol="dialogue",
            artefact_id=None,
            attendee_ids=[],
        )


@dataclass
class Rig:
    groups: dict[str, GroupsStream]
    app: EnquiryService
    pool: asyncpg.Pool  # enquiry database, as the app role
    runner: ProjectorRunner
    publish: Callable[[], Awaitable[None]]
    store: PostgresEventStore
    owner_dsn: str = ""  # the enquiry database as its owner (no row-level security in the way)

    def groups_of(self, tenant: str) -> GroupsStream:
        return self.groups[tenant]

    async def sync(self, timeout_s: float = 30.0) -> None:
        """Publish both services' pending events and wait until the projector applied them."""
        await self.publish()
        expected_groups = sum(g.written for g in self.groups.values())
        async with self.pool.acquire() as conn, conn.transaction():
            # The app role reads every tenant's events only as the relay does (RLS on events).
            await conn.execute("select set_config('eventkit.all_tenants', 'on', true)")
            last = await conn.fetchval("select coalesce(max(global_position), 0) from events")
        async with asyncio.timeout(timeout_s):
            while (
                await self.pool.fetchval(
                    "select count(*) from projector_processed where projector = $1 and source = $2",
                    self.runner.name,
                    GROUPS_SOURCE,
                )
                < expected_groups
            ):
                await asyncio.sleep(0.05)
        # Every own event, not only the last: events of other streams travel on other partitions,
        # so the last one being applied says nothing about them.
        # (Counted as the relay reads: under row-level security with no tenant the count is 0.)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("select set_config('eventkit.all_tenants', 'on', true)")
            own = await conn.fetchval("select count(*) from events")
        async with asyncio.timeout(timeout_s):
            while await self._applied(ENQUIRY_SOURCE) < own:
                await self.publish()  # what a held-back (gap-safe) read left for later
                await asyncio.sleep(0.05)
        await self.runner.wait_for(last, timeout_s=timeout_s)

    async def _applied(self, source: str) -> int:
        count: int = await self.pool.fetchval(
            "select count(*) from projector_processed where projector = $1 and source = $2",
            self.runner.name,
            source,
        )
        return count


@asynccontextmanager
async def a_rig(new_database: Any, bootstrap: str) -> AsyncIterator[Rig]:
    suffix = uuid.uuid4().hex[:8]
    groups_dsn = await new_database(f"groupsev_{suffix}")
    owner_dsn = await new_database(f"enquiry_{suffix}")
    conn = await connect(groups_dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
    finally:
        await conn.close()
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, ALL_TABLES)
    finally:
        await conn.close()
    settings = EnquirySettings(
        database_url=owner_dsn,
        app_role=APP_ROLE,
        app_role_password=APP_PASSWORD,
        pupil_data_tenants=frozenset(),
    )
    groups_topic = unique_topic("clc.groups.events")
    enquiry_topic = unique_topic("clc.enquiry.events")
    dlq = f"{enquiry_topic}.dlq"
    await create_topics(bootstrap, groups_topic, enquiry_topic, dlq)

    groups_pool = await create_pool(groups_dsn, max_size=3)
    pool = await create_pool(settings.app_dsn(), max_size=8)
    producer: AIOKafkaProducer = await started_producer(bootstrap)
    groups_store = PostgresEventStore(groups_pool)
    store = PostgresEventStore(pool)
    groups_relay = Relay(
        dsn=groups_dsn,
        pool=groups_pool,
        producer=producer,
        topic=groups_topic,
        source=GROUPS_SOURCE,
    )
    enquiry_relay = Relay(
        dsn=settings.app_dsn(),
        pool=pool,
        producer=producer,
        topic=enquiry_topic,
        source=ENQUIRY_SOURCE,
    )

    async def publish() -> None:
        await groups_relay.publish_pending()
        await enquiry_relay.publish_pending()

    runner = ProjectorRunner(
        name=f"enquiry-test-{suffix}",
        pool=pool,
        projections=projections(),
        topics=[groups_topic, enquiry_topic],
        bootstrap_servers=bootstrap,
        own_source=ENQUIRY_SOURCE,
        dead_letter_topic=dlq,
        producer=producer,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    app = EnquiryService(
        store, PostgresMembership(pool), pupil_data_tenants=settings.pupil_data_tenants
    )
    groups = {t: GroupsStream(groups_store, tenant=t) for t in ("tenant-a", "tenant-b")}
    try:
        yield Rig(groups, app, pool, runner, publish, store, owner_dsn)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await producer.stop()
        await pool.close()
        await groups_pool.close()
