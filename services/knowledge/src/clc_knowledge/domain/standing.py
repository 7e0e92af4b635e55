"""Who the actor is, relative to an artefact: facts the application layer looks up and hands in.

The knowledge service keeps a local membership read model (projected from the groups service's
events, see ``servicekit.membership``); the domain never asks it anything. ``Standing`` is what a
command needs from it: the actor's school, whether they belong to or lead the artefact's group, and
whether they co-lead its network. A ``tenant_admin`` passes every authorization check; a
reaction's standing is ``vouched`` for (see the field).
"""

from __future__ import annotations

from eventkit.domain import Actor
from pydantic import BaseModel, ConfigDict

__all__ = ["TENANT_ADMIN", "Standing", "is_tenant_admin"]

TENANT_ADMIN = "tenant_admin"


class Standing(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    school_id: str | None = None  # the actor's school
    group_member: bool = False  # of the artefact's (or the new artefact's) group
    group_leader: bool = False  # co-leader or facilitator of that group
    network_member: bool = False  # the actor's school is in the artefact's network
    network_co_leader: bool = False  # of the artefact's network
    vouched: bool = False
    """The act comes from another service's event that already authorized it (a reaction, e.g.
    enquiry's ``FindingsShared``): placement and visibility checks pass; rules still apply. Only
    the application layer sets it, in reactions; no token can."""


def is_tenant_admin(actor: Actor) -> bool:
    return actor.has_role(TENANT_ADMIN)
