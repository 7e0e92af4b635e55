"""The catalogue of refusals: one named error per rule, each with a stable code."""

from __future__ import annotations

import re

import pytest
from clc_enquiry.domain import errors
from eventkit.errors import DomainError, InvalidInput, NotAuthorized, NotFound, RuleViolated

ERRORS = [getattr(errors, name) for name in errors.__all__]


def test_every_error_has_its_own_screaming_snake_code() -> None:
    codes = [error.code for error in ERRORS]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]+(_[A-Z]+)*", code) for code in codes)


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: error.__name__)
def test_every_error_is_a_domain_error_with_its_own_message(error: type[DomainError]) -> None:
    assert issubclass(error, (RuleViolated, NotAuthorized, NotFound, InvalidInput))
    assert "code" in vars(error)
    assert "default_message" in vars(error)
    raised = error(field="some_field")
    assert (raised.code, raised.message, raised.field) == (
        error.code,
        error.default_message,
        "some_field",
    )


def test_every_error_is_drawn_in_the_module_docstring() -> None:
    doc = errors.__doc__ or ""
    assert [e.__name__ for e in ERRORS if e.__name__ not in doc] == []


def test_peer_review_order_errors_share_one_rule() -> None:
    for error in (
        errors.VisitBeforeFocus,
        errors.FindingsBeforeVisit,
        errors.ResponseBeforeFindings,
        errors.CloseBeforeResponse,
    ):
        assert issubclass(error, errors.PeerReviewStepOutOfOrder)
