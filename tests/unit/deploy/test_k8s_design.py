"""What the Kubernetes manifests promise, checked on what each overlay renders: per-role
Deployments with probes, autoscalers and disruption budgets, only the gateway reaching the
subgraphs, TLS on every hop, Kafka topics and users matching the services' settings, Secrets
referenced and never written down, and the generated files up to date."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from servicekit import runtime

from tests.unit.deploy import material

ROLES = ("api", "projector", "relay")
#: the api that hands out data keys -> the Deployments that fetch them
KEY_SERVICE_CLIENTS = {"groups-api": tuple(f"enquiry-{role}" for role in ROLES)}


@pytest.fixture(scope="module", params=material.OVERLAYS)
def docs(request: pytest.FixtureRequest) -> list[material.Doc]:
    rendered: list[material.Doc] = material.render(request.param)
    return rendered


def _pod(deployment: material.Doc) -> material.Doc:
    pod: material.Doc = deployment["spec"]["template"]["spec"]
    return pod


def _env(container: material.Doc) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def _selects(selector: material.Doc, deployment: material.Doc) -> bool:
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    return all(pod_labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def test_the_generated_manifests_are_up_to_date() -> None:
    generator = runpy.run_path(str(material.K8S / "generate.py"))
    outputs: dict[Path, str] = generator["outputs"]()
    stale = [str(p) for p, text in outputs.items() if not p.exists() or p.read_text() != text]
    assert stale == [], "run: uv run python deploy/k8s/generate.py"


def test_each_service_runs_each_role_with_probes_an_autoscaler_and_a_budget(docs: list) -> None:
    deployments = material.by_kind(docs, "Deployment")
    autoscalers = material.by_kind(docs, "HorizontalPodAutoscaler")
    budgets = list(material.by_kind(docs, "PodDisruptionBudget").values())
    for service in material.SERVICES:
        prefix = service.upper() + "_"
        for role in ROLES:
            deployment = deployments[f"{service}-{role}"]
            (container,) = _pod(deployment)["containers"]
            assert _env(container)[f"{prefix}ROLE"] == role
            assert container["args"] == ["serve"]
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
            assert [b for b in budgets if _selects(b["spec"]["selector"], deployment)]
        for role in ("api", "projector"):
            target = autoscalers[f"{service}-{role}"]["spec"]["scaleTargetRef"]
            assert (target["kind"], target["name"]) == ("Deployment", f"{service}-{role}")
            # the autoscaler owns the count: a replicas field would reset it at every apply
            assert "replicas" not in deployments[f"{service}-{role}"]["spec"]
        # a standby relay waits on the advisory lock; more would only wait too
        assert deployments[f"{service}-relay"]["spec"]["replicas"] == 2
        assert f"{service}-relay" not in autoscalers


def test_pods_run_unprivileged_on_a_read_only_root(docs: list) -> None:
    for deployment in material.by_kind(docs, "Deployment").values():
        pod = _pod(deployment)
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]


def test_only_the_gateway_reaches_the_subgraphs(docs: list) -> None:
    policies = material.by_kind(docs, "NetworkPolicy")
    default = policies["default-deny-ingress"]["spec"]
    assert default["podSelector"] == {} and default["policyTypes"] == ["Ingress"]
    assert "ingress" not in default
    deployments = material.by_kind(docs, "Deployment")
    gateway = deployments["gateway"]
    for name, deployment in deployments.items():
        admitting = [p for p in policies.values() if _selects(p["spec"]["podSelector"], deployment)]
        sources = [
            peer
            for policy in admitting
            for rule in policy["spec"].get("ingress", [])
            for peer in rule.get("from", [{}])
        ]
        if name == "gateway":
            assert sources == [
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                    }
                }
            ]
        elif name.endswith("-api"):
            # besides the gateway, only enquiry reaches one api: groups' (its data keys, from
            # POST /internal/keys), on that port only
            callers = [deployments[n] for n in KEY_SERVICE_CLIENTS.get(name, ())]
            assert sources and all(
                set(peer) == {"podSelector"}
                and any(_selects(peer["podSelector"], d) for d in (gateway, *callers))
                for peer in sources
            ), name
            for caller in callers:
                assert any(_selects(p["podSelector"], caller) for p in sources), name
        else:  # projectors and relays take no traffic
            assert sources == [], name


def test_only_labelled_components_reach_postgresql_and_kafka(docs: list) -> None:
    policy = material.by_kind(docs, "NetworkPolicy")["clc-pg-clients"]["spec"]
    client_rule = policy["ingress"][0]
    assert client_rule["from"] == [
        {"podSelector": {"matchLabels": {"clc.io/database-client": "true"}}}
    ]
    listener = material.by_kind(docs, "Kafka")["clc-kafka"]["spec"]["kafka"]["listeners"]
    assert [item["networkPolicyPeers"] for item in listener] == [
        [{"podSelector": {"matchLabels": {"clc.io/kafka-client": "true"}}}]
    ]
    deployments = material.by_kind(docs, "Deployment")
    for service in material.SERVICES:
        for role in ROLES:
            labels = deployments[f"{service}-{role}"]["spec"]["template"]["metadata"]["labels"]
            assert labels["clc.io/database-client"] == "true"
            # only the relay publishes and only the projector consumes
            assert labels.get("clc.io/kafka-client") == (None if role == "api" else "true")
    gateway_labels = deployments["gateway"]["spec"]["template"]["metadata"]["labels"]
    assert "clc.io/kafka-client" not in gateway_labels


def test_every_hop_is_tls(docs: list) -> None:
    kafka = material.by_kind(docs, "Kafka")["clc-kafka"]["spec"]["kafka"]
    assert all(item["tls"] for item in kafka["listeners"])
    assert all(item["authentication"]["type"] == "scram-sha-512" for item in kafka["listeners"])
    cluster = material.by_kind(docs, "Cluster")["clc-pg"]["spec"]
    assert cluster["postgresql"]["pg_hba"][0].startswith("hostnossl all all")
    assert cluster["postgresql"]["pg_hba"][0].endswith(" reject")
    certificates = material.by_kind(docs, "Certificate")
    services = material.by_kind(docs, "Service")
    for name, deployment in material.by_kind(docs, "Deployment").items():
        (container,) = _pod(deployment)["containers"]
        env = _env(container)
        for key, value in env.items():
            if key.endswith("DATABASE_URL"):
                assert "sslmode=verify-full" in value and "sslrootcert=" in value, name
            if key.endswith("KAFKA_SECURITY_PROTOCOL"):
                assert value == "SASL_SSL", name
            if key == "GATEWAY_SUBGRAPH_URLS":
                for urls in json.loads(value).values():
                    assert all(u.startswith("https://") for u in urls)
        assert all(p["httpGet"]["scheme"] == "HTTPS" for p in _probes(container)), name
        component = deployment["metadata"]["labels"]["app.kubernetes.io/name"]
        secret = certificates[f"{component}-tls"]["spec"]["secretName"]
        volumes = {v["name"]: v for v in _pod(deployment)["volumes"]}
        assert volumes["tls"]["secret"]["secretName"] == secret
    for name, service in services.items():
        hosts = certificates[f"{service['metadata']['labels']['app.kubernetes.io/name']}-tls"]
        assert f"{name}.clc.svc" in hosts["spec"]["dnsNames"]


def test_enquiry_fetches_data_keys_from_the_groups_api_over_tls(docs: list) -> None:
    deployments = material.by_kind(docs, "Deployment")
    groups_port = _pod(deployments["groups-api"])["containers"][0]["ports"][0]["containerPort"]
    policies = material.by_kind(docs, "NetworkPolicy")
    (rule,) = policies["groups-api-from-enquiry"]["spec"]["ingress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": groups_port}]
    for role in ROLES:
        enquiry = _env(_pod(deployments[f"enquiry-{role}"])["containers"][0])
        groups = _env(_pod(deployments[f"groups-{role}"])["containers"][0])
        assert enquiry["ENQUIRY_KEY_SERVICE_URL"] == f"https://groups-api.clc.svc:{groups_port}"
        assert enquiry["ENQUIRY_KEY_SERVICE_SECRET"] == groups["GROUPS_KEY_SERVICE_SECRET"]
        assert "secretKeyRef" in enquiry["ENQUIRY_KEY_ENCRYPTION_KEYS"]
        assert "secretKeyRef" in groups["GROUPS_KEY_ENCRYPTION_KEYS"]
        assert enquiry["SSL_CERT_FILE"].endswith("/ca.crt")


def _probes(container: material.Doc) -> list[material.Doc]:
    return [container[k] for k in ("startupProbe", "livenessProbe", "readinessProbe")]


def test_topics_match_what_the_services_publish_and_consume(docs: list) -> None:
    topics = {
        t["spec"]["topicName"]: t["spec"] for t in material.by_kind(docs, "KafkaTopic").values()
    }
    users = material.by_kind(docs, "KafkaUser")
    wanted: set[str] = set()
    for service in material.SERVICES:
        settings = material.service_settings(service)
        wanted |= {settings.topic, settings.dead_letter_topic, *settings.consumed_topics()}
        acls = users[service]["spec"]["authorization"]["acls"]
        readable = {a["resource"]["name"] for a in acls if "Read" in a["operations"]}
        writable = {a["resource"]["name"] for a in acls if "Write" in a["operations"]}
        assert users[service]["spec"]["authentication"]["type"] == "scram-sha-512"
        # the KafkaTopics are the only source of topics: no service may create one
        assert not [a for a in acls if "Create" in a["operations"]]
        for role in ROLES:
            (container,) = _pod(material.by_kind(docs, "Deployment")[f"{service}-{role}"])[
                "containers"
            ]
            assert _env(container)[f"{service.upper()}_CREATE_TOPICS"] == "false"
        assert set(settings.consumed_topics()) | {settings.projector_name} <= readable
        assert writable == {settings.topic, settings.dead_letter_topic}
    xapi = _xapi_topics()
    assert set(topics) == wanted | set(xapi)
    for name, (partitions, config) in xapi.items():
        spec = topics.pop(name)
        assert spec["partitions"] == partitions, name
        assert {k: v for k, v in spec["config"].items() if k != "min.insync.replicas"} == config
    for name, spec in topics.items():
        # as servicekit creates them (ensure_topics) where no KafkaTopic exists
        kept = runtime.DEAD_LETTER_RETENTION if name.endswith(".dlq") else runtime.KEEP_HISTORY
        assert {k: v for k, v in spec["config"].items() if k != "min.insync.replicas"} == kept
        assert spec["replicas"] == 3 and spec["config"]["min.insync.replicas"] == "2"
        assert spec["partitions"] >= (1 if name.endswith(".dlq") else 2)
    kafka = material.by_kind(docs, "Kafka")["clc-kafka"]["spec"]["kafka"]["config"]
    assert kafka["auto.create.topics.enable"] is False
    assert kafka["min.insync.replicas"] == 2


def _xapi_topics() -> dict[str, tuple[int, dict[str, str]]]:
    """The feed's topics as it creates them itself (clc_xapi.app)."""
    from clc_xapi import app as xapi
    from clc_xapi.settings import XapiSettings

    feed = XapiSettings()
    return {
        feed.statements_topic: (feed.topic_partitions, xapi.STATEMENTS_RETENTION),
        feed.dead_letter_topic: (feed.topic_partitions, runtime.DEAD_LETTER_RETENTION),
    }


def test_each_component_has_its_own_database_owner_and_backups(docs: list) -> None:
    cluster = material.by_kind(docs, "Cluster")["clc-pg"]["spec"]
    roles = {r["name"]: r for r in cluster["managed"]["roles"]}
    databases = {d["spec"]["name"]: d["spec"] for d in material.by_kind(docs, "Database").values()}
    for component in (*material.SERVICES, "gateway"):
        assert databases[component]["owner"] == component
        assert roles[component]["passwordSecret"]["name"] == f"{component}-db"
        # services create their app role (no BYPASSRLS) at start; the gateway has none to create
        assert roles[component].get("createrole", False) is (component != "gateway")
    assert cluster["postgresql"]["parameters"]["synchronous_commit"] == "on"
    assert cluster["postgresql"]["synchronous"]["dataDurability"] == "required"
    (plugin,) = cluster["plugins"]
    assert plugin["isWALArchiver"] is True
    store = material.by_kind(docs, "ObjectStore")[plugin["parameters"]["barmanObjectName"]]
    assert store["spec"]["configuration"]["wal"]
    (backup,) = material.by_kind(docs, "ScheduledBackup").values()
    assert backup["spec"]["method"] == "plugin"
    assert backup["spec"]["pluginConfiguration"]["name"] == plugin["name"]


def test_secrets_are_referenced_never_written_and_the_runbook_names_each(docs: list) -> None:
    assert material.by_kind(docs, "Secret") == {}
    runbook = (material.K8S / "RUNBOOK.md").read_text()
    operator_made = {"clc-pg-ca", "clc-kafka-cluster-ca-cert", *material.SERVICES}
    referenced: set[str] = set()
    for deployment in material.by_kind(docs, "Deployment").values():
        pod = _pod(deployment)
        for container in pod["containers"]:
            referenced |= {
                e["valueFrom"]["secretKeyRef"]["name"]
                for e in container["env"]
                if "secretKeyRef" in e.get("valueFrom", {})
            }
        referenced |= {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
    for spec in (material.by_kind(docs, "Cluster")["clc-pg"]["spec"],):
        referenced |= {r["passwordSecret"]["name"] for r in spec["managed"]["roles"]}
    certificate_made = {
        c["spec"]["secretName"] for c in material.by_kind(docs, "Certificate").values()
    }
    to_create = referenced - operator_made - certificate_made
    assert to_create, "expected Secrets the operators of the cluster create"
    missing = sorted(s for s in to_create if f"`{s}`" not in runbook)
    assert missing == []
    assert "`clc-backup-s3`" in runbook


def test_variables_expanded_by_the_kubelet_are_defined_before_use(docs: list) -> None:
    for deployment in material.by_kind(docs, "Deployment").values():
        for container in _pod(deployment)["containers"]:
            defined: set[str] = set()
            for entry in container["env"]:
                for used in re.findall(r"\$\(([A-Z0-9_]+)\)", entry.get("value", "")):
                    assert used in defined, (entry["name"], used)
                defined.add(entry["name"])


def test_overlays_pin_one_tag_for_every_image() -> None:
    for overlay in ("overlays/dev", "overlays/prod"):
        images = {c["image"] for d in material.render(overlay) for c in material.containers(d)}
        tags = {image.rpartition(":")[2] for image in images}
        assert len(tags) == 1 and "latest" not in tags, (overlay, images)
