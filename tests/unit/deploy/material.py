"""The deployment material, loaded as the tools that consume it would see it.

``render(overlay)`` builds a kustomization the way ``kustomize build`` does for the subset of
kustomize our files use — ``resources`` (files and directories), ``namespace``, ``images``,
``replicas`` and ``patches`` by path whose documents contain no lists (where kustomize's
strategic merge and a JSON merge patch agree) — and refuses any other field, so it cannot
silently diverge from kustomize. ``crd_validator`` checks a custom resource against the
``openAPIV3Schema`` of the vendored CRD of its group, version and kind, rejecting unknown fields
as the API server prunes them (``x-kubernetes-preserve-unknown-fields`` excepted).
"""

from __future__ import annotations

import copy
import functools
import importlib
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from kubernetes_validate import utils as k8s_utils
from pydantic_settings import BaseSettings
from referencing import Registry, Resource
from servicekit.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
CRDS = K8S / "crds"
OVERLAYS = ("base", "overlays/dev", "overlays/prod")
KUSTOMIZE_FIELDS = {"apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches"}

Doc = dict[str, Any]


#: libyaml's loader when PyYAML was built with it (the vendored CRDs are 1.3 MB)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_documents(path: Path) -> list[Doc]:
    return [d for d in yaml.load_all(path.read_text(), Loader=_LOADER) if d]


def compose(name: str = "docker-compose.yml") -> Doc:
    loaded: Doc = yaml.safe_load((ROOT / name).read_text())
    return loaded


# -- kustomize (the subset we use) --------------------------------------------------------------


def kustomization(directory: Path) -> Doc:
    found: Doc = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(found) - KUSTOMIZE_FIELDS
    assert not unknown, f"{directory}: kustomize fields the test renderer does not know: {unknown}"
    return found


def _contains_list(value: Any) -> bool:
    if isinstance(value, list):
        return True
    if isinstance(value, dict):
        return any(_contains_list(v) for v in value.values())
    return False


def _merge(target: Doc, patch: Doc) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)


def _same(doc: Doc, patch: Doc) -> bool:
    return bool(
        doc["kind"] == patch["kind"]
        and doc["apiVersion"].split("/")[0] == patch["apiVersion"].split("/")[0]
        and doc["metadata"]["name"] == patch["metadata"]["name"]
    )


def containers(doc: Doc) -> list[Doc]:
    spec = doc.get("spec", {}).get("template", {}).get("spec", {})
    found: list[Doc] = [*spec.get("initContainers", []), *spec.get("containers", [])]
    return found


def _set_image(doc: Doc, rule: Doc) -> None:
    for container in containers(doc):
        name, _, tag = container["image"].partition(":")
        if name != rule["name"]:
            continue
        name = rule.get("newName", name)
        tag = str(rule.get("newTag", tag))
        container["image"] = f"{name}:{tag}" if tag else name


def render(directory: str | Path) -> list[Doc]:
    """The documents ``kustomize build <directory>`` prints, for our subset of kustomize."""
    where = directory if isinstance(directory, Path) else K8S / directory
    spec = kustomization(where)
    docs: list[Doc] = []
    for resource in spec.get("resources", []):
        path = (where / resource).resolve()
        docs += render(path) if path.is_dir() else load_documents(path)
    for entry in spec.get("patches", []):
        assert set(entry) == {"path"}, f"{where}: only patches by path are rendered: {entry}"
        for patch in load_documents(where / entry["path"]):
            assert not _contains_list(patch), f"{entry['path']}: a patch with a list"
            targets = [d for d in docs if _same(d, patch)]
            assert len(targets) == 1, (
                f"{entry['path']}: {patch['metadata']['name']} matches {targets}"
            )
            _merge(targets[0], patch)
    for rule in spec.get("images", []):
        for doc in docs:
            _set_image(doc, rule)
    for rule in spec.get("replicas", []):
        found = [
            d for d in docs if d["metadata"]["name"] == rule["name"] and d["kind"] == "Deployment"
        ]
        assert len(found) == 1, (
            f"{where}: replicas for {rule['name']} match {len(found)} Deployments"
        )
        found[0]["spec"]["replicas"] = rule["count"]
    if "namespace" in spec:
        for doc in docs:
            if doc["kind"] != "Namespace":
                doc["metadata"]["namespace"] = spec["namespace"]
    return docs


def by_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


# -- the operators' CRDs --------------------------------------------------------------------------


def _strict(schema: Any) -> Any:
    """The schema with unknown object fields refused (the API server prunes or rejects them)."""
    if isinstance(schema, dict):
        schema = {k: _strict(v) for k, v in schema.items()}
        if (
            "properties" in schema
            and "additionalProperties" not in schema
            and not schema.get("x-kubernetes-preserve-unknown-fields")
        ):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


@functools.cache
def crd_schemas() -> dict[tuple[str, str], Draft7Validator]:
    """(apiVersion, kind) -> a validator of the served version's schema."""
    found: dict[tuple[str, str], Draft7Validator] = {}
    for path in sorted(CRDS.glob("*.yaml")):
        for crd in load_documents(path):
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served"):
                    schema = _strict(version["schema"]["openAPIV3Schema"])
                    found[(f"{group}/{version['name']}", kind)] = Draft7Validator(schema)
    return found


def crd_errors(doc: Doc) -> Iterator[str]:
    validator = crd_schemas()[(doc["apiVersion"], doc["kind"])]
    for error in validator.iter_errors(doc):
        where = "/".join(str(p) for p in error.absolute_path)
        yield f"{doc['kind']}/{doc['metadata']['name']} at {where or '(top)'}: {error.message}"


# -- Kubernetes' own schemas (kubernetes-validate's bundled files) ---------------------------------
# ``kubernetes_validate.validate`` reads and links the ~4 MB definitions file on every call; these
# build the same validator (same files, same lookup of the version, strict variant) once per kind.


def _schema_dir(version: str) -> str:
    wanted = k8s_utils.major_minor(version)
    found = [v for v in k8s_utils.all_versions() if k8s_utils.major_minor(v) <= wanted][-1]
    return f"kubernetes-json-schema/v{found}-local-strict"


@functools.cache
def _k8s_registry(version: str) -> Registry[Any]:
    contents = k8s_utils.schema_contents(f"{_schema_dir(version)}/_definitions.json", version)
    return Resource.from_contents(contents) @ Registry()


@functools.cache
def k8s_validator(version: str, api_version: str, kind: str) -> Draft202012Validator:
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    name = f"{_schema_dir(version)}/{kind.lower()}-{group_version}.json"
    schema = k8s_utils.schema_contents(name, version)
    registry = Resource.from_contents(schema) @ _k8s_registry(version)
    return Draft202012Validator(schema, registry=registry)


def k8s_errors(doc: Doc, version: str) -> Iterator[str]:
    validator = k8s_validator(version, doc["apiVersion"], doc["kind"])
    for error in validator.iter_errors(doc):
        where = "/".join(str(p) for p in error.absolute_path)
        yield f"{doc['kind']}/{doc['metadata']['name']} at {where or '(top)'}: {error.message}"


# -- the components and their settings classes --------------------------------------------------

#: component -> (settings module, class); the services in devstack's order, the single-process
#: consumers (xapi, analytics: no roles, no database), then the gateway
SETTINGS = {
    "groups": ("clc_groups.settings", "GroupsSettings"),
    "enquiry": ("clc_enquiry.settings", "EnquirySettings"),
    "knowledge": ("clc_knowledge.settings", "KnowledgeSettings"),
    "webhooks": ("clc_webhooks.settings", "WebhooksSettings"),
    "xapi": ("clc_xapi.settings", "XapiSettings"),
    "analytics": ("clc_analytics.settings", "AnalyticsSettings"),
    "gateway": ("clc_gateway.settings", "GatewaySettings"),
}
SERVICES = ("groups", "enquiry", "knowledge", "webhooks")
#: one process each, Kafka only
CONSUMERS = ("xapi", "analytics")


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def settings_class(component: str) -> type[BaseSettings] | None:
    """The component's settings class; None while its package is not in this workspace."""
    module, name = SETTINGS[component]
    if not installed(module):
        return None
    found: type[BaseSettings] = getattr(importlib.import_module(module), name)
    return found


def service_settings(component: str) -> ServiceSettings:
    """The service's settings with their defaults (topics, projector name...); the base class's
    naming convention (clc.<name>.events) while the service's package is not installed."""
    cls = settings_class(component)
    if cls is not None:
        assert issubclass(cls, ServiceSettings)
        return cls()
    return ServiceSettings(
        database_url=f"postgresql://localhost/{component}",
        app_role=f"{component}_app",
        app_role_password="-",
        topic=f"clc.{component}.events",
        dead_letter_topic=f"clc.{component}.events.dlq",
        event_source=f"/clc/{component}",
        projector_name=f"{component}-read-models",
    )
