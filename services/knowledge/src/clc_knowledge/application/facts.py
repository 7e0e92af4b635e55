"""Facts a command needs that the command's own stream does not hold: who the actor is relative
to an artefact (``Standing``) and as a reader (``Reader``), from the local membership read model.

``Standings`` is what the use cases depend on; the real one reads the membership tables, an
in-memory fake serves unit tests. ``NoStandings`` knows no one (only a tenant admin then passes
the domain's checks).
"""

from __future__ import annotations

from typing import Protocol

from eventkit.errors import InvalidInput
from eventkit.principal import Principal
from pydantic import TypeAdapter, ValidationError

from clc_knowledge.domain import Reader, Standing, is_tenant_admin
from clc_knowledge.domain.values import EntryId

__all__ = ["NoStandings", "Place", "Standings", "canonical_id"]

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
