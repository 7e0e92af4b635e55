"""Seeding a running groups service through its application layer (fast: no read-model wait per
command), then reading with the last consistency token so the read models have it all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clc_groups.api.context import token_of
from clc_groups.application import GroupsCommands
from clc_groups.domain import TENANT_ADMIN
from eventkit.principal import Principal

from tests.integration.groups.service import Service


def admin_of(tenant: str, person: str = "admin") -> Principal:
    return Principal(tenant_id=tenant, person_id=person, roles=frozenset({TENANT_ADMIN}))


def commands_of(service: Service) -> GroupsCommands:
    commands: GroupsCommands = service.app.state.runtime.services.commands
    return commands


async def networks_with_groups(service: Service, tenant: str, count: int) -> str:
    """``count`` networks ``net-NN``, each of two schools ``sch-NN-a``/``-b`` with a co-leader at
    each (``lead-NN-a``/``-b``) and a teacher at ``-a`` (``tea-NN``), and one launched group
    ``grp-NN`` of the three with one held and one cancelled session. The last consistency token."""
    app, admin = commands_of(service), admin_of(tenant)
    start = datetime.now(UTC) + timedelta(days=30)
    last: Any = None
    for n in range(count):
        net, grp = f"net-{n:02}", f"grp-{n:02}"
        for side in ("a", "b"):
            school = f"sch-{n:02}-{side}"
            await app.schools.register(admin, school_id=school, name=f"School {n} {side}")
            await app.practitioners.register(
                admin,
                practitioner_id=f"lead-{n:02}-{side}",
                school_id=school,
                given_name=f"Lead{side}",
                family_name=f"N{n}",
                role="head_teacher",
            )
        await app.practitioners.register(
            admin,
            practitioner_id=f"tea-{n:02}",
            school_id=f"sch-{n:02}-a",
            given_name="Teacher",
            family_name=f"N{n}",
            role="teacher",
        )
        await app.networks.establish(admin, network_id=net, name=f"Network {n}")
        await app.networks.state_purpose(admin, network_id=net, moral_purpose="Every child")
        for side in ("a", "b"):
            await app.networks.join(admin, network_id=net, school_id=f"sch-{n:02}-{side}")
            await app.networks.appoint_co_leader(
                admin, network_id=net, practitioner_id=f"lead-{n:02}-{side}"
            )
        await app.networks.launch(admin, network_id=net)
        groups = app.learning_groups
        await groups.form(
            admin, group_id=grp, name=f"Group {n}", kind="enquiry_group", network_id=net
        )
        await groups.add_member(
            admin, group_id=grp, practitioner_id=f"lead-{n:02}-a", role="co_leader"
        )
        await groups.add_member(admin, group_id=grp, practitioner_id=f"lead-{n:02}-b")
        await groups.add_member(admin, group_id=grp, practitioner_id=f"tea-{n:02}")
        await groups.propose_ground_rules(admin, group_id=grp, text="Listen first")
        for member in (f"lead-{n:02}-a", f"lead-{n:02}-b", f"tea-{n:02}"):
            by = Principal(tenant_id=admin.tenant_id, person_id=member, roles=frozenset())
            await groups.agree_ground_rules(by, group_id=grp, version=1)
        await groups.launch(admin, group_id=grp)
        for s in ("s1", "s2"):
            await groups.schedule_session(
                admin, group_id=grp, session_id=s, starts_at=start, protocol="dialogue"
            )
        await groups.hold_session(
            admin, group_id=grp, session_id="s1", attendee_ids=[f"lead-{n:02}-a", f"tea-{n:02}"]
        )
        last = await groups.cancel_session(admin, group_id=grp, session_id="s2")
    assert last is not None
    token = token_of(last.position)
    assert token is not None
    return token
