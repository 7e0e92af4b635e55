"""``clc-enquiry``: run the service or rebuild its read models.

::

    clc-enquiry serve             # the GraphQL subgraph on ENQUIRY_PORT (8002)
    clc-enquiry rebuild           # empty the read models and replay the event store into them
    clc-enquiry dead-letters list|replay --all|replay --id N|skip --id N   # see servicekit.cli

``rebuild`` replays the service's own event store only: the local membership model, fed by
``clc.groups.events``, is kept as it is (re-consume that topic to rebuild it).
"""

from __future__ import annotations

from collections.abc import Sequence

from servicekit.cli import run_cli

from .app import create_app
from .service import ENQUIRY
from .settings import EnquirySettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli("clc-enquiry", EnquirySettings, ENQUIRY, create_app, argv)


if __name__ == "__main__":
    raise SystemExit(main())
