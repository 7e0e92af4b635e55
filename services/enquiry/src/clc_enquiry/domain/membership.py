"""Group membership as the enquiry domain sees it: a fact handed in with each command.

The groups service owns learning groups. Enquiry keeps a local read model of their membership,
projected from the groups service's events (``MemberAdded``, ``MemberRoleChanged``, ``MemberLeft``,
...). The application layer looks the owning group up there and passes a ``GroupMembership`` in the
command; the domain never asks anyone. Leaders are the group's co-leaders and facilitators.

A person with the ``tenant_admin`` role passes every membership and leadership check. A closed
group takes no new contributions from anyone; its leaders may still conclude its enquiries, so
they do not stay open on the board for ever.
"""

from __future__ import annotations

from eventkit.domain import Actor
from pydantic import BaseModel, ConfigDict

from .errors import GroupIsClosed, MembershipGroupMismatch, NotAGroupLeader, NotAGroupMember
from .values import Identifier

__all__ = [
    "TENANT_ADMIN",
    "GroupMembership",
    "is_tenant_admin",
    "require_leader",
    "require_member",
    "require_same_group",
]

TENANT_ADMIN = "tenant_admin"


class GroupMembership(BaseModel):
    """Who belongs to a learning group, and who leads it, as of the command."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group_id: Identifier
    network_id: Identifier | None = None
    member_ids: frozenset[str] = frozenset()
    leader_ids: frozenset[str] = frozenset()  # co-leaders and facilitators
    group_closed: bool = False

    def is_member(self, person_id: str) -> bool:
        """Leaders are members too, whether or not the read model lists them twice."""
        return person_id in self.member_ids or person_id in self.leader_ids

    def is_leader(self, person_id: str) -> bool:
        return person_id in self.leader_ids


def is_tenant_admin(actor: Actor) -> bool:
    return actor.has_role(TENANT_ADMIN)


def require_same_group(membership: GroupMembership, group_id: str) -> None:
    """The application layer must hand in the owning group's membership, not another's."""
    if membership.group_id != group_id:
        raise MembershipGroupMismatch(field="membership")


def require_member(actor: Actor, membership: GroupMembership) -> None:
    if not (is_tenant_admin(actor) or membership.is_member(actor.person_id)):
        raise NotAGroupMember()
    if membership.group_closed:
        raise GroupIsClosed()


def require_leader(
    actor: Actor, membership: GroupMembership, *, even_if_closed: bool = False
) -> None:
    if not (is_tenant_admin(actor) or membership.is_leader(actor.person_id)):
        raise NotAGroupLeader()
    if membership.group_closed and not even_if_closed:
        raise GroupIsClosed()
