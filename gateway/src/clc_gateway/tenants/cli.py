"""Operator commands for the tenant registry (mounted as ``clc tenant ...``; also
``clc-gateway tenant ...``). They write the gateway's database; every running gateway picks the
change up within ``GATEWAY_TENANTS_REFRESH_S``.

::

    clc tenant create district-7 --name "District 7" --cors-origin https://app.district7.example
    clc tenant add-idp district-7 --issuer https://login.district7.example \\
        --jwks-url https://login.district7.example/.well-known/jwks.json \\
        --audience clc --person-claim sourcedId --match sourced-id
    clc tenant list
    clc tenant set-origins district-7 --cors-origin https://app.district7.example
    clc tenant remove-idp https://login.district7.example
    clc tenant remove district-7
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
from collections.abc import Coroutine
from typing import Annotated, Any, TypeVar

import asyncpg
import typer
from rich.console import Console
from rich.table import Table

from .model import IdentityProvider, PersonMatch, Tenant
from .store import RegistryStore

__all__ = ["app"]

app = typer.Typer(help="Tenants and their identity providers.", no_args_is_help=True)
console = Console()
T = TypeVar("T")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="GATEWAY_DATABASE_URL",
        help="The gateway's database (default: $GATEWAY_DATABASE_URL).",
    ),
]
Origins = Annotated[
    list[str] | None, typer.Option("--cors-origin", help="A browser origin (repeatable).")
]


def _store(database_url: str | None) -> RegistryStore:
    url = database_url or os.environ.get("GATEWAY_DATABASE_URL")
    if not url:
        console.print("[red]no database: pass --database-url or set GATEWAY_DATABASE_URL[/]")
        raise typer.Exit(2)
    return RegistryStore(url)


def _run(store: RegistryStore, job: Coroutine[Any, Any, T]) -> T:
    async def migrated() -> T:
        await store.migrate()
        return await job

    try:
        return asyncio.run(migrated())
    except asyncpg.UniqueViolationError as exc:
        console.print(f"[red]already registered:[/] {exc.detail or exc}")
        raise typer.Exit(1) from None
    except asyncpg.ForeignKeyViolationError:
        console.print("[red]no such tenant[/]")
        raise typer.Exit(1) from None


@app.command()
def create(
    tenant_id: Annotated[str, typer.Argument(help="The tenant id tokens will carry.")],
    name: Annotated[str, typer.Option(help="A readable name.")] = "",
    cors_origin: Origins = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a tenant."""
    store = _store(database_url)
    _run(store, store.create_tenant(Tenant(tenant_id, name, frozenset(cors_origin or []))))
    console.print(f"created tenant [bold]{tenant_id}[/]")


@app.command("add-idp")
def add_idp(
    tenant_id: str,
    issuer: Annotated[str, typer.Option(help="The IdP's iss, exactly as its tokens carry it.")],
    jwks_url: Annotated[str, typer.Option(help="Where its signing keys are published.")],
    audience: Annotated[str, typer.Option(help="The aud its tokens for us carry.")],
    person_claim: Annotated[str, typer.Option(help="The claim that names the person.")] = "sub",
    match: Annotated[
        PersonMatch, typer.Option(help="How the claim finds the practitioner.")
    ] = PersonMatch.SUBJECT,
    roles_claim: Annotated[str, typer.Option(help="A list-of-strings claim of roles.")] = "roles",
    database_url: DatabaseUrl = None,
) -> None:
    """Register an identity provider of a tenant (an issuer belongs to one tenant only)."""
    store = _store(database_url)
    provider = IdentityProvider(
        tenant_id, issuer, jwks_url, audience, person_claim, match, roles_claim
    )
    _run(store, store.add_provider(provider))
    console.print(f"tenant [bold]{tenant_id}[/] now signs in with [bold]{issuer}[/]")


@app.command("set-origins")
def set_origins(
    tenant_id: str, cors_origin: Origins = None, database_url: DatabaseUrl = None
) -> None:
    """Replace the browser origins a tenant allows (none: no browser access)."""
    store = _store(database_url)
    if not _run(store, store.set_origins(tenant_id, frozenset(cors_origin or []))):
        console.print(f"[red]no tenant {tenant_id}[/]")
        raise typer.Exit(1)
    console.print(f"tenant [bold]{tenant_id}[/] allows {sorted(cors_origin or []) or 'no origin'}")


@app.command("list")
def list_(
    database_url: DatabaseUrl = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one per tenant.")] = False,
) -> None:
    """List tenants with their identity providers and origins."""
    store = _store(database_url)
    registry = _run(store, store.load())
    if as_json:
        for tenant in registry.tenants.values():
            providers = [p for p in registry.providers.values() if p.tenant_id == tenant.id]
            line = {
                "id": tenant.id,
                "name": tenant.name,
                "corsOrigins": sorted(tenant.cors_origins),
                "identityProviders": [
                    {**dataclasses.asdict(p), "match": p.match.value} for p in providers
                ],
            }
            typer.echo(json.dumps(line))
        return
    table = Table("tenant", "name", "issuer", "jwks url", "audience", "person", "origins")
    for tenant in registry.tenants.values():
        providers = [p for p in registry.providers.values() if p.tenant_id == tenant.id]
        origins = ", ".join(sorted(tenant.cors_origins))
        if not providers:
            table.add_row(tenant.id, tenant.name, "—", "", "", "", origins)
        for p in providers:
            person = f"{p.person_claim} ({p.match.value})"
            table.add_row(tenant.id, tenant.name, p.issuer, p.jwks_url, p.audience, person, origins)
    console.print(table)


@app.command()
def remove(tenant_id: str, database_url: DatabaseUrl = None) -> None:
    """Remove a tenant and its identity providers (its people can no longer sign in)."""
    store = _store(database_url)
    if not _run(store, store.remove_tenant(tenant_id)):
        console.print(f"[red]no tenant {tenant_id}[/]")
        raise typer.Exit(1)
    console.print(f"removed tenant [bold]{tenant_id}[/]")


@app.command("remove-idp")
def remove_idp(issuer: str, database_url: DatabaseUrl = None) -> None:
    """Remove one identity provider."""
    store = _store(database_url)
    if not _run(store, store.remove_provider(issuer)):
        console.print(f"[red]no identity provider {issuer}[/]")
        raise typer.Exit(1)
    console.print(f"removed identity provider [bold]{issuer}[/]")
