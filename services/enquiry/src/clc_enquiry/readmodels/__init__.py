"""The enquiry read models: tables (with row-level security), projections, queries, visibility.

``projections()`` lists everything the service's projector runner feeds, the local membership model
(from ``clc.groups.events``) first, then the read models of the service's own events
(``clc.enquiry.events``). ``MIGRATIONS`` is every migration the service's database needs, in order;
the app role and its grants are servicekit's (``servicekit.roles.ensure_app_role`` over
``READ_MODEL_TABLES`` and the membership tables).
"""

from __future__ import annotations

from eventkit.migrations import Migration
from eventkit.projection import Projection
from eventkit.registry import EventRegistry
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS
from servicekit.privacy import audit_migration_sql

from clc_enquiry.application.sealing import EnquiryKeys
from clc_enquiry.live.announce import ActivityAnnouncer
from clc_enquiry.membership import (
    COHORT_GROUPS_MIGRATION,
    MEMBERSHIP_MIGRATIONS,
    MEMBERSHIP_TABLES,
    NETWORK_CO_LEADERS_MIGRATION,
    NO_NAMES_MIGRATION,
    PARTNERSHIP_TABLES,
    PARTNERSHIPS_MIGRATION,
    PROGRAMME_TABLES,
    PROGRAMMES_MIGRATION,
    MembershipProjection,
)

from .base import ENQUIRY_STREAM_TYPES, EnquiryProjection
from .claims import LearningClaimsProjection
from .enquiries import EnquiriesProjection
from .impact import ImpactProjection
from .journal import JournalKind
from .partner_views import PARTNER_VIEW_MIGRATION_SQL, PARTNER_VIEW_TABLES, PartnerViewsProjection
from .peer_reviews import PeerReviewsProjection
from .reflective_logs import ReflectiveLogsProjection
from .schema import PRACTICE_MIGRATIONS, READ_MODEL_MIGRATIONS, READ_MODEL_TABLES
from .two_loops import TwoLoopsProjection

__all__ = [
    "ALL_TABLES",
    "ENQUIRY_STREAM_TYPES",
    "MIGRATIONS",
    "READ_MODEL_MIGRATIONS",
    "READ_MODEL_TABLES",
    "SERVICE_MIGRATIONS",
    "EnquiriesProjection",
    "EnquiryProjection",
    "ImpactProjection",
    "JournalKind",
    "LearningClaimsProjection",
    "PartnerViewsProjection",
    "PeerReviewsProjection",
    "ReflectiveLogsProjection",
    "TwoLoopsProjection",
    "projections",
]

#: the service's own migrations, in the order databases have applied them
SERVICE_MIGRATIONS = [
    *MEMBERSHIP_MIGRATIONS,
    *READ_MODEL_MIGRATIONS,
    NETWORK_CO_LEADERS_MIGRATION,
    *PRACTICE_MIGRATIONS,
    PROGRAMMES_MIGRATION,
    PARTNERSHIPS_MIGRATION,
    Migration("enquiry_0010_partner_views", PARTNER_VIEW_MIGRATION_SQL),
    COHORT_GROUPS_MIGRATION,
    NO_NAMES_MIGRATION,
    Migration("enquiry_0021_personal_data_audit", audit_migration_sql("enq_")),
]
#: every table the app role reads and writes
ALL_TABLES = (
    *MEMBERSHIP_TABLES,
    *PROGRAMME_TABLES,
    *PARTNERSHIP_TABLES,
    *READ_MODEL_TABLES,
    *PARTNER_VIEW_TABLES,
)

MIGRATIONS = [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS, *SERVICE_MIGRATIONS]


def projections(
    registry: EventRegistry | None = None, keys: EnquiryKeys | None = None
) -> list[Projection]:
    """``keys`` open sealed personal data (without them a sealed event is refused loudly)."""
    return [
        MembershipProjection(),
        EnquiriesProjection(registry, keys),
        LearningClaimsProjection(registry, keys),
        PeerReviewsProjection(registry, keys),
        ReflectiveLogsProjection(registry, keys),
        ImpactProjection(registry, keys),
        TwoLoopsProjection(registry, keys),
        PartnerViewsProjection(registry, keys),  # after the board and the matrix it copies from
        ActivityAnnouncer(),  # last: announces rows the projections above have written
    ]
