"""``clc-groups``: run the service or rebuild its read models.

::

    clc-groups serve             # the GraphQL subgraph on GROUPS_PORT (8001)
    clc-groups rebuild           # empty the read models and replay the event store into them
"""

from __future__ import annotations

from collections.abc import Sequence

from servicekit.cli import run_cli

from .app import create_app
from .service import GROUPS
from .settings import GroupsSettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli("clc-groups", GroupsSettings, GROUPS, create_app, argv)


if __name__ == "__main__":
    raise SystemExit(main())
