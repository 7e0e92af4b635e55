"""The enquiry read models: tables (with row-level security), the app role and projections.

``projections()`` lists everything the service's projector runner feeds, the local membership model
(from ``clc.groups.events``) first, then the read models of the service's own events
(``clc.enquiry.events``). ``MIGRATIONS`` is every table the service needs, in order.
"""

from __future__ import annotations

from eventkit.projection import Projection
from eventkit.registry import EventRegistry
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS

from clc_enquiry.membership import MEMBERSHIP_MIGRATIONS, MembershipProjection

from .base import ENQUIRY_STREAM_TYPES, EnquiryProjection
from .claims import LearningClaimsProjection
from .enquiries import EnquiriesProjection
from .peer_reviews import PeerReviewsProjection
from .roles import ensure_app_role
from .schema import READ_MODEL_MIGRATIONS, READ_MODEL_TABLES

__all__ = [
    "ENQUIRY_STREAM_TYPES",
    "MIGRATIONS",
    "READ_MODEL_MIGRATIONS",
    "READ_MODEL_TABLES",
    "EnquiriesProjection",
    "EnquiryProjection",
    "LearningClaimsProjection",
    "PeerReviewsProjection",
    "ensure_app_role",
    "projections",
]

MIGRATIONS = [
    *EVENT_STORE_MIGRATIONS,
    *PLUMBING_MIGRATIONS,
    *MEMBERSHIP_MIGRATIONS,
    *READ_MODEL_MIGRATIONS,
]


def projections(registry: EventRegistry | None = None) -> list[Projection]:
    return [
        MembershipProjection(),
        EnquiriesProjection(registry),
        LearningClaimsProjection(registry),
        PeerReviewsProjection(registry),
    ]
