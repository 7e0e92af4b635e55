"""``clc-analytics``: the sink's process, and the views and report for whoever reads the lake.

::

    clc-analytics serve                       # consume, land, /healthz /readyz /metrics
    clc-analytics views                       # (re)write analytics.duckdb with the views
    clc-analytics report --out report.html    # the HTML report (also ``clc analytics report``)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from servicekit.logs import configure_logging

from .settings import AnalyticsSettings

__all__ = ["main", "serve"]


async def _serve(settings: AnalyticsSettings) -> None:
    import uvicorn

    from .app import create_app
    from .sink import Sink

    sink = Sink(settings)
    server = uvicorn.Server(
        uvicorn.Config(create_app(sink), host=settings.host, port=settings.port, log_config=None)
    )
    consuming = asyncio.create_task(sink.run())
    # the sink failing ends the process (the supervisor restarts it), not a silent web server
    consuming.add_done_callback(lambda _: setattr(server, "should_exit", True))
    try:
        await server.serve()
    finally:
        sink.stop()
        await consuming


def serve(settings: AnalyticsSettings) -> None:
    configure_logging(settings.log_level)
    asyncio.run(_serve(settings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clc-analytics")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="consume the topics into the lake")
    commands.add_parser("views", help="(re)write analytics.duckdb with the views")
    report = commands.add_parser("report", help="render the views as one HTML page")
    report.add_argument("--out", type=Path, default=Path("analytics-report.html"))
    args = parser.parse_args(argv)
    settings = AnalyticsSettings()
    if args.command == "serve":
        serve(settings)
    elif args.command == "views":
        from .views import write_views_database

        write_views_database(settings.views_path, settings.lake_dir)
        print(settings.views_path)
    else:
        from .report import write_report

        write_report(settings.lake_dir, args.out)
        print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
