"""Programmes, cohorts and network plans, projected from the groups service's events.

The contract (the groups service owns these; field names as published in ``data``):

| Event | Fields read here |
|---|---|
| ``ProgrammeEstablished`` | ``programme_id``, ``name``, ``network_id`` (optional) |
| ``CohortFormed`` | ``cohort_id``, ``programme_id``, ``name``, ``region``, ``cohort_group_id`` |
| ``ParticipantEnrolled`` | ``cohort_id``, ``practitioner_id``, ``home_group_id`` |
| ``ParticipantWithdrew`` | ``cohort_id``, ``practitioner_id`` |

(``ParticipantJoinedCohort`` and ``ParticipantLeftCohort``, the names first drafted for this
contract, are read the same way.)
| ``NetworkPlanSet`` | ``network_id``, ``levels``: a list of level entries (the whole plan) |
| ``NetworkPlanLevelSet`` | ``network_id`` and one level entry |

``cohort_group_id`` (optional) is the learning group the cohort meets in: the programme's enquiries
are that group's, so who reads them and who takes their ideas home follow its membership.

A level entry: ``level``, ``focus``, ``hopes``, ``expected_benefits``, ``baseline``,
``success_measures`` (one text, as the groups service publishes it, or a list of texts).

Levels are the lower-case wire values (``pupil`` … ``network_to_network``). Like the rest of the
membership model, every write is an upsert keyed by tenant and id, so order across streams does
not matter, and a rebuild keeps these rows (re-consume ``clc.groups.events`` to rebuild them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from eventkit.migrations import Migration
from eventkit.projection import ProjectionConnection

from .schema import rls_guard

__all__ = [
    "COHORT_GROUPS_MIGRATION",
    "PROGRAMMES_MIGRATION",
    "PROGRAMME_HANDLERS",
    "PROGRAMME_STREAM_TYPES",
    "PROGRAMME_TABLES",
    "cohort_group_of",
]

Data = dict[str, Any]
Handle = Callable[[ProjectionConnection, str, Data], Awaitable[None]]

#: the groups service's stream types these events come on (besides ``network``)
PROGRAMME_STREAM_TYPES = frozenset({"programme", "cohort", "network_plan"})

PROGRAMME_TABLES = (
    "enq_programmes",
    "enq_cohorts",
    "enq_cohort_participants",
    "enq_network_plan_levels",
)

PROGRAMMES_MIGRATION = Migration(
    "enquiry_0007_programmes_and_plans",
    """
create table enq_programmes (
    tenant_id text not null, programme_id text not null, name text, network_id text,
    primary key (tenant_id, programme_id));
create table enq_cohorts (
    tenant_id text not null, cohort_id text not null, programme_id text, name text, region text,
    primary key (tenant_id, cohort_id));
create table enq_cohort_participants (
    tenant_id text not null, cohort_id text not null, practitioner_id text not null,
    home_group_id text, has_left boolean not null default false,
    primary key (tenant_id, cohort_id, practitioner_id));
create table enq_network_plan_levels (
    tenant_id text not null, network_id text not null, level text not null,
    focus text, hopes text, expected_benefits text, baseline text,
    success_measures text[] not null default '{}',
    primary key (tenant_id, network_id, level));
"""
    + "".join(rls_guard(t) for t in PROGRAMME_TABLES),
)

#: the learning group a cohort meets in: the programme's enquiries are that group's (issue 11)
COHORT_GROUPS_MIGRATION = Migration(
    "enquiry_0011_cohort_groups",
    "alter table enq_cohorts add column cohort_group_id text;"
    " create index enq_cohorts_group on enq_cohorts (tenant_id, cohort_group_id);",
)


async def cohort_group_of(
    conn: asyncpg.Connection, tenant_id: str, cohort_id: str
) -> tuple[bool, str | None]:
    """Is the cohort known, and which learning group does it meet in (if any)?"""
    row = await conn.fetchrow(
        "select cohort_group_id from enq_cohorts where tenant_id = $1 and cohort_id = $2",
        tenant_id,
        cohort_id,
    )
    return (False, None) if row is None else (True, row["cohort_group_id"])


async def _programme(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "insert into enq_programmes (tenant_id, programme_id, name, network_id)"
        " values ($1, $2, $3, $4) on conflict (tenant_id, programme_id) do update"
        " set name = excluded.name, network_id = excluded.network_id",
        tenant,
        d["programme_id"],
        d.get("name"),
        d.get("network_id"),
    )


async def _cohort(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "insert into enq_cohorts (tenant_id, cohort_id, programme_id, name, region,"
        " cohort_group_id) values ($1, $2, $3, $4, $5, $6) on conflict (tenant_id, cohort_id)"
        " do update set programme_id = excluded.programme_id, name = excluded.name,"
        " region = excluded.region, cohort_group_id = excluded.cohort_group_id",
        tenant,
        d["cohort_id"],
        d.get("programme_id"),
        d.get("name"),
        d.get("region"),
        d.get("cohort_group_id"),
    )


async def _joined(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "insert into enq_cohort_participants"
        " (tenant_id, cohort_id, practitioner_id, home_group_id, has_left)"
        " values ($1, $2, $3, $4, false) on conflict (tenant_id, cohort_id, practitioner_id)"
        " do update set home_group_id = excluded.home_group_id, has_left = false",
        tenant,
        d["cohort_id"],
        d["practitioner_id"],
        d.get("home_group_id"),
    )


async def _left(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "update enq_cohort_participants set has_left = true"
        " where tenant_id = $1 and cohort_id = $2 and practitioner_id = $3",
        tenant,
        d["cohort_id"],
        d["practitioner_id"],
    )


async def _plan_level(conn: ProjectionConnection, tenant: str, network_id: str, d: Data) -> None:
    await conn.execute(
        "insert into enq_network_plan_levels (tenant_id, network_id, level, focus, hopes,"
        " expected_benefits, baseline, success_measures) values ($1, $2, $3, $4, $5, $6, $7, $8)"
        " on conflict (tenant_id, network_id, level) do update set focus = excluded.focus,"
        " hopes = excluded.hopes, expected_benefits = excluded.expected_benefits,"
        " baseline = excluded.baseline, success_measures = excluded.success_measures",
        tenant,
        network_id,
        str(d["level"]).lower(),
        d.get("focus"),
        d.get("hopes"),
        d.get("expected_benefits"),
        d.get("baseline"),
        _measures(d.get("success_measures")),
    )


def _measures(value: Any) -> list[str]:
    """The groups service publishes success measures as one text; a list is taken as it is."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(m) for m in value]


async def _level_set(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await _plan_level(conn, tenant, d["network_id"], d)


async def _plan_set(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    """The whole plan: levels it no longer names are dropped."""
    levels = [str(level["level"]).lower() for level in d.get("levels") or ()]
    await conn.execute(
        "delete from enq_network_plan_levels where tenant_id = $1 and network_id = $2"
        " and not (level = any($3::text[]))",
        tenant,
        d["network_id"],
        levels,
    )
    for level in d.get("levels") or ():
        await _plan_level(conn, tenant, d["network_id"], level)


PROGRAMME_HANDLERS: dict[str, Handle] = {
    "ProgrammeEstablished": _programme,
    "CohortFormed": _cohort,
    "ParticipantEnrolled": _joined,  # the groups service's names
    "ParticipantWithdrew": _left,
    "ParticipantJoinedCohort": _joined,  # the names first agreed for this contract
    "ParticipantLeftCohort": _left,
    "NetworkPlanSet": _plan_set,
    "NetworkPlanLevelSet": _level_set,
}
