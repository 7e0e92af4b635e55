"""Settings -> who may call and how much: the authenticator (tenant IdPs + development secret)
and the front door's guards (rate limit, persisted queries, CORS). Part of the composition root;
nothing connects here — the registry's first load and the JWKS fetches run in the app's lifespan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clc_gateway.http.app import Guards
from clc_gateway.http.cors import Cors
from clc_gateway.http.persisted import PersistedQueries, load_manifest
from clc_gateway.http.ratelimit import RateLimiter

from .model import Registry

if TYPE_CHECKING:
    from clc_gateway.execution.engine import Engine
    from clc_gateway.settings import GatewaySettings

    from .verify import Authenticator

__all__ = ["front_door"]


def front_door(
    settings: GatewaySettings, engine: Engine | None = None
) -> tuple[Authenticator | None, Guards]:
    """``engine``: the gateway's own, for looking up practitioners by email in groups."""
    registry: list[Registry] = [Registry()]  # the current snapshot, swapped whole
    starting: list[Any] = []
    background: list[Any] = []
    authenticator = None
    if not settings.no_auth:
        authenticator = _authenticator(settings, engine, registry, starting, background)
    rate = settings.rate_limit
    guards = Guards(
        limiter=RateLimiter(rate, settings.rate_limit_burst) if rate > 0 else None,
        persisted=PersistedQueries(
            apq=settings.apq,
            allow_list=load_manifest(settings.persisted_manifest)
            if settings.persisted_manifest
            else None,
            max_entries=settings.apq_max_entries,
        ),
        cors=Cors(lambda: registry[0], frozenset(settings.cors_origins)),
        starting=tuple(starting),
        background=tuple(background),
    )
    return authenticator, guards


def _authenticator(
    settings: GatewaySettings,
    engine: Engine | None,
    registry: list[Registry],
    starting: list[Any],
    background: list[Any],
) -> Authenticator:
    from eventkit.principal import JwtVerifier

    from .directory import GroupsDirectory
    from .internal import InternalSigner
    from .jwks import JwksCache
    from .store import RegistrySource, RegistryStore
    from .verify import Authenticator

    dev = None
    if settings.jwt_hs256_secret or settings.jwks or settings.jwks_url:
        dev = JwtVerifier(
            hs256_secret=settings.jwt_hs256_secret,
            jwks=settings.jwks,
            jwks_url=settings.jwks_url,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            max_lifetime_s=settings.jwt_max_lifetime_s,
        )
    if not settings.database_url:
        return Authenticator(dev=dev)
    jwks = JwksCache(refresh_s=settings.jwks_refresh_s, min_refetch_s=settings.jwks_min_refetch_s)

    def changed(new: Registry) -> None:
        registry[0] = new
        jwks.track(new.jwks_urls)

    source = RegistrySource(
        RegistryStore(settings.database_url), settings.tenants_refresh_s, on_change=changed
    )

    async def start() -> None:
        await source.start()
        await jwks.refresh_due()

    starting.append(start)
    background.extend([source.run, jwks.run])
    secret = settings.internal_jwt_secret or settings.jwt_hs256_secret or ""
    signer = InternalSigner(
        secret,
        issuer=settings.internal_jwt_issuer,
        audience=settings.internal_jwt_audience,
        lifetime_s=settings.internal_jwt_lifetime_s,
    )
    directory = None
    if engine is not None:

        async def execute(
            query: str, variables: dict[str, Any], headers: dict[str, str]
        ) -> dict[str, Any]:
            return await engine.execute(query, variables, None, headers)

        directory = GroupsDirectory(execute, signer)
    return Authenticator(
        dev=dev,
        registry=lambda: registry[0],
        jwks=jwks,
        signer=signer,
        directory=directory,
        max_lifetime_s=settings.jwt_max_lifetime_s,
    )
