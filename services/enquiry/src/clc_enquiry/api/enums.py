"""The domain's vocabulary as GraphQL enums.

The domain's ``StrEnum``s are registered with strawberry as they are (not copied, so the schema
cannot drift from the rules). GraphQL names come from the values — ``collaborative_enquiry``,
``school_to_school``, ``new_ideas`` — the snake_case words events and read models use, as in the
groups subgraph. A value outside an enum is a GraphQL validation error naming the argument.
"""

from __future__ import annotations

import strawberry

from clc_enquiry.domain import (
    Approach,
    ClaimStatus,
    CycleStatus,
    Depth,
    EnquiryStatus,
    KnowledgeField,
    LevelOfLearning,
    PeerReviewStatus,
    Phase,
)

__all__ = [
    "Approach",
    "ClaimStatus",
    "CycleStatus",
    "Depth",
    "EnquiryStatus",
    "KnowledgeField",
    "LevelOfLearning",
    "PeerReviewStatus",
    "Phase",
]

strawberry.enum(Approach, graphql_name_from="value", description="How an enquiry is run")
strawberry.enum(LevelOfLearning, graphql_name_from="value", description="Where learning happens")
strawberry.enum(Depth, graphql_name_from="value", description="How deep a piece of learning goes")
strawberry.enum(
    KnowledgeField,
    graphql_name_from="value",
    description="The field of knowledge an idea comes from",
)
strawberry.enum(EnquiryStatus, graphql_name_from="value")
strawberry.enum(CycleStatus, graphql_name_from="value")
strawberry.enum(ClaimStatus, graphql_name_from="value")
strawberry.enum(PeerReviewStatus, graphql_name_from="value")
strawberry.enum(
    Phase, graphql_name_from="value", name="CyclePhase", description="The phases of one cycle"
)
