"""Input limits are checked when a command is built, naming the field, before any rule runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from clc_enquiry.domain import (
    AttachEvidence,
    GroupMembership,
    HoldPeerReviewVisit,
    KnowledgeField,
    LevelOfLearning,
)
from eventkit.errors import ControlCharacterInText, DateOutOfRange, InvalidInput
from pydantic import ValidationError

from .builders import (
    ENQUIRY,
    attach_evidence,
    plan_action,
    propose,
    propose_idea,
    record_experience,
    refine,
)
from .claim_builders import claim_learning
from .review_builders import hold_visit, request_review


def _refused_field(build: Any, **fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        build(**fields)
    return ".".join(str(part) for part in caught.value.errors()[0]["loc"])


def test_a_question_is_at_most_500_characters() -> None:
    assert _refused_field(propose, question="?" * 501) == "question"
    assert propose(question="?" * 500).question == "?" * 500


def test_a_blank_question_is_refused() -> None:
    assert _refused_field(refine, question="   ") == "question"


def test_surrounding_whitespace_is_trimmed() -> None:
    assert propose(title="  Talk for learning  ").title == "Talk for learning"


def test_a_title_is_at_most_200_characters() -> None:
    assert _refused_field(propose, title="t" * 201) == "title"


def test_an_enquiry_focuses_on_at_least_one_level_of_learning() -> None:
    assert _refused_field(propose, levels=()) == "levels"


def test_levels_of_learning_are_named_once_in_the_order_given() -> None:
    levels = (LevelOfLearning.LEADERSHIP, LevelOfLearning.PUPIL, LevelOfLearning.LEADERSHIP)
    command = propose(levels=levels)
    assert command.levels == (LevelOfLearning.LEADERSHIP, LevelOfLearning.PUPIL)


def test_an_unknown_approach_is_refused() -> None:
    assert _refused_field(propose, approach="brainstorming") == "approach"


def test_an_entry_text_is_at_most_10000_characters() -> None:
    assert _refused_field(record_experience, text="x" * 10_001) == "text"


def test_an_entry_id_must_be_a_uuid() -> None:
    assert _refused_field(record_experience, entry_id="entry-1") == "entry_id"


def test_an_enquiry_id_must_be_a_uuid() -> None:
    assert _refused_field(propose, enquiry_id="my enquiry") == "enquiry_id"
    assert propose(enquiry_id=ENQUIRY.upper()).enquiry_id == ENQUIRY


def test_the_time_an_entry_was_written_must_carry_its_time_zone() -> None:
    naive = datetime(2025, 3, 4, 9, 30)
    assert _refused_field(record_experience, written_at=naive) == "written_at"


def test_an_unknown_knowledge_field_is_refused() -> None:
    assert _refused_field(propose_idea, knowledge_field="folk") == "knowledge_field"
    assert propose_idea(knowledge_field="co_constructed").knowledge_field is (
        KnowledgeField.CO_CONSTRUCTED
    )


def test_an_idea_cites_at_most_50_sources() -> None:
    sources = tuple(f"source {n}" for n in range(51))
    assert _refused_field(propose_idea, sources=sources) == "sources"


def test_evidence_must_say_whether_it_contains_pupil_data() -> None:
    fields = attach_evidence().model_dump(exclude={"contains_pupil_data"})
    with pytest.raises(ValidationError) as caught:
        AttachEvidence.model_validate(fields)
    assert caught.value.errors()[0]["loc"] == ("contains_pupil_data",)


def test_a_learning_claim_needs_a_known_depth() -> None:
    assert _refused_field(claim_learning, depth="very deep") == "depth"


def test_a_peer_review_names_at_most_20_reviewing_schools() -> None:
    schools = tuple(f"school-{n}" for n in range(21))
    assert _refused_field(request_review, reviewing_school_ids=schools) == "reviewing_school_ids"


def test_commands_and_memberships_are_immutable() -> None:
    command = propose()
    with pytest.raises(ValidationError):
        command.title = "Another"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        GroupMembership(group_id="")


def test_a_command_refuses_unknown_fields() -> None:
    assert _refused_field(propose, colour="blue") == "colour"


def _named_refusal(build: Any, **fields: Any) -> InvalidInput:
    with pytest.raises(ValidationError) as caught:
        build(**fields)
    error = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(error, InvalidInput)
    return error


def _hold_visit(**overrides: Any) -> HoldPeerReviewVisit:
    return HoldPeerReviewVisit.model_validate({**hold_visit().model_dump(), **overrides})


@pytest.mark.parametrize(
    "written_at",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2201-01-01T00:00:00Z"],
)
def test_a_writing_time_no_read_model_can_store_is_refused(written_at: str) -> None:
    error = _named_refusal(record_experience, written_at=written_at)
    assert (type(error), error.code, error.field) == (
        DateOutOfRange,
        "DATE_OUT_OF_RANGE",
        "written_at",
    )


def test_a_writing_time_is_kept_in_utc() -> None:
    written_at = record_experience(written_at="2025-03-04T09:30:00-05:00").written_at
    assert written_at == datetime(2025, 3, 4, 14, 30, tzinfo=UTC)
    assert written_at is not None and written_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda day: plan_action(due_date=day), "due_date"),
        (lambda day: _hold_visit(visit_date=day), "visit_date"),
    ],
)
def test_a_calendar_date_outside_1900_to_2200_is_refused(build: Any, field: str) -> None:
    for day in ("0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"):
        error = _named_refusal(build, day=day)
        assert (type(error), error.field) == (DateOutOfRange, field)
    build(day=date(1900, 1, 1))
    build(day=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("build", "fields", "field"),
    [
        (propose, {"title": "Talk\x00"}, "title"),
        (propose, {"title": "Talk\nfor learning"}, "title"),
        (propose, {"question": "How\x00?"}, "question"),
        (refine, {"question": "Why?", "rationale": "a\x1bb"}, "rationale"),
        (record_experience, {"text": "we saw\x00it"}, "text"),
        (propose_idea, {"sources": ("ok", "bad\x00ref")}, "sources"),
        (attach_evidence, {"reference": "https://x.example/\x07"}, "reference"),
        (claim_learning, {"statement": "we learnt\x00"}, "statement"),
        (request_review, {"host_school_id": "school\x00"}, "host_school_id"),
        (_hold_visit, {"notes": "quiet\x00"}, "notes"),
    ],
)
def test_text_with_a_control_character_is_refused_naming_the_field(
    build: Any, fields: dict[str, Any], field: str
) -> None:
    error = _named_refusal(build, **fields)
    assert (type(error), error.code, error.field) == (
        ControlCharacterInText,
        "CONTROL_CHARACTER_IN_TEXT",
        field,
    )


def test_long_texts_and_questions_keep_their_tabs_and_line_breaks() -> None:
    assert record_experience(text="first\r\n\tsecond").text == "first\r\n\tsecond"
    assert propose(question="How do we\nlisten?").question == "How do we\nlisten?"
