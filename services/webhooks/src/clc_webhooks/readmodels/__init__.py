"""The webhooks service's tables and projections."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.projection import Projection

from clc_webhooks.application import registry

from .deliveries import DeliveryScheduler
from .schema import ALL_TABLES, HISTORY_TABLES, MIGRATIONS
from .subscriptions import SubscriptionsProjection

__all__ = [
    "ALL_TABLES",
    "HISTORY_TABLES",
    "MIGRATIONS",
    "DeliveryScheduler",
    "SubscriptionsProjection",
    "projections",
]


def projections() -> Sequence[Projection]:
    """The subscriptions read model, then the delivery scheduler."""
    return [SubscriptionsProjection(registry()), DeliveryScheduler()]
