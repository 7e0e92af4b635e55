"""Sealing and opening the personal fields of one record (an event's data, a log entry).

``seal`` replaces each named field's text by its sealed form under the subject's data key
(created on first use); ``open`` reverses it and says which fields could not be opened because
the key is destroyed. A field that is not sealed (data written before sealing existed) is
returned as it is: readers accept both forms, so the migration can run while services serve.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .keystore import DataKey, KeyStore
from .sealed import Sealed, is_sealed, open_value, seal_value

__all__ = ["KeyDestroyed", "Opened", "Sealer"]


class KeyDestroyed(LookupError):
    """The subject's data key is destroyed: what it sealed is gone for good."""


@dataclass(frozen=True)
class Opened:
    data: dict[str, Any]
    unreadable: frozenset[str]
    """Fields whose key is destroyed (their value in ``data`` is the caller's ``unreadable``)."""


class Sealer:
    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    async def seal(
        self, tenant_id: str, subject: str, data: Mapping[str, Any], fields: Iterable[str]
    ) -> dict[str, Any]:
        """``data`` with the text of ``fields`` sealed; ``KeyDestroyed`` if the subject's key is
        gone (nothing new may be written for an erased subject)."""
        todo = [f for f in fields if isinstance(data.get(f), str) and not is_sealed(data[f])]
        if not todo:
            return dict(data)
        key = await self.keys.for_subject(tenant_id, subject, create=True)
        if key is None or key.key is None:
            raise KeyDestroyed(f"the data key of {subject} is destroyed")
        sealed = dict(data)
        for name in todo:
            sealed[name] = seal_value(
                key.key, key.key_id, data[name], tenant_id=tenant_id, subject=subject, field=name
            )
        return sealed

    async def open(
        self,
        tenant_id: str,
        subject: str,
        data: Mapping[str, Any],
        fields: Iterable[str],
        *,
        unreadable: Any = None,
    ) -> Opened:
        opened, lost = dict(data), set()
        key: DataKey | None = None
        looked_up = False
        for name in fields:
            value = data.get(name)
            if not isinstance(value, str) or not is_sealed(value):
                continue
            sealed = Sealed.decode(value)
            if not looked_up:
                # A subject has one key for life, so asking by subject (not key id) lets a
                # store route by the subject's kind (practitioner keys live in groups).
                key = await self.keys.for_subject(tenant_id, subject, create=False)
                looked_up = True
            if key is None or key.key is None or key.key_id != sealed.key_id:
                opened[name] = unreadable
                lost.add(name)
                continue
            opened[name] = open_value(
                key.key, sealed, tenant_id=tenant_id, subject=subject, field=name
            )
        return Opened(opened, frozenset(lost))
