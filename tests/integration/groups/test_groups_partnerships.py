"""Networks learning with networks across school systems: a partnership between networks of two
tenants, each side's co-leader consenting in their own tenant; active only when both have; each
side sees exactly what the other shares (name, moral purpose); a third tenant sees nothing;
either side ends it, and the visibility ends with it (tested from both sides)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

PAYLOAD = "userErrors { code message field } consistencyToken"
VIEW = """query($id: ID!, $t: String) { network(id: $id, consistencyToken: $t) {
  partnerships { partnerTenantId partnerNetworkId active
                 partnerNetwork { tenantId id name moralPurpose } } } }"""


def admin(tenant: str) -> str:
    return token(f"admin-{tenant}", "tenant_admin", tenant=tenant)


def lead(tenant: str) -> str:
    return token(f"lead-{tenant}-1", tenant=tenant)


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        for tenant in ("north", "south"):
            await a_network(running, tenant)
        yield running


async def run(service: Service, who: str, name: str, /, **fields: Any) -> dict[str, Any]:
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{"
        f" {name}(input: $input) {{ {PAYLOAD} }} }}"
    )
    result: dict[str, Any] = (await service.data(who, query, input=fields))[name]
    return result


async def ok(service: Service, who: str, name: str, /, **fields: Any) -> str:
    result = await run(service, who, name, **fields)
    assert result["userErrors"] == [], (name, result)
    token_value: str = result["consistencyToken"]
    return token_value


async def a_network(service: Service, tenant: str) -> None:
    boss = admin(tenant)
    await ok(service, boss, "establishNetwork", networkId=f"{tenant}-net", name=f"{tenant} net")
    await ok(service, boss, "stateNetworkPurpose", networkId=f"{tenant}-net",
             moralPurpose=f"Every child in the {tenant} reads")  # fmt: skip
    for n in (1, 2):
        school = f"{tenant}-school-{n}"
        await ok(service, boss, "registerSchool", schoolId=school, name=school)
        person = {"practitionerId": f"lead-{tenant}-{n}", "givenName": "Lead", "familyName": tenant}
        await ok(service, boss, "registerPractitioner", **person, schoolId=school, role="TEACHER")
        await ok(service, boss, "joinNetwork", networkId=f"{tenant}-net", schoolId=school)
        await ok(service, boss, "appointNetworkCoLeader", networkId=f"{tenant}-net",
                 practitionerId=f"lead-{tenant}-{n}")  # fmt: skip


async def view(service: Service, tenant: str, t: str | None = None) -> list[dict[str, Any]]:
    data = await service.data(admin(tenant), VIEW, id=f"{tenant}-net", t=t)
    found: list[dict[str, Any]] = data["network"]["partnerships"]
    return found


def consent(tenant: str, partner: str) -> dict[str, str]:
    return {"networkId": f"{tenant}-net", "partnerTenantId": partner,
            "partnerNetworkId": f"{partner}-net"}  # fmt: skip


async def test_a_partnership_is_active_when_both_sides_consent_and_ends_for_both(service) -> None:  # type: ignore[no-untyped-def]
    t = await ok(service, lead("north"), "consentToPartnership", **consent("north", "south"))
    [waiting] = await view(service, "north", t)
    assert (waiting["active"], waiting["partnerNetwork"]) == (False, None)
    assert await view(service, "south") == []  # nothing of north until south consents
    t = await ok(service, lead("south"), "consentToPartnership", **consent("south", "north"))
    [north_sees] = await view(service, "north", t)
    [south_sees] = await view(service, "south", t)
    assert north_sees["partnerNetwork"] == {"tenantId": "south", "id": "south-net",
        "name": "south net", "moralPurpose": "Every child in the south reads"}  # fmt: skip
    assert south_sees["partnerNetwork"]["name"] == "north net"
    assert south_sees["active"] is True
    # Either side ends it; neither sees the other any more.
    t = await ok(service, lead("south"), "endPartnership", **consent("south", "north"))
    assert await view(service, "south", t) == []
    [north_sees] = await view(service, "north", t)
    assert (north_sees["active"], north_sees["partnerNetwork"]) == (False, None)


async def test_a_third_tenant_sees_nothing_and_cannot_act_for_either(service) -> None:  # type: ignore[no-untyped-def]
    await a_network(service, "west")
    await ok(service, lead("south"), "consentToPartnership", **consent("south", "north"))
    data = await service.data(admin("west"), VIEW, id="north-net")
    assert data["network"] is None
    assert await view(service, "west") == []
    result = await run(service, admin("west"), "endPartnership", **consent("north", "south"))
    assert result["userErrors"][0]["code"] == "NETWORK_NOT_FOUND"
    # West consenting to north by itself makes nothing of north visible to west.
    t = await ok(service, lead("west"), "consentToPartnership", **consent("west", "north"))
    [pending] = await view(service, "west", t)
    assert (pending["active"], pending["partnerNetwork"]) == (False, None)


async def test_only_co_leaders_consent_and_only_across_tenants(service) -> None:  # type: ignore[no-untyped-def]
    by_admin = await run(
        service, admin("north"), "consentToPartnership", **consent("north", "west")
    )
    assert by_admin["userErrors"][0]["code"] == "ONLY_CO_LEADERS_CONSENT_TO_PARTNERSHIP"
    same = {**consent("north", "north"), "partnerNetworkId": "other"}
    inside = await run(service, lead("north"), "consentToPartnership", **same)
    assert inside["userErrors"][0]["code"] == "PARTNER_IN_SAME_TENANT"
    never = await run(service, lead("north"), "endPartnership", **consent("north", "east"))
    assert never["userErrors"][0]["code"] == "NOT_PARTNERED"
