"""People beyond schools: organisations (local authorities, universities, charities, companies,
national bodies) and their people as practitioners, network partners, facilitators, co-tutors and
members; the co-leadership rule still counts schools."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    NETWORK_DECIDER,
    ORGANISATION_DECIDER,
    PRACTITIONER_DECIDER,
    AddMember,
    AlreadyNetworkPartner,
    AppointNetworkPartner,
    CoLeaderNotFromMemberSchool,
    LaunchNetwork,
    MemberAdded,
    MemberNotFromNetworkSchool,
    MemberRole,
    NetworkCoLeaderAppointed,
    NetworkPartnerAppointed,
    NetworkPartnerStoodDown,
    NetworkPurposeStated,
    NotANetworkPartner,
    NotTenantAdmin,
    OrganisationAlreadyRegistered,
    OrganisationKind,
    OrganisationNotFound,
    OrganisationNotRegistered,
    OrganisationRegistered,
    OrganisationUpdated,
    PartnerNotFromOrganisation,
    PractitionerRegistered,
    PractitionerRole,
    RegisterOrganisation,
    RegisterPractitioner,
    StandDownNetworkPartner,
    TooFewCoLeaders,
    UpdateOrganisation,
    WorksAtSchoolOrOrganisation,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    GROUP,
    NETWORK,
    OTHER_TENANT,
    SCHOOL_A,
    SCHOOL_B,
    TENANT,
    a_formed_group,
    a_network_lead,
    a_network_with_schools,
    an_actor,
    an_admin,
    appointing,
    member_added,
)

COUNCIL = "org-council"
OLIVE = "olive"  # an officer of the local authority
UMA = "uma"  # a tutor of the university


def registering_council(*, by_admin: bool = True) -> RegisterOrganisation:
    return RegisterOrganisation(
        actor=an_admin() if by_admin else an_actor(ALICE),
        organisation_id=COUNCIL,
        name="Severn County Council",
        kind=OrganisationKind.LOCAL_AUTHORITY,
    )


def the_council() -> OrganisationRegistered:
    return OrganisationRegistered(
        organisation_id=COUNCIL,
        tenant_id=TENANT,
        name="Severn County Council",
        kind=OrganisationKind.LOCAL_AUTHORITY,
    )


# --- organisations ---------------------------------------------------------------------------


def test_a_tenant_admin_registers_an_organisation() -> None:
    state = given(ORGANISATION_DECIDER).when(registering_council()).then(the_council())
    assert state.kind is OrganisationKind.LOCAL_AUTHORITY


def test_only_a_tenant_admin_registers_an_organisation() -> None:
    given(ORGANISATION_DECIDER).when(registering_council(by_admin=False)).then_refused(
        NotTenantAdmin, "NOT_TENANT_ADMIN"
    )


def test_an_organisation_is_registered_once() -> None:
    given(ORGANISATION_DECIDER, the_council()).when(registering_council()).then_refused(
        OrganisationAlreadyRegistered, "ORGANISATION_ALREADY_REGISTERED", field="organisation_id"
    )


def test_updating_an_organisation_changes_name_and_kind_and_a_same_update_is_a_no_op() -> None:
    update = UpdateOrganisation(
        actor=an_admin(), organisation_id=COUNCIL, name="Severn Council", kind="local_authority"
    )
    given(ORGANISATION_DECIDER, the_council()).when(update).then(
        OrganisationUpdated(
            organisation_id=COUNCIL, name="Severn Council", kind=OrganisationKind.LOCAL_AUTHORITY
        )
    )
    same = update.model_copy(update={"name": "Severn County Council"})
    given(ORGANISATION_DECIDER, the_council()).when(same).then()


def test_another_tenants_organisation_is_not_found() -> None:
    update = UpdateOrganisation(
        actor=an_admin(OTHER_TENANT), organisation_id=COUNCIL, name="X", kind="charity"
    )
    given(ORGANISATION_DECIDER, the_council()).when(update).then_refused(
        OrganisationNotFound, "ORGANISATION_NOT_FOUND", field="organisation_id"
    )


# --- practitioners of an organisation -------------------------------------------------------------


def registering(**fields: object) -> RegisterPractitioner:
    values: dict[str, object] = {
        "actor": an_admin(),
        "practitioner_id": OLIVE,
        "given_name": "Olive",
        "family_name": "Hart",
        "role": PractitionerRole.OFFICER,
        **fields,
    }
    return RegisterPractitioner.model_validate(values)


def test_a_practitioner_may_work_at_an_organisation_instead_of_a_school() -> None:
    state = (
        given(PRACTITIONER_DECIDER)
        .when(registering(organisation_id=COUNCIL, organisation_registered=True))
        .then(
            PractitionerRegistered(
                practitioner_id=OLIVE,
                tenant_id=TENANT,
                school_id=None,
                organisation_id=COUNCIL,
                given_name="Olive",
                family_name="Hart",
                role=PractitionerRole.OFFICER,
            )
        )
    )
    assert (state.school_id, state.organisation_id) == (None, COUNCIL)


def test_a_practitioner_works_at_a_school_or_an_organisation_not_both_nor_neither() -> None:
    both = registering(
        school_id=SCHOOL_A,
        school_registered=True,
        organisation_id=COUNCIL,
        organisation_registered=True,
    )
    for command in (both, registering()):
        given(PRACTITIONER_DECIDER).when(command).then_refused(
            WorksAtSchoolOrOrganisation, "WORKS_AT_SCHOOL_OR_ORGANISATION", field="school_id"
        )


def test_the_organisation_must_be_registered() -> None:
    given(PRACTITIONER_DECIDER).when(registering(organisation_id=COUNCIL)).then_refused(
        OrganisationNotRegistered, "ORGANISATION_NOT_REGISTERED", field="organisation_id"
    )


def test_an_event_recorded_before_organisations_still_reads_as_a_school_placement() -> None:
    old = {
        "practitioner_id": "p",
        "tenant_id": TENANT,
        "school_id": SCHOOL_A,
        "given_name": "A",
        "family_name": "B",
        "role": "teacher",
    }
    assert PractitionerRegistered.model_validate(old).organisation_id is None


# --- network partners ----------------------------------------------------------------------


def appointing_partner(organisation_id: str | None = COUNCIL) -> AppointNetworkPartner:
    return AppointNetworkPartner(
        actor=a_network_lead(),
        network_id=NETWORK,
        practitioner_id=OLIVE,
        practitioner_organisation_id=organisation_id,
        practitioner_active=True,
    )


def partner_appointed() -> NetworkPartnerAppointed:
    return NetworkPartnerAppointed(
        network_id=NETWORK, practitioner_id=OLIVE, organisation_id=COUNCIL
    )


def test_someone_of_an_organisation_becomes_a_partner_beside_the_co_leaders() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A, SCHOOL_B))
        .when(appointing_partner())
        .then(partner_appointed())
    )
    assert state.partners == {OLIVE: COUNCIL}
    assert state.co_leaders == {}


def test_a_partner_works_at_an_organisation() -> None:
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(
        appointing_partner(None)
    ).then_refused(
        PartnerNotFromOrganisation, "PARTNER_NOT_FROM_ORGANISATION", field="practitioner_id"
    )


def test_a_partner_is_appointed_once_and_stands_down_once() -> None:
    history = [*a_network_with_schools(SCHOOL_A), partner_appointed()]
    given(NETWORK_DECIDER, *history).when(appointing_partner()).then_refused(
        AlreadyNetworkPartner, "ALREADY_NETWORK_PARTNER", field="practitioner_id"
    )
    standing_down = StandDownNetworkPartner(
        actor=a_network_lead(), network_id=NETWORK, practitioner_id=OLIVE
    )
    state = (
        given(NETWORK_DECIDER, *history)
        .when(standing_down)
        .then(NetworkPartnerStoodDown(network_id=NETWORK, practitioner_id=OLIVE))
    )
    assert state.partners == {}
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(standing_down).then_refused(
        NotANetworkPartner, "NOT_A_NETWORK_PARTNER", field="practitioner_id"
    )


def test_someone_of_an_organisation_cannot_be_a_co_leader_shared_leadership_counts_schools() -> (
    None
):
    appoint = appointing(OLIVE, SCHOOL_A).model_copy(update={"practitioner_school_id": None})
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(appoint).then_refused(
        CoLeaderNotFromMemberSchool, "CO_LEADER_NOT_FROM_MEMBER_SCHOOL", field="practitioner_id"
    )


def test_partners_do_not_make_up_shared_leadership() -> None:
    history = [
        *a_network_with_schools(SCHOOL_A, SCHOOL_B),
        partner_appointed(),
        NetworkPartnerAppointed(network_id=NETWORK, practitioner_id=UMA, organisation_id="uni"),
        NetworkPurposeStated(network_id=NETWORK, moral_purpose="Every child reads."),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=ALICE, school_id=SCHOOL_A),
    ]
    given(NETWORK_DECIDER, *history).when(
        LaunchNetwork(actor=a_network_lead(), network_id=NETWORK)
    ).then_refused(TooFewCoLeaders, "TOO_FEW_CO_LEADERS")


# --- facilitators, co-tutors and members from organisations -------------------------------------


def adding_from_organisation(role: MemberRole, practitioner_id: str = OLIVE) -> AddMember:
    return AddMember(
        actor=an_actor(ALICE),
        group_id=GROUP,
        practitioner_id=practitioner_id,
        role=role,
        practitioner_school_id=None,
        practitioner_organisation_id=COUNCIL,
        practitioner_active=True,
        network_member_school_ids=frozenset({SCHOOL_A}),
    )


def test_a_network_group_takes_a_facilitator_and_a_co_tutor_from_organisations() -> None:
    history = [*a_formed_group(NETWORK), member_added(ALICE, MemberRole.CO_LEADER)]
    state = (
        given(LEARNING_GROUP_DECIDER, *history)
        .when(adding_from_organisation(MemberRole.FACILITATOR))
        .then(
            MemberAdded(
                group_id=GROUP,
                practitioner_id=OLIVE,
                role=MemberRole.FACILITATOR,
                school_id=None,
                organisation_id=COUNCIL,
            )
        )
    )
    assert OLIVE in state.leader_ids
    state = (
        given(LEARNING_GROUP_DECIDER, *history)
        .when(adding_from_organisation(MemberRole.CO_TUTOR, UMA))
        .then(
            MemberAdded(
                group_id=GROUP,
                practitioner_id=UMA,
                role=MemberRole.CO_TUTOR,
                school_id=None,
                organisation_id=COUNCIL,
            )
        )
    )
    assert UMA in state.leader_ids


def test_a_network_group_still_refuses_staff_of_a_school_outside_the_network() -> None:
    command = adding_from_organisation(MemberRole.MEMBER).model_copy(
        update={"practitioner_school_id": SCHOOL_B, "practitioner_organisation_id": None}
    )
    history = [*a_formed_group(NETWORK), member_added(ALICE, MemberRole.CO_LEADER)]
    given(LEARNING_GROUP_DECIDER, *history).when(command).then_refused(
        MemberNotFromNetworkSchool, "MEMBER_NOT_FROM_NETWORK_SCHOOL", field="practitioner_id"
    )
