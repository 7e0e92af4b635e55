"""``clc webhooks``: a tenant's webhook deliveries (dead letters first of all), and a receiver
for trying webhooks out on this machine.

::

    clc webhooks deliveries <tenant> [--status DEAD|PENDING|DELIVERED] [--subscription ID]
    clc webhooks receive --secret whsec_… [--port 9000]   # verifies and prints what arrives

``deliveries`` reads the webhooks database as its owner (``WEBHOOKS_DATABASE_URL`` or
``DATABASE_URL``, or ``--database-url``), inside the tenant (row-level security applies); it
shows ids, types, times, attempts and the last answer — never an event's content. Exit status 1
while the listing shows any dead letter. A dead letter is sent again by a replay from its
event's time (``replayWebhookDeliveries``), which re-delivers with the same event id.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import typer
from eventkit.pg import connect
from rich.console import Console
from rich.table import Table

from .services import load, settings_for

__all__ = ["app"]

app = typer.Typer(help="Webhook deliveries and a local receiver.", no_args_is_help=True)
console = Console()


async def _deliveries(
    dsn: str, tenant: str, status: str | None, subscription: str | None
) -> list[Any]:
    conn = await connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", tenant)
            rows: list[Any] = await conn.fetch(
                "select delivery_id, subscription_id, event_id, event_type, event_time, status,"
                " attempts, last_status_code, last_error, replay_id, finished_at"
                " from webhook_deliveries where tenant_id = $1"
                " and ($2::text is null or status = $2)"
                " and ($3::text is null or subscription_id = $3)"
                " order by delivery_id desc limit 500",
                tenant,
                status,
                subscription,
            )
        return rows
    finally:
        await conn.close()


@app.command()
def deliveries(
    tenant: str,
    status: Annotated[str | None, typer.Option(help="DEAD, PENDING or DELIVERED")] = None,
    subscription: Annotated[str | None, typer.Option(help="one subscription id")] = None,
    database_url: Annotated[str | None, typer.Option(help="owner DSN (default: env)")] = None,
) -> None:
    """The tenant's latest 500 deliveries, newest first."""
    settings = settings_for(load("webhooks"), database_url)
    rows = asyncio.run(
        _deliveries(settings.database_url, tenant, status and status.upper(), subscription)
    )
    table = Table("id", "subscription", "event id", "type", "status", "attempts", "last answer")
    for r in rows:
        answer = r["last_error"] or (str(r["last_status_code"]) if r["last_status_code"] else "")
        table.add_row(
            str(r["delivery_id"]),
            r["subscription_id"],
            str(r["event_id"]),
            r["event_type"],
            r["status"] + (" (replay)" if r["replay_id"] else ""),
            str(r["attempts"]),
            answer,
        )
    console.print(table)
    raise typer.Exit(1 if any(r["status"] == "DEAD" for r in rows) else 0)


@app.command()
def receive(
    secret: Annotated[str, typer.Option(help="the subscription's whsec_… secret")],
    port: Annotated[int, typer.Option(help="loopback port")] = 9000,
) -> None:
    """A receiver on http://127.0.0.1:PORT/ that verifies each delivery and prints it."""
    import uvicorn
    from clc_webhooks.delivery.signing import InvalidSignature, verify
    from starlette.requests import Request
    from starlette.responses import Response

    async def receiver(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        body = await request.body()
        try:
            event_id = verify(secret, dict(request.headers), body)
        except InvalidSignature as refused:
            console.print(f"[red]refused[/red]: {refused}")
            await Response(status_code=401)(scope, receive, send)
            return
        event = json.loads(body)
        console.print(f"[green]verified[/green] {event_id} {event.get('type')}")
        console.print_json(data=event.get("data"))
        await Response(status_code=204)(scope, receive, send)

    uvicorn.run(receiver, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
