"""The GraphQL adapter of the groups service: a Federation v2 subgraph over the read models."""

from __future__ import annotations

from .schema import build_schema

__all__ = ["build_schema"]
