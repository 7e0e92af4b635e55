"""One rule for ids, in every subgraph: what an ``ID`` argument or input field may hold.

Ids are chosen by clients (usually UUIDs, so an app working offline can refer to what it created
before syncing) or derived by the service (the roster import's uuid5 of tenant + ``sourcedId``).
Either way an id is a short token of letters, digits and ``. _ : -`` starting with a letter or
digit, at most ``ID_MAX`` characters: a UUID always is, and nothing that needs escaping, no white
space and no control character ever is. Services check every ``ID`` of a mutation's input with
``check_input_ids`` before the command is built, so a bad id is a user error (``INVALID_ID``,
naming the field) in every service alike; a query given a malformed id gets the same code.
"""

from __future__ import annotations

import re
from typing import Any

from eventkit.errors import InvalidInput
from graphql import GraphQLError
from strawberry import ID
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition

__all__ = [
    "ID_MAX",
    "ID_PATTERN",
    "InvalidId",
    "check_input_ids",
    "id_argument",
    "is_valid_id",
    "validate_id",
]

ID_MAX = 200
ID_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{ID_MAX - 1}}}")


class InvalidId(InvalidInput):
    code = "INVALID_ID"
    default_message = (
        f"An id is 1 to {ID_MAX} letters, digits or . _ : - starting with a letter or digit"
        " (a UUID is always valid)"
    )


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def validate_id(value: object, field: str | None = None) -> str:
    """``value`` if it is a valid id, else ``InvalidId`` naming ``field``."""
    if not is_valid_id(value):
        raise InvalidId(field=field)
    assert isinstance(value, str)
    return value


def _holds_ids(annotation: Any) -> bool:
    while isinstance(annotation, StrawberryOptional | StrawberryList):
        annotation = annotation.of_type
    return annotation is ID


def check_input_ids(data: Any) -> None:
    """``InvalidId`` for the first ``ID`` (or list of ``ID``) field of the strawberry input
    ``data`` that holds a malformed id; the error's field is the Python name, as the domain's."""
    definition = get_object_definition(data, strict=True)
    for field in definition.fields:
        if not _holds_ids(field.type):
            continue
        value = getattr(data, field.python_name)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                validate_id(item, field.python_name)


def id_argument(value: str, argument: str = "id") -> str:
    """A query's ``ID`` argument, or an ``INVALID_ID`` GraphQL error naming it."""
    if not is_valid_id(value):
        raise GraphQLError(
            f"{argument}: {InvalidId.default_message}",
            extensions={"code": InvalidId.code, "field": argument},
        )
    return value
