"""Signing secrets: generated here, shown once, kept encrypted (AES-256-GCM) at rest.

HMAC needs the secret itself to sign each delivery, so a hash (as for passwords) cannot be kept:
the secret is encrypted under a key-encryption key from the settings, with the tenant,
subscription and secret id as associated data (a ciphertext copied to another row does not
decrypt). The row names the key's id, so the key-encryption key can be rotated: older keys stay
listed for decryption (``previous_secret_encryption_keys``). A database dump alone reveals no
secret.

Secrets are Standard Webhooks secrets: ``whsec_`` + base64 of 32 random bytes.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventkit.pg import tenant_transaction

__all__ = ["SECRET_PREFIX", "PgSecrets", "SecretBox", "new_secret"]

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


class SecretBox:
    """Encrypts with the current key; decrypts with any listed one."""

    def __init__(self, key_id: str, key_b64: str, older: Mapping[str, str] | None = None) -> None:
        self._key_id = key_id
        keys = {kid: base64.b64decode(k) for kid, k in (older or {}).items()}
        keys[key_id] = base64.b64decode(key_b64)
        if any(len(k) != 32 for k in keys.values()):
            raise ValueError("a secret encryption key is base64 of exactly 32 bytes")
        self._keys = {kid: AESGCM(k) for kid, k in keys.items()}

    def seal(self, plain: str, context: str) -> Sealed:
        nonce = os.urandom(12)
        sealed = self._keys[self._key_id].encrypt(nonce, plain.encode(), context.encode())
        return Sealed(self._key_id, nonce, sealed)

    def open(self, sealed: Sealed, context: str) -> str:
        aead = self._keys[sealed.key_id]
        return aead.decrypt(sealed.nonce, sealed.ciphertext, context.encode()).decode()


def _context(tenant: str, subscription_id: str, secret_id: str) -> str:
    return f"{tenant}/{subscription_id}/{secret_id}"


class PgSecrets:
    """The ``webhook_secrets`` table (under row-level security) through a ``SecretBox``."""

    def __init__(self, pool: asyncpg.Pool, box: SecretBox) -> None:
        self._pool = pool
        self._box = box

    async def store(self, tenant: str, subscription_id: str, secret_id: str, plain: str) -> None:
        sealed = self._box.seal(plain, _context(tenant, subscription_id, secret_id))
        async with tenant_transaction(self._pool, tenant) as conn:
            await conn.execute(
                "insert into webhook_secrets (tenant_id, secret_id, subscription_id, key_id,"
                " nonce, ciphertext) values ($1, $2, $3, $4, $5, $6)"
                " on conflict do nothing",
                tenant,
                secret_id,
                subscription_id,
                sealed.key_id,
                sealed.nonce,
                sealed.ciphertext,
            )

    async def reveal(
        self, conn: asyncpg.Connection, tenant: str, subscription_id: str, secret_id: str
    ) -> str | None:
        """The secret, on a connection already in ``tenant``'s transaction."""
        row = await conn.fetchrow(
            "select key_id, nonce, ciphertext from webhook_secrets"
            " where tenant_id = $1 and secret_id = $2 and subscription_id = $3",
            tenant,
            secret_id,
            subscription_id,
        )
        if row is None:
            return None
        sealed = Sealed(row["key_id"], bytes(row["nonce"]), bytes(row["ciphertext"]))
        return self._box.open(sealed, _context(tenant, subscription_id, secret_id))

    async def reveal_in_tenant(self, tenant: str, subscription_id: str, secret_id: str) -> str:
        async with tenant_transaction(self._pool, tenant) as conn:
            found = await self.reveal(conn, tenant, subscription_id, secret_id)
        if found is None:  # the secret row is written before the event that names it
            raise LookupError(f"secret {secret_id} of {subscription_id} is missing")
        return found
