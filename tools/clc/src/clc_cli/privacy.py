"""``clc privacy export|audit``: a person's data as one JSON document, and the audit log of
personal data, both read through the gateway as any client would (with a bearer token: the
person's own, or a tenant admin's).

The export asks ``personalDataExport(practitionerId)`` for every part the supergraph has (one per
service, found by introspection, so a new service's part is included without changing this
command) and prints them as one document::

    clc privacy export --person 7c0e… > export.json      # TOKEN from `make run`'s export line
    clc privacy audit [--person 7c0e…]                    # tenant admins

The gateway is ``--gateway`` or ``CLC_GATEWAY_URL`` (default ``http://127.0.0.1:8000``), the
token ``--token`` or ``TOKEN``.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
import typer

__all__ = ["app", "audit_log", "export_document"]

app = typer.Typer(help="Access requests and the audit log of personal data.", no_args_is_help=True)

DEFAULT_GATEWAY = "http://127.0.0.1:8000"

NOTES = (
    "This document is everything the services hold about the practitioner in their read"
    " models, one part per service. The event store and the Kafka topics hold the same facts as"
    " events; names and emails there are encrypted with a per-person key that an erasure"
    " destroys.",
    "Climate audit answers are anonymous by design and cannot be linked to the person.",
)


class PrivacyError(Exception):
    """The gateway refused or the person's data is not the caller's to see."""


async def _ask(http: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    answer = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    )
    body = answer.json()
    if answer.status_code != 200 or body.get("errors"):
        raise PrivacyError(json.dumps(body.get("errors") or body))
    return body["data"]


async def _parts(http: httpx.AsyncClient, token: str, type_name: str) -> list[str]:
    data = await _ask(http, token, "query($t: String!) { __type(name: $t) { fields { name } } }",
                      t=type_name)  # fmt: skip
    return [
        f["name"]
        for f in data["__type"]["fields"]
        if f["name"] not in ("practitionerId", "tenantId")
    ]


async def export_document(http: httpx.AsyncClient, token: str, person: str) -> dict[str, Any]:
    """The merged document: every service's part of ``personalDataExport``."""
    parts = await _parts(http, token, "PersonalDataExport")
    query = (
        "query($id: ID!) { personalDataExport(practitionerId: $id) { " + " ".join(parts) + " } }"
    )
    found = (await _ask(http, token, query, id=person))["personalDataExport"]
    if found is None:
        raise PrivacyError(f"no export of {person}: only the person or a tenant admin may ask")
    return {
        "practitionerId": person,
        "exportedAt": datetime.now(UTC).isoformat(),
        "notes": list(NOTES),
        "services": {name: found[name] for name in parts},
    }


async def audit_log(
    http: httpx.AsyncClient, token: str, person: str | None, first: int
) -> dict[str, Any]:
    """Every service's audit log (newest first), by service."""
    parts = await _parts(http, token, "PersonalDataAudit")
    page = (
        "(first: $first, practitionerId: $person) { edges { node { id at action"
        " performedById practitionerId } } }"
    )
    query = (
        "query($first: Int, $person: ID) { personalDataAudit { "
        + " ".join(f"{name}{page}" for name in parts)
        + " } }"
    )
    found = (await _ask(http, token, query, first=first, person=person))["personalDataAudit"]
    if found is None:
        raise PrivacyError("the audit log is for tenant admins")
    return {name: [e["node"] for e in found[name]["edges"]] for name in parts}


def _run(gateway: str | None, token: str | None, use: Any) -> Any:
    bearer = token or os.environ.get("TOKEN")
    if not bearer:
        raise typer.BadParameter("a bearer token: --token or TOKEN")
    base = gateway or os.environ.get("CLC_GATEWAY_URL") or DEFAULT_GATEWAY

    async def go() -> Any:
        async with httpx.AsyncClient(base_url=base) as http:
            return await use(http, bearer)

    try:
        return asyncio.run(go())
    except (PrivacyError, httpx.HTTPError) as exc:
        typer.echo(f"clc privacy: {exc}", err=True)
        raise typer.Exit(1) from None


Gateway = Annotated[str | None, typer.Option(help="the gateway's base URL")]
Token = Annotated[str | None, typer.Option(help="bearer token (default: TOKEN)")]


@app.command()
def export(
    person: Annotated[str, typer.Option(help="the practitioner's id")],
    gateway: Gateway = None,
    token: Token = None,
) -> None:
    """Everything held about a practitioner, across the services, as one JSON document."""
    document = _run(gateway, token, lambda http, bearer: export_document(http, bearer, person))
    typer.echo(json.dumps(document, indent=2, sort_keys=True))


@app.command()
def audit(
    person: Annotated[str | None, typer.Option(help="only entries about this person")] = None,
    first: Annotated[int, typer.Option(help="entries per service")] = 50,
    gateway: Gateway = None,
    token: Token = None,
) -> None:
    """Who read or changed personal data (ids only), per service, newest first."""
    log = _run(gateway, token, lambda http, bearer: audit_log(http, bearer, person, first))
    typer.echo(json.dumps(log, indent=2, sort_keys=True))
