"""The mutation root: one mutation per command, each a one-line call into the application layer.

No rule lives here: ``payloads.run`` hands the input to the use case and renders its outcome.
"""

from __future__ import annotations

import strawberry
from servicekit.privacy import AuditAction

from .context import Ctx
from .inputs import (
    AddMemberInput,
    AdoptNetworkCharterInput,
    AgreeGroundRulesInput,
    AppointNetworkCoLeaderInput,
    AppointNetworkPartnerInput,
    CancelSessionInput,
    ChangeMemberRoleInput,
    CloseLearningGroupInput,
    ConsentToPartnershipInput,
    DeactivatePractitionerInput,
    DissolveNetworkInput,
    EndPartnershipInput,
    EnrolParticipantInput,
    ErasePractitionerInput,
    EstablishNetworkInput,
    EstablishProgrammeInput,
    FormCohortInput,
    FormLearningGroupInput,
    HoldSessionInput,
    JoinNetworkInput,
    LaunchLearningGroupInput,
    LaunchNetworkInput,
    LeaveGroupInput,
    LeaveNetworkInput,
    LinkPeerReviewInput,
    ProposeGroundRulesInput,
    RecordActivityInput,
    RecordSessionLearningInput,
    RegisterOrganisationInput,
    RegisterPractitionerInput,
    RegisterSchoolInput,
    RotateNetworkLeadInput,
    ScheduleSessionInput,
    SetNetworkPlanLevelInput,
    StandDownNetworkCoLeaderInput,
    StandDownNetworkPartnerInput,
    StateNetworkPurposeInput,
    UpdateOrganisationInput,
    UpdateSchoolInput,
    WithdrawGroundRulesInput,
    WithdrawParticipantInput,
)
from .payloads import (
    LearningGroupPayload,
    NetworkPayload,
    OrganisationPayload,
    PractitionerPayload,
    ProgrammePayload,
    SchoolPayload,
    run,
)
from .privacy import audit

__all__ = ["Mutation"]


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def register_school(self, info: Ctx, input: RegisterSchoolInput) -> SchoolPayload:
        use_case = info.context.commands.schools.register
        return await run(info, SchoolPayload, input.school_id, use_case, input)

    @strawberry.mutation
    async def update_school(self, info: Ctx, input: UpdateSchoolInput) -> SchoolPayload:
        use_case = info.context.commands.schools.update
        return await run(info, SchoolPayload, input.school_id, use_case, input)

    @strawberry.mutation
    async def register_organisation(
        self, info: Ctx, input: RegisterOrganisationInput
    ) -> OrganisationPayload:
        use_case = info.context.commands.organisations.register
        return await run(info, OrganisationPayload, input.organisation_id, use_case, input)

    @strawberry.mutation
    async def update_organisation(
        self, info: Ctx, input: UpdateOrganisationInput
    ) -> OrganisationPayload:
        use_case = info.context.commands.organisations.update
        return await run(info, OrganisationPayload, input.organisation_id, use_case, input)

    @strawberry.mutation
    async def register_practitioner(
        self, info: Ctx, input: RegisterPractitionerInput
    ) -> PractitionerPayload:
        use_case = info.context.commands.practitioners.register
        payload = await run(info, PractitionerPayload, input.practitioner_id, use_case, input)
        if not payload.user_errors:
            await audit(info, str(input.practitioner_id), AuditAction.REGISTRATION)
        return payload

    @strawberry.mutation
    async def deactivate_practitioner(
        self, info: Ctx, input: DeactivatePractitionerInput
    ) -> PractitionerPayload:
        use_case = info.context.commands.practitioners.deactivate
        return await run(info, PractitionerPayload, input.practitioner_id, use_case, input)

    @strawberry.mutation
    async def erase_practitioner(
        self, info: Ctx, input: ErasePractitionerInput
    ) -> PractitionerPayload:
        use_case = info.context.commands.practitioners.erase
        payload = await run(info, PractitionerPayload, input.practitioner_id, use_case, input)
        if not payload.user_errors:
            await audit(info, str(input.practitioner_id), AuditAction.ERASURE)
        return payload

    @strawberry.mutation
    async def establish_network(self, info: Ctx, input: EstablishNetworkInput) -> NetworkPayload:
        use_case = info.context.commands.networks.establish
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def state_network_purpose(
        self, info: Ctx, input: StateNetworkPurposeInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.state_purpose
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def join_network(self, info: Ctx, input: JoinNetworkInput) -> NetworkPayload:
        use_case = info.context.commands.networks.join
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def leave_network(self, info: Ctx, input: LeaveNetworkInput) -> NetworkPayload:
        use_case = info.context.commands.networks.leave
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def appoint_network_co_leader(
        self, info: Ctx, input: AppointNetworkCoLeaderInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.appoint_co_leader
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def stand_down_network_co_leader(
        self, info: Ctx, input: StandDownNetworkCoLeaderInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.stand_down_co_leader
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def appoint_network_partner(
        self, info: Ctx, input: AppointNetworkPartnerInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.appoint_partner
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def stand_down_network_partner(
        self, info: Ctx, input: StandDownNetworkPartnerInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.stand_down_partner
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def adopt_network_charter(
        self, info: Ctx, input: AdoptNetworkCharterInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.adopt_charter
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def rotate_network_lead(self, info: Ctx, input: RotateNetworkLeadInput) -> NetworkPayload:
        use_case = info.context.commands.networks.rotate_lead
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def set_network_plan_level(
        self, info: Ctx, input: SetNetworkPlanLevelInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.set_plan_level
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def consent_to_partnership(
        self, info: Ctx, input: ConsentToPartnershipInput
    ) -> NetworkPayload:
        use_case = info.context.commands.networks.consent_to_partnership
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def end_partnership(self, info: Ctx, input: EndPartnershipInput) -> NetworkPayload:
        use_case = info.context.commands.networks.end_partnership
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def launch_network(self, info: Ctx, input: LaunchNetworkInput) -> NetworkPayload:
        use_case = info.context.commands.networks.launch
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def dissolve_network(self, info: Ctx, input: DissolveNetworkInput) -> NetworkPayload:
        use_case = info.context.commands.networks.dissolve
        return await run(info, NetworkPayload, input.network_id, use_case, input)

    @strawberry.mutation
    async def form_learning_group(
        self, info: Ctx, input: FormLearningGroupInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.form
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def add_member(self, info: Ctx, input: AddMemberInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.add_member
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def change_member_role(
        self, info: Ctx, input: ChangeMemberRoleInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.change_member_role
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def leave_group(self, info: Ctx, input: LeaveGroupInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.leave
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def propose_ground_rules(
        self, info: Ctx, input: ProposeGroundRulesInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.propose_ground_rules
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def agree_ground_rules(
        self, info: Ctx, input: AgreeGroundRulesInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.agree_ground_rules
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def withdraw_ground_rules(
        self, info: Ctx, input: WithdrawGroundRulesInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.withdraw_ground_rules
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def record_session_learning(
        self, info: Ctx, input: RecordSessionLearningInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.record_session_learning
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def record_activity(self, info: Ctx, input: RecordActivityInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.record_activity
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def link_peer_review(self, info: Ctx, input: LinkPeerReviewInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.link_peer_review
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def establish_programme(
        self, info: Ctx, input: EstablishProgrammeInput
    ) -> ProgrammePayload:
        use_case = info.context.commands.programmes.establish
        return await run(info, ProgrammePayload, input.programme_id, use_case, input)

    @strawberry.mutation
    async def form_cohort(self, info: Ctx, input: FormCohortInput) -> ProgrammePayload:
        use_case = info.context.commands.programmes.form_cohort
        return await run(info, ProgrammePayload, input.programme_id, use_case, input)

    @strawberry.mutation
    async def enrol_participant(self, info: Ctx, input: EnrolParticipantInput) -> ProgrammePayload:
        use_case = info.context.commands.programmes.enrol
        return await run(info, ProgrammePayload, input.programme_id, use_case, input)

    @strawberry.mutation
    async def withdraw_participant(
        self, info: Ctx, input: WithdrawParticipantInput
    ) -> ProgrammePayload:
        use_case = info.context.commands.programmes.withdraw
        return await run(info, ProgrammePayload, input.programme_id, use_case, input)

    @strawberry.mutation
    async def launch_learning_group(
        self, info: Ctx, input: LaunchLearningGroupInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.launch
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def schedule_session(
        self, info: Ctx, input: ScheduleSessionInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.schedule_session
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def hold_session(self, info: Ctx, input: HoldSessionInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.hold_session
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def cancel_session(self, info: Ctx, input: CancelSessionInput) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.cancel_session
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)

    @strawberry.mutation
    async def close_learning_group(
        self, info: Ctx, input: CloseLearningGroupInput
    ) -> LearningGroupPayload:
        use_case = info.context.commands.learning_groups.close
        return await run(info, LearningGroupPayload, input.group_id, use_case, input)
