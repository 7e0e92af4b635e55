"""Writes the per-component manifests of ``deploy/k8s/base`` from one table of components.

Every service is laid out like its neighbours (three Deployments by role, one Service, HPAs,
PDBs, NetworkPolicies, a Certificate, a KafkaUser, a Database), so they are generated rather than
copied by hand; the infrastructure (Kafka cluster, PostgreSQL cluster, issuers, kustomizations)
is written by hand. After changing this file::

    uv run python deploy/k8s/generate.py

``tests/unit/deploy`` fails while the committed files differ from what this writes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).resolve().parent / "base"
NAMESPACE = "clc"
PG_CLUSTER = "clc-pg"
KAFKA_CLUSTER = "clc-kafka"
KAFKA_BOOTSTRAP = f"{KAFKA_CLUSTER}-kafka-bootstrap:9093"
CA_ISSUER = "clc-ca"
#: event topics' partitions: the most projector replicas that get work
PARTITIONS = 6
PG_CA = "/etc/clc/pg-ca/ca.crt"
KAFKA_CA = "/etc/clc/kafka-ca/ca.crt"
TLS_DIR = "/etc/clc/tls"


@dataclass(frozen=True)
class Component:
    name: str
    port: int
    consumes: tuple[str, ...] = ()
    """Other services whose topics this service's projector reads."""

    @property
    def prefix(self) -> str:
        return f"{self.name.upper()}_"

    @property
    def topic(self) -> str:
        return f"clc.{self.name}.events"


SERVICES = (
    Component("groups", 8001),
    Component("enquiry", 8002, consumes=("groups",)),
    Component("knowledge", 8003, consumes=("groups", "enquiry")),
    # the projector delivers too: it reads every topic a subscriber may receive
    Component("webhooks", 8004, consumes=("groups", "enquiry", "knowledge")),
)
GATEWAY = Component("gateway", 8000)
#: replicas per role; the relay runs a hot standby (one active under the advisory lock)
ROLES = {"api": 2, "projector": 2, "relay": 2}


def labels(component: str, role: str | None = None) -> dict[str, str]:
    found = {"app.kubernetes.io/name": component, "app.kubernetes.io/part-of": "clc"}
    if role:
        found["app.kubernetes.io/component"] = role
    return found


def secret_env(name: str, secret: str, key: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def config_env(name: str, key: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"configMapKeyRef": {"name": "clc-config", "key": key}}}


def database_url(owner: str) -> str:
    # $(DB_PASSWORD) is expanded by the kubelet from the variable defined before it
    host = f"{PG_CLUSTER}-rw.{NAMESPACE}.svc"
    return (
        f"postgresql://{owner}:$(DB_PASSWORD)@{host}:5432/{owner}"
        f"?sslmode=verify-full&sslrootcert={PG_CA}"
    )


def key_env(c: Component) -> list[dict[str, Any]]:
    """The keys of personal data (issue 13): groups holds practitioners' data keys, wrapped by
    its KEKs, and hands them to enquiry over ``POST /internal/keys``; webhooks encrypts its
    subscriptions' signing secrets."""
    p = c.prefix
    if c.name == "groups":
        return [
            secret_env(f"{p}KEY_ENCRYPTION_KEYS", "groups-keks", "keys"),
            secret_env(f"{p}KEY_SERVICE_SECRET", "clc-key-service", "secret"),
        ]
    if c.name == "enquiry":
        groups = next(s for s in SERVICES if s.name == "groups")
        return [
            secret_env(f"{p}KEY_ENCRYPTION_KEYS", "enquiry-keks", "keys"),
            secret_env(f"{p}KEY_SERVICE_SECRET", "clc-key-service", "secret"),
            {
                "name": f"{p}KEY_SERVICE_URL",
                "value": f"https://groups-api.{NAMESPACE}.svc:{groups.port}",
            },
            # the groups api's certificate comes from the same CA as enquiry's own
            {"name": "SSL_CERT_FILE", "value": f"{TLS_DIR}/ca.crt"},
        ]
    if c.name == "webhooks":
        return [secret_env(f"{p}SECRET_ENCRYPTION_KEY", "webhooks-kek", "key")]
    return []


def service_env(c: Component, role: str) -> list[dict[str, Any]]:
    p = c.prefix
    return [
        {"name": f"{p}ROLE", "value": role},
        {"name": "CLC_ENVIRONMENT", "value": "production"},
        secret_env("DB_PASSWORD", f"{c.name}-db", "password"),
        {"name": f"{p}DATABASE_URL", "value": database_url(c.name)},
        secret_env(f"{p}APP_ROLE_PASSWORD", f"{c.name}-app-db", "password"),
        secret_env(f"{p}JWT_HS256_SECRET", "clc-jwt", "hs256-secret"),
        config_env(f"{p}JWT_ISSUER", "jwt-issuer"),
        config_env(f"{p}JWT_AUDIENCE", "jwt-audience"),
        secret_env(f"{p}COMMAND_FINGERPRINT_KEY", f"{c.name}-fingerprint", "key"),
        secret_env(f"{p}METRICS_TOKEN", "clc-metrics", "token"),
        {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": KAFKA_BOOTSTRAP},
        {"name": f"{p}KAFKA_SECURITY_PROTOCOL", "value": "SASL_SSL"},
        {"name": f"{p}KAFKA_SASL_MECHANISM", "value": "SCRAM-SHA-512"},
        {"name": f"{p}KAFKA_SASL_USERNAME", "value": c.name},
        # the Strimzi User Operator writes the SCRAM password into a Secret named after the user
        secret_env(f"{p}KAFKA_SASL_PASSWORD", c.name, "password"),
        {"name": f"{p}KAFKA_SSL_CAFILE", "value": KAFKA_CA},
        # the KafkaTopics own partitions and replication: a service waits for them, never
        # creating one first with its own defaults
        {"name": f"{p}CREATE_TOPICS", "value": "false"},
        {"name": f"{p}SSL_CERTFILE", "value": f"{TLS_DIR}/tls.crt"},
        {"name": f"{p}SSL_KEYFILE", "value": f"{TLS_DIR}/tls.key"},
        {"name": "CLC_HEALTH_SCHEME", "value": "https"},
        *key_env(c),
    ]


def volumes(c: Component, kafka: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    found: list[dict[str, Any]] = [
        {"name": "tls", "secret": {"secretName": f"{c.name}-tls"}},
        {
            "name": "pg-ca",
            "secret": {
                "secretName": f"{PG_CLUSTER}-ca",
                "items": [{"key": "ca.crt", "path": "ca.crt"}],
            },
        },
        {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}},
    ]
    mounts = [
        {"name": "tls", "mountPath": TLS_DIR, "readOnly": True},
        {"name": "pg-ca", "mountPath": "/etc/clc/pg-ca", "readOnly": True},
        {"name": "tmp", "mountPath": "/tmp"},
    ]
    if kafka:
        found.append(
            {
                "name": "kafka-ca",
                "secret": {
                    "secretName": f"{KAFKA_CLUSTER}-cluster-ca-cert",
                    "items": [{"key": "ca.crt", "path": "ca.crt"}],
                },
            }
        )
        mounts.append({"name": "kafka-ca", "mountPath": "/etc/clc/kafka-ca", "readOnly": True})
    return found, mounts


def probe(path: str, port: int, period: int, failures: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": port, "scheme": "HTTPS"},
        "periodSeconds": period,
        "timeoutSeconds": 3,
        "failureThreshold": failures,
    }


def pod_spec(
    c: Component, role: str, env: list[dict[str, Any]], args: list[str], kafka: bool
) -> dict[str, Any]:
    vols, mounts = volumes(c, kafka)
    return {
        "serviceAccountName": c.name,
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "fsGroup": 10001,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "terminationGracePeriodSeconds": 30,
        "topologySpreadConstraints": [
            {
                "maxSkew": 1,
                "topologyKey": "kubernetes.io/hostname",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": labels(c.name, role)},
            }
        ],
        "containers": [
            {
                "name": c.name,
                "image": f"clc/{c.name}:latest",
                "args": args,
                "ports": [{"name": "https", "containerPort": c.port}],
                "env": env,
                "startupProbe": probe("/healthz", c.port, 5, 60),
                "livenessProbe": probe("/healthz", c.port, 10, 3),
                "readinessProbe": probe("/readyz", c.port, 5, 3),
                "resources": {
                    "requests": {"cpu": "250m", "memory": "256Mi"},
                    "limits": {"memory": "1Gi"},
                },
                "securityContext": {
                    "allowPrivilegeEscalation": False,
                    "readOnlyRootFilesystem": True,
                    "capabilities": {"drop": ["ALL"]},
                },
                "volumeMounts": mounts,
            }
        ],
        "volumes": vols,
    }


def deployment(
    c: Component,
    role: str,
    replicas: int | None,
    env: list[dict[str, Any]],
    args: list[str],
    kafka: bool,
) -> dict[str, Any]:
    """``replicas`` None: an autoscaler owns the count (a ``replicas`` in the manifest would
    reset it at every apply)."""
    name = c.name if role == "gateway" else f"{c.name}-{role}"
    extra = {"clc.io/database-client": "true"}
    # an api process publishes nothing and consumes nothing (the relay and projector do): the
    # Kafka listener's policy does not admit it
    if kafka and role != "api":
        extra["clc.io/kafka-client"] = "true"
    count = {} if replicas is None else {"replicas": replicas}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(c.name, role)},
        "spec": {
            **count,
            "selector": {"matchLabels": labels(c.name, role)},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1},
            },
            "template": {
                "metadata": {"labels": {**labels(c.name, role), **extra}},
                "spec": pod_spec(c, role, env, args, kafka),
            },
        },
    }


def hpa(name: str, component: str, minimum: int, maximum: int) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name, "labels": labels(component)},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": minimum,
            "maxReplicas": maximum,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def pdb(name: str, component: str, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "labels": labels(component, role)},
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": labels(component, role)}},
    }


def service(name: str, c: Component, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": labels(c.name, role)},
        "spec": {
            "selector": labels(c.name, role),
            "ports": [
                {"name": "https", "port": c.port, "targetPort": "https", "appProtocol": "https"}
            ],
        },
    }


def certificate(c: Component, service_name: str) -> dict[str, Any]:
    hosts = [service_name, f"{service_name}.{NAMESPACE}", f"{service_name}.{NAMESPACE}.svc"]
    return {
        "apiVersion": "cert-manager.io/v1",
        "kind": "Certificate",
        "metadata": {"name": f"{c.name}-tls", "labels": labels(c.name)},
        "spec": {
            "secretName": f"{c.name}-tls",
            "issuerRef": {"name": CA_ISSUER, "kind": "Issuer", "group": "cert-manager.io"},
            "dnsNames": [*hosts, f"{service_name}.{NAMESPACE}.svc.cluster.local", "localhost"],
            "ipAddresses": ["127.0.0.1"],
            "duration": "2160h",
            "renewBefore": "360h",
            "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
            "usages": ["server auth", "digital signature"],
        },
    }


def service_account(name: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": name, "labels": labels(name)},
        "automountServiceAccountToken": False,
    }


def network_policy(c: Component) -> dict[str, Any]:
    """Only the gateway reaches a subgraph's api pods; projector and relay pods take no traffic
    but the kubelet's probes (which NetworkPolicies do not govern)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": f"{c.name}-api-from-gateway", "labels": labels(c.name, "api")},
        "spec": {
            "podSelector": {"matchLabels": labels(c.name, "api")},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [{"podSelector": {"matchLabels": labels("gateway", "gateway")}}],
                    "ports": [{"protocol": "TCP", "port": c.port}],
                }
            ],
        },
    }


def key_service_policy(groups: Component, client: Component) -> dict[str, Any]:
    """Besides the gateway, ``client``'s pods reach the groups api on its port: they fetch
    practitioners' data keys from ``POST /internal/keys`` (signed with the shared key-service
    secret; NetworkPolicies cannot tell paths apart, the signature does)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {
            "name": f"{groups.name}-api-from-{client.name}",
            "labels": labels(groups.name, "api"),
        },
        "spec": {
            "podSelector": {"matchLabels": labels(groups.name, "api")},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [{"podSelector": {"matchLabels": labels(client.name)}}],
                    "ports": [{"protocol": "TCP", "port": groups.port}],
                }
            ],
        },
    }


def kafka_user(c: Component) -> dict[str, Any]:
    def acl(
        kind: str, name: str, operations: list[str], pattern: str = "literal"
    ) -> dict[str, Any]:
        return {
            "resource": {"type": kind, "name": name, "patternType": pattern},
            "operations": operations,
        }

    # no Create: the KafkaTopics are the only source of topics (<PREFIX>CREATE_TOPICS=false)
    own = [
        acl("topic", c.topic, ["Describe", "Read", "Write"]),
        acl("topic", f"{c.topic}.dlq", ["Describe", "Write"]),
        acl("group", f"{c.name}-read-models", ["Describe", "Read"]),
    ]
    consumed = [acl("topic", f"clc.{other}.events", ["Describe", "Read"]) for other in c.consumes]
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaUser",
        "metadata": {
            "name": c.name,
            "labels": {"strimzi.io/cluster": KAFKA_CLUSTER, **labels(c.name)},
        },
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {"type": "simple", "acls": own + consumed},
        },
    }


#: an event topic's config: the published history is kept forever (a new projector or a rebuild
#: replays it); servicekit.runtime.KEEP_HISTORY, which tests/unit/deploy compares
KEEP_HISTORY = {"retention.ms": "-1"}
#: a dead-letter topic's config: 30 days, servicekit.runtime.DEAD_LETTER_RETENTION (the durable
#: record is the service's dead_letters table)
DEAD_LETTER_RETENTION = {"retention.ms": str(30 * 24 * 3600 * 1000), "cleanup.policy": "delete"}


def kafka_topic(name: str, partitions: int, config: dict[str, str]) -> dict[str, Any]:
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaTopic",
        "metadata": {
            "name": name.replace(".", "-"),
            "labels": {"strimzi.io/cluster": KAFKA_CLUSTER},
        },
        "spec": {
            "topicName": name,
            "partitions": partitions,
            "replicas": 3,
            "config": {**config, "min.insync.replicas": "2"},
        },
    }


def database(owner: str) -> dict[str, Any]:
    return {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Database",
        "metadata": {"name": owner, "labels": labels(owner)},
        "spec": {
            "name": owner,
            "owner": owner,
            "cluster": {"name": PG_CLUSTER},
            "ensure": "present",
            "databaseReclaimPolicy": "retain",
        },
    }


def service_documents(c: Component) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = [service_account(c.name), certificate(c, f"{c.name}-api")]
    for role in ROLES:
        # api and projector: their autoscalers own the count (minimum in ROLES)
        replicas = ROLES[role] if role == "relay" else None
        docs.append(deployment(c, role, replicas, service_env(c, role), ["serve"], kafka=True))
    docs.append(service(f"{c.name}-api", c, "api"))
    docs.append(hpa(f"{c.name}-api", c.name, ROLES["api"], 10))
    # more projectors than partitions would sit idle in the consumer group
    docs.append(hpa(f"{c.name}-projector", c.name, ROLES["projector"], PARTITIONS))
    docs += [pdb(f"{c.name}-{role}", c.name, role) for role in ROLES]
    docs.append(network_policy(c))
    if c.name == "groups":
        docs.append(key_service_policy(c, next(s for s in SERVICES if s.name == "enquiry")))
    docs.append(kafka_user(c))
    docs.append(database(c.name))
    return docs


def gateway_documents() -> list[dict[str, Any]]:
    g = GATEWAY
    urls = {s.name: [f"https://{s.name}-api.{NAMESPACE}.svc:{s.port}/graphql"] for s in SERVICES}
    env = [
        {"name": "GATEWAY_ENVIRONMENT", "value": "production"},
        secret_env("GATEWAY_JWT_HS256_SECRET", "clc-jwt", "hs256-secret"),
        config_env("GATEWAY_JWT_ISSUER", "jwt-issuer"),
        config_env("GATEWAY_JWT_AUDIENCE", "jwt-audience"),
        {"name": "GATEWAY_SUBGRAPH_URLS", "value": json.dumps(urls)},
        secret_env("DB_PASSWORD", "gateway-db", "password"),
        {"name": "GATEWAY_DATABASE_URL", "value": database_url("gateway")},
        {"name": "GATEWAY_SSL_CERTFILE", "value": f"{TLS_DIR}/tls.crt"},
        {"name": "GATEWAY_SSL_KEYFILE", "value": f"{TLS_DIR}/tls.key"},
        # the subgraphs' certificates come from the same CA as the gateway's own
        {"name": "SSL_CERT_FILE", "value": f"{TLS_DIR}/ca.crt"},
        {"name": "CLC_HEALTH_SCHEME", "value": "https"},
    ]
    ingress_rule = {
        "from": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
        ],
        "ports": [{"protocol": "TCP", "port": g.port}],
    }
    return [
        service_account(g.name),
        certificate(g, g.name),
        deployment(g, "gateway", None, env, ["serve"], kafka=False),
        service(g.name, g, "gateway"),
        hpa(g.name, g.name, 2, 10),
        pdb(g.name, g.name, "gateway"),
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "gateway-from-ingress", "labels": labels(g.name)},
            "spec": {
                "podSelector": {"matchLabels": labels(g.name, "gateway")},
                "policyTypes": ["Ingress"],
                "ingress": [ingress_rule],
            },
        },
        database(g.name),
    ]


#: the xAPI feed's statements topic (clc_xapi.app.STATEMENTS_RETENTION) and its dead letters,
#: both with the feed's XAPI_TOPIC_PARTITIONS; made here ahead of the feed's Deployment
XAPI_TOPICS = (
    ("clc.xapi.statements", {"retention.ms": "-1", "cleanup.policy": "delete"}),
    ("clc.xapi.statements.dlq", DEAD_LETTER_RETENTION),
)


def topic_documents() -> list[dict[str, Any]]:
    docs = []
    for s in SERVICES:
        docs += [
            kafka_topic(s.topic, PARTITIONS, KEEP_HISTORY),
            kafka_topic(f"{s.topic}.dlq", 1, DEAD_LETTER_RETENTION),
        ]
    docs += [kafka_topic(name, PARTITIONS, config) for name, config in XAPI_TOPICS]
    return docs


HEADER = (
    "# Generated by deploy/k8s/generate.py from its table of components; edit that, not this.\n"
)


def render(documents: list[dict[str, Any]]) -> str:
    body = "---\n".join(yaml.safe_dump(d, sort_keys=False, width=100) for d in documents)
    return HEADER + body


def outputs() -> dict[Path, str]:
    found = {BASE / "services" / f"{s.name}.yaml": render(service_documents(s)) for s in SERVICES}
    found[BASE / "gateway" / "gateway.yaml"] = render(gateway_documents())
    found[BASE / "kafka" / "topics.yaml"] = render(topic_documents())
    return found


def main() -> int:
    for path, text in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(BASE.parent.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
