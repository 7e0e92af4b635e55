"""Data keys across services: the owner's internal endpoint, and a client with a small cache.

The service that owns a kind of subject (groups owns practitioners) keeps their keys; another
service that seals data of such a subject with the same key (enquiry: the entries of a
practitioner's reflective log) asks the owner over HTTP, so that destroying the one key erases
the data in every service. The caller proves it is one of ours with a short-lived HS256 token
signed with a secret the two services share (``key_service_secret``; audience ``clc-data-keys``)
— not a user's token: no person asks, a service does, whoever the user was.

``POST /internal/keys`` ``{"tenantId", "subject", "create"}`` and ``POST /internal/keys/by-id``
``{"tenantId", "keyId"}`` answer ``{"keyId", "subject", "key": <base64> | null, "destroyed"}`` or
404. The client keeps live keys for ``ttl_s`` (a destroyed key is never served longer than
that) and destroyed ones for good; ``forget`` drops a subject at once (on ``PractitionerErased``).
"""

from __future__ import annotations

import base64
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .keystore import DataKey, KeyStore

__all__ = [
    "AUDIENCE",
    "DEVELOPMENT_KEY_SERVICE_SECRET",
    "RemoteKeyStore",
    "internal_token",
    "key_routes",
]

AUDIENCE = "clc-data-keys"

#: the shared secret ``make run`` and the tests use; production refuses it
DEVELOPMENT_KEY_SERVICE_SECRET = "clc-key-service-development-secret-change-me"


def internal_token(secret: str, issuer: str, ttl_s: int = 60) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": AUDIENCE, "iat": now, "exp": now + ttl_s}
    return jwt.encode(claims, secret, algorithm="HS256")


def _caller(request: Request, secret: str) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=AUDIENCE,
            options={"require": ["exp", "iss", "aud"]},
        )
    except jwt.InvalidTokenError:
        return None
    return str(claims["iss"])


def _answer(key: DataKey | None) -> Response:
    if key is None:
        return JSONResponse({"error": "no such key"}, status_code=404)
    raw = None if key.key is None else base64.b64encode(key.key).decode()
    return JSONResponse(
        {"keyId": key.key_id, "subject": key.subject, "key": raw, "destroyed": key.destroyed}
    )


def key_routes(
    keys: Callable[[Request], KeyStore], secret: str, subject_prefix: str
) -> list[Route]:
    """The owner's endpoint over ``keys(request)``, for subjects starting ``subject_prefix``."""

    async def guarded(
        request: Request, answer: Callable[[dict[str, Any]], Awaitable[DataKey | None]]
    ) -> Response:
        if _caller(request, secret) is None:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        try:
            body = await request.json()
        except ValueError:
            body = None
        tenant = body.get("tenantId") if isinstance(body, dict) else None
        if not isinstance(tenant, str) or not tenant:
            return JSONResponse({"error": "tenantId and a subject or keyId"}, status_code=400)
        key = await answer(body)
        if key is not None and not key.subject.startswith(subject_prefix):
            key = None
        return _answer(key)

    async def for_subject(request: Request) -> Response:
        async def answer(body: dict[str, Any]) -> DataKey | None:
            subject = str(body.get("subject", ""))
            if not subject.startswith(subject_prefix):
                return None
            store = keys(request)
            return await store.for_subject(
                body["tenantId"], subject, create=bool(body.get("create"))
            )

        return await guarded(request, answer)

    async def by_id(request: Request) -> Response:
        async def answer(body: dict[str, Any]) -> DataKey | None:
            return await keys(request).by_id(body["tenantId"], str(body.get("keyId", "")))

        return await guarded(request, answer)

    return [
        Route("/internal/keys", for_subject, methods=["POST"]),
        Route("/internal/keys/by-id", by_id, methods=["POST"]),
    ]


class RemoteKeyStore:
    """``KeyStore`` over the owner's endpoint; it never destroys (only the owner does)."""

    def __init__(
        self,
        base_url: str,
        secret: str,
        issuer: str,
        *,
        client: httpx.AsyncClient | None = None,
        ttl_s: float = 300.0,
        size: int = 1024,
    ) -> None:
        self._http = client or httpx.AsyncClient(base_url=base_url, timeout=5.0)
        self._secret, self._issuer = secret, issuer
        self._ttl_s, self._size = ttl_s, size
        self._by_id: OrderedDict[tuple[str, str], tuple[float, DataKey]] = OrderedDict()
        self._ids: dict[tuple[str, str], str] = {}

    async def for_subject(self, tenant_id: str, subject: str, *, create: bool) -> DataKey | None:
        key_id = self._ids.get((tenant_id, subject))
        if key_id is not None and (cached := self._cached(tenant_id, key_id)) is not None:
            return cached
        body = {"tenantId": tenant_id, "subject": subject, "create": create}
        return await self._ask("/internal/keys", body)

    async def by_id(self, tenant_id: str, key_id: str) -> DataKey | None:
        cached = self._cached(tenant_id, key_id)
        if cached is not None:
            return cached
        return await self._ask("/internal/keys/by-id", {"tenantId": tenant_id, "keyId": key_id})

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        raise PermissionError("only the service that owns a key destroys it")

    def forget(self, tenant_id: str, subject: str) -> None:
        key_id = self._ids.pop((tenant_id, subject), None)
        if key_id is not None:
            self._by_id.pop((tenant_id, key_id), None)

    async def aclose(self) -> None:
        await self._http.aclose()

    def _cached(self, tenant_id: str, key_id: str) -> DataKey | None:
        hit = self._by_id.get((tenant_id, key_id))
        if hit is None:
            return None
        at, key = hit
        if not key.destroyed and time.monotonic() - at > self._ttl_s:
            self._by_id.pop((tenant_id, key_id), None)
            return None
        self._by_id.move_to_end((tenant_id, key_id))
        return key

    async def _ask(self, path: str, body: dict[str, Any]) -> DataKey | None:
        token = internal_token(self._secret, self._issuer)
        response = await self._http.post(
            path, json=body, headers={"authorization": f"Bearer {token}"}
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        found = response.json()
        raw = found["key"]
        key = DataKey(
            found["keyId"],
            body["tenantId"],
            found["subject"],
            None if raw is None else base64.b64decode(raw),
        )
        self._by_id[(key.tenant_id, key.key_id)] = (time.monotonic(), key)
        self._ids[(key.tenant_id, key.subject)] = key.key_id
        while len(self._by_id) > self._size:
            (tenant, old), _ = self._by_id.popitem(last=False)
            self._ids = {k: v for k, v in self._ids.items() if (k[0], v) != (tenant, old)}
        return key
