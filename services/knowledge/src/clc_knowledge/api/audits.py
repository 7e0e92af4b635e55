"""The ``ClimateAudit`` entity (a run of a climate-for-learning audit tool for a group or school),
its results over time, its mutations and queries, and ``LearningGroup.climateAudits``.

Results come only in aggregate and only from five respondents (``domain.climate_audit.results``);
below that ``results.shown`` is false, every figure is absent and ``reason`` says why. Answering
takes no ``commandId``: an idempotency key would be logged beside the answerer (a retry is told
``ALREADY_ANSWERED``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from clc_knowledge.domain.climate_audit import INSTRUMENT, RESULTS_THRESHOLD, Dimension
from clc_knowledge.domain.climate_audit.results import summarise
from clc_knowledge.readmodels import audit_queries

from .artefacts import Artefact, load_artefact
from .base import Ctx, canonical, valid_id
from .context import ENTITY_KEYS
from .payloads import Payload, run

if TYPE_CHECKING:
    from .refs import LearningGroup

__all__ = ["AuditsOfGroup", "ClimateAudit", "ClimateAuditMutations", "ClimateAuditQueries"]

_REFS = "clc_knowledge.api.refs"
ENTITY_KEYS["climate_audit"] = (audit_queries.audits_by_id, "audit_id")
ID = strawberry.ID

strawberry.enum(Dimension, name="ClimateDimension", description="What a climate audit measures.")


class ClimateAuditStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


strawberry.enum(ClimateAuditStatus, description="A climate audit run is open, then closed.")


@strawberry.type
class ClimateStatement:
    """A statement of the built-in instrument, scored 1 (strongly disagree) to 5."""

    id: strawberry.ID
    dimension: Dimension
    statement: str


@strawberry.type
class StatementResult:
    statement: ClimateStatement
    mean: float
    distribution: list[int] = strawberry.field(description="How many gave 1, 2, 3, 4 and 5")


@strawberry.type
class DimensionResult:
    dimension: Dimension
    mean: float


@strawberry.type
class ClimateAuditResults:
    """Aggregates only; none at all below the threshold (``reason`` says why)."""

    shown: bool
    reason: str | None
    respondents: int
    threshold: int
    dimensions: list[DimensionResult]
    statements: list[StatementResult]


def _statement(item: Any) -> ClimateStatement:
    return ClimateStatement(id=ID(item.id), dimension=item.dimension, statement=item.statement)


async def load_audit(info: Ctx, audit_id: str, *, fresh: bool = False) -> ClimateAudit | None:
    row = await info.context.row("climate_audit", canonical(audit_id), fresh=fresh)
    return None if row is None else ClimateAudit.of(row)


@strawberry.federation.type(keys=["id"])
class ClimateAudit:
    """A run of a climate-for-learning audit tool for a group or a school; members answer
    anonymously."""

    id: strawberry.ID
    status: ClimateAuditStatus
    instrument_id: str
    school_id: strawberry.ID | None
    participants: int = strawberry.field(description="How many have answered (a count only)")
    opened_at: datetime
    closed_at: datetime | None
    tool_id: strawberry.Private[str]
    group_id: strawberry.Private[str | None]
    tenant_id: strawberry.Private[str]
    respondents: strawberry.Private[int]
    row: strawberry.Private[Any]

    @classmethod
    def of(cls, row: Any) -> ClimateAudit:
        return cls(
            id=ID(row["audit_id"]),
            status=ClimateAuditStatus(row["status"]),
            instrument_id=row["instrument_id"],
            school_id=ID(row["school_id"]) if row["school_id"] else None,
            participants=row["participants"],
            opened_at=row["opened_at"],
            closed_at=row["closed_at"],
            tool_id=row["tool_artefact_id"],
            group_id=row["group_id"],
            tenant_id=row["tenant_id"],
            respondents=row["respondents"],
            row=row,
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> ClimateAudit | None:
        return await load_audit(info, valid_id(id))

    # The audit tool artefact run (null if the reader cannot see it)

    @strawberry.field
    async def tool(self, info: Ctx) -> Artefact | None:
        return await load_artefact(info, self.tool_id)

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)] | None:
        from .refs import LearningGroup

        return None if self.group_id is None else LearningGroup(id=ID(self.group_id))

    @strawberry.field
    async def results(self, info: Ctx) -> ClimateAuditResults:
        counts: dict[tuple[str, int], int] = {}
        if self.respondents >= RESULTS_THRESHOLD:
            async with info.context.read() as conn:
                rows = await audit_queries.audit_scores(conn, self.tenant_id, self.id)
            counts = {(r["item_id"], r["score"]): r["answers"] for r in rows}
        found = summarise(self.respondents, counts, RESULTS_THRESHOLD, self.participants)
        return ClimateAuditResults(
            shown=found.shown,
            reason=found.reason,
            respondents=found.respondents,
            threshold=RESULTS_THRESHOLD,
            dimensions=[
                DimensionResult(dimension=d.dimension, mean=d.mean) for d in found.dimensions
            ],
            statements=[
                StatementResult(
                    statement=_statement(i.item), mean=i.mean, distribution=list(i.distribution)
                )
                for i in found.items
            ],
        )

    # Every run of the same tool for the same group or school, oldest first: change over time

    @strawberry.field
    async def runs(self, info: Ctx) -> list[ClimateAudit]:
        reader = await info.context.reader()
        async with info.context.read() as conn:
            rows = await audit_queries.audit_runs(conn, reader, self.row)
        return [ClimateAudit.of(r) for r in rows]


@strawberry.type
class ClimateAuditPayload(Payload):
    @strawberry.field
    async def climate_audit(self, info: Ctx) -> ClimateAudit | None:
        entity_id = self.ready()
        return None if entity_id is None else await load_audit(info, entity_id, fresh=True)


@strawberry.input
class OpenClimateAuditInput:
    audit_id: ID
    tool_artefact_id: ID
    group_id: ID | None = None
    school_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class StatementScoreInput:
    item_id: ID
    score: int


@strawberry.input(description="No commandId: it would be logged beside the answerer")
class AnswerClimateAuditInput:
    audit_id: ID
    answers: list[StatementScoreInput]


@strawberry.input
class CloseClimateAuditInput:
    audit_id: ID
    command_id: str | None = None


@strawberry.type
class ClimateAuditMutations:
    @strawberry.mutation
    async def open_climate_audit(
        self, info: Ctx, input: OpenClimateAuditInput
    ) -> ClimateAuditPayload:
        use_case = info.context.commands.climate_audits.open
        return await run(info, ClimateAuditPayload, input.audit_id, use_case, input)

    @strawberry.mutation
    async def answer_climate_audit(
        self, info: Ctx, input: AnswerClimateAuditInput
    ) -> ClimateAuditPayload:
        use_case = info.context.commands.climate_audits.answer
        return await run(info, ClimateAuditPayload, input.audit_id, use_case, input)

    @strawberry.mutation
    async def close_climate_audit(
        self, info: Ctx, input: CloseClimateAuditInput
    ) -> ClimateAuditPayload:
        use_case = info.context.commands.climate_audits.close
        return await run(info, ClimateAuditPayload, input.audit_id, use_case, input)


async def _page(
    info: Ctx, first: int | None, after: str | None, **scope: str
) -> Connection[ClimateAudit]:
    size = page_size(first)
    reader = await info.context.reader()
    async with info.context.read() as conn:
        rows = await audit_queries.scope_audits(
            conn, reader, after=decode_cursor(after), limit=size + 1, **scope
        )
    return connection(rows, size, "page_key", ClimateAudit.of)


@strawberry.type
class ClimateAuditQueries:
    # A climate audit run the caller may see, by id (null otherwise)

    @strawberry.field
    async def climate_audit(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> ClimateAudit | None:
        await info.context.consistent(consistency_token)
        return await load_audit(info, valid_id(id))

    # A school's climate audit runs, oldest first

    @strawberry.field
    async def school_climate_audits(
        self,
        info: Ctx,
        school_id: strawberry.ID,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[ClimateAudit]:
        await info.context.consistent(consistency_token)
        return await _page(info, first, after, school_id=valid_id(school_id, "schoolId"))

    # The statements of the built-in climate-for-learning instrument

    @strawberry.field
    def climate_audit_statements(self) -> list[ClimateStatement]:
        return [_statement(i) for i in INSTRUMENT]


@strawberry.type
class AuditsOfGroup:
    """``LearningGroup.climateAudits`` (mixed into ``refs.LearningGroup``)."""

    id: strawberry.ID

    # The group's climate audit runs, oldest first

    @strawberry.field
    async def climate_audits(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[ClimateAudit]:
        await info.context.consistent(consistency_token)
        return await _page(info, first, after, group_id=valid_id(self.id))
