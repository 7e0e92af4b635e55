"""``clc token``: a development token (HS256 with the dev secret), printed alone on stdout."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from devstack.services import DEV_JWT_SECRET
from eventkit.principal import issue_dev_token

__all__ = ["token"]


def token(
    tenant: Annotated[str, typer.Option(help="the tenant the token acts in")] = "demo-trust",
    person: Annotated[str, typer.Option(help="the person (``sub``)")] = "demo-admin",
    role: Annotated[
        list[str] | None, typer.Option("--role", help="a role; repeat for several")
    ] = None,
    ttl: Annotated[int, typer.Option(help="lifetime in seconds")] = 12 * 3600,
    secret: Annotated[
        str | None,
        typer.Option(help="HS256 secret (default: CLC_JWT_SECRET, else the make-run dev secret)"),
    ] = None,
) -> None:
    """Mint a development token: export TOKEN=$(clc token --role tenant_admin)."""
    key = secret or os.environ.get("CLC_JWT_SECRET") or DEV_JWT_SECRET
    roles = role if role is not None else ["tenant_admin"]
    typer.echo(issue_dev_token(key, tenant_id=tenant, person_id=person, roles=roles, ttl_s=ttl))
