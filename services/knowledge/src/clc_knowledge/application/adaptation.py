"""Adapting a published artefact: finding its source (in this tenant's store, or in the commons
for another tenant's) as the fact ``AdaptArtefact`` carries, and starting the adaptation from the
source's text wherever the client does not give its own."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from eventkit.principal import Principal

from clc_knowledge.domain import AdaptationSource, ArtefactState, sees
from clc_knowledge.domain.errors import ArtefactNotFound
from clc_knowledge.domain.values import ArtefactRef, ArtefactStatus

from .facts import CommonsLookup, Standings

__all__ = ["commons_source", "own_source", "with_source_text"]

_CONTENT = ("title", "summary", "body", "levels", "links", "citations")


async def own_source(
    standings: Standings, principal: Principal, state: ArtefactState, artefact_id: str
) -> tuple[AdaptationSource, dict[str, Any]]:
    """An artefact of the caller's tenant, if they may see it; with its current text."""
    reader = await standings.reader(principal)
    content = state.content
    if (
        content is None
        or state.kind is None
        or state.knowledge_field is None
        or not sees(reader, state.audience(principal.tenant_id))
    ):
        raise ArtefactNotFound(field="source_artefact_id")
    source = AdaptationSource(
        ref=ArtefactRef(tenant_id=principal.tenant_id, artefact_id=artefact_id),
        version=state.version,
        published=state.status is ArtefactStatus.PUBLISHED,
        retired=state.status is ArtefactStatus.RETIRED,
        title=content.title,
        kind=state.kind,
        knowledge_field=state.knowledge_field,
        commons_origin=state.commons_origin,
    )
    text = {
        "title": content.title,
        "summary": content.summary,
        "body": content.body,
        "levels": content.levels,
        "links": tuple(link.model_dump() for link in content.links),
        "citations": tuple(c.model_dump() for c in content.citations),
    }
    return source, text


async def commons_source(
    commons: CommonsLookup, tenant_id: str, artefact_id: str
) -> tuple[AdaptationSource, dict[str, Any]]:
    """Another tenant's artefact, as its commons copy (``ArtefactNotFound`` once withdrawn)."""
    copy: Mapping[str, Any] | None = await commons.copy_of(tenant_id, artefact_id)
    if copy is None:
        raise ArtefactNotFound(field="source_commons_id")
    source = AdaptationSource(
        ref=ArtefactRef(tenant_id=tenant_id, artefact_id=artefact_id),
        version=copy["version"],
        published=True,
        across_tenants=True,
        title=copy["title"],
        kind=copy["kind"],
        knowledge_field=copy["knowledge_field"],
    )
    text = {
        "title": copy["title"],
        "summary": copy["summary"],
        "body": copy["body"],
        "levels": tuple(copy["levels"]),
        "links": tuple(_items(copy["links"])),
        "citations": tuple(_items(copy["citations"])),
    }
    return source, text


def _items(raw: Any) -> list[Any]:
    return list(json.loads(raw) if isinstance(raw, str) else raw)


def with_source_text(fields: dict[str, Any], text: Mapping[str, Any]) -> dict[str, Any]:
    """The client's fields, the source's text wherever the client gave none."""
    merged = dict(fields)
    for key in _CONTENT:
        if merged.get(key) in (None, ()):
            merged[key] = text[key]
    return merged
