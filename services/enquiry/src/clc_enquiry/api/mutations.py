"""The mutation root: one mutation per command, each a one-line call into the application layer.

No rule lives here: ``payloads.run`` hands the input to the use case and renders its outcome.
"""

from __future__ import annotations

import strawberry

from .base import Ctx
from .inputs import (
    AdvanceCyclePhaseInput,
    AgreePeerReviewFocusInput,
    AskTurnQuestionInput,
    AttachEvidenceInput,
    ChallengeLearningClaimInput,
    ClaimLearningInput,
    ClosePeerReviewInput,
    CommitToActionInput,
    CompleteActionInput,
    CompleteCycleInput,
    ConcludeEnquiryInput,
    HoldPeerReviewVisitInput,
    LaunchEnquiryInput,
    LoopBackToReflectionInput,
    PlanActionInput,
    ProposeEnquiryInput,
    ProposeIdeaInput,
    RecordActionImpactInput,
    RecordClaimImpactInput,
    RecordExperienceInput,
    RecordPeerReviewFindingsInput,
    RecordReflectionInput,
    RefineEnquiryQuestionInput,
    RequestPeerReviewInput,
    RespondToPeerReviewInput,
    ShareActionOutcomeInput,
    ShareEnquiryWithPartnerNetworksInput,
    ShareFindingsInput,
    ShareReflectiveLogEntryInput,
    StartCycleInput,
    TakeTurnInput,
    ValidateLearningClaimInput,
    WithdrawEnquiryFromPartnerNetworksInput,
    WithdrawReflectiveLogShareInput,
    WriteReflectiveLogEntryInput,
)
from .payloads import (
    EnquiryPayload,
    LearningClaimPayload,
    PeerReviewPayload,
    ReflectiveLogEntryPayload,
    run,
)

__all__ = ["Mutation"]


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def propose_enquiry(self, info: Ctx, input: ProposeEnquiryInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.propose
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def refine_enquiry_question(
        self, info: Ctx, input: RefineEnquiryQuestionInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.refine_question
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def launch_enquiry(self, info: Ctx, input: LaunchEnquiryInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.launch
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def start_cycle(self, info: Ctx, input: StartCycleInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.start_cycle
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def record_experience(self, info: Ctx, input: RecordExperienceInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.record_experience
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def record_reflection(self, info: Ctx, input: RecordReflectionInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.record_reflection
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def propose_idea(self, info: Ctx, input: ProposeIdeaInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.propose_idea
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def plan_action(self, info: Ctx, input: PlanActionInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.plan_action
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def complete_action(self, info: Ctx, input: CompleteActionInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.complete_action
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def attach_evidence(self, info: Ctx, input: AttachEvidenceInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.attach_evidence
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def advance_cycle_phase(self, info: Ctx, input: AdvanceCyclePhaseInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.advance_phase
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def loop_back_to_reflection(
        self, info: Ctx, input: LoopBackToReflectionInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.loop_back
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def take_turn(self, info: Ctx, input: TakeTurnInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.take_turn
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def ask_turn_question(self, info: Ctx, input: AskTurnQuestionInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.ask_turn_question
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def commit_to_action(self, info: Ctx, input: CommitToActionInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.commit_to_action
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def complete_cycle(self, info: Ctx, input: CompleteCycleInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.complete_cycle
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def share_findings(self, info: Ctx, input: ShareFindingsInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.share_findings
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def conclude_enquiry(self, info: Ctx, input: ConcludeEnquiryInput) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.conclude
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def claim_learning(self, info: Ctx, input: ClaimLearningInput) -> LearningClaimPayload:
        use_case = info.context.commands.learning_claims.claim
        return await run(info, LearningClaimPayload, input.claim_id, use_case, input)

    @strawberry.mutation
    async def validate_learning_claim(
        self, info: Ctx, input: ValidateLearningClaimInput
    ) -> LearningClaimPayload:
        use_case = info.context.commands.learning_claims.validate
        return await run(info, LearningClaimPayload, input.claim_id, use_case, input)

    @strawberry.mutation
    async def challenge_learning_claim(
        self, info: Ctx, input: ChallengeLearningClaimInput
    ) -> LearningClaimPayload:
        use_case = info.context.commands.learning_claims.challenge
        return await run(info, LearningClaimPayload, input.claim_id, use_case, input)

    @strawberry.mutation
    async def request_peer_review(
        self, info: Ctx, input: RequestPeerReviewInput
    ) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.request
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    @strawberry.mutation
    async def agree_peer_review_focus(
        self, info: Ctx, input: AgreePeerReviewFocusInput
    ) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.agree_focus
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    @strawberry.mutation
    async def hold_peer_review_visit(
        self, info: Ctx, input: HoldPeerReviewVisitInput
    ) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.hold_visit
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    @strawberry.mutation
    async def record_peer_review_findings(
        self, info: Ctx, input: RecordPeerReviewFindingsInput
    ) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.record_findings
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    @strawberry.mutation
    async def respond_to_peer_review(
        self, info: Ctx, input: RespondToPeerReviewInput
    ) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.respond
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    @strawberry.mutation
    async def close_peer_review(self, info: Ctx, input: ClosePeerReviewInput) -> PeerReviewPayload:
        use_case = info.context.commands.peer_reviews.close
        return await run(info, PeerReviewPayload, input.peer_review_id, use_case, input)

    # A personal reflective log: private by default, shared entry by entry with a group

    @strawberry.mutation
    async def write_reflective_log_entry(
        self, info: Ctx, input: WriteReflectiveLogEntryInput
    ) -> ReflectiveLogEntryPayload:
        use_case = info.context.commands.reflective_logs.write
        return await run(info, ReflectiveLogEntryPayload, input.entry_id, use_case, input)

    @strawberry.mutation
    async def share_reflective_log_entry(
        self, info: Ctx, input: ShareReflectiveLogEntryInput
    ) -> ReflectiveLogEntryPayload:
        use_case = info.context.commands.reflective_logs.share
        return await run(info, ReflectiveLogEntryPayload, input.entry_id, use_case, input)

    @strawberry.mutation
    async def withdraw_reflective_log_share(
        self, info: Ctx, input: WithdrawReflectiveLogShareInput
    ) -> ReflectiveLogEntryPayload:
        use_case = info.context.commands.reflective_logs.withdraw
        return await run(info, ReflectiveLogEntryPayload, input.entry_id, use_case, input)

    # Impact evidence: baselines and outcomes (pupil data only as de-identified aggregates)

    @strawberry.mutation
    async def record_action_impact(
        self, info: Ctx, input: RecordActionImpactInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.record_impact
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def record_claim_impact(
        self, info: Ctx, input: RecordClaimImpactInput
    ) -> LearningClaimPayload:
        use_case = info.context.commands.learning_claims.record_impact
        return await run(info, LearningClaimPayload, input.claim_id, use_case, input)

    @strawberry.mutation
    async def share_action_outcome(
        self, info: Ctx, input: ShareActionOutcomeInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.share_outcome
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def share_enquiry_with_partner_networks(
        self, info: Ctx, input: ShareEnquiryWithPartnerNetworksInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.share_with_partners
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)

    @strawberry.mutation
    async def withdraw_enquiry_from_partner_networks(
        self, info: Ctx, input: WithdrawEnquiryFromPartnerNetworksInput
    ) -> EnquiryPayload:
        use_case = info.context.commands.enquiries.withdraw_from_partners
        return await run(info, EnquiryPayload, input.enquiry_id, use_case, input)
