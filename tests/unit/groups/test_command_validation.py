"""Bad input is refused when a command is built, naming the field, before any rule runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from clc_groups.domain import (
    AgreeGroundRules,
    CloseLearningGroup,
    DissolveNetwork,
    EstablishNetwork,
    FormLearningGroup,
    GroupKind,
    ProposeGroundRules,
    RegisterPractitioner,
    RegisterSchool,
    ScheduleSession,
    SessionProtocol,
    StateNetworkPurpose,
)
from eventkit.errors import ControlCharacterInText, DateOutOfRange, InvalidInput
from pydantic import ValidationError

from tests.unit.groups.builders import GROUP, NETWORK, SCHOOL_A, an_admin

ADMIN = an_admin()


def refused_field(build: Any, **fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        build(actor=ADMIN, **fields)
    return ".".join(str(part) for part in caught.value.errors()[0]["loc"])


def practitioner(**overrides: Any) -> dict[str, Any]:
    return {
        "practitioner_id": "p-1",
        "school_id": SCHOOL_A,
        "given_name": "Carol",
        "family_name": "Jones",
        "role": "teacher",
        "school_registered": True,
        **overrides,
    }


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_school_name_must_have_1_to_200_characters(name: str) -> None:
    assert refused_field(RegisterSchool, school_id=SCHOOL_A, name=name) == "name"


def test_a_school_name_of_200_characters_is_accepted() -> None:
    assert RegisterSchool(actor=ADMIN, school_id=SCHOOL_A, name="x" * 200).name == "x" * 200


def test_an_empty_id_is_refused() -> None:
    assert refused_field(RegisterSchool, school_id=" ", name="Riverside") == "school_id"


@pytest.mark.parametrize("email", ["carol", "carol@", "@riverside.example", "a b@c.de", "c@d"])
def test_a_malformed_email_address_is_refused(email: str) -> None:
    assert refused_field(RegisterPractitioner, **practitioner(email=email)) == "email"


def test_an_email_address_is_stored_in_lower_case() -> None:
    command = RegisterPractitioner(actor=ADMIN, **practitioner(email=" Carol@Riverside.Example "))
    assert command.email == "carol@riverside.example"


def test_an_unknown_practitioner_role_is_refused() -> None:
    assert refused_field(RegisterPractitioner, **practitioner(role="wizard")) == "role"


def test_a_moral_purpose_must_have_1_to_2000_characters() -> None:
    for text in ["", "x" * 2001]:
        assert (
            refused_field(StateNetworkPurpose, network_id=NETWORK, moral_purpose=text)
            == "moral_purpose"
        )


def test_ground_rules_must_have_1_to_10000_characters() -> None:
    for text in [" ", "x" * 10_001]:
        assert refused_field(ProposeGroundRules, group_id=GROUP, text=text) == "text"
    assert ProposeGroundRules(actor=ADMIN, group_id=GROUP, text="x" * 10_000)


def test_agreeing_ground_rules_names_a_positive_version() -> None:
    assert refused_field(AgreeGroundRules, group_id=GROUP, version=0) == "version"


def test_a_session_start_needs_a_time_zone() -> None:
    assert (
        refused_field(
            ScheduleSession,
            group_id=GROUP,
            session_id="s-1",
            starts_at=datetime(2030, 3, 5, 15, 30),
            protocol=SessionProtocol.REFLECTION,
        )
        == "starts_at"
    )


def test_forming_a_group_in_a_network_needs_the_networks_state() -> None:
    with pytest.raises(ValidationError, match="network_is_active"):
        FormLearningGroup(
            actor=ADMIN, group_id=GROUP, name="G", kind=GroupKind.STUDY_GROUP, network_id=NETWORK
        )


def test_network_co_leaders_without_a_network_are_refused() -> None:
    with pytest.raises(ValidationError, match="network_co_leader_ids"):
        FormLearningGroup(
            actor=ADMIN,
            group_id=GROUP,
            name="G",
            kind=GroupKind.STUDY_GROUP,
            network_co_leader_ids=frozenset({"alice"}),
        )


def test_a_command_refuses_unknown_fields() -> None:
    assert refused_field(EstablishNetwork, network_id=NETWORK, name="N", colour="red") == "colour"


def test_a_command_cannot_be_changed_once_built() -> None:
    command = EstablishNetwork(actor=ADMIN, network_id=NETWORK, name="Valley Readers")
    with pytest.raises(ValidationError):
        command.name = "Other"  # type: ignore[misc]


def _named_refusal(build: Any, **fields: Any) -> InvalidInput:
    with pytest.raises(ValidationError) as caught:
        build(actor=ADMIN, **fields)
    error = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(error, InvalidInput)
    return error


def _session(starts_at: Any) -> dict[str, Any]:
    return {
        "group_id": GROUP,
        "session_id": "s-1",
        "starts_at": starts_at,
        "protocol": SessionProtocol.DIALOGUE,
    }


@pytest.mark.parametrize(
    "starts_at",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:00:00Z"],
)
def test_a_session_start_no_read_model_can_store_is_refused(starts_at: str) -> None:
    error = _named_refusal(ScheduleSession, **_session(starts_at))
    assert (type(error), error.code, error.field) == (
        DateOutOfRange,
        "DATE_OUT_OF_RANGE",
        "starts_at",
    )


def test_a_session_start_is_kept_in_utc() -> None:
    command = ScheduleSession(actor=ADMIN, **_session("2030-03-05T15:30:00+01:00"))
    assert command.starts_at == datetime(2030, 3, 5, 14, 30, tzinfo=UTC)
    assert command.starts_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("build", "fields", "field"),
    [
        (RegisterSchool, {"school_id": SCHOOL_A, "name": "Oak\x00wood"}, "name"),
        (RegisterSchool, {"school_id": "s\x00", "name": "Oakwood"}, "school_id"),
        (RegisterSchool, {"school_id": SCHOOL_A, "name": "Oak\nwood"}, "name"),
        (
            RegisterSchool,
            {"school_id": SCHOOL_A, "name": "x", "identifier": "a\x1fb"},
            "identifier",
        ),
        (RegisterPractitioner, practitioner(given_name="Ca\x00rol"), "given_name"),
        (RegisterPractitioner, practitioner(email="ca\x00rol@riverside.example"), "email"),
        (EstablishNetwork, {"network_id": NETWORK, "name": "North\x07"}, "name"),
        (StateNetworkPurpose, {"network_id": NETWORK, "moral_purpose": "all\x00"}, "moral_purpose"),
        (ProposeGroundRules, {"group_id": GROUP, "text": "be\x0ckind"}, "text"),
        (CloseLearningGroup, {"group_id": GROUP, "reason": "done\x00"}, "reason"),
        (DissolveNetwork, {"network_id": NETWORK, "reason": "\x1b[31m gone"}, "reason"),
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


def test_multi_line_texts_keep_their_tabs_and_line_breaks() -> None:
    text = "1. Listen first.\r\n\t2. What is said here stays here."
    assert ProposeGroundRules(actor=ADMIN, group_id=GROUP, text=text).text == text
    purpose = StateNetworkPurpose(actor=ADMIN, network_id=NETWORK, moral_purpose="a\nb")
    assert purpose.moral_purpose == "a\nb"


def test_an_unpaired_surrogate_is_refused_too() -> None:
    assert refused_field(DissolveNetwork, network_id=NETWORK, reason="\ud800 gone") == "reason"
