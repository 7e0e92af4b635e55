"""Announces what subscribers follow, from the projector's transaction (``servicekit.live``).

Runs last among the enquiry's projections, so the rows it announces are already written in the
same transaction, and PostgreSQL delivers the notification only when that transaction commits:
a subscriber hears of a reflection only once the journal shows it. Notifications carry ids and
the event's position (a subscriber's consistency token); what is delivered is read from the read
models by the subscription, as its subscriber.

Sessions come from the groups' events (``clc.groups.events``, which this projector consumes for
the membership model); reflections, ideas, actions and validated claims from the enquiry's own.
A reflection's group is looked up in ``enq_enquiries`` inside the notifying statement.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from servicekit.live import announce

__all__ = ["CHANNEL", "ActivityAnnouncer"]

CHANNEL = "enquiry_activity"

#: Older events are not announced: a rebuild (a replay of the whole store) or a projector catching
#: up after a long outage would otherwise flood live subscribers with history.
MAX_AGE = timedelta(minutes=10)

Handler = Callable[[ProjectionConnection, RecordedEvent], Awaitable[None]]

_ENTRY = (
    "select pg_notify($1, json_build_object('tenant', $2::text, 'kind', $3::text,"
    " 'enquiry', $4::text, 'entry', $5::text, 'service', $6::text, 'position', $7::bigint,"
    " 'group', (select group_id from enq_enquiries where tenant_id = $2 and enquiry_id = $4),"
    " 'owner', (select owner_id from enq_actions where tenant_id = $2 and enquiry_id = $4"
    " and action_id = $5))::text)"
)


def _recent(recorded_at: datetime) -> bool:
    when = recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - when <= MAX_AGE


class ActivityAnnouncer:
    name = "enquiry-activity"

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {
            "SessionScheduled": self._session("SESSION_SCHEDULED"),
            "SessionHeld": self._session("SESSION_HELD"),
            "ReflectionRecorded": self._entry("REFLECTION_RECORDED", "entry_id"),
            "IdeaProposed": self._entry("IDEA_PROPOSED", "entry_id"),
            "ActionPlanned": self._entry("ACTION_PLANNED", "entry_id"),
            "ActionCompleted": self._entry("ACTION_COMPLETED", "action_id"),
            "LearningClaimValidated": self._claim_validated,
        }

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        handler = self._handlers.get(event.event_type)
        if handler is not None and _recent(event.recorded_at):
            await handler(conn, event)

    async def reset(self, conn: ProjectionConnection) -> None:
        """Nothing is kept: a rebuild announces nothing new (subscribers see live events)."""

    def _session(self, kind: str) -> Handler:
        async def handle(conn: ProjectionConnection, event: RecordedEvent) -> None:
            if event.stream_type != "learning_group":
                return
            d = event.data
            await announce(
                conn, CHANNEL, event.tenant_id, kind=kind, group=d["group_id"],
                session=d["session_id"], startsAt=d.get("starts_at"),
                service="groups", position=event.global_position,
            )  # fmt: skip

        return handle

    def _entry(self, kind: str, id_field: str) -> Handler:
        async def handle(conn: ProjectionConnection, event: RecordedEvent) -> None:
            d: dict[str, Any] = event.data
            await conn.execute(
                _ENTRY, CHANNEL, event.tenant_id, kind, d["enquiry_id"], d[id_field],
                "enquiry", event.global_position,
            )  # fmt: skip

        return handle

    async def _claim_validated(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        d = event.data
        await announce(
            conn, CHANNEL, event.tenant_id, kind="CLAIM_VALIDATED", group=d["group_id"],
            claim=d["claim_id"], service="enquiry", position=event.global_position,
        )  # fmt: skip
