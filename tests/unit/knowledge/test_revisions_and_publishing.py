"""Revising (versions kept, never overwritten), publishing, the audience, retiring."""

from __future__ import annotations

from clc_knowledge.domain import (
    ARTEFACT_DECIDER,
    ArtefactRetired,
    ArtefactRevised,
    ArtefactVisibilityChanged,
    ArtefactWithdrawnFromCommons,
    PublishArtefact,
    RetireArtefact,
    ReviseArtefact,
    SetArtefactVisibility,
)
from clc_knowledge.domain.errors import (
    ArtefactAlreadyPublished,
    ArtefactIsRetired,
    ArtefactNotFound,
    CommonsOnlyByPublishing,
    NotAnEditor,
    PublicArtefactNeedsCitation,
    RevisionChangesNothing,
    StaleVersion,
    VisibilityNeedsScope,
)
from clc_knowledge.domain.values import KnowledgeField, LevelOfLearning, Visibility

from tests.support.scenario import given

from .builders import (
    A_SOURCE,
    ARTEFACT,
    AUTHOR,
    actor,
    drafted,
    in_commons,
    member,
    published,
)

BODY = "# Rounds\n\nEveryone speaks once before anyone speaks twice."


def revise(base: int = 1, who: str = AUTHOR, **overrides: object) -> ReviseArtefact:
    fields: dict[str, object] = {
        "actor": actor(who),
        "standing": member(),
        "artefact_id": ARTEFACT,
        "base_version": base,
        "title": "Talking protocol",
        "body": BODY + "\n\nThen the facilitator summarises.",
        "levels": (LevelOfLearning.ADULT,),
    }
    fields.update(overrides)
    return ReviseArtefact(**fields)  # type: ignore[arg-type]


def revised(version: int = 2, **overrides: object) -> ArtefactRevised:
    fields: dict[str, object] = {
        "artefact_id": ARTEFACT,
        "author_id": AUTHOR,
        "version": version,
        "title": "Talking protocol",
        "body": BODY + "\n\nThen the facilitator summarises.",
        "levels": (LevelOfLearning.ADULT,),
        "contributor_ids": (AUTHOR,),
    }
    fields.update(overrides)
    return ArtefactRevised(**fields)  # type: ignore[arg-type]


def test_a_revision_adds_the_next_version() -> None:
    state = given(ARTEFACT_DECIDER, drafted()).when(revise()).then(revised())
    assert state.version == 2


def test_a_revision_of_an_older_version_is_refused_so_none_is_overwritten() -> None:
    given(ARTEFACT_DECIDER, drafted(), revised()).when(revise(base=1)).then_refused(
        StaleVersion, field="base_version"
    )
    given(ARTEFACT_DECIDER, drafted(), revised()).when(revise(base=2, title="Talk rounds")).then(
        revised(3, title="Talk rounds")
    )


def test_a_revision_changes_something() -> None:
    given(ARTEFACT_DECIDER, drafted()).when(revise(body=BODY)).then_refused(RevisionChangesNothing)


def test_a_reviser_joins_the_contributors() -> None:
    leader = member(group_leader=True)
    given(ARTEFACT_DECIDER, drafted()).when(revise(who="p-lead", standing=leader)).then(
        revised(author_id="p-lead", contributor_ids=(AUTHOR, "p-lead"))
    )


def test_a_public_artefact_keeps_a_citation_in_every_version() -> None:
    public = drafted(knowledge_field=KnowledgeField.PUBLIC, citations=(A_SOURCE,))
    given(ARTEFACT_DECIDER, public).when(revise(citations=())).then_refused(
        PublicArtefactNeedsCitation, field="citations"
    )


def test_only_contributors_group_leaders_or_a_tenant_admin_change_an_artefact() -> None:
    given(ARTEFACT_DECIDER, drafted()).when(revise(who="p-member")).then_refused(NotAnEditor)
    admin = actor("p-admin", "tenant_admin")
    given(ARTEFACT_DECIDER, drafted()).when(
        PublishArtefact(actor=admin, artefact_id=ARTEFACT)
    ).then(published(author="p-admin"))


def test_a_draft_is_seen_only_by_its_contributors_and_group_so_others_find_nothing() -> None:
    outsider = member(school="s-2").model_copy(update={"group_member": False})
    given(ARTEFACT_DECIDER, drafted()).when(revise(who="p-out", standing=outsider)).then_refused(
        ArtefactNotFound
    )


def test_publishing_opens_the_current_version_to_its_audience_once() -> None:
    publish = PublishArtefact(actor=actor(), standing=member(), artefact_id=ARTEFACT)
    given(ARTEFACT_DECIDER, drafted()).when(publish).then(published())
    given(ARTEFACT_DECIDER, drafted(), published()).when(publish).then_refused(
        ArtefactAlreadyPublished
    )
    widen = publish.model_copy(update={"visibility": Visibility.TENANT})
    given(ARTEFACT_DECIDER, drafted(), revised()).when(widen).then(
        published(Visibility.TENANT, version=2)
    )


def test_the_audience_names_its_place_and_is_never_the_commons() -> None:
    def audience(v: Visibility) -> SetArtefactVisibility:
        return SetArtefactVisibility(
            actor=actor(), standing=member(), artefact_id=ARTEFACT, visibility=v
        )

    given(ARTEFACT_DECIDER, drafted(), published()).when(audience(Visibility.TENANT)).then(
        ArtefactVisibilityChanged(
            artefact_id=ARTEFACT, author_id=AUTHOR, visibility=Visibility.TENANT
        )
    )
    given(ARTEFACT_DECIDER, drafted(), published()).when(
        audience(Visibility.NETWORK)
    ).then_nothing_happens()
    given(ARTEFACT_DECIDER, drafted(), published()).when(audience(Visibility.COMMONS)).then_refused(
        CommonsOnlyByPublishing, field="visibility"
    )
    unplaced = drafted(group_id=None, visibility=Visibility.SCHOOL)
    given(ARTEFACT_DECIDER, unplaced).when(audience(Visibility.GROUP)).then_refused(
        VisibilityNeedsScope, field="visibility"
    )


def test_retiring_ends_its_life_and_takes_it_out_of_the_commons_first() -> None:
    retire = RetireArtefact(actor=actor(), standing=member(), artefact_id=ARTEFACT)
    retired = ArtefactRetired(artefact_id=ARTEFACT, author_id=AUTHOR)
    given(ARTEFACT_DECIDER, drafted(), published()).when(retire).then(retired)
    given(ARTEFACT_DECIDER, drafted(), published(), in_commons()).when(retire).then(
        ArtefactWithdrawnFromCommons(artefact_id=ARTEFACT, author_id=AUTHOR, reason="retired"),
        retired,
    )
    given(ARTEFACT_DECIDER, drafted(), published(), retired).when(revise()).then_refused(
        ArtefactIsRetired
    )
