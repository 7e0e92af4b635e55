"""What a client sees of an error: deliberate errors as they are, anything else masked.

A resolver's deliberate errors — a ``GraphQLError`` it raised (``UNAUTHENTICATED``,
``CONSISTENCY_TIMEOUT``, ``BAD_CURSOR``…), a ``DomainError`` — and graphql-core's own (validation,
variable coercion, a null in a non-null field) reach the client unchanged. Anything else is a bug
or an outage whose text may carry SQL, driver messages or Python names, so the client gets
``INTERNAL_SERVER_ERROR`` with a correlation id, and the log gets the traceback under that id.
A pydantic ``ValidationError`` that escapes to here names the GraphQL (camelCase) field.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from eventkit.errors import DomainError
from graphql import GraphQLError
from pydantic import ValidationError

from .payloads import camel_case, client_message

__all__ = ["error_body", "format_errors", "graphql_error"]

log = logging.getLogger("servicekit.errors")


def graphql_error(message: str, code: str) -> dict[str, Any]:
    """One error as the response's ``errors`` list holds it."""
    return {"message": message, "extensions": {"code": code}}


def error_body(message: str, code: str) -> dict[str, Any]:
    """A whole response that is one error (refused before execution)."""
    return {"data": None, "errors": [graphql_error(message, code)]}


def format_errors(errors: list[GraphQLError], operation: str | None) -> list[dict[str, Any]]:
    return [_format(e, operation) for e in errors]


def _format(error: GraphQLError, operation: str | None) -> dict[str, Any]:
    original = error.original_error
    # Without a path the error is about the request (e.g. a variable a scalar could not parse),
    # not a resolver's failure: the client's to fix, and never masked.
    if original is None or isinstance(original, GraphQLError) or not error.path:
        return dict(error.formatted)  # graphql-core's own or raised on purpose
    if isinstance(original, DomainError):
        message = client_message(original)
        return _with(error, message, original.code, field=camel_case(original.field))
    if isinstance(original, ValidationError):
        first = original.errors()[0]
        loc = first.get("loc", ())
        field = camel_case(str(loc[0])) if loc else None
        message = f"{field or 'input'}: {first.get('msg', 'invalid')}"
        return _with(error, message, "BAD_USER_INPUT", field=field)
    correlation = uuid.uuid4().hex
    log.error(
        "unexpected error in a resolver",
        exc_info=original,
        extra={"correlation_id": correlation, "operation": operation, "path": error.path},
    )
    formatted = _with(
        error, f"internal error (correlation id {correlation})", "INTERNAL_SERVER_ERROR"
    )
    formatted["extensions"]["correlationId"] = correlation
    return formatted


def _with(error: GraphQLError, message: str, code: str, **extensions: Any) -> dict[str, Any]:
    formatted = dict(error.formatted)
    formatted["message"] = message
    formatted["extensions"] = {"code": code, **{k: v for k, v in extensions.items() if v}}
    return formatted
