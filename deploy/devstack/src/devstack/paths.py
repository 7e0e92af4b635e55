"""Where the local runtime keeps its files (binaries it fetched, data directories, logs)."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "CLC_CACHE_DIR"


def repo_root() -> Path:
    """The repository root: the nearest folder above this file that holds ``uv.lock``.

    Falls back to the layout ``<root>/deploy/devstack/src/devstack/paths.py``.
    """
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "uv.lock").is_file():
            return parent
    return here.parents[4]


def cache_dir() -> Path:
    """The project cache folder (``$CLC_CACHE_DIR`` or ``<repo root>/.cache/devstack``), created."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        path = Path(override).expanduser().resolve()
    else:
        path = repo_root() / ".cache" / "devstack"
    path.mkdir(parents=True, exist_ok=True)
    return path
