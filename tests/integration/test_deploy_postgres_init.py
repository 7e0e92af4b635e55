"""deploy/postgres/init-databases.sh (the compose stack's database set-up) on a real PostgreSQL:
it makes one database and owner per component, each closed to the others, and an owner made
that way is enough for a service to migrate and to create (and, on a restart, update) the app
role it serves as — the same shape as the Kubernetes deployment's managed owner roles
(LOGIN CREATEROLE, no superuser). The official image runs the script with its own psql; here the
embedded server's psql runs it against the test server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import asyncpg
import pytest
from clc_groups.service import GROUPS
from clc_groups.settings import GroupsSettings
from devstack.databases import dsn_for_database
from devstack.postgres import postgres_bin_dir
from servicekit.runtime import prepare_database
from servicekit.settings import with_credentials

pytestmark = pytest.mark.integration

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMPONENTS = ("groups", "enquiry", "knowledge", "webhooks", "gateway")
PASSWORDS = {c: f"{c}-owner-password-0123456789abcdef" for c in COMPONENTS}
#: roles are server-wide and other tests use groups_app: this test's app role has its own name
APP_ROLE = "deploy_init_groups_app"


async def _drop(admin_dsn: str) -> None:
    admin = await asyncpg.connect(admin_dsn)
    try:
        for name in COMPONENTS:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        for name in (APP_ROLE, *COMPONENTS):
            if await admin.fetchval("select 1 from pg_roles where rolname = $1", name):
                await admin.execute(f'drop owned by "{name}" cascade')
                await admin.execute(f'drop role "{name}"')
    finally:
        await admin.close()


@pytest.fixture
async def initialised(postgres_admin_dsn: str) -> AsyncIterator[str]:
    admin = await asyncpg.connect(postgres_admin_dsn)
    try:
        clash = await admin.fetchval(
            "select string_agg(rolname, ',') from pg_roles where rolname = any($1::text[])",
            [*COMPONENTS, APP_ROLE],
        )
    finally:
        await admin.close()
    if clash:
        pytest.skip(f"roles {clash} exist on this server already (not a throwaway one)")
    url = urlsplit(postgres_admin_dsn)
    env = {
        **os.environ,
        "PATH": f"{postgres_bin_dir()}:{os.environ['PATH']}",
        "POSTGRES_USER": url.username or "postgres",
        "PGHOST": url.hostname or "127.0.0.1",
        "PGPORT": str(url.port or 5432),
        "PGPASSWORD": url.password or "",
        **{f"{c.upper()}_DB_PASSWORD": p for c, p in PASSWORDS.items()},
    }
    script = os.path.join(ROOT, "deploy/postgres/init-databases.sh")
    process = await asyncio.create_subprocess_exec(
        "bash", script, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    try:
        yield postgres_admin_dsn
    finally:
        await _drop(postgres_admin_dsn)


def _owner_dsn(admin_dsn: str, component: str, database: str | None = None) -> str:
    dsn = dsn_for_database(admin_dsn, database or component)
    return with_credentials(dsn, component, PASSWORDS[component])


async def test_each_component_owns_its_database_and_no_other(initialised: str) -> None:
    for component in COMPONENTS:
        own = await asyncpg.connect(_owner_dsn(initialised, component))
        try:
            assert await own.fetchval("select current_user") == component
            assert not await own.fetchval(
                "select rolsuper or rolbypassrls from pg_roles where rolname = current_user"
            )
        finally:
            await own.close()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await asyncpg.connect(_owner_dsn(initialised, "groups", "enquiry"))


async def test_the_owner_migrates_and_creates_the_app_role_and_again_on_restart(
    initialised: str,
) -> None:
    settings = GroupsSettings(
        database_url=_owner_dsn(initialised, "groups"),
        app_role=APP_ROLE,
        app_role_password="groups-app-password-0123456789abcdef",
    )
    await prepare_database(settings, GROUPS)
    await prepare_database(settings, GROUPS)  # a restart: the role exists, its password is set
    app = await asyncpg.connect(settings.app_dsn())
    try:
        assert await app.fetchval("select current_user") == APP_ROLE
        assert await app.fetchval("select count(*) from events") == 0
    finally:
        await app.close()
