"""Statements through Learning Locker's xAPI validator (``@learninglocker/xapi-validation``, the
rules its LRS enforces), installed by ``make xapi-validator`` from the committed lock file."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "services/xapi/validator"

__all__ = ["validation_warnings"]


def _installed() -> None:
    if (VALIDATOR / "node_modules/.installed").exists():
        return
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("the xAPI validator needs Node 20+ and npm (make xapi-validator)")
    subprocess.run(["make", "--no-print-directory", "xapi-validator"], cwd=ROOT, check=True)


def validation_warnings(statements: Sequence[dict[str, Any]]) -> list[list[dict[str, str]]]:
    """One list of ``{path, message}`` per statement; empty lists mean every one is valid."""
    _installed()
    done = subprocess.run(
        ["node", str(VALIDATOR / "validate.cjs")],
        input=json.dumps(list(statements)),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: list[list[dict[str, str]]] = json.loads(done.stdout)
    return result
