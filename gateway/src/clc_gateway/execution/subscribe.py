"""Subscriptions: planned like a query, the root fetch kept open, the rest run per event.

A subscription has one root field, owned by one subgraph (composition allows ``Subscription``
fields in subgraphs). The planner writes the root fetch as a ``subscription`` operation; the
gateway opens it to that subgraph over WebSocket (``graphql-transport-ws``, the caller's
``Authorization`` in ``connection_init``), and for every event the subgraph sends runs the plan's
remaining entity fetches on the event's data — entity fields from other subgraphs resolved as for
a query, one ``_entities`` call per subgraph per level — and shapes the answer. Each event is
planned once (the plan cache) and costs only its own entity fetches. Where the event type has a
``consistencyToken`` the planner asks for it under a private key, and the event's entity fetches
carry it (``X-Consistency-Token``): a session the groups service scheduled is announced by the
enquiry service, and the groups' fields of that event wait until groups' own read model has it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import orjson
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Subprotocol

from clc_gateway.planning.ir import unalias
from clc_gateway.planning.plan import FetchNode, Plan
from clc_gateway.planning.planner import EVENT_TOKEN
from clc_gateway.supergraph.model import Supergraph

from .client import SubgraphClient, SubgraphError
from .consistency import CONSISTENCY_HEADER
from .run import run_plan
from .shape import shape

__all__ = ["PROTOCOL", "events_of", "upstream"]

PROTOCOL = "graphql-transport-ws"
_ACK_TIMEOUT_S = 10.0


def _ws_url(url: str) -> str:
    if url.startswith("https://"):
        return "wss://" + url[len("https://") :]
    if url.startswith("http://"):
        return "ws://" + url[len("http://") :]
    return url


async def upstream(
    url: str, query: str, variables: dict[str, Any], authorization: str | None
) -> AsyncIterator[dict[str, Any]]:
    """The subgraph's results for one subscription (``{data, errors}`` each), until it
    completes; a refusal before the first result is one ``{errors}``; ``SubgraphError`` if the
    subgraph cannot be reached or refuses the connection."""
    init = {"Authorization": authorization} if authorization else {}
    try:
        async with connect(
            _ws_url(url), subprotocols=[Subprotocol(PROTOCOL)], open_timeout=_ACK_TIMEOUT_S
        ) as ws:
            await ws.send(orjson.dumps({"type": "connection_init", "payload": init}).decode())
            ack = orjson.loads(await ws.recv())
            if ack.get("type") != "connection_ack":
                raise SubgraphError("the subgraph did not acknowledge the subscription")
            payload = {"query": query, "variables": variables}
            message = {"type": "subscribe", "id": "1", "payload": payload}
            await ws.send(orjson.dumps(message).decode())
            async for raw in ws:
                msg = orjson.loads(raw)
                kind = msg.get("type")
                if kind == "next":
                    yield msg.get("payload") or {}
                elif kind == "error":
                    yield {"data": None, "errors": msg.get("payload") or []}
                    return
                elif kind == "complete":
                    return
                elif kind == "ping":
                    await ws.send('{"type":"pong"}')
    except ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
        if code == 1000:
            return
        raise SubgraphError(f"the subgraph closed the subscription ({code})") from None
    except (OSError, TimeoutError, InvalidHandshake) as exc:
        raise SubgraphError(f"subgraph unreachable: {type(exc).__name__}") from None


def _waiting_for(data: dict[str, Any], headers: dict[str, str]) -> dict[str, str]:
    """The headers of an event's entity fetches: with the event's own consistency token, so the
    other subgraphs answer only once their read models reflect the event."""
    for value in data.values():
        token = value.get(EVENT_TOKEN) if isinstance(value, dict) else None
        if isinstance(token, str) and token:
            return {**headers, CONSISTENCY_HEADER: token}
    return headers


async def events_of(
    sg: Supergraph,
    plan: Plan,
    client: SubgraphClient,
    variables: dict[str, Any],
    coerced: dict[str, Any],
    headers: dict[str, str],
    url_of: Any,
) -> AsyncIterator[dict[str, Any]]:
    """The client's results of a planned subscription, one per subgraph event."""
    root: FetchNode = next(n for n in plan.nodes if not n.entity)
    mine = {v: variables[v] for v in root.variables if v in variables}
    stream = upstream(url_of(root.graph), root.query, mine, headers.get("authorization"))
    try:
        async for event in stream:
            errors: list[dict[str, Any]] = list(event.get("errors") or [])
            data = event.get("data")
            if not isinstance(data, dict):
                yield {"data": None, "errors": errors}
                continue
            if root.aliased:
                unalias(data, root.selections)
            merged, more = await run_plan(
                sg, plan, client, variables, _waiting_for(data, headers), url_of, seed=data
            )
            errors.extend(more)
            result: dict[str, Any] = {
                "data": shape(sg, plan.root_type, plan.selections, merged, coerced, errors)
            }
            if errors:
                result["errors"] = errors
            yield result
    finally:
        with contextlib.suppress(Exception):
            await stream.aclose()  # type: ignore[attr-defined]
