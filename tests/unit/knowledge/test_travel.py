"""How an artefact travels: the commons, adaptation, endorsement and "best practice", uses,
attachments — each rule and refusal."""

from __future__ import annotations

from clc_knowledge.domain import (
    ARTEFACT_DECIDER,
    AdaptArtefact,
    AdaptationSource,
    AddAttachment,
    ArtefactAdapted,
    ArtefactClaimedAsBestPractice,
    ArtefactEndorsed,
    ArtefactUseRecorded,
    ArtefactWithdrawnFromCommons,
    AttachmentAdded,
    AttachmentRemoved,
    ClaimBestPractice,
    EndorseArtefact,
    PublishArtefactToCommons,
    RecordArtefactUse,
    RemoveAttachment,
    Standing,
    WithdrawArtefactFromCommons,
)
from clc_knowledge.domain.errors import (
    MAX_ATTACHMENT_BYTES,
    AlreadyBestPractice,
    AlreadyEndorsed,
    AlreadyInCommons,
    ArtefactNotPublished,
    AttachmentNotFound,
    AttachmentTooLarge,
    AttachmentTypeNotAllowed,
    BestPracticeNeedsPeerEndorsement,
    DuplicateAttachmentId,
    NotACommonsPublisher,
    NotInCommons,
    SelfEndorsement,
    UseAlreadyRecorded,
)
from clc_knowledge.domain.values import (
    ArtefactKind,
    ArtefactRef,
    KnowledgeField,
    LevelOfLearning,
    UseContext,
    Visibility,
)

from tests.support.scenario import given

from .builders import (
    ARTEFACT,
    AUTHOR,
    NETWORK,
    SCHOOL,
    actor,
    drafted,
    in_commons,
    member,
    published,
)

CO_LEADER = member(network_co_leader=True)
PEER = Standing(school_id="s-peer", network_member=True)
USE = "9b7e4a39-8a53-4f0e-8c2b-2d1a3f5e6a01"
ATTACHMENT = "0c8f0a4e-7b1c-4a5e-9d3f-2e6b1a9c8d01"
NEW = "7a1d2c3b-4e5f-4a6b-8c9d-0e1f2a3b4c01"


def to_commons(who: str = "p-colead", standing: Standing = CO_LEADER) -> PublishArtefactToCommons:
    return PublishArtefactToCommons(
        actor=actor(who), standing=standing, artefact_id=ARTEFACT, attribution="Network One"
    )


# -- the commons ----------------------------------------------------------------------------------


def test_a_network_co_leader_publishes_exactly_the_current_version_to_the_commons() -> None:
    given(ARTEFACT_DECIDER, drafted(), published()).when(to_commons()).then(in_commons())


def test_a_tenant_admin_may_too_but_no_one_else() -> None:
    admin = actor("p-admin", "tenant_admin")
    command = PublishArtefactToCommons(actor=admin, artefact_id=ARTEFACT, attribution="Network One")
    given(ARTEFACT_DECIDER, drafted(), published()).when(command).then(in_commons("p-admin"))
    given(ARTEFACT_DECIDER, drafted(), published()).when(to_commons(AUTHOR, member())).then_refused(
        NotACommonsPublisher
    )


def test_only_a_published_artefact_goes_to_the_commons_and_only_once() -> None:
    given(ARTEFACT_DECIDER, drafted()).when(to_commons()).then_refused(ArtefactNotPublished)
    given(ARTEFACT_DECIDER, drafted(), published(), in_commons()).when(to_commons()).then_refused(
        AlreadyInCommons
    )


def test_what_is_in_the_commons_can_be_withdrawn() -> None:
    withdraw = WithdrawArtefactFromCommons(
        actor=actor("p-colead"), standing=CO_LEADER, artefact_id=ARTEFACT
    )
    given(ARTEFACT_DECIDER, drafted(), published(), in_commons()).when(withdraw).then(
        ArtefactWithdrawnFromCommons(artefact_id=ARTEFACT, author_id="p-colead")
    )
    given(ARTEFACT_DECIDER, drafted(), published()).when(withdraw).then_refused(NotInCommons)


# -- adaptation -----------------------------------------------------------------------------------


def source(published: bool = True, across: bool = False) -> AdaptationSource:
    return AdaptationSource(
        ref=ArtefactRef(tenant_id="tenant-b" if across else "tenant-a", artefact_id=ARTEFACT),
        version=2,
        published=published,
        across_tenants=across,
        title="Talking protocol",
        kind=ArtefactKind.PROTOCOL,
        knowledge_field=KnowledgeField.PRACTITIONER,
    )


def adapt(src: AdaptationSource) -> AdaptArtefact:
    return AdaptArtefact(
        actor=actor("p-other"),
        standing=Standing(school_id="s-2", network_member=True),
        artefact_id=NEW,
        source=src,
        title="Talking protocol, our way",
        body="Rounds, then pairs.",
        levels=(LevelOfLearning.LEADERSHIP,),
        school_id="s-2",
        visibility=Visibility.SCHOOL,
    )


def adapted(across: bool = False) -> ArtefactAdapted:
    src = source(across=across)
    return ArtefactAdapted(
        artefact_id=NEW,
        author_id="p-other",
        title="Talking protocol, our way",
        body="Rounds, then pairs.",
        levels=(LevelOfLearning.LEADERSHIP,),
        kind=ArtefactKind.PROTOCOL,
        knowledge_field=KnowledgeField.PRACTITIONER,
        contributor_ids=("p-other",),
        school_id="s-2",
        origin_school_ids=("s-2",),
        visibility=Visibility.SCHOOL,
        derived_from=src.ref,
        derived_from_version=2,
        derived_from_title="Talking protocol",
        across_tenants=across,
        commons_origin=src.ref if across else None,
    )


def test_an_adaptation_is_a_new_artefact_that_keeps_where_it_came_from() -> None:
    state = given(ARTEFACT_DECIDER).when(adapt(source())).then(adapted())
    assert state.derived_from == source().ref


def test_an_adaptation_across_tenants_counts_towards_its_commons_origin() -> None:
    state = given(ARTEFACT_DECIDER).when(adapt(source(across=True))).then(adapted(across=True))
    assert state.commons_origin == source(across=True).ref


def test_only_a_published_artefact_is_adapted() -> None:
    given(ARTEFACT_DECIDER).when(adapt(source(published=False))).then_refused(
        ArtefactNotPublished, field="source"
    )


# -- endorsement and best practice ---------------------------------------------------------------


def endorse(who: str = "p-peer", standing: Standing = PEER) -> EndorseArtefact:
    return EndorseArtefact(actor=actor(who), standing=standing, artefact_id=ARTEFACT)


def endorsed(who: str = "p-peer", school: str = "s-peer", peer: bool = True) -> ArtefactEndorsed:
    return ArtefactEndorsed(artefact_id=ARTEFACT, author_id=who, school_id=school, peer=peer)


def test_an_endorsement_from_another_school_is_peer_validation() -> None:
    given(ARTEFACT_DECIDER, drafted(), published()).when(endorse()).then(endorsed())
    colleague = member()
    given(ARTEFACT_DECIDER, drafted(), published()).when(endorse("p-colleague", colleague)).then(
        endorsed("p-colleague", SCHOOL, peer=False)
    )


def test_only_a_published_artefact_is_endorsed_once_per_person_and_not_by_its_makers() -> None:
    # (a group member from another school sees the draft, and still may not endorse it yet)
    in_group = PEER.model_copy(update={"group_member": True})
    given(ARTEFACT_DECIDER, drafted()).when(endorse(standing=in_group)).then_refused(
        ArtefactNotPublished
    )
    given(ARTEFACT_DECIDER, drafted(), published(), endorsed()).when(endorse()).then_refused(
        AlreadyEndorsed
    )
    given(ARTEFACT_DECIDER, drafted(), published()).when(endorse(AUTHOR, member())).then_refused(
        SelfEndorsement
    )


def test_best_practice_is_claimed_only_after_an_endorsement_from_another_school() -> None:
    claim = ClaimBestPractice(actor=actor(), standing=member(), artefact_id=ARTEFACT)
    claimed = ArtefactClaimedAsBestPractice(artefact_id=ARTEFACT, author_id=AUTHOR)
    own_school = endorsed("p-colleague", SCHOOL, peer=False)
    given(ARTEFACT_DECIDER, drafted(), published(), own_school).when(claim).then_refused(
        BestPracticeNeedsPeerEndorsement
    )
    given(ARTEFACT_DECIDER, drafted(), published(), endorsed()).when(claim).then(claimed)
    given(ARTEFACT_DECIDER, drafted(), published(), endorsed(), claimed).when(claim).then_refused(
        AlreadyBestPractice
    )


# -- uses -----------------------------------------------------------------------------------------


def test_a_use_of_a_published_artefact_is_recorded_once() -> None:
    use = RecordArtefactUse(
        actor=actor("p-user"),
        standing=PEER,
        artefact_id=ARTEFACT,
        use_id=USE,
        context=UseContext.ENQUIRY,
        enquiry_id="e-1",
        network_id=NETWORK,
    )
    recorded = ArtefactUseRecorded(
        artefact_id=ARTEFACT,
        author_id="p-user",
        use_id=USE,
        context=UseContext.ENQUIRY,
        enquiry_id="e-1",
        school_id="s-peer",
        network_id=NETWORK,
    )
    in_group = use.model_copy(update={"standing": PEER.model_copy(update={"group_member": True})})
    given(ARTEFACT_DECIDER, drafted()).when(in_group).then_refused(ArtefactNotPublished)
    given(ARTEFACT_DECIDER, drafted(), published()).when(use).then(recorded)
    given(ARTEFACT_DECIDER, drafted(), published(), recorded).when(use).then_refused(
        UseAlreadyRecorded, field="use_id"
    )


# -- attachments ----------------------------------------------------------------------------------


def attach(media_type: str = "application/pdf", size: int = 1024) -> AddAttachment:
    return AddAttachment(
        actor=actor(),
        standing=member(),
        artefact_id=ARTEFACT,
        attachment_id=ATTACHMENT,
        blob_id="blob-1",
        filename="protocol.pdf",
        media_type=media_type,
        size_bytes=size,
        sha256="a" * 64,
        text_length=300,
    )


def test_an_attachment_is_recorded_by_its_metadata_with_the_current_version() -> None:
    added = AttachmentAdded(
        artefact_id=ARTEFACT,
        author_id=AUTHOR,
        attachment_id=ATTACHMENT,
        blob_id="blob-1",
        filename="protocol.pdf",
        media_type="application/pdf",
        size_bytes=1024,
        sha256="a" * 64,
        text_length=300,
        version=1,
    )
    given(ARTEFACT_DECIDER, drafted()).when(attach()).then(added)
    given(ARTEFACT_DECIDER, drafted(), added).when(attach()).then_refused(
        DuplicateAttachmentId, field="attachment_id"
    )
    remove = RemoveAttachment(
        actor=actor(), standing=member(), artefact_id=ARTEFACT, attachment_id=ATTACHMENT
    )
    removed = AttachmentRemoved(artefact_id=ARTEFACT, author_id=AUTHOR, attachment_id=ATTACHMENT)
    given(ARTEFACT_DECIDER, drafted(), added).when(remove).then(removed)
    given(ARTEFACT_DECIDER, drafted(), added, removed).when(remove).then_refused(
        AttachmentNotFound, field="attachment_id"
    )
    # an id once used stays used
    given(ARTEFACT_DECIDER, drafted(), added, removed).when(attach()).then_refused(
        DuplicateAttachmentId, field="attachment_id"
    )


def test_attachments_are_pdf_docx_or_images_of_at_most_20_mb() -> None:
    given(ARTEFACT_DECIDER, drafted()).when(attach(size=MAX_ATTACHMENT_BYTES + 1)).then_refused(
        AttachmentTooLarge, field="file"
    )
    given(ARTEFACT_DECIDER, drafted()).when(attach("application/x-msdownload")).then_refused(
        AttachmentTypeNotAllowed, field="file"
    )
    assert given(ARTEFACT_DECIDER, drafted()).when(attach("image/png")).error is None
