"""Persisted queries: Apollo's automatic persisted queries (APQ), and an allow-list mode.

APQ (``extensions.persistedQuery = {version: 1, sha256Hash}``): a client first sends only the
hash; an unknown hash answers ``PERSISTED_QUERY_NOT_FOUND`` (message ``PersistedQueryNotFound``,
HTTP 200, as Apollo clients expect), and the client sends hash and document together, which
registers the document once its hash is verified. The cache is bounded by entries and by total
characters, least recently used out first.

Allow-list mode (a manifest loaded at start): only the manifest's operations run — by hash (or id),
or as full text whose hash is in the manifest. Anything else is ``PERSISTED_QUERY_NOT_ALLOWED``,
and nothing is registered at run time. Manifests: Apollo's persisted query manifest
(``{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body", ...}]}``) or
Relay's (``{"<hash>": "<document>"}``).
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from .door import Refusal

__all__ = ["PersistedQueries", "load_manifest", "sha256_of"]

_HASH = re.compile(r"[0-9a-f]{64}")
NOT_FOUND = Refusal(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def load_manifest(path: str | Path) -> dict[str, str]:
    """Operation id (and the sha256 of each document) -> document."""
    raw: Any = orjson.loads(Path(path).read_bytes())
    if isinstance(raw, dict) and isinstance(raw.get("operations"), list):
        pairs = [(op["id"], op["body"]) for op in raw["operations"]]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        raise ValueError(f"{path}: not a persisted query manifest (Apollo or Relay format)")
    operations: dict[str, str] = {}
    for key, body in pairs:
        if not isinstance(key, str) or not isinstance(body, str):
            raise ValueError(f"{path}: every operation needs a string id and body")
        operations[key] = body
        operations[sha256_of(body)] = body
    return operations


class PersistedQueries:
    def __init__(
        self,
        *,
        apq: bool = True,
        allow_list: Mapping[str, str] | None = None,
        max_entries: int = 2_000,
        max_chars: int = 10_000_000,
    ) -> None:
        self.apq = apq
        self.allow_list = allow_list
        self._allowed_hashes = frozenset(sha256_of(d) for d in (allow_list or {}).values())
        self._max_entries = max_entries
        self._max_chars = max_chars
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._chars = 0

    def resolve(self, query: object, extensions: object) -> str | Refusal | None:
        """The document to run (``None``: the body named none), or why not."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if self.allow_list is None or not isinstance(query, str):
                return query if isinstance(query, str) else None
            if sha256_of(query) in self._allowed_hashes:
                return query
            return _not_allowed()
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return Refusal(400, "PERSISTED_QUERY_INVALID", "persistedQuery needs version 1")
        key = persisted.get("sha256Hash")
        if not isinstance(key, str):
            return Refusal(400, "PERSISTED_QUERY_INVALID", "persistedQuery needs a sha256Hash")
        if isinstance(query, str) and sha256_of(query) != key:
            return Refusal(400, "PERSISTED_QUERY_HASH_MISMATCH", "sha256Hash is not the query's")
        if self.allow_list is not None:
            return self.allow_list.get(key) or _not_allowed()
        if not self.apq:
            message = "persisted queries are switched off here"
            return Refusal(400, "PERSISTED_QUERY_NOT_SUPPORTED", message)
        if isinstance(query, str):
            self._remember(key, query)
            return query
        found = self._cache.get(key)
        if found is None:
            return NOT_FOUND
        self._cache.move_to_end(key)
        return found

    def _remember(self, key: str, query: str) -> None:
        if not _HASH.fullmatch(key) or len(query) > self._max_chars or key in self._cache:
            return
        self._cache[key] = query
        self._chars += len(query)
        while len(self._cache) > self._max_entries or self._chars > self._max_chars:
            _, dropped = self._cache.popitem(last=False)
            self._chars -= len(dropped)

    def __len__(self) -> int:
        return len(self._cache)


def _not_allowed() -> Refusal:
    message = "only registered operations run here, and this one is not in the manifest"
    return Refusal(400, "PERSISTED_QUERY_NOT_ALLOWED", message)
