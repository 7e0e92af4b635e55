"""Key-encryption keys: the few keys, from settings, that wrap every data key at rest.

Settings give them as one string, ``"<id>:<32 bytes base64>,<id>:<…>"``, oldest first. New data
keys are wrapped with the newest; every listed key still unwraps the keys it wrapped, so a KEK is
rotated by appending a new one, running ``rewrap`` (every data key re-wrapped with the newest),
then removing the old one. The wrapped form is AES-256-GCM with the key id, tenant and subject as
associated data, so a wrapped key moved to another row of the table does not unwrap.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .sealed import DATA_KEY_BYTES, NONCE_BYTES, DataKeyBytes

__all__ = ["DEVELOPMENT_KEKS", "KeyEncryptionKeys", "UnknownKek", "UnwrapFailed", "new_kek"]

#: what ``make run`` and the tests use; production refuses to start on it (``with_keks``)
DEVELOPMENT_KEKS = "dev-1:" + base64.b64encode(b"clc-development-kek-change-me!!!").decode()


class UnknownKek(LookupError):
    """A data key was wrapped by a KEK the settings no longer list."""


class UnwrapFailed(ValueError):
    """A wrapped data key did not authenticate under its KEK (altered or moved)."""


def new_kek(kek_id: str) -> str:
    """A fresh ``<id>:<base64>`` entry for the settings (``clc`` prints one on request)."""
    return f"{kek_id}:{base64.b64encode(os.urandom(32)).decode()}"


@dataclass(frozen=True)
class KeyEncryptionKeys:
    keys: tuple[tuple[str, bytes], ...]
    """(id, 32-byte key), oldest first; the last wraps new data keys."""

    @classmethod
    def parse(cls, text: str) -> KeyEncryptionKeys:
        keys: list[tuple[str, bytes]] = []
        for entry in (e.strip() for e in text.split(",")):
            kek_id, sep, encoded = entry.partition(":")
            if not sep or not kek_id:
                raise ValueError("a KEK is given as <id>:<base64 of 32 bytes>")
            try:
                raw = base64.b64decode(encoded, validate=True)
            except binascii.Error:
                raise ValueError(f"KEK {kek_id!r} is not base64") from None
            if len(raw) != 32:
                raise ValueError(f"KEK {kek_id!r} must be 32 bytes (AES-256), not {len(raw)}")
            if any(kek_id == known for known, _ in keys):
                raise ValueError(f"KEK {kek_id!r} is listed twice")
            keys.append((kek_id, raw))
        return cls(tuple(keys))

    @property
    def newest(self) -> str:
        return self.keys[-1][0]

    def wrap(self, key: DataKeyBytes, *, key_id: str, tenant_id: str, subject: str) -> bytes:
        kek_id, kek = self.keys[-1]
        nonce = os.urandom(NONCE_BYTES)
        return nonce + AESGCM(kek).encrypt(nonce, key, _aad(kek_id, key_id, tenant_id, subject))

    def unwrap(
        self, wrapped: bytes, *, kek_id: str, key_id: str, tenant_id: str, subject: str
    ) -> DataKeyBytes:
        kek = dict(self.keys).get(kek_id)
        if kek is None:
            raise UnknownKek(f"data key {key_id} is wrapped by KEK {kek_id!r}, not configured")
        nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            key = AESGCM(kek).decrypt(nonce, body, _aad(kek_id, key_id, tenant_id, subject))
        except InvalidTag:
            raise UnwrapFailed(f"data key {key_id} does not unwrap under {kek_id!r}") from None
        if len(key) != DATA_KEY_BYTES:
            raise UnwrapFailed(f"data key {key_id} has the wrong length")
        return key


def _aad(kek_id: str, key_id: str, tenant_id: str, subject: str) -> bytes:
    return json.dumps(["clc-dek", 1, kek_id, key_id, tenant_id, subject]).encode()
