"""The shape of the groups domain package: the events DOMAIN.md names, named errors with stable
codes, events that survive serialization, and no I/O imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clc_groups.domain as domain
import pytest
from clc_groups.domain import EVENT_TYPES, errors
from eventkit.domain import DomainEvent
from eventkit.errors import DomainError, InvalidInput, NotAuthorized, NotFound, RuleViolated

from tests.unit.groups.builders import (
    a_launched_group,
    a_launched_network,
    a_registered_practitioner,
    a_registered_school,
    a_scheduled_session,
)

EVENTS_NAMED_IN_DOMAIN_MD = {
    "SchoolRegistered",
    "SchoolUpdated",
    "PractitionerRegistered",
    "PractitionerDeactivated",
    "PractitionerErased",
    "NetworkEstablished",
    "NetworkPurposeStated",
    "SchoolJoinedNetwork",
    "SchoolLeftNetwork",
    "NetworkCoLeaderAppointed",
    "NetworkCoLeaderStoodDown",
    "NetworkLaunched",
    "NetworkDissolved",
    "LearningGroupFormed",
    "MemberAdded",
    "MemberRoleChanged",
    "MemberLeft",
    "GroundRulesProposed",
    "GroundRulesAgreed",
    "LearningGroupLaunched",
    "SessionScheduled",
    "SessionHeld",
    "SessionCancelled",
    "LearningGroupClosed",
}

# DOMAIN.md lists the v1 core "to extend where users would expect"; issue 11's additions:
EVENTS_BEYOND_THE_CORE = {
    "OrganisationRegistered",
    "OrganisationUpdated",
    "NetworkPartnerAppointed",
    "NetworkPartnerStoodDown",
    "GroundRulesInForce",
    "GroundRulesWithdrawn",
    "NetworkCharterAdopted",
    "NetworkLeadRotated",
    "SessionLearningRecorded",
    "ActivityRecorded",
    "PeerReviewLinked",
    "ProgrammeEstablished",
    "CohortFormed",
    "ParticipantEnrolled",
    "ParticipantWithdrew",
    "NetworkPlanLevelSet",
    "PartnershipConsented",
    "PartnershipEnded",
}

DOMAIN_ERRORS = [
    value
    for value in vars(errors).values()
    if isinstance(value, type)
    and issubclass(value, DomainError)
    and value.__module__ == errors.__name__
]

ALLOWED_IMPORTS = re.compile(r"^(__future__|pydantic|eventkit\.domain|eventkit\.errors)$")


def test_the_domain_has_exactly_the_events_named_in_domain_md() -> None:
    expected = EVENTS_NAMED_IN_DOMAIN_MD | EVENTS_BEYOND_THE_CORE
    assert {event.event_type for event in EVENT_TYPES} == expected
    assert len(EVENT_TYPES) == len(expected)


def test_every_event_is_versioned() -> None:
    assert all(event.schema_version >= 1 for event in EVENT_TYPES)


@pytest.mark.parametrize(
    "event",
    [
        *a_registered_school(),
        *a_registered_practitioner(),
        *a_launched_network(),
        *a_launched_group(),
        a_scheduled_session(artefact_id="artefact-1"),
    ],
    ids=lambda event: event.event_type,
)
def test_an_event_survives_a_round_trip_through_json(event: DomainEvent) -> None:
    assert type(event).model_validate_json(event.model_dump_json()) == event


def test_every_rule_has_its_own_error_with_a_screaming_snake_code() -> None:
    codes = [error.code for error in DOMAIN_ERRORS]
    assert len(codes) == len(set(codes)), "codes are unique"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", code) for code in codes)
    assert all(error.default_message for error in DOMAIN_ERRORS)
    bases = (RuleViolated, NotAuthorized, NotFound, InvalidInput)
    assert all(issubclass(error, bases) and error not in bases for error in DOMAIN_ERRORS)


def test_every_error_is_drawn_in_the_errors_module_hierarchy() -> None:
    assert errors.__doc__ is not None
    drawn = set(re.findall(r"[├└]── (\w+)", errors.__doc__))
    assert {error.__name__ for error in DOMAIN_ERRORS} <= drawn


def test_the_public_names_are_importable() -> None:
    missing = [name for name in domain.__all__ if not hasattr(domain, name)]
    assert missing == []


@pytest.mark.skipif(
    Path.cwd().name == "mutants", reason="mutmut's copies import its trampoline on purpose"
)
def test_the_domain_imports_nothing_that_does_io() -> None:
    package = Path(domain.__file__).parent
    offending = []
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                stdlib = module.split(".")[0] in {
                    "collections",
                    "dataclasses",
                    "datetime",
                    "enum",
                    "re",
                    "typing",
                }
                if not (stdlib or ALLOWED_IMPORTS.match(module)):
                    offending.append(f"{path.name}: {module}")
    assert offending == []
