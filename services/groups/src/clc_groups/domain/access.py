"""The roles the groups domain knows, and the tenant check every aggregate shares.

Roles arrive on the ``Actor`` (built by the application layer from the verified principal):

- ``tenant_admin`` may do everything in their tenant, and alone registers and updates schools and
  practitioners (the roster import runs as a tenant admin);
- ``network_lead`` may establish networks;
- ``group_lead`` may form learning groups.

Everything else is decided by the aggregate's own state: a network's co-leaders manage it, a group's
co-leaders and facilitators manage it, and a member may leave a group.
"""

from __future__ import annotations

from eventkit.domain import Actor, Command

__all__ = [
    "GROUP_LEAD",
    "NETWORK_LEAD",
    "TENANT_ADMIN",
    "ActorCommand",
    "in_tenant",
    "is_tenant_admin",
]

TENANT_ADMIN = "tenant_admin"
NETWORK_LEAD = "network_lead"
GROUP_LEAD = "group_lead"


def is_tenant_admin(actor: Actor) -> bool:
    return actor.has_role(TENANT_ADMIN)


def in_tenant(tenant_id: str | None, actor: Actor) -> bool:
    """Whether an aggregate of ``tenant_id`` is visible to ``actor``: only in the actor's tenant.

    An aggregate of another tenant is reported as not found, never as forbidden, so a caller
    learns nothing about other tenants.
    """
    return tenant_id is not None and tenant_id == actor.tenant_id


class ActorCommand(Command):
    """A command of the groups domain: every one names who issues it."""

    actor: Actor
