"""docker-compose.yml (and its production override) against the Compose Specification's JSON
schema (vendored: deploy/docker/schema), and what it promises: official images, one database and
owner per component, topics created before any service with their partitions and retention,
replicas per role, the gateway on 8000, secrets that fail loudly when unset.

No Docker engine runs here: nothing is built or started. Interpolation (``${VAR:?...}``) is what
compose does at run time; the schema sees the file as written."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft7Validator
from servicekit import runtime

from tests.unit.deploy import material

SCHEMA = json.loads((material.ROOT / "deploy/docker/schema/compose-spec.json").read_text())
FILES = ("docker-compose.yml", "deploy/docker/compose.production.yml")
COMPOSE = material.compose()
SERVICES = COMPOSE["services"]
INIT_SQL = (material.ROOT / "deploy/postgres/init-databases.sh").read_text()
CREATE_TOPICS = (material.ROOT / "deploy/docker/create-topics.sh").read_text()
ROLE_REPLICAS = {"api": 2, "projector": 2, "relay": 1}
SECRET_WORDS = ("PASSWORD", "SECRET", "KEY", "TOKEN")


@pytest.mark.parametrize("name", FILES)
def test_the_file_matches_the_compose_specification(name: str) -> None:
    errors = [e.message for e in Draft7Validator(SCHEMA).iter_errors(material.compose(name))]
    assert errors == []


def test_the_schema_check_does_catch_mistakes() -> None:
    broken = material.compose()
    broken["services"]["gateway"]["depends_on"]["groups-api"]["condition"] = "service_up"
    broken["services"]["kafka"]["healthcheck"]["intervall"] = "5s"
    assert len(list(Draft7Validator(SCHEMA).iter_errors(broken))) == 2


def test_infrastructure_is_the_official_images_with_health_checks() -> None:
    assert SERVICES["postgres"]["image"] == "postgres:18"
    assert SERVICES["kafka"]["image"].startswith("apache/kafka:4.1")
    assert SERVICES["kafka-init"]["image"] == SERVICES["kafka"]["image"]
    assert all("healthcheck" in SERVICES[name] for name in ("postgres", "kafka"))
    command = SERVICES["postgres"]["command"]
    assert "fsync=on" in command and "synchronous_commit=on" in command
    assert SERVICES["kafka"]["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


@pytest.mark.parametrize("service", material.SERVICES)
def test_each_service_runs_each_role_with_its_replicas(service: str) -> None:
    prefix = service.upper() + "_"
    for role, replicas in ROLE_REPLICAS.items():
        spec = SERVICES[f"{service}-{role}"]
        assert spec["build"]["target"] == service
        assert spec["build"]["dockerfile"] == "deploy/docker/Dockerfile"
        assert spec["image"].endswith(f"/{service}:${{CLC_IMAGE_TAG:-latest}}")
        assert spec["environment"][f"{prefix}ROLE"] == role
        assert spec["deploy"]["replicas"] == replicas
        assert spec["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
        assert "ports" not in spec, "subgraphs are reached through the gateway only"
        url = spec["environment"][f"{prefix}DATABASE_URL"]
        assert url.startswith(f"postgresql://{service}:") and url.endswith(
            f"@postgres:5432/{service}"
        )
    relay = SERVICES[f"{service}-relay"]
    assert relay["depends_on"]["postgres"]["condition"] == "service_healthy"
    # the api connects as the app role, which the relay (or a projector) creates at start
    assert SERVICES[f"{service}-api"]["depends_on"][f"{service}-relay"] == {
        "condition": "service_healthy"
    }


def test_one_database_and_owner_per_component() -> None:
    created = re.findall(r"^create_database (\w+) \"\$\{(\w+):\?", INIT_SQL, re.MULTILINE)
    assert [name for name, _ in created] == [*material.SERVICES, "gateway"]
    postgres_env = SERVICES["postgres"]["environment"]
    for _, variable in created:
        assert variable in postgres_env
    gateway_url = SERVICES["gateway"]["environment"]["GATEWAY_DATABASE_URL"]
    assert gateway_url.endswith("@postgres:5432/gateway")
    volume = "./deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-databases.sh:ro"
    assert volume in SERVICES["postgres"]["volumes"]


def _topic_configs(script: str) -> dict[str, dict[str, str]]:
    """What kafka-init's script gives each topic kind: ``{topic suffix: {key: value}}``."""
    arrays = {
        m[1]: dict(kv.split("=", 1) for kv in re.findall(r"--config (\S+)", m[2]))
        for m in re.finditer(r"^([A-Z_]+)=\((.*)\)$", script, re.M)
    }
    return {
        m[1]: arrays[m[2]]
        for m in re.finditer(
            r'create "clc\.\$\{service\}\.events([.a-z]*)" \S+ "\$\{(\w+)\[@\]\}"', script
        )
    }


def test_kafka_init_gives_each_topic_the_config_servicekit_creates_it_with() -> None:
    # the services create missing topics themselves (servicekit.runtime.ensure_topics): whichever
    # runs first, a topic must end up the same
    assert _topic_configs(CREATE_TOPICS) == {
        "": runtime.KEEP_HISTORY,
        ".dlq": runtime.DEAD_LETTER_RETENTION,
    }


def test_topics_are_created_with_partitions_and_retention_before_services_start() -> None:
    assert f"for service in {' '.join(material.SERVICES)}; do" in CREATE_TOPICS
    assert 'create "clc.${service}.events" "$PARTITIONS"' in CREATE_TOPICS
    assert 'create "clc.${service}.events.dlq" 1' in CREATE_TOPICS
    assert int(SERVICES["kafka-init"]["environment"]["TOPIC_PARTITIONS"]) >= 2
    published = {
        t
        for s in material.SERVICES
        for t in (
            material.service_settings(s).topic,
            material.service_settings(s).dead_letter_topic,
            *material.service_settings(s).consumed_topics(),
        )
    }
    made = {f"clc.{s}.events{suffix}" for s in material.SERVICES for suffix in ("", ".dlq")}
    assert published <= made


def test_the_xapi_topics_are_created_as_the_feed_creates_them() -> None:
    from clc_xapi import app as xapi
    from clc_xapi.settings import XapiSettings

    feed = XapiSettings()
    for topic, config in (
        (feed.statements_topic, xapi.STATEMENTS_RETENTION),
        (feed.dead_letter_topic, runtime.DEAD_LETTER_RETENTION),
    ):
        (line,) = [ln for ln in CREATE_TOPICS.splitlines() if ln.startswith(f"create {topic} ")]
        assert line.split()[2] == str(feed.topic_partitions), line
        arrays = {
            "KEEP_HISTORY": runtime.KEEP_HISTORY,
            "DEAD_LETTER_RETENTION": runtime.DEAD_LETTER_RETENTION,
        }
        made = dict(arrays[re.search(r"\{(\w+)\[@\]", line)[1]])  # type: ignore[index]
        made |= dict(m.split("=") for m in re.findall(r"--config (\S+)", line))
        assert made == config, topic


@pytest.mark.parametrize("consumer", material.CONSUMERS)
def test_each_consumer_runs_once_after_its_topics_exist(consumer: str) -> None:
    spec = SERVICES[consumer]
    assert spec["build"]["target"] == consumer
    assert spec["deploy"]["replicas"] == 1
    assert spec["depends_on"]["kafka-init"] == {"condition": "service_completed_successfully"}


def test_the_analytics_lake_is_on_a_volume() -> None:
    data_dir = SERVICES["analytics"]["environment"]["ANALYTICS_DATA_DIR"]
    assert f"analytics-data:{data_dir}" in SERVICES["analytics"]["volumes"]
    assert "analytics-data" in COMPOSE["volumes"]


def test_enquiry_gets_its_data_keys_from_the_groups_api() -> None:
    enquiry = SERVICES["enquiry-api"]["environment"]
    groups = SERVICES["groups-api"]["environment"]
    assert enquiry["ENQUIRY_KEY_SERVICE_URL"] == "http://groups-api:8001"
    assert enquiry["ENQUIRY_KEY_SERVICE_SECRET"] == groups["GROUPS_KEY_SERVICE_SECRET"]
    assert enquiry["ENQUIRY_KEY_ENCRYPTION_KEYS"].startswith("${ENQUIRY_KEY_ENCRYPTION_KEYS:?")


def test_the_gateway_is_on_8000_in_front_of_every_api() -> None:
    gateway = SERVICES["gateway"]
    assert gateway["build"]["target"] == "gateway"
    assert gateway["ports"] == ["${CLC_GATEWAY_BIND:-127.0.0.1}:8000:8000"]
    urls = json.loads(gateway["environment"]["GATEWAY_SUBGRAPH_URLS"])
    for service, port in zip(material.SERVICES, (8001, 8002, 8003, 8004), strict=True):
        assert urls[service] == [f"http://{service}-api:{port}/graphql"]
        assert gateway["depends_on"][f"{service}-api"]["condition"] == "service_healthy"


def test_secrets_fail_loudly_when_unset() -> None:
    text = (material.ROOT / FILES[0]).read_text()
    references = re.findall(r"\$\{([A-Z0-9_]+)(:?[-?][^}]*)?\}", text)
    secrets = [(v, how) for v, how in references if any(w in v for w in SECRET_WORDS)]
    assert secrets, "expected secrets"
    assert [v for v, how in secrets if not how.startswith(":?")] == []
    example = (material.ROOT / "deploy/docker/example.env").read_text()
    assert [v for v, _ in secrets if f"{v}=" not in example] == []


def test_the_production_override_only_adds_to_services_that_exist() -> None:
    text = (material.ROOT / FILES[1]).read_text()
    assert set(re.findall(r"\$\{([A-Z_]+)(:.)", text)) == {
        ("CLC_JWT_ISSUER", ":?"),
        ("CLC_JWT_AUDIENCE", ":?"),
        ("CLC_GATEWAY_BIND", ":-"),
    }
    override = material.compose("deploy/docker/compose.production.yml")["services"]
    assert set(override) <= set(SERVICES)
    for name, spec in override.items():
        env = spec["environment"]
        found = env.get("CLC_ENVIRONMENT") or env.get("GATEWAY_ENVIRONMENT")
        assert (found or env.get("ANALYTICS_ENVIRONMENT")) == "production", name
