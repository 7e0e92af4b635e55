"""The domain's closed vocabularies as GraphQL enums.

The enum classes are the domain's own (``clc_groups.domain.values``), registered with strawberry
here rather than copied, so the schema can never drift from the rules. GraphQL names are the
members' names in UPPER_SNAKE_CASE — ``TEACHER``, ``STUDY_GROUP``, ``CO_LEADER`` — as GraphQL
clients and code generators expect; events and read models keep storing the values (the
snake_case words of DOMAIN.md), and strawberry maps between the two at the API edge. A value
outside the enum is a GraphQL validation error naming the argument.
"""

from __future__ import annotations

import strawberry

from clc_groups.domain import (
    ActivityKind,
    GroupKind,
    LeadershipModel,
    LearningGroupStatus,
    LevelOfLearning,
    MemberRole,
    NetworkStatus,
    OrganisationKind,
    PractitionerRole,
    PractitionerStatus,
    SessionProtocol,
    SessionStatus,
)

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
]

for _enum, _description in (
    (LeadershipModel, "How a network shares its leadership (never single), as its charter says."),
    (ActivityKind, "Ways of learning together beside sessions, between people and schools."),
    (LevelOfLearning, "Where learning happens, from the classroom out to networks of networks."),
    (OrganisationKind, "The kind of a non-school organisation people work for."),
    (PractitionerRole, "What a member of staff is, in their school or as a partner."),
    (PractitionerStatus, "Whether a practitioner is active, deactivated or erased."),
    (NetworkStatus, "A network is established, launched, then possibly dissolved."),
    (GroupKind, "The kind of a learning group."),
    (
        MemberRole,
        "A member's part in a learning group; co-leaders, facilitators and co-tutors lead it.",
    ),
    (LearningGroupStatus, "A learning group is formed, launched, then closed."),
    (SessionProtocol, "How a session is run."),
    (SessionStatus, "A session is scheduled, then held or cancelled."),
):
    strawberry.enum(_enum, description=_description)
