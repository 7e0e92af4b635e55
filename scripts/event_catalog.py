"""Write the event catalogue: ``docs/events/<service>.asyncapi.json`` for every service topic.

    uv run python scripts/event_catalog.py             # (re)write them: make catalog
    uv run python scripts/event_catalog.py --baseline  # accept the schemas: make events-baseline

``tests/unit/test_event_catalog.py`` fails when a committed document differs from what this
script would write, so an event model change cannot ship with a stale description; and
``tests/unit/test_event_compatibility.py`` fails when a schema breaks its committed baseline
(``docs/events/baseline/<service>.json``, every schema version ever accepted) — see
``eventkit.schema_compat``. ``--baseline`` refuses a breaking change unless ``--force``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clc_enquiry.application.base import EVENT_TYPES as ENQUIRY_EVENTS
from clc_enquiry.application.base import registry as enquiry_registry
from clc_groups.application.base import registry as groups_registry
from clc_groups.domain import EVENT_TYPES as GROUPS_EVENTS
from clc_knowledge.application.base import EVENT_TYPES as KNOWLEDGE_EVENTS
from clc_knowledge.application.base import registry as knowledge_registry
from clc_webhooks.application import registry as webhooks_registry
from clc_webhooks.domain import EVENT_TYPES as WEBHOOKS_EVENTS
from eventkit.catalog import asyncapi_document
from eventkit.registry import EventRegistry
from eventkit.schema_compat import Break, compare

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "events"
BASELINE = OUT / "baseline"

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
    "webhooks": (
        "clc.webhooks.events",
        "/clc/webhooks",
        WEBHOOKS_EVENTS,
        "Webhook subscriptions of tenants: created, secret rotated (by id, never the secret),"
        " paused, resumed, replays asked for. Never delivered by webhook.",
    ),
}

#: each service's event registry: where its upcasters are registered
REGISTRIES: dict[str, Callable[[], EventRegistry]] = {
    "groups": groups_registry,
    "enquiry": enquiry_registry,
    "knowledge": knowledge_registry,
    "webhooks": webhooks_registry,
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


def current_schemas(document: dict[str, Any]) -> dict[str, tuple[int, dict[str, Any]]]:
    """event type -> (schema version, JSON Schema) of one AsyncAPI document."""
    return {
        name: (message["payload"]["x-schema-version"], message["payload"])
        for name, message in document["components"]["messages"].items()
    }


def load_baseline(service: str) -> dict[str, dict[str, Any]]:
    path = BASELINE / f"{service}.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def breaks(
    service: str, document: dict[str, Any], baseline: dict[str, dict[str, Any]] | None = None
) -> list[Break]:
    """What ``document`` breaks of the service's committed baseline (empty: compatible)."""
    registry = REGISTRIES[service]()
    kept = load_baseline(service) if baseline is None else baseline
    return compare(kept, current_schemas(document), registry.has_upcaster)


def moved_baseline(service: str, document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The baseline with today's schemas added (earlier versions stay: old events still
    name them in ``ce_dataschema``)."""
    kept = load_baseline(service)
    for name, (version, schema) in current_schemas(document).items():
        kept.setdefault(name, {})[str(version)] = schema
    return {name: dict(sorted(v.items(), key=lambda kv: int(kv[0]))) for name, v in kept.items()}


def write_baseline(force: bool) -> int:
    BASELINE.mkdir(parents=True, exist_ok=True)
    found = {service: breaks(service, doc) for service, doc in documents().items()}
    if any(found.values()) and not force:
        for service, listed in found.items():
            for one in listed:
                print(f"{service}: {one}", file=sys.stderr)
        print(
            "breaking changes: bump the schema version and register an upcaster,"
            " or pass --force (make events-baseline FORCE=1)",
            file=sys.stderr,
        )
        return 1
    for service, document in documents().items():
        path = BASELINE / f"{service}.json"
        path.write_text(render(moved_baseline(service, document)))
        print(f"wrote {os.path.relpath(path, ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    if "--baseline" in argv:
        return write_baseline(force="--force" in argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for service, document in documents().items():
        path = OUT / f"{service}.asyncapi.json"
        path.write_text(render(document))
        print(f"wrote {path.relative_to(ROOT)} ({len(document['components']['messages'])} events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
