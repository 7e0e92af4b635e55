"""What a client hands in is kept: optional texts and times reach the events, and what the rules
later read (entry ids of every kind, the refined question, a challenge) reaches the state.

Found by mutation testing (``make mutation``): dropping any of these left every other test green.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    LEARNING_CLAIM_DECIDER,
    ClaimStatus,
    DuplicateEntryId,
    EnquiryQuestionRefined,
    Phase,
    QuestionUnchanged,
)
from eventkit.domain import Command, DomainEvent

from tests.support.scenario import given

from .builders import (
    ACTION_1,
    CYCLE_2,
    ENQUIRY,
    IDEA_1,
    MEMBER,
    REFLECTION_1,
    WRITTEN_AT,
    attach_evidence,
    complete_action,
    completed_cycle,
    conclude,
    cycle_in,
    cycle_ready_to_complete,
    cycle_started,
    evidence_attached,
    launched_enquiry,
    plan_action,
    propose_idea,
    proposed,
    record_experience,
    record_reflection,
    refine,
    share_findings,
    start_cycle,
    uid,
)
from .claim_builders import CLAIM, challenge_claim, claimed

EVIDENCE = uid("evidence-kept")
FINDINGS = uid("findings-kept")


def _with(command: Command, **fields: Any) -> Command:
    return command.model_copy(update=fields)


@pytest.mark.parametrize(
    ("history", "command", "field", "value"),
    [
        (
            [proposed()],
            refine("A sharper question?", rationale="Pupils asked it"),
            "rationale",
            None,
        ),
        (launched_enquiry(), _with(start_cycle(), focus="Exit tickets"), "focus", None),
        (launched_enquiry(), _with(conclude(), summary="We learnt a lot"), "summary", None),
        (
            [*launched_enquiry(), *cycle_in(Phase.REFLECTION)],
            _with(record_reflection(), written_at=WRITTEN_AT),
            "written_at",
            WRITTEN_AT,
        ),
        (
            [*launched_enquiry(), *cycle_in(Phase.NEW_IDEAS)],
            propose_idea(written_at=WRITTEN_AT),
            "written_at",
            WRITTEN_AT,
        ),
        (
            [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)],
            plan_action(written_at=WRITTEN_AT),
            "written_at",
            WRITTEN_AT,
        ),
        (
            [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)],
            attach_evidence(written_at=WRITTEN_AT),
            "written_at",
            WRITTEN_AT,
        ),
        (
            [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)],
            attach_evidence(description="Three lessons, transcribed"),
            "description",
            None,
        ),
        (
            [*launched_enquiry(), *cycle_ready_to_complete()],
            _with(complete_action(ACTION_1), outcome="Pupils now ask first"),
            "outcome",
            None,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_an_optional_input_given_reaches_the_event(
    history: list[DomainEvent], command: Command, field: str, value: Any
) -> None:
    outcome = given(ENQUIRY_DECIDER, *history).when(command)
    assert outcome.error is None, outcome.error
    assert outcome.events is not None
    expected = getattr(command, field) if value is None else value
    assert expected is not None
    assert getattr(outcome.events[-1], field) == expected


def _findings_shared() -> DomainEvent:
    history = [*launched_enquiry(), *completed_cycle()]
    events = given(ENQUIRY_DECIDER, *history).when(share_findings(FINDINGS)).events
    assert events is not None
    return events[-1]


@pytest.mark.parametrize(
    ("used_id", "extra"),
    [
        (REFLECTION_1, lambda: []),
        (IDEA_1, lambda: []),
        (ACTION_1, lambda: []),
        (EVIDENCE, lambda: [evidence_attached(EVIDENCE)]),
        (FINDINGS, lambda: [_findings_shared()]),
    ],
    ids=["reflection", "idea", "action", "evidence", "findings"],
)
def test_an_entry_id_of_any_kind_is_used_once(
    used_id: str, extra: Callable[[], list[DomainEvent]]
) -> None:
    history = [*launched_enquiry(), *completed_cycle(), *extra(), cycle_started(CYCLE_2, 2)]
    command = record_experience(used_id, CYCLE_2)
    given(ENQUIRY_DECIDER, *history).when(command).then_refused(DuplicateEntryId, field="entry_id")


def test_refining_to_the_question_already_refined_changes_nothing() -> None:
    refined = EnquiryQuestionRefined(
        enquiry_id=ENQUIRY, author_id=MEMBER, question="How do quiet pupils join in?"
    )
    state = given(ENQUIRY_DECIDER, proposed(), refined).state
    assert (state.enquiry_id, state.question) == (ENQUIRY, "How do quiet pupils join in?")
    given(ENQUIRY_DECIDER, proposed(), refined).when(
        refine("How do quiet pupils join in?")
    ).then_refused(QuestionUnchanged, field="question")


def test_a_challenged_claim_is_challenged_until_validated() -> None:
    outcome = given(LEARNING_CLAIM_DECIDER, claimed()).when(challenge_claim())
    assert outcome.events
    state = outcome.then(*outcome.events)
    assert state.claim_id == CLAIM
    assert state.status is ClaimStatus.CHALLENGED
