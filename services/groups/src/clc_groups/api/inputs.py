"""Mutation inputs: one per command, field names as the application layer's keyword arguments.

Closed vocabularies (roles, kinds, protocols) are the domain's enums, so a value outside them is a
GraphQL validation error naming the argument. Everything else is validated by the domain's command
models, not here, so a bad value comes back as a user error naming the field instead of a GraphQL
type error. ``commandId`` makes a retry safe.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from .enums import (
    ActivityKind,
    GroupKind,
    LeadershipModel,
    LevelOfLearning,
    MemberRole,
    OrganisationKind,
    PractitionerRole,
    SessionProtocol,
)

__all__ = [
    "AddMemberInput",
    "AdoptNetworkCharterInput",
    "AgreeGroundRulesInput",
    "AppointNetworkCoLeaderInput",
    "AppointNetworkPartnerInput",
    "CancelSessionInput",
    "ChangeMemberRoleInput",
    "CloseLearningGroupInput",
    "ConsentToPartnershipInput",
    "DeactivatePractitionerInput",
    "DissolveNetworkInput",
    "EndPartnershipInput",
    "EnrolParticipantInput",
    "ErasePractitionerInput",
    "EstablishNetworkInput",
    "EstablishProgrammeInput",
    "FormCohortInput",
    "FormLearningGroupInput",
    "HoldSessionInput",
    "JoinNetworkInput",
    "LaunchLearningGroupInput",
    "LaunchNetworkInput",
    "LeaveGroupInput",
    "LeaveNetworkInput",
    "LinkPeerReviewInput",
    "ProposeGroundRulesInput",
    "RecordActivityInput",
    "RecordSessionLearningInput",
    "RegisterOrganisationInput",
    "RegisterPractitionerInput",
    "RegisterSchoolInput",
    "RotateNetworkLeadInput",
    "ScheduleSessionInput",
    "SetNetworkPlanLevelInput",
    "StandDownNetworkCoLeaderInput",
    "StandDownNetworkPartnerInput",
    "StateNetworkPurposeInput",
    "UpdateOrganisationInput",
    "UpdateSchoolInput",
    "WithdrawGroundRulesInput",
    "WithdrawParticipantInput",
]

ID = strawberry.ID


@strawberry.input
class RegisterSchoolInput:
    school_id: ID
    name: str
    identifier: str | None = None
    source_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class UpdateSchoolInput:
    school_id: ID
    name: str
    identifier: str | None = None
    command_id: str | None = None


@strawberry.input
class RegisterOrganisationInput:
    organisation_id: ID
    name: str
    kind: OrganisationKind
    source_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class UpdateOrganisationInput:
    organisation_id: ID
    name: str
    kind: OrganisationKind
    command_id: str | None = None


@strawberry.input(
    description="A practitioner works at a school or an organisation: give exactly one of"
    " ``schoolId`` and ``organisationId`` (``WORKS_AT_SCHOOL_OR_ORGANISATION`` otherwise)."
)
class RegisterPractitionerInput:
    practitioner_id: ID
    given_name: str
    family_name: str
    role: PractitionerRole
    school_id: ID | None = None
    organisation_id: ID | None = None
    email: str | None = None
    source_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class DeactivatePractitionerInput:
    practitioner_id: ID
    reason: str | None = None
    command_id: str | None = None


@strawberry.input
class ErasePractitionerInput:
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class EstablishNetworkInput:
    network_id: ID
    name: str
    command_id: str | None = None


@strawberry.input
class StateNetworkPurposeInput:
    network_id: ID
    moral_purpose: str
    command_id: str | None = None


@strawberry.input
class JoinNetworkInput:
    network_id: ID
    school_id: ID
    command_id: str | None = None


@strawberry.input
class LeaveNetworkInput:
    network_id: ID
    school_id: ID
    command_id: str | None = None


@strawberry.input
class AppointNetworkCoLeaderInput:
    network_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class StandDownNetworkCoLeaderInput:
    network_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class AdoptNetworkCharterInput:
    network_id: ID
    leadership_model: LeadershipModel
    enquiry_practice: str | None = strawberry.field(
        default=None,
        description="How the network practises enquiry: non-negotiable"
        " (NON_NEGOTIABLE_ENQUIRY_BASED_PRACTICE when missing).",
    )
    command_id: str | None = None


@strawberry.input
class RotateNetworkLeadInput:
    network_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class AppointNetworkPartnerInput:
    network_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class StandDownNetworkPartnerInput:
    network_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class LaunchNetworkInput:
    network_id: ID
    command_id: str | None = None


@strawberry.input
class DissolveNetworkInput:
    network_id: ID
    reason: str | None = None
    command_id: str | None = None


@strawberry.input
class FormLearningGroupInput:
    group_id: ID
    name: str
    kind: GroupKind
    network_id: ID | None = None
    ground_rules_quorum: int | None = strawberry.field(
        default=None,
        description="How many members' agreement puts ground rules in force (at least 2);"
        " omitted: every active member's.",
    )
    command_id: str | None = None


@strawberry.input
class AddMemberInput:
    group_id: ID
    practitioner_id: ID
    role: MemberRole = MemberRole.MEMBER
    command_id: str | None = None


@strawberry.input
class ChangeMemberRoleInput:
    group_id: ID
    practitioner_id: ID
    role: MemberRole
    command_id: str | None = None


@strawberry.input
class LeaveGroupInput:
    group_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class ProposeGroundRulesInput:
    group_id: ID
    text: str
    command_id: str | None = None


@strawberry.input
class AgreeGroundRulesInput:
    """The caller agrees this version for themself (a member of the group)."""

    group_id: ID
    version: int
    command_id: str | None = None


@strawberry.input
class WithdrawGroundRulesInput:
    group_id: ID
    version: int
    command_id: str | None = None


@strawberry.input
class LaunchLearningGroupInput:
    group_id: ID
    command_id: str | None = None


@strawberry.input
class ScheduleSessionInput:
    group_id: ID
    session_id: ID
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class HoldSessionInput:
    group_id: ID
    session_id: ID
    attendee_ids: list[ID] = strawberry.field(default_factory=list)
    command_id: str | None = None


@strawberry.input
class CancelSessionInput:
    group_id: ID
    session_id: ID
    reason: str | None = None
    command_id: str | None = None


@strawberry.input
class CloseLearningGroupInput:
    group_id: ID
    reason: str | None = None
    command_id: str | None = None


@strawberry.input
class RecordSessionLearningInput:
    group_id: ID
    session_id: ID
    protocols: list[SessionProtocol]
    learning_points: list[str] = strawberry.field(default_factory=list)
    how_we_worked: str | None = None
    command_id: str | None = None


@strawberry.input
class RecordActivityInput:
    group_id: ID
    activity_id: ID
    kind: ActivityKind
    occurred_at: datetime
    participant_ids: list[ID]
    school_ids: list[ID] = strawberry.field(default_factory=list)
    note: str | None = None
    command_id: str | None = None


@strawberry.input
class LinkPeerReviewInput:
    group_id: ID
    peer_review_id: ID
    command_id: str | None = None


@strawberry.input
class EstablishProgrammeInput:
    programme_id: ID
    name: str
    description: str | None = None
    command_id: str | None = None


@strawberry.input
class FormCohortInput:
    programme_id: ID
    cohort_id: ID
    name: str
    region: str | None = None
    cohort_group_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class EnrolParticipantInput:
    """A participant joins a cohort with the home group they lead."""

    programme_id: ID
    cohort_id: ID
    practitioner_id: ID
    home_group_id: ID
    command_id: str | None = None


@strawberry.input
class WithdrawParticipantInput:
    programme_id: ID
    practitioner_id: ID
    command_id: str | None = None


@strawberry.input
class SetNetworkPlanLevelInput:
    network_id: ID
    level: LevelOfLearning
    focus: str
    hopes: str | None = None
    expected_benefits: str | None = None
    baseline: str | None = None
    success_measures: str | None = None
    command_id: str | None = None


@strawberry.input(
    description="A co-leader's consent to a partnership between this network and a network of"
    " another tenant; active once the partner's co-leader consents in their own tenant."
)
class ConsentToPartnershipInput:
    network_id: ID
    partner_tenant_id: ID
    partner_network_id: ID
    command_id: str | None = None


@strawberry.input(description="Either side ends a partnership; the partner's view ends with it.")
class EndPartnershipInput:
    network_id: ID
    partner_tenant_id: ID
    partner_network_id: ID
    command_id: str | None = None
