"""Every environment variable the deployments set for our images is one the process reads: a
field of its settings class under the class's prefix (introspected from the pydantic settings),
one of servicekit's shared unprefixed variables, or one of the few listed below with the
reader named. A misspelt name would otherwise be ignored silently (``extra="ignore"``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings
from servicekit.settings import SHARED_VARIABLES, ServiceSettings

from tests.unit.deploy import material

#: read by something other than a settings class
NOT_SETTINGS = {
    "DB_PASSWORD": "Kubernetes only: expanded by the kubelet into the DSN variable after it",
    "CLC_HEALTH_PORT": "deploy/docker/healthcheck.py",
    "CLC_HEALTH_SCHEME": "deploy/docker/healthcheck.py",
    "SSL_CERT_FILE": "httpx (the gateway's client to https subgraphs) with trust_env",
    "CLC_JWT_SECRET": "clc token (tools/clc)",
}

#: settings landing from branches being built at the same time, by component ("*" every
#: service): accepted while the field does not exist here; the integrator checks them on merge
PENDING = {
    ("*", "ROLE"): "s1-replicas: ServiceSettings.role (api|relay|projector|all)",
    ("gateway", "DATABASE_URL"): "g1-auth: GatewaySettings.database_url (tenant registry)",
}


def _names(cls: type[BaseSettings]) -> set[str]:
    prefix = str(cls.model_config.get("env_prefix", ""))
    found = {f"{prefix}{field}".upper() for field in cls.model_fields}
    # fields read under other names too (xapi, analytics: KAFKA_BOOTSTRAP_SERVERS, ...)
    for info in cls.model_fields.values():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            found |= {str(choice).upper() for choice in alias.choices if isinstance(choice, str)}
    if issubclass(cls, ServiceSettings):
        found |= set(SHARED_VARIABLES.values())
    return found


def _accepted(component: str, variable: str) -> bool:
    if variable in NOT_SETTINGS:
        return True
    cls = material.settings_class(component)
    if cls is None:  # not in this workspace yet: the shared base's fields, under its prefix
        prefix = f"{component.upper()}_"
        names = {f"{prefix}{f}".upper() for f in ServiceSettings.model_fields}
        names |= set(SHARED_VARIABLES.values())
    else:
        prefix = str(cls.model_config.get("env_prefix", ""))
        names = _names(cls)
    if variable in names:
        return True
    suffix = variable.removeprefix(prefix)
    kind = "gateway" if component == "gateway" else "*"
    return (kind, suffix) in PENDING or (component, suffix) in PENDING


def _compose_variables() -> Iterator[tuple[str, str, str]]:
    main = material.compose()["services"]
    for name in ("docker-compose.yml", "deploy/docker/compose.production.yml"):
        for service, spec in material.compose(name)["services"].items():
            target = main[service].get("build", {}).get("target")
            if target is None:
                continue  # postgres, kafka: the official images' own variables
            components = material.SERVICES if target == "clc" else (target,)
            for variable in spec.get("environment", {}):
                yield f"{name}:{service}", variable, _owner(variable, components)


def _owner(variable: str, components: tuple[str, ...]) -> str:
    for component in components:
        if variable.startswith(f"{component.upper()}_"):
            return component
    return components[0]


def _kubernetes_variables() -> Iterator[tuple[str, str, str]]:
    for overlay in material.OVERLAYS:
        for doc in material.render(overlay):
            for container in material.containers(doc):
                component = doc["metadata"]["labels"]["app.kubernetes.io/name"]
                for entry in container.get("env", []):
                    yield f"{overlay}:{doc['metadata']['name']}", entry["name"], component


def _dockerfile_variables() -> Iterator[tuple[str, str, str]]:
    from tests.unit.deploy.test_images import TARGETS, stages

    for target in TARGETS:
        for args in stages()[target].all("ENV"):
            for assignment in args.split():
                variable = assignment.split("=")[0]
                if variable.startswith(("PATH", "PYTHON")):
                    continue
                yield f"Dockerfile:{target}", variable, target if target != "clc" else "groups"


SOURCES = {
    "compose": _compose_variables,
    "kubernetes": _kubernetes_variables,
    "dockerfile": _dockerfile_variables,
}


@pytest.mark.parametrize("source", SOURCES)
def test_every_variable_is_read_by_the_process_it_is_given_to(source: str) -> None:
    seen = list(SOURCES[source]())
    assert len(seen) > 10
    unknown = sorted({(where, v) for where, v, c in seen if not _accepted(c, v)})
    assert unknown == []


def test_a_misspelt_variable_is_caught() -> None:
    assert _accepted("groups", "GROUPS_DATABASE_URL")
    assert not _accepted("groups", "GROUPS_DATABSE_URL")
    assert not _accepted("gateway", "GROUPS_PORT")
    assert _accepted("gateway", "GATEWAY_SUBGRAPH_URLS")
