"""Signatures as the Standard Webhooks specification defines them (standardwebhooks.com).

Every delivery carries three headers:

- ``webhook-id`` — the CloudEvent's id (the event id): the same on every retry and replay, so a
  receiver de-duplicates on it;
- ``webhook-timestamp`` — seconds since the epoch when this attempt was signed;
- ``webhook-signature`` — ``v1,<base64 HMAC-SHA256>`` of ``<id>.<timestamp>.<body>`` under the
  subscription's secret; during a secret rotation's overlap a second ``v1,…`` (the previous
  secret's), space-separated. A receiver accepts any one that verifies.

``verify`` is the receiver's side (also any Standard Webhooks library verifies these): it rejects
a timestamp more than ``tolerance_s`` from now, which is what makes a captured request useless
for a replay later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence

__all__ = ["DEFAULT_TOLERANCE_S", "InvalidSignature", "sign", "signature_headers", "verify"]

DEFAULT_TOLERANCE_S = 300
_PREFIX = "whsec_"


class InvalidSignature(Exception):
    """The request is not from us, was changed, or is too old (or too new) to accept."""


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(_PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 signature>`` of one message."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    secrets: Sequence[str], msg_id: str, body: bytes, now: float | None = None
) -> dict[str, str]:
    """The three headers of a delivery signed with each of ``secrets`` (current first)."""
    timestamp = int(now if now is not None else time.time())
    signatures = " ".join(sign(s, msg_id, timestamp, body) for s in secrets)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    tolerance_s: int = DEFAULT_TOLERANCE_S,
    now: float | None = None,
) -> str:
    """The message id if ``body`` and ``headers`` were signed with ``secret`` within
    ``tolerance_s`` of now; ``InvalidSignature`` otherwise. Header names are matched
    case-insensitively (pass the request's headers as they came)."""
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id = lower.get("webhook-id")
    stamp = lower.get("webhook-timestamp")
    given = lower.get("webhook-signature")
    if not (msg_id and stamp and given):
        raise InvalidSignature("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise InvalidSignature("webhook-timestamp is not an integer") from None
    current = now if now is not None else time.time()
    if abs(current - timestamp) > tolerance_s:
        raise InvalidSignature("webhook-timestamp is outside the tolerance (a replay?)")
    expected = sign(secret, msg_id, timestamp, body).encode()
    for candidate in given.split(" "):
        if hmac.compare_digest(candidate.encode(), expected):
            return msg_id
    raise InvalidSignature("no signature matches")
