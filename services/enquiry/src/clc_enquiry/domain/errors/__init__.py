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

The classes live in ``enquiry``, ``practices``, ``claims_and_reviews`` and ``access``; they are
re-exported here.
"""

from __future__ import annotations

from .access import (
    ActionNotFound,
    CycleNotFound,
    EnquiryNotFound,
    EntryNotFound,
    LearningClaimNotFound,
    MembershipGroupMismatch,
    NotActionOwner,
    NotAGroupLeader,
    NotAGroupMember,
    NotAPeerReviewParticipant,
    NotAReviewingSchool,
    NotTheHostSchool,
    NotYourReflectiveLog,
    OnlyLeadersShareWithPartners,
    PeerReviewNotFound,
    ReflectiveLogEntryNotFound,
    SourceIdeaNotFound,
    TurnNotFound,
)
from .claims_and_reviews import (
    ClaimAlreadyValidated,
    ClaimNeedsEvidence,
    CloseBeforeResponse,
    FindingsBeforeVisit,
    HostIsReviewer,
    LearningClaimAlreadyExists,
    NoReviewingSchools,
    PeerReviewAlreadyExists,
    PeerReviewIsClosed,
    PeerReviewStepOutOfOrder,
    ResponseBeforeFindings,
    SelfChallenge,
    SelfValidation,
    VisitBeforeFocus,
)
from .enquiry import (
    ActionAlreadyCompleted,
    ActionOwnerNotAMember,
    CycleAlreadyOpen,
    CycleIncomplete,
    CycleIsCompleted,
    CycleStillOpen,
    DuplicateEntryId,
    EnquiryAlreadyExists,
    EnquiryAlreadyLaunched,
    EnquiryIsConcluded,
    EnquiryNotLaunched,
    EntryOutOfPhase,
    FindingsNeedACompletedCycle,
    FindingsNeedTwoContributors,
    GroupIsClosed,
    LoopBackOnlyAfterReflection,
    PhaseOutOfOrder,
    PublicIdeaNeedsSource,
    PupilDataNotAllowed,
    QuestionUnchanged,
    ReflectionNeededToMoveOn,
)
from .practices import (
    ActionHasNoSourceIdea,
    AlreadySharedWithGroup,
    AlreadySharedWithPartners,
    CommitmentIsThePresenters,
    EnquiryNotInANetwork,
    IdentifyingDataRefused,
    NoPartnershipWithConsent,
    NotSharedWithGroup,
    NotSharedWithPartners,
    OneTurnPerParticipant,
    OutcomeAlreadyShared,
    PresenterNotAMember,
    PupilCohortTooSmall,
    PupilOutcomeNotAnAggregate,
    QuestionsComeFromTheSet,
    ReflectiveLogEntryAlreadyExists,
    ShareOnlyWithYourGroup,
    SourceIdeaNotYours,
    TurnAlreadyCommitted,
)

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
