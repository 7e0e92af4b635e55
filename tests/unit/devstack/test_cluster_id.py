"""A Kafka cluster id the storage tool accepts: never one its parser takes for an option."""

from __future__ import annotations

import base64

from devstack.kafka_jars import new_cluster_id


def test_cluster_ids_are_22_url_safe_characters_never_starting_with_a_dash() -> None:
    ids = [new_cluster_id() for _ in range(5_000)]  # a leading "-" is drawn one time in 64
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
    assert all(len(base64.urlsafe_b64decode(i + "==")) == 16 for i in ids)
    assert len(set(ids)) == len(ids)
