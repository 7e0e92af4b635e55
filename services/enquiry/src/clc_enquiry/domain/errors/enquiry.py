"""Rules of an enquiry and its cycles: launching, phases, entries, findings, closed groups."""

from __future__ import annotations

from eventkit.errors import RuleViolated

__all__ = [
    "ActionAlreadyCompleted",
    "ActionOwnerNotAMember",
    "CycleAlreadyOpen",
    "CycleIncomplete",
    "CycleIsCompleted",
    "CycleStillOpen",
    "DuplicateEntryId",
    "EnquiryAlreadyExists",
    "EnquiryAlreadyLaunched",
    "EnquiryIsConcluded",
    "EnquiryNotLaunched",
    "EntryOutOfPhase",
    "FindingsNeedACompletedCycle",
    "FindingsNeedTwoContributors",
    "GroupIsClosed",
    "LoopBackOnlyAfterReflection",
    "PhaseOutOfOrder",
    "PublicIdeaNeedsSource",
    "PupilDataNotAllowed",
    "QuestionUnchanged",
    "ReflectionNeededToMoveOn",
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


class GroupIsClosed(RuleViolated):
    code = "GROUP_IS_CLOSED"
    default_message = "The learning group is closed and takes no new contributions"
