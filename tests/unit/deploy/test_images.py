"""deploy/docker/Dockerfile, read as Docker would build it: a shared non-root base with a health
check, locked dependencies (``uv sync --frozen --no-dev``) per component, one final target per
component whose ENTRYPOINT is a console script of the package it installs, and that script's
module importing here (``python -c "import clc_groups.cli"``, as the image would).

No Docker engine runs here: no image is built."""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from dataclasses import dataclass, field

import pytest

from tests.unit.deploy import material

DOCKERFILE = (material.ROOT / "deploy/docker/Dockerfile").read_text()
TARGETS = {  # target -> the workspace package it installs
    "groups": "clc-groups",
    "enquiry": "clc-enquiry",
    "knowledge": "clc-knowledge",
    "webhooks": "clc-webhooks",
    "xapi": "clc-xapi",
    "analytics": "clc-analytics",
    "gateway": "clc-gateway",
    "clc": "clc-cli",
}


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def stages() -> dict[str, Stage]:
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    found: dict[str, Stage] = {}
    current: Stage | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        if keyword == "FROM":
            base, _, name = args.partition(" AS ")
            current = Stage(base.strip(), name.strip())
            found[current.name] = current
        elif current is not None:
            current.instructions.append((keyword, " ".join(args.split())))
    return found


def chain(name: str) -> list[Stage]:
    """The stage and the stages it is built FROM, nearest first."""
    every = stages()
    found = [every[name]]
    while found[-1].base in every:
        found.append(every[found[-1].base])
    return found


def inherited(name: str, keyword: str) -> list[str]:
    return [args for stage in reversed(chain(name)) for args in stage.all(keyword)]


def workspace_scripts() -> dict[str, tuple[str, str]]:
    """script -> (package, "module:function") over every workspace member's pyproject."""
    found: dict[str, tuple[str, str]] = {}
    for path in material.ROOT.glob("*/**/pyproject.toml"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        project = tomllib.loads(path.read_text()).get("project", {})
        for script, target in project.get("scripts", {}).items():
            found[script] = (project["name"], target)
    return found


def test_every_component_has_a_target_on_the_shared_base() -> None:
    for target in TARGETS:
        assert chain(target)[-1].name == "python-base", target
    base = stages()["python-base"]
    assert base.all("HEALTHCHECK") == [
        "--interval=10s --timeout=3s --start-period=30s --retries=6 "
        'CMD ["python", "/usr/local/bin/clc-healthcheck"]'
    ]
    assert any("useradd --system --uid 10001" in r for r in base.all("RUN"))


@pytest.mark.parametrize("target", TARGETS)
def test_each_target_runs_as_the_non_root_user_from_a_locked_environment(target: str) -> None:
    stage = stages()[target]
    assert stage.all("USER") == ["10001:10001"]
    (copied,) = [c for c in stage.all("COPY") if c.endswith("/app/.venv /app/.venv")]
    venv = copied.split()[0].removeprefix("--from=")
    (sync,) = stages()[venv].all("RUN")
    assert f"uv sync --frozen --no-dev --no-editable --package {TARGETS[target]}" in sync
    assert "builder" in [s.name for s in chain(venv)]
    assert ". ." in stages()["builder"].all("COPY")


@pytest.mark.parametrize("target", TARGETS)
def test_each_entrypoint_is_a_script_of_the_installed_package_and_imports(target: str) -> None:
    (entrypoint,) = stages()[target].all("ENTRYPOINT")
    script = json.loads(entrypoint)[0]
    package, function = workspace_scripts().get(script, (TARGETS[target], ""))
    if not function:
        pytest.skip(f"{TARGETS[target]} is not in this workspace yet (no script {script})")
    assert package == TARGETS[target]
    module, _, name = function.partition(":")
    assert callable(getattr(importlib.import_module(module), name))


def test_http_targets_expose_their_port_and_the_health_check_asks_it() -> None:
    ports = {"groups": 8001, "enquiry": 8002, "knowledge": 8003, "gateway": 8000}
    for target, port in ports.items():
        stage = stages()[target]
        assert stage.all("EXPOSE") == [str(port)]
        env = " ".join(stage.all("ENV"))
        assert f"CLC_HEALTH_PORT={port}" in env
        assert f"{target.upper()}_PORT={port}" in env and f"{target.upper()}_HOST=0.0.0.0" in env
    assert stages()["clc"].all("HEALTHCHECK") == ["NONE"]
    script = (material.ROOT / "deploy/docker/healthcheck.py").read_text()
    compile(script, "healthcheck.py", "exec")
    assert set(re.findall(r'os\.environ\.get\("(\w+)"', script)) == {
        "CLC_HEALTH_PORT",
        "CLC_HEALTH_SCHEME",
    }


def test_the_gateway_image_carries_the_supergraph_and_graphiql_assets() -> None:
    gateway = stages()["gateway"]
    copies = gateway.all("COPY")
    assert "gateway/supergraph.graphql /app/gateway/supergraph.graphql" in copies
    assert "--from=graphiql /graphiql/node_modules /app/gateway/graphiql/node_modules" in copies
    env = " ".join(gateway.all("ENV"))
    assert "GATEWAY_SUPERGRAPH=/app/gateway/supergraph.graphql" in env
    assert "GATEWAY_GRAPHIQL_ASSETS=/app/gateway/graphiql/node_modules" in env
    graphiql = stages()["graphiql"]
    assert "gateway/graphiql/package.json gateway/graphiql/package-lock.json ./" in graphiql.all(
        "COPY"
    )
    assert any(r.startswith("npm ci ") for r in graphiql.all("RUN"))
    assert (material.ROOT / "gateway/graphiql/package-lock.json").exists()
    assert (material.ROOT / "gateway/supergraph.graphql").exists()


def test_the_build_context_leaves_local_environments_out() -> None:
    ignore = (material.ROOT / "deploy/docker/Dockerfile.dockerignore").read_text().split()
    assert {"**/.venv", "**/node_modules", "**/.cache", ".git"} <= set(ignore)
    # what `uv sync --frozen` needs must stay in: the lock and every member's sources
    assert not {"uv.lock", "pyproject.toml", "libs", "services", "gateway", "tools"} & set(ignore)
