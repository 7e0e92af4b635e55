"""A Kafka record (CloudEvents binary mode) as a CloudEvent in structured mode: one JSON object.

Every ``ce_<name>`` header becomes the attribute ``<name>`` (``ce_dataschema`` → ``dataschema``,
``ce_tenantid`` → ``tenantid``…), ``content-type`` becomes ``datacontenttype``, ``traceparent``
stays, and the record value becomes ``data``. Nothing is added and nothing is taken from
anywhere but the record: a delivery carries exactly what the topic carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

__all__ = ["CONTENT_TYPE", "header", "structured"]

CONTENT_TYPE = "application/cloudevents+json"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes | bytearray) else value


def header(headers: Iterable[tuple[str, bytes]], name: str) -> str | None:
    return next((_text(v) for k, v in headers if k == name), None)


def structured(value: bytes, headers: Iterable[tuple[str, bytes]]) -> bytes:
    """The record as the JSON body of a structured-mode CloudEvent."""
    attributes: dict[str, Any] = {}
    for key, raw in headers:
        if key.startswith("ce_"):
            attributes[key[3:]] = _text(raw)
        elif key == "content-type":
            attributes["datacontenttype"] = _text(raw)
        elif key == "traceparent":
            attributes["traceparent"] = _text(raw)
    attributes["data"] = orjson.loads(value)
    return orjson.dumps(attributes)
