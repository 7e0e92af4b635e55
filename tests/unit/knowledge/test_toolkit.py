"""The Toolkit aggregate: every rule and refusal, given events, when a command, then events."""

from __future__ import annotations

from clc_knowledge.domain import TENANT_ADMIN, Standing
from clc_knowledge.domain.errors import (
    ArtefactNotFound,
    ArtefactNotPublished,
    CommonsOnlyByPublishing,
    NotInScope,
    VisibilityNeedsScope,
)
from clc_knowledge.domain.toolkit import (
    TOOLKIT_DECIDER,
    AdoptToolkit,
    ArtefactRemovedFromToolkit,
    PublishToolkit,
    RemoveArtefactFromToolkit,
    ReorderToolkit,
    ToolkitAdopted,
    ToolkitReordered,
)
from clc_knowledge.domain.toolkit_errors import (
    ArtefactAlreadyInToolkit,
    ArtefactNotInToolkit,
    NotACurator,
    PositionOutOfRange,
    ToolkitAlreadyAdopted,
    ToolkitAlreadyExists,
    ToolkitAlreadyPublished,
    ToolkitHasUnpublishedArtefacts,
    ToolkitIsEmpty,
    ToolkitNotFound,
    ToolkitNotPublished,
    ToolkitOrderMismatch,
)
from clc_knowledge.domain.values import ArtefactStatus, Visibility

from tests.support.scenario import given

from .builders import AUTHOR, GROUP, actor, member
from .toolkit_builders import (
    A1,
    A2,
    A3,
    OTHER_GROUP,
    TOOLKIT,
    add,
    added,
    create,
    created,
    leader,
    published,
)

D = TOOLKIT_DECIDER
WITH_TWO = (created(), added(A1, 0), added(A2, 1))


def publish(unpublished_artefact_ids: tuple[str, ...] = ()) -> PublishToolkit:
    return PublishToolkit(
        actor=actor(),
        standing=member(),
        toolkit_id=TOOLKIT,
        unpublished_artefact_ids=unpublished_artefact_ids,
    )


def adopt(
    group: str = OTHER_GROUP,
    adopter: Standing | None = None,
    standing: Standing | None = None,
) -> AdoptToolkit:
    return AdoptToolkit(
        actor=actor("p-other"),
        standing=standing or Standing(school_id="s-2"),
        toolkit_id=TOOLKIT,
        group_id=group,
        adopter=adopter or Standing(school_id="s-2", group_member=True, group_leader=True),
    )


def test_a_toolkit_is_created_with_its_author_as_curator() -> None:
    given(D).when(create()).then(created())


def test_a_toolkit_id_is_created_once() -> None:
    given(D, created()).when(create()).then_refused(ToolkitAlreadyExists, field="toolkit_id")


def test_a_toolkit_is_placed_only_in_the_actors_own_group() -> None:
    given(D).when(create(standing=Standing(school_id="s-1"))).then_refused(
        NotInScope, field="group_id"
    )


def test_a_toolkits_audience_names_its_place_and_is_never_the_commons() -> None:
    given(D).when(create(network_id=None)).then_refused(VisibilityNeedsScope, field="visibility")
    given(D).when(create(visibility=Visibility.COMMONS)).then_refused(
        CommonsOnlyByPublishing, field="visibility"
    )


def test_artefacts_are_added_in_order_at_the_end_or_at_a_position() -> None:
    given(D, created()).when(add(A1)).then(added(A1, 0))
    state = given(D, *WITH_TWO).when(add(A3, position=0)).then(added(A3, 0))
    assert state.artefact_ids == (A3, A1, A2)


def test_a_position_beyond_the_end_is_refused() -> None:
    given(D, created()).when(add(A1, position=1)).then_refused(PositionOutOfRange, field="position")


def test_an_artefact_joins_a_toolkit_once() -> None:
    given(D, *WITH_TWO).when(add(A1)).then_refused(ArtefactAlreadyInToolkit, field="artefact_id")


def test_an_artefact_the_actor_cannot_see_is_not_found() -> None:
    given(D, created()).when(add(A1, status=None)).then_refused(
        ArtefactNotFound, field="artefact_id"
    )


def test_a_draft_toolkit_takes_drafts_but_a_published_one_only_published_artefacts() -> None:
    given(D, created()).when(add(A1, status=ArtefactStatus.DRAFT)).then(added(A1, 0))
    history = (*WITH_TWO, published(A1, A2))
    given(D, *history).when(add(A3, status=ArtefactStatus.DRAFT)).then_refused(
        ArtefactNotPublished, field="artefact_id"
    )
    given(D, *history).when(add(A3)).then(added(A3, 2))


def test_only_curators_group_leaders_or_a_tenant_admin_change_a_toolkit() -> None:
    outsider = actor("p-other")
    given(D, created()).when(add(actor=outsider)).then_refused(NotACurator)
    given(D, created()).when(add(actor=outsider, standing=leader())).then(
        added(A1, 0).model_copy(update={"author_id": "p-other"})
    )
    given(D, created()).when(add(actor=actor("root", TENANT_ADMIN), standing=Standing())).then(
        added(A1, 0).model_copy(update={"author_id": "root"})
    )


def test_a_draft_toolkit_is_not_found_by_someone_outside_its_group() -> None:
    given(D, created()).when(add(actor=actor("p-other"), standing=Standing())).then_refused(
        ToolkitNotFound, field="toolkit_id"
    )


def test_removing_needs_the_artefact_in_the_toolkit() -> None:
    remove = RemoveArtefactFromToolkit(
        actor=actor(), standing=member(), toolkit_id=TOOLKIT, artefact_id=A3
    )
    given(D, *WITH_TWO).when(remove).then_refused(ArtefactNotInToolkit, field="artefact_id")
    state = (
        given(D, *WITH_TWO)
        .when(remove.model_copy(update={"artefact_id": A1}))
        .then(ArtefactRemovedFromToolkit(toolkit_id=TOOLKIT, author_id=AUTHOR, artefact_id=A1))
    )
    assert state.artefact_ids == (A2,)


def test_a_new_order_names_exactly_the_toolkits_artefacts() -> None:
    def reorder(*ids: str) -> ReorderToolkit:
        return ReorderToolkit(
            actor=actor(), standing=member(), toolkit_id=TOOLKIT, artefact_ids=ids
        )

    for wrong in [(A1,), (A1, A2, A3), (A1, A1), (A2, A2)]:
        given(D, *WITH_TWO).when(reorder(*wrong)).then_refused(
            ToolkitOrderMismatch, field="artefact_ids"
        )
    given(D, *WITH_TWO).when(reorder(A1, A2)).then_nothing_happens()
    given(D, *WITH_TWO).when(reorder(A2, A1)).then(
        ToolkitReordered(toolkit_id=TOOLKIT, author_id=AUTHOR, artefact_ids=(A2, A1))
    )


def test_a_toolkit_is_published_once_when_it_holds_published_artefacts_only() -> None:
    given(D, created()).when(publish()).then_refused(ToolkitIsEmpty)
    given(D, *WITH_TWO).when(publish(unpublished_artefact_ids=(A2,))).then_refused(
        ToolkitHasUnpublishedArtefacts
    )
    given(D, *WITH_TWO).when(publish()).then(published(A1, A2))
    given(D, *WITH_TWO, published(A1, A2)).when(publish()).then_refused(ToolkitAlreadyPublished)


def test_only_a_published_toolkit_is_adopted_by_a_group_leader_once_per_group() -> None:
    given(D, *WITH_TWO).when(adopt()).then_refused(ToolkitNotFound, field="toolkit_id")
    given(D, *WITH_TWO).when(adopt(adopter=member(), standing=member())).then_refused(
        NotInScope, field="group_id"
    )
    open_to_all = (
        *WITH_TWO,
        published(A1, A2).model_copy(update={"visibility": Visibility.TENANT}),
    )
    adopted = ToolkitAdopted(
        toolkit_id=TOOLKIT, author_id="p-other", group_id=OTHER_GROUP, artefact_ids=(A1, A2)
    )
    given(D, *open_to_all).when(adopt()).then(adopted)
    given(D, *open_to_all, adopted).when(adopt()).then_refused(
        ToolkitAlreadyAdopted, field="group_id"
    )


def test_a_draft_toolkit_is_not_adopted_even_by_its_own_group() -> None:
    given(D, *WITH_TWO).when(adopt(GROUP, standing=leader(), adopter=leader())).then_refused(
        ToolkitNotPublished
    )
