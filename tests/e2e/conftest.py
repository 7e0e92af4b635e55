"""The system as a client meets it: the real service processes over HTTP, started the way
``make run`` starts them, on the session's real PostgreSQL and Kafka."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from devstack.services import DEV_JWT_SECRET, RunningService, start_services
from eventkit.principal import issue_dev_token


@pytest.fixture(scope="package")
def services(postgres_admin_dsn: str, kafka_bootstrap: str) -> Iterator[dict[str, str]]:
    """Service name -> base URL, for every service that is built."""
    env = {"DATABASE_URL": postgres_admin_dsn, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    running: list[RunningService] = start_services(
        env, free_ports=True, database_suffix=f"_e2e_{uuid.uuid4().hex[:8]}"
    )
    try:
        yield {r.service.name: r.service.url for r in running}
    finally:
        for r in reversed(running):
            r.stop()


def token(tenant: str, person: str, *roles: str) -> str:
    return issue_dev_token(DEV_JWT_SECRET, tenant_id=tenant, person_id=person, roles=roles)
