"""Reactions to other services' events, through Kafka only: each turns a consumed event into a
command of this service.

* enquiry ``FindingsShared`` → a co-constructed artefact (kind ``ENQUIRY_FINDINGS``, provenance
  the enquiry, contributors the enquiry's, placed in its group and network, a draft the group
  then refines and publishes);
* groups ``SessionHeld`` naming an artefact → a recorded use of it ("used in session X of
  group Y").

Exactly once, even when Kafka redelivers: the new artefact's id and the use's id are derived
from what they react to, and the command id from the event's id, so a second delivery is the
command handler's idempotent repeat (no new event). A refusal (e.g. the artefact is not
published, or unknown in this tenant) is logged and the event passed over: it is an outcome, not
a poison message.

Another tenant's events are handled in that tenant; the actor is the person who caused the
event, with a standing ``vouched`` for by the other service (see ``domain.standing``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.errors import DomainError
from eventkit.principal import Principal
from eventkit.projection import ProjectionConnection

from .artefacts import ArtefactCommands

__all__ = ["REACTIONS_NAMESPACE", "Reactions", "findings_artefact_id", "session_use_id"]

log = logging.getLogger("clc_knowledge.reactions")

#: the namespace of the ids reactions derive (UUID v5)
REACTIONS_NAMESPACE = uuid.UUID("3d9f5c1e-7a53-4a4e-9f0c-6b7c1c2e8a10")


def findings_artefact_id(tenant_id: str, enquiry_id: str, entry_id: str) -> str:
    """The artefact drafted from one sharing of an enquiry's findings."""
    return str(uuid.uuid5(REACTIONS_NAMESPACE, f"findings/{tenant_id}/{enquiry_id}/{entry_id}"))


def session_use_id(tenant_id: str, session_id: str, artefact_id: str) -> str:
    """The use of an artefact recorded for one held session."""
    return str(uuid.uuid5(REACTIONS_NAMESPACE, f"session/{tenant_id}/{session_id}/{artefact_id}"))


def _findings_body(d: dict[str, Any]) -> str:
    return f"{d['summary']}\n\n**Enquiry question:** {d['question']}\n"


class Reactions:
    """A projection in form (the projector feeds it every consumed event), a command issuer in
    substance; ``reset`` does nothing (a rebuild never reacts again)."""

    name = "knowledge-reactions"

    def __init__(self, artefacts: ArtefactCommands) -> None:
        self._artefacts = artefacts
        self._reactions: dict[tuple[str, str], Callable[[RecordedEvent], Awaitable[None]]] = {
            ("enquiry", "FindingsShared"): self._findings_shared,
            ("learning_group", "SessionHeld"): self._session_held,
        }

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        react = self._reactions.get((event.stream_type, event.event_type))
        if react is None:
            return
        try:
            await react(event)
        except DomainError as refused:
            log.info(
                "reaction refused",
                extra={"event_id": str(event.event_id), "code": refused.code},
            )

    async def reset(self, conn: ProjectionConnection) -> None:
        """Nothing to reset."""

    async def _findings_shared(self, event: RecordedEvent) -> None:
        d, tenant = event.data, event.tenant_id
        network = d.get("network_id")
        await self._artefacts.draft_vouched(
            Principal(tenant_id=tenant, person_id=d["author_id"]),
            artefact_id=findings_artefact_id(tenant, d["enquiry_id"], d["entry_id"]),
            command_id=f"reaction/{event.event_id}",
            kind="enquiry_findings",
            knowledge_field="co_constructed",
            provenance={"kind": "enquiry", "id": d["enquiry_id"]},
            title=d["title"],
            summary=d["summary"],
            body=_findings_body(d),
            levels=tuple(d["levels"]),
            group_id=d["group_id"],
            network_id=network,
            visibility="network" if network else "group",
            contributor_ids=tuple(d["contributor_ids"]),
        )

    async def _session_held(self, event: RecordedEvent) -> None:
        d, tenant = event.data, event.tenant_id
        artefact = d.get("artefact_id")
        if not artefact:
            return
        held = datetime.fromisoformat(d["starts_at"]).date() if d.get("starts_at") else None
        await self._artefacts.record_use_vouched(
            Principal(tenant_id=tenant, person_id=event.metadata.actor or "groups"),
            artefact_id=artefact,
            command_id=f"reaction/{event.event_id}",
            use_id=session_use_id(tenant, d["session_id"], artefact),
            context="session",
            group_id=d["group_id"],
            session_id=d["session_id"],
            used_on=held,
        )
