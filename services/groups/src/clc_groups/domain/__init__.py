"""The groups domain: who learns with whom. Pure deciders, no I/O.

The aggregates, each a module holding its events, commands, state, ``decide``, ``evolve`` and a
``DECIDER`` (re-exported here as ``SCHOOL_DECIDER`` and so on):

- ``school`` -- School (stream type ``school``);
- ``organisation`` -- Organisation (``organisation``): a local authority, university, charity,
  company or national body whose people take part beside the schools';
- ``practitioner`` -- Practitioner (``practitioner``), whose personal data is erasable;
- ``network`` -- Network (``network``): member schools, moral purpose, shared leadership;
- ``learning_group`` -- LearningGroup (``learning_group``): members, ground rules, sessions.

Supporting modules: ``values`` (enums), ``inputs`` (validated command field types), ``access``
(roles and the tenant check) and ``errors`` (one class per named rule, with the hierarchy drawn).

Conventions
-----------

*Facts from other aggregates travel in the command.* ``decide`` sees one stream only. When a rule
needs a fact owned by another aggregate, the command has a field for it and the application layer
fills it from that aggregate's stream or a read model before calling ``decide``; the field is the
caller's claim of the fact at that moment (optimistic concurrency protects only the decided stream).
The fields are:

- ``RegisterPractitioner.school_registered`` -- the school exists in the tenant;
- ``JoinNetwork.school_registered`` -- the school exists in the tenant;
- ``AppointNetworkCoLeader.practitioner_school_id``, ``.practitioner_active`` -- from the
  practitioner;
- ``FormLearningGroup.network_is_active`` (exists, not dissolved; None when ``network_id`` is None)
  and ``.network_co_leader_ids`` -- from the network;
- ``AddMember.practitioner_school_id``, ``.practitioner_active`` -- from the practitioner, and
  ``.network_member_school_ids`` -- the group's network's member schools (None: no network).

*Tenancy.* Every command carries ``actor`` (an ``eventkit.domain.Actor`` built from the verified
principal). The creating event records ``actor.tenant_id``; later commands see an aggregate of
another tenant as not found.

*Authorization is part of decide* and refuses with a named ``NotAuthorized`` subclass. A
``tenant_admin`` may do everything in their tenant and alone registers, updates, deactivates and
erases schools and practitioners (the roster import runs as one). A ``network_lead`` may establish a
network; the network's co-leaders manage it (its founder too, until launch). A ``group_lead`` or a
co-leader of the network may form a learning group; its co-leaders and facilitators manage it (its
founder too, until launch). A member may always leave a group; removing someone else needs a group
manager. Role names live in ``access``.

*Allowed on purpose* (documented in the aggregate modules): a launched network may fall short of
shared leadership when a co-leader stands down or a school leaves, and the last leader may leave a
launched group; read models flag these (``NetworkState.has_shared_leadership``,
``LearningGroupState.leader_ids``) instead of the domain holding people hostage.

*Order of checks.* A creating command checks authorization, then that the aggregate does not exist
yet (``...AlreadyRegistered/Established/Formed``). Any other command checks that the aggregate
exists in the actor's tenant (a ``NotFound`` subclass), then authorization (a ``NotAuthorized``
subclass), then the aggregate's terminal state (``NetworkIsDissolved``, ``LearningGroupIsClosed``),
then the command's own rules. Schools and practitioners need ``tenant_admin`` before anything else.

*Idempotent no-ops.* A command that would change nothing decides no events rather than failing:
``UpdateSchool`` with the same values (roster re-import), ``StateNetworkPurpose`` and
``ProposeGroundRules`` with the current text, ``ChangeMemberRole`` to the current role,
``AgreeGroundRules`` of the already agreed version.

*Input validation* (empty or over-long texts, bad e-mail addresses, naive timestamps, inconsistent
network facts) happens when a command is built: pydantic raises ``ValidationError`` whose location
names the field; the application layer reports it as ``InvalidInput``.
"""

from __future__ import annotations

from eventkit.domain import DomainEvent

from . import learning_group, network, organisation, practitioner, school
from .access import (
    GROUP_LEAD,
    NETWORK_LEAD,
    TENANT_ADMIN,
    ActorCommand,
    in_tenant,
    is_tenant_admin,
)
from .errors import (
    AlreadyAMember,
    AlreadyNetworkCoLeader,
    AlreadyNetworkPartner,
    AttendeeNotAMember,
    CoLeaderNotFromMemberSchool,
    CoLeadersFromOneSchool,
    EnquiryBasedPracticeNotStated,
    GroundRulesNotAgreed,
    GroundRulesNotPending,
    GroundRulesVersionOutdated,
    GroundRulesVersionUnknown,
    LastGroupLeader,
    LearningGroupAlreadyFormed,
    LearningGroupAlreadyLaunched,
    LearningGroupIsClosed,
    LearningGroupNotFound,
    MayNotEstablishNetwork,
    MayNotFormLearningGroup,
    MayNotRemoveMember,
    MemberNotFromNetworkSchool,
    MoralPurposeMissing,
    NetworkAlreadyEstablished,
    NetworkAlreadyLaunched,
    NetworkFactsMissing,
    NetworkIsDissolved,
    NetworkNotActive,
    NetworkNotFound,
    NoGroundRulesProposed,
    NoGroupLeader,
    NotAMember,
    NotANetworkCoLeader,
    NotANetworkPartner,
    NotGroupLeader,
    NotNetworkLeader,
    NotRotatingLeadership,
    NotTenantAdmin,
    OnlyMembersAgreeGroundRules,
    OrganisationAlreadyRegistered,
    OrganisationNotFound,
    OrganisationNotRegistered,
    PartnerNotFromOrganisation,
    PractitionerAlreadyErased,
    PractitionerAlreadyRegistered,
    PractitionerNotActive,
    PractitionerNotFound,
    SchoolAlreadyMember,
    SchoolAlreadyRegistered,
    SchoolNotAMember,
    SchoolNotFound,
    SchoolNotRegistered,
    SessionAlreadyHeld,
    SessionAlreadyScheduled,
    SessionNotScheduled,
    SessionWasCancelled,
    TooFewCoLeaders,
    WorksAtSchoolOrOrganisation,
)
from .learning_group import DECIDER as LEARNING_GROUP_DECIDER
from .learning_group import (
    AddMember,
    AgreeGroundRules,
    CancelSession,
    ChangeMemberRole,
    CloseLearningGroup,
    FormLearningGroup,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroundRulesWithdrawn,
    HoldSession,
    LaunchLearningGroup,
    LearningGroupClosed,
    LearningGroupCommand,
    LearningGroupEvent,
    LearningGroupFormed,
    LearningGroupLaunched,
    LearningGroupState,
    LeaveGroup,
    Member,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    ProposeGroundRules,
    ScheduleSession,
    Session,
    SessionCancelled,
    SessionHeld,
    SessionScheduled,
    WithdrawGroundRules,
)
from .network import DECIDER as NETWORK_DECIDER
from .network import (
    AdoptNetworkCharter,
    AppointNetworkCoLeader,
    AppointNetworkPartner,
    DissolveNetwork,
    EstablishNetwork,
    JoinNetwork,
    LaunchNetwork,
    LeaveNetwork,
    NetworkCharterAdopted,
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkCommand,
    NetworkDissolved,
    NetworkEstablished,
    NetworkEvent,
    NetworkLaunched,
    NetworkLeadRotated,
    NetworkPartnerAppointed,
    NetworkPartnerStoodDown,
    NetworkPurposeStated,
    NetworkState,
    RotateNetworkLead,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
    StandDownNetworkCoLeader,
    StandDownNetworkPartner,
    StateNetworkPurpose,
    minimum_leaders,
    shares_leadership,
)
from .organisation import DECIDER as ORGANISATION_DECIDER
from .organisation import (
    OrganisationCommand,
    OrganisationEvent,
    OrganisationRegistered,
    OrganisationState,
    OrganisationUpdated,
    RegisterOrganisation,
    UpdateOrganisation,
)
from .practitioner import DECIDER as PRACTITIONER_DECIDER
from .practitioner import (
    ERASED_NAME,
    DeactivatePractitioner,
    ErasePractitioner,
    PractitionerCommand,
    PractitionerDeactivated,
    PractitionerErased,
    PractitionerEvent,
    PractitionerRegistered,
    PractitionerState,
    RegisterPractitioner,
)
from .school import DECIDER as SCHOOL_DECIDER
from .school import (
    RegisterSchool,
    SchoolCommand,
    SchoolEvent,
    SchoolRegistered,
    SchoolState,
    SchoolUpdated,
    UpdateSchool,
)
from .upcasters import UPCASTERS
from .values import (
    GroupKind,
    LeadershipModel,
    LearningGroupStatus,
    MemberRole,
    NetworkStatus,
    OrganisationKind,
    PractitionerRole,
    PractitionerStatus,
    SessionProtocol,
    SessionStatus,
    StandDownReason,
)

__all__ = [
    "ERASED_NAME",
    "EVENT_TYPES",
    "GROUP_LEAD",
    "LEARNING_GROUP_DECIDER",
    "NETWORK_DECIDER",
    "NETWORK_LEAD",
    "ORGANISATION_DECIDER",
    "PRACTITIONER_DECIDER",
    "SCHOOL_DECIDER",
    "TENANT_ADMIN",
    "UPCASTERS",
    "ActorCommand",
    "AddMember",
    "AdoptNetworkCharter",
    "AgreeGroundRules",
    "AlreadyAMember",
    "AlreadyNetworkCoLeader",
    "AlreadyNetworkPartner",
    "AppointNetworkCoLeader",
    "AppointNetworkPartner",
    "AttendeeNotAMember",
    "CancelSession",
    "ChangeMemberRole",
    "CloseLearningGroup",
    "CoLeaderNotFromMemberSchool",
    "CoLeadersFromOneSchool",
    "DeactivatePractitioner",
    "DissolveNetwork",
    "EnquiryBasedPracticeNotStated",
    "ErasePractitioner",
    "EstablishNetwork",
    "FormLearningGroup",
    "GroundRulesAgreed",
    "GroundRulesInForce",
    "GroundRulesNotAgreed",
    "GroundRulesNotPending",
    "GroundRulesProposed",
    "GroundRulesVersionOutdated",
    "GroundRulesVersionUnknown",
    "GroundRulesWithdrawn",
    "GroupKind",
    "HoldSession",
    "JoinNetwork",
    "LastGroupLeader",
    "LaunchLearningGroup",
    "LaunchNetwork",
    "LeadershipModel",
    "LearningGroupAlreadyFormed",
    "LearningGroupAlreadyLaunched",
    "LearningGroupClosed",
    "LearningGroupCommand",
    "LearningGroupEvent",
    "LearningGroupFormed",
    "LearningGroupIsClosed",
    "LearningGroupLaunched",
    "LearningGroupNotFound",
    "LearningGroupState",
    "LearningGroupStatus",
    "LeaveGroup",
    "LeaveNetwork",
    "MayNotEstablishNetwork",
    "MayNotFormLearningGroup",
    "MayNotRemoveMember",
    "Member",
    "MemberAdded",
    "MemberLeft",
    "MemberNotFromNetworkSchool",
    "MemberRole",
    "MemberRoleChanged",
    "MoralPurposeMissing",
    "NetworkAlreadyEstablished",
    "NetworkAlreadyLaunched",
    "NetworkCharterAdopted",
    "NetworkCoLeaderAppointed",
    "NetworkCoLeaderStoodDown",
    "NetworkCommand",
    "NetworkDissolved",
    "NetworkEstablished",
    "NetworkEvent",
    "NetworkFactsMissing",
    "NetworkIsDissolved",
    "NetworkLaunched",
    "NetworkLeadRotated",
    "NetworkNotActive",
    "NetworkNotFound",
    "NetworkPartnerAppointed",
    "NetworkPartnerStoodDown",
    "NetworkPurposeStated",
    "NetworkState",
    "NetworkStatus",
    "NoGroundRulesProposed",
    "NoGroupLeader",
    "NotAMember",
    "NotANetworkCoLeader",
    "NotANetworkPartner",
    "NotGroupLeader",
    "NotNetworkLeader",
    "NotRotatingLeadership",
    "NotTenantAdmin",
    "OnlyMembersAgreeGroundRules",
    "OrganisationAlreadyRegistered",
    "OrganisationCommand",
    "OrganisationEvent",
    "OrganisationKind",
    "OrganisationNotFound",
    "OrganisationNotRegistered",
    "OrganisationRegistered",
    "OrganisationState",
    "OrganisationUpdated",
    "PartnerNotFromOrganisation",
    "PractitionerAlreadyErased",
    "PractitionerAlreadyRegistered",
    "PractitionerCommand",
    "PractitionerDeactivated",
    "PractitionerErased",
    "PractitionerEvent",
    "PractitionerNotActive",
    "PractitionerNotFound",
    "PractitionerRegistered",
    "PractitionerRole",
    "PractitionerState",
    "PractitionerStatus",
    "ProposeGroundRules",
    "RegisterOrganisation",
    "RegisterPractitioner",
    "RegisterSchool",
    "RotateNetworkLead",
    "ScheduleSession",
    "SchoolAlreadyMember",
    "SchoolAlreadyRegistered",
    "SchoolCommand",
    "SchoolEvent",
    "SchoolJoinedNetwork",
    "SchoolLeftNetwork",
    "SchoolNotAMember",
    "SchoolNotFound",
    "SchoolNotRegistered",
    "SchoolRegistered",
    "SchoolState",
    "SchoolUpdated",
    "Session",
    "SessionAlreadyHeld",
    "SessionAlreadyScheduled",
    "SessionCancelled",
    "SessionHeld",
    "SessionNotScheduled",
    "SessionProtocol",
    "SessionScheduled",
    "SessionStatus",
    "SessionWasCancelled",
    "StandDownNetworkCoLeader",
    "StandDownNetworkPartner",
    "StandDownReason",
    "StateNetworkPurpose",
    "TooFewCoLeaders",
    "UpdateOrganisation",
    "UpdateSchool",
    "WithdrawGroundRules",
    "WorksAtSchoolOrOrganisation",
    "in_tenant",
    "is_tenant_admin",
    "learning_group",
    "minimum_leaders",
    "network",
    "organisation",
    "practitioner",
    "school",
    "shares_leadership",
]

EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    SchoolRegistered,
    SchoolUpdated,
    OrganisationRegistered,
    OrganisationUpdated,
    PractitionerDeactivated,
    PractitionerErased,
    PractitionerRegistered,
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkPartnerAppointed,
    NetworkPartnerStoodDown,
    NetworkCharterAdopted,
    NetworkLeadRotated,
    NetworkDissolved,
    NetworkEstablished,
    NetworkLaunched,
    NetworkPurposeStated,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroundRulesWithdrawn,
    LearningGroupClosed,
    LearningGroupFormed,
    LearningGroupLaunched,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    SessionCancelled,
    SessionHeld,
    SessionScheduled,
)
"""Every event type of the groups domain, for the event-type registry."""
