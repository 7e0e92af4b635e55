"""``clc backup reapply-erasures``: after a point-in-time restore, every erasure the topic knows
of holds again in the restored groups database — before the services serve it.

Why this is needed: a restore brings back the key table (``crypto_data_keys``) as it was at the
target time, so a practitioner erased after it has a live data key again, and their name opens
again from the restored store, every groups read model and every copy of the topic. Kafka is
not rewound: each ``PractitionerErased`` since the topic began is still on it. So every erasure
on the topic (all of them: cheap, and each step is idempotent) is re-applied:

* the practitioner's key in the restored database is destroyed (``destroy_key``: a no-op for a
  key already destroyed or never created — a practitioner registered after the target);
* the erasure is re-issued as an ``ErasePractitioner`` command through the groups' own use case
  (``practitioners.erase``), not written as a raw event: the domain decides, so a store that
  already holds the erasure answers ``PRACTITIONER_ALREADY_ERASED`` and nothing is appended,
  and one that lacks it (the erasure came after the target) gets a fresh ``PractitionerErased``
  through the sealing store, which destroys the key as it appends. The service's relay then
  publishes it, so store, read models (the roster projection applies it) and topic agree; the
  topic holds that erasure twice (two event ids), which every consumer applies idempotently.
  A practitioner unknown to the restored store (registered after the target) is skipped: the
  store holds no name of theirs, and their key row was never restored.

Enquiry's per-evidence keys need no step here: its pupil-data retention sweeper destroys every
key past ``ENQUIRY_PUPIL_DATA_RETENTION_S`` when the service starts.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

import orjson
from eventkit.errors import DomainError
from eventkit.pg import create_pool
from eventkit.principal import Principal
from eventkit.store import PostgresEventStore
from servicekit.crypto import destroy_key

from .events import _reading, read_range
from .show import readable

__all__ = ["Reapplied", "erasures_on_topic", "reapply_erasures"]

ERASED = "PractitionerErased"
#: the actor the re-issued erasures are recorded under
OPERATOR = "clc-backup-reapply"


@dataclass
class Reapplied:
    on_topic: int = 0
    keys_destroyed: int = 0
    #: erasures the restored store lacked, re-recorded through the groups' use case
    re_recorded: list[str] = field(default_factory=list)
    already_in_store: int = 0
    unknown: int = 0


async def erasures_on_topic(bootstrap: str, topic: str) -> list[tuple[str, str]]:
    """``(tenant, practitioner id)`` of every erasure on ``topic``, oldest first, once each."""
    found: dict[tuple[str, str], None] = {}
    async with _reading(bootstrap, topic) as consumer:
        async for record in read_range(consumer, "beginning", types=[ERASED]):
            event = readable(record)
            if event["type"] != ERASED or not record.value:
                continue
            data = orjson.loads(record.value)
            found[(event["tenant"], data["practitioner_id"])] = None
    return list(found)


async def reapply_erasures(settings: Any) -> Reapplied:
    """Re-apply every erasure on the groups topic to the groups database of ``settings``."""
    groups = importlib.import_module("clc_groups.service")
    subject_of = importlib.import_module("clc_groups.application.sealing").subject_of
    done = Reapplied()
    erasures = await erasures_on_topic(settings.kafka_bootstrap_servers, settings.topic)
    done.on_topic = len(erasures)
    pool = await create_pool(settings.database_url, max_size=2)
    try:
        commands = groups.GROUPS.commands(PostgresEventStore(pool), pool, settings)
        for tenant, practitioner in erasures:
            if await destroy_key(pool, tenant, subject_of({"practitioner_id": practitioner})):
                done.keys_destroyed += 1
            operator = Principal(
                tenant_id=tenant, person_id=OPERATOR, roles=frozenset({"tenant_admin"})
            )
            try:
                await commands.practitioners.erase(operator, practitioner_id=practitioner)
            except DomainError as exc:
                if exc.code == "PRACTITIONER_ALREADY_ERASED":
                    done.already_in_store += 1
                elif exc.code == "PRACTITIONER_NOT_FOUND":
                    done.unknown += 1
                else:
                    raise
            else:
                done.re_recorded.append(practitioner)
    finally:
        await pool.close()
    return done
