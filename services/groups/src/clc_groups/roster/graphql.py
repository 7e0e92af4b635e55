"""``importRoster``: the roster import as a GraphQL mutation.

The files travel as strings (GraphQL strings are Unicode, so an encoding problem can only be
caught by the CLI, which reads bytes). The mutation is a standalone ``RosterMutation`` type so the
groups schema can merge it into its mutation root, e.g. ``class Mutation(RosterMutation, ...)``.
A refused caller (not a tenant admin) gets ``userErrors``; a refused roster gets a report with
``accepted: false`` and its rejected rows, and nothing is written either way.

A roster larger than the service's ``roster_max_bytes`` (all files together) is refused with
``ROSTER_TOO_LARGE`` before it is parsed; parsing and planning run in a worker thread, so a large
roster does not stall the event loop (and every other request with it).
"""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from eventkit.errors import DomainError, InvalidInput
from servicekit.payloads import UserError

from clc_groups.api.context import Ctx, token_of
from clc_groups.domain import TENANT_ADMIN, NotTenantAdmin

from .importer import RosterImporter, parse_sources
from .report import ImportReport, RowIssue

__all__ = [
    "RosterFileInput",
    "RosterImportPayload",
    "RosterImportReport",
    "RosterMutation",
    "RosterRowIssue",
    "RosterSkippedCount",
]


@strawberry.input(description="One CSV file of a OneRoster 1.2 export, e.g. users.csv.")
class RosterFileInput:
    name: str
    content: str


@strawberry.type
class RosterRowIssue:
    file: str
    line: int | None
    sourced_id: strawberry.ID | None
    field: str | None
    reason: str

    @classmethod
    def of(cls, issue: RowIssue) -> RosterRowIssue:
        return cls(
            file=issue.file,
            line=issue.line,
            sourced_id=None if issue.source_id is None else strawberry.ID(issue.source_id),
            field=issue.field,
            reason=issue.reason,
        )


@strawberry.type(description="Users left out because they are not staff, by OneRoster role.")
class RosterSkippedCount:
    role: str
    count: int


@strawberry.type
class RosterImportReport:
    accepted: bool
    schools_registered: int
    schools_updated: int
    schools_unchanged: int
    organisations_registered: int
    organisations_updated: int
    organisations_unchanged: int
    practitioners_registered: int
    practitioners_deactivated: int
    practitioners_unchanged: int
    skipped_non_staff: list[RosterSkippedCount]
    warnings: list[RosterRowIssue]
    rejected: list[RosterRowIssue]
    events_written: int

    @classmethod
    def of(cls, report: ImportReport) -> RosterImportReport:
        return cls(
            accepted=report.accepted,
            schools_registered=report.schools_registered,
            schools_updated=report.schools_updated,
            schools_unchanged=report.schools_unchanged,
            organisations_registered=report.organisations_registered,
            organisations_updated=report.organisations_updated,
            organisations_unchanged=report.organisations_unchanged,
            practitioners_registered=report.practitioners_registered,
            practitioners_deactivated=report.practitioners_deactivated,
            practitioners_unchanged=report.practitioners_unchanged,
            skipped_non_staff=[
                RosterSkippedCount(role=r, count=n)
                for r, n in sorted(report.skipped_non_staff.items())
            ],
            warnings=[RosterRowIssue.of(w) for w in report.warnings],
            rejected=[RosterRowIssue.of(r) for r in report.rejected],
            events_written=report.events_written,
        )


@strawberry.type
class RosterImportPayload:
    report: RosterImportReport | None
    user_errors: list[UserError]
    consistency_token: str | None = strawberry.field(
        description="Opaque; pass it to a query's consistencyToken to read the imported rows."
    )


def _importer(context: Any) -> RosterImporter:
    """The context's importer if the composition root provides one, else one over the store
    the service's commands write to (it seals personal fields)."""
    importer = getattr(context, "roster_importer", None)
    if isinstance(importer, RosterImporter):
        return importer
    return RosterImporter(context.services.commands.store)


#: the cap when the context carries no settings (the service's default ``roster_max_bytes``)
DEFAULT_ROSTER_MAX_BYTES = 900_000


class RosterTooLarge(InvalidInput):
    code = "ROSTER_TOO_LARGE"


def _max_bytes(context: Any) -> int:
    settings = getattr(getattr(context, "services", None), "settings", None)
    return int(getattr(settings, "roster_max_bytes", DEFAULT_ROSTER_MAX_BYTES))


async def _import(context: Any, principal: Any, files: list[RosterFileInput]) -> ImportReport:
    # Only a tenant admin may import, refused before anything is read (as ``import_files`` does).
    if not principal.has_role(TENANT_ADMIN):
        raise NotTenantAdmin()
    importer = _importer(context)
    limit = _max_bytes(context)
    # Characters, not bytes, are what the request carried; UTF-8 is at least as long.
    if sum(len(f.content) for f in files) > limit:
        raise RosterTooLarge(
            f"the roster exceeds {limit} bytes; import it with the CLI", field="files"
        )
    sources = {f.name: f.content for f in files}
    roster, issues = await asyncio.to_thread(parse_sources, sources)
    if roster is None:
        return ImportReport(principal.tenant_id).reject(issues)
    return await importer.import_roster(principal, roster)


@strawberry.type
class RosterMutation:
    @strawberry.mutation
    async def import_roster(self, info: Ctx, files: list[RosterFileInput]) -> RosterImportPayload:
        """Import schools and staff from a OneRoster 1.2 CSV export (manifest.csv, orgs.csv,
        users.csv, roles.csv): all or nothing, tenant admins only."""
        principal = info.context.principal
        try:
            report = await _import(info.context, principal, files)
        except DomainError as exc:
            return RosterImportPayload(
                report=None, user_errors=[UserError.of(exc)], consistency_token=None
            )
        position = report.consistency_token or None
        if position is not None:
            info.context.wrote(position)
            await info.context.reached(position)
        return RosterImportPayload(
            report=RosterImportReport.of(report),
            user_errors=[],
            consistency_token=token_of(position),
        )
