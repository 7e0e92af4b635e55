"""CORS, with the allowed origins kept per tenant in the registry.

A preflight carries no credentials, so it cannot say which tenant it is for: it is answered for an
origin that any tenant allows (or that ``GATEWAY_CORS_ORIGINS`` allows everywhere). The request
itself is then judged by its caller's tenant: its answer carries ``Access-Control-Allow-Origin``
only if that tenant allows the origin, so a page of school system A's origin cannot read answers
made for a token of tenant B. An origin nobody allows gets no CORS headers at all (the browser
then refuses the page the answer). Bearer tokens, not cookies: no ``Allow-Credentials``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from clc_gateway.tenants.model import Registry

__all__ = ["Cors"]

_HEADER_NAMES = re.compile(r"[A-Za-z0-9-]+")
_EXPOSED = "x-correlation-id, retry-after, x-consistency-token"


class Cors:
    def __init__(
        self,
        registry: Callable[[], Registry] = Registry,
        everywhere: frozenset[str] = frozenset(),
        max_age_s: int = 600,
    ) -> None:
        self._registry = registry
        self._everywhere = everywhere
        self._max_age = str(max_age_s)

    def _allowed(self, origin: str, tenant_id: str | None) -> bool:
        if origin in self._everywhere or "*" in self._everywhere:
            return True
        registry = self._registry()
        return origin in (
            registry.origins_of(tenant_id) if tenant_id is not None else registry.any_origins
        )

    def preflight(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        response = Response(status_code=204, headers={"vary": "Origin"})
        if origin is None or not self._allowed(origin, None):
            return response
        asked = request.headers.get("access-control-request-headers", "")
        names = [h.strip() for h in asked.split(",") if _HEADER_NAMES.fullmatch(h.strip())]
        response.headers.update(
            {
                "access-control-allow-origin": origin,
                "access-control-allow-methods": "GET, POST, OPTIONS",
                "access-control-allow-headers": ", ".join(names) or "content-type",
                "access-control-max-age": self._max_age,
            }
        )
        return response

    def decorate(self, response: Response, origin: str | None, tenant_id: str | None) -> None:
        """Add the headers an answer to ``origin`` for a caller of ``tenant_id`` may carry
        (``None``: no verified caller — judged like a preflight)."""
        if origin is None:
            return
        response.headers["vary"] = "Origin"
        if self._allowed(origin, tenant_id):
            response.headers["access-control-allow-origin"] = origin
            response.headers["access-control-expose-headers"] = _EXPOSED
