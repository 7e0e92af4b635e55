"""The gateway's own short-lived tokens for the subgraphs.

Subgraphs know one way to verify a caller (eventkit's ``JwtVerifier``, configured per
deployment), not every school system's identity provider. So once the gateway has verified a
token from a tenant's IdP, it forwards a token it signs itself: ``sub`` (the practitioner), ``tid``
(the tenant the IdP belongs to), ``roles``, ``iss``/``aud`` as the subgraphs are configured to
require, a few minutes of life, and — for the record — the IdP's issuer and subject
(``idp_iss``, ``idp_sub``). The trust chain: IdP key → gateway (verifies, maps, decides the tenant)
→ gateway's signing secret → subgraph (verifies again, reads the tenant from the token only).
"""

from __future__ import annotations

import time

import jwt
from eventkit.principal import Principal

__all__ = ["InternalSigner"]


class InternalSigner:
    def __init__(
        self,
        secret: str,
        *,
        issuer: str | None = "clc-gateway",
        audience: str | None = None,
        lifetime_s: int = 300,
    ) -> None:
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self.lifetime_s = lifetime_s

    def sign(self, principal: Principal, idp_issuer: str, idp_subject: str) -> str:
        now = int(time.time())
        claims: dict[str, object] = {
            "sub": principal.person_id,
            "tid": principal.tenant_id,
            "roles": sorted(principal.roles),
            "iat": now,
            "exp": now + self.lifetime_s,
            "idp_iss": idp_issuer,
            "idp_sub": idp_subject,
        }
        if self._issuer:
            claims["iss"] = self._issuer
        if self._audience:
            claims["aud"] = self._audience
        return jwt.encode(claims, self._secret, algorithm="HS256")
