"""The enquiry subgraph schema (Apollo Federation v2).

Its own entities are ``Enquiry``, ``LearningClaim`` and ``PeerReview``; ``LearningGroup``,
``Network`` and ``Practitioner`` are the groups service's entities, declared here with the same key
and only the fields this service adds (a gateway resolves the rest from groups).

Types live by entity: ``enquiries`` (enquiry, cycle, journal entry, open action), ``claims``,
``reviews``, and ``refs`` (the groups service's entities and the counted cells).
"""

from __future__ import annotations

from servicekit.federation import FederationSchema

# the subscription root lives with the live-activity code (clc_enquiry.live)
from clc_enquiry.live.subscriptions import Subscription

from .claims import LearningClaim
from .enquiries import Enquiry
from .mutations import Mutation
from .privacy import PersonalDataAudit, PersonalDataExport
from .queries import Query
from .refs import LearningGroup, Network, Practitioner
from .reviews import PeerReview

__all__ = ["build_schema"]


def build_schema() -> FederationSchema:
    return FederationSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            Enquiry,
            LearningClaim,
            PeerReview,
            LearningGroup,
            Network,
            Practitioner,
            PersonalDataExport,
            PersonalDataAudit,
        ],
        federation_version="2.5",
    )
