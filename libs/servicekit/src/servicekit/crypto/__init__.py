"""Crypto-shredding: personal data sealed with a per-subject data key, erased by destroying it.

``sealed`` is the self-describing AES-256-GCM form of one value; ``keks`` the key-encryption keys
from settings that wrap every data key at rest (rotatable); ``keystore`` the key table (PostgreSQL,
or memory for tests); ``fields`` seals and opens the personal fields of a record. A service that
owns personal data keeps the key table in its own schema; events and other services only ever
carry a key id.
"""

from .codec import PersonalData, SealingEventStore
from .fields import KeyDestroyed, Opened, Sealer
from .keks import DEVELOPMENT_KEKS, KeyEncryptionKeys, UnknownKek, UnwrapFailed, new_kek
from .keystore import (
    KEY_TABLE,
    KEY_TABLE_MIGRATION,
    DataKey,
    KeyStore,
    MemoryKeyStore,
    PostgresKeyStore,
    RoutingKeyStore,
    destroy_key,
)
from .remote import DEVELOPMENT_KEY_SERVICE_SECRET, RemoteKeyStore, internal_token, key_routes
from .sealed import PREFIX, Sealed, TamperedValue, is_sealed, open_value, seal_value

__all__ = [
    "DEVELOPMENT_KEKS",
    "DEVELOPMENT_KEY_SERVICE_SECRET",
    "KEY_TABLE",
    "KEY_TABLE_MIGRATION",
    "PREFIX",
    "DataKey",
    "KeyDestroyed",
    "KeyEncryptionKeys",
    "KeyStore",
    "MemoryKeyStore",
    "Opened",
    "PersonalData",
    "PostgresKeyStore",
    "RemoteKeyStore",
    "RoutingKeyStore",
    "Sealed",
    "Sealer",
    "SealingEventStore",
    "TamperedValue",
    "UnknownKek",
    "UnwrapFailed",
    "destroy_key",
    "internal_token",
    "is_sealed",
    "key_routes",
    "new_kek",
    "open_value",
    "seal_value",
]
