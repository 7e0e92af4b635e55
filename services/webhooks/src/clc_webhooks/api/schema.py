"""The webhooks subgraph schema (Apollo Federation v2)."""

from __future__ import annotations

from servicekit.federation import FederationSchema
from strawberry.tools import merge_types

from .mutations import WebhookMutations
from .queries import WebhookQueries
from .types import Practitioner, WebhookSubscription

__all__ = ["build_schema"]


def build_schema() -> FederationSchema:
    return FederationSchema(
        query=merge_types("Query", (WebhookQueries,)),
        mutation=merge_types("Mutation", (WebhookMutations,)),
        types=[WebhookSubscription, Practitioner],
        federation_version="2.5",
    )
