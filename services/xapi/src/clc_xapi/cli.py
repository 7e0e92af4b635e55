"""``clc-xapi``: run the xAPI feed, or print its vocabulary.

::

    clc-xapi serve         # the feed, with /healthz /readyz /metrics on XAPI_PORT (8010)
    clc-xapi vocabulary    # every verb and activity type with its IRI (under XAPI_BASE_IRI)
    clc-xapi dead-letters replay   # dead-lettered statements back to the LRS (each once)
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from servicekit.logs import configure_logging

from .app import create_app
from .dead_letters import replay_dead_letters
from .domain.vocabulary import ACTIVITY_TYPES, VERBS
from .settings import XapiSettings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clc-xapi")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the feed")
    sub.add_parser("vocabulary", help="print the verbs and activity types")
    dead = sub.add_parser("dead-letters", help="look after statements the LRS refused")
    dead.add_argument("action", choices=["replay"])
    args = parser.parse_args(argv)
    settings = XapiSettings()
    if args.command == "dead-letters":
        count = asyncio.run(
            replay_dead_letters(
                bootstrap=settings.kafka_bootstrap_servers,
                dead_letter_topic=settings.dead_letter_topic,
                statements_topic=settings.statements_topic,
                group=settings.replay_group,
            )
        )
        print(f"{count} dead-lettered statement(s) sent again to {settings.statements_topic}")
        return 0
    if args.command == "vocabulary":
        base = settings.base_iri.rstrip("/")
        for kind, terms in (("verb", VERBS), ("activity type", ACTIVITY_TYPES)):
            for term in terms.values():
                print(f"{kind}\t{term.key}\t{term.resolve(base)}\t{term.meaning}")
        return 0
    import uvicorn

    configure_logging(settings.log_level)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
    return 0
