"""The enquiry service's use cases: commands built from input, the principal and looked-up facts,
decided by the pure domain and appended with eventkit."""

from __future__ import annotations

from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore

from clc_enquiry.membership import MembershipLookup

from .base import EVENT_TYPES, ConcurrentChange, GroupNotFound, Handlers, registry
from .enquiries import EnquiryCommands
from .learning_claims import LearningClaimCommands
from .peer_reviews import PeerReviewCommands
from .reflective_logs import ReflectiveLogCommands

__all__ = [
    "EVENT_TYPES",
    "ConcurrentChange",
    "EnquiryCommands",
    "EnquiryService",
    "GroupNotFound",
    "Handlers",
    "LearningClaimCommands",
    "PeerReviewCommands",
    "ReflectiveLogCommands",
    "registry",
]


class EnquiryService:
    """Every use case over one event store and one membership lookup."""

    def __init__(
        self,
        store: EventStore,
        membership: MembershipLookup,
        *,
        pupil_data_tenants: frozenset[str] = frozenset(),
        events: EventRegistry | None = None,
        fingerprint_key: bytes | None = None,
    ) -> None:
        self.handlers = Handlers.over(store, events, fingerprint_key=fingerprint_key)
        self.enquiries = EnquiryCommands(self.handlers, membership, pupil_data_tenants)
        self.learning_claims = LearningClaimCommands(self.handlers, membership)
        self.peer_reviews = PeerReviewCommands(self.handlers, membership)
        self.reflective_logs = ReflectiveLogCommands(self.handlers, membership)
