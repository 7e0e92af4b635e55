"""Keyed pseudonyms for person ids, and how an erased person's pseudonym is recognised.

A pseudonym is ``p_`` + HMAC-SHA256(secret, tenant / person id), truncated to 128 bits: stable
(one person is one pseudonym across topics, so participation can be counted), and not reversible
without the secret. Whoever holds the secret and a person id can recompute the pseudonym, which
is why erasure replaces it in the landed data (``Lake.erase``) rather than only hiding it.

The sink remembers *that* a pseudonym was erased as another keyed digest of it (never the
pseudonym itself), so that events about the person arriving later — from another topic that lags,
or on a rebuild — land as ``erased`` instead of bringing the pseudonym back.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Set

__all__ = ["ERASED", "Pseudonyms"]

#: what an erased person is called in events landed after their erasure
ERASED = "erased"


class Pseudonyms:
    def __init__(self, secret: str, erased: Callable[[], Set[str]] = frozenset) -> None:
        self._key = secret.encode()
        self._erased = erased

    def of(self, tenant_id: str, person_id: str) -> str:
        mac = hmac.new(self._key, f"{tenant_id}/{person_id}".encode(), hashlib.sha256)
        return "p_" + mac.hexdigest()[:32]

    def erasure_digest(self, pseudonym: str) -> str:
        return hmac.new(self._key, f"erased/{pseudonym}".encode(), hashlib.sha256).hexdigest()

    def landed(self, tenant_id: str, person_id: str) -> str:
        """The pseudonym to land: ``erased`` once the person has been erased."""
        p = self.of(tenant_id, person_id)
        return ERASED if self.erasure_digest(p) in self._erased() else p
