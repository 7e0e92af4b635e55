"""The GraphQL adapter of the enquiry service: a Federation v2 subgraph over the read models."""

from __future__ import annotations

from .context import EnquiryContext
from .schema import build_schema

__all__ = ["EnquiryContext", "build_schema"]
