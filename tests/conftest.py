"""Shared fixtures: a real PostgreSQL and a real Kafka, started on first use, stopped at the end
of the session. Where they come from (env vars, Docker, or local servers): ``devstack.runtime``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest
from devstack import runtime
from devstack.databases import DatabaseFactory, create_database, dsn_for_database
from hypothesis import settings

__all__ = ["NewDatabase", "create_database", "dsn_for_database"]

#: ``await new_database("orders")`` -> DSN of a fresh, empty database (name made session-unique)
NewDatabase = Callable[[str], Awaitable[str]]


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> Iterator[str]:
    """Superuser DSN of the ``postgres`` database."""
    with runtime.resolve_postgres("test", throwaway=True) as postgres:
        yield postgres.admin_dsn


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """Kafka bootstrap servers (``host:port``)."""
    with runtime.resolve_kafka() as kafka:
        yield kafka.bootstrap_servers


@pytest.fixture(scope="session")
def dsn_for(postgres_admin_dsn: str) -> Callable[[str], str]:
    """``dsn_for("other_db")``: the admin DSN pointed at another database."""
    return lambda database: dsn_for_database(postgres_admin_dsn, database)


@pytest.fixture(scope="session")
def new_database(postgres_admin_dsn: str) -> Iterator[NewDatabase]:
    """Factory of fresh, empty databases; they are dropped at the end of the session.

    A sync fixture (usable via ``request.getfixturevalue`` from async fixtures); the factory
    itself is async and runs on the caller's event loop.
    """
    factory = DatabaseFactory(postgres_admin_dsn)
    yield factory
    factory.drop_all_blocking()


# ``pytest --hypothesis-profile=thorough``: property tests run many more examples than in
# ``make test`` (where each keeps its own small count to stay fast).
settings.register_profile("thorough", max_examples=200, deadline=None)
