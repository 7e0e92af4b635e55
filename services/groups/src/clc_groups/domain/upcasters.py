"""Upcasters: how an event recorded under an older schema reads today, as pure data functions.

The registry (``eventkit.registry.EventRegistry``) chains them on every read, so old streams are
never rewritten; the application layer and the projections register ``UPCASTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["UPCASTERS", "ground_rules_agreed_v1_to_v2", "practitioner_registered_v1_to_v2"]


def ground_rules_agreed_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """``GroundRulesAgreed`` v1 was **one leader's decision** for the whole group ("the group
    agreed version n"), recorded before ground rules became a matter of consent. It is read as
    the agreement of **everyone who was a member at that time**: ``by_all_members`` is true and
    no single ``practitioner_id`` is named, so ``evolve`` and the projections record each member
    of the group at that point of its history as having agreed, and the version as in force.
    Nobody who joined later is counted: they agree by their own act, as every later joiner does.
    """
    return {**data, "practitioner_id": None, "by_all_members": True}


def practitioner_registered_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 held the personal fields in the clear, v2 may hold them sealed. The fields are the
    same and readers open both forms (``application.sealing``), so the data reads unchanged;
    ``clc migrate encrypt-personal`` seals what v1 left in the clear."""
    return data


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("GroundRulesAgreed", 1): ground_rules_agreed_v1_to_v2,
    ("PractitionerRegistered", 1): practitioner_registered_v1_to_v2,
}
"""(event type, the schema version it upcasts from) -> the upcaster to the next version."""
