"""Drafting an artefact: what it records, and the rules between its fields."""

from __future__ import annotations

from clc_knowledge.domain import ARTEFACT_DECIDER
from clc_knowledge.domain.errors import (
    ArtefactAlreadyExists,
    CoConstructedNeedsProvenance,
    CoConstructedNeedsTwoContributors,
    CommonsOnlyByPublishing,
    NotInScope,
    PublicArtefactNeedsCitation,
    VisibilityNeedsScope,
)
from clc_knowledge.domain.values import KnowledgeField, Provenance, ProvenanceKind, Visibility

from tests.support.scenario import given

from .builders import A_SOURCE, AUTHOR, draft, drafted, member


def test_a_draft_records_version_one_with_its_author_among_the_contributors() -> None:
    given(ARTEFACT_DECIDER).when(draft()).then(drafted())


def test_an_artefact_id_is_drafted_once() -> None:
    given(ARTEFACT_DECIDER, drafted()).when(draft()).then_refused(
        ArtefactAlreadyExists, field="artefact_id"
    )


def test_a_public_field_artefact_cites_at_least_one_source() -> None:
    public = KnowledgeField.PUBLIC
    given(ARTEFACT_DECIDER).when(draft(knowledge_field=public)).then_refused(
        PublicArtefactNeedsCitation, field="citations"
    )
    given(ARTEFACT_DECIDER).when(draft(knowledge_field=public, citations=(A_SOURCE,))).then(
        drafted(knowledge_field=public, citations=(A_SOURCE,))
    )


def test_co_constructed_knowledge_names_its_provenance() -> None:
    co = KnowledgeField.CO_CONSTRUCTED
    given(ARTEFACT_DECIDER).when(
        draft(knowledge_field=co, contributor_ids=("p-other",))
    ).then_refused(CoConstructedNeedsProvenance, field="provenance")


def test_co_constructed_knowledge_has_two_or_more_contributors() -> None:
    co, enquiry = KnowledgeField.CO_CONSTRUCTED, Provenance(kind=ProvenanceKind.ENQUIRY, id="e-1")
    given(ARTEFACT_DECIDER).when(draft(knowledge_field=co, provenance=enquiry)).then_refused(
        CoConstructedNeedsTwoContributors, field="contributor_ids"
    )
    # the author named again among the contributors is still one person
    given(ARTEFACT_DECIDER).when(
        draft(knowledge_field=co, provenance=enquiry, contributor_ids=(AUTHOR,))
    ).then_refused(CoConstructedNeedsTwoContributors, field="contributor_ids")
    given(ARTEFACT_DECIDER).when(
        draft(knowledge_field=co, provenance=enquiry, contributor_ids=("p-other",))
    ).then(drafted(knowledge_field=co, provenance=enquiry, contributor_ids=(AUTHOR, "p-other")))


def test_an_audience_names_its_place_and_is_never_the_commons() -> None:
    given(ARTEFACT_DECIDER).when(draft(group_id=None, visibility=Visibility.GROUP)).then_refused(
        VisibilityNeedsScope, field="visibility"
    )
    given(ARTEFACT_DECIDER).when(draft(visibility=Visibility.COMMONS)).then_refused(
        CommonsOnlyByPublishing, field="visibility"
    )


def test_an_artefact_is_placed_in_the_actors_own_group_and_school() -> None:
    outsider = member().model_copy(update={"group_member": False})
    given(ARTEFACT_DECIDER).when(draft(standing=outsider)).then_refused(
        NotInScope, field="group_id"
    )
    elsewhere = member(school="s-elsewhere")
    given(ARTEFACT_DECIDER).when(draft(standing=elsewhere)).then_refused(
        NotInScope, field="school_id"
    )
