"""Learning claims: made by members with evidence, judged by someone other than the claimant."""

from __future__ import annotations

from clc_enquiry.domain import (
    LEARNING_CLAIM_DECIDER,
    ClaimAlreadyValidated,
    ClaimNeedsEvidence,
    ClaimStatus,
    LearningClaimAlreadyExists,
    LearningClaimChallenged,
    LearningClaimNotFound,
    LearningClaimValidated,
    NotAGroupMember,
    SelfChallenge,
    SelfValidation,
)

from tests.support.scenario import given

from .builders import ADMIN, GROUP, MEMBER, MEMBER_2, NETWORK, OUTSIDER, admin, membership
from .claim_builders import CLAIM, challenge_claim, claim_learning, claimed, validate_claim


def _validated(by: str = OUTSIDER, note: str | None = None) -> LearningClaimValidated:
    event = claimed()
    return LearningClaimValidated(
        claim_id=CLAIM,
        author_id=by,
        claimant_id=MEMBER,
        group_id=GROUP,
        network_id=NETWORK,
        level=event.level,
        depth=event.depth,
        note=note,
    )


def _challenged(by: str = OUTSIDER) -> LearningClaimChallenged:
    return LearningClaimChallenged(claim_id=CLAIM, author_id=by, reason=challenge_claim().reason)


def test_a_member_claims_learning_at_a_level_and_depth_with_evidence() -> None:
    given(LEARNING_CLAIM_DECIDER).when(claim_learning()).then(claimed())


def test_a_claim_need_not_come_from_an_enquiry() -> None:
    given(LEARNING_CLAIM_DECIDER).when(claim_learning(enquiry_id=None)).then(
        claimed(enquiry_id=None)
    )


def test_a_claim_names_each_piece_of_evidence_once() -> None:
    refs = ("files/a.pdf", "files/b.pdf", "files/a.pdf")
    given(LEARNING_CLAIM_DECIDER).when(claim_learning(evidence_refs=refs)).then(
        claimed(evidence_refs=("files/a.pdf", "files/b.pdf"))
    )


def test_a_claim_in_a_group_outside_any_network_has_no_network() -> None:
    group = membership(network_id=None)
    given(LEARNING_CLAIM_DECIDER).when(claim_learning(group=group)).then(claimed(network_id=None))


def test_someone_outside_the_group_cannot_claim_learning_for_it() -> None:
    given(LEARNING_CLAIM_DECIDER).when(claim_learning(by=OUTSIDER)).then_refused(NotAGroupMember)


def test_a_claim_must_be_backed_by_evidence() -> None:
    given(LEARNING_CLAIM_DECIDER).when(claim_learning(evidence_refs=())).then_refused(
        ClaimNeedsEvidence, field="evidence_refs"
    )


def test_a_claim_id_is_used_once() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(claim_learning()).then_refused(
        LearningClaimAlreadyExists, field="claim_id"
    )


def test_a_critical_friend_from_outside_the_group_validates_a_claim() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(validate_claim(note="Convincing")).then(
        _validated(note="Convincing")
    )


def test_a_fellow_member_may_validate_a_claim() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(validate_claim(by=MEMBER_2)).then(
        _validated(by=MEMBER_2)
    )


def test_the_claimant_cannot_validate_their_own_claim() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(validate_claim(by=MEMBER)).then_refused(
        SelfValidation
    )


def test_a_tenant_admin_cannot_validate_their_own_claim_either() -> None:
    own_claim = claimed(by=ADMIN)
    given(LEARNING_CLAIM_DECIDER, own_claim).when(validate_claim(by=admin())).then_refused(
        SelfValidation
    )


def test_a_claim_is_validated_once() -> None:
    history = [claimed(), _validated()]
    given(LEARNING_CLAIM_DECIDER, *history).when(validate_claim(by=MEMBER_2)).then_refused(
        ClaimAlreadyValidated
    )


def test_a_peer_challenges_a_claim() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(challenge_claim()).then(_challenged())


def test_the_claimant_cannot_challenge_their_own_claim() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(challenge_claim(by=MEMBER)).then_refused(
        SelfChallenge
    )


def test_a_challenged_claim_can_still_be_validated() -> None:
    history = [claimed(), _challenged()]
    given(LEARNING_CLAIM_DECIDER, *history).when(validate_claim(by=MEMBER_2)).then(
        _validated(by=MEMBER_2)
    )


def test_a_validated_claim_stands_and_cannot_be_challenged() -> None:
    history = [claimed(), _validated()]
    given(LEARNING_CLAIM_DECIDER, *history).when(challenge_claim(by=MEMBER_2)).then_refused(
        ClaimAlreadyValidated
    )


def test_an_unknown_claim_cannot_be_validated() -> None:
    given(LEARNING_CLAIM_DECIDER).when(validate_claim()).then_refused(
        LearningClaimNotFound, field="claim_id"
    )


def test_the_claim_state_follows_its_events() -> None:
    state = LEARNING_CLAIM_DECIDER.fold([claimed(), _challenged(), _validated(by=MEMBER_2)])
    assert state.status is ClaimStatus.VALIDATED
    assert state.claimant_id == MEMBER
