"""Demo data for ``make run``: a small trust with a network of schools and an enquiry group.

Seeded through the public GraphQL API as a client would — ``make run`` passes the gateway's URL,
which routes each mutation to the service that owns it — with fixed ids and fixed command ids:
running it again repeats the same commands, which the services recognise and answer with their
first result, so the demo never duplicates itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from devstack._proc import DevstackError, progress

__all__ = ["CROSS_SERVICE_QUERY", "DEMO_TENANT", "dev_token", "seed_enquiry", "seed_groups"]

DEMO_TENANT = "demo-trust"

#: The first query ``make run`` and the README show: a network's learning groups (groups service)
#: with their enquiries (enquiry service) and who proposed each (groups again), through the gateway.
#: No quotes inside, so it pastes into a shell's single-quoted JSON as it is.
CROSS_SERVICE_QUERY = (
    "{ networks { edges { node { name learningGroups { edges { node { name "
    "enquiries { edges { node { title phase proposedBy { displayName } } } } } } } } } } }"
)
_NAMESPACE = uuid.UUID("6f1d2c1e-9b7a-4f3e-8f41-2d0c6a0b7e10")


def _id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def dev_token(
    secret: str,
    person_id: str,
    roles: list[str],
    ttl_s: int = 12 * 3600,
    *,
    tenant: str = DEMO_TENANT,
) -> str:
    """An HS256 JWT for the local stack (the services verify it with the same dev secret)."""
    now = int(time.time())
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": person_id, "tid": tenant, "roles": roles, "iat": now, "exp": now + ttl_s}
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


class _Client:
    def __init__(self, url: str, token: str) -> None:
        self._url = f"{url}/graphql"
        self._token = token

    def mutate(self, field: str, input_type: str, values: dict[str, Any]) -> None:
        if errors := self.try_mutate(field, input_type, values):
            raise DevstackError(f"demo seed: {field}: {errors}")

    def try_mutate(
        self, field: str, input_type: str, values: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The mutation's user errors (empty when it succeeded)."""
        query = (
            f"mutation($input: {input_type}!) {{ {field}(input: $input) "
            "{ userErrors { code message field } } }"
        )
        payload = json.dumps({"query": query, "variables": {"input": values}}).encode()
        request = urllib.request.Request(
            self._url,
            data=payload,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self._token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            result = json.loads(answer.read())
        if result.get("errors"):
            raise DevstackError(f"demo seed: {field}: {result['errors']}")
        errors: list[dict[str, Any]] = result["data"][field]["userErrors"]
        return errors


SCHOOLS = {
    "hillside": "Hillside Primary School",
    "riverside": "Riverside Academy",
    "oakfield": "Oakfield High School",
    "stmarys": "St Mary's CE Primary",
}
STAFF = [
    ("amara", "hillside", "Amara", "Okafor", "head_teacher"),
    ("ben", "hillside", "Ben", "Hughes", "teacher"),
    ("chloe", "riverside", "Chloe", "Patel", "head_teacher"),
    ("dev", "riverside", "Dev", "Sharma", "teacher"),
    ("ellen", "oakfield", "Ellen", "Walsh", "teacher"),
    ("farid", "oakfield", "Farid", "Haddad", "facilitator"),
    ("grace", "stmarys", "Grace", "Nolan", "head_teacher"),
]
MORAL_PURPOSE = (
    "Every child a confident, joyful reader by the end of primary school, whatever their "
    "starting point."
)
GROUND_RULES = (
    "We listen to understand. We bring evidence, not just opinion. What is shared about pupils "
    "and colleagues stays in the room. Everyone leads some of the learning."
)


MEMBERS = [
    ("amara", "CO_LEADER"),
    ("farid", "FACILITATOR"),
    ("ben", "MEMBER"),
    ("dev", "MEMBER"),
    ("ellen", "MEMBER"),
]

#: People beyond schools (issue 11): organisations and their people.
ORGANISATIONS = {
    "northshire-council": ("Northshire County Council", "LOCAL_AUTHORITY"),
    "northshire-university": ("University of Northshire", "UNIVERSITY"),
}
ORGANISATION_STAFF = [
    # key, organisation, given, family, role, part in the reading group
    ("helen", "northshire-council", "Helen", "Price", "OFFICER", "FACILITATOR"),
    ("ian", "northshire-university", "Ian", "Moss", "PARTNER", "CO_TUTOR"),
]
ENQUIRY_PRACTICE = (
    "Every learning group runs cycles of collaborative enquiry (experience, reflection, new "
    "ideas, planned action) and shares what it learns across the network."
)


def _agree_as_members(
    url: str, secret: str, values: dict[str, Any], members: list[tuple[str, str]], key: str
) -> None:
    """Each member agrees the ground rules by their own act, with their own token."""
    for person, _ in members:
        client = _Client(url, dev_token(secret, _id("person", person), ["teacher"]))
        command = {**values, "commandId": _id("command", f"{key}:{person}")}
        client.mutate("agreeGroundRules", "AgreeGroundRulesInput", command)


def _seed_beyond_schools(admin: _Client, url: str, secret: str, network: str, group: str) -> None:
    """A facilitator from the local authority and a co-tutor from the university join the
    reading group and agree its ground rules themselves; the university tutor stands beside the
    network's co-leaders as a partner; the network's charter states its enquiry practice."""
    steps: list[tuple[str, str, dict[str, Any]]] = []
    for key, (name, kind) in ORGANISATIONS.items():
        values = {"organisationId": _id("organisation", key), "name": name, "kind": kind}
        steps.append(("registerOrganisation", "RegisterOrganisationInput", values))
    for key, org, given, family, role, _ in ORGANISATION_STAFF:
        steps.append(("registerPractitioner", "RegisterPractitionerInput", {
            "practitionerId": _id("person", key), "organisationId": _id("organisation", org),
            "givenName": given, "familyName": family, "role": role,
            "email": f"{given.lower()}.{family.lower()}@{org}.example.org",
        }))  # fmt: skip
    for key, _, _, _, _, part in ORGANISATION_STAFF:
        values = {"groupId": group, "practitionerId": _id("person", key), "role": part}
        steps.append(("addMember", "AddMemberInput", values))
    partner = {"networkId": network, "practitionerId": _id("person", "ian")}
    steps.append(("appointNetworkPartner", "AppointNetworkPartnerInput", partner))
    charter = {"networkId": network, "leadershipModel": "CO_LEADERS",
               "enquiryPractice": ENQUIRY_PRACTICE}  # fmt: skip
    steps.append(("adoptNetworkCharter", "AdoptNetworkCharterInput", charter))
    for n, (field, input_type, values) in enumerate(steps, start=1):
        admin.mutate(field, input_type, {**values, "commandId": _id("command", f"f1:{field}:{n}")})
        progress(f"demo people beyond schools {n}/{len(steps)}: {field}")
    joiners = [(key, part) for key, *_, part in ORGANISATION_STAFF]
    _agree_as_members(url, secret, {"groupId": group, "version": 1}, joiners, "f1:agree")


NETWORK_PLAN = [
    # level, focus, hopes, expected benefits, baseline, success measures
    ("PUPIL", "Reading for pleasure in Years 4 to 6",
     "What makes reluctant readers choose to read at home",
     "More pupils reading for pleasure, and talking about books",
     "31% of Year 5 read at home weekly (pupil survey, autumn)",
     "50% read at home weekly by the summer survey"),
    ("ADULT", "Teachers as readers",
     "How our own reading changes how we teach reading",
     "Staff who recommend books with confidence",
     "4 in 10 staff read a children's book this term",
     "8 in 10 by the end of the year"),
    ("SCHOOL_TO_SCHOOL", "Lesson observation between schools",
     "What travels from one school's reading practice to another's",
     "Practice adapted across the three schools",
     "No observations between schools last year",
     "Every teacher in the enquiry group observes in another school"),
]  # fmt: skip


def _seed_programme_and_plan(
    admin: _Client, url: str, secret: str, network: str, group: str
) -> None:
    """A leadership programme with a cohort of two co-leaders, each with the home group they
    lead (Amara's reading group in the network, and Chloe's writing group at Riverside, outside
    it), and the network plan."""
    chloe_group = _id("group", "riverside-writing")
    programme, cohort = _id("programme", "leading-together"), _id("cohort", "north")
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("formLearningGroup", "FormLearningGroupInput", {
            "groupId": chloe_group, "name": "Writing leaders group",
            "kind": "LEADERSHIP_LEARNING_GROUP"}),  # Riverside's own, outside the network
        ("addMember", "AddMemberInput", {
            "groupId": chloe_group, "practitionerId": _id("person", "chloe"), "role": "CO_LEADER"}),
        ("addMember", "AddMemberInput", {
            "groupId": chloe_group, "practitionerId": _id("person", "dev"), "role": "MEMBER"}),
        ("establishProgramme", "EstablishProgrammeInput", {
            "programmeId": programme, "name": "Leading Together programme",
            "description": "Co-leaders learn together in regional cohorts, alongside their home"
            " groups: ideas go home, outcomes come back."}),
        ("formCohort", "FormCohortInput", {
            "programmeId": programme, "cohortId": cohort, "name": "Northern cohort",
            "region": "North"}),
        ("enrolParticipant", "EnrolParticipantInput", {
            "programmeId": programme, "cohortId": cohort,
            "practitionerId": _id("person", "amara"), "homeGroupId": group}),
        ("enrolParticipant", "EnrolParticipantInput", {
            "programmeId": programme, "cohortId": cohort,
            "practitionerId": _id("person", "chloe"), "homeGroupId": chloe_group}),
    ]  # fmt: skip
    for level, focus, hopes, benefits, baseline, measures in NETWORK_PLAN:
        values = {"networkId": network, "level": level, "focus": focus, "hopes": hopes,
                  "expectedBenefits": benefits, "baseline": baseline,
                  "successMeasures": measures}  # fmt: skip
        steps.append(("setNetworkPlanLevel", "SetNetworkPlanLevelInput", values))
    for n, (field, input_type, values) in enumerate(steps, start=1):
        admin.mutate(field, input_type, {**values, "commandId": _id("command", f"f4:{field}:{n}")})
        progress(f"demo programme and plan {n}/{len(steps)}: {field}")


PARTNER_TENANT = "demo-partner-trust"
"""A second school system whose network partners with North Star (crossing tenants)."""


def _seed_partnership(url: str, secret: str, network: str) -> None:
    """A network of another tenant (two schools, two co-leaders) and a partnership with North
    Star: each side's co-leader consents in their own tenant."""
    partner_network = _id("network", "harbour")
    other = _Client(
        url, dev_token(secret, "partner-admin", ["tenant_admin"], tenant=PARTNER_TENANT)
    )
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("establishNetwork", "EstablishNetworkInput",
         {"networkId": partner_network, "name": "Harbour Schools Network"}),
        ("stateNetworkPurpose", "StateNetworkPurposeInput", {"networkId": partner_network,
         "moralPurpose": "Every pupil leaves primary school a writer with something to say."}),
    ]  # fmt: skip
    for key, name, lead in (("quay", "Quay Primary", "nia"), ("cove", "Cove Academy", "omar")):
        school, person = _id("school", key), _id("person", lead)
        steps += [
            ("registerSchool", "RegisterSchoolInput", {"schoolId": school, "name": name}),
            ("registerPractitioner", "RegisterPractitionerInput", {
                "practitionerId": person, "schoolId": school, "givenName": lead.title(),
                "familyName": "Harbour", "role": "HEAD_TEACHER"}),
            ("joinNetwork", "JoinNetworkInput", {"networkId": partner_network, "schoolId": school}),
            ("appointNetworkCoLeader", "AppointNetworkCoLeaderInput",
             {"networkId": partner_network, "practitionerId": person}),
        ]  # fmt: skip
    for n, (field, input_type, values) in enumerate(steps, start=1):
        other.mutate(field, input_type, {**values, "commandId": _id("command", f"f6:{field}:{n}")})
    sides = (
        (DEMO_TENANT, "amara", network, PARTNER_TENANT, partner_network),
        (PARTNER_TENANT, "nia", partner_network, DEMO_TENANT, network),
    )
    for tenant, lead, own, partner_tenant, partner in sides:
        client = _Client(url, dev_token(secret, _id("person", lead), ["teacher"], tenant=tenant))
        values = {"networkId": own, "partnerTenantId": partner_tenant, "partnerNetworkId": partner,
                  "commandId": _id("command", f"f6:consent:{tenant}")}  # fmt: skip
        client.mutate("consentToPartnership", "ConsentToPartnershipInput", values)
    progress("demo partnership between two tenants' networks")


def seed_groups(url: str, secret: str) -> dict[str, str]:
    """Seed the groups service (at ``url``, or the gateway's); return the ids a newcomer will
    want to query."""
    admin = _Client(url, dev_token(secret, "demo-admin", ["tenant_admin"]))
    network, group = _id("network", "north-star"), _id("group", "reading-enquiry")
    session = _id("session", "reading-1")
    starts = (datetime.now(UTC) + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    steps: list[tuple[str, str, dict[str, Any]]] = []
    for key, name in SCHOOLS.items():
        steps.append(
            (
                "registerSchool",
                "RegisterSchoolInput",
                {"schoolId": _id("school", key), "name": name},
            )
        )
    for key, school, given, family, role in STAFF:
        steps.append(
            (
                "registerPractitioner",
                "RegisterPractitionerInput",
                {
                    "practitionerId": _id("person", key),
                    "schoolId": _id("school", school),
                    "givenName": given,
                    "familyName": family,
                    "role": role.upper(),  # GraphQL enum values are UPPER_SNAKE_CASE
                    "email": f"{given.lower()}.{family.lower()}@{school}.example.org",
                },
            )
        )
    steps.append(
        (
            "establishNetwork",
            "EstablishNetworkInput",
            {"networkId": network, "name": "North Star Learning Network"},
        )
    )
    steps.append(
        (
            "stateNetworkPurpose",
            "StateNetworkPurposeInput",
            {
                "networkId": network,
                "moralPurpose": MORAL_PURPOSE,
            },
        )
    )
    for key in ("hillside", "riverside", "oakfield"):
        steps.append(
            (
                "joinNetwork",
                "JoinNetworkInput",
                {"networkId": network, "schoolId": _id("school", key)},
            )
        )
    for key in ("amara", "chloe"):
        steps.append(
            (
                "appointNetworkCoLeader",
                "AppointNetworkCoLeaderInput",
                {"networkId": network, "practitionerId": _id("person", key)},
            )
        )
    steps.append(("launchNetwork", "LaunchNetworkInput", {"networkId": network}))
    steps.append(
        (
            "formLearningGroup",
            "FormLearningGroupInput",
            {
                "groupId": group,
                "name": "Reading for pleasure enquiry group",
                "kind": "ENQUIRY_GROUP",
                "networkId": network,
            },
        )
    )
    for key, role in MEMBERS:
        steps.append(
            (
                "addMember",
                "AddMemberInput",
                {"groupId": group, "practitionerId": _id("person", key), "role": role},
            )
        )
    steps.append(
        ("proposeGroundRules", "ProposeGroundRulesInput", {"groupId": group, "text": GROUND_RULES})
    )
    steps.append(("agreeGroundRules", "AgreeGroundRulesInput", {"groupId": group, "version": 1}))
    steps.append(("launchLearningGroup", "LaunchLearningGroupInput", {"groupId": group}))
    steps.append(
        (
            "scheduleSession",
            "ScheduleSessionInput",
            {
                "groupId": group,
                "sessionId": session,
                "startsAt": starts.isoformat(),
                "protocol": "COLLABORATIVE_LEARNING",
            },
        )
    )
    for n, (field, input_type, values) in enumerate(steps, start=1):
        if field == "agreeGroundRules":  # consent, not decree: each member agrees themself
            _agree_as_members(url, secret, values, MEMBERS, f"{field}:{n}")
        else:
            command = {**values, "commandId": _id("command", f"{field}:{n}")}
            admin.mutate(field, input_type, command)
        progress(f"demo data {n}/{len(steps)}: {field}")
    _seed_beyond_schools(admin, url, secret, network, group)
    _seed_programme_and_plan(admin, url, secret, network, group)
    _seed_partnership(url, secret, network)
    return {
        "network": network,
        "learning group": group,
        "practitioner (Amara)": _id("person", "amara"),
    }


# The enquiry service learns groups and members from Kafka, not by asking the groups service:
# right after the groups seed it may not know them yet, and says so with these codes.
_NOT_YET_KNOWN = {"GROUP_NOT_FOUND", "NOT_A_GROUP_MEMBER", "NOT_A_GROUP_LEADER"}
_NOT_YET_KNOWN |= {"ONLY_LEADERS_SHARE_WITH_PARTNERS", "NO_PARTNERSHIP_WITH_CONSENT"}


def seed_enquiry(url: str, secret: str, wait_s: float = 60.0) -> dict[str, str]:
    """Seed the enquiry service (at ``url``, or the gateway's): Amara's group starts an enquiry
    and its first cycle."""
    amara_token = dev_token(secret, _id("person", "amara"), ["teacher"])
    amara = _Client(url, amara_token)
    ben = _Client(url, dev_token(secret, _id("person", "ben"), ["teacher"]))
    enquiry, cycle = _id("enquiry", "reading"), _id("cycle", "reading-1")
    steps: list[tuple[_Client, str, str, dict[str, Any]]] = [
        (amara, "proposeEnquiry", "ProposeEnquiryInput", {
            "enquiryId": enquiry, "groupId": _id("group", "reading-enquiry"),
            "title": "Reading for pleasure",
            "question": "How do we help reluctant Year 5 readers choose to read at home?",
            "approach": "COLLABORATIVE_ENQUIRY", "levels": ["PUPIL", "ADULT"],
        }),
        (amara, "launchEnquiry", "LaunchEnquiryInput", {"enquiryId": enquiry}),
        (amara, "startCycle", "StartCycleInput", {
            "enquiryId": enquiry, "cycleId": cycle, "focus": "Book choice in class libraries",
        }),
        (ben, "recordExperience", "RecordExperienceInput", {
            "enquiryId": enquiry, "cycleId": cycle, "entryId": _id("entry", "ben-1"),
            "text": "Let six reluctant readers restock our class library; four took a book home.",
        }),
        (amara, "advanceCyclePhase", "AdvanceCyclePhaseInput", {  # to the next: reflection
            "enquiryId": enquiry, "cycleId": cycle,
        }),
        (ben, "recordReflection", "RecordReflectionInput", {
            "enquiryId": enquiry, "cycleId": cycle, "entryId": _id("entry", "ben-2"),
            "text": "Choice mattered more than the books themselves: ownership came first.",
        }),
        # North Star is partnered with a network of another tenant: what it marks, they read
        (amara, "shareEnquiryWithPartnerNetworks", "ShareEnquiryWithPartnerNetworksInput", {
            "enquiryId": enquiry,
        }),
    ]  # fmt: skip
    deadline = time.monotonic() + wait_s
    for n, (client, field, input_type, values) in enumerate(steps, start=1):
        command = {**values, "commandId": _id("command", f"enquiry:{field}:{n}")}
        while errors := client.try_mutate(field, input_type, command):
            if {e["code"] for e in errors} - _NOT_YET_KNOWN or time.monotonic() > deadline:
                raise DevstackError(f"demo seed: {field}: {errors}")
            time.sleep(0.5)
        progress(f"demo enquiry {n}/{len(steps)}: {field}")
    # The journal is read only by the group's people (not by the tenant admin): Amara's token.
    return {"enquiry": enquiry, "Amara's token (reads the journal)": amara_token}


def seed_starter_toolkit_and_audits(
    url: str,
    secret: str,
    starter_artefact_ids: list[str] | None = None,
    audit_tool_id: str | None = None,
    *,
    member_roles: tuple[str, ...] = ("teacher",),
    wait_s: float = 60.0,
) -> dict[str, str]:
    """A new leadership learning group with a starter toolkit of ``starter_artefact_ids`` (the six
    published starter artefacts, in order) and a climate audit of ``audit_tool_id`` run twice.

    The group is formed in the groups service; the knowledge service learns its members from
    Kafka, so refusals that mean "not known yet" are retried for ``wait_s``. Members answer as
    themselves (``member_roles``); six answer the first run and five the second, so both show
    results, and the second run shows the change.

    By default the artefacts are the knowledge demo's six starters (``demo_knowledge``: ids
    ``_id("artefact", kind.lower())``, published before this runs) and its audit tool."""
    kinds = ["start_up_guideline", "ground_rules_template", "reflective_exercise"]
    kinds += ["discussion_paper", "climate_audit_tool", "case_study"]
    starter_artefact_ids = starter_artefact_ids or [_id("artefact", k) for k in kinds]
    audit_tool_id = audit_tool_id or _id("artefact", "climate_audit_tool")
    admin = _Client(url, dev_token(secret, "demo-admin", ["tenant_admin"]))
    group, toolkit = _id("group", "leadership-starters"), _id("toolkit", "leadership-starter")
    members = ["amara", "chloe", "grace", "farid", "ellen", "ben"]
    # the statements of the knowledge service's built-in climate instrument (clc-climate-1)
    items = [f"{d}-{n}" for d in ("trust", "learn", "resp") for n in (1, 2, 3)]
    steps: list[tuple[_Client, str, str, dict[str, Any]]] = [
        (admin, "formLearningGroup", "FormLearningGroupInput", {
            "groupId": group, "name": "New heads' leadership learning group",
            "kind": "LEADERSHIP_LEARNING_GROUP",  # across schools, in no network
        }),
        *[(admin, "addMember", "AddMemberInput", {
            "groupId": group, "practitionerId": _id("person", key),
            "role": "CO_LEADER" if key == "amara" else "MEMBER",
        }) for key in members],
        (admin, "createToolkit", "CreateToolkitInput", {
            "toolkitId": toolkit, "title": "Starting a leadership learning group",
            "purpose": "Everything a new leadership learning group needs for its first term: how"
            " to start, ground rules, a reflective exercise, a paper to discuss, a climate audit"
            " and a case study from another network.",
            "groupId": group, "visibility": "TENANT",
        }),
        *[(admin, "addArtefactToToolkit", "AddArtefactToToolkitInput", {
            "toolkitId": toolkit, "artefactId": artefact,
        }) for artefact in starter_artefact_ids],
        (admin, "publishToolkit", "PublishToolkitInput", {"toolkitId": toolkit}),
        (admin, "adoptToolkit", "AdoptToolkitInput", {"toolkitId": toolkit, "groupId": group}),
    ]  # fmt: skip
    # Two runs of the audit a term apart: trust grows (scores per member, run 1 then run 2).
    for run, scores in (("autumn", [2, 3, 3, 2, 4, 3]), ("spring", [4, 4, 3, 5, 4])):
        audit = _id("climate-audit", run)
        steps.append((admin, "openClimateAudit", "OpenClimateAuditInput", {
            "auditId": audit, "toolArtefactId": audit_tool_id, "groupId": group,
        }))  # fmt: skip
        for key, score in zip(members, scores, strict=False):
            member = _Client(url, dev_token(secret, _id("person", key), list(member_roles)))
            answers = [{"itemId": i, "score": score} for i in items]
            steps.append((member, "answerClimateAudit", "AnswerClimateAuditInput", {
                "auditId": audit, "answers": answers,
            }))  # fmt: skip
        steps.append((admin, "closeClimateAudit", "CloseClimateAuditInput", {"auditId": audit}))
    retry = {"GROUP_NOT_FOUND", "NOT_IN_SCOPE", "NOT_AN_AUDIT_PARTICIPANT", "NOT_AN_AUDIT_LEADER"}
    done = {"ALREADY_ANSWERED", "CLIMATE_AUDIT_IS_CLOSED"}  # a second seed: answered before
    deadline = time.monotonic() + wait_s
    for n, (client, field, input_type, values) in enumerate(steps, start=1):
        command = values if field == "answerClimateAudit" else {
            **values, "commandId": _id("command", f"knowledge:{field}:{n}"),
        }  # fmt: skip
        while errors := client.try_mutate(field, input_type, command):
            codes = {e["code"] for e in errors}
            if codes <= done:
                break
            if codes - retry or time.monotonic() > deadline:
                raise DevstackError(f"demo seed: {field}: {errors}")
            time.sleep(0.5)
        progress(f"demo toolkit and audits {n}/{len(steps)}: {field}")
    return {"starter toolkit": toolkit, "leadership learning group": group}
