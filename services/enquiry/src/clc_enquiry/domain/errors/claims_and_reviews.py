"""Rules of learning claims and peer reviews."""

from __future__ import annotations

from eventkit.errors import RuleViolated

__all__ = [
    "ClaimAlreadyValidated",
    "ClaimNeedsEvidence",
    "CloseBeforeResponse",
    "FindingsBeforeVisit",
    "HostIsReviewer",
    "LearningClaimAlreadyExists",
    "NoReviewingSchools",
    "PeerReviewAlreadyExists",
    "PeerReviewIsClosed",
    "PeerReviewStepOutOfOrder",
    "ResponseBeforeFindings",
    "SelfChallenge",
    "SelfValidation",
    "VisitBeforeFocus",
]


# --- learning claim ------------------------------------------------------------------------------


class LearningClaimAlreadyExists(RuleViolated):
    code = "LEARNING_CLAIM_ALREADY_EXISTS"
    default_message = "A learning claim with this id already exists"


class ClaimNeedsEvidence(RuleViolated):
    code = "CLAIM_NEEDS_EVIDENCE"
    default_message = "A learning claim must be backed by at least one piece of evidence"


class SelfValidation(RuleViolated):
    code = "SELF_VALIDATION"
    default_message = "The claimant cannot validate their own claim"


class SelfChallenge(RuleViolated):
    code = "SELF_CHALLENGE"
    default_message = "The claimant cannot challenge their own claim"


class ClaimAlreadyValidated(RuleViolated):
    code = "CLAIM_ALREADY_VALIDATED"
    default_message = "The learning claim has already been validated"


# --- peer review ---------------------------------------------------------------------------------


class PeerReviewAlreadyExists(RuleViolated):
    code = "PEER_REVIEW_ALREADY_EXISTS"
    default_message = "A peer review with this id already exists"


class NoReviewingSchools(RuleViolated):
    code = "NO_REVIEWING_SCHOOLS"
    default_message = "A peer review needs at least one reviewing school"


class HostIsReviewer(RuleViolated):
    code = "HOST_IS_REVIEWER"
    default_message = "The host school cannot also be a reviewing school"


class PeerReviewIsClosed(RuleViolated):
    code = "PEER_REVIEW_IS_CLOSED"
    default_message = "The peer review is closed"


class PeerReviewStepOutOfOrder(RuleViolated):
    code = "PEER_REVIEW_STEP_OUT_OF_ORDER"
    default_message = "Peer review steps go in order: focus, visit, findings, response, close"


class VisitBeforeFocus(PeerReviewStepOutOfOrder):
    code = "VISIT_BEFORE_FOCUS"
    default_message = "Agree the focus before holding the visit"


class FindingsBeforeVisit(PeerReviewStepOutOfOrder):
    code = "FINDINGS_BEFORE_VISIT"
    default_message = "Findings can be recorded only after the visit"


class ResponseBeforeFindings(PeerReviewStepOutOfOrder):
    code = "RESPONSE_BEFORE_FINDINGS"
    default_message = "The host responds only after findings are recorded"


class CloseBeforeResponse(PeerReviewStepOutOfOrder):
    code = "CLOSE_BEFORE_RESPONSE"
    default_message = "A peer review closes only after the host has responded"
