"""``clc-groups``: run the service or rebuild its read models.

::

    clc-groups serve             # the GraphQL subgraph on GROUPS_PORT (8001)
    clc-groups rebuild           # empty the read models and replay the event store into them
    clc-groups dead-letters list|replay --all|replay --id N|skip --id N   # see servicekit.cli
    clc-groups import-roster DIR --tenant T   # import a OneRoster 1.2 CSV folder (all or nothing)
    clc-groups rewrap-keys [--new-kek ID]     # KEK rotation (see keys.py)
"""

from __future__ import annotations

from collections.abc import Sequence

from servicekit.cli import run_cli

from .app import create_app
from .keys import rewrap_keys_main
from .roster.cli import import_roster_main
from .service import GROUPS
from .settings import GroupsSettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(
        "clc-groups",
        GroupsSettings,
        GROUPS,
        create_app,
        argv,
        extra_commands={
            "import-roster": ("import a OneRoster 1.2 CSV folder", import_roster_main),
            "rewrap-keys": ("re-wrap data keys with the newest KEK", rewrap_keys_main),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main())
