"""Who is calling, across every tenant's identity provider and the development secret.

A bearer token whose ``iss`` is registered is verified against that identity provider only:
its JWKS (RS256/ES256, never HS256 — a public key must not double as an HMAC secret), its
audience, a bounded lifetime. Its tenant is the tenant the issuer is registered for; a tenant
claim (``tid``/``tenant_id``) in the token is not needed, and if present must name the same tenant
or the token is refused (a disagreement is a misconfigured or forged token, never a choice).
The person is found by the IdP's claim mapping (``PersonMatch``), and the subgraphs get a token the
gateway signs (``InternalSigner``).

Any other token goes to the development/legacy verifier (the shared HS256 secret of ``make run``,
or a single configured JWKS), and is forwarded as it came, as before tenants had their own IdPs.
A verified caller is remembered by its token for at most ``cache_ttl_s``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import jwt
from eventkit.errors import AuthenticationFailed
from eventkit.principal import JwtVerifier, Principal

from .internal import InternalSigner
from .jwks import JwksCache
from .model import IdentityProvider, PersonMatch, Registry, roster_person_id

__all__ = ["Authenticator", "Caller", "PersonDirectory"]

_KEY_TYPES = {"RS256": "RSA", "ES256": "EC"}


class PersonDirectory(Protocol):
    async def by_email(self, tenant_id: str, email: str) -> str | None:
        """The practitioner id with this email in the tenant, if exactly one has it."""


@dataclass(frozen=True)
class Caller:
    principal: Principal
    authorization: str
    """The Authorization header the subgraphs get."""
    issuer: str | None = None
    """The tenant IdP that signed the caller in (None: the development/legacy verifier)."""


class Authenticator:
    def __init__(
        self,
        *,
        dev: JwtVerifier | None = None,
        registry: Callable[[], Registry] = Registry,
        jwks: JwksCache | None = None,
        signer: InternalSigner | None = None,
        directory: PersonDirectory | None = None,
        leeway_s: int = 30,
        max_lifetime_s: int | None = 24 * 3600,
        cache_size: int = 10_000,
        cache_ttl_s: float = 60.0,
    ) -> None:
        self._dev = dev
        self._registry = registry
        self._jwks = jwks
        self._signer = signer
        self._directory = directory
        self._leeway = leeway_s
        self._max_lifetime = max_lifetime_s
        self._cache: OrderedDict[str, tuple[Caller, float]] = OrderedDict()
        self._cache_size = cache_size
        # the internal token a cached caller carries must outlive its stay in the cache
        ttl = cache_ttl_s if signer is None else min(cache_ttl_s, signer.lifetime_s / 2)
        self._cache_ttl = ttl

    async def authenticate(self, authorization: str | None) -> Caller:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise AuthenticationFailed("missing bearer token")
        token = authorization[7:].strip()
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None and now < cached[1]:
            return cached[0]
        caller, expires = await self._verify(token)
        if self._cache_size > 0:
            self._cache[token] = (caller, min(expires, now + self._cache_ttl))
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return caller

    async def _verify(self, token: str) -> tuple[Caller, float]:
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(f"invalid token: {exc}") from None
        issuer = unverified.get("iss")
        provider = self._registry().provider(issuer) if isinstance(issuer, str) else None
        if provider is not None:
            return await self._verify_tenant_token(token, header, provider)
        if self._dev is None:
            raise AuthenticationFailed(f"no identity provider is registered for issuer {issuer!r}")
        try:
            principal = self._dev.verify(token)
        except AuthenticationFailed as exc:
            if issuer is None:
                raise
            raise AuthenticationFailed(f"issuer {issuer!r} is not registered ({exc})") from None
        expires = unverified.get("exp")
        until = float(expires) if isinstance(expires, int | float) else time.time()
        return Caller(principal, f"Bearer {token}"), until

    async def _verify_tenant_token(
        self, token: str, header: dict[str, Any], provider: IdentityProvider
    ) -> tuple[Caller, float]:
        alg = header.get("alg")
        if alg not in _KEY_TYPES or self._jwks is None:
            raise AuthenticationFailed(f"{provider.issuer} tokens must be RS256 or ES256")
        kid = header.get("kid")
        key = await self._jwks.key(provider.jwks_url, kid, _KEY_TYPES[alg])
        if key is None:
            raise AuthenticationFailed(f"no key {kid!r} in the JWKS of {provider.issuer}")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                issuer=provider.issuer,
                audience=provider.audience,
                leeway=self._leeway,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(f"invalid token: {exc}") from None
        self._check_lifetime(claims)
        tenant = provider.tenant_id
        claimed = claims.get("tid", claims.get("tenant_id"))
        if claimed is not None and claimed != tenant:
            raise AuthenticationFailed(f"the token's tenant claim disagrees with {provider.issuer}")
        principal = Principal(
            tenant_id=tenant,
            person_id=await self._person(claims, provider),
            roles=frozenset(_roles(claims, provider.roles_claim)),
        )
        if self._signer is None:
            raise AuthenticationFailed("the gateway has no internal signing secret")
        subject = str(claims.get("sub", ""))
        forwarded = self._signer.sign(principal, provider.issuer, subject)
        return Caller(principal, f"Bearer {forwarded}", provider.issuer), float(claims["exp"])

    async def _person(self, claims: dict[str, Any], provider: IdentityProvider) -> str:
        value = claims.get(provider.person_claim)
        if not isinstance(value, str) or not value:
            raise AuthenticationFailed(f"the token has no {provider.person_claim!r} claim")
        if provider.match is PersonMatch.SOURCED_ID:
            return roster_person_id(provider.tenant_id, value)
        if provider.match is PersonMatch.EMAIL:
            if claims.get("email_verified") is False:
                raise AuthenticationFailed("the IdP has not verified this email address")
            found = None
            if self._directory is not None:
                found = await self._directory.by_email(provider.tenant_id, value.strip().lower())
            if found is None:
                raise AuthenticationFailed("no practitioner of this tenant has that email")
            return found
        return value

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        if self._max_lifetime is None:
            return
        issued = claims.get("iat", time.time())
        if not isinstance(issued, int | float):
            raise AuthenticationFailed("invalid token: iat is not a number")
        if claims["exp"] - issued > self._max_lifetime + self._leeway:
            raise AuthenticationFailed(f"token lives longer than {self._max_lifetime} s")


def _roles(claims: dict[str, Any], name: str) -> list[str]:
    roles = claims.get(name, [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthenticationFailed(f"the {name!r} claim must be a list of strings")
    return roles
