"""The per-request GraphQL context: the caller, the services, reading under the caller's tenant.

Over HTTP (``servicekit.http``) the bearer token is verified before the document is even parsed,
so every context built there has a principal. ``authenticate`` still builds a context from a
header that may be bad, for embedding the schema elsewhere; then a missing or bad token is
reported when a field asks for ``principal``.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Generic, Self, TypeVar

import asyncpg
from eventkit.errors import AuthenticationFailed, ConsistencyTimeout
from eventkit.pg import tenant_transaction
from eventkit.principal import JwtVerifier, Principal
from graphql import GraphQLError
from strawberry.fastapi import BaseContext

from .runtime import Services

__all__ = ["ServiceContext"]

#: tenant ids that can be written as an SQL literal as they are (no quote, backslash, NUL…)
_PLAIN = re.compile(r"^[A-Za-z0-9_.:@-]{1,200}$")

C = TypeVar("C")


class ServiceContext(BaseContext, Generic[C]):
    def __init__(
        self, services: Services[C], principal: Principal | None, auth_error: str | None
    ) -> None:
        super().__init__()
        self.services = services
        self._principal = principal
        self._auth_error = auth_error
        self._written: int | None = None

    @classmethod
    def authenticate(
        cls, services: Services[C], verifier: JwtVerifier, authorization: str | None
    ) -> Self:
        """The context of a request with this ``Authorization`` header (valid or not)."""
        try:
            principal = verifier.verify_header(authorization)
        except AuthenticationFailed as exc:
            return cls(services, None, str(exc))
        return cls(services, principal, None)

    @property
    def principal(self) -> Principal:
        """The verified caller, or an ``UNAUTHENTICATED`` GraphQL error for the asking field."""
        if self._principal is None:
            raise GraphQLError(
                self._auth_error or "authentication required",
                extensions={"code": "UNAUTHENTICATED"},
            )
        return self._principal

    @property
    def commands(self) -> C:
        """The service's application layer."""
        return self.services.commands

    @asynccontextmanager
    async def read(self) -> AsyncIterator[asyncpg.Connection]:
        """A read transaction whose row-level-security tenant is the caller's.

        Like ``eventkit.pg.tenant_transaction``, one round trip shorter: ``BEGIN`` and setting
        the tenant travel together as one simple-protocol message (a read is three round trips:
        that, the query, ``COMMIT``). The tenant is inlined as a literal only when it is made of
        plain id characters; any other falls back to the parameterised path.
        """
        tenant = self.principal.tenant_id
        if not _PLAIN.match(tenant):
            async with tenant_transaction(self.services.pool, tenant) as conn:
                yield conn
            return
        async with self.services.pool.acquire() as conn:
            await conn.execute(f"begin; select set_config('app.tenant_id', '{tenant}', true)")
            try:
                yield conn
            except BaseException:
                # Should the rollback fail too, the pool rolls back on release; the original
                # error is the one to report.
                with contextlib.suppress(Exception):
                    await conn.execute("rollback")
                raise
            await conn.execute("commit")

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

    async def reached_token(self, token: str) -> bool:
        """Wait, briefly, until the read models include every pair of the (opaque) ``token``
        this service can wait for: its own writes and those of the services it follows. One
        deadline for all pairs. A malformed token is a ``BAD_CONSISTENCY_TOKEN`` error."""
        from .consistency import decode_token  # consistency types its helpers with this class

        runner = self.services.runner
        sources = self.services.sources
        pairs = [(sources[s], p) for s, p in decode_token(token).items() if s in sources]
        if runner is None or not pairs:
            return True
        deadline = time.monotonic() + self.services.consistency_wait_s
        try:
            for source, position in pairs:
                left = max(deadline - time.monotonic(), 0.0)
                await runner.wait_for(position, left, source=source)
        except ConsistencyTimeout:
            return False
        return True

    def wrote(self, position: int | None) -> None:
        """Note a write of this request (its position), answered as the response's token."""
        if position is not None and (self._written is None or position > self._written):
            self._written = position

    @property
    def written(self) -> int | None:
        """The furthest position this request wrote (None: it wrote nothing)."""
        return self._written

    async def consistent(self, token: int | None) -> None:
        """Like ``reached``, but a ``CONSISTENCY_TIMEOUT`` GraphQL error if it is not."""
        if not await self.reached(token):
            raise GraphQLError(
                f"the read model did not reach consistency token {token} in time",
                extensions={"code": "CONSISTENCY_TIMEOUT"},
            )
