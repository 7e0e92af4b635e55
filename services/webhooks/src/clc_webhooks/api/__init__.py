"""The webhooks GraphQL subgraph: thin resolvers over the application layer and read models."""

from .context import WebhooksContext
from .schema import build_schema

__all__ = ["WebhooksContext", "build_schema"]
