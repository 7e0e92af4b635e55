"""A small network's history as the relays would publish it, for the analytics sink's tests:
a group in a network, sessions over three weeks, an enquiry with ideas, claims validated and
challenged — and a practitioner, Quentin Quayle-Unique, who is later erased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventkit.cloudevents import KafkaRecord

from tests.support.analytics import record

NAME, FAMILY, EMAIL = "Quentin", "Quayle-Unique", "quentin.quayle@oak.example"
START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def day(n: int) -> datetime:
    return START + timedelta(days=n)


def history(tenant: str = "t1") -> list[tuple[str, KafkaRecord]]:
    """(topic, record) in publishing order."""
    g, e = "clc.groups.events", "clc.enquiry.events"
    out: list[tuple[str, KafkaRecord]] = []

    def add(
        topic: str, service: str, event_type: str, data: dict[str, object], at: int, **kw: object
    ) -> None:
        out.append((topic, record(service, event_type, data, tenant=tenant, at=day(at), **kw)))  # type: ignore[arg-type]

    for person, given in (("qq", NAME), ("rb", "Rosa"), ("st", "Sol")):
        add(
            g,
            "groups",
            "PractitionerRegistered",
            {
                "practitioner_id": person,
                "given_name": given,
                "family_name": FAMILY if person == "qq" else "Other",
                "email": EMAIL if person == "qq" else None,
                "role": "teacher",
                "school_id": "oak",
                "organisation_id": None,
                "source_id": None,
                "tenant_id": tenant,
            },
            0,
            stream=person,
            stream_type="practitioner",
        )
    add(
        g,
        "groups",
        "LearningGroupFormed",
        {
            "group_id": "g1",
            "network_id": "n1",
            "founder_id": "qq",
            "name": "Quentin's circle",
            "kind": "enquiry_group",
            "ground_rules_quorum": None,
            "tenant_id": tenant,
        },
        0,
        actor="qq",
        stream="g1",
    )
    for week, attendees in enumerate((["qq", "rb"], ["qq", "rb", "st"], ["rb", "st"])):
        add(
            g,
            "groups",
            "SessionHeld",
            {
                "group_id": "g1",
                "session_id": f"s{week}",
                "attendee_ids": attendees,
                "protocol": "dialogue",
                "starts_at": day(7 * week).isoformat(),
                "artefact_id": None,
            },
            7 * week,
            actor="rb",
            stream="g1",
        )
    add(
        e,
        "enquiry",
        "EnquiryProposed",
        {
            "enquiry_id": "e1",
            "group_id": "g1",
            "network_id": "n1",
            "author_id": "qq",
            "question": "How does Quentin ask?",
            "title": "Questions",
            "approach": "lesson_study",
            "levels": ["pupil"],
        },
        1,
        actor="qq",
        stream="e1",
        stream_type="enquiry",
    )
    for i, field in enumerate(("public", "practitioner", "practitioner", "co_constructed")):
        add(
            e,
            "enquiry",
            "IdeaProposed",
            {
                "enquiry_id": "e1",
                "cycle_id": "c1",
                "entry_id": f"i{i}",
                "author_id": "qq" if i % 2 else "st",
                "text": f"{NAME} thinks {i}",
                "knowledge_field": field,
                "sources": [],
                "written_at": None,
            },
            2 + i,
            actor="qq",
            stream="e1",
            stream_type="enquiry",
        )
    claims = (
        ("c1", "pupil", "deep", 3),
        ("c2", "adult", "shallow", 10),
        ("c3", "pupil", "deep", 40),
    )
    for claim, level, depth, at in claims:
        add(
            e,
            "enquiry",
            "LearningClaimed",
            {
                "claim_id": claim,
                "author_id": "qq",
                "depth": depth,
                "enquiry_id": "e1",
                "evidence_refs": [],
                "group_id": "g1",
                "level": level,
                "network_id": "n1",
                "statement": f"{NAME} learned",
            },
            at,
            actor="qq",
            stream=claim,
            stream_type="learning_claim",
        )
        add(
            e,
            "enquiry",
            "LearningClaimValidated",
            {
                "claim_id": claim,
                "author_id": "rb",
                "claimant_id": "qq",
                "depth": depth,
                "group_id": "g1",
                "level": level,
                "network_id": "n1",
                "note": f"well done {NAME}",
            },
            at + 1,
            actor="rb",
            stream=claim,
            stream_type="learning_claim",
        )
    add(
        e,
        "enquiry",
        "LearningClaimChallenged",
        {"claim_id": "c2", "author_id": "st", "reason": "thin"},
        12,
        actor="st",
        stream="c2",
        stream_type="learning_claim",
    )
    return out


def erasure(person: str = "qq", tenant: str = "t1") -> tuple[str, KafkaRecord]:
    data = {"practitioner_id": person, "replacement_name": "Former member"}
    return "clc.groups.events", record(
        "groups",
        "PractitionerErased",
        data,
        tenant=tenant,
        at=day(50),
        stream=person,
        stream_type="practitioner",
    )
