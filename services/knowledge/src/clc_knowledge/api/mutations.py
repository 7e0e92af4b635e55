"""The artefact mutations: one per command, each a one-line call into the application layer.

No rule lives here: ``payloads.run`` hands the input to the use case and renders its outcome.
"""

from __future__ import annotations

import strawberry

from .base import Ctx
from .inputs import DraftArtefactInput, PublishArtefactInput
from .payloads import ArtefactPayload, run

__all__ = ["ArtefactMutations"]


@strawberry.type
class ArtefactMutations:
    @strawberry.mutation
    async def draft_artefact(self, info: Ctx, input: DraftArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.draft
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def publish_artefact(self, info: Ctx, input: PublishArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.publish
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)
