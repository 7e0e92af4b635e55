"""The differential suite is slow and needs Node: it runs only under ``make differential``
(``DIFFERENTIAL=1``), never as part of ``make test``."""

from __future__ import annotations

import os

from tests.e2e.conftest import services

__all__ = ["services"]

collect_ignore_glob = [] if os.environ.get("DIFFERENTIAL") == "1" else ["test_*.py"]
