"""The groups service's side of a knowledge test: membership facts published to the groups topic
exactly as the groups service publishes them (its event names and fields), so the knowledge
service learns schools, networks, groups and people only through Kafka."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventkit.envelope import RecordedEvent

from tests.integration.knowledge.service import Service, a_foreign_event, eventually, publish

GROUPS_SOURCE = "/clc/groups"


@dataclass
class Groups:
    service: Service
    tenant: str = "tenant-a"
    _versions: dict[str, int] = field(default_factory=dict)
    _pending: list[RecordedEvent] = field(default_factory=list)

    def emit(self, stream_type: str, stream_id: str, event_type: str, **data: Any) -> Groups:
        version = self._versions.get(stream_id, 0) + 1
        self._versions[stream_id] = version
        actor = data.pop("actor_id", None)
        self._pending.append(
            a_foreign_event(
                stream_type,
                stream_id,
                event_type,
                data,
                tenant=self.tenant,
                version=version,
                actor=actor,
            )
        )
        return self

    def person(self, person: str, school: str) -> Groups:
        return self.emit(
            "practitioner",
            person,
            "PractitionerRegistered",
            practitioner_id=person,
            school_id=school,
            given_name=person.title(),
            family_name="Example",
        )

    def school_in_network(self, school: str, network: str) -> Groups:
        return self.emit(
            "network", network, "SchoolJoinedNetwork", network_id=network, school_id=school
        )

    def co_leader(self, person: str, network: str) -> Groups:
        return self.emit(
            "network",
            network,
            "NetworkCoLeaderAppointed",
            network_id=network,
            practitioner_id=person,
        )

    def group(self, group: str, network: str | None, *members: tuple[str, str, str]) -> Groups:
        """``members``: (person, school, role)."""
        self.emit(
            "learning_group",
            group,
            "LearningGroupFormed",
            group_id=group,
            name=group,
            kind="leadership",
            network_id=network,
        )
        for person, school, role in members:
            self.emit(
                "learning_group",
                group,
                "MemberAdded",
                group_id=group,
                practitioner_id=person,
                role=role,
                school_id=school,
            )
        return self

    def session_held(self, group: str, session: str, artefact: str, by: str) -> Groups:
        return self.emit(
            "learning_group",
            group,
            "SessionHeld",
            group_id=group,
            session_id=session,
            starts_at="2026-11-20T15:30:00+00:00",
            protocol="tuning",
            artefact_id=artefact,
            attendee_ids=[by],
            actor_id=by,
        )

    async def send(self) -> None:
        """Publish what was emitted, in order, and wait until the knowledge service applied it."""
        settings = self.service.settings
        events, self._pending = self._pending, []
        await publish(
            settings.kafka_bootstrap_servers, settings.groups_topic, GROUPS_SOURCE, *events
        )
        pool = self.service.app.state.runtime.pool
        wanted = {str(e.event_id) for e in events}

        async def applied() -> bool:
            done: int = await pool.fetchval(
                "select count(*) from projector_processed where source = $1"
                " and event_id::text = any($2::text[])",
                GROUPS_SOURCE,
                list(wanted),
            )
            return done == len(wanted)

        await eventually(applied)
