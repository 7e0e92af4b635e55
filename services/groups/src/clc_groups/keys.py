"""``clc-groups rewrap-keys``: re-wrap every practitioner data key with the newest KEK.

Rotating the key-encryption key (``GROUPS_KEY_ENCRYPTION_KEYS``, ``servicekit.crypto.keks``):

1. ``clc-groups rewrap-keys --new-kek kek-2`` prints a fresh entry; append it to the setting
   (oldest first) and restart the service: new keys are wrapped with it from then on;
2. ``clc-groups rewrap-keys`` re-wraps every key still under an older KEK (resumable: it only
   touches keys not yet under the newest, so it can be run again after an interruption);
3. remove the old entry from the setting.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from eventkit.pg import connect
from servicekit.crypto import PostgresKeyStore, new_kek

from .settings import GroupsSettings

__all__ = ["rewrap_keys", "rewrap_keys_main"]


async def rewrap_keys(settings: GroupsSettings) -> int:
    conn = await connect(settings.database_url)
    try:
        return await PostgresKeyStore(conn, settings.keks()).rewrap()
    finally:
        await conn.close()


def rewrap_keys_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="clc-groups rewrap-keys",
        description="Re-wrap every practitioner data key with the newest key-encryption key.",
    )
    parser.add_argument("--new-kek", metavar="ID", help="only print a fresh KEK entry")
    args = parser.parse_args(list(argv))
    if args.new_kek:
        print(new_kek(args.new_kek))
        return 0
    settings = GroupsSettings()
    done = asyncio.run(rewrap_keys(settings))
    print(f"re-wrapped {done} data keys with {settings.keks().newest}")
    return 0
