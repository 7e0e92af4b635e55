"""Subscriptions over WebSocket at ``/graphql``: the ``graphql-transport-ws`` protocol.

The protocol (github.com/enisdenjo/graphql-ws, PROTOCOL.md): the client sends
``connection_init`` (its payload carries ``Authorization: Bearer …``) within
``INIT_TIMEOUT_S``; the token is verified before anything else, then ``connection_ack``.
``subscribe {id, payload: {query, variables, operationName}}`` starts a subscription, answered
by ``next`` per result and ``complete`` at its end (or ``error`` if it could not start);
``complete`` from the client stops it; ``ping`` gets ``pong``. Close codes: 4400 bad message,
4401 unauthorised (subscribe before ack), 4403 forbidden (bad token), 4408 no init in time,
4409 a duplicate id, 4429 too many init requests.

Documents go through the same limits and validation cache as ``POST /graphql``. At most
``max_subscriptions`` run per connection (more is an ``error`` for that id, the others carry on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from eventkit.errors import AuthenticationFailed
from eventkit.principal import JwtVerifier, Principal
from graphql import GraphQLError, OperationDefinitionNode, OperationType, get_operation_ast
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry import Schema
from strawberry.types.execution import ExecutionResult

from .errors import format_errors
from .http import DocumentCache

__all__ = ["PROTOCOL", "SubscriptionEndpoint", "bearer_of"]

log = logging.getLogger("servicekit.ws")

PROTOCOL = "graphql-transport-ws"
INIT_TIMEOUT_S = 5.0


def bearer_of(payload: Any) -> str | None:
    """The ``Authorization`` value a ``connection_init`` payload carries (any common spelling)."""
    if not isinstance(payload, dict):
        return None
    for key in ("Authorization", "authorization"):
        if isinstance(payload.get(key), str):
            return str(payload[key])
    headers = payload.get("headers")
    if isinstance(headers, dict):
        return bearer_of(headers)
    token = payload.get("token")
    return f"Bearer {token}" if isinstance(token, str) else None


class SubscriptionEndpoint:
    def __init__(
        self,
        schema: Schema,
        documents: DocumentCache,
        *,
        verifier: Callable[[WebSocket], JwtVerifier],
        context: Callable[[WebSocket, Principal], Any],
        max_subscriptions: int = 20,
    ) -> None:
        self._schema = schema
        self._documents = documents
        self._verifier = verifier
        self._context = context
        self._max = max_subscriptions

    async def serve(self, ws: WebSocket) -> None:
        """The WebSocket endpoint (a method, so Starlette hands it a ``WebSocket``)."""
        if PROTOCOL not in ws.scope.get("subprotocols", []):
            await ws.close(4406, "Subprotocol not acceptable")
            return
        await ws.accept(subprotocol=PROTOCOL)
        try:
            principal = await self._init(ws)
            if principal is None:
                return
            await self._serve(ws, principal)
        except WebSocketDisconnect:
            pass

    async def _init(self, ws: WebSocket) -> Principal | None:
        try:
            async with asyncio.timeout(INIT_TIMEOUT_S):
                message = await ws.receive_json()
        except TimeoutError:
            await ws.close(4408, "Connection initialisation timeout")
            return None
        if not isinstance(message, dict) or message.get("type") != "connection_init":
            await ws.close(4401, "Unauthorized")
            return None
        try:
            principal = self._verifier(ws).verify_header(bearer_of(message.get("payload")))
        except AuthenticationFailed as exc:
            log.info("subscription not authenticated", extra={"reason": str(exc)})
            await ws.close(4403, "Forbidden")
            return None
        await ws.send_json({"type": "connection_ack"})
        return principal

    async def _serve(self, ws: WebSocket, principal: Principal) -> None:
        running: dict[str, asyncio.Task[None]] = {}
        try:
            while True:
                message = await ws.receive_json()
                kind = message.get("type") if isinstance(message, dict) else None
                if kind == "ping":
                    await ws.send_json({"type": "pong"})
                elif kind == "pong":
                    continue
                elif kind == "connection_init":
                    await ws.close(4429, "Too many initialisation requests")
                    return
                elif kind == "complete":
                    task = running.pop(str(message.get("id")), None)
                    if task is not None:
                        task.cancel()
                elif kind == "subscribe" and isinstance(message.get("id"), str):
                    sub_id = message["id"]
                    running = {i: t for i, t in running.items() if not t.done()}
                    if sub_id in running:
                        await ws.close(4409, f"Subscriber for {sub_id} already exists")
                        return
                    if len(running) >= self._max:
                        error = {"message": f"at most {self._max} subscriptions per connection"}
                        await ws.send_json({"type": "error", "id": sub_id, "payload": [error]})
                        continue
                    context = self._context(ws, principal)
                    running[sub_id] = asyncio.create_task(
                        self._run(ws, sub_id, message.get("payload"), context)
                    )
                else:
                    await ws.close(4400, "Invalid message")
                    return
        finally:
            for task in running.values():
                task.cancel()
            for task in running.values():
                with contextlib.suppress(BaseException):
                    await task

    async def _run(self, ws: WebSocket, sub_id: str, payload: Any, context: Any) -> None:
        query = payload.get("query") if isinstance(payload, dict) else None
        variables = payload.get("variables") if isinstance(payload, dict) else None
        name = payload.get("operationName") if isinstance(payload, dict) else None
        if not isinstance(query, str):
            await _error(ws, sub_id, [{"message": "the subscription has no query string"}])
            return
        prepared = self._documents.prepare(query)
        if prepared.document is None:
            await _error(ws, sub_id, [e.formatted for e in prepared.errors])
            return
        op = get_operation_ast(prepared.document, name)
        if (
            not isinstance(op, OperationDefinitionNode)
            or op.operation != OperationType.SUBSCRIPTION
        ):
            await _error(ws, sub_id, [{"message": "only subscriptions run over WebSocket"}])
            return
        try:
            result = await self._schema.subscribe(
                query, variable_values=variables, context_value=context, operation_name=name
            )
            if isinstance(result, ExecutionResult):  # refused before it started
                await _error(ws, sub_id, format_errors(list(result.errors or []), name or "-"))
                return
            async for item in result:
                body: dict[str, Any] = {"data": item.data}
                if item.errors:
                    body["errors"] = format_errors(list(item.errors), name or "-")
                await ws.send_json({"type": "next", "id": sub_id, "payload": body})
            await ws.send_json({"type": "complete", "id": sub_id})
        except GraphQLError as refused:
            await _error(ws, sub_id, [refused.formatted])
        except (WebSocketDisconnect, RuntimeError):
            return  # the client went away


async def _error(ws: WebSocket, sub_id: str, errors: list[Any]) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await ws.send_json({"type": "error", "id": sub_id, "payload": errors})
