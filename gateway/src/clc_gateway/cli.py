"""``clc-gateway serve --supergraph FILE --port N [--no-auth]``."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="clc-gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the supergraph over HTTP")
    serve.add_argument("--supergraph")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--no-auth", action="store_true", help="no authentication (refused in production)"
    )
    args = parser.parse_args(argv)

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
    )


if __name__ == "__main__":
    main()
