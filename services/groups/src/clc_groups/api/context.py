"""The per-request GraphQL context: the caller, the services, reading under the caller's tenant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from eventkit.errors import ConsistencyTimeout
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from eventkit.projector import ProjectorRunner
from graphql import GraphQLError
from strawberry.fastapi import BaseContext

from clc_groups.application import GroupsCommands

__all__ = ["GroupsContext", "Services"]


@dataclass(frozen=True)
class Services:
    """What the composition root hands to every request."""

    pool: asyncpg.Pool
    commands: GroupsCommands
    runner: ProjectorRunner | None
    consistency_wait_s: float


class GroupsContext(BaseContext):
    def __init__(
        self, services: Services, principal: Principal | None, auth_error: str | None
    ) -> None:
        super().__init__()
        self.services = services
        self._principal = principal
        self._auth_error = auth_error

    @property
    def principal(self) -> Principal:
        # Checked per field rather than per request so that `_service { sdl }` (which a gateway
        # fetches at start-up, without a user) stays open while every business field is closed.
        if self._principal is None:
            raise GraphQLError(
                self._auth_error or "authentication required",
                extensions={"code": "UNAUTHENTICATED"},
            )
        return self._principal

    @property
    def commands(self) -> GroupsCommands:
        return self.services.commands

    @asynccontextmanager
    async def read(self) -> AsyncIterator[asyncpg.Connection]:
        """A read transaction whose row-level-security tenant is the caller's."""
        async with tenant_transaction(self.services.pool, self.principal.tenant_id) as conn:
            yield conn

    async def reached(self, token: int | None) -> bool:
        """Wait, briefly, until the read models include the write that returned ``token``."""
        runner = self.services.runner
        if not token or runner is None:
            return True
        try:
            await runner.wait_for(token, self.services.consistency_wait_s)
        except ConsistencyTimeout:
            return False
        return True

    async def consistent(self, token: int | None) -> None:
        if not await self.reached(token):
            raise GraphQLError(
                f"the read model did not reach consistency token {token} in time",
                extensions={"code": "CONSISTENCY_TIMEOUT"},
            )
