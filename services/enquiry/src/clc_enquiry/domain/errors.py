"""Every refusal the enquiry domain can give, one class per named rule.

Each error carries a stable SCREAMING_SNAKE ``code`` (what GraphQL ``userErrors`` return), a
``default_message`` a person can act on, and, where one input broke the rule, the ``field``::

    DomainError (eventkit)
    ├── RuleViolated
    │   ├── EnquiryAlreadyExists           an enquiry with this id was already proposed
    │   ├── EnquiryAlreadyLaunched         an enquiry is launched once
    │   ├── EnquiryNotLaunched             cycles start only in a launched enquiry
    │   ├── EnquiryIsConcluded             a concluded enquiry refuses further changes
    │   ├── QuestionUnchanged              refining must change the question
    │   ├── CycleAlreadyOpen               only one open cycle at a time
    │   ├── CycleIsCompleted               a completed cycle takes no more entries or steps
    │   ├── CycleStillOpen                 concluding needs the open cycle completed first
    │   ├── PhaseOutOfOrder                experience → reflection → new ideas → planned action
    │   ├── ReflectionNeededToMoveOn       the reflection phase is left only after a reflection
    │   ├── LoopBackOnlyAfterReflection    a cycle loops back to reflection from a later phase
    │   ├── OneTurnPerParticipant          an action learning set gives each one turn per cycle
    │   ├── PresenterNotAMember            a turn is taken by a member, on their own issue
    │   ├── QuestionsComeFromTheSet        the presenter is questioned, not questioning
    │   ├── TurnAlreadyCommitted           a turn ends with one committed action
    │   ├── CommitmentIsThePresenters      the committed action is owned by the presenter
    │   ├── ReflectiveLogEntryAlreadyExists  a log entry with this id was already written
    │   ├── ShareOnlyWithYourGroup         a log entry is shared only with the writer's group
    │   ├── AlreadySharedWithGroup         a log entry is shared once with a group
    │   ├── NotSharedWithGroup             only a share that exists is withdrawn
    │   ├── EntryOutOfPhase                an entry is recorded only in its own phase
    │   ├── CycleIncomplete                completing needs a reflection and a planned action
    │   ├── DuplicateEntryId               an entry id is used once per aggregate
    │   ├── PublicIdeaNeedsSource          an idea from the public field cites a source
    │   ├── ActionOwnerNotAMember          an action is owned by a member of the group
    │   ├── ActionAlreadyCompleted         an action is completed once
    │   ├── PupilDataNotAllowed            pupil data only where the tenant allows it
    │   ├── IdentifyingDataRefused         impact evidence never identifies individuals
    │   ├── PupilOutcomeNotAnAggregate     pupil outcomes are counts or percentages of a cohort
    │   ├── PupilCohortTooSmall            ... over a cohort of at least ten pupils
    │   ├── SourceIdeaNotYours             an idea is brought home from an enquiry you take part in
    │   ├── ActionHasNoSourceIdea          only an action taken from a programme idea goes back
    │   ├── OutcomeAlreadyShared           an action's outcome is shared back once
    │   ├── EnquiryNotInANetwork           only a network's enquiry has partner networks
    │   ├── NoPartnershipWithConsent       shared with partners only once both sides consented
    │   ├── AlreadySharedWithPartners      an enquiry is marked for partner networks once
    │   ├── NotSharedWithPartners          only a marking that exists is withdrawn
    │   ├── FindingsNeedACompletedCycle    findings come out of at least one completed cycle
    │   ├── FindingsNeedTwoContributors    co-constructed knowledge has two or more contributors
    │   ├── LearningClaimAlreadyExists     a claim with this id was already made
    │   ├── ClaimNeedsEvidence             a learning claim is backed by evidence
    │   ├── SelfValidation                 the claimant cannot validate their own claim
    │   ├── SelfChallenge                  the claimant cannot challenge their own claim
    │   ├── ClaimAlreadyValidated          a claim is validated once, and then stands
    │   ├── PeerReviewAlreadyExists        a peer review with this id was already requested
    │   ├── NoReviewingSchools             a peer review has at least one reviewing school
    │   ├── HostIsReviewer                 the host school does not review itself
    │   ├── PeerReviewIsClosed             a closed peer review refuses further steps
    │   ├── PeerReviewStepOutOfOrder       focus → visit → findings → response → close
    │   └── GroupIsClosed                  a closed group takes no new contributions
    │       ├── VisitBeforeFocus
    │       ├── FindingsBeforeVisit
    │       ├── ResponseBeforeFindings
    │       └── CloseBeforeResponse
    ├── NotAuthorized
    │   ├── NotAGroupMember                only members of the owning group contribute
    │   ├── NotAGroupLeader                only co-leaders and facilitators steer the enquiry
    │   ├── NotActionOwner                 an action is completed by its owner or a leader
    │   ├── NotTheHostSchool               the host school requests and responds
    │   ├── NotAReviewingSchool            a reviewing school records findings
    │   ├── NotAPeerReviewParticipant      only host and reviewing schools take part
    │   ├── NotYourReflectiveLog           only the writer acts on a log entry (no admin either)
    │   └── OnlyLeadersShareWithPartners   the group's leaders or the network's co-leaders
    │                                      (no admin either: crossing tenants is their consent)
    ├── NotFound
    │   ├── EnquiryNotFound
    │   ├── CycleNotFound
    │   ├── EntryNotFound
    │   ├── TurnNotFound
    │   ├── ReflectiveLogEntryNotFound
    │   ├── SourceIdeaNotFound
    │   ├── ActionNotFound
    │   ├── LearningClaimNotFound
    │   └── PeerReviewNotFound
    └── InvalidInput
        └── MembershipGroupMismatch        the membership given is not the enquiry's group's

A ``tenant_admin`` passes every ``NotAuthorized`` check but the two marked "no admin either"; no one
passes a ``RuleViolated`` one.
"""

from __future__ import annotations

from eventkit.errors import InvalidInput, NotAuthorized, NotFound, RuleViolated

__all__ = [
    "ActionAlreadyCompleted",
    "ActionHasNoSourceIdea",
    "ActionNotFound",
    "ActionOwnerNotAMember",
    "AlreadySharedWithGroup",
    "AlreadySharedWithPartners",
    "ClaimAlreadyValidated",
    "ClaimNeedsEvidence",
    "CloseBeforeResponse",
    "CommitmentIsThePresenters",
    "CycleAlreadyOpen",
    "CycleIncomplete",
    "CycleIsCompleted",
    "CycleNotFound",
    "CycleStillOpen",
    "DuplicateEntryId",
    "EnquiryAlreadyExists",
    "EnquiryAlreadyLaunched",
    "EnquiryIsConcluded",
    "EnquiryNotFound",
    "EnquiryNotInANetwork",
    "EnquiryNotLaunched",
    "EntryNotFound",
    "EntryOutOfPhase",
    "FindingsBeforeVisit",
    "FindingsNeedACompletedCycle",
    "FindingsNeedTwoContributors",
    "GroupIsClosed",
    "HostIsReviewer",
    "IdentifyingDataRefused",
    "LearningClaimAlreadyExists",
    "LearningClaimNotFound",
    "LoopBackOnlyAfterReflection",
    "MembershipGroupMismatch",
    "NoPartnershipWithConsent",
    "NoReviewingSchools",
    "NotAGroupLeader",
    "NotAGroupMember",
    "NotAPeerReviewParticipant",
    "NotAReviewingSchool",
    "NotActionOwner",
    "NotSharedWithGroup",
    "NotSharedWithPartners",
    "NotTheHostSchool",
    "NotYourReflectiveLog",
    "OneTurnPerParticipant",
    "OnlyLeadersShareWithPartners",
    "OutcomeAlreadyShared",
    "PeerReviewAlreadyExists",
    "PeerReviewIsClosed",
    "PeerReviewNotFound",
    "PeerReviewStepOutOfOrder",
    "PhaseOutOfOrder",
    "PresenterNotAMember",
    "PublicIdeaNeedsSource",
    "PupilCohortTooSmall",
    "PupilDataNotAllowed",
    "PupilOutcomeNotAnAggregate",
    "QuestionUnchanged",
    "QuestionsComeFromTheSet",
    "ReflectionNeededToMoveOn",
    "ReflectiveLogEntryAlreadyExists",
    "ReflectiveLogEntryNotFound",
    "ResponseBeforeFindings",
    "SelfChallenge",
    "SelfValidation",
    "ShareOnlyWithYourGroup",
    "SourceIdeaNotFound",
    "SourceIdeaNotYours",
    "TurnAlreadyCommitted",
    "TurnNotFound",
    "VisitBeforeFocus",
]


# --- enquiry -------------------------------------------------------------------------------------


class EnquiryAlreadyExists(RuleViolated):
    code = "ENQUIRY_ALREADY_EXISTS"
    default_message = "An enquiry with this id already exists"


class EnquiryAlreadyLaunched(RuleViolated):
    code = "ENQUIRY_ALREADY_LAUNCHED"
    default_message = "The enquiry has already been launched"


class EnquiryNotLaunched(RuleViolated):
    code = "ENQUIRY_NOT_LAUNCHED"
    default_message = "The enquiry must be launched before a cycle starts"


class EnquiryIsConcluded(RuleViolated):
    code = "ENQUIRY_IS_CONCLUDED"
    default_message = "The enquiry is concluded and takes no further changes"


class QuestionUnchanged(RuleViolated):
    code = "QUESTION_UNCHANGED"
    default_message = "The refined question is the same as the current one"


class CycleAlreadyOpen(RuleViolated):
    code = "CYCLE_ALREADY_OPEN"
    default_message = "Complete the open cycle before starting another"


class CycleIsCompleted(RuleViolated):
    code = "CYCLE_IS_COMPLETED"
    default_message = "The cycle is completed and takes no further entries or steps"


class CycleStillOpen(RuleViolated):
    code = "CYCLE_STILL_OPEN"
    default_message = "Complete the open cycle before concluding the enquiry"


class PhaseOutOfOrder(RuleViolated):
    code = "PHASE_OUT_OF_ORDER"
    default_message = (
        "Phases advance one at a time: experience, reflection, new ideas, planned action"
    )


class ReflectionNeededToMoveOn(RuleViolated):
    code = "REFLECTION_NEEDED_TO_MOVE_ON"
    default_message = "Record at least one reflection before moving on to new ideas"


class LoopBackOnlyAfterReflection(RuleViolated):
    code = "LOOP_BACK_ONLY_AFTER_REFLECTION"
    default_message = "A cycle loops back to reflection only from new ideas or planned action"


class OneTurnPerParticipant(RuleViolated):
    code = "ONE_TURN_PER_PARTICIPANT"
    default_message = "This participant has already had their turn in this cycle"


class PresenterNotAMember(RuleViolated):
    code = "PRESENTER_NOT_A_MEMBER"
    default_message = "A turn is taken by a member of the group, on their own issue"


class QuestionsComeFromTheSet(RuleViolated):
    code = "QUESTIONS_COME_FROM_THE_SET"
    default_message = "In their own turn the presenter is asked questions; the set asks them"


class TurnAlreadyCommitted(RuleViolated):
    code = "TURN_ALREADY_COMMITTED"
    default_message = "The presenter has already committed to an action in this turn"


class CommitmentIsThePresenters(RuleViolated):
    code = "COMMITMENT_IS_THE_PRESENTERS"
    default_message = "The action committed to in a turn is a planned action the presenter owns"


class ReflectiveLogEntryAlreadyExists(RuleViolated):
    code = "REFLECTIVE_LOG_ENTRY_ALREADY_EXISTS"
    default_message = "A reflective log entry with this id was already written"


class ShareOnlyWithYourGroup(RuleViolated):
    code = "SHARE_ONLY_WITH_YOUR_GROUP"
    default_message = "A reflective log entry is shared only with a group you are a member of"


class AlreadySharedWithGroup(RuleViolated):
    code = "ALREADY_SHARED_WITH_GROUP"
    default_message = "This entry is already shared with that group"


class NotSharedWithGroup(RuleViolated):
    code = "NOT_SHARED_WITH_GROUP"
    default_message = "This entry is not shared with that group"


class IdentifyingDataRefused(RuleViolated):
    code = "IDENTIFYING_DATA_REFUSED"
    default_message = (
        "Impact evidence never identifies individuals: record a de-identified count or percentage"
    )


class PupilOutcomeNotAnAggregate(RuleViolated):
    code = "PUPIL_OUTCOME_NOT_AN_AGGREGATE"
    default_message = "A pupil outcome is a count or a percentage over a cohort"


class PupilCohortTooSmall(RuleViolated):
    code = "PUPIL_COHORT_TOO_SMALL"
    default_message = "A pupil outcome is kept only over a cohort of at least 10 pupils"


class SourceIdeaNotYours(RuleViolated):
    code = "SOURCE_IDEA_NOT_YOURS"
    default_message = "An idea is taken home from an enquiry you take part in (your programme's)"


class ActionHasNoSourceIdea(RuleViolated):
    code = "ACTION_HAS_NO_SOURCE_IDEA"
    default_message = "Only an action taken from another enquiry's idea is shared back to it"


class OutcomeAlreadyShared(RuleViolated):
    code = "OUTCOME_ALREADY_SHARED"
    default_message = "This action's outcome is already shared with the enquiry its idea came from"


class EnquiryNotInANetwork(RuleViolated):
    code = "ENQUIRY_NOT_IN_A_NETWORK"
    default_message = "Only an enquiry of a network's group can be shared with partner networks"


class NoPartnershipWithConsent(RuleViolated):
    code = "NO_PARTNERSHIP_WITH_CONSENT"
    default_message = (
        "Share with partner networks only once a partnership exists with the consent of both"
        " networks' co-leaders"
    )


class AlreadySharedWithPartners(RuleViolated):
    code = "ALREADY_SHARED_WITH_PARTNERS"
    default_message = "This enquiry is already shared with partner networks"


class NotSharedWithPartners(RuleViolated):
    code = "NOT_SHARED_WITH_PARTNERS"
    default_message = "This enquiry is not shared with partner networks"


class EntryOutOfPhase(RuleViolated):
    code = "ENTRY_OUT_OF_PHASE"
    default_message = (
        "This entry belongs to another phase: experiences in experience, reflections in "
        "reflection, ideas in new ideas, actions in planned action"
    )


class CycleIncomplete(RuleViolated):
    code = "CYCLE_INCOMPLETE"
    default_message = "A cycle completes only with at least one reflection and one planned action"


class DuplicateEntryId(RuleViolated):
    code = "DUPLICATE_ENTRY_ID"
    default_message = "This id is already used by another entry"


class PublicIdeaNeedsSource(RuleViolated):
    code = "PUBLIC_IDEA_NEEDS_SOURCE"
    default_message = "An idea from the public field of knowledge needs at least one source"


class ActionOwnerNotAMember(RuleViolated):
    code = "ACTION_OWNER_NOT_A_MEMBER"
    default_message = "An action must be owned by a member of the group"


class ActionAlreadyCompleted(RuleViolated):
    code = "ACTION_ALREADY_COMPLETED"
    default_message = "The action has already been completed"


class PupilDataNotAllowed(RuleViolated):
    code = "PUPIL_DATA_NOT_ALLOWED"
    default_message = "Evidence containing pupil data is not allowed in this school system"


class FindingsNeedACompletedCycle(RuleViolated):
    code = "FINDINGS_NEED_A_COMPLETED_CYCLE"
    default_message = "Findings can be shared once at least one cycle is completed"


class FindingsNeedTwoContributors(RuleViolated):
    code = "FINDINGS_NEED_TWO_CONTRIBUTORS"
    default_message = "Co-constructed findings need at least two contributors"


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


# --- authorization -------------------------------------------------------------------------------


class NotAGroupMember(NotAuthorized):
    code = "NOT_A_GROUP_MEMBER"
    default_message = "Only members of the group can contribute"


class NotAGroupLeader(NotAuthorized):
    code = "NOT_A_GROUP_LEADER"
    default_message = "Only the group's co-leaders and facilitators can do this"


class NotActionOwner(NotAuthorized):
    code = "NOT_ACTION_OWNER"
    default_message = "Only the action's owner or a group leader can complete it"


class NotYourReflectiveLog(NotAuthorized):
    """Not passed by a tenant admin either: a personal log is its writer's alone."""

    code = "NOT_YOUR_REFLECTIVE_LOG"
    default_message = "Only the writer of a reflective log entry shares or withdraws it"


class OnlyLeadersShareWithPartners(NotAuthorized):
    """Not passed by a tenant admin either: showing a group's work to another school system is
    the consent of those who lead it."""

    code = "ONLY_LEADERS_SHARE_WITH_PARTNERS"
    default_message = (
        "Only the group's co-leaders and facilitators or the network's co-leaders share an"
        " enquiry with partner networks or withdraw it"
    )


class NotTheHostSchool(NotAuthorized):
    code = "NOT_THE_HOST_SCHOOL"
    default_message = "Only someone from the host school can do this"


class NotAReviewingSchool(NotAuthorized):
    code = "NOT_A_REVIEWING_SCHOOL"
    default_message = "Only someone from a reviewing school can record findings"


class NotAPeerReviewParticipant(NotAuthorized):
    code = "NOT_A_PEER_REVIEW_PARTICIPANT"
    default_message = "Only people from the host or reviewing schools take part in this review"


# --- not found -----------------------------------------------------------------------------------


class EnquiryNotFound(NotFound):
    code = "ENQUIRY_NOT_FOUND"
    default_message = "No such enquiry"


class CycleNotFound(NotFound):
    code = "CYCLE_NOT_FOUND"
    default_message = "No such cycle in this enquiry"


class EntryNotFound(NotFound):
    code = "ENTRY_NOT_FOUND"
    default_message = "No such entry in this enquiry"


class TurnNotFound(NotFound):
    code = "TURN_NOT_FOUND"
    default_message = "No such action learning set turn in this enquiry"


class ReflectiveLogEntryNotFound(NotFound):
    code = "REFLECTIVE_LOG_ENTRY_NOT_FOUND"
    default_message = "No such entry in your reflective log"


class SourceIdeaNotFound(NotFound):
    code = "SOURCE_IDEA_NOT_FOUND"
    default_message = "No such idea in the source enquiry"


class ActionNotFound(NotFound):
    code = "ACTION_NOT_FOUND"
    default_message = "No such planned action in this enquiry"


class LearningClaimNotFound(NotFound):
    code = "LEARNING_CLAIM_NOT_FOUND"
    default_message = "No such learning claim"


class PeerReviewNotFound(NotFound):
    code = "PEER_REVIEW_NOT_FOUND"
    default_message = "No such peer review"


# --- invalid input -------------------------------------------------------------------------------


class MembershipGroupMismatch(InvalidInput):
    code = "MEMBERSHIP_GROUP_MISMATCH"
    default_message = "The membership given is not that of the enquiry's group"


class GroupIsClosed(RuleViolated):
    code = "GROUP_IS_CLOSED"
    default_message = "The learning group is closed and takes no new contributions"
