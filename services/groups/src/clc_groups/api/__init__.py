"""The GraphQL adapter of the groups service: a Federation v2 subgraph over the read models."""

from __future__ import annotations

from .context import GroupsContext, Services
from .schema import build_schema

__all__ = ["GroupsContext", "Services", "build_schema"]
