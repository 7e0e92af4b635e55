"""Subscriptions over WebSocket at ``/graphql``: the ``graphql-transport-ws`` protocol.

The client sends ``connection_init`` within ``INIT_TIMEOUT_S`` with its bearer token in the
payload (``{"Authorization": "Bearer …"}``; ``authorization``, ``headers.Authorization`` and
``token`` are read too). With authentication on, the token is verified here before anything is
subscribed (a bad one closes the socket with 4403) and passed on to the subgraph, which verifies
it again. Then ``subscribe`` / ``next`` / ``error`` / ``complete`` per id and ``ping`` / ``pong``
as the protocol says (github.com/enisdenjo/graphql-ws, PROTOCOL.md; close codes 4400, 4401,
4403, 4408, 4409, 4429 as there). At most ``max_subscriptions`` run per connection; one more is an
``error`` for its id, the others carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from clc_gateway.execution.client import SubgraphError
from clc_gateway.execution.engine import Engine

from .door import Door

if TYPE_CHECKING:
    from clc_gateway.tenants.verify import Authenticator

__all__ = ["PROTOCOL", "SubscriptionSocket", "bearer_of"]

log = logging.getLogger("clc_gateway.subscriptions")

PROTOCOL = "graphql-transport-ws"
INIT_TIMEOUT_S = 5.0


def bearer_of(payload: Any) -> str | None:
    """The ``Authorization`` value a ``connection_init`` payload carries (any common spelling)."""
    if not isinstance(payload, dict):
        return None
    for key in ("Authorization", "authorization"):
        if isinstance(payload.get(key), str):
            return str(payload[key])
    if isinstance(payload.get("headers"), dict):
        return bearer_of(payload["headers"])
    token = payload.get("token")
    return f"Bearer {token}" if isinstance(token, str) else None


class SubscriptionSocket:
    def __init__(
        self,
        engine: Engine,
        authenticator: Authenticator | None,
        *,
        max_subscriptions: int = 20,
        door: Door | None = None,
    ) -> None:
        self._engine = engine
        self._authenticator = authenticator
        self._max = max_subscriptions
        self._door = door or Door()

    async def serve(self, ws: WebSocket) -> None:
        """The WebSocket endpoint (a method, so Starlette hands it a ``WebSocket``)."""
        if PROTOCOL not in ws.scope.get("subprotocols", []):
            await ws.close(4406, "Subprotocol not acceptable")
            return
        await ws.accept(subprotocol=PROTOCOL)
        with contextlib.suppress(WebSocketDisconnect):
            headers = await self._init(ws)
            if headers is not None:
                await self._serve(ws, headers)

    async def _init(self, ws: WebSocket) -> dict[str, str] | None:
        """The headers to forward, once ``connection_init`` is accepted; None if refused."""
        try:
            async with asyncio.timeout(INIT_TIMEOUT_S):
                message = await ws.receive_json()
        except TimeoutError:
            await ws.close(4408, "Connection initialisation timeout")
            return None
        if not isinstance(message, dict) or message.get("type") != "connection_init":
            await ws.close(4401, "Unauthorized")
            return None
        auth = bearer_of(message.get("payload"))
        if self._authenticator is not None:
            try:
                # a tenant IdP's caller goes on with the gateway's internal token (tenants/)
                auth = (await self._authenticator.authenticate(auth)).authorization
            except Exception as exc:  # every verification failure is a refusal, never a crash
                log.info("subscription not authenticated", extra={"reason": str(exc)})
                await ws.close(4403, "Forbidden")
                return None
        await ws.send_json({"type": "connection_ack"})
        return {"authorization": auth} if auth else {}

    async def _serve(self, ws: WebSocket, headers: dict[str, str]) -> None:
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
                        error = {
                            "message": f"at most {self._max} subscriptions per connection",
                            "extensions": {"code": "TOO_MANY_SUBSCRIPTIONS"},
                        }
                        await _send(ws, {"type": "error", "id": sub_id, "payload": [error]})
                        continue
                    payload = message.get("payload")
                    running[sub_id] = asyncio.create_task(self._run(ws, sub_id, payload, headers))
                else:
                    await ws.close(4400, "Invalid message")
                    return
        finally:
            for task in running.values():
                task.cancel()
            for task in running.values():
                with contextlib.suppress(BaseException):
                    await task

    async def _run(self, ws: WebSocket, sub_id: str, payload: Any, headers: dict[str, str]) -> None:
        started = start(self._engine, payload, headers, self._door)
        if isinstance(started, list):
            await _send(ws, {"type": "error", "id": sub_id, "payload": started})
            return
        try:
            async for result in started:
                await _send(ws, {"type": "next", "id": sub_id, "payload": result})
        except SubgraphError as exc:
            error = {"message": str(exc), "extensions": {"code": "SUBGRAPH_UNAVAILABLE"}}
            await _send(ws, {"type": "error", "id": sub_id, "payload": [error]})
            return
        await _send(ws, {"type": "complete", "id": sub_id})


def start(
    engine: Engine, payload: Any, headers: dict[str, str], door: Door
) -> AsyncIterator[dict[str, Any]] | list[dict[str, Any]]:
    """The results of the subscription ``payload`` asks for, or the errors refusing it (the
    door's document checks first, as for a POST)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return [{"message": "a subscription needs a 'query' string"}]
    if refused := door.document(payload["query"]):
        return [{"message": refused.message, "extensions": {"code": refused.code}}]
    variables = payload.get("variables")
    name = payload.get("operationName")
    if variables is not None and not isinstance(variables, dict):
        return [{"message": "'variables' must be an object"}]
    if name is not None and not isinstance(name, str):
        return [{"message": "'operationName' must be a string"}]
    started = engine.subscribe(payload["query"], variables, name, headers)
    if isinstance(started, dict):
        errors: list[dict[str, Any]] = started.get("errors") or [{"message": "refused"}]
        log.info("subscription refused", extra={"operation": name, "outcome": "refused"})
        return errors
    return _logged(started, name)


async def _logged(
    results: AsyncIterator[dict[str, Any]], operation: str | None
) -> AsyncIterator[dict[str, Any]]:
    """``results``, with one log line when the subscription ends: how long, how many events."""
    began, events, outcome = time.perf_counter(), 0, "completed"
    try:
        async for result in results:
            events += 1
            yield result
    except (asyncio.CancelledError, GeneratorExit):
        outcome = "cancelled"  # the client went away or completed it
        raise
    except Exception:
        outcome = "failed"
        raise
    finally:
        log.info(
            "subscription ended",
            extra={
                "operation": operation,
                "outcome": outcome,
                "events": events,
                "duration_ms": round((time.perf_counter() - began) * 1000, 2),
            },
        )


async def _send(ws: WebSocket, message: dict[str, Any]) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await ws.send_json(message)
