"""The practices of issue 11 through the real app (PostgreSQL, Kafka): loops in cycles, action
learning set turns, personal reflective logs, impact evidence, plan and cohort progress."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.enquiry.rig import GroupsStream
from tests.integration.enquiry.test_api import (
    LEA,
    MO,
    A,
    B,
    Service,
    a_running_service,
    new_id,
    token,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    async with a_running_service(new_database, kafka_bootstrap) as running:
        a, b = running.groups[A], running.groups[B]
        await a.practitioner("lea", "oak", "Lea", "Hart")
        await a.practitioner("mo", "oak", "Mo", "Khan")
        await a.practitioner("ned", "ash", "Ned", "Ray")
        await a.group("g1", network_id="n1")
        await a.member("g1", "lea", "oak", role="co_leader")
        await a.member("g1", "mo", "oak")
        await b.practitioner("bea", "birch", "Bea", "Stone")
        await b.group("gb")
        await b.member("gb", "bea", "birch", role="co_leader")
        await programme_and_plan(a)
        await running.sync_groups()
        yield running


async def programme_and_plan(a: GroupsStream) -> None:
    """Network n2 with two home groups, a programme cohort of their co-leaders, a plan: the
    groups service's events as the contract in ``membership.programmes`` names them."""
    await a.practitioner("pia", "elm", "Pia", "Moss")
    await a.practitioner("raj", "yew", "Raj", "Das")
    for group, leader, school in (("g2", "pia", "elm"), ("g3", "raj", "yew")):
        await a.group(group, network_id="n2")
        await a.member(group, leader, school, role="co_leader")
    await a.group("gp")  # the cohort's own learning group, where the programme's enquiry runs
    await a.member("gp", "pia", "elm", role="co_leader")
    await a.member("gp", "raj", "yew")
    await a.emit(
        "programme", "p1", "ProgrammeEstablished", programme_id="p1", name="Leading together"
    )
    await a.emit(
        "programme",
        "p1",
        "CohortFormed",
        programme_id="p1",
        cohort_id="c1",
        name="North",
        cohort_group_id="gp",
    )
    await a.emit("programme", "p1", "CohortFormed", programme_id="p1", cohort_id="c2", name="South")
    for person, home in (("raj", "g3"), ("pia", "g2")):
        await a.emit(
            "programme",
            "p1",
            "ParticipantJoinedCohort",
            programme_id="p1",
            cohort_id="c1",
            practitioner_id=person,
            home_group_id=home,
        )
    level = {
        "focus": "Talk",
        "hopes": "Pupils reason aloud",
        "expected_benefits": "Deeper answers",
        "baseline": "Few pupils explain",
        "success_measures": ["Pupils explaining, termly count"],
    }
    await a.emit(
        "network",
        "n2",
        "NetworkPlanSet",
        network_id="n2",
        levels=[{"level": "pupil", **level}, {"level": "adult", **level, "focus": "Coaching"}],
    )
    await a.emit(
        "network", "n2", "NetworkPlanLevelSet", network_id="n2", level="leadership", **level
    )


async def a_cycle_in_planned_action(
    s: Service, member: str = MO, leader: str = LEA, group: str = "g1", owner: str = "mo"
) -> dict[str, Any]:
    """A launched enquiry of ``group`` whose first cycle reached planned action, one action."""
    e = {"enquiryId": new_id()}
    MO, LEA = member, leader  # noqa: N806 - the module's names for "a member" and "a leader"
    await s.ok(
        MO,
        "proposeEnquiry",
        "enquiry",
        **e,
        groupId=group,
        title="Quiet pupils",
        question="How do quiet pupils come to speak?",
        approach="ACTION_LEARNING",
        levels=["PUPIL", "ADULT"],
    )
    await s.ok(LEA, "launchEnquiry", "enquiry", **e)
    c = {**e, "cycleId": new_id()}
    await s.ok(LEA, "startCycle", "enquiry", **c)
    await s.ok(MO, "recordExperience", "enquiry", **c, entryId=new_id(), text="Silence")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(MO, "recordReflection", "enquiry", **c, entryId=new_id(), text="Why?")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(
        MO,
        "proposeIdea",
        "enquiry",
        **c,
        entryId=new_id(),
        text="Talk partners",
        knowledgeField="PRACTITIONER",
    )
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    action = new_id()
    await s.ok(
        LEA, "planAction", "enquiry", **c, entryId=action, description="Pairs", ownerId=owner
    )
    return {**c, "actionId": action}


JOURNAL = """query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) { phase
  journal(first: 100) { edges { node { kind phase body details } } }
  cycles { edges { node { phase status } } } } }"""


async def test_a_cycle_loops_back_to_reflection_and_the_journal_shows_it(service: Service) -> None:
    s = service
    c = await a_cycle_in_planned_action(s)
    cycle = {k: c[k] for k in ("enquiryId", "cycleId")}
    await s.ok(LEA, "loopBackToReflection", "enquiry", **cycle, reason="It did not reach them")
    last = await s.ok(MO, "recordReflection", "enquiry", **cycle, entryId=new_id(), text="Late")
    enquiry = (await s.data(MO, JOURNAL, id=c["enquiryId"], t=last))["enquiry"]
    kinds = [j["node"]["kind"] for j in enquiry["journal"]["edges"]]
    assert kinds[-3:] == ["ACTION", "LOOPED_BACK", "REFLECTION"]
    loop = enquiry["journal"]["edges"][-2]["node"]
    assert (loop["phase"], loop["body"]) == ("REFLECTION", "It did not reach them")
    assert loop["details"] == {"fromPhase": "PLANNED_ACTION"}
    assert enquiry["phase"] == "REFLECTION"
    assert enquiry["cycles"]["edges"][0]["node"]["phase"] == "REFLECTION"


async def test_a_member_cannot_loop_back_and_nothing_is_written(service: Service) -> None:
    s = service
    c = await a_cycle_in_planned_action(s)
    result = await s.mutate(
        MO,
        "loopBackToReflection",
        "enquiry",
        enquiryId=c["enquiryId"],
        cycleId=c["cycleId"],
        reason="Me",
    )
    assert [e["code"] for e in result["userErrors"]] == ["NOT_A_GROUP_LEADER"]
    assert result["consistencyToken"] is None


TURNS = """query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) {
  actionLearningTurns { edges { node { id issue presentedBy { id }
    commitment { actionId description completed }
    questions { edges { node { question askedBy { id } } } } } } }
  journal(first: 100) { edges { node { kind body } } } } }"""


async def test_an_action_learning_turn_reads_back_for_the_group_only(service: Service) -> None:
    s = service
    c = await a_cycle_in_planned_action(s)
    e, turn = {"enquiryId": c["enquiryId"]}, new_id()
    await s.ok(MO, "takeTurn", "enquiry", **e, cycleId=c["cycleId"], turnId=turn, issue="Year 9")
    await s.ok(
        LEA, "askTurnQuestion", "enquiry", **e, turnId=turn, entryId=new_id(), question="When?"
    )
    refused = await s.mutate(
        MO, "askTurnQuestion", "enquiry", **e, turnId=turn, entryId=new_id(), question="Me?"
    )
    assert [x["code"] for x in refused["userErrors"]] == ["QUESTIONS_COME_FROM_THE_SET"]
    last = await s.ok(MO, "commitToAction", "enquiry", **e, turnId=turn, actionId=c["actionId"])

    enquiry = (await s.data(MO, TURNS, id=c["enquiryId"], t=last))["enquiry"]
    (edge,) = enquiry["actionLearningTurns"]["edges"]
    node = edge["node"]
    assert (node["id"], node["issue"]) == (turn, "Year 9")
    assert node["presentedBy"] == {"id": "mo"}
    assert node["commitment"] == {
        "actionId": c["actionId"],
        "description": "Pairs",
        "completed": False,
    }
    questions = [q["node"] for q in node["questions"]["edges"]]
    assert questions == [{"question": "When?", "askedBy": {"id": "lea"}}]
    kinds = [j["node"]["kind"] for j in enquiry["journal"]["edges"]]
    assert kinds[-3:] == ["TURN_TAKEN", "TURN_QUESTION", "TURN_COMMITTED"]

    ned = token("ned")  # in the tenant, not in the group: the turns are the group's own
    outsider = (await s.data(ned, TURNS, id=c["enquiryId"], t=last))["enquiry"]
    assert outsider["actionLearningTurns"]["edges"] == []


MY_LOG = """query($t: String) { myReflectiveLog(consistencyToken: $t) {
  edges { node { id text writtenBy { id } sharedWithGroupIds } } } }"""
GROUP_LOG = """query($t: String) { _entities(representations: [{__typename: "LearningGroup",
  id: "g1"}]) { ... on LearningGroup { sharedReflections(consistencyToken: $t) {
  edges { node { id text writtenBy { id } sharedWithGroupIds } } } } } }"""


async def group_log(s: Service, credential: str, t: str) -> list[dict[str, Any]]:
    data = await s.data(credential, GROUP_LOG, t=t)
    return [e["node"] for e in data["_entities"][0]["sharedReflections"]["edges"]]


async def test_a_reflective_log_is_private_until_shared_entry_by_entry(service: Service) -> None:
    s = service
    kept, offered = new_id(), new_id()
    await s.ok(MO, "writeReflectiveLogEntry", "reflectiveLogEntry", entryId=kept, text="Mine")
    await s.ok(MO, "writeReflectiveLogEntry", "reflectiveLogEntry", entryId=offered, text="Ours")
    last = await s.ok(
        MO, "shareReflectiveLogEntry", "reflectiveLogEntry", entryId=offered, groupId="g1"
    )
    mine = [e["node"] for e in (await s.data(MO, MY_LOG, t=last))["myReflectiveLog"]["edges"]]
    assert [(n["id"], n["sharedWithGroupIds"]) for n in mine][:2] == [
        (offered, ["g1"]),
        (kept, []),
    ]
    assert mine[0]["writtenBy"] == {"id": "mo"}
    # the group's members read the shared entry only, without whom else it is shared with
    assert [(n["id"], n["sharedWithGroupIds"]) for n in await group_log(s, LEA, last)] == [
        (offered, [])
    ]
    assert (await s.data(LEA, MY_LOG, t=last))["myReflectiveLog"]["edges"] == []
    # not a colleague outside the group, not a tenant admin
    for outsider in (token("ned"), token("ned", "tenant_admin")):
        assert await group_log(s, outsider, last) == []
    refused = await s.mutate(
        LEA, "withdrawReflectiveLogShare", "reflectiveLogEntry", entryId=offered, groupId="g1"
    )
    assert [x["code"] for x in refused["userErrors"]] == ["NOT_YOUR_REFLECTIVE_LOG"]

    last = await s.ok(
        MO, "withdrawReflectiveLogShare", "reflectiveLogEntry", entryId=offered, groupId="g1"
    )
    assert await group_log(s, LEA, last) == []


async def test_a_log_entry_is_shared_only_with_a_group_of_the_writer(service: Service) -> None:
    s = service
    entry = new_id()
    ned = token("ned")
    await s.ok(ned, "writeReflectiveLogEntry", "reflectiveLogEntry", entryId=entry, text="x")
    refused = await s.mutate(
        ned, "shareReflectiveLogEntry", "reflectiveLogEntry", entryId=entry, groupId="g1"
    )
    assert [(x["code"], x["field"]) for x in refused["userErrors"]] == [
        ("SHARE_ONLY_WITH_YOUR_GROUP", "groupId")
    ]


IMPACT = """query($id: ID!, $claim: ID!, $t: String) {
  enquiry(id: $id, consistencyToken: $t) { impactMeasures { edges { node {
    id actionId kind measure about count percentage cohortSize recordedBy { id } } } } }
  learningClaim(id: $claim) { impactMeasures { edges { node { id claimId kind count } } } } }"""


async def test_impact_measures_on_actions_and_claims_only_as_aggregates(service: Service) -> None:
    s = service
    c = await a_cycle_in_planned_action(s)
    e = {"enquiryId": c["enquiryId"]}
    baseline = {"kind": "BASELINE", "measure": "Pupils speaking", "about": "PUPILS"}
    on_action = new_id()
    await s.ok(
        MO,
        "recordActionImpact",
        "enquiry",
        **e,
        actionId=c["actionId"],
        measureId=on_action,
        measure={**baseline, "count": 6, "percentage": 25.0, "cohortSize": 24},
    )
    small = await s.mutate(
        MO,
        "recordActionImpact",
        "enquiry",
        **e,
        actionId=c["actionId"],
        measureId=new_id(),
        measure={**baseline, "count": 2, "cohortSize": 8},
    )
    assert [(x["code"], x["field"]) for x in small["userErrors"]] == [
        ("PUPIL_COHORT_TOO_SMALL", "cohortSize")
    ]
    named = await s.mutate(
        MO,
        "recordActionImpact",
        "enquiry",
        **e,
        actionId=c["actionId"],
        measureId=new_id(),
        measure={**baseline, "count": 6, "cohortSize": 24, "identifiesIndividuals": True},
    )
    assert [x["code"] for x in named["userErrors"]] == ["IDENTIFYING_DATA_REFUSED"]

    claim = new_id()
    await s.ok(
        MO,
        "claimLearning",
        "learningClaim",
        claimId=claim,
        groupId="g1",
        enquiryId=c["enquiryId"],
        level="PUPIL",
        depth="DEEP",
        statement="Quiet pupils speak",
        evidenceRefs=["observation notes"],
    )
    on_claim = new_id()
    last = await s.ok(
        MO,
        "recordClaimImpact",
        "learningClaim",
        claimId=claim,
        measureId=on_claim,
        measure={
            "kind": "OUTCOME",
            "measure": "Pupils speaking",
            "about": "PUPILS",
            "count": 15,
            "cohortSize": 24,
        },
    )
    data = await s.data(MO, IMPACT, id=c["enquiryId"], claim=claim, t=last)
    (action_measure,) = [x["node"] for x in data["enquiry"]["impactMeasures"]["edges"]]
    assert action_measure == {
        "id": on_action,
        "actionId": c["actionId"],
        "kind": "BASELINE",
        "measure": "Pupils speaking",
        "about": "PUPILS",
        "count": 6,
        "percentage": 25.0,
        "cohortSize": 24,
        "recordedBy": {"id": "mo"},
    }
    claim_measures = [x["node"] for x in data["learningClaim"]["impactMeasures"]["edges"]]
    assert claim_measures == [{"id": on_claim, "claimId": claim, "kind": "OUTCOME", "count": 15}]
    # the action's measures are the group's work; the claim's are read wherever the claim is
    outsider = await s.data(token("ned"), IMPACT, id=c["enquiryId"], claim=claim, t=last)
    assert outsider["enquiry"]["impactMeasures"]["edges"] == []
    assert len(outsider["learningClaim"]["impactMeasures"]["edges"]) == 1


PLAN = """query($t: String) { _entities(representations: [{__typename: "Network", id: "n2"}]) {
  ... on Network { planProgress(consistencyToken: $t) { level planned focus hopes
    expectedBenefits baseline successMeasures validatedClaims completedActions } } } }"""
COHORT = """query($t: String) { cohortProgress(cohortId: "c1", consistencyToken: $t) {
  cohortId programmeId name programmeName participants { edges { node {
    joinedBy { id } homeGroup { id } enquiries activeEnquiries cyclesCompleted
    openActions completedActions validatedClaims } } } } }"""


async def test_plan_and_cohort_progress_set_work_against_plan_and_side_by_side(
    service: Service,
) -> None:
    s = service
    pia, raj = token("pia"), token("raj")
    c = await a_cycle_in_planned_action(s, pia, pia, "g2", "pia")
    await s.ok(pia, "completeAction", "enquiry", enquiryId=c["enquiryId"], actionId=c["actionId"])
    claim = new_id()
    await s.ok(
        pia,
        "claimLearning",
        "learningClaim",
        claimId=claim,
        groupId="g2",
        level="PUPIL",
        depth="SHALLOW",
        statement="Pairs talk more",
        evidenceRefs=["notes"],
    )
    last = await s.ok(raj, "validateLearningClaim", "learningClaim", claimId=claim)

    (network,) = (await s.data(LEA, PLAN, t=last))["_entities"]
    levels = {row["level"]: row for row in network["planProgress"]}
    assert list(levels) == [
        "PUPIL",
        "ADULT",
        "LEADERSHIP",
        "SCHOOL_WIDE",
        "SCHOOL_TO_SCHOOL",
        "NETWORK_TO_NETWORK",
    ]
    assert levels["PUPIL"] == {
        "level": "PUPIL",
        "planned": True,
        "focus": "Talk",
        "hopes": "Pupils reason aloud",
        "expectedBenefits": "Deeper answers",
        "baseline": "Few pupils explain",
        "successMeasures": ["Pupils explaining, termly count"],
        "validatedClaims": 1,
        "completedActions": 1,
    }
    assert (levels["ADULT"]["focus"], levels["ADULT"]["completedActions"]) == ("Coaching", 1)
    assert levels["LEADERSHIP"]["planned"] is True
    assert (levels["SCHOOL_WIDE"]["planned"], levels["SCHOOL_WIDE"]["focus"]) == (False, None)

    cohort = (await s.data(LEA, COHORT, t=last))["cohortProgress"]
    assert (cohort["cohortId"], cohort["programmeId"], cohort["name"]) == ("c1", "p1", "North")
    assert cohort["programmeName"] == "Leading together"
    side_by_side = [e["node"] for e in cohort["participants"]["edges"]]
    assert side_by_side == [
        {
            "joinedBy": {"id": "pia"},
            "homeGroup": {"id": "g2"},
            "enquiries": 1,
            "activeEnquiries": 1,
            "cyclesCompleted": 0,
            "openActions": 0,
            "completedActions": 1,
            "validatedClaims": 1,
        },
        {
            "joinedBy": {"id": "raj"},
            "homeGroup": {"id": "g3"},
            "enquiries": 0,
            "activeEnquiries": 0,
            "cyclesCompleted": 0,
            "openActions": 0,
            "completedActions": 0,
            "validatedClaims": 0,
        },
    ]
    # another tenant knows no such cohort, and no plan of n2
    assert (await s.data(token("bea", tenant=B), COHORT))["cohortProgress"] is None
    (other,) = (await s.data(token("bea", tenant=B), PLAN))["_entities"]
    assert {
        (r["planned"], r["validatedClaims"], r["completedActions"]) for r in other["planProgress"]
    } == {(False, 0, 0)}


TAKEN_HOME = """query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) {
  ideasTakenHome { edges { node { sourceIdeaId homeEnquiryId actionId description completed
    outcome homeGroup { id } } } } } }"""


async def test_a_programme_idea_goes_home_and_its_outcome_comes_back_with_consent(
    service: Service,
) -> None:
    s = service
    pia, raj = token("pia"), token("raj")
    # the programme's enquiry, in the cohort's group, up to an idea
    programme = await a_cycle_in_planned_action(s, raj, pia, "gp", "raj")
    entries = await s.data(
        pia,
        """query($id: ID!) { enquiry(id: $id) { journal(first: 50) { edges { node {
        kind entryId } } } } }""",
        id=programme["enquiryId"],
    )
    (idea,) = [
        e["node"]["entryId"]
        for e in entries["enquiry"]["journal"]["edges"]
        if e["node"]["kind"] == "IDEA"
    ]
    # raj's home group g3: the idea taken home as a planned action, naming its source
    home = await a_cycle_in_planned_action(s, raj, raj, "g3", "raj")
    action = new_id()
    h = {"enquiryId": home["enquiryId"]}
    await s.ok(
        raj,
        "planAction",
        "enquiry",
        **h,
        cycleId=home["cycleId"],
        entryId=action,
        description="Talk frames, from the programme",
        sourceEnquiryId=programme["enquiryId"],
        sourceIdeaId=idea,
    )
    missing = await s.mutate(
        raj,
        "planAction",
        "enquiry",
        **h,
        cycleId=home["cycleId"],
        entryId=new_id(),
        description="x",
        sourceEnquiryId=programme["enquiryId"],
        sourceIdeaId=new_id(),
    )
    assert [x["code"] for x in missing["userErrors"]] == ["SOURCE_IDEA_NOT_FOUND"]
    last = await s.ok(
        raj, "completeAction", "enquiry", **h, actionId=action, outcome="Most pairs talked"
    )
    # before the home group consents, the programme sees nothing of it
    before = await s.data(pia, TAKEN_HOME, id=programme["enquiryId"], t=last)
    assert before["enquiry"]["ideasTakenHome"]["edges"] == []
    last = await s.ok(raj, "shareActionOutcome", "enquiry", **h, actionId=action)

    after = await s.data(pia, TAKEN_HOME, id=programme["enquiryId"], t=last)
    assert [e["node"] for e in after["enquiry"]["ideasTakenHome"]["edges"]] == [
        {
            "sourceIdeaId": idea,
            "homeEnquiryId": home["enquiryId"],
            "actionId": action,
            "description": "Talk frames, from the programme",
            "completed": True,
            "outcome": "Most pairs talked",
            "homeGroup": {"id": "g3"},
        }
    ]
    # the programme's readers only
    outsider = await s.data(token("ned"), TAKEN_HOME, id=programme["enquiryId"], t=last)
    assert outsider["enquiry"]["ideasTakenHome"]["edges"] == []


COHORT_LOOPS = """query($t: String) { cohortProgress(cohortId: "c1", consistencyToken: $t) {
  cohortGroup { id } enquiries { edges { node { id group { id } } } }
  participants { edges { node { joinedBy { id } ideasTakenHome outcomesShared inCohortGroup } } }
  } }"""


async def test_an_enquiry_started_within_a_cohort_runs_in_the_cohorts_group(
    service: Service,
) -> None:
    s = service
    pia, raj = token("pia"), token("raj")
    fields = {
        "title": "Programme enquiry",
        "question": "How do we lead talk?",
        "approach": "ACTION_LEARNING",
        "levels": ["LEADERSHIP"],
    }
    for extra, code, field in (
        ({"cohortId": "nope"}, "COHORT_NOT_FOUND", "cohortId"),
        ({"cohortId": "c2"}, "COHORT_MEETS_IN_NO_GROUP", "cohortId"),
        ({"cohortId": "c1", "groupId": "g2"}, "NOT_THE_COHORTS_GROUP", "groupId"),
        ({}, "INVALID_INPUT", "groupId"),
    ):
        refused = await s.mutate(
            pia, "proposeEnquiry", "enquiry", enquiryId=new_id(), **fields, **extra
        )
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [(code, field)]
    enquiry = new_id()
    t = await s.ok(pia, "proposeEnquiry", "enquiry", enquiryId=enquiry, cohortId="c1", **fields)
    found = await s.data(
        pia,
        "query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) {"
        " group { id } cohort { cohortId name } } }",
        id=enquiry,
        t=t,
    )
    assert found == {
        "enquiry": {"group": {"id": "gp"}, "cohort": {"cohortId": "c1", "name": "North"}}
    }

    cohort = (await s.data(pia, COHORT_LOOPS, t=t))["cohortProgress"]
    assert cohort["cohortGroup"] == {"id": "gp"}
    programme = [e["node"] for e in cohort["enquiries"]["edges"]]
    assert {"id": enquiry, "group": {"id": "gp"}} in programme
    assert {e["group"]["id"] for e in programme} == {"gp"}
    before = {e["node"]["joinedBy"]["id"]: e["node"] for e in cohort["participants"]["edges"]}
    assert before["pia"]["inCohortGroup"] and before["raj"]["inCohortGroup"]

    # an idea of the programme's enquiry taken into raj's home group, its outcome shared back
    source = await a_cycle_in_planned_action(s, raj, pia, "gp", "raj")
    journal = await s.data(
        pia,
        "query($id: ID!) { enquiry(id: $id) { journal(first: 50) { edges { node { kind entryId"
        " } } } } }",
        id=source["enquiryId"],
    )
    (idea,) = [
        e["node"]["entryId"]
        for e in journal["enquiry"]["journal"]["edges"]
        if e["node"]["kind"] == "IDEA"
    ]
    home = await a_cycle_in_planned_action(s, raj, raj, "g3", "raj")
    h = {"enquiryId": home["enquiryId"]}
    action = new_id()
    await s.ok(
        raj,
        "planAction",
        "enquiry",
        **h,
        cycleId=home["cycleId"],
        entryId=action,
        description="From the programme",
        sourceEnquiryId=source["enquiryId"],
        sourceIdeaId=idea,
    )
    t = await s.ok(raj, "shareActionOutcome", "enquiry", **h, actionId=action)
    cohort = (await s.data(pia, COHORT_LOOPS, t=t))["cohortProgress"]
    after = {e["node"]["joinedBy"]["id"]: e["node"] for e in cohort["participants"]["edges"]}
    assert after["raj"]["ideasTakenHome"] == before["raj"]["ideasTakenHome"] + 1
    assert after["raj"]["outcomesShared"] == before["raj"]["outcomesShared"] + 1
    assert after["pia"]["ideasTakenHome"] == before["pia"]["ideasTakenHome"]

    # raj leaves the cohort's group: the programme's enquiries are no longer his to read
    await s.groups[A].leave("gp", "raj")
    await s.sync_groups()
    cohort = (await s.data(pia, COHORT_LOOPS))["cohortProgress"]
    left = {e["node"]["joinedBy"]["id"]: e["node"] for e in cohort["participants"]["edges"]}
    assert left["raj"]["inCohortGroup"] is False
    hidden = await s.data(
        raj, "query($id: ID!) { enquiry(id: $id) { journal { edges { cursor } } } }", id=enquiry
    )
    assert hidden["enquiry"]["journal"]["edges"] == []
