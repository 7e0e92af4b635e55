"""Events are named as in DOMAIN.md and survive the trip to JSON and back (the event store)."""

from __future__ import annotations

import clc_enquiry.domain as domain
import pytest
from eventkit.domain import DomainEvent

from .builders import (
    WRITTEN_AT,
    completed_cycle,
    concluded,
    evidence_attached,
    experience_recorded,
    launched_enquiry,
)
from .claim_builders import claimed
from .review_builders import closed, review_until

DOMAIN_MD_EVENTS = [
    # Enquiry
    "EnquiryProposed",
    "EnquiryQuestionRefined",
    "EnquiryLaunched",
    "CycleStarted",
    "ExperienceRecorded",
    "ReflectionRecorded",
    "IdeaProposed",
    "ActionPlanned",
    "ActionCompleted",
    "EvidenceAttached",
    "CyclePhaseAdvanced",
    "CycleCompleted",
    "FindingsShared",
    "EnquiryConcluded",
    # Learning claim
    "LearningClaimed",
    "LearningClaimValidated",
    "LearningClaimChallenged",
    # Peer review
    "PeerReviewRequested",
    "PeerReviewFocusAgreed",
    "PeerReviewVisitHeld",
    "PeerReviewFindingsRecorded",
    "PeerReviewResponded",
    "PeerReviewClosed",
]


@pytest.mark.parametrize("name", DOMAIN_MD_EVENTS)
def test_every_event_in_the_domain_vocabulary_exists_under_its_own_name(name: str) -> None:
    event_class = getattr(domain, name)
    assert issubclass(event_class, DomainEvent)
    assert event_class.event_type == name


SAMPLES: list[DomainEvent] = [
    *launched_enquiry(),
    *completed_cycle(),
    experience_recorded(written_at=WRITTEN_AT),
    evidence_attached(contains_pupil_data=True),
    concluded(),
    claimed(),
    *review_until("responded"),
    closed(),
]


@pytest.mark.parametrize("event", SAMPLES, ids=lambda event: event.event_type)
def test_an_event_round_trips_through_json(event: DomainEvent) -> None:
    assert type(event).model_validate_json(event.model_dump_json()) == event


def test_events_are_immutable() -> None:
    event = concluded()
    with pytest.raises(ValueError, match="frozen"):
        event.author_id = "someone-else"  # type: ignore[misc]
