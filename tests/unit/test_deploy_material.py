"""The Docker deployment describes the same system ``make run`` starts.

No Docker engine runs where these tests do, so the images are not built here; this checks that
the compose file, the database init script and the service registry agree.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from devstack.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
INIT_SQL = (ROOT / "deploy/postgres/init-databases.sql").read_text()
BUILT = [s for s in SERVICES if s.installed]


def test_every_built_service_is_in_the_compose_file_on_its_port() -> None:
    for service in BUILT:
        spec = COMPOSE["services"][service.name]
        assert spec["build"]["args"]["SERVICE"] == service.name
        assert f"127.0.0.1:{service.port}:{service.port}" in spec["ports"]
        assert spec["environment"][f"{service.env_prefix}PORT"] == str(service.port)


def test_every_built_service_waits_for_healthy_infrastructure_and_has_its_database() -> None:
    for service in BUILT:
        spec = COMPOSE["services"][service.name]
        assert spec["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert spec["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert f"/{service.name}" in spec["environment"][f"{service.env_prefix}DATABASE_URL"]
        assert f"CREATE DATABASE {service.name};" in INIT_SQL


def test_infrastructure_has_health_checks_and_the_versions_we_test_against() -> None:
    assert COMPOSE["services"]["postgres"]["image"] == "postgres:18"
    assert COMPOSE["services"]["kafka"]["image"].startswith("apache/kafka:4.1")
    assert all("healthcheck" in COMPOSE["services"][name] for name in ("postgres", "kafka"))
