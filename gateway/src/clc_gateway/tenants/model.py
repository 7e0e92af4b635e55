"""The tenant registry: which school systems exist, which identity providers sign their people in,
and which browser origins may call the gateway for them.

An issuer belongs to exactly one tenant (the store's primary key says so too), so a verified
token's issuer alone decides the tenant it acts in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "ROSTER_NAMESPACE",
    "IdentityProvider",
    "PersonMatch",
    "Registry",
    "Tenant",
    "roster_person_id",
]

#: the namespace the groups roster importer makes practitioner ids in
#: (``clc_groups.roster.plan.NAMESPACE``; a test keeps the two equal)
ROSTER_NAMESPACE = uuid.UUID("0f7c3c1e-5d0a-5b8e-9a57-6f1e2c0b9d41")


def roster_person_id(tenant_id: str, sourced_id: str) -> str:
    """The practitioner id the roster importer gives the OneRoster user ``sourced_id``."""
    return str(uuid.uuid5(ROSTER_NAMESPACE, f"{tenant_id}\x1fpractitioner\x1f{sourced_id}"))


class PersonMatch(StrEnum):
    """How a login is matched to a practitioner."""

    SOURCED_ID = "sourced-id"
    """The claim holds the person's OneRoster ``sourcedId``; the practitioner is the one the
    roster import made from it."""
    EMAIL = "email"
    """The claim holds an email address, looked up among the tenant's practitioners."""
    SUBJECT = "subject"
    """The claim already holds our practitioner id (an IdP that stores it)."""


@dataclass(frozen=True)
class IdentityProvider:
    tenant_id: str
    issuer: str
    jwks_url: str
    audience: str
    person_claim: str = "sub"
    """The claim that names the person."""
    match: PersonMatch = PersonMatch.SUBJECT
    roles_claim: str = "roles"
    """A list-of-strings claim with the person's roles in the tenant (missing: no roles)."""


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str = ""
    cors_origins: frozenset[str] = frozenset()
    """Browser origins (``https://app.example``) allowed to call the gateway for this tenant."""


@dataclass(frozen=True)
class Registry:
    """One consistent snapshot, swapped whole when the store is re-read."""

    tenants: Mapping[str, Tenant] = field(default_factory=lambda: MappingProxyType({}))
    providers: Mapping[str, IdentityProvider] = field(default_factory=lambda: MappingProxyType({}))
    """By issuer."""

    @classmethod
    def of(cls, tenants: list[Tenant], providers: list[IdentityProvider]) -> Registry:
        by_id = {t.id: t for t in tenants}
        by_issuer: dict[str, IdentityProvider] = {}
        for p in providers:
            if p.tenant_id not in by_id:
                raise ValueError(f"identity provider {p.issuer} names unknown tenant {p.tenant_id}")
            if p.issuer in by_issuer:
                raise ValueError(f"issuer {p.issuer} is registered twice")
            by_issuer[p.issuer] = p
        return cls(MappingProxyType(by_id), MappingProxyType(by_issuer))

    def provider(self, issuer: str) -> IdentityProvider | None:
        return self.providers.get(issuer)

    @property
    def jwks_urls(self) -> frozenset[str]:
        return frozenset(p.jwks_url for p in self.providers.values())

    @property
    def any_origins(self) -> frozenset[str]:
        """Every tenant's allowed origins: what a preflight (no credentials yet) is judged by."""
        return frozenset(o for t in self.tenants.values() for o in t.cors_origins)

    def origins_of(self, tenant_id: str) -> frozenset[str]:
        tenant = self.tenants.get(tenant_id)
        return tenant.cors_origins if tenant else frozenset()
