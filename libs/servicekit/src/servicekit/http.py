"""``POST /graphql``: the cheap refusals first, then a cached document, then execution.

A request is refused as early as it can be, so an attack costs the service as little as
possible and the event loop stays free for everyone else:

1. a body over ``max_body_bytes`` — 413, from ``Content-Length`` before reading, or as soon as the
   streamed body passes the cap; a body still arriving after ``body_timeout_s`` — 408;
2. no valid bearer token — ``UNAUTHENTICATED`` before the body is read or the document parsed
   (every operation, ``_service`` included: the supergraph is composed from SDL printed offline,
   ``clc-<service> sdl``);
3. a body that is not a JSON object with a string ``query`` — 400 (with ``max_upload_bytes`` set, a
   ``multipart/form-data`` body by the GraphQL multipart request spec too, capped at that size:
   ``uploads.py``);
4. a document over the limits (``limits.py``) or invalid — GraphQL errors, from a bounded LRU of
   documents already parsed and validated, keyed by query text (validation depends on the text
   and the schema only, never on variables);
5. execution (graphql-core, with strawberry's execution context, so resolvers see the usual
   ``Info``); unexpected errors are masked (``errors.py``), the response is encoded by orjson.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from inspect import isawaitable
from typing import Any

import orjson
from eventkit.errors import AuthenticationFailed
from eventkit.principal import JwtVerifier, Principal
from fastapi import Request, Response
from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from strawberry import Schema
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from .errors import error_body, format_errors
from .limits import Limits, check_limits, more_tokens_than, too_complex
from .telemetry import ServiceMetrics, request_span
from .uploads import decode_multipart, is_multipart

__all__ = ["DocumentCache", "GraphQLEndpoint", "Prepared"]

log = logging.getLogger("servicekit.http")

JSON = "application/json"


@dataclass(frozen=True)
class Prepared:
    """A query text, parsed and checked: a document to execute, or why it may not run."""

    document: DocumentNode | None
    errors: list[GraphQLError] = field(default_factory=list)


class DocumentCache:
    """Parse → limits → validation, remembered for the last ``size`` query texts (0: none).

    Only texts of at most ``max_chars`` are remembered: a document (or an error, which keeps its
    source) of a large text would let a caller fill memory with a few hundred requests.
    """

    def __init__(
        self,
        schema: Schema,
        limits: Limits,
        size: int,
        *,
        introspection: bool = True,
        max_chars: int = 20_000,
    ) -> None:
        self._schema = schema._schema
        self._limits = limits
        self._size = size
        self._max_chars = max_chars
        self._rules: tuple[type[ASTValidationRule], ...] = (
            *specified_rules,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
            *(() if introspection else (NoSchemaIntrospectionCustomRule,)),
        )
        self._entries: OrderedDict[str, Prepared] = OrderedDict()

    def prepare(self, query: str) -> Prepared:
        found = self._entries.get(query)
        if found is not None:
            self._entries.move_to_end(query)
            return found
        prepared = self._prepare(query)
        if self._size > 0 and len(query) <= self._max_chars:
            self._entries[query] = prepared
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return prepared

    def _prepare(self, query: str) -> Prepared:
        if more_tokens_than(query, self._limits.max_tokens):
            return Prepared(
                None, [too_complex(f"the document has more than {self._limits.max_tokens} tokens")]
            )
        try:
            document = parse(query, max_tokens=self._limits.max_tokens)
        except GraphQLError as failed:
            too_many = "tokens" in failed.message
            failed.extensions = {
                "code": "QUERY_TOO_COMPLEX" if too_many else "GRAPHQL_PARSE_FAILED"
            }
            return Prepared(None, [failed])
        refused = check_limits(self._schema, document, self._limits)
        if refused:
            return Prepared(None, refused)
        invalid = validate(self._schema, document, self._rules)
        for error in invalid:
            error.extensions = {"code": "GRAPHQL_VALIDATION_FAILED", **(error.extensions or {})}
        return Prepared(None if invalid else document, invalid)


ContextFactory = Callable[[Request, Principal], Any]


class GraphQLEndpoint:
    """One subgraph's ``/graphql`` POST handler (see the module docstring for the order)."""

    def __init__(
        self,
        schema: Schema,
        documents: DocumentCache,
        *,
        max_body_bytes: int,
        body_timeout_s: float = 10.0,
        verifier: Callable[[Request], JwtVerifier],
        context: ContextFactory,
        metrics: ServiceMetrics,
        max_upload_bytes: int = 0,
    ) -> None:
        self._schema = schema
        self._max_upload = max_upload_bytes
        self._documents = documents
        self._max_body = max_body_bytes
        self._body_timeout = body_timeout_s
        self._verifier = verifier
        self._context = context
        self._metrics = metrics
        self._executor = schema.execution_context_class

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        response, operation, outcome = await self._handle(request)
        self._metrics.observe_request(operation, outcome, time.perf_counter() - started)
        return response

    async def _handle(self, request: Request) -> tuple[Response, str, str]:
        upload = self._max_upload > 0 and is_multipart(request)
        cap = self._max_upload if upload else self._max_body
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            return _too_large(cap), "-", "refused"
        try:
            principal = self._verifier(request).verify_header(request.headers.get("authorization"))
        except AuthenticationFailed as exc:
            # Expected and frequent (expired tokens): INFO, no traceback.
            log.info("request not authenticated", extra={"reason": str(exc)})
            return _json(error_body(str(exc), "UNAUTHENTICATED")), "-", "unauthenticated"
        try:
            async with asyncio.timeout(self._body_timeout):
                body = await _read_capped(request, cap)
        except TimeoutError:
            # A body trickled in slowly holds a connection: bounded, as the size is.
            message = f"the request body took longer than {self._body_timeout} s"
            return _json(error_body(message, "REQUEST_TIMEOUT"), 408), "-", "refused"
        if body is None:
            return _too_large(cap), "-", "refused"
        if not upload:
            return await self._run(request, principal, _decode(body))
        decoded = await decode_multipart(request, body)
        if isinstance(decoded, str):
            return await self._run(request, principal, decoded)
        payload, form = decoded
        try:
            return await self._run(request, principal, payload)
        finally:
            await form.close()

    async def _run(
        self,
        request: Request,
        principal: Principal,
        payload: tuple[str, dict[str, Any] | None, str | None] | str,
    ) -> tuple[Response, str, str]:
        if isinstance(payload, str):
            return _json(error_body(payload, "BAD_REQUEST"), 400), "-", "bad_request"
        query, variables, operation_name = payload
        prepared = self._documents.prepare(query)
        if prepared.document is None:
            errors = [e.formatted for e in prepared.errors]
            return _json({"data": None, "errors": errors}), operation_name or "-", "invalid"
        operation = operation_name or _operation_name(prepared.document) or "anonymous"
        with request_span(request, operation):
            result = await self._execute(
                request, principal, prepared.document, variables, operation_name
            )
        body_out: dict[str, Any] = {"data": result.data}
        if result.errors:
            body_out["errors"] = format_errors(list(result.errors), operation)
        return _json(body_out), operation, "error" if result.errors else "ok"

    async def _execute(
        self,
        request: Request,
        principal: Principal,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> ExecutionResult:
        result = execute(
            self._schema._schema,
            document,
            context_value=self._context(request, principal),
            variable_values=variables,
            operation_name=operation_name,
            executor_class=self._executor,
            is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
            operation_extensions=None,
        )
        if isawaitable(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        return result


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=JSON)


def _too_large(limit: int) -> Response:
    return _json(error_body(f"the request body exceeds {limit} bytes", "PAYLOAD_TOO_LARGE"), 413)


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it passes ``limit`` bytes (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> tuple[str, dict[str, Any] | None, str | None] | str:
    """``(query, variables, operationName)``, or why the body is not a GraphQL request."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return "the request body is not valid JSON"
    if not isinstance(payload, dict):
        return "the request body must be a JSON object"
    query, variables, name = (
        payload.get("query"),
        payload.get("variables"),
        payload.get("operationName"),
    )
    if not isinstance(query, str) or not query:
        return "the request has no query string"
    if variables is not None and not isinstance(variables, dict):
        return "variables must be a JSON object"
    if name is not None and not isinstance(name, str):
        return "operationName must be a string"
    return query, variables, name


def _operation_name(document: DocumentNode) -> str | None:
    operation = get_operation_ast(document)
    if isinstance(operation, OperationDefinitionNode) and operation.name:
        return operation.name.value
    return None
