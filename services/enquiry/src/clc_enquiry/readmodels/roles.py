"""The app role the service works as, so that row-level security applies to it.

servicekit's, over the membership and enquiry read models, so tests get the grants production
gets (the event store append-only, dead letters included).
"""

from __future__ import annotations

import asyncpg
from servicekit.roles import ensure_app_role as _ensure_app_role

from clc_enquiry.membership import MEMBERSHIP_TABLES

from .schema import READ_MODEL_TABLES

__all__ = ["ensure_app_role"]


async def ensure_app_role(conn: asyncpg.Connection, role: str, password: str) -> None:
    await _ensure_app_role(conn, role, password, (*MEMBERSHIP_TABLES, *READ_MODEL_TABLES))
