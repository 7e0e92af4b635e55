"""Demo data for the analytics report: the reading enquiry's group meets, proposes ideas from
each field of knowledge, and claims learning that a colleague validates — so that ``clc
analytics report`` after ``make run`` draws a learning matrix, participation and a knowledge
balance instead of empty charts.

Seeded after the rest of the demo; a refused step is reported and the rest of this story skipped,
never failing ``make run`` (the core demo does not depend on it).
"""

from __future__ import annotations

import time
from typing import Any

from devstack._proc import DevstackError, progress
from devstack.demo import _NOT_YET_KNOWN, _Client, _id, dev_token

__all__ = ["seed_learning"]

_EVIDENCE = ["Class library loans log, autumn term"]


def _steps(amara: _Client, ben: _Client) -> list[tuple[_Client, str, str, dict[str, Any]]]:
    enquiry, cycle = _id("enquiry", "reading"), _id("cycle", "reading-1")
    group = _id("group", "reading-enquiry")
    idea = {"enquiryId": enquiry, "cycleId": cycle}
    return [
        (amara, "advanceCyclePhase", "AdvanceCyclePhaseInput", idea),  # to new ideas
        (ben, "proposeIdea", "ProposeIdeaInput", idea | {
            "entryId": _id("entry", "ben-idea-1"), "knowledgeField": "PRACTITIONER",
            "text": "Pupils restock the class library themselves each half term.",
        }),
        (amara, "proposeIdea", "ProposeIdeaInput", idea | {
            "entryId": _id("entry", "amara-idea-1"), "knowledgeField": "PUBLIC",
            "text": "Reading for pleasure grows with choice and social reading.",
            "sources": ["Clark & Rumbold (2006), Reading for pleasure: a research overview"],
        }),
        (ben, "proposeIdea", "ProposeIdeaInput", idea | {
            "entryId": _id("entry", "ben-idea-2"), "knowledgeField": "CO_CONSTRUCTED",
            "text": "A reading-buddy rota across both schools' Year 5 classes.",
        }),
        (amara, "claimLearning", "ClaimLearningInput", {
            "claimId": _id("claim", "reading-pupil"), "groupId": group, "enquiryId": enquiry,
            "level": "PUPIL", "depth": "DEEP", "evidenceRefs": _EVIDENCE,
            "statement": "Reluctant readers read more at home when they choose the books.",
        }),
        (ben, "validateLearningClaim", "ValidateLearningClaimInput", {
            "claimId": _id("claim", "reading-pupil"),
        }),
        (ben, "claimLearning", "ClaimLearningInput", {
            "claimId": _id("claim", "reading-adult"), "groupId": group, "enquiryId": enquiry,
            "level": "ADULT", "depth": "SHALLOW", "evidenceRefs": _EVIDENCE,
            "statement": "We now plan library time together rather than class by class.",
        }),
        (amara, "validateLearningClaim", "ValidateLearningClaimInput", {
            "claimId": _id("claim", "reading-adult"),
        }),
    ]  # fmt: skip


def seed_learning(groups_url: str, enquiry_url: str, secret: str, wait_s: float = 60.0) -> None:
    """The session held, ideas proposed, two claims validated (idempotent by command id)."""
    admin = _Client(groups_url, dev_token(secret, "demo-admin", ["tenant_admin"]))
    amara = _Client(enquiry_url, dev_token(secret, _id("person", "amara"), ["teacher"]))
    ben = _Client(enquiry_url, dev_token(secret, _id("person", "ben"), ["teacher"]))
    held = {
        "groupId": _id("group", "reading-enquiry"),
        "sessionId": _id("session", "reading-1"),
        "attendeeIds": [_id("person", p) for p in ("amara", "ben", "dev", "ellen")],
    }
    steps = [(admin, "holdSession", "HoldSessionInput", held), *_steps(amara, ben)]
    deadline = time.monotonic() + wait_s
    try:
        for n, (client, field, input_type, values) in enumerate(steps, start=1):
            command = {**values, "commandId": _id("command", f"learning:{field}:{n}")}
            while errors := client.try_mutate(field, input_type, command):
                if {e["code"] for e in errors} - _NOT_YET_KNOWN or time.monotonic() > deadline:
                    raise DevstackError(f"{field}: {errors}")
                time.sleep(0.5)
            progress(f"demo learning {n}/{len(steps)}: {field}")
    except (DevstackError, OSError) as error:
        progress(f"demo learning story stopped (the analytics report will be sparser): {error}")
