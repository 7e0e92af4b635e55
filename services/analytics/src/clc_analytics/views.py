"""The views a data team starts from (their columns are documented in the package README).

``events`` reads every landed file (re-globbed at each query, so it is always current) and keeps
one row per event id — the relay may publish an event twice, the lake keeps what it received.
``scoped_events`` adds each event's group and network, found through the enquiry or group it
names. The four analytical views are built on it: ``network_activity``,
``participation_over_time``, ``learning_matrix_over_time`` (with ``claims_over_time``) and
``knowledge_balance``. Every figure is an aggregate; person columns hold pseudonyms only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

__all__ = ["VIEWS", "create_views", "write_views_database"]


def _events(glob: str) -> str:
    source = glob.replace("'", "''")
    return f"""
select topic, date, "partition", "offset", event_id, event_type, schema_version, source,
       dataschema, subject, stream_type, stream_version, position, tenant_id, time, actor,
       correlation_id, causation_id, persons, data
from read_parquet('{source}', hive_partitioning = true, union_by_name = true)
where topic <> '_'
qualify row_number() over (partition by event_id order by topic, "partition", "offset") = 1
"""


VIEWS: dict[str, str] = {
    "learning_groups": """
select tenant_id, data->>'group_id' as group_id, data->>'network_id' as network_id,
       data->>'kind' as kind, time as formed_at
from events where event_type = 'LearningGroupFormed'
""",
    "enquiries": """
select tenant_id, data->>'enquiry_id' as enquiry_id, data->>'group_id' as group_id,
       data->>'network_id' as network_id, data->>'approach' as approach, time as proposed_at
from events where event_type = 'EnquiryProposed'
""",
    "claims": """
select tenant_id, data->>'claim_id' as claim_id, data->>'group_id' as group_id,
       data->>'network_id' as network_id, data->>'level' as level, data->>'depth' as depth,
       time as claimed_at
from events where event_type = 'LearningClaimed'
""",
    "scoped_events": """
select e.*,
       coalesce(e.data->>'group_id', q.group_id, c.group_id) as group_id,
       coalesce(e.data->>'network_id', q.network_id, c.network_id, g.network_id) as network_id
from events e
left join enquiries q on q.tenant_id = e.tenant_id and q.enquiry_id = e.data->>'enquiry_id'
left join claims c on c.tenant_id = e.tenant_id and c.claim_id = e.data->>'claim_id'
left join learning_groups g on g.tenant_id = e.tenant_id
      and g.group_id = coalesce(e.data->>'group_id', q.group_id, c.group_id)
""",
    "network_activity": """
select tenant_id, network_id, time::date as day, topic,
       count(*) as events,
       count(distinct event_type) as event_types,
       count(distinct group_id) as groups_active,
       count(distinct actor) as people_active
from scoped_events
group by all
""",
    "participation_over_time": """
with held as (
    select tenant_id, network_id, group_id,
           date_trunc('week', cast(data->>'starts_at' as timestamptz))::date as week,
           cast(data->'attendee_ids' as varchar[]) as attendees
    from scoped_events where event_type = 'SessionHeld'
)
select tenant_id, network_id, group_id, week,
       count(*) as sessions_held,
       sum(len(attendees))::bigint as attendances,
       len(list_distinct(flatten(list(attendees)))) as distinct_attendees,
       round(avg(len(attendees)), 2) as mean_attendance
from held
group by all
""",
    "learning_matrix_over_time": """
with counted as (
    select tenant_id, network_id, group_id, date_trunc('month', time)::date as month,
           data->>'level' as level, data->>'depth' as depth, count(*) as validated
    from scoped_events where event_type = 'LearningClaimValidated'
    group by all
)
select *, sum(validated) over (
           partition by tenant_id, group_id, level, depth order by month
       )::bigint as validated_to_date
from counted
""",
    "claims_over_time": """
select tenant_id, network_id, group_id, date_trunc('week', time)::date as week,
       count(*) filter (where event_type = 'LearningClaimed') as claimed,
       count(*) filter (where event_type = 'LearningClaimValidated') as validated,
       count(*) filter (where event_type = 'LearningClaimChallenged') as challenged
from scoped_events
where event_type in ('LearningClaimed', 'LearningClaimValidated', 'LearningClaimChallenged')
group by all
""",
    "knowledge_balance": """
with ideas as (
    select tenant_id, network_id, group_id, data->>'enquiry_id' as enquiry_id,
           data->>'knowledge_field' as knowledge_field, count(*) as ideas
    from scoped_events where event_type = 'IdeaProposed'
    group by all
)
select *, round(ideas / sum(ideas) over (partition by tenant_id, enquiry_id), 4) as share
from ideas
""",
}


def create_views(db: duckdb.DuckDBPyConnection, lake_dir: Path) -> None:
    glob = str(lake_dir.resolve() / "topic=*" / "date=*" / "*.parquet")
    db.execute(f"create or replace view events as {_events(glob)}")
    for name, query in VIEWS.items():
        db.execute(f"create or replace view {name} as {query}")


def write_views_database(path: Path, lake_dir: Path) -> None:
    """``analytics.duckdb``: the views over ``lake_dir`` (absolute), for a data team to open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as db:
        create_views(db, lake_dir)
