"""What the entity types share: reading a row through the request's DataLoaders and building
the type from it, and ids that may be absent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from clc_groups.api.context import Ctx
from clc_groups.api.loaders import loaders

__all__ = ["ID", "load", "optional_id"]

T = TypeVar("T")
ID = strawberry.ID


async def load(info: Ctx, entity: str, entity_id: str, build: Callable[[Any], T]) -> T | None:
    row = await loaders(info).entity(entity).load(entity_id)
    return None if row is None else build(row)


def optional_id(value: str | None) -> ID | None:
    return None if value is None else ID(value)
