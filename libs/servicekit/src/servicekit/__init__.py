"""Service plumbing shared by the subgraphs: composition root, auth context, user errors, Relay
pagination, health, metrics, JSON logs and the CLI.

A service provides its settings (a ``ServiceSettings`` subclass), a ``ServiceDefinition`` (its
migrations, read-model tables, projections and application layer) and a strawberry schema; the
rest is here, identical for every service. See README.md for the wiring.
"""

from __future__ import annotations

from .app import create_app
from .cli import rebuild, run_cli, serve, subgraph_sdl
from .commands import ConcurrentChange, build_command, command_context, execute
from .context import ServiceContext
from .definition import ServiceDefinition
from .http import DocumentCache, GraphQLEndpoint
from .limits import Limits
from .logs import JsonFormatter, configure_logging
from .metrics import CountingStore, prometheus_text
from .pagination import (
    MAX_PAGE,
    Connection,
    Edge,
    PageInfo,
    connection,
    decode_cursor,
    encode_cursor,
    page_size,
)
from .payloads import MutationOutcome, UserError, camel_case, run_mutation
from .projections import TypedProjection
from .roles import ensure_app_role
from .runtime import Runtime, Services, prepare_database, running
from .settings import ServiceSettings
from .telemetry import ServiceMetrics

__all__ = [
    "MAX_PAGE",
    "ConcurrentChange",
    "Connection",
    "CountingStore",
    "DocumentCache",
    "Edge",
    "GraphQLEndpoint",
    "JsonFormatter",
    "Limits",
    "MutationOutcome",
    "PageInfo",
    "Runtime",
    "ServiceContext",
    "ServiceDefinition",
    "ServiceMetrics",
    "ServiceSettings",
    "Services",
    "TypedProjection",
    "UserError",
    "build_command",
    "camel_case",
    "command_context",
    "configure_logging",
    "connection",
    "create_app",
    "decode_cursor",
    "encode_cursor",
    "ensure_app_role",
    "execute",
    "page_size",
    "prepare_database",
    "prometheus_text",
    "rebuild",
    "run_cli",
    "run_mutation",
    "running",
    "serve",
    "subgraph_sdl",
]
