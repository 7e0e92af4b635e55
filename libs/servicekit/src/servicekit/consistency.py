"""The consistency token: opaque to clients, one string for any number of services.

A mutation returns the position its write reached in the service's projections; a later read
passes the token back and waits (briefly) until the read models include it. Clients treat the
token as an opaque ``String``: inside it is a set of ``service:position`` pairs, base64url-encoded,
so a gateway can later carry several services' positions in one token (merge the pairs) and each
service reads only its own pair. A token without a pair for this service asks it to wait for
nothing.

A read that cannot reach the token in time is an error with the code ``NOT_YET_CONSISTENT`` —
never a silent null — and the client may simply ask again.

Behind a gateway the token travels in a header too (``CONSISTENCY_HEADER``): every request that
carries it waits, before anything resolves, for each pair the service can wait for — its own
position and those of the services whose events its projector applies (the enquiry service
projects the groups' events, so a groups write is visible in its membership model once the
groups' pair is reached). A request that wrote answers the position it reached in its response's
``extensions.consistencyToken``, so a gateway merges one token for every service a mutation
touched without the client selecting the field.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError

if TYPE_CHECKING:
    from .context import ServiceContext

__all__ = [
    "BAD_CONSISTENCY_TOKEN",
    "CONSISTENCY_HEADER",
    "NOT_YET_CONSISTENT",
    "decode_token",
    "encode_token",
    "not_yet_consistent",
    "position_in",
    "token_at",
    "wait_for_token",
]

NOT_YET_CONSISTENT = "NOT_YET_CONSISTENT"
CONSISTENCY_HEADER = "x-consistency-token"
BAD_CONSISTENCY_TOKEN = "BAD_CONSISTENCY_TOKEN"
_MAX_POSITION = 2**63  # a PostgreSQL bigint


def encode_token(positions: dict[str, int]) -> str:
    """The token of these ``service -> position`` pairs."""
    text = ",".join(f"{service}:{position}" for service, position in sorted(positions.items()))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def token_at(service: str, position: int | None) -> str | None:
    """The token of one service's write that reached ``position`` (None: nothing written)."""
    return None if position is None else encode_token({service: position})


def decode_token(token: str) -> dict[str, int]:
    """The pairs inside ``token``, or a ``BAD_CONSISTENCY_TOKEN`` GraphQL error."""
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
        pairs = (pair.rsplit(":", 1) for pair in text.split(",") if pair)
        positions = {service: int(position) for service, position in pairs}
        if not positions or any(
            not service or not 0 <= p < _MAX_POSITION for service, p in positions.items()
        ):
            raise ValueError(text)
        return positions
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError(
            "not a consistency token returned by a mutation",
            extensions={"code": BAD_CONSISTENCY_TOKEN},
        ) from None


def position_in(token: str | None, service: str) -> int | None:
    """This service's position in ``token`` (None: nothing to wait for)."""
    return None if token is None else decode_token(token).get(service)


def not_yet_consistent(token: str | None) -> GraphQLError:
    return GraphQLError(
        f"the read models have not reached consistency token {token!r} yet; ask again",
        extensions={"code": NOT_YET_CONSISTENT},
    )


async def wait_for_token(context: ServiceContext[Any], service: str, token: str | None) -> None:
    """Wait until ``service``'s read models include ``token`` — its own pair and those of the
    services it follows (``Services.sources``) — or ``NOT_YET_CONSISTENT``."""
    if not token:
        return
    if not context.services.sources:  # a context built without the runtime: own pair only
        reached = await context.reached(position_in(token, service))
    else:
        reached = await context.reached_token(token)
    if not reached:
        raise not_yet_consistent(token)
