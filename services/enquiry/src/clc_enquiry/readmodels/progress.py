"""Progress read models over the groups service's programmes and plans (``membership.programmes``)
and this service's own work, computed when read (they only count what other read models keep):

* **plan progress** — for each of the six levels of learning, in the vocabulary's order, the
  network plan's focus, hopes, expected benefits, baseline and success measures, set against the
  network's validated learning claims at that level and the completed actions of its enquiries
  working at that level;
* **cohort progress** — for a programme's cohort, each participant's home-group progress side by
  side (enquiries, cycles completed, actions open and completed, validated claims), in a stable
  order (by participant id): counts to compare notes by, never a ranking — and the two loops:
  ideas of the programme's enquiries (those of the learning group the cohort meets in) taken into
  the home group, and outcomes the home group shared back.
"""

from __future__ import annotations

import asyncpg

from clc_enquiry.domain import LevelOfLearning

__all__ = ["cohort", "cohort_participants", "plan_progress"]

_LEVELS = ", ".join(f"('{lv.value}', {i})" for i, lv in enumerate(LevelOfLearning))


async def plan_progress(
    conn: asyncpg.Connection, tenant_id: str, network_id: str
) -> list[asyncpg.Record]:
    """One row per level of learning, planned or not."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select l.level, p.level is not null as planned, p.focus, p.hopes,"
        " p.expected_benefits, p.baseline, coalesce(p.success_measures, '{}') as success_measures,"
        " (select count(*) from enq_claims c where c.tenant_id = $1 and c.network_id = $2"
        " and c.level = l.level and c.status = 'validated')::int as validated_claims,"
        " (select count(*) from enq_actions a join enq_enquiries e on e.tenant_id = a.tenant_id"
        " and e.enquiry_id = a.enquiry_id where a.tenant_id = $1 and e.network_id = $2"
        " and a.completed and l.level = any(e.levels))::int as completed_actions"
        f" from (values {_LEVELS}) as l(level, ord)"
        " left join enq_network_plan_levels p on p.tenant_id = $1 and p.network_id = $2"
        " and p.level = l.level order by l.ord",
        tenant_id,
        network_id,
    )
    return rows


async def cohort(conn: asyncpg.Connection, tenant_id: str, cohort_id: str) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        "select c.*, p.name as programme_name from enq_cohorts c left join enq_programmes p"
        " on p.tenant_id = c.tenant_id and p.programme_id = c.programme_id"
        " where c.tenant_id = $1 and c.cohort_id = $2",
        tenant_id,
        cohort_id,
    )
    return row


# The two loops, per participant: ideas of the cohort group's enquiries taken into the home group,
# those whose outcome the home group shared back, and whether the participant is in the cohort
# group (whose membership decides who reads the programme's enquiries and takes ideas home).
_TWO_LOOPS = (
    " (select count(*) from enq_idea_uptakes u where u.tenant_id = $1"
    " and u.home_group_id = cp.home_group_id and u.group_id = k.cohort_group_id)::int"
    " as ideas_taken_home,"
    " (select count(*) from enq_idea_uptakes u where u.tenant_id = $1"
    " and u.home_group_id = cp.home_group_id and u.group_id = k.cohort_group_id"
    " and u.shared)::int as outcomes_shared,"
    " exists (select 1 from enq_group_members m where m.tenant_id = $1"
    " and m.group_id = k.cohort_group_id and m.practitioner_id = cp.practitioner_id"
    " and not m.has_left) as in_cohort_group"
)


async def cohort_participants(
    conn: asyncpg.Connection, tenant_id: str, cohort_id: str, *, after: str | None, first: int
) -> list[asyncpg.Record]:
    """The cohort's participants (who have not left) with their home group's progress."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select cp.practitioner_id, cp.home_group_id, cp.practitioner_id as page_key,"
        " (select count(*) from enq_enquiries e where e.tenant_id = $1"
        " and e.group_id = cp.home_group_id)::int as enquiries,"
        " (select count(*) from enq_enquiries e where e.tenant_id = $1"
        " and e.group_id = cp.home_group_id and e.status = 'launched')::int as active_enquiries,"
        " (select coalesce(sum(e.cycles_completed), 0) from enq_enquiries e"
        " where e.tenant_id = $1 and e.group_id = cp.home_group_id)::int as cycles_completed,"
        " (select count(*) from enq_actions a where a.tenant_id = $1"
        " and a.group_id = cp.home_group_id and not a.completed)::int as open_actions,"
        " (select count(*) from enq_actions a where a.tenant_id = $1"
        " and a.group_id = cp.home_group_id and a.completed)::int as completed_actions,"
        " (select count(*) from enq_claims c where c.tenant_id = $1"
        " and c.group_id = cp.home_group_id and c.status = 'validated')::int as validated_claims,"
        f"{_TWO_LOOPS}"
        " from enq_cohort_participants cp join enq_cohorts k on k.tenant_id = cp.tenant_id"
        " and k.cohort_id = cp.cohort_id where cp.tenant_id = $1 and cp.cohort_id = $2"
        " and not cp.has_left and ($3::text is null or cp.practitioner_id > $3)"
        " order by cp.practitioner_id limit $4",
        tenant_id,
        cohort_id,
        after,
        first + 1,
    )
    return rows
