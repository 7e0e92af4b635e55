"""Artefact use cases: drafting, revising, publishing, the commons, adapting, endorsing, uses,
attachments and retiring.

Ids of artefacts, attachments and uses are UUIDs the client may generate; the client's command id
makes every command idempotent. The stream id is the artefact id, in canonical form. Each use case
looks up the actor's standing relative to the artefact (its group and network, read from the
artefact's own stream first) and hands it to the domain with the command.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventkit.errors import InvalidInput
from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_knowledge.domain import (
    AdaptArtefact,
    AddAttachment,
    ArtefactState,
    ClaimBestPractice,
    DraftArtefact,
    EndorseArtefact,
    PublishArtefact,
    PublishArtefactToCommons,
    RecordArtefactUse,
    RemoveAttachment,
    RetireArtefact,
    ReviseArtefact,
    SetArtefactVisibility,
    Standing,
    WithdrawArtefactFromCommons,
)
from clc_knowledge.domain.artefact.commands import ArtefactCommand

from .adaptation import commons_source, own_source, with_source_text
from .base import Handlers, build, execute
from .facts import CommonsLookup, NoCommons, Standings, canonical_id, parse_commons_id

__all__ = ["ArtefactCommands"]

Result = CommandResult[ArtefactState]
_VOUCHED = Standing(vouched=True)
CommandId = str | None


class ArtefactCommands:
    def __init__(
        self, handlers: Handlers, standings: Standings, commons: CommonsLookup | None = None
    ) -> None:
        self._h = handlers
        self._standings = standings
        self._commons = commons or NoCommons()

    async def adapt(
        self,
        principal: Principal,
        *,
        artefact_id: str,
        source_artefact_id: str | None = None,
        source_commons_id: str | None = None,
        command_id: CommandId = None,
        **fields: Any,
    ) -> Result:
        """A new artefact (``artefact_id``) re-worked from a published one: of this tenant
        (``source_artefact_id``) or another's, through the commons (``source_commons_id``).
        Content fields left out are the source's."""
        aid = canonical_id("artefact_id", artefact_id)
        tenant = principal.tenant_id
        if source_commons_id is not None:
            source_tenant, source_id = parse_commons_id(source_commons_id)
        elif source_artefact_id is not None:
            source_tenant, source_id = (
                tenant,
                canonical_id("source_artefact_id", source_artefact_id),
            )
        else:
            raise InvalidInput("name the source artefact", field="source_artefact_id")
        if source_tenant == tenant:
            state = await self.state_of(principal, source_id)
            source, text = await own_source(self._standings, principal, state, source_id)
        else:
            source, text = await commons_source(self._commons, source_tenant, source_id)
        standing = await self._standings.standing(
            principal, fields.get("group_id"), fields.get("network_id")
        )
        command = build(
            AdaptArtefact,
            principal,
            artefact_id=aid,
            standing=standing,
            source=source,
            **with_source_text(fields, text),
        )
        return await execute(self._h.artefacts, aid, command, principal, command_id)

    async def draft(
        self,
        principal: Principal,
        *,
        artefact_id: str,
        command_id: CommandId = None,
        contributor_school_ids: Sequence[str] = (),
        **fields: Any,
    ) -> Result:
        """``fields``: those of ``DraftArtefact`` (title, body, kind, knowledge_field, levels,
        links, citations, provenance, group_id, school_id, network_id, visibility,
        contributor_ids)."""
        aid = canonical_id("artefact_id", artefact_id)
        standing = await self._standings.standing(
            principal, fields.get("group_id"), fields.get("network_id")
        )
        command = build(
            DraftArtefact,
            principal,
            artefact_id=aid,
            standing=standing,
            contributor_school_ids=tuple(contributor_school_ids),
            **fields,
        )
        return await execute(self._h.artefacts, aid, command, principal, command_id)

    async def draft_vouched(
        self,
        principal: Principal,
        *,
        artefact_id: str,
        command_id: CommandId = None,
        **fields: Any,
    ) -> Result:
        """A draft another service's event vouches for (a reaction): no standing looked up."""
        aid = canonical_id("artefact_id", artefact_id)
        command = build(DraftArtefact, principal, artefact_id=aid, standing=_VOUCHED, **fields)
        return await execute(self._h.artefacts, aid, command, principal, command_id)

    async def record_use_vouched(
        self,
        principal: Principal,
        *,
        artefact_id: str,
        command_id: CommandId = None,
        **fields: Any,
    ) -> Result:
        """A use another service's event vouches for (a reaction)."""
        aid = canonical_id("artefact_id", artefact_id)
        command = build(RecordArtefactUse, principal, artefact_id=aid, standing=_VOUCHED, **fields)
        return await execute(self._h.artefacts, aid, command, principal, command_id)

    async def revise(self, principal: Principal, *, artefact_id: str, **fields: Any) -> Result:
        return await self._on(ReviseArtefact, principal, artefact_id, **fields)

    async def publish(self, principal: Principal, *, artefact_id: str, **fields: Any) -> Result:
        return await self._on(PublishArtefact, principal, artefact_id, **fields)

    async def set_visibility(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        return await self._on(SetArtefactVisibility, principal, artefact_id, **fields)

    async def publish_to_commons(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        return await self._on(PublishArtefactToCommons, principal, artefact_id, **fields)

    async def withdraw_from_commons(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        return await self._on(WithdrawArtefactFromCommons, principal, artefact_id, **fields)

    async def endorse(self, principal: Principal, *, artefact_id: str, **fields: Any) -> Result:
        return await self._on(EndorseArtefact, principal, artefact_id, **fields)

    async def claim_best_practice(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        return await self._on(ClaimBestPractice, principal, artefact_id, **fields)

    async def record_use(self, principal: Principal, *, artefact_id: str, **fields: Any) -> Result:
        return await self._on(RecordArtefactUse, principal, artefact_id, **fields)

    async def retire(self, principal: Principal, *, artefact_id: str, **fields: Any) -> Result:
        return await self._on(RetireArtefact, principal, artefact_id, **fields)

    async def add_attachment(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        """The blob is already stored; ``fields`` are ``AddAttachment``'s metadata."""
        return await self._on(AddAttachment, principal, artefact_id, **fields)

    async def remove_attachment(
        self, principal: Principal, *, artefact_id: str, **fields: Any
    ) -> Result:
        return await self._on(RemoveAttachment, principal, artefact_id, **fields)

    async def state_of(self, principal: Principal, artefact_id: str) -> ArtefactState:
        """The artefact as its stream says (the initial state if there is none)."""
        state, _ = await self._h.artefacts.load(artefact_id, principal.tenant_id)
        return state

    async def _on(
        self,
        command_type: type[ArtefactCommand],
        principal: Principal,
        artefact_id: str,
        command_id: CommandId = None,
        **fields: Any,
    ) -> Result:
        aid = canonical_id("artefact_id", artefact_id)
        state = await self.state_of(principal, aid)
        standing = await self._standings.standing(principal, state.group_id, state.network_id)
        command = build(command_type, principal, artefact_id=aid, standing=standing, **fields)
        return await execute(self._h.artefacts, aid, command, principal, command_id)
