"""Email -> practitioner, for identity providers whose logins are matched by email.

The practitioners and their emails belong to the groups service, and the gateway reads no
service's tables. So the gateway asks groups, through its own engine, as a tenant admin of that
tenant (an internal token it signs for itself, person ``clc-gateway``): every school's
practitioners with their emails, paged. The answer is kept per tenant as an email -> id map for
``ttl_s`` and rebuilt when older; an email not found rebuilds it at most once per ``min_refresh_s``
(a practitioner registered a minute ago can sign in without waiting for the TTL, and unknown
emails cannot make the gateway scan groups on every request). An email that two practitioners of a
tenant share matches nobody.

This is a full read of a tenant's staff per rebuild: fine at a school system's size (thousands),
and to be replaced by a ``practitionerByEmail`` lookup in groups if tenants grow far beyond that.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from eventkit.principal import Principal

from .internal import InternalSigner

__all__ = ["GroupsDirectory"]

log = logging.getLogger("clc_gateway.tenants")

Execute = Callable[[str, dict[str, Any], dict[str, str]], Awaitable[dict[str, Any]]]

_SCHOOLS = """query GatewayDirectorySchools($after: String) {
  schools(first: 100, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}"""
_STAFF = """query GatewayDirectoryStaff($school: ID!, $after: String) {
  school(id: $school) {
    practitioners(first: 100, after: $after) {
      edges { node { id email } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


class GroupsDirectory:
    def __init__(
        self,
        execute: Execute,
        signer: InternalSigner,
        *,
        ttl_s: float = 300.0,
        min_refresh_s: float = 30.0,
    ) -> None:
        self._execute = execute
        self._signer = signer
        self._ttl = ttl_s
        self._min_refresh = min_refresh_s
        self._maps: dict[str, tuple[dict[str, str], float]] = {}  # tenant -> (map, built at)
        self._locks: dict[str, asyncio.Lock] = {}

    async def by_email(self, tenant_id: str, email: str) -> str | None:
        entry = self._maps.get(tenant_id)
        age = time.monotonic() - entry[1] if entry else float("inf")
        if entry is None or age > self._ttl or (email not in entry[0] and age > self._min_refresh):
            entry = await self._rebuild(tenant_id, entry)
        return entry[0].get(email) if entry else None

    async def _rebuild(
        self, tenant_id: str, seen: tuple[dict[str, str], float] | None
    ) -> tuple[dict[str, str], float] | None:
        lock = self._locks.setdefault(tenant_id, asyncio.Lock())
        async with lock:
            current = self._maps.get(tenant_id)
            if current is not seen:  # rebuilt by another request while this one waited
                return current
            try:
                found = await self._read(tenant_id)
            except Exception:
                log.exception("reading tenant %s's practitioners from groups failed", tenant_id)
                return current
            self._maps[tenant_id] = (found, time.monotonic())
            return self._maps[tenant_id]

    async def _read(self, tenant_id: str) -> dict[str, str]:
        admin = Principal(tenant_id=tenant_id, person_id="clc-gateway", roles={"tenant_admin"})
        headers = {"authorization": f"Bearer {self._signer.sign(admin, 'clc-gateway', '')}"}
        schools = await self._pages(_SCHOOLS, {}, headers, ("schools",))
        owners: dict[str, set[str]] = {}
        for school in schools:
            staff = await self._pages(
                _STAFF, {"school": school["id"]}, headers, ("school", "practitioners")
            )
            for person in staff:
                if person.get("email"):
                    owners.setdefault(person["email"].strip().lower(), set()).add(person["id"])
        return {email: ids.pop() for email, ids in owners.items() if len(ids) == 1}

    async def _pages(
        self, query: str, variables: dict[str, Any], headers: dict[str, str], path: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            result = await self._execute(query, {**variables, "after": after}, headers)
            if result.get("errors"):
                raise RuntimeError(f"groups refused the directory query: {result['errors']}")
            connection: Any = result.get("data")
            for name in path:
                connection = (connection or {}).get(name)
            if connection is None:
                return nodes
            nodes += [edge["node"] for edge in connection["edges"]]
            page = connection["pageInfo"]
            if not page["hasNextPage"]:
                return nodes
            after = page["endCursor"]
