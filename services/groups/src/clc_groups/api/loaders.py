"""Per-request DataLoaders: N entity lookups, or N parents' nested lists, become one query.

``loaders(info)`` creates the request's loaders on first use and keeps them on the context, so
every field of one operation shares them (and their cache). Each batch reads in its own
``ServiceContext.read()`` transaction, so under the caller's tenant and row-level security like
any other read. A mutation forgets the loaders (``forget_loaders``) before it reads its entity
back, so nothing cached before the write is served after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import asyncpg
from strawberry.dataloader import DataLoader

from . import reads
from .context import Ctx

__all__ = ["Loaders", "forget_loaders", "loaders"]

Row = Any
K = TypeVar("K", bound=Hashable)
Read = Callable[[], AbstractAsyncContextManager[asyncpg.Connection]]

_ATTRIBUTE = "_groups_loaders"


def _one_each(
    read: Read,
    fetch: Callable[[asyncpg.Connection, Sequence[K]], Awaitable[list[Row]]],
    key: Callable[[Row], K],
) -> DataLoader[K, Row | None]:
    """A loader of at most one row per key (an entity by id)."""

    async def batch(keys: Sequence[K]) -> list[Row | None]:
        async with read() as conn:
            rows = await fetch(conn, keys)
        found = {key(r): r for r in rows}
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=batch)


def _lists(
    read: Read,
    fetch: Callable[[asyncpg.Connection, Sequence[K]], Awaitable[list[Row]]],
    parent: Callable[[Row], K],
) -> DataLoader[K, list[Row]]:
    """A loader of each parent's rows, in the order the query returns them."""

    async def batch(keys: Sequence[K]) -> list[list[Row]]:
        async with read() as conn:
            rows = await fetch(conn, keys)
        grouped: dict[K, list[Row]] = defaultdict(list)
        for r in rows:
            grouped[parent(r)].append(r)
        return [grouped.get(k, []) for k in keys]

    return DataLoader(load_fn=batch)


def _entity(entity: str) -> Callable[[asyncpg.Connection, Sequence[str]], Awaitable[list[Row]]]:
    async def fetch(conn: asyncpg.Connection, ids: Sequence[str]) -> list[Row]:
        return await reads.by_id(conn, entity, ids)

    return fetch


def _column(name: str) -> Callable[[Row], str]:
    def get(row: Row) -> str:
        return str(row[name])

    return get


class Loaders:
    """The loaders of one request, all reading through ``read`` (the caller's tenant)."""

    def __init__(self, read: Read) -> None:
        self.school = _one_each(read, _entity("school"), _column("school_id"))
        self.organisation = _one_each(read, _entity("organisation"), _column("organisation_id"))
        self.organisation_practitioners = _lists(
            read, reads.organisation_practitioners, _column("organisation_id")
        )
        self.network_partners = _lists(read, reads.network_partners, _column("network_id"))
        self.practitioner = _one_each(read, _entity("practitioner"), _column("practitioner_id"))
        self.network = _one_each(read, _entity("network"), _column("network_id"))
        self.learning_group = _one_each(read, _entity("learning_group"), _column("group_id"))
        self.school_practitioners = _lists(read, reads.school_practitioners, _column("school_id"))
        self.network_schools = _lists(read, reads.network_schools, _column("network_id"))
        self.co_leaders = _lists(read, reads.co_leaders, _column("network_id"))
        self.network_groups = _lists(read, reads.network_groups, _column("network_id"))
        self.group_members = _lists(read, reads.group_members, _column("group_id"))
        self.ground_rules = _lists(read, reads.ground_rules, _column("group_id"))
        self.ground_rules_agreements = _lists(
            read, reads.ground_rules_agreements, _column("agreed_group_id")
        )
        self.sessions = _lists(read, reads.sessions, _column("group_id"))
        self.activities = _lists(read, reads.activities, _column("group_id"))
        self.network_plan = _lists(read, reads.network_plan, _column("network_id"))
        self.partnerships = _lists(read, reads.partnerships, _column("network_id"))
        self.group_peer_reviews = _lists(read, reads.group_peer_reviews, _column("group_id"))
        self.session_attendees: DataLoader[tuple[str, str], list[Row]] = _lists(
            read,
            reads.session_attendees,
            lambda r: (r["attended_group_id"], r["attended_session_id"]),
        )
        self.participation = _one_each(read, reads.participation, _column("group_id"))
        self.programme = _one_each(read, _entity("programme"), _column("programme_id"))
        self.cohorts = _lists(read, reads.cohorts, _column("programme_id"))
        self.programme_participants = _lists(
            read, reads.programme_participants, _column("programme_id")
        )

    def entity(self, entity: str) -> DataLoader[str, Row | None]:
        """The by-id loader of ``entity`` (``school``, ``organisation``, ``practitioner``,
        ``network``, ``learning_group``)."""
        loader: DataLoader[str, Row | None] = getattr(self, entity)
        return loader


def loaders(info: Ctx) -> Loaders:
    """The request's loaders, created on first use; an ``UNAUTHENTICATED`` error right away
    (not inside a batch) if the caller has no valid token."""
    context = info.context
    found: Loaders | None = getattr(context, _ATTRIBUTE, None)
    if found is None:
        _ = context.principal
        found = Loaders(context.read)
        setattr(context, _ATTRIBUTE, found)
    return found


def forget_loaders(info: Ctx) -> None:
    """Drop the request's loaders and their cache (after a write)."""
    if getattr(info.context, _ATTRIBUTE, None) is not None:
        setattr(info.context, _ATTRIBUTE, None)
