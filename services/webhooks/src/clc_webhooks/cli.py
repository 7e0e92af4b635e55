"""``clc-webhooks``: run the service, print its SDL, or look at deliveries.

::

    clc-webhooks serve [--role api|relay|projector|all]   # the subgraph on WEBHOOKS_PORT (8004)
    clc-webhooks sdl                                      # the subgraph SDL, offline
    clc-webhooks rebuild                                  # the subscriptions read model
    clc-webhooks dead-letters list|replay|skip            # the projector's (servicekit.cli)

Webhook deliveries themselves (pending, dead) are listed by ``clc webhooks deliveries``.
"""

from __future__ import annotations

from collections.abc import Sequence

from servicekit.cli import run_cli

from .app import create_app
from .service import WEBHOOKS
from .settings import WebhooksSettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli("clc-webhooks", WebhooksSettings, WEBHOOKS, create_app, argv)


if __name__ == "__main__":
    raise SystemExit(main())
