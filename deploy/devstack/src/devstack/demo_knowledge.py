"""Demo data of the knowledge service for ``make run``, seeded through the gateway like the rest
(fixed ids and command ids, so seeding again repeats nothing):

* a starter toolkit's six artefacts for a new leadership learning group (the six kinds the seeds
  list: start-up guideline, ground-rules template, reflective exercise, discussion paper,
  climate-for-learning audit tool, case study), drafted and published by the North Star network's
  co-leader (the toolkit that orders them is the toolkit part's);
* what the reading enquiry has learned so far, as a co-constructed artefact drawn from it;
* a second network, Riverbend, whose co-leader adapts North Star's case study.

The knowledge service learns who belongs where from the groups topic, not by asking: right after
the groups seed it may not know a person's group or network yet, and says so (``NOT_IN_SCOPE``,
``ARTEFACT_NOT_FOUND`` for what they cannot see yet); the seed then waits and retries.
"""

from __future__ import annotations

import time
from typing import Any

from devstack._proc import DevstackError, progress
from devstack.demo import _Client, _id, dev_token

__all__ = ["KNOWLEDGE_QUERY", "STARTER_KINDS", "seed_knowledge"]

#: network → groups → enquiries → the artefacts drawn from them, across three services
KNOWLEDGE_QUERY = (
    "{ networks { edges { node { name artefacts { edges { node { title kind } } } "
    "learningGroups { edges { node { name enquiries { edges { node { title "
    "artefacts { edges { node { title knowledgeField contributedBy { displayName } } } } "
    "} } } } } } } } } }"
)

STARTER_KINDS = (
    ("START_UP_GUIDELINE", "Starting a leadership learning group", "PRACTITIONER"),
    ("GROUND_RULES_TEMPLATE", "Ground rules we can all keep", "PRACTITIONER"),
    ("REFLECTIVE_EXERCISE", "Three-minute reflective pause", "PRACTITIONER"),
    ("DISCUSSION_PAPER", "Why leaders learn together", "PUBLIC"),
    ("CLIMATE_AUDIT_TOOL", "Climate for learning audit", "PRACTITIONER"),
    ("CASE_STUDY", "Hillside's first year of learning together", "PRACTITIONER"),
)
_NOT_YET_KNOWN = {"NOT_IN_SCOPE", "ARTEFACT_NOT_FOUND"}
_SOURCE = {"text": "Stoll, L. et al. (2006). Professional learning communities: a review of the"
           " literature. Journal of Educational Change 7, 221-258."}  # fmt: skip


def _retrying(client: _Client, field: str, values: dict[str, Any], deadline: float) -> None:
    input_type = f"{field[0].upper()}{field[1:]}Input"
    while errors := client.try_mutate(field, input_type, values):
        if {e["code"] for e in errors} - _NOT_YET_KNOWN or time.monotonic() > deadline:
            raise DevstackError(f"demo seed: {field}: {errors}")
        time.sleep(0.5)


def _second_network(admin: _Client) -> str:
    network = _id("network", "riverbend")
    brookside, hana = _id("school", "brookside"), _id("person", "hana")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("registerSchool", {"schoolId": brookside, "name": "Brookside Community School"}),
        ("registerPractitioner", {"practitionerId": hana, "schoolId": brookside,
                                  "givenName": "Hana", "familyName": "Kowalski",
                                  "role": "HEAD_TEACHER"}),
        ("establishNetwork", {"networkId": network, "name": "Riverbend Schools Network"}),
        ("stateNetworkPurpose", {"networkId": network,
                                 "moralPurpose": "Every pupil known, every adult learning."}),
        ("joinNetwork", {"networkId": network, "schoolId": _id("school", "stmarys")}),
        ("joinNetwork", {"networkId": network, "schoolId": brookside}),
        ("appointNetworkCoLeader", {"networkId": network,
                                    "practitionerId": _id("person", "grace")}),
        ("appointNetworkCoLeader", {"networkId": network, "practitionerId": hana}),
        ("launchNetwork", {"networkId": network}),
    ]  # fmt: skip
    for n, (field, values) in enumerate(steps, start=1):
        command = {**values, "commandId": _id("command", f"knowledge:{field}:{n}")}
        admin.mutate(field, f"{field[0].upper()}{field[1:]}Input", command)
    return network


def _starter(amara: _Client, network: str, deadline: float) -> list[str]:
    ids = []
    for n, (kind, title, field) in enumerate(STARTER_KINDS, start=1):
        artefact = _id("artefact", kind.lower())
        draft = {
            "artefactId": artefact, "kind": kind, "knowledgeField": field, "title": title,
            "body": f"# {title}\n\nPart of the starter toolkit for a new leadership group.",
            "levels": ["LEADERSHIP", "ADULT"], "networkId": network,
            "schoolId": _id("school", "hillside"), "visibility": "TENANT",
            "citations": [_SOURCE] if field == "PUBLIC" else [],
            "commandId": _id("command", f"knowledge:draft:{kind}"),
        }  # fmt: skip
        _retrying(amara, "draftArtefact", draft, deadline)
        publish = {"artefactId": artefact, "commandId": _id("command", f"knowledge:pub:{kind}")}
        _retrying(amara, "publishArtefact", publish, deadline)
        progress(f"demo knowledge {n}/{len(STARTER_KINDS)}: {title}")
        ids.append(artefact)
    return ids


def seed_knowledge(url: str, secret: str, wait_s: float = 60.0) -> dict[str, str]:
    """Seed the knowledge service (at ``url``, or the gateway's); the ids worth querying."""
    deadline = time.monotonic() + wait_s
    admin = _Client(url, dev_token(secret, "demo-admin", ["tenant_admin"]))
    amara = _Client(url, dev_token(secret, _id("person", "amara"), ["teacher"]))
    grace = _Client(url, dev_token(secret, _id("person", "grace"), ["head_teacher"]))
    north_star, riverbend = _id("network", "north-star"), _second_network(admin)
    starter = _starter(amara, north_star, deadline)
    findings = _id("artefact", "reading-findings")
    drawn = {
        "artefactId": findings, "kind": "ENQUIRY_FINDINGS", "knowledgeField": "CO_CONSTRUCTED",
        "title": "Choice before books: what reluctant readers taught us",
        "body": "Letting reluctant readers restock the class library mattered more than the "
                "books themselves: ownership came first.",
        "levels": ["PUPIL", "ADULT"], "provenance": {"kind": "ENQUIRY",
                                                    "id": _id("enquiry", "reading")},
        "contributorIds": [_id("person", "ben")], "groupId": _id("group", "reading-enquiry"),
        "networkId": north_star, "visibility": "NETWORK",
        "commandId": _id("command", "knowledge:draft:findings"),
    }  # fmt: skip
    _retrying(amara, "draftArtefact", drawn, deadline)
    published = {"artefactId": findings, "commandId": _id("command", "knowledge:pub:findings")}
    _retrying(amara, "publishArtefact", published, deadline)
    adapted = _id("artefact", "case-study-riverbend")
    adapt = {
        "artefactId": adapted, "sourceArtefactId": starter[-1],
        "title": "Learning together at St Mary's: adapting Hillside's first year",
        "networkId": riverbend, "schoolId": _id("school", "stmarys"), "visibility": "NETWORK",
        "commandId": _id("command", "knowledge:adapt:case-study"),
    }  # fmt: skip
    _retrying(grace, "adaptArtefact", adapt, deadline)
    done = {"artefactId": adapted, "commandId": _id("command", "knowledge:pub:adapted")}
    _retrying(grace, "publishArtefact", done, deadline)
    progress("demo knowledge: enquiry findings, and a case study adapted by Riverbend")
    return {"case study": starter[-1], "its Riverbend adaptation": adapted}
