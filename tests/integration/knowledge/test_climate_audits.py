"""Climate audits over real PostgreSQL and Kafka: with 4 respondents no results, with 5 only
aggregates; one answer per member; and no stored row — event store, read models, command log
(the idempotency table), ballot box — nor any Kafka record links an answer to a person."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_knowledge.domain.climate_audit import INSTRUMENT
from eventkit.pg import connect

from tests.integration.knowledge.service import Service, a_running_service, settings_for, token
from tests.support.kafka import consume_all

pytestmark = pytest.mark.integration

ADMIN = token("opener", "tenant_admin")
GROUP = "g-leadership"
# distinctive ids, so that finding one anywhere is a finding
RESPONDENTS = [f"respondent-{uuid.uuid4().hex[:12]}" for _ in range(5)]
RESULTS = """query($id: ID!, $token: String) { climateAudit(id: $id, consistencyToken: $token) {
  id status participants
  results { shown reason respondents threshold
            dimensions { dimension mean }
            statements { statement { id dimension } mean distribution } }
  runs { id } } }"""


def answers(score: int) -> list[dict[str, Any]]:
    return [{"itemId": i.id, "score": score} for i in INSTRUMENT]


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        running.owner_dsn = owner_dsn  # type: ignore[attr-defined]
        yield running


async def an_audit_tool(service: Service) -> str:
    tool = str(uuid.uuid4())
    await service.ok(
        ADMIN,
        "draftArtefact",
        "artefact",
        artefactId=tool,
        kind="CLIMATE_AUDIT_TOOL",
        knowledgeField="PUBLIC",
        title="Climate for learning audit",
        body="Run it each term; talk about the results, never about who said what.",
        levels=["ADULT"],
        citations=[{"text": "Bryk, A. & Schneider, B. (2002). Trust in schools."}],
        visibility="TENANT",
    )
    await service.ok(ADMIN, "publishArtefact", "artefact", artefactId=tool)
    return tool


async def answer(service: Service, person: str, audit: str, score: int) -> dict[str, Any]:
    return await service.mutate(
        token(person, "tenant_admin"),
        "answerClimateAudit",
        "climateAudit",
        auditId=audit,
        answers=answers(score),
    )


async def test_results_only_from_five_and_nothing_links_an_answer_to_a_person(
    service: Service,
) -> None:
    tool = await an_audit_tool(service)
    audit = str(uuid.uuid4())
    await service.ok(
        ADMIN, "openClimateAudit", "climateAudit", auditId=audit, toolArtefactId=tool, groupId=GROUP
    )
    last = ""
    for n, person in enumerate(RESPONDENTS[:4]):
        result = await answer(service, person, audit, 2 + n % 3)
        assert result["userErrors"] == [], result
        last = result["consistencyToken"]

    four = (await service.data(ADMIN, RESULTS, id=audit, token=last))["climateAudit"]
    assert four["participants"] == 4
    assert four["results"]["shown"] is False
    assert four["results"]["respondents"] == 0  # nothing sealed yet: fewer than a batch
    assert "at least 5 members have answered (4 so far)" in four["results"]["reason"]
    assert four["results"]["dimensions"] == [] and four["results"]["statements"] == []
    assert await waiting_ballots(service) == 4  # in the ballot box, naming no one

    fifth = await answer(service, RESPONDENTS[4], audit, 5)
    assert fifth["userErrors"] == []
    five = await service.data(ADMIN, RESULTS, id=audit, token=fifth["consistencyToken"])
    results = five["climateAudit"]["results"]
    assert (results["shown"], results["reason"], results["respondents"]) == (True, None, 5)
    # scores 2, 3, 4, 2, 5 to every statement
    assert {s["mean"] for s in results["statements"]} == {3.2}
    assert {tuple(s["distribution"]) for s in results["statements"]} == {(0, 2, 1, 1, 1)}
    assert {d["mean"] for d in results["dimensions"]} == {3.2}

    again = await answer(service, RESPONDENTS[0], audit, 1)
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_ANSWERED"]

    stored = await no_stored_row_links_an_answer_to_a_person(service, audit)
    await no_kafka_record_of_an_answer_names_anyone(service, stored)


async def waiting_ballots(service: Service) -> int:
    conn = await connect(service.owner_dsn)  # type: ignore[attr-defined]
    try:
        await conn.execute("select set_config('app.tenant_id', 'tenant-a', false)")
        rows = await conn.fetch("select row_to_json(b)::text as j from kn_climate_ballot_box b")
    finally:
        await conn.close()
    assert not any(p in r["j"] for r in rows for p in RESPONDENTS)
    return len(rows)


async def no_stored_row_links_an_answer_to_a_person(service: Service, audit: str) -> int:
    """Checks every table; returns how many events are stored."""
    conn = await connect(service.owner_dsn)  # type: ignore[attr-defined]
    try:
        await conn.execute("select set_config('eventkit.all_tenants', 'on', false)")
        await conn.execute("select set_config('app.tenant_id', 'tenant-a', false)")
        answered = await conn.fetch(
            "select event_id, data, metadata from events where event_type = 'ClimateAuditAnswered'"
        )
        assert len(answered) == 5
        for row in answered:
            assert set(row["data"]) == {"audit_id", "ballot_id", "scores"}
            assert not any(v for v in row["metadata"].values()), row["metadata"]
        # sealed as one batch: one transaction, one time — their order says nothing
        stamps = await conn.fetch(
            "select distinct tx_id, recorded_at from events"
            " where event_type = 'ClimateAuditAnswered'"
        )
        assert len(stamps) == 1
        ids = [r["event_id"] for r in answered]
        logged = await conn.fetch(
            "select * from command_log where event_ids && $1::uuid[] or stream_id = $2",
            ids,
            audit,
        )
        assert all(r["actor"] == "opener" for r in logged)  # only the opening, if anything
        assert await conn.fetchval("select count(*) from kn_climate_ballot_box") == 0

        # Who answered is on the roll only (no scores there); nowhere else names a respondent.
        tables = [
            r["tablename"]
            for r in await conn.fetch("select tablename from pg_tables where schemaname = 'public'")
        ]
        for table in tables:
            rows = await conn.fetch(f"select row_to_json(t)::text as j from {table} t")
            naming = [r["j"] for r in rows if any(p in r["j"] for p in RESPONDENTS)]
            if table == "events":
                assert all('"ClimateAuditParticipationRecorded"' in j for j in naming), table
                assert all('"scores"' not in j for j in naming)
            else:
                assert naming == [], (table, naming[:1])
        stored: int = await conn.fetchval("select count(*) from events")
        return stored
    finally:
        await conn.close()


async def no_kafka_record_of_an_answer_names_anyone(service: Service, stored: int) -> None:
    settings = service.settings
    records = await consume_all(settings.kafka_bootstrap_servers, settings.topic, stored)
    answered = [
        r for r in records if dict(r.headers).get("ce_eventtype") == b"ClimateAuditAnswered"
    ]
    assert len(answered) == 5
    for record in answered:
        names = {k for k, _ in record.headers}
        assert not names & {"ce_actor", "ce_commandid", "ce_correlationid", "ce_causationid"}
        assert "ce_traceparent" not in names
        everything = (record.value or b"") + b"".join(v for _, v in record.headers)
        assert not any(p.encode() in everything for p in RESPONDENTS)


async def test_repeated_runs_of_a_tool_show_change_over_time(service: Service) -> None:
    tool = await an_audit_tool(service)
    runs = []
    for score in (2, 4):
        audit = str(uuid.uuid4())
        await service.ok(
            ADMIN,
            "openClimateAudit",
            "climateAudit",
            auditId=audit,
            toolArtefactId=tool,
            groupId="g-runs",
        )
        for n in range(5):
            await answer(service, f"runner-{n}", audit, score)
        runs.append(await service.ok(ADMIN, "closeClimateAudit", "climateAudit", auditId=audit))
    query = """query($token: String) { _entities(representations: [
      {__typename: "LearningGroup", id: "g-runs"}]) { ... on LearningGroup {
        climateAudits(consistencyToken: $token) { edges { node {
          status results { shown dimensions { mean } } } } } } } }"""
    group = (await service.data(ADMIN, query, token=runs[-1]))["_entities"][0]
    nodes = [e["node"] for e in group["climateAudits"]["edges"]]
    assert [n["status"] for n in nodes] == ["CLOSED", "CLOSED"]
    assert [n["results"]["dimensions"][0]["mean"] for n in nodes] == [2.0, 4.0]
