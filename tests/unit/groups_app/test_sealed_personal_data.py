"""The groups' sealing codec over the in-memory store: names sealed at rest, opened for the
domain, unreadable (the neutral label) once the practitioner is erased."""

from __future__ import annotations

from clc_groups.application import GroupsCommands
from clc_groups.application.sealing import PERSONAL_DATA
from clc_groups.domain import ERASED_NAME, TENANT_ADMIN
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore
from servicekit.crypto import (
    DEVELOPMENT_KEKS,
    KeyEncryptionKeys,
    MemoryKeyStore,
    Sealer,
    SealingEventStore,
)

ADMIN = Principal(tenant_id="t", person_id="admin", roles=frozenset({TENANT_ADMIN}))


async def test_names_are_sealed_at_rest_and_gone_with_the_key() -> None:
    inner = InMemoryEventStore()
    keys = MemoryKeyStore(KeyEncryptionKeys.parse(DEVELOPMENT_KEKS))
    app = GroupsCommands(SealingEventStore(inner, Sealer(keys), PERSONAL_DATA))
    await app.schools.register(ADMIN, school_id="oak", name="Oak")
    await app.practitioners.register(
        ADMIN,
        practitioner_id="p",
        school_id="oak",
        given_name="Ada",
        family_name="Lovelace",
        email="ada@oak.example",
        role="teacher",
    )
    (registered,) = [e for e in await inner.read_all() if e.event_type == "PractitionerRegistered"]
    assert all(registered.data[f].startswith("sealed:v1:") for f in ("given_name", "email"))
    assert "Ada" not in str(registered.data)
    opened = await app.store.read_stream("p", tenant_id="t")
    assert opened[0].data["given_name"] == "Ada"

    await app.practitioners.erase(ADMIN, practitioner_id="p")
    assert all(row.wrapped_key is None for row in keys.rows.values())
    after = (await app.store.read_stream("p", tenant_id="t"))[0].data
    assert (after["given_name"], after["family_name"], after["email"]) == (ERASED_NAME, "", None)
