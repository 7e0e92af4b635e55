"""What the gateway refuses at the door, before any planning: oversized bodies and documents, and
introspection where it is switched off (production).

These run on every request, so they are cheap checks on bytes and text; the depth and alias limits
need the parsed document and live with the planner (``planning/limits.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Door", "Refusal"]

# `__schema` / `__type` as names in the document. Text is matched, not the parsed document, so a
# string argument naming them is refused too: harmless where introspection is off anyway.
_INTROSPECTION = re.compile(r"(?<![A-Za-z0-9_])__(?:schema|type)(?![A-Za-z0-9_])")


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str


@dataclass(frozen=True)
class Door:
    max_body_bytes: int = 1_000_000
    """The largest JSON body read (413 above it; 0: no limit)."""
    max_document_chars: int = 100_000
    """The longest GraphQL document planned (0: no limit)."""
    introspection: bool = True

    def declared_length(self, content_length: str | None) -> Refusal | None:
        """Refuse from the Content-Length header alone, before reading the body."""
        if content_length is not None and content_length.isdigit():
            return self.body_size(int(content_length))
        return None

    def body_size(self, size: int) -> Refusal | None:
        if self.max_body_bytes and size > self.max_body_bytes:
            message = f"the request body is larger than {self.max_body_bytes} bytes"
            return Refusal(413, "PAYLOAD_TOO_LARGE", message)
        return None

    def document(self, query: str) -> Refusal | None:
        if self.max_document_chars and len(query) > self.max_document_chars:
            message = f"the document is longer than {self.max_document_chars} characters"
            return Refusal(400, "QUERY_TOO_COMPLEX", message)
        if not self.introspection and _INTROSPECTION.search(query):
            return Refusal(400, "INTROSPECTION_DISABLED", "introspection is switched off here")
        return None
