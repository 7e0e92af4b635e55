"""What each image's build stage installs, built here the same way and run: a copy of the build
context (filtered as deploy/docker/Dockerfile.dockerignore filters it), ``uv sync --frozen
--no-dev --no-editable --package <member>`` into a fresh environment, then the image's
ENTRYPOINT script run from it with a command that needs no database or broker. This catches a
runtime import that only the development environment satisfies (a dev-group dependency, an
editable path), which importing in the workspace's own .venv would not.

Offline: uv takes the locked wheels from its cache (the workspace's ``uv sync`` filled it). No
Docker engine: the base image's Python is not the one used here (same minor version, 3.11)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.deploy import material
from tests.unit.deploy.test_images import TARGETS, stages, workspace_scripts

#: an ENTRYPOINT's arguments that run without PostgreSQL, Kafka or a token
OFFLINE_COMMANDS = {
    "groups": ["sdl"],
    "enquiry": ["sdl"],
    "knowledge": ["sdl"],
    "webhooks": ["sdl"],
    "xapi": ["vocabulary"],
    "analytics": ["--help"],
    "gateway": ["api-schema", "--supergraph", "gateway/supergraph.graphql"],
    "clc": ["--help"],
}


def _ignored() -> tuple[set[str], set[str]]:
    """(names ignored anywhere, top-level names ignored) from the .dockerignore."""
    anywhere, top = set(), set()
    lines = (material.ROOT / "deploy/docker/Dockerfile.dockerignore").read_text().splitlines()
    for line in (raw.strip() for raw in lines):
        if not line or line.startswith("#"):
            continue
        if line.startswith("**/"):
            anywhere.add(line[3:])
        else:
            top.add(line)
    return anywhere, top


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    anywhere, top = _ignored()
    target = tmp_path_factory.mktemp("context") / "src"

    def ignore(directory: str, names: list[str]) -> set[str]:
        found = {n for n in names if n in anywhere}
        if Path(directory) == material.ROOT:
            found |= {n for n in names if n in top}
        return found

    shutil.copytree(material.ROOT, target, ignore=ignore, symlinks=True)
    return target


@pytest.mark.parametrize("target", TARGETS)
def test_the_image_environment_runs_its_entrypoint(target: str, context: Path) -> None:
    # `uv run` names itself in UV; otherwise the one on PATH
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.skip("no uv: neither run by `uv run` nor on PATH")
    (entrypoint,) = stages()[target].all("ENTRYPOINT")
    script = json.loads(entrypoint)[0]
    if script not in workspace_scripts():
        pytest.skip(f"{TARGETS[target]} is not in this workspace yet")
    venv = context.parent / f"venv-{target}"
    # uv's own configuration (where its cache is) carries over; the project's environment not
    env = {k: v for k, v in os.environ.items() if k.startswith(("UV_", "XDG_"))}
    env |= {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON_DOWNLOADS": "never",
    }
    sync = [uv, "sync", "--frozen", "--no-dev", "--no-editable", "--offline", "--quiet"]
    built = subprocess.run(
        [*sync, "--package", TARGETS[target], "--python", sys.executable],
        cwd=context,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    ran = subprocess.run(
        [str(venv / "bin" / script), *OFFLINE_COMMANDS[target]],
        cwd=context,
        env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": env["HOME"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.strip()
    # nothing of the development environment leaked in
    installed = {
        p.name.split("-")[0].lower()
        for p in (venv / "lib").glob("python3*/site-packages/*.dist-info")
    }
    assert not {"pytest", "mypy", "ruff", "hypothesis"} & installed
