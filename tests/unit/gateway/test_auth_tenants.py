"""Signing in with a tenant's own identity provider: each IdP's JWKS served over real HTTP on
loopback, keys made in the test. A token acts only in its issuer's tenant; unknown kids, expired
tokens, wrong audiences are refused; keys are fetched off the request path and a flood of unknown
kids cannot hammer the IdP; the subgraphs get a token the gateway signs and they can verify."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import jwt
import pytest
from clc_gateway.tenants.internal import InternalSigner
from clc_gateway.tenants.jwks import JwksCache
from clc_gateway.tenants.model import (
    IdentityProvider,
    PersonMatch,
    Registry,
    Tenant,
    roster_person_id,
)
from clc_gateway.tenants.verify import Authenticator
from clc_groups.roster.plan import stream_id
from eventkit.errors import AuthenticationFailed
from eventkit.principal import JwtVerifier, issue_dev_token

from tests.unit.gateway.auth_idp import Idp, serving

INTERNAL = "i" * 32
DEV = "d" * 32


@pytest.fixture
def idps() -> Iterator[tuple[Idp, Idp]]:
    a, b = Idp("https://login.a.example", kid="a1"), Idp("https://login.b.example", kid="b1")
    with serving(a), serving(b):
        yield a, b


def registry_of(a: Idp, b: Idp, match_a: PersonMatch = PersonMatch.SUBJECT) -> Registry:
    return Registry.of(
        [Tenant("tenant-a"), Tenant("tenant-b")],
        [
            IdentityProvider("tenant-a", a.issuer, a.url, a.audience, "sub", match_a),
            IdentityProvider("tenant-b", b.issuer, b.url, b.audience),
        ],
    )


class Emails:
    async def by_email(self, tenant_id: str, email: str) -> str | None:
        return {("tenant-a", "ada@a.example"): "p-ada"}.get((tenant_id, email))


@pytest.fixture
async def auth(idps: tuple[Idp, Idp]) -> AsyncIterator[tuple[Authenticator, JwksCache]]:
    a, b = idps
    registry = registry_of(a, b)
    jwks = JwksCache(min_refetch_s=60.0)
    jwks.track(registry.jwks_urls)
    await jwks.refresh_due()
    authenticator = Authenticator(
        dev=JwtVerifier(hs256_secret=DEV),
        registry=lambda: registry,
        jwks=jwks,
        signer=InternalSigner(INTERNAL),
        directory=Emails(),
        cache_size=0,
    )
    yield authenticator, jwks
    await jwks.close()


async def refused(authenticator: Authenticator, token: str, match: str) -> None:
    with pytest.raises(AuthenticationFailed, match=match):
        await authenticator.authenticate(f"Bearer {token}")


async def test_a_token_acts_in_its_issuers_tenant_and_subgraphs_verify_what_is_forwarded(
    auth: tuple[Authenticator, JwksCache], idps: tuple[Idp, Idp]
) -> None:
    authenticator, _ = auth
    a, _b = idps
    caller = await authenticator.authenticate(f"Bearer {a.token(roles=['facilitator'])}")
    assert caller.principal.tenant_id == "tenant-a"
    assert caller.principal.person_id == "ext-subject-1"
    assert caller.principal.roles == {"facilitator"}
    assert caller.issuer == a.issuer
    # what a subgraph does with the forwarded header: eventkit's verifier, the gateway's secret
    subgraph = JwtVerifier(hs256_secret=INTERNAL, issuer="clc-gateway", max_lifetime_s=3600)
    assert subgraph.verify_header(caller.authorization) == caller.principal
    claims = jwt.decode(caller.authorization[7:], options={"verify_signature": False})
    assert (claims["idp_iss"], claims["idp_sub"]) == (a.issuer, "ext-subject-1")


async def test_a_token_of_another_tenants_idp_cannot_act_in_this_tenant(
    auth: tuple[Authenticator, JwksCache], idps: tuple[Idp, Idp]
) -> None:
    authenticator, _ = auth
    a, b = idps
    # B's IdP naming tenant A in its tenant claim: refused, not quietly moved to B
    await refused(authenticator, b.token(tid="tenant-a"), "tenant claim disagrees")
    # B's key signing a token that claims A's issuer: A's JWKS does not have it
    await refused(authenticator, b.token(iss=a.issuer), "no key 'b1'")
    # ... even under a kid A does publish
    await refused(authenticator, b.token(iss=a.issuer, kid="a1"), "Signature verification failed")
    # B's own token acts in B
    caller = await authenticator.authenticate(f"Bearer {b.token()}")
    assert caller.principal.tenant_id == "tenant-b"


async def test_expired_wrong_audience_too_long_lived_and_hs256_tokens_are_refused(
    auth: tuple[Authenticator, JwksCache], idps: tuple[Idp, Idp]
) -> None:
    authenticator, _ = auth
    a, _b = idps
    await refused(authenticator, a.token(ttl_s=-120), "expired")
    await refused(authenticator, a.token(aud="someone-else"), "Audience")
    await refused(authenticator, a.token(ttl_s=3 * 24 * 3600), "lives longer")
    forged = jwt.encode({"iss": a.issuer, "aud": a.audience, "sub": "x", "exp": 2**31}, DEV)
    await refused(authenticator, forged, "must be RS256 or ES256")
    await refused(authenticator, "not-a-jwt", "invalid token")


async def test_the_development_secret_keeps_working_and_is_forwarded_as_it_came(
    auth: tuple[Authenticator, JwksCache],
) -> None:
    authenticator, _ = auth
    token = issue_dev_token(DEV, tenant_id="t-dev", person_id="p1")
    caller = await authenticator.authenticate(f"Bearer {token}")
    assert (caller.principal.tenant_id, caller.authorization) == ("t-dev", f"Bearer {token}")
    unknown = Idp("https://login.unknown.example")
    await refused(authenticator, unknown.token(), "is not registered")


async def test_a_flood_of_unknown_kids_costs_the_idp_nothing_within_the_refetch_interval(
    auth: tuple[Authenticator, JwksCache], idps: tuple[Idp, Idp]
) -> None:
    authenticator, jwks = auth
    a, _b = idps
    before = a.fetches
    for n in range(30):
        await refused(authenticator, a.token(kid=f"made-up-{n}"), "no key")
    assert a.fetches == before == 1
    assert jwks.fetches == 2  # one per IdP, at start


async def test_a_rotated_key_is_fetched_once_however_many_requests_wait_for_it(
    idps: tuple[Idp, Idp],
) -> None:
    a, b = idps
    registry = registry_of(a, b)
    jwks = JwksCache(min_refetch_s=0.0)
    jwks.track(registry.jwks_urls)
    await jwks.refresh_due()
    authenticator = Authenticator(
        registry=lambda: registry, jwks=jwks, signer=InternalSigner(INTERNAL), cache_size=0
    )
    a.rotate("a2")
    callers = await asyncio.gather(
        *(authenticator.authenticate(f"Bearer {a.token(sub=f'p{n}')}") for n in range(10))
    )
    await jwks.close()
    assert {c.principal.person_id for c in callers} == {f"p{n}" for n in range(10)}
    assert a.fetches == 2  # at start, and once for the new kid


async def test_logins_are_matched_to_practitioners_by_sourced_id_or_email(
    idps: tuple[Idp, Idp],
) -> None:
    a, _b = idps
    jwks = JwksCache()
    roster_id = stream_id("tenant-a", "practitioner", "u-17")  # what the roster import made
    for match, claim, value, expected in [
        (PersonMatch.SOURCED_ID, "sourcedId", "u-17", roster_id),
        (PersonMatch.EMAIL, "email", "Ada@A.example", "p-ada"),
    ]:
        provider = IdentityProvider("tenant-a", a.issuer, a.url, a.audience, claim, match)
        registry = Registry.of([Tenant("tenant-a")], [provider])
        jwks.track(registry.jwks_urls)
        await jwks.refresh_due()
        authenticator = Authenticator(
            registry=lambda r=registry: r,  # type: ignore[misc]
            jwks=jwks,
            signer=InternalSigner(INTERNAL),
            directory=Emails(),
        )
        token = a.token(**{claim: value})  # type: ignore[arg-type]
        caller = await authenticator.authenticate(f"Bearer {token}")
        assert caller.principal.person_id == expected
        await refused(authenticator, a.token(), f"no {claim!r} claim")
    await refused(authenticator, a.token(email="nobody@a.example"), "no practitioner")
    await jwks.close()


def test_an_issuer_belongs_to_one_tenant() -> None:
    one = IdentityProvider("t1", "https://same", "http://k", "clc")
    two = IdentityProvider("t2", "https://same", "http://k", "clc")
    with pytest.raises(ValueError, match="registered twice"):
        Registry.of([Tenant("t1"), Tenant("t2")], [one, two])


def test_cache_control_max_age_sets_the_refresh_within_bounds() -> None:
    jwks = JwksCache(refresh_s=300, min_refetch_s=30)
    assert jwks._lifetime("public, max-age=120") == 120
    assert jwks._lifetime("max-age=5") == 30
    assert jwks._lifetime("max-age=86400") == 300
    assert jwks._lifetime(None) == 300


def test_settings_a_registry_needs_an_internal_secret_and_production_needs_no_dev_issuer() -> None:
    from clc_gateway.settings import GatewaySettings
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="INTERNAL_JWT_SECRET"):
        GatewaySettings(database_url="postgresql://x/gateway")
    production = GatewaySettings(
        environment="production",
        database_url="postgresql://x/gateway",
        internal_jwt_secret=INTERNAL,
    )
    assert production.rate_limit == 20


async def test_an_email_the_idp_has_not_verified_matches_nobody(idps: tuple[Idp, Idp]) -> None:
    a, _b = idps
    provider = IdentityProvider("tenant-a", a.issuer, a.url, a.audience, "email", PersonMatch.EMAIL)
    registry = Registry.of([Tenant("tenant-a")], [provider])
    jwks = JwksCache()
    jwks.track(registry.jwks_urls)
    authenticator = Authenticator(
        registry=lambda: registry, jwks=jwks, signer=InternalSigner(INTERNAL), directory=Emails()
    )
    unverified = a.token(email="ada@a.example", email_verified=False)
    await refused(authenticator, unverified, "not verified")
    await jwks.close()


def test_the_gateway_makes_the_same_practitioner_id_as_the_roster_import() -> None:
    for tenant, sourced in [("severn", "stf-001"), ("t", "x\x1fy"), ("wye", "")]:
        assert roster_person_id(tenant, sourced) == stream_id(tenant, "practitioner", sourced)
