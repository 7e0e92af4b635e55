"""``clc analytics report|views``: what a data team reads from the analytics lake.

::

    clc analytics report [--out analytics-report.html] [--tenant T] [--data-dir DIR]
    clc analytics views  [--data-dir DIR]     # (re)write analytics.duckdb with the views

The lake is the analytics sink's (``--data-dir``, else ``ANALYTICS_DATA_DIR``, else
``.cache/devstack/analytics``, where ``make run`` puts it); both commands only read its Parquet
files, so they run while the sink is landing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from clc_analytics.report import write_report
from clc_analytics.settings import AnalyticsSettings
from clc_analytics.views import write_views_database

__all__ = ["app"]

app = typer.Typer(help="The analytics lake: report and views.", no_args_is_help=True)

DataDir = Annotated[
    Path | None, typer.Option(help="the sink's data directory (default: ANALYTICS_DATA_DIR)")
]


def _settings(data_dir: Path | None) -> AnalyticsSettings:
    settings = AnalyticsSettings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir else settings


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="the HTML file to write")] = Path(
        "analytics-report.html"
    ),
    tenant: Annotated[str | None, typer.Option(help="one tenant only")] = None,
    data_dir: DataDir = None,
) -> None:
    """Render the views as one self-contained HTML page with charts (works offline)."""
    settings = _settings(data_dir)
    if not settings.lake_dir.is_dir():
        typer.echo(f"no analytics lake at {settings.lake_dir} (is the sink running?)", err=True)
        raise typer.Exit(1)
    write_report(settings.lake_dir, out, tenant)
    typer.echo(str(out))


@app.command()
def views(data_dir: DataDir = None) -> None:
    """(Re)write analytics.duckdb: the views over the lake, for DuckDB clients."""
    settings = _settings(data_dir)
    write_views_database(settings.views_path, settings.lake_dir)
    typer.echo(str(settings.views_path))
