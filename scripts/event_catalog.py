"""Write the event catalogue: ``docs/events/<service>.asyncapi.json`` for every service topic.

    uv run python scripts/event_catalog.py        # (re)write the documents
    make catalog                                  # the same

``tests/unit/test_event_catalog.py`` fails when a committed document differs from what this
script would write, so an event model change cannot ship with a stale description.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clc_enquiry.application.base import EVENT_TYPES as ENQUIRY_EVENTS
from clc_groups.domain import EVENT_TYPES as GROUPS_EVENTS
from clc_knowledge.application.base import EVENT_TYPES as KNOWLEDGE_EVENTS
from eventkit.catalog import asyncapi_document

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "events"

SERVICES = {
    "groups": (
        "clc.groups.events",
        "/clc/groups",
        GROUPS_EVENTS,
        "Who learns with whom: schools, practitioners, networks, learning groups and sessions.",
    ),
    "enquiry": (
        "clc.enquiry.events",
        "/clc/enquiry",
        ENQUIRY_EVENTS,
        "How they learn: enquiry cycles, learning claims and peer reviews.",
    ),
    "knowledge": (
        "clc.knowledge.events",
        "/clc/knowledge",
        KNOWLEDGE_EVENTS,
        "What communities learn and how it travels: artefacts, their versions, the commons,"
        " adaptations and uses.",
    ),
}


def documents() -> dict[str, dict[str, Any]]:
    return {
        service: asyncapi_document(
            service=service, topic=topic, source=source, events=events, description=text
        )
        for service, (topic, source, events, text) in SERVICES.items()
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for service, document in documents().items():
        path = OUT / f"{service}.asyncapi.json"
        path.write_text(render(document))
        print(f"wrote {path.relative_to(ROOT)} ({len(document['components']['messages'])} events)")


if __name__ == "__main__":
    main()
