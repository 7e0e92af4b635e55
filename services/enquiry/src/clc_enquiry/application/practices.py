"""Enquiry use cases of the practices of issue 11: action learning set turns, impact evidence on
actions, and the home group's consent to share a taken-home action's outcome. ``EnquiryCommands``
inherits them; each is a command on an existing enquiry (``_on``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    AskTurnQuestion,
    CommitToAction,
    EnquiryState,
    RecordActionImpact,
    ShareActionOutcome,
    TakeTurn,
)

from .facts import plain

__all__ = ["PracticeCommands"]

Result = CommandResult[EnquiryState]
CommandId = str | None


class PracticeCommands:
    async def _on(
        self,
        command_type: type[Any],
        principal: Principal,
        enquiry_id: str,
        command_id: CommandId,
        **fields: Any,
    ) -> Result:
        raise NotImplementedError  # EnquiryCommands'

    async def share_outcome(
        self, principal: Principal, *, enquiry_id: str, action_id: str, command_id: CommandId = None
    ) -> Result:
        return await self._on(
            ShareActionOutcome, principal, enquiry_id, command_id, action_id=action_id
        )

    async def take_turn(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        turn_id: str,
        issue: str,
        presenter_id: str | None = None,
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        fields = {"cycle_id": cycle_id, "turn_id": turn_id, "issue": issue}
        return await self._on(
            TakeTurn,
            principal,
            enquiry_id,
            command_id,
            **fields,
            presenter_id=presenter_id,
            written_at=written_at,
        )

    async def ask_turn_question(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        turn_id: str,
        entry_id: str,
        question: str,
        command_id: CommandId = None,
    ) -> Result:
        fields = {"turn_id": turn_id, "entry_id": entry_id, "question": question}
        return await self._on(AskTurnQuestion, principal, enquiry_id, command_id, **fields)

    async def commit_to_action(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        turn_id: str,
        action_id: str,
        command_id: CommandId = None,
    ) -> Result:
        fields = {"turn_id": turn_id, "action_id": action_id}
        return await self._on(CommitToAction, principal, enquiry_id, command_id, **fields)

    async def record_impact(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        action_id: str,
        measure_id: str,
        measure: Any,
        command_id: CommandId = None,
    ) -> Result:
        fields = {"action_id": action_id, "measure_id": measure_id, "measure": plain(measure)}
        return await self._on(RecordActionImpact, principal, enquiry_id, command_id, **fields)
