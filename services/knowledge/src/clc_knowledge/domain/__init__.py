"""The knowledge service's pure domain: what communities learn, and how it travels.

Aggregates, each a ``Decider`` (pure ``decide`` and ``evolve``):

* ``artefact`` (``ARTEFACT_DECIDER``): a unit of shared knowledge — kind, field of knowledge,
  levels, Markdown body, links, citations, attachments — with its versions, audience, the commons,
  endorsements, recorded uses and adaptations (``derivedFrom``);
* ``toolkit`` and ``climate_audit``: modules of their own (``toolkit.py``, ``climate_audit.py``).

``visibility.sees`` decides who sees an artefact, for reads and writes alike; ``standing`` is the
fact about the actor a command carries. The rules and their errors are listed in ``errors``.
Nothing here does I/O.
"""

from __future__ import annotations

from .artefact import DECIDER as ARTEFACT_DECIDER
from .artefact import ArtefactState
from .artefact.commands import (
    AdaptArtefact,
    AdaptationSource,
    AddAttachment,
    ArtefactCommand,
    ClaimBestPractice,
    DraftArtefact,
    EndorseArtefact,
    PublishArtefact,
    PublishArtefactToCommons,
    RecordArtefactUse,
    RemoveAttachment,
    RetireArtefact,
    ReviseArtefact,
    SetArtefactVisibility,
    WithdrawArtefactFromCommons,
)
from .artefact.events import (
    ArtefactAdapted,
    ArtefactClaimedAsBestPractice,
    ArtefactDrafted,
    ArtefactEndorsed,
    ArtefactEvent,
    ArtefactPublished,
    ArtefactPublishedToCommons,
    ArtefactRetired,
    ArtefactRevised,
    ArtefactUseRecorded,
    ArtefactVisibilityChanged,
    ArtefactWithdrawnFromCommons,
    AttachmentAdded,
    AttachmentRemoved,
)
from .standing import TENANT_ADMIN, Standing, is_tenant_admin
from .visibility import ArtefactAudience, Reader, sees

__all__ = [
    "ARTEFACT_DECIDER",
    "ARTEFACT_EVENT_TYPES",
    "TENANT_ADMIN",
    "AdaptArtefact",
    "AdaptationSource",
    "AddAttachment",
    "ArtefactAdapted",
    "ArtefactAudience",
    "ArtefactClaimedAsBestPractice",
    "ArtefactCommand",
    "ArtefactDrafted",
    "ArtefactEndorsed",
    "ArtefactEvent",
    "ArtefactPublished",
    "ArtefactPublishedToCommons",
    "ArtefactRetired",
    "ArtefactRevised",
    "ArtefactState",
    "ArtefactUseRecorded",
    "ArtefactVisibilityChanged",
    "ArtefactWithdrawnFromCommons",
    "AttachmentAdded",
    "AttachmentRemoved",
    "ClaimBestPractice",
    "DraftArtefact",
    "EndorseArtefact",
    "PublishArtefact",
    "PublishArtefactToCommons",
    "Reader",
    "RecordArtefactUse",
    "RemoveAttachment",
    "RetireArtefact",
    "ReviseArtefact",
    "SetArtefactVisibility",
    "Standing",
    "WithdrawArtefactFromCommons",
    "is_tenant_admin",
    "sees",
]

#: every event type of the artefact aggregate, for the event-type registry
ARTEFACT_EVENT_TYPES = (
    ArtefactDrafted,
    ArtefactAdapted,
    ArtefactRevised,
    ArtefactPublished,
    ArtefactVisibilityChanged,
    ArtefactPublishedToCommons,
    ArtefactWithdrawnFromCommons,
    ArtefactEndorsed,
    ArtefactClaimedAsBestPractice,
    ArtefactUseRecorded,
    ArtefactRetired,
    AttachmentAdded,
    AttachmentRemoved,
)
