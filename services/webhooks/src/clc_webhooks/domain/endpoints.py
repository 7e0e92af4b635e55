"""The rules an endpoint URL and an event-type pattern obey (pure: parsing only, no look-up).

An endpoint is ``https://`` on a host that is not a private, loopback, link-local or
unspecified IP literal; ``http://`` is accepted only on a loopback host, and only where the
deployment allows it (development and tests). A host *name* that resolves to a private address
is not caught here (that needs DNS at delivery time; README "Webhooks", what is not done).

A pattern is a CloudEvents type (``clc.groups.MemberAdded``) or an ``fnmatch`` glob of one
(``clc.enquiry.*``, ``clc.*.PractitionerErased``, ``*``).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from .errors import EndpointMustBeHttps, EndpointNotAllowed, InvalidEventTypePattern, NoEventTypes

__all__ = ["MAX_PATTERNS", "check_endpoint", "check_patterns", "matches"]

MAX_PATTERNS = 20
MAX_URL = 2000
_PATTERN = re.compile(r"^[A-Za-z0-9_.*?-]{1,200}$")
_LOOPBACK_NAMES = {"localhost"}


def check_endpoint(url: str, *, http_loopback_allowed: bool) -> str:
    """``url`` if it may receive deliveries; else the named rule it breaks (field ``url``)."""
    if len(url) > MAX_URL or any(c.isspace() for c in url):
        raise EndpointMustBeHttps(field="url")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        raise EndpointMustBeHttps(field="url") from None
    if not host or parts.username or parts.password:
        raise EndpointMustBeHttps(field="url")
    loopback = _is_loopback(host)
    if parts.scheme == "http" and loopback and http_loopback_allowed:
        return url
    if parts.scheme != "https":
        raise EndpointMustBeHttps(field="url")
    if loopback and not http_loopback_allowed:
        raise EndpointNotAllowed(field="url")
    if not loopback and _is_internal_literal(host):
        raise EndpointNotAllowed(field="url")
    return url


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_internal_literal(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_multicast
        or address.is_reserved
    )


def check_patterns(patterns: Sequence[str]) -> tuple[str, ...]:
    """The patterns, de-duplicated in order; ``NoEventTypes``/``InvalidEventTypePattern``."""
    if not 1 <= len(patterns) <= MAX_PATTERNS:
        raise NoEventTypes(field="event_types")
    for pattern in patterns:
        if not _PATTERN.match(pattern):
            raise InvalidEventTypePattern(f"Not an event type: {pattern!r}", field="event_types")
    return tuple(dict.fromkeys(patterns))


def matches(event_type: str, patterns: Iterable[str]) -> bool:
    """Whether a CloudEvents ``type`` is one of the subscription's (case-sensitive)."""
    return any(fnmatch.fnmatchcase(event_type, p) for p in patterns)
