"""Personal reflective log use cases: writing an entry, sharing it with a group, withdrawing the
share. The stream id is the entry id; the group shared with comes from the membership model."""

from __future__ import annotations

from datetime import datetime

from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    ReflectiveLogState,
    ShareReflectiveLogEntry,
    WithdrawReflectiveLogShare,
    WriteReflectiveLogEntry,
)
from clc_enquiry.membership import MembershipLookup

from .base import Handlers, build, execute
from .facts import canonical_id, group_membership

__all__ = ["ReflectiveLogCommands"]

Result = CommandResult[ReflectiveLogState]
CommandId = str | None


class ReflectiveLogCommands:
    def __init__(self, handlers: Handlers, membership: MembershipLookup) -> None:
        self._h = handlers
        self._membership = membership

    async def write(
        self,
        principal: Principal,
        *,
        entry_id: str,
        text: str,
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        eid = canonical_id("entry_id", entry_id)
        command = build(
            WriteReflectiveLogEntry, principal, entry_id=eid, text=text, written_at=written_at
        )
        return await execute(self._h.reflective_logs, eid, command, principal, command_id)

    async def share(
        self, principal: Principal, *, entry_id: str, group_id: str, command_id: CommandId = None
    ) -> Result:
        eid = canonical_id("entry_id", entry_id)
        membership = await group_membership(self._membership, principal, group_id)
        command = build(ShareReflectiveLogEntry, principal, entry_id=eid, membership=membership)
        return await execute(self._h.reflective_logs, eid, command, principal, command_id)

    async def withdraw(
        self, principal: Principal, *, entry_id: str, group_id: str, command_id: CommandId = None
    ) -> Result:
        eid = canonical_id("entry_id", entry_id)
        command = build(WithdrawReflectiveLogShare, principal, entry_id=eid, group_id=group_id)
        return await execute(self._h.reflective_logs, eid, command, principal, command_id)
