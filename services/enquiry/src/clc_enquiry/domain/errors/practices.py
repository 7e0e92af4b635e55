"""Rules of the practices of issue 11: action learning set turns, reflective logs, impact
evidence, the two loops and sharing with partner networks."""

from __future__ import annotations

from eventkit.errors import RuleViolated

__all__ = [
    "ActionHasNoSourceIdea",
    "AlreadySharedWithGroup",
    "AlreadySharedWithPartners",
    "CommitmentIsThePresenters",
    "EnquiryNotInANetwork",
    "IdentifyingDataRefused",
    "NoPartnershipWithConsent",
    "NotSharedWithGroup",
    "NotSharedWithPartners",
    "OneTurnPerParticipant",
    "OutcomeAlreadyShared",
    "PresenterNotAMember",
    "PupilCohortTooSmall",
    "PupilOutcomeNotAnAggregate",
    "QuestionsComeFromTheSet",
    "ReflectiveLogEntryAlreadyExists",
    "ShareOnlyWithYourGroup",
    "SourceIdeaNotYours",
    "TurnAlreadyCommitted",
]


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
