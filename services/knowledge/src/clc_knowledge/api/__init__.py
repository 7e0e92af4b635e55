"""The GraphQL adapter of the knowledge service: a Federation v2 subgraph over the read models."""

from __future__ import annotations

from .context import KnowledgeContext
from .schema import build_schema

__all__ = ["KnowledgeContext", "build_schema"]
