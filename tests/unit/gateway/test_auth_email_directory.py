"""Email-matched logins: the gateway reads a tenant's practitioners from groups (as that tenant's
admin, with its own token), pages through schools and staff, and keeps the map; an unknown email
re-reads at most once per interval; an email two practitioners share matches nobody."""

from __future__ import annotations

from typing import Any

from clc_gateway.tenants.directory import GroupsDirectory
from clc_gateway.tenants.internal import InternalSigner
from eventkit.principal import JwtVerifier

SECRET = "i" * 32


class Groups:
    """Answers the directory's two queries the way groups' API does, two items per page."""

    def __init__(self) -> None:
        self.staff = {
            "s1": [("p1", "ada@a.example"), ("p2", None), ("p3", "Shared@a.example")],
            "s2": [("p4", "shared@a.example"), ("p5", "bo@a.example")],
            "s3": [],
        }
        self.requests = 0
        self.seen_tenants: set[str] = set()

    async def __call__(
        self, query: str, variables: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        self.requests += 1
        principal = JwtVerifier(hs256_secret=SECRET).verify_header(headers["authorization"])
        assert principal.has_role("tenant_admin")
        self.seen_tenants.add(principal.tenant_id)
        start = int(variables["after"] or 0)
        if "GatewayDirectorySchools" in query:
            items: list[Any] = [{"id": s} for s in self.staff]
            key = "schools"
        else:
            items = [{"id": i, "email": e} for i, e in self.staff[variables["school"]]]
            key = "practitioners"
        page = items[start : start + 2]
        connection = {
            "edges": [{"node": n} for n in page],
            "pageInfo": {"hasNextPage": start + 2 < len(items), "endCursor": str(start + 2)},
        }
        if key == "schools":
            return {"data": {"schools": connection}}
        return {"data": {"school": {"practitioners": connection}}}


async def test_emails_are_found_across_pages_and_shared_ones_match_nobody() -> None:
    groups = Groups()
    directory = GroupsDirectory(groups, InternalSigner(SECRET))
    assert await directory.by_email("t1", "ada@a.example") == "p1"
    assert await directory.by_email("t1", "bo@a.example") == "p5"
    assert await directory.by_email("t1", "shared@a.example") is None
    assert groups.seen_tenants == {"t1"}


async def test_an_unknown_email_rereads_at_most_once_per_interval() -> None:
    groups = Groups()
    directory = GroupsDirectory(groups, InternalSigner(SECRET), min_refresh_s=3600)
    assert await directory.by_email("t1", "ada@a.example") == "p1"
    reads = groups.requests
    for n in range(20):
        assert await directory.by_email("t1", f"nobody{n}@a.example") is None
    assert groups.requests == reads
    eager = GroupsDirectory(groups, InternalSigner(SECRET), min_refresh_s=0)
    await eager.by_email("t1", "ada@a.example")
    groups.staff["s3"].append(("p9", "new@a.example"))  # registered a moment ago
    assert await eager.by_email("t1", "new@a.example") == "p9"
