"""``clc-gateway``: serve a supergraph, or look after its client-facing schema.

::

    clc-gateway serve --supergraph FILE --port N [--no-auth]
    clc-gateway api-schema [--supergraph FILE]       # print the API schema clients see
    clc-gateway schema-baseline [--supergraph FILE] [--baseline FILE] [--force]
                                                     # move gateway/schema.baseline.graphql forward
    clc-gateway tenant create|add-idp|set-origins|list|remove|remove-idp ...
                                                     # the tenant registry (``clc tenant ...``)

``schema-baseline`` is the one way to accept a breaking change to the API schema (the baseline
test refuses it otherwise). It refuses to drop a field or enum value that the baseline did not mark
``@deprecated`` first, unless ``--force``: fields go ``@deprecated`` before they go away.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["main"]

DEFAULT_SUPERGRAPH = "gateway/supergraph.graphql"
DEFAULT_BASELINE = "gateway/schema.baseline.graphql"


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .logs import configure_logging
    from .settings import GatewaySettings

    overrides: dict[str, Any] = {
        k: v
        for k, v in (("supergraph", args.supergraph), ("host", args.host), ("port", args.port))
        if v
    }
    if args.no_auth:
        overrides["no_auth"] = True
    settings = GatewaySettings(**overrides)
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        ssl_certfile=settings.ssl_certfile,
        ssl_keyfile=settings.ssl_keyfile,
    )
    return 0


def _api_schema(args: argparse.Namespace) -> int:
    from .supergraph.evolution import api_sdl

    sys.stdout.write(api_sdl(Path(args.supergraph).read_text()))
    return 0


def _schema_baseline(args: argparse.Namespace) -> int:
    from .supergraph.evolution import api_sdl, breaking_changes, undeprecated_removals

    current = api_sdl(Path(args.supergraph).read_text())
    baseline = Path(args.baseline)
    if baseline.exists():
        old = baseline.read_text()
        if old == current:
            print(f"{baseline} is already the current API schema")
            return 0
        removed = undeprecated_removals(old, current)
        if removed and not args.force:
            print(
                "refused: these go away without having been @deprecated in the baseline:",
                *(f"  {r}" for r in removed),
                "Deprecate them first (@deprecated(reason: ...)), release, move the baseline, "
                "and remove them later; or pass --force if no client can be using them.",
                sep="\n",
                file=sys.stderr,
            )
            return 1
        for change in breaking_changes(old, current):
            print(f"accepted breaking change: {change.type.name}: {change.description}")
    baseline.write_text(current)
    print(f"wrote {baseline}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["tenant"]:
        from .tenants.cli import app

        app(args=argv[1:], prog_name="clc-gateway tenant")
        return 0
    parser = argparse.ArgumentParser(prog="clc-gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the supergraph over HTTP")
    serve.add_argument("--supergraph")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--no-auth", action="store_true", help="no authentication (refused in production)"
    )
    api = sub.add_parser("api-schema", help="print the client-facing schema of a supergraph")
    api.add_argument("--supergraph", default=DEFAULT_SUPERGRAPH)
    base = sub.add_parser(
        "schema-baseline", help="accept the current API schema as the baseline (breaking changes)"
    )
    base.add_argument("--supergraph", default=DEFAULT_SUPERGRAPH)
    base.add_argument("--baseline", default=DEFAULT_BASELINE)
    base.add_argument(
        "--force", action="store_true", help="also drop fields that were never @deprecated"
    )
    args = parser.parse_args(argv)
    commands = {"serve": _serve, "api-schema": _api_schema, "schema-baseline": _schema_baseline}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
