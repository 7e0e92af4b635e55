"""The sealed form of one personal value: AES-256-GCM under a data key, self-describing.

A sealed value is a JSON string, so an event field keeps its type (``string``) whether it holds
the value or its sealed form::

    sealed:v1:<key id>:<nonce, base64url>:<ciphertext and tag, base64url>

``v1`` names the scheme: AES-256-GCM, a 96-bit random nonce, and as associated data the tenant,
the subject and the field name. Binding those means a sealed value copied into another tenant's,
another person's or another field's place does not open: it fails authentication like any
tampering would. The key id names the data key in the owning service's key table; the key
itself never travels.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "PREFIX",
    "DataKeyBytes",
    "Sealed",
    "TamperedValue",
    "is_sealed",
    "open_value",
    "seal_value",
]

PREFIX = "sealed:v1:"
NONCE_BYTES = 12
DATA_KEY_BYTES = 32

#: 32 random bytes: an AES-256 data key, only ever in memory once unwrapped
DataKeyBytes = bytes


class TamperedValue(ValueError):
    """A sealed value did not authenticate: altered, truncated, or opened in the wrong place."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes

    def encode(self) -> str:
        return f"{PREFIX}{self.key_id}:{_b64(self.nonce)}:{_b64(self.ciphertext)}"

    @classmethod
    def decode(cls, text: str) -> Sealed:
        if not is_sealed(text):
            raise TamperedValue("not a sealed value")
        parts = text[len(PREFIX) :].split(":")
        if len(parts) != 3 or not parts[0]:
            raise TamperedValue("a sealed value has a key id, a nonce and a ciphertext")
        try:
            nonce, ciphertext = _unb64(parts[1]), _unb64(parts[2])
        except ValueError:
            raise TamperedValue("a sealed value's nonce or ciphertext is not base64url") from None
        if len(nonce) != NONCE_BYTES:
            raise TamperedValue("a sealed value's nonce has the wrong length")
        return cls(parts[0], nonce, ciphertext)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def associated_data(tenant_id: str, subject: str, field: str) -> bytes:
    # JSON, not a joined string: no choice of ids can make two different triples read the same.
    return json.dumps(["clc", 1, tenant_id, subject, field]).encode()


def seal_value(
    key: DataKeyBytes, key_id: str, value: str, *, tenant_id: str, subject: str, field: str
) -> str:
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(
        nonce, value.encode(), associated_data(tenant_id, subject, field)
    )
    return Sealed(key_id, nonce, ciphertext).encode()


def open_value(
    key: DataKeyBytes, sealed: Sealed, *, tenant_id: str, subject: str, field: str
) -> str:
    try:
        plain = AESGCM(key).decrypt(
            sealed.nonce, sealed.ciphertext, associated_data(tenant_id, subject, field)
        )
    except InvalidTag:
        raise TamperedValue(f"the sealed {field} does not authenticate") from None
    return plain.decode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text or any(c not in _ALPHABET for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
