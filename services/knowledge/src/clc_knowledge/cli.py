"""``clc-knowledge``: run the service or rebuild its read models.

::

    clc-knowledge serve             # the GraphQL subgraph on KNOWLEDGE_PORT (8003)
    clc-knowledge sdl               # print the subgraph SDL, offline
    clc-knowledge rebuild           # empty the read models and replay the event store into them
    clc-knowledge dead-letters list|replay --all|replay --id N|skip --id N   # see servicekit.cli

``rebuild`` replays the service's own event store only: what is projected from other services'
topics (membership, from ``clc.groups.events``) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from servicekit.cli import run_cli

from .app import create_app
from .service import KNOWLEDGE
from .settings import KnowledgeSettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli("clc-knowledge", KnowledgeSettings, KNOWLEDGE, create_app, argv)


if __name__ == "__main__":
    raise SystemExit(main())
