"""Who may act (``NotAuthorized``), what is not there (``NotFound``) and inputs that do not fit
(``InvalidInput``)."""

from __future__ import annotations

from eventkit.errors import InvalidInput, NotAuthorized, NotFound

__all__ = [
    "ActionNotFound",
    "CycleNotFound",
    "EnquiryNotFound",
    "EntryNotFound",
    "LearningClaimNotFound",
    "MembershipGroupMismatch",
    "NotAGroupLeader",
    "NotAGroupMember",
    "NotAPeerReviewParticipant",
    "NotAReviewingSchool",
    "NotActionOwner",
    "NotTheHostSchool",
    "NotYourReflectiveLog",
    "OnlyLeadersShareWithPartners",
    "PeerReviewNotFound",
    "ReflectiveLogEntryNotFound",
    "SourceIdeaNotFound",
    "TurnNotFound",
]


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
