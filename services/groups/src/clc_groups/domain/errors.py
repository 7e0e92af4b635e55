"""Every refusal of the groups domain, one class per named rule.

Each class carries a stable SCREAMING_SNAKE ``code`` (what GraphQL ``userErrors`` return) and a
``default_message``; ``decide`` passes ``field=`` where the rule concerns one command field.

::

    DomainError (eventkit.errors)
    ├── NotFound
    │   ├── SchoolNotFound                    no such school in the actor's tenant
    │   ├── PractitionerNotFound
    │   ├── OrganisationNotFound
    │   ├── NetworkNotFound
    │   ├── LearningGroupNotFound
    │   ├── ProgrammeNotFound
    │   └── CohortNotFound
    ├── NotAuthorized
    │   ├── NotTenantAdmin                    schools and practitioners are a tenant admin's job
    │   ├── MayNotEstablishNetwork            needs tenant_admin or network_lead
    │   ├── NotNetworkLeader                  needs a co-leader (or the founder before launch)
    │   ├── MayNotFormLearningGroup           needs tenant_admin, group_lead or a network co-leader
    │   ├── NotGroupLeader                    needs a co-leader or facilitator (or the founder)
    │   ├── MayNotRemoveMember                only the member or a group leader ends a membership
    │   ├── MayNotEstablishProgramme          needs tenant_admin or network_lead
    │   └── NotProgrammeLeader                needs the programme's founder or a tenant admin
    ├── InvalidInput
    │   ├── NetworkFactsMissing               a network group's command lacks the network's schools
    │   └── WorksAtSchoolOrOrganisation       a practitioner works at one school OR one organisation
    └── RuleViolated
        ├── SchoolAlreadyRegistered
        ├── SchoolNotRegistered               a practitioner's or joining school is unknown
        ├── OrganisationAlreadyRegistered
        ├── OrganisationNotRegistered         a practitioner's organisation is unknown
        ├── PractitionerAlreadyRegistered
        ├── PractitionerNotActive             deactivated or erased
        ├── PractitionerAlreadyErased
        ├── NetworkAlreadyEstablished
        ├── NetworkIsDissolved                a dissolved network refuses every change
        ├── NetworkAlreadyLaunched
        ├── SchoolAlreadyMember               a school is an active member at most once
        ├── SchoolNotAMember
        ├── CoLeaderNotFromMemberSchool
        ├── AlreadyNetworkCoLeader
        ├── NotANetworkCoLeader
        ├── PartnerNotFromOrganisation        network partners work at an organisation
        ├── AlreadyNetworkPartner
        ├── NotANetworkPartner
        ├── MoralPurposeMissing               NON-NEGOTIABLE: a stated moral purpose (launch)
        ├── TooFewCoLeaders                   NON-NEGOTIABLE shared, not single, leadership:
        │                                     two co-leaders (three in a leadership team) ...
        ├── CoLeadersFromOneSchool            ... from at least two member schools
        ├── EnquiryBasedPracticeNotStated     NON-NEGOTIABLE: a charter states its enquiry practice
        ├── NotRotatingLeadership             only a rotating-leadership network rotates its lead
        ├── LearningGroupAlreadyFormed
        ├── NetworkNotActive                  a group forms only in a network not dissolved
        ├── LearningGroupIsClosed             a closed group refuses every change
        ├── LearningGroupAlreadyLaunched
        ├── AlreadyAMember
        ├── NotAMember
        ├── MemberNotFromNetworkSchool        a network group takes members from member schools
        ├── LastGroupLeader                   a launched group keeps a co-leader or facilitator
        ├── NoGroundRulesProposed
        ├── GroundRulesVersionOutdated        agreement must be to the current text
        ├── GroundRulesVersionUnknown
        ├── OnlyMembersAgreeGroundRules       consent is each member's own act
        ├── GroundRulesNotPending             only a proposal not yet in force is withdrawn
        ├── NoGroupLeader                     launching needs a co-leader or facilitator
        ├── GroundRulesNotAgreed              launching needs the current ground rules agreed
        ├── SessionAlreadyScheduled
        ├── SessionNotScheduled
        ├── SessionWasCancelled
        ├── SessionAlreadyHeld                a session is held once
        ├── AttendeeNotAMember                attendance lists only members
        ├── SessionNotHeld                    learning is recorded for a held session
        ├── ActivityAlreadyRecorded
        ├── ActivityNeedsTwoPeople            an activity is between people: two or more
        ├── ActivityParticipantNotAMember     its people are members of the group
        ├── NotAPeerReviewTeam                only a peer-review team carries out peer reviews
        ├── PeerReviewAlreadyLinked
        ├── ProgrammeAlreadyEstablished
        ├── CohortAlreadyFormed
        ├── AlreadyEnrolled                   a practitioner is in a programme once
        ├── NotEnrolled
        ├── ParticipantDoesNotLeadHomeGroup   a participant leads the home group they bring
        ├── OnlyCoLeadersConsentToPartnership a network's co-leaders consent, nobody else
        ├── PartnerInSameTenant               a partnership crosses school systems
        ├── AlreadyPartnered
        └── NotPartnered
"""

from __future__ import annotations

from eventkit.errors import InvalidInput, NotAuthorized, NotFound, RuleViolated

__all__ = [
    "ActivityAlreadyRecorded",
    "ActivityNeedsTwoPeople",
    "ActivityParticipantNotAMember",
    "AlreadyAMember",
    "AlreadyEnrolled",
    "AlreadyNetworkCoLeader",
    "AlreadyNetworkPartner",
    "AlreadyPartnered",
    "AttendeeNotAMember",
    "CoLeaderNotFromMemberSchool",
    "CoLeadersFromOneSchool",
    "CohortAlreadyFormed",
    "CohortNotFound",
    "EnquiryBasedPracticeNotStated",
    "GroundRulesNotAgreed",
    "GroundRulesNotPending",
    "GroundRulesVersionOutdated",
    "GroundRulesVersionUnknown",
    "LastGroupLeader",
    "LearningGroupAlreadyFormed",
    "LearningGroupAlreadyLaunched",
    "LearningGroupIsClosed",
    "LearningGroupNotFound",
    "MayNotEstablishNetwork",
    "MayNotEstablishProgramme",
    "MayNotFormLearningGroup",
    "MayNotRemoveMember",
    "MemberNotFromNetworkSchool",
    "MoralPurposeMissing",
    "NetworkAlreadyEstablished",
    "NetworkAlreadyLaunched",
    "NetworkFactsMissing",
    "NetworkIsDissolved",
    "NetworkNotActive",
    "NetworkNotFound",
    "NoGroundRulesProposed",
    "NoGroupLeader",
    "NotAMember",
    "NotANetworkCoLeader",
    "NotANetworkPartner",
    "NotAPeerReviewTeam",
    "NotEnrolled",
    "NotGroupLeader",
    "NotNetworkLeader",
    "NotPartnered",
    "NotProgrammeLeader",
    "NotRotatingLeadership",
    "NotTenantAdmin",
    "OnlyCoLeadersConsentToPartnership",
    "OnlyMembersAgreeGroundRules",
    "OrganisationAlreadyRegistered",
    "OrganisationNotFound",
    "OrganisationNotRegistered",
    "ParticipantDoesNotLeadHomeGroup",
    "PartnerInSameTenant",
    "PartnerNotFromOrganisation",
    "PeerReviewAlreadyLinked",
    "PractitionerAlreadyErased",
    "PractitionerAlreadyRegistered",
    "PractitionerNotActive",
    "PractitionerNotFound",
    "ProgrammeAlreadyEstablished",
    "ProgrammeNotFound",
    "SchoolAlreadyMember",
    "SchoolAlreadyRegistered",
    "SchoolNotAMember",
    "SchoolNotFound",
    "SchoolNotRegistered",
    "SessionAlreadyHeld",
    "SessionAlreadyScheduled",
    "SessionNotHeld",
    "SessionNotScheduled",
    "SessionWasCancelled",
    "TooFewCoLeaders",
    "WorksAtSchoolOrOrganisation",
]

# --- not found (in the actor's tenant) -------------------------------------------------------


class SchoolNotFound(NotFound):
    code = "SCHOOL_NOT_FOUND"
    default_message = "No such school"


class PractitionerNotFound(NotFound):
    code = "PRACTITIONER_NOT_FOUND"
    default_message = "No such practitioner"


class OrganisationNotFound(NotFound):
    code = "ORGANISATION_NOT_FOUND"
    default_message = "No such organisation"


class NetworkNotFound(NotFound):
    code = "NETWORK_NOT_FOUND"
    default_message = "No such network"


class LearningGroupNotFound(NotFound):
    code = "LEARNING_GROUP_NOT_FOUND"
    default_message = "No such learning group"


# --- not authorized ------------------------------------------------------------------------


class NotTenantAdmin(NotAuthorized):
    code = "NOT_TENANT_ADMIN"
    default_message = "Only a tenant admin may register or change schools and practitioners"


class MayNotEstablishNetwork(NotAuthorized):
    code = "MAY_NOT_ESTABLISH_NETWORK"
    default_message = "Only a tenant admin or a network lead may establish a network"


class NotNetworkLeader(NotAuthorized):
    code = "NOT_NETWORK_LEADER"
    default_message = "Only the network's co-leaders or a tenant admin may manage this network"


class MayNotFormLearningGroup(NotAuthorized):
    code = "MAY_NOT_FORM_LEARNING_GROUP"
    default_message = (
        "Only a tenant admin, a group lead or a co-leader of the network may form a learning group"
    )


class NotGroupLeader(NotAuthorized):
    code = "NOT_GROUP_LEADER"
    default_message = (
        "Only the group's co-leaders, facilitators or a tenant admin may manage this group"
    )


class MayNotRemoveMember(NotAuthorized):
    code = "MAY_NOT_REMOVE_MEMBER"
    default_message = "Only the member themself or a leader of the group may end a membership"


# --- invalid input -------------------------------------------------------------------------


class NetworkFactsMissing(InvalidInput):
    code = "NETWORK_FACTS_MISSING"
    default_message = "The group belongs to a network, but the network's member schools are missing"


class WorksAtSchoolOrOrganisation(InvalidInput):
    code = "WORKS_AT_SCHOOL_OR_ORGANISATION"
    default_message = "A practitioner works at exactly one school or one organisation, not both"


# --- school and practitioner rules -----------------------------------------------------------


class SchoolAlreadyRegistered(RuleViolated):
    code = "SCHOOL_ALREADY_REGISTERED"
    default_message = "This school is already registered"


class SchoolNotRegistered(RuleViolated):
    code = "SCHOOL_NOT_REGISTERED"
    default_message = "The school is not registered in this tenant"


class OrganisationAlreadyRegistered(RuleViolated):
    code = "ORGANISATION_ALREADY_REGISTERED"
    default_message = "This organisation is already registered"


class OrganisationNotRegistered(RuleViolated):
    code = "ORGANISATION_NOT_REGISTERED"
    default_message = "The organisation is not registered in this tenant"


class PractitionerAlreadyRegistered(RuleViolated):
    code = "PRACTITIONER_ALREADY_REGISTERED"
    default_message = "This practitioner is already registered"


class PractitionerNotActive(RuleViolated):
    code = "PRACTITIONER_NOT_ACTIVE"
    default_message = "The practitioner has been deactivated or erased"


class PractitionerAlreadyErased(RuleViolated):
    code = "PRACTITIONER_ALREADY_ERASED"
    default_message = "The practitioner's personal data has already been erased"


# --- network rules -------------------------------------------------------------------------


class NetworkAlreadyEstablished(RuleViolated):
    code = "NETWORK_ALREADY_ESTABLISHED"
    default_message = "This network is already established"


class NetworkIsDissolved(RuleViolated):
    code = "NETWORK_IS_DISSOLVED"
    default_message = "The network has been dissolved and takes no further changes"


class NetworkAlreadyLaunched(RuleViolated):
    code = "NETWORK_ALREADY_LAUNCHED"
    default_message = "The network has already been launched"


class SchoolAlreadyMember(RuleViolated):
    code = "SCHOOL_ALREADY_MEMBER"
    default_message = "The school is already a member of this network"


class SchoolNotAMember(RuleViolated):
    code = "SCHOOL_NOT_A_MEMBER"
    default_message = "The school is not a member of this network"


class CoLeaderNotFromMemberSchool(RuleViolated):
    code = "CO_LEADER_NOT_FROM_MEMBER_SCHOOL"
    default_message = "A network co-leader must work at a member school"


class AlreadyNetworkCoLeader(RuleViolated):
    code = "ALREADY_NETWORK_CO_LEADER"
    default_message = "The practitioner is already a co-leader of this network"


class NotANetworkCoLeader(RuleViolated):
    code = "NOT_A_NETWORK_CO_LEADER"
    default_message = "The practitioner is not a co-leader of this network"


class PartnerNotFromOrganisation(RuleViolated):
    code = "PARTNER_NOT_FROM_ORGANISATION"
    default_message = (
        "A network partner works at an organisation; staff of schools lead as co-leaders"
    )


class AlreadyNetworkPartner(RuleViolated):
    code = "ALREADY_NETWORK_PARTNER"
    default_message = "The practitioner is already a partner of this network"


class NotANetworkPartner(RuleViolated):
    code = "NOT_A_NETWORK_PARTNER"
    default_message = "The practitioner is not a partner of this network"


class MoralPurposeMissing(RuleViolated):
    code = "MORAL_PURPOSE_MISSING"
    default_message = "A stated moral purpose is non-negotiable: launching a network needs one"


class EnquiryBasedPracticeNotStated(RuleViolated):
    code = "NON_NEGOTIABLE_ENQUIRY_BASED_PRACTICE"
    default_message = (
        "Enquiry-based practice is non-negotiable: a network's charter states how it enquires"
    )


class NotRotatingLeadership(RuleViolated):
    code = "NOT_ROTATING_LEADERSHIP"
    default_message = "Only a network whose charter adopts rotating leadership rotates its lead"


class TooFewCoLeaders(RuleViolated):
    code = "TOO_FEW_CO_LEADERS"
    default_message = (
        "Shared, not single, leadership is non-negotiable: launching needs at least two"
        " co-leaders (three in a leadership team)"
    )


class CoLeadersFromOneSchool(RuleViolated):
    code = "CO_LEADERS_FROM_ONE_SCHOOL"
    default_message = "Launching needs co-leaders from at least two different member schools"


# --- learning group rules ------------------------------------------------------------------


class LearningGroupAlreadyFormed(RuleViolated):
    code = "LEARNING_GROUP_ALREADY_FORMED"
    default_message = "This learning group is already formed"


class NetworkNotActive(RuleViolated):
    code = "NETWORK_NOT_ACTIVE"
    default_message = "A learning group can only be formed in an existing, undissolved network"


class LearningGroupIsClosed(RuleViolated):
    code = "LEARNING_GROUP_IS_CLOSED"
    default_message = "The learning group is closed and takes no further changes"


class LearningGroupAlreadyLaunched(RuleViolated):
    code = "LEARNING_GROUP_ALREADY_LAUNCHED"
    default_message = "The learning group has already been launched"


class AlreadyAMember(RuleViolated):
    code = "ALREADY_A_MEMBER"
    default_message = "The practitioner is already a member of this group"


class NotAMember(RuleViolated):
    code = "NOT_A_MEMBER"
    default_message = "The practitioner is not a member of this group"


class MemberNotFromNetworkSchool(RuleViolated):
    code = "MEMBER_NOT_FROM_NETWORK_SCHOOL"
    default_message = "A group in a network takes members only from the network's member schools"


class LastGroupLeader(RuleViolated):
    code = "LAST_GROUP_LEADER"
    default_message = "A launched group must keep at least one co-leader or facilitator"


class NoGroundRulesProposed(RuleViolated):
    code = "NO_GROUND_RULES_PROPOSED"
    default_message = "No ground rules have been proposed for this group"


class GroundRulesVersionOutdated(RuleViolated):
    code = "GROUND_RULES_VERSION_OUTDATED"
    default_message = "The ground rules have changed since this version; agree the current text"


class GroundRulesVersionUnknown(RuleViolated):
    code = "GROUND_RULES_VERSION_UNKNOWN"
    default_message = "No such version of the ground rules has been proposed"


class OnlyMembersAgreeGroundRules(RuleViolated):
    code = "ONLY_MEMBERS_AGREE_GROUND_RULES"
    default_message = (
        "Ground rules are agreed by each member of the group for themself, not on their behalf"
    )


class GroundRulesNotPending(RuleViolated):
    code = "GROUND_RULES_NOT_PENDING"
    default_message = (
        "Only a proposed version of the ground rules not yet in force can be withdrawn"
    )


class NoGroupLeader(RuleViolated):
    code = "NO_GROUP_LEADER"
    default_message = "Launching a learning group needs a co-leader or facilitator"


class GroundRulesNotAgreed(RuleViolated):
    code = "GROUND_RULES_NOT_AGREED"
    default_message = "Launching a learning group needs its current ground rules agreed"


class SessionAlreadyScheduled(RuleViolated):
    code = "SESSION_ALREADY_SCHEDULED"
    default_message = "A session with this id is already scheduled"


class SessionNotScheduled(RuleViolated):
    code = "SESSION_NOT_SCHEDULED"
    default_message = "No such session has been scheduled for this group"


class SessionWasCancelled(RuleViolated):
    code = "SESSION_WAS_CANCELLED"
    default_message = "The session was cancelled"


class SessionAlreadyHeld(RuleViolated):
    code = "SESSION_ALREADY_HELD"
    default_message = "The session has already been held"


class AttendeeNotAMember(RuleViolated):
    code = "ATTENDEE_NOT_A_MEMBER"
    default_message = "Attendance may list only members of the group"


class SessionNotHeld(RuleViolated):
    code = "SESSION_NOT_HELD"
    default_message = "What a session learned is recorded once it has been held"


class ActivityAlreadyRecorded(RuleViolated):
    code = "ACTIVITY_ALREADY_RECORDED"
    default_message = "An activity with this id is already recorded"


class ActivityNeedsTwoPeople(RuleViolated):
    code = "ACTIVITY_NEEDS_TWO_PEOPLE"
    default_message = "An activity is between people: it needs two or more participants"


class ActivityParticipantNotAMember(RuleViolated):
    code = "ACTIVITY_PARTICIPANT_NOT_A_MEMBER"
    default_message = "An activity's participants are members of the group"


class NotAPeerReviewTeam(RuleViolated):
    code = "NOT_A_PEER_REVIEW_TEAM"
    default_message = "Only a peer-review team carries out peer reviews"


class PeerReviewAlreadyLinked(RuleViolated):
    code = "PEER_REVIEW_ALREADY_LINKED"
    default_message = "This peer review is already linked to the team"


class ProgrammeNotFound(NotFound):
    code = "PROGRAMME_NOT_FOUND"
    default_message = "No such programme"


class CohortNotFound(NotFound):
    code = "COHORT_NOT_FOUND"
    default_message = "No such cohort in this programme"


class MayNotEstablishProgramme(NotAuthorized):
    code = "MAY_NOT_ESTABLISH_PROGRAMME"
    default_message = "Only a tenant admin or a network lead may establish a programme"


class NotProgrammeLeader(NotAuthorized):
    code = "NOT_PROGRAMME_LEADER"
    default_message = "Only the programme's founder or a tenant admin may manage this programme"


class ProgrammeAlreadyEstablished(RuleViolated):
    code = "PROGRAMME_ALREADY_ESTABLISHED"
    default_message = "This programme is already established"


class CohortAlreadyFormed(RuleViolated):
    code = "COHORT_ALREADY_FORMED"
    default_message = "A cohort with this id is already formed"


class AlreadyEnrolled(RuleViolated):
    code = "ALREADY_ENROLLED"
    default_message = "The practitioner is already a participant of this programme"


class NotEnrolled(RuleViolated):
    code = "NOT_ENROLLED"
    default_message = "The practitioner is not a participant of this programme"


class ParticipantDoesNotLeadHomeGroup(RuleViolated):
    code = "PARTICIPANT_DOES_NOT_LEAD_HOME_GROUP"
    default_message = (
        "A participant leads the home group they bring (co-leader, facilitator or co-tutor)"
    )


class OnlyCoLeadersConsentToPartnership(RuleViolated):
    code = "ONLY_CO_LEADERS_CONSENT_TO_PARTNERSHIP"
    default_message = "A network's co-leaders consent to a partnership, not on their behalf"


class PartnerInSameTenant(RuleViolated):
    code = "PARTNER_IN_SAME_TENANT"
    default_message = "A partnership is with a network of another school system (tenant)"


class AlreadyPartnered(RuleViolated):
    code = "ALREADY_PARTNERED"
    default_message = "This network has already consented to a partnership with that network"


class NotPartnered(RuleViolated):
    code = "NOT_PARTNERED"
    default_message = "This network has no partnership with that network"
