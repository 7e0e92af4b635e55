"""The artefact mutations: one per command, each a one-line call into the application layer.

No rule lives here: ``payloads.run`` hands the input to the use case and renders its outcome.
"""

from __future__ import annotations

import strawberry

from .base import Ctx
from .inputs import (
    AdaptArtefactInput,
    ClaimBestPracticeInput,
    DraftArtefactInput,
    EndorseArtefactInput,
    PublishArtefactInput,
    PublishArtefactToCommonsInput,
    RecordArtefactUseInput,
    RetireArtefactInput,
    ReviseArtefactInput,
    SetArtefactVisibilityInput,
    WithdrawArtefactFromCommonsInput,
)
from .payloads import ArtefactPayload, run

__all__ = ["ArtefactMutations"]


@strawberry.type
class ArtefactMutations:
    @strawberry.mutation
    async def draft_artefact(self, info: Ctx, input: DraftArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.draft
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def revise_artefact(self, info: Ctx, input: ReviseArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.revise
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def publish_artefact(self, info: Ctx, input: PublishArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.publish
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def set_artefact_visibility(
        self, info: Ctx, input: SetArtefactVisibilityInput
    ) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.set_visibility
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def publish_artefact_to_commons(
        self, info: Ctx, input: PublishArtefactToCommonsInput
    ) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.publish_to_commons
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def withdraw_artefact_from_commons(
        self, info: Ctx, input: WithdrawArtefactFromCommonsInput
    ) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.withdraw_from_commons
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def adapt_artefact(self, info: Ctx, input: AdaptArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.adapt
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def endorse_artefact(self, info: Ctx, input: EndorseArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.endorse
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def claim_best_practice(
        self, info: Ctx, input: ClaimBestPracticeInput
    ) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.claim_best_practice
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def record_artefact_use(
        self, info: Ctx, input: RecordArtefactUseInput
    ) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.record_use
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)

    @strawberry.mutation
    async def retire_artefact(self, info: Ctx, input: RetireArtefactInput) -> ArtefactPayload:
        use_case = info.context.commands.artefacts.retire
        return await run(info, ArtefactPayload, input.artefact_id, use_case, input)
