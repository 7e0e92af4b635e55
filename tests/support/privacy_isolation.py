"""The privacy entities in the systematic cross-tenant tests: a tenant-B admin who knows a person
id of tenant A exports nothing of them and reads none of A's audit log, while A's admin does.

The generic walks of those tests aim ``id`` arguments and ``{__typename, id}`` representations;
``PersonalDataExport`` (keyed by ``practitionerId``) and ``PersonalDataAudit`` (keyed by
``tenantId``) are checked here, the same way for every subgraph.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["PRIVACY_ROOTS", "PRIVACY_TYPES", "assert_privacy_isolated"]

PRIVACY_TYPES = frozenset({"PersonalDataExport", "PersonalDataAudit"})
PRIVACY_ROOTS = frozenset({"personalDataExport", "personalDataAudit"})

Data = Callable[[str, str], Awaitable[dict[str, Any]]]


async def assert_privacy_isolated(
    data: Data, service: str, admin_a: str, admin_b: str, person_a: str, tenant_a: str
) -> None:
    """``data(bearer, query)``: the subgraph's answer; ``service``: its part's field name."""
    export = (
        '{ _entities(representations: [{__typename: "PersonalDataExport",'
        f' practitionerId: "{person_a}"}}]) {{ ... on PersonalDataExport {{ {service} }} }} }}'
    )
    audit = (
        '{ _entities(representations: [{__typename: "PersonalDataAudit",'
        f' tenantId: "{tenant_a}"}}]) {{ ... on PersonalDataAudit {{ {service}'
        " { edges { node { action practitioner { id } } } } } } }"
    )
    (part_b,) = (await data(admin_b, export))["_entities"]
    rows_b = [r for rows in part_b[service]["tables"].values() for r in rows]
    assert all(r["tenant_id"] != tenant_a for r in rows_b), rows_b  # nothing of A's person
    (log_b,) = (await data(admin_b, audit))["_entities"]
    assert log_b[service] is None  # not B's log to read
    (part_a,) = (await data(admin_a, export))["_entities"]
    assert part_a[service]["tables"] != {}  # A's admin: the person's rows…
    (log_a,) = (await data(admin_a, audit))["_entities"]
    entries = [e["node"] for e in log_a[service]["edges"]]
    assert {"action": "EXPORT", "practitioner": {"id": person_a}} in entries  # …and the log
