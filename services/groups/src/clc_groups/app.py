"""The groups FastAPI application: servicekit's app over the groups subgraph schema."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.app import create_app as create_service_app

from .api import build_schema
from .service import GROUPS
from .settings import GroupsSettings

__all__ = ["create_app"]


def create_app(settings: GroupsSettings | None = None) -> FastAPI:
    return create_service_app(settings or GroupsSettings(), GROUPS, build_schema())
