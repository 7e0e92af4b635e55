"""The closed vocabularies of the groups domain: roles, kinds, protocols and statuses.

Every enum is a ``StrEnum`` whose values are the snake_case words used in events, the GraphQL
schema and the read models, so a stored event reads the same as the vocabulary in DOMAIN.md.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActivityKind",
    "GroupKind",
    "LeadershipModel",
    "LearningGroupStatus",
    "LevelOfLearning",
    "MemberRole",
    "NetworkStatus",
    "OrganisationKind",
    "PractitionerRole",
    "PractitionerStatus",
    "SessionProtocol",
    "SessionStatus",
    "StandDownReason",
]


class PractitionerRole(StrEnum):
    """What a member of staff is, in their school or as a partner of the network."""

    TEACHER = "teacher"
    HEAD_TEACHER = "head_teacher"
    OFFICER = "officer"
    FACILITATOR = "facilitator"
    PARTNER = "partner"


class OrganisationKind(StrEnum):
    """A non-school body people work for; its people take part as partners, facilitators,
    co-tutors and members."""

    LOCAL_AUTHORITY = "local_authority"
    UNIVERSITY = "university"
    CHARITY = "charity"
    COMPANY = "company"
    NATIONAL_BODY = "national_body"


class PractitionerStatus(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    ERASED = "erased"


class NetworkStatus(StrEnum):
    """A network is established, launched once its shared leadership is in place, then dissolved."""

    ESTABLISHED = "established"
    LAUNCHED = "launched"
    DISSOLVED = "dissolved"


class LeadershipModel(StrEnum):
    """How a network shares its leadership, as its charter adopts it. Shared, never single:
    there is no model with one leader.

    - ``co_leaders`` (the default): at least two co-leaders from different member schools;
    - ``leadership_team``: a team of three or more from two or more member schools;
    - ``rotating``: co-leaders from two or more member schools take turns to lead.
    """

    CO_LEADERS = "co_leaders"
    LEADERSHIP_TEAM = "leadership_team"
    ROTATING = "rotating"


class LevelOfLearning(StrEnum):
    """The six levels of learning (the same words as the enquiry service's)."""

    PUPIL = "pupil"
    ADULT = "adult"
    LEADERSHIP = "leadership"
    SCHOOL_WIDE = "school_wide"
    SCHOOL_TO_SCHOOL = "school_to_school"
    NETWORK_TO_NETWORK = "network_to_network"


class StandDownReason(StrEnum):
    """Why a network co-leader stood down: by their own or a leader's decision, or because their
    school left the network."""

    STOOD_DOWN = "stood_down"
    SCHOOL_LEFT = "school_left"


class GroupKind(StrEnum):
    LEADERSHIP_LEARNING_GROUP = "leadership_learning_group"
    ENQUIRY_GROUP = "enquiry_group"
    ACTION_LEARNING_SET = "action_learning_set"
    PEER_REVIEW_TEAM = "peer_review_team"
    STUDY_GROUP = "study_group"


class MemberRole(StrEnum):
    """A member's part in a learning group. Co-leaders, facilitators and co-tutors (who tutor
    alongside a facilitator, often from a university) lead the group."""

    CO_LEADER = "co_leader"
    FACILITATOR = "facilitator"
    CO_TUTOR = "co_tutor"
    MEMBER = "member"

    @property
    def leads(self) -> bool:
        return self is not MemberRole.MEMBER


class LearningGroupStatus(StrEnum):
    FORMED = "formed"
    LAUNCHED = "launched"
    CLOSED = "closed"


class SessionProtocol(StrEnum):
    """How a session is run."""

    TUTOR_INPUT = "tutor_input"
    COLLABORATIVE_LEARNING = "collaborative_learning"
    REFLECTION = "reflection"
    ACTION_LEARNING_SET = "action_learning_set"
    DIALOGUE = "dialogue"
    APPRECIATIVE_ENQUIRY = "appreciative_enquiry"
    READING = "reading"


class ActivityKind(StrEnum):
    """Other ways of learning together, between people and schools, beside sessions."""

    COACHING = "coaching"
    MENTORING = "mentoring"
    LESSON_OBSERVATION = "lesson_observation"
    SCHOOL_VISIT = "school_visit"
    SHADOWING = "shadowing"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
