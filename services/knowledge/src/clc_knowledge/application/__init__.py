"""The knowledge service's use cases: commands built from input, the principal and looked-up facts,
decided by the pure domain and appended with eventkit.

``KnowledgeService`` is the application layer's composition: one attribute per aggregate's use
cases (``artefacts``; toolkits and climate audits join it the same way).
"""

from __future__ import annotations

from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore

from clc_knowledge.blobs import BlobStore, InMemoryAttachmentTexts, InMemoryBlobStore

from .artefacts import ArtefactCommands
from .attachments import AttachmentCommands, AttachmentTexts
from .base import EVENT_TYPES, ConcurrentChange, Handlers, registry
from .climate_audits import ClimateAuditCommands
from .climate_ballots import BallotBox
from .facts import CommonsLookup, NoStandings, Standings, canonical_id, commons_id
from .toolkits import ToolkitCommands

__all__ = [
    "EVENT_TYPES",
    "ArtefactCommands",
    "AttachmentCommands",
    "ClimateAuditCommands",
    "CommonsLookup",
    "ConcurrentChange",
    "Handlers",
    "KnowledgeService",
    "NoStandings",
    "Standings",
    "ToolkitCommands",
    "canonical_id",
    "commons_id",
    "registry",
]


class KnowledgeService:
    """Every use case over one event store and one membership lookup."""

    def __init__(
        self,
        store: EventStore,
        standings: Standings | None = None,
        commons: CommonsLookup | None = None,
        *,
        events: EventRegistry | None = None,
        fingerprint_key: bytes | None = None,
        ballots: BallotBox | None = None,
        blobs: tuple[BlobStore, AttachmentTexts] | None = None,
    ) -> None:
        self.standings = standings or NoStandings()
        self.handlers = Handlers.over(store, events, fingerprint_key=fingerprint_key)
        self.artefacts = ArtefactCommands(self.handlers, self.standings, commons)
        self.toolkits = ToolkitCommands(store, self, events, fingerprint_key)
        self.climate_audits = ClimateAuditCommands(store, self, events, fingerprint_key, ballots)
        # in memory unless given: unit tests, and tools that attach nothing
        self.blobs, texts = blobs or (InMemoryBlobStore(), InMemoryAttachmentTexts())
        self.attachments = AttachmentCommands(self.artefacts, self.standings, self.blobs, texts)
