"""Who is calling: a ``Principal`` read from a verified JWT.

The tenant comes from the credential and nowhere else. Tokens are HS256 with a shared secret (the
development default) or RS256/ES256 verified against a JWKS document, given inline or by URL.
Claims: ``sub`` (person id), ``tid`` (tenant id), ``roles`` (list of strings), ``exp`` (required);
``iss`` and ``aud`` are required when an issuer and audience are configured, and a token may live
at most ``max_lifetime_s``. Every failure to verify — whatever the library raises, including a key
of the wrong type for the header's algorithm — is ``AuthenticationFailed``, never a server error.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import jwt
from pydantic import BaseModel, ConfigDict

from .domain import Actor
from .errors import AuthenticationFailed

__all__ = ["JwtVerifier", "Principal", "issue_dev_token"]

#: the JWK key type (``kty``) each supported asymmetric algorithm verifies with
_KEY_TYPES = {"RS256": "RSA", "ES256": "EC"}


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    person_id: str
    roles: frozenset[str] = frozenset()

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def actor(self) -> Actor:
        return Actor(tenant_id=self.tenant_id, person_id=self.person_id, roles=self.roles)


class JwtVerifier:
    def __init__(
        self,
        *,
        hs256_secret: str | None = None,
        jwks: dict[str, Any] | str | None = None,
        jwks_url: str | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        leeway_s: int = 30,
        max_lifetime_s: int | None = None,
        cache_size: int = 10_000,
        cache_ttl_s: float = 60.0,
    ) -> None:
        if not (hs256_secret or jwks or jwks_url):
            raise ValueError("a JwtVerifier needs an HS256 secret, a JWKS or a JWKS URL")
        self._secret = hs256_secret
        self._jwks = (
            jwt.PyJWKSet.from_dict(json.loads(jwks) if isinstance(jwks, str) else jwks)
            if jwks
            else None
        )
        self._jwks_client = jwt.PyJWKClient(jwks_url) if jwks_url else None
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_s
        self._max_lifetime = max_lifetime_s
        required = ["exp", "sub"]
        required += ["iss"] if issuer else []
        required += ["aud"] if audience else []
        self._required = required
        # Verifying costs ~0.3 ms (PyJWT checks each base64 character in Python), and a client
        # sends the same token with every request: a verified token's principal is remembered,
        # until the token expires or for ``cache_ttl_s`` (so a key removed from a JWKS stops
        # being honoured within that time), whichever comes first.
        self._cache: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_ttl = cache_ttl_s

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        header = jwt.get_unverified_header(token)
        alg = header.get("alg")
        if alg == "HS256" and self._secret:
            return self._secret, ["HS256"]
        if alg in ("RS256", "ES256"):
            kid = header.get("kid")
            if self._jwks is not None:
                for key in self._jwks.keys:
                    # A key of another type than the algorithm needs would make the library
                    # fail with a TypeError: only keys of the header's kind are candidates.
                    if (kid is None or key.key_id == kid) and key.key_type == _KEY_TYPES[alg]:
                        return key.key, [alg]
            if self._jwks_client is not None:
                return self._jwks_client.get_signing_key_from_jwt(token).key, [alg]
        raise AuthenticationFailed(f"unsupported or unconfigured token algorithm {alg!r}")

    def verify(self, token: str) -> Principal:
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None and now < cached[1]:
            return cached[0]
        principal, expires = self._verify(token)
        if self._cache_size > 0:
            self._cache[token] = (principal, min(expires, now + self._cache_ttl))
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            key, algorithms = self._key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": self._required, "verify_aud": self._audience is not None},
            )
        except AuthenticationFailed:
            raise
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(f"invalid token: {exc}") from None
        except Exception:
            raise AuthenticationFailed("invalid token") from None
        self._check_lifetime(claims)
        tenant = claims.get("tid") or claims.get("tenant_id")
        if not isinstance(tenant, str) or not tenant:
            raise AuthenticationFailed("token has no tenant (tid) claim")
        roles = claims.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise AuthenticationFailed("roles claim must be a list of strings")
        principal = Principal(
            tenant_id=tenant, person_id=str(claims["sub"]), roles=frozenset(roles)
        )
        return principal, float(claims["exp"])

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        if self._max_lifetime is None:
            return
        issued = claims.get("iat", time.time())
        if not isinstance(issued, int | float):
            raise AuthenticationFailed("invalid token: iat is not a number")
        if claims["exp"] - issued > self._max_lifetime + self._leeway:
            raise AuthenticationFailed(f"token lives longer than {self._max_lifetime} s")

    def verify_header(self, authorization: str | None) -> Principal:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise AuthenticationFailed("missing bearer token")
        return self.verify(authorization[7:].strip())


def issue_dev_token(
    secret: str,
    *,
    tenant_id: str,
    person_id: str,
    roles: Iterable[str] = (),
    ttl_s: int = 3600,
) -> str:
    """An HS256 token for development, demos and tests."""
    now = int(time.time())
    claims = {
        "sub": person_id,
        "tid": tenant_id,
        "roles": sorted(roles),
        "iat": now,
        "exp": now + ttl_s,
    }
    return jwt.encode(claims, secret, algorithm="HS256")
