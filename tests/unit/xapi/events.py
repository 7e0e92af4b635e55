"""The feed's input, built from the services' own event classes (so a changed event shape
shows up here), as the adapter hands it to the translator."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from clc_enquiry.domain.enquiry.events import IdeaProposed, ReflectionRecorded
from clc_enquiry.domain.learning_claim import LearningClaimValidated
from clc_groups.domain.learning_group.events import SessionHeld
from clc_groups.domain.practitioner import PractitionerRegistered
from clc_knowledge.domain.artefact.events import (
    ArtefactAdapted,
    ArtefactPublished,
    ArtefactUseRecorded,
)
from clc_xapi.domain.translate import SourceEvent
from eventkit.domain import DomainEvent

__all__ = ["AT", "NAMES", "as_source", "one_of_each", "registered"]

AT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
#: personal data that must never reach a statement (practitioner registration, free text)
NAMES = ("Ada", "Lovelace", "ada.lovelace@school.example", "Grace", "Hopper")


def as_source(
    event: DomainEvent, tenant: str = "severn", event_id: uuid.UUID | None = None
) -> SourceEvent:
    return SourceEvent(
        event_id=event_id or uuid.uuid4(),
        event_type=event.event_type or type(event).__name__,
        schema_version=event.schema_version,
        tenant_id=tenant,
        recorded_at=AT,
        data=event.model_dump(mode="json"),
    )


def registered(person: str = "p-ada") -> PractitionerRegistered:
    return PractitionerRegistered(
        practitioner_id=person,
        tenant_id="severn",
        school_id="s-1",
        given_name="Ada",
        family_name="Lovelace",
        email="ada.lovelace@school.example",
        role="teacher",
    )


def one_of_each() -> list[DomainEvent]:
    """One event of every type the feed translates; free text names people on purpose."""
    entry = {"enquiry_id": "enq-1", "cycle_id": "cyc-1", "author_id": "p-ada"}
    return [
        SessionHeld(
            group_id="grp-1",
            session_id="ses-1",
            starts_at=AT,
            protocol="dialogue",
            artefact_id="art-1",
            attendee_ids=("p-ada", "p-grace"),
        ),
        ReflectionRecorded(**entry, entry_id="ent-1", text="Ada Lovelace said Grace Hopper..."),
        IdeaProposed(
            **entry, entry_id="ent-2", text="Ask Ada Lovelace", knowledge_field="practitioner"
        ),
        LearningClaimValidated(
            claim_id="clm-1",
            author_id="p-grace",
            claimant_id="p-ada",
            group_id="grp-1",
            network_id="net-1",
            level="adult",
            depth="deep",
            note="well done Ada Lovelace",
        ),
        ArtefactPublished(artefact_id="art-1", author_id="p-ada", version=1, visibility="network"),
        ArtefactAdapted(
            artefact_id="art-2",
            author_id="p-grace",
            title="Grace Hopper's version",
            body="by ada.lovelace@school.example",
            levels=("adult",),
            kind="protocol",
            knowledge_field="co_constructed",
            contributor_ids=("p-grace",),
            group_id="grp-1",
            network_id="net-1",
            visibility="group",
            derived_from={
                "tenant_id": "wye",
                "artefact_id": "0b4f2a52-6a4e-4a53-9a55-2d4c1e0f9a11",
            },
            derived_from_version=2,
            derived_from_title="Ada Lovelace's original",
            across_tenants=True,
        ),
        ArtefactUseRecorded(
            artefact_id="art-1",
            author_id="p-ada",
            use_id="use-1",
            context="session",
            group_id="grp-1",
            session_id="ses-1",
            note="Grace Hopper liked it",
        ),
    ]
