"""Toolkit use cases: creating, curating (add, remove, reorder), publishing and adopting.

The toolkit's stream holds its artefacts' ids only; what the domain needs to know about an
artefact (its status, and whether the actor sees it) is looked up from the artefact's own stream
and handed in as a fact (``ArtefactFact``, declared in the command's ``FACTS``). Adopting a toolkit
records a use of each of its artefacts by the adopting group (``ArtefactUseRecorded``, context
``group``), with use ids derived from the adoption, so a retried adoption records nothing twice.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any, Protocol

from eventkit.errors import DomainError
from eventkit.handling import CommandHandler, CommandResult
from eventkit.idempotency import DEVELOPMENT_FINGERPRINT_KEY
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore

from clc_knowledge.domain import ArtefactState, sees
from clc_knowledge.domain.toolkit import (
    TOOLKIT_DECIDER,
    AddArtefactToToolkit,
    AdoptToolkit,
    ArtefactFact,
    CreateToolkit,
    PublishToolkit,
    RemoveArtefactFromToolkit,
    ReorderToolkit,
    ToolkitState,
    reader_for,
)
from clc_knowledge.domain.values import ArtefactStatus, UseContext

from .artefacts import ArtefactCommands
from .base import build, execute, registry
from .facts import Standings, canonical_id

__all__ = ["ToolkitCommands", "Wiring", "artefact_fact"]


class Wiring(Protocol):
    """What these use cases take from the service's composition (``KnowledgeService``)."""

    standings: Standings
    artefacts: ArtefactCommands


Result = CommandResult[ToolkitState]
CommandId = str | None


async def artefact_fact(
    artefacts: ArtefactCommands, standings: Standings, principal: Principal, artefact_id: str
) -> tuple[ArtefactFact, ArtefactState]:
    """The artefact as ``principal`` sees it: its status, or None if absent or not visible."""
    aid = canonical_id("artefact_id", artefact_id)
    state = await artefacts.state_of(principal, aid)
    status: ArtefactStatus | None = state.status
    if status is not None:
        standing = await standings.standing(principal, state.group_id, state.network_id)
        reader = reader_for(principal.actor(), standing, state.group_id, state.network_id)
        if not sees(reader, state.audience(principal.tenant_id)):
            status = None
    return ArtefactFact(artefact_id=aid, status=status), state


class ToolkitCommands:
    def __init__(
        self,
        store: EventStore,
        service: Wiring,
        events: EventRegistry | None = None,
        fingerprint_key: bytes | None = None,
    ) -> None:
        self.handler = CommandHandler(
            store,
            events or registry(),
            TOOLKIT_DECIDER,
            fingerprint_key=fingerprint_key or DEVELOPMENT_FINGERPRINT_KEY,
        )
        self._standings = service.standings
        self._artefacts = service.artefacts

    async def create(
        self, principal: Principal, *, toolkit_id: str, command_id: CommandId = None, **fields: Any
    ) -> Result:
        """``fields``: title, purpose, group_id, school_id, network_id, visibility."""
        tid = canonical_id("toolkit_id", toolkit_id)
        standing = await self._standings.standing(
            principal, fields.get("group_id"), fields.get("network_id")
        )
        command = build(CreateToolkit, principal, toolkit_id=tid, standing=standing, **fields)
        return await execute(self.handler, tid, command, principal, command_id)

    async def add_artefact(
        self, principal: Principal, *, toolkit_id: str, artefact_id: str, **fields: Any
    ) -> Result:
        fact, _ = await artefact_fact(self._artefacts, self._standings, principal, artefact_id)
        return await self._on(AddArtefactToToolkit, principal, toolkit_id, artefact=fact, **fields)

    async def remove_artefact(
        self, principal: Principal, *, toolkit_id: str, **fields: Any
    ) -> Result:
        return await self._on(RemoveArtefactFromToolkit, principal, toolkit_id, **fields)

    async def reorder(self, principal: Principal, *, toolkit_id: str, **fields: Any) -> Result:
        return await self._on(ReorderToolkit, principal, toolkit_id, **fields)

    async def publish(self, principal: Principal, *, toolkit_id: str, **fields: Any) -> Result:
        state = await self.state_of(principal, canonical_id("toolkit_id", toolkit_id))
        unpublished = []
        for aid in state.artefact_ids:
            artefact = await self._artefacts.state_of(principal, aid)
            if artefact.status is not ArtefactStatus.PUBLISHED:
                unpublished.append(aid)
        return await self._on(
            PublishToolkit,
            principal,
            toolkit_id,
            unpublished_artefact_ids=tuple(unpublished),
            **fields,
        )

    async def adopt(
        self, principal: Principal, *, toolkit_id: str, group_id: str, **fields: Any
    ) -> Result:
        """Adopt for ``group_id``, then record a use of each artefact by that group."""
        adopter = await self._standings.standing(principal, group_id, None)
        result = await self._on(
            AdoptToolkit, principal, toolkit_id, group_id=group_id, adopter=adopter, **fields
        )
        position = result.position
        for event in result.events:
            for aid in getattr(event, "artefact_ids", ()):
                used = await self._record_use(principal, result.stream_id, group_id, aid)
                position = max(position, used)
        # the adoption's consistency token covers the uses it recorded, so a read that follows
        # it sees each artefact's use as well as the adoption
        return dataclasses.replace(result, position=position)

    async def _record_use(
        self, principal: Principal, toolkit_id: str, group_id: str, artefact_id: str
    ) -> int:
        """The position of the use recorded (0 if none was)."""
        use_id = str(uuid.uuid5(uuid.UUID(toolkit_id), f"adopted:{group_id}:{artefact_id}"))
        try:
            recorded = await self._artefacts.record_use(
                principal,
                artefact_id=artefact_id,
                use_id=use_id,
                context=UseContext.GROUP,
                group_id=group_id,
                note="adopted with a toolkit",
            )
        except DomainError:
            # already recorded (a retried adoption), or retired since: the adoption stands
            return 0
        return recorded.position

    async def state_of(self, principal: Principal, toolkit_id: str) -> ToolkitState:
        state, _ = await self.handler.load(toolkit_id, principal.tenant_id)
        return state

    async def _on(
        self,
        command_type: type[Any],
        principal: Principal,
        toolkit_id: str,
        command_id: CommandId = None,
        **fields: Any,
    ) -> Result:
        tid = canonical_id("toolkit_id", toolkit_id)
        state = await self.state_of(principal, tid)
        standing = await self._standings.standing(principal, state.group_id, state.network_id)
        command = build(command_type, principal, toolkit_id=tid, standing=standing, **fields)
        return await execute(self.handler, tid, command, principal, command_id)
