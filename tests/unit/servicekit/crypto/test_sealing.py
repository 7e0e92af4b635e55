"""Sealed values: round trip, tamper detection, binding to tenant/subject/field, KEK rotation."""

from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from servicekit.crypto import (
    DEVELOPMENT_KEKS,
    KeyDestroyed,
    KeyEncryptionKeys,
    MemoryKeyStore,
    Sealed,
    Sealer,
    TamperedValue,
    UnknownKek,
    UnwrapFailed,
    is_sealed,
    new_kek,
    open_value,
    seal_value,
)

KEY = os.urandom(32)
WHERE = {"tenant_id": "t-1", "subject": "practitioner:p-1", "field": "given_name"}


@settings(max_examples=200)
@given(st.text())
def test_any_text_survives_a_round_trip(text: str) -> None:
    sealed = seal_value(KEY, "k-1", text, **WHERE)
    assert is_sealed(sealed)
    assert open_value(KEY, Sealed.decode(sealed), **WHERE) == text


@settings(max_examples=200)
@given(st.text(min_size=1), st.data())
def test_any_changed_byte_is_detected(text: str, data: st.DataObject) -> None:
    sealed = Sealed.decode(seal_value(KEY, "k-1", text, **WHERE))
    blob = bytearray(sealed.nonce + sealed.ciphertext)
    at = data.draw(st.integers(0, len(blob) - 1))
    blob[at] ^= data.draw(st.integers(1, 255))
    tampered = Sealed("k-1", bytes(blob[:12]), bytes(blob[12:]))
    with pytest.raises(TamperedValue):
        open_value(KEY, tampered, **WHERE)


@pytest.mark.parametrize(
    "elsewhere",
    [
        {**WHERE, "tenant_id": "t-2"},
        {**WHERE, "subject": "practitioner:p-2"},
        {**WHERE, "field": "family_name"},
    ],
)
def test_a_value_moved_to_another_tenant_subject_or_field_does_not_open(
    elsewhere: dict[str, str],
) -> None:
    sealed = Sealed.decode(seal_value(KEY, "k-1", "Ada", **WHERE))
    with pytest.raises(TamperedValue):
        open_value(KEY, sealed, **elsewhere)


@pytest.mark.parametrize(
    "text",
    [
        "Ada",
        "sealed:v1:",
        "sealed:v1:k:AAAA",
        "sealed:v1::AAAAAAAAAAAAAAAA:AA",
        "sealed:v1:k:!!:AA",
    ],
)
def test_malformed_sealed_values_are_refused(text: str) -> None:
    with pytest.raises(TamperedValue):
        Sealed.decode(text)


def test_the_format_names_its_version_and_key_but_never_the_key() -> None:
    sealed = seal_value(KEY, "k-9", "Ada Lovelace", **WHERE)
    assert sealed.startswith("sealed:v1:k-9:")
    assert KEY.hex() not in sealed and "Ada" not in sealed


def test_kek_settings_are_parsed_and_checked() -> None:
    keks = KeyEncryptionKeys.parse(DEVELOPMENT_KEKS + "," + new_kek("k-2"))
    assert keks.newest == "k-2"
    for bad in ["nocolon", "k:!!", "k:" + "QUFB", DEVELOPMENT_KEKS + "," + DEVELOPMENT_KEKS]:
        with pytest.raises(ValueError, match="KEK"):
            KeyEncryptionKeys.parse(bad)


def test_a_wrapped_key_is_bound_to_its_row() -> None:
    keks = KeyEncryptionKeys.parse(DEVELOPMENT_KEKS)
    wrapped = keks.wrap(KEY, key_id="a", tenant_id="t", subject="s")
    assert keks.unwrap(wrapped, kek_id="dev-1", key_id="a", tenant_id="t", subject="s") == KEY
    with pytest.raises(UnwrapFailed):
        keks.unwrap(wrapped, kek_id="dev-1", key_id="a", tenant_id="t", subject="other")
    with pytest.raises(UnknownKek):
        keks.unwrap(wrapped, kek_id="gone", key_id="a", tenant_id="t", subject="s")


def test_rotation_rewraps_every_key_with_the_newest_kek_and_the_old_one_can_go() -> None:
    async def scenario() -> None:
        old = KeyEncryptionKeys.parse(DEVELOPMENT_KEKS)
        store = MemoryKeyStore(old)
        sealer = Sealer(store)
        sealed = await sealer.seal("t", "practitioner:p", {"given_name": "Ada"}, ["given_name"])
        rotated = KeyEncryptionKeys.parse(DEVELOPMENT_KEKS + "," + new_kek("kek-2"))
        store.keks = rotated
        assert await store.rewrap() == 1
        assert await store.rewrap() == 0
        assert {row.kek_id for row in store.rows.values()} == {"kek-2"}
        # the old KEK removed from settings: everything still opens
        store.keks = KeyEncryptionKeys(rotated.keys[-1:])
        opened = await sealer.open("t", "practitioner:p", sealed, ["given_name"])
        assert opened.data == {"given_name": "Ada"} and not opened.unreadable

    asyncio.run(scenario())


def test_a_destroyed_key_makes_its_values_unreadable_and_is_never_recreated() -> None:
    async def scenario() -> None:
        store = MemoryKeyStore(KeyEncryptionKeys.parse(DEVELOPMENT_KEKS))
        sealer = Sealer(store)
        data = {"given_name": "Ada", "family_name": "Lovelace", "email": None, "role": "teacher"}
        sealed = await sealer.seal(
            "t", "practitioner:p", data, ["given_name", "family_name", "email"]
        )
        assert sealed["email"] is None and sealed["role"] == "teacher"
        assert "Ada" not in str(sealed)
        assert await store.destroy("t", "practitioner:p") is True
        assert await store.destroy("t", "practitioner:p") is False
        assert all(row.wrapped_key is None for row in store.rows.values())
        opened = await sealer.open(
            "t", "practitioner:p", sealed, ["given_name", "family_name"], unreadable="X"
        )
        assert opened.data["given_name"] == "X" and opened.unreadable == {
            "given_name",
            "family_name",
        }
        with pytest.raises(KeyDestroyed):
            await sealer.seal("t", "practitioner:p", data, ["given_name"])
        # another subject's values stay readable; plaintext (pre-sealing) data passes through
        other = await sealer.seal("t", "practitioner:q", data, ["given_name"])
        assert (await sealer.open("t", "practitioner:q", other, ["given_name"])).data == other | {
            "given_name": "Ada"
        }
        assert (await sealer.open("t", "practitioner:p", data, ["given_name"])).data == data

    asyncio.run(scenario())
