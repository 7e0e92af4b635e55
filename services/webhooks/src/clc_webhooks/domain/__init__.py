"""The webhooks domain: pure deciders, no I/O (a test enforces it)."""

from .endpoints import check_endpoint, check_patterns, matches
from .subscription import DECIDER, EVENT_TYPES, SubscriptionState

__all__ = [
    "DECIDER",
    "EVENT_TYPES",
    "SubscriptionState",
    "check_endpoint",
    "check_patterns",
    "matches",
]
