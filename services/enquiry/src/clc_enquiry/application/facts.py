"""Facts a command needs that the command's own stream does not hold.

Group membership and a practitioner's school come from the local membership read model (projected
from the groups service's events), always in the caller's tenant, so another tenant's group looks
absent. Whether pupil data is allowed is the tenant's setting, from configuration.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from eventkit.errors import InvalidInput
from eventkit.principal import Principal
from pydantic import TypeAdapter, ValidationError

from clc_enquiry.domain import EntryId, GroupMembership
from clc_enquiry.membership import MembershipLookup

from .base import CohortMeetsInNoGroup, CohortNotFound, GroupNotFound, NotTheCohortsGroup

__all__ = ["canonical_id", "cohort_group", "current_membership", "group_membership", "plain"]

_ENTRY_ID: TypeAdapter[str] = TypeAdapter(EntryId)


def canonical_id(field: str, value: str) -> str:
    """An aggregate id in the canonical form the domain stores (and the stream is named by)."""
    try:
        return _ENTRY_ID.validate_python(value)
    except ValidationError as exc:
        message = exc.errors()[0].get("msg", "invalid")
        raise InvalidInput(f"{field}: {message}", field=field) from None


async def group_membership(
    lookup: MembershipLookup, principal: Principal, group_id: str
) -> GroupMembership:
    """The membership of a group named by the client: ``GroupNotFound`` if the tenant has none."""
    found = await lookup.membership_of(principal.tenant_id, group_id)
    if found is None:
        raise GroupNotFound(field="group_id")
    return found


async def cohort_group(
    lookup: MembershipLookup, principal: Principal, cohort_id: str, group_id: str | None
) -> str:
    """The group an enquiry started within a programme cohort runs in: the cohort's own group
    (``CohortFormed.cohort_group_id``); a group named beside the cohort must be that one."""
    found, group = await lookup.cohort_group_of(principal.tenant_id, cohort_id)
    if not found:
        raise CohortNotFound(field="cohort_id")
    if group is None:
        raise CohortMeetsInNoGroup(field="cohort_id")
    if group_id is not None and group_id != group:
        raise NotTheCohortsGroup(field="group_id")
    return group


async def current_membership(
    lookup: MembershipLookup, principal: Principal, group_id: str, network_id: str | None
) -> GroupMembership:
    """The membership of an existing enquiry's group. A group the model does not know has no
    members: the domain then refuses everyone but a tenant admin."""
    found = await lookup.membership_of(principal.tenant_id, group_id)
    return found or GroupMembership(group_id=group_id, network_id=network_id)


def plain(value: Any) -> Any:
    """A nested input (a dataclass, as an API adapter may hand it) as the fields pydantic reads."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return value
