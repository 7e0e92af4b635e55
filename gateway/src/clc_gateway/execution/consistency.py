"""One consistency token for the client, whichever services a request touched.

A token is opaque to clients; inside it is a set of ``service:position`` pairs, base64url-encoded
(the format of ``servicekit.consistency``, written again here because importing servicekit costs
the gateway seconds of start-up; a unit test checks both agree).

- **Out**: every subgraph that wrote during a request answers the position it reached in its
  response's ``extensions.consistencyToken``. The gateway merges those pairs — a service's new
  pair replacing the one the client sent — into one token, answered in the response's
  ``extensions.consistencyToken`` and the ``X-Consistency-Token`` header, and shown in every
  ``consistencyToken`` field the client selected in a mutation's payload. Reporting in an
  extension (rather than the planner adding the payload field under a private alias) works for
  every write, whatever the client selected, and needs nothing from the plan.
- **In**: a token in the ``X-Consistency-Token`` request header or in any ``consistencyToken``
  argument of the operation is forwarded, whole, in that header to every subgraph the request
  calls. Each subgraph waits, before resolving, for every pair it can: its own position and
  those of the services whose events it projects (the enquiry service's membership model comes
  from the groups' events, so a groups write is waited for there too). Forwarding the whole token
  rather than each service's own pair is what makes that cross-service wait possible.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import Any

from graphql import StringValueNode, VariableNode

from clc_gateway.planning.ir import Field, Selection

__all__ = [
    "BAD_CONSISTENCY_TOKEN",
    "CONSISTENCY_HEADER",
    "BadToken",
    "answered",
    "decode",
    "encode",
    "forwarded",
    "given",
    "merge_reported",
    "refusal",
    "show_in_payloads",
    "tokens_in_arguments",
]

CONSISTENCY_HEADER = "x-consistency-token"
BAD_CONSISTENCY_TOKEN = "BAD_CONSISTENCY_TOKEN"
_ARGUMENT = "consistencyToken"
_MAX_POSITION = 2**63


class BadToken(ValueError):
    pass


def encode(positions: dict[str, int]) -> str:
    text = ",".join(f"{service}:{position}" for service, position in sorted(positions.items()))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(token: str) -> dict[str, int]:
    """The pairs of ``token``; ``BadToken`` if it is not one a mutation returned."""
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
        pairs = (pair.rsplit(":", 1) for pair in text.split(",") if pair)
        positions = {service: int(position) for service, position in pairs}
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadToken("not a consistency token returned by a mutation") from None
    if not positions or any(not s or not 0 <= p < _MAX_POSITION for s, p in positions.items()):
        raise BadToken("not a consistency token returned by a mutation")
    return positions


def merge_reported(reported: Iterable[str]) -> dict[str, int]:
    """The pairs the subgraphs answered (the furthest per service; bad ones ignored)."""
    out: dict[str, int] = {}
    for token in reported:
        try:
            pairs = decode(token)
        except BadToken:
            continue
        for service, position in pairs.items():
            out[service] = max(position, out.get(service, 0))
    return out


def tokens_in_arguments(sels: list[Selection], variables: dict[str, Any]) -> list[str]:
    """Every ``consistencyToken`` argument the operation gives (literal or variable)."""
    found: list[str] = []
    for s in sels:
        if isinstance(s, Field):
            for arg in s.args:
                if arg.name.value != _ARGUMENT:
                    continue
                value = arg.value
                if isinstance(value, StringValueNode):
                    found.append(value.value)
                elif isinstance(value, VariableNode):
                    given = variables.get(value.name.value)
                    if isinstance(given, str):
                        found.append(given)
        if s.selections:
            found.extend(tokens_in_arguments(s.selections, variables))
    return found


def show_in_payloads(data: Any, sels: list[Selection], token: str) -> None:
    """Put ``token`` in every non-null ``consistencyToken`` a mutation's payload answers."""
    if not isinstance(data, dict):
        return
    for root in sels:
        if isinstance(root, Field) and root.selections:
            _replace(data.get(root.key), root.selections, token)
        elif not isinstance(root, Field):
            show_in_payloads(data, root.selections, token)


def _replace(payload: Any, sels: list[Selection], token: str) -> None:
    if isinstance(payload, list):
        for item in payload:
            _replace(item, sels, token)
        return
    if not isinstance(payload, dict):
        return
    for s in sels:
        if isinstance(s, Field):
            if s.name == _ARGUMENT and payload.get(s.key) is not None:
                payload[s.key] = token
        else:
            _replace(payload, s.selections, token)


def given(
    headers: dict[str, str], sels: list[Selection], variables: dict[str, Any]
) -> dict[str, int]:
    """The pairs the client sent (header and arguments, merged: the furthest per service);
    ``BadToken`` for a malformed one, refused before any subgraph is called."""
    sent = [t for t in (headers.get(CONSISTENCY_HEADER),) if t]
    sent += tokens_in_arguments(sels, variables)
    pairs: dict[str, int] = {}
    for token in sent:
        for service, position in decode(token).items():
            pairs[service] = max(position, pairs.get(service, 0))
    return pairs


def refusal(bad: BadToken) -> dict[str, Any]:
    error = {"message": str(bad), "extensions": {"code": BAD_CONSISTENCY_TOKEN}}
    return {"data": None, "errors": [error]}


def forwarded(headers: dict[str, str], pairs: dict[str, int]) -> dict[str, str]:
    """The headers for the subgraphs: the client's token (all of it) in ``CONSISTENCY_HEADER``."""
    rest = {h: v for h, v in headers.items() if h != CONSISTENCY_HEADER}
    return {**rest, CONSISTENCY_HEADER: encode(pairs)} if pairs else rest


def answered(pairs: dict[str, int], reported: list[str]) -> str | None:
    """The client's token after this request: what it sent, each service that wrote moved on to
    the position it reported. None when there is nothing to carry."""
    merged = {**pairs, **merge_reported(reported)}
    return encode(merged) if merged else None
