"""The climate audit and its roll: every rule and refusal, and results only from five answers."""

from __future__ import annotations

from clc_knowledge.domain import TENANT_ADMIN, Standing
from clc_knowledge.domain.climate_audit import (
    AUDIT_DECIDER,
    INSTRUMENT,
    INSTRUMENT_ID,
    RESULTS_THRESHOLD,
    ROLL_DECIDER,
    AnswerClimateAudit,
    AuditFact,
    Ballot,
    ClimateAuditAnswered,
    ClimateAuditClosed,
    ClimateAuditOpened,
    ClimateAuditParticipationRecorded,
    CloseClimateAudit,
    Dimension,
    ItemScore,
    OpenClimateAudit,
    SealClimateAuditAnswers,
    ToolFact,
    roll_id,
)
from clc_knowledge.domain.climate_audit.errors import (
    AlreadyAnswered,
    AnswersIncomplete,
    AuditNeedsOneScope,
    ClimateAuditAlreadyExists,
    ClimateAuditIsClosed,
    ClimateAuditNotFound,
    NotAnAuditLeader,
    NotAnAuditParticipant,
    NotAnAuditTool,
)
from clc_knowledge.domain.climate_audit.results import summarise
from clc_knowledge.domain.errors import ArtefactNotFound, ArtefactNotPublished
from clc_knowledge.domain.values import ArtefactKind, ArtefactStatus

from tests.support.scenario import given

from .builders import AUTHOR, GROUP, SCHOOL, actor, member

AUDIT = "9b1d2c3e-1111-4d4e-9a55-0f6f4a3c1a01"
TOOL = "9b1d2c3e-0000-4d4e-9a55-000000000001"
B1 = "9b1d2c3e-2222-4d4e-9a55-000000000001"
B2 = "9b1d2c3e-2222-4d4e-9a55-000000000002"
A_TOOL = ToolFact(
    artefact_id=TOOL, kind=ArtefactKind.CLIMATE_AUDIT_TOOL, status=ArtefactStatus.PUBLISHED
)
LEADER = member(group_leader=True)
OPENED = ClimateAuditOpened(
    audit_id=AUDIT,
    author_id=AUTHOR,
    tool_artefact_id=TOOL,
    instrument_id=INSTRUMENT_ID,
    group_id=GROUP,
)
ALL_FOURS = tuple(ItemScore(item_id=i.id, score=4) for i in INSTRUMENT)


def open_(tool: ToolFact = A_TOOL, **more: object) -> OpenClimateAudit:
    fields: dict[str, object] = {
        "actor": actor(),
        "standing": LEADER,
        "audit_id": AUDIT,
        "tool": tool,
        "group_id": GROUP,
    }
    fields.update(more)
    return OpenClimateAudit(**fields)  # type: ignore[arg-type]


def answer(
    person: str = "p-member",
    standing: Standing | None = None,
    audit: AuditFact | None = None,
    answers: tuple[ItemScore, ...] = ALL_FOURS,
) -> AnswerClimateAudit:
    return AnswerClimateAudit(
        actor=actor(person),
        standing=standing or member(),
        audit_id=AUDIT,
        audit=audit or AuditFact(opened=True, group_id=GROUP),
        answers=answers,
    )


def participated(person: str = "p-member") -> ClimateAuditParticipationRecorded:
    return ClimateAuditParticipationRecorded(audit_id=AUDIT, person_id=person)


def test_a_group_leader_opens_an_audit_of_a_published_audit_tool() -> None:
    given(AUDIT_DECIDER).when(open_()).then(OPENED)
    given(AUDIT_DECIDER, OPENED).when(open_()).then_refused(
        ClimateAuditAlreadyExists, field="audit_id"
    )


def test_the_tool_is_a_published_climate_audit_tool_the_opener_sees() -> None:
    unseen = ToolFact(artefact_id=TOOL)
    given(AUDIT_DECIDER).when(open_(unseen)).then_refused(
        ArtefactNotFound, field="tool_artefact_id"
    )
    protocol = A_TOOL.model_copy(update={"kind": ArtefactKind.PROTOCOL})
    given(AUDIT_DECIDER).when(open_(protocol)).then_refused(
        NotAnAuditTool, field="tool_artefact_id"
    )
    draft = A_TOOL.model_copy(update={"status": ArtefactStatus.DRAFT})
    given(AUDIT_DECIDER).when(open_(draft)).then_refused(
        ArtefactNotPublished, field="tool_artefact_id"
    )


def test_an_audit_is_of_exactly_one_group_or_school() -> None:
    given(AUDIT_DECIDER).when(open_(school_id=SCHOOL)).then_refused(
        AuditNeedsOneScope, field="group_id"
    )
    given(AUDIT_DECIDER).when(open_(group_id=None)).then_refused(
        AuditNeedsOneScope, field="group_id"
    )


def test_only_a_groups_leaders_or_a_tenant_admin_open_and_close() -> None:
    given(AUDIT_DECIDER).when(open_(standing=member())).then_refused(NotAnAuditLeader)
    # a school's audit: a tenant admin
    given(AUDIT_DECIDER).when(open_(group_id=None, school_id=SCHOOL)).then_refused(NotAnAuditLeader)
    admin = actor("root", TENANT_ADMIN)
    given(AUDIT_DECIDER).when(
        open_(actor=admin, standing=Standing(), group_id=None, school_id=SCHOOL)
    ).then(OPENED.model_copy(update={"author_id": "root", "group_id": None, "school_id": SCHOOL}))
    close = CloseClimateAudit(actor=actor("p-member"), standing=member(), audit_id=AUDIT)
    given(AUDIT_DECIDER, OPENED).when(close).then_refused(NotAnAuditLeader)


def test_an_audit_is_closed_once() -> None:
    close = CloseClimateAudit(actor=actor(), standing=LEADER, audit_id=AUDIT)
    closed = ClimateAuditClosed(audit_id=AUDIT, author_id=AUTHOR)
    given(AUDIT_DECIDER, OPENED).when(close).then(closed)
    given(AUDIT_DECIDER, OPENED, closed).when(close).then_refused(ClimateAuditIsClosed)
    given(AUDIT_DECIDER).when(close).then_refused(ClimateAuditNotFound, field="audit_id")


def test_sealed_answers_carry_no_person_and_each_ballot_is_sealed_once() -> None:
    ballots = (Ballot(ballot_id=B1, scores=ALL_FOURS), Ballot(ballot_id=B2, scores=ALL_FOURS))
    seal = SealClimateAuditAnswers(audit_id=AUDIT, ballots=ballots)
    first = ClimateAuditAnswered(audit_id=AUDIT, ballot_id=B1, scores=ALL_FOURS)
    second = ClimateAuditAnswered(audit_id=AUDIT, ballot_id=B2, scores=ALL_FOURS)
    given(AUDIT_DECIDER, OPENED).when(seal).then(first, second)
    given(AUDIT_DECIDER, OPENED, first).when(seal).then(second)  # a repeated seal after a crash
    # a retry after a concurrent seal left fewer new ones than a batch: nothing, they wait
    batch = seal.model_copy(update={"at_least": 2})
    given(AUDIT_DECIDER, OPENED, first).when(batch).then_nothing_happens()
    given(AUDIT_DECIDER, OPENED).when(batch).then(first, second)
    assert set(ClimateAuditAnswered.model_fields) == {"audit_id", "ballot_id", "scores"}


def test_answers_given_while_open_are_sealed_after_closing() -> None:
    closed = ClimateAuditClosed(audit_id=AUDIT, author_id=AUTHOR)
    seal = SealClimateAuditAnswers(
        audit_id=AUDIT, ballots=(Ballot(ballot_id=B1, scores=ALL_FOURS),)
    )
    given(AUDIT_DECIDER, OPENED, closed).when(seal).then(
        ClimateAuditAnswered(audit_id=AUDIT, ballot_id=B1, scores=ALL_FOURS)
    )


def test_a_member_answers_once_and_the_roll_holds_no_scores() -> None:
    given(ROLL_DECIDER).when(answer()).then(participated())
    given(ROLL_DECIDER, participated()).when(answer()).then_refused(AlreadyAnswered)
    assert set(ClimateAuditParticipationRecorded.model_fields) == {"audit_id", "person_id"}
    assert roll_id(AUDIT) != AUDIT


def test_only_members_of_the_audited_group_or_school_answer() -> None:
    given(ROLL_DECIDER).when(answer(standing=Standing(school_id=SCHOOL))).then_refused(
        NotAnAuditParticipant
    )
    school_audit = AuditFact(opened=True, school_id=SCHOOL)
    given(ROLL_DECIDER).when(answer(standing=Standing(school_id=SCHOOL), audit=school_audit)).then(
        participated()
    )
    given(ROLL_DECIDER).when(
        answer(standing=Standing(school_id="s-9"), audit=school_audit)
    ).then_refused(NotAnAuditParticipant)


def test_an_audit_that_is_not_open_takes_no_answer() -> None:
    given(ROLL_DECIDER).when(answer(audit=AuditFact())).then_refused(
        ClimateAuditNotFound, field="audit_id"
    )
    closed = AuditFact(opened=True, closed=True, group_id=GROUP)
    given(ROLL_DECIDER).when(answer(audit=closed)).then_refused(ClimateAuditIsClosed)


def test_every_statement_is_scored_once_from_1_to_5() -> None:
    for wrong in [
        ALL_FOURS[:-1],
        (*ALL_FOURS, ALL_FOURS[0]),
        (*ALL_FOURS[:-1], ItemScore(item_id="nonsense", score=3)),
        (*ALL_FOURS[:-1], ItemScore(item_id=ALL_FOURS[-1].item_id, score=6)),
        (*ALL_FOURS[:-1], ItemScore(item_id=ALL_FOURS[-1].item_id, score=0)),
    ]:
        given(ROLL_DECIDER).when(answer(answers=wrong)).then_refused(
            AnswersIncomplete, field="answers"
        )


def test_results_are_withheld_below_five_respondents_and_say_why() -> None:
    counts = {(i.id, 4): 4 for i in INSTRUMENT}
    withheld = summarise(4, counts, RESULTS_THRESHOLD)
    assert (withheld.shown, withheld.items, withheld.dimensions) == (False, (), ())
    assert withheld.reason is not None and "at least 5" in withheld.reason
    # answers wait to be sealed in batches: the reason counts who is on the roll
    waiting = summarise(0, {}, RESULTS_THRESHOLD, answered=4)
    assert waiting.reason is not None and "(4 so far)" in waiting.reason


def test_results_from_five_respondents_are_aggregates_per_statement_and_dimension() -> None:
    counts = {(i.id, 4): 4 for i in INSTRUMENT} | {(i.id, 2): 1 for i in INSTRUMENT}
    shown = summarise(5, counts, RESULTS_THRESHOLD)
    assert shown.shown and shown.reason is None
    assert [r.distribution for r in shown.items] == [(0, 1, 0, 4, 0)] * len(INSTRUMENT)
    assert {r.mean for r in shown.items} == {3.6}
    assert [(d.dimension, d.mean) for d in shown.dimensions] == [(d, 3.6) for d in Dimension]
