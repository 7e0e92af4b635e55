"""Every manifest under deploy/k8s, as each overlay renders it, against the schema that the API
server would apply: Kubernetes' own (``kubernetes-validate``'s bundled schemas, strict: unknown
fields are errors) for built-in kinds, the vendored operator CRDs (deploy/k8s/crds) for custom
resources.

Not checked here (no cluster): admission webhooks, the operators' validation beyond their
schemas (e.g. CEL rules), and whether images, Secrets and storage classes exist."""

from __future__ import annotations

import kubernetes_validate
import pytest

from tests.unit.deploy import material

#: the oldest Kubernetes minor still supported upstream when this was written, and the newest
#: the package bundles
KUBERNETES_VERSIONS = ("1.32", kubernetes_validate.latest_version())


def _built_in(overlay: str) -> list[material.Doc]:
    docs = material.render(overlay)
    return [d for d in docs if (d["apiVersion"], d["kind"]) not in material.crd_schemas()]


@pytest.mark.parametrize("overlay", material.OVERLAYS)
def test_every_custom_resource_matches_its_operators_crd(overlay: str) -> None:
    docs = material.render(overlay)
    custom = [d for d in docs if (d["apiVersion"], d["kind"]) in material.crd_schemas()]
    assert {d["kind"] for d in custom} >= {
        "Kafka",
        "KafkaNodePool",
        "KafkaTopic",
        "KafkaUser",
        "Cluster",
        "Database",
        "ScheduledBackup",
        "ObjectStore",
        "Certificate",
        "Issuer",
    }
    errors = [e for d in custom for e in material.crd_errors(d)]
    assert errors == []


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", material.OVERLAYS)
def test_every_built_in_resource_matches_kubernetes_schema(overlay: str, version: str) -> None:
    built_in = _built_in(overlay)
    assert {d["kind"] for d in built_in} >= {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "ServiceAccount",
        "ConfigMap",
        "Namespace",
        "Ingress",
    }
    errors = [e for d in built_in for e in material.k8s_errors(d, version)]
    assert errors == []


def test_the_cached_validators_agree_with_kubernetes_validate() -> None:
    # one document of each built-in kind through the package's own entry point as well
    kinds = {d["kind"]: d for d in _built_in("overlays/prod")}
    for doc in kinds.values():
        kubernetes_validate.validate(doc, KUBERNETES_VERSIONS[0], strict=True)
    wrong = kinds["Deployment"]
    wrong["spec"]["template"]["spec"]["containers"][0]["livenessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong, KUBERNETES_VERSIONS[0], strict=True)
    assert len(list(material.k8s_errors(wrong, KUBERNETES_VERSIONS[0]))) == 1


def test_the_crd_validator_rejects_what_is_wrong() -> None:
    kafka = material.by_kind(material.render("base"), "Kafka")["clc-kafka"]
    kafka["spec"]["kafka"]["listeners"][0]["authentication"]["type"] = "scram"
    kafka["spec"]["kafka"]["replicas"] = 3  # moved to the node pools: no longer a field here
    assert len(list(material.crd_errors(kafka))) == 2
