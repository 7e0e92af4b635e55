"""Facts a command needs that the command's own stream does not hold: who the actor is relative
to an artefact (``Standing``) and as a reader (``Reader``), from the local membership read model.

``Standings`` is what the use cases depend on; the real one reads the membership tables, an
in-memory fake serves unit tests. ``NoStandings`` knows no one (only a tenant admin then passes
the domain's checks).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any, Protocol

from eventkit.errors import InvalidInput
from eventkit.principal import Principal
from pydantic import TypeAdapter, ValidationError

from clc_knowledge.domain import Reader, Standing, is_tenant_admin
from clc_knowledge.domain.values import EntryId

__all__ = [
    "CommonsLookup",
    "NoCommons",
    "NoStandings",
    "Place",
    "Standings",
    "canonical_id",
    "commons_id",
    "parse_commons_id",
]

_ENTRY_ID: TypeAdapter[str] = TypeAdapter(EntryId)


def canonical_id(field: str, value: str) -> str:
    """An aggregate id in the canonical form the domain stores (and the stream is named by)."""
    try:
        return _ENTRY_ID.validate_python(value)
    except ValidationError as exc:
        message = exc.errors()[0].get("msg", "invalid")
        raise InvalidInput(f"{field}: {message}", field=field) from None


Place = tuple[str | None, str | None]
"""An artefact's ``(group_id, network_id)``: what a standing is relative to."""


class Standings(Protocol):
    async def standing(
        self, principal: Principal, group_id: str | None, network_id: str | None
    ) -> Standing:
        """The actor's school, and whether they belong to or lead the group and the network."""
        ...

    async def reader(self, principal: Principal) -> Reader:
        """The actor as a reader: their school, groups and networks."""
        ...


class NoStandings:
    """Knows no one: every actor has no school, group or network."""

    async def standing(
        self, principal: Principal, group_id: str | None, network_id: str | None
    ) -> Standing:
        return Standing()

    async def reader(self, principal: Principal) -> Reader:
        return Reader(
            tenant_id=principal.tenant_id,
            person_id=principal.person_id,
            admin=is_tenant_admin(principal.actor()),
        )


class CommonsLookup(Protocol):
    async def copy_of(self, tenant_id: str, artefact_id: str) -> Mapping[str, Any] | None:
        """The commons copy of another tenant's artefact (``None`` if not, or no longer, there)."""
        ...


class NoCommons:
    async def copy_of(self, tenant_id: str, artefact_id: str) -> Mapping[str, Any] | None:
        return None


def commons_id(tenant_id: str, artefact_id: str) -> str:
    """The opaque id of a commons artefact: which tenant's artefact it is, not readable as such
    (an id never reveals a tenant's own artefacts, only what it published)."""
    raw = f"{tenant_id}|{artefact_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_commons_id(value: str, field: str = "source_commons_id") -> tuple[str, str]:
    """``(tenant, artefact)`` of a commons id; ``InvalidInput`` naming ``field`` if it is none."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        tenant, artefact = raw.rsplit("|", 1)
        return tenant, canonical_id(field, artefact)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidInput(f"{field}: not a commons artefact id", field=field) from None
