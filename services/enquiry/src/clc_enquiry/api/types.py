"""The federated entities, the stubs of the groups service's entities this subgraph extends, and
their nested types.

Objects are built from read-model rows; fields that only read the object are plain, fields that need
another query are async and read through the context (so under the caller's tenant). No rule lives
here: what a row says is what the field says.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from servicekit.pagination import Connection, connection, decode_cursor, page_size
from strawberry.scalars import JSON
from strawberry.types import Info

from clc_enquiry.readmodels import queries

from .context import EnquiryContext, today
from .enums import (
    Approach,
    ClaimStatus,
    CycleStatus,
    Depth,
    EnquiryStatus,
    KnowledgeField,
    LevelOfLearning,
    PeerReviewStatus,
    Phase,
)

__all__ = [
    "Ctx",
    "Cycle",
    "Enquiry",
    "JournalEntry",
    "KnowledgeShare",
    "LearningClaim",
    "LearningGroup",
    "LearningMatrixCell",
    "Network",
    "OpenAction",
    "PeerReview",
    "PeerReviewFinding",
    "Practitioner",
    "SchoolPeerReviews",
    "board",
    "canonical",
    "load",
]

Ctx = Info[EnquiryContext, None]


def canonical(entity_id: str) -> str:
    """Ids of this service's aggregates are stored as canonical UUIDs; anything else finds
    nothing (and is passed on unchanged, so it does)."""
    try:
        return str(uuid.UUID(entity_id))
    except ValueError:
        return entity_id


async def load(info: Ctx, entity: str, entity_id: str, *, fresh: bool = False) -> Any:
    """The entity with this id in the caller's tenant, or ``None``."""
    row = await info.context.row(entity, canonical(entity_id), fresh=fresh)
    return None if row is None else _BUILDERS[entity](row)


def _board_after(cursor: str | None) -> tuple[datetime, str] | None:
    key = decode_cursor(cursor)
    if key is None:
        return None
    at, sep, enquiry_id = key.partition("|")
    try:
        if not sep:
            raise ValueError(key)
        return datetime.fromisoformat(at + "+00:00"), enquiry_id
    except ValueError:
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"}) from None


async def board(
    info: Ctx,
    *,
    first: int | None,
    after: str | None,
    group_id: str | None = None,
    network_id: str | None = None,
    status: EnquiryStatus | None = None,
    phase: Phase | None = None,
) -> Connection[Enquiry]:
    """A page of the enquiry board, newest first."""
    size = page_size(first)
    position = _board_after(after)
    async with info.context.read() as conn:
        rows = await queries.board_page(
            conn,
            info.context.tenant_id,
            today=today(),
            first=size,
            after=position,
            group_id=group_id,
            network_id=network_id,
            status=status.value if status else None,
            phase=phase.value if phase else None,
        )
    return connection(rows, size, "board_key", Enquiry.of)


# -- the groups service's entities, extended here -------------------------------------------------


@strawberry.type
class LearningMatrixCell:
    """Validated learning claims at one level and depth."""

    level: LevelOfLearning
    depth: Depth
    count: int


@strawberry.type
class KnowledgeShare:
    """Ideas from one field of knowledge, and their share (0..1) of all ideas."""

    field: KnowledgeField
    count: int
    share: float

    @classmethod
    def of(cls, share: queries.KnowledgeShare) -> KnowledgeShare:
        return cls(
            field=KnowledgeField(share.knowledge_field), count=share.ideas, share=share.share
        )


async def _matrix(info: Ctx, scope: str, scope_id: str) -> list[LearningMatrixCell]:
    async with info.context.read() as conn:
        cells = await queries.learning_matrix_cells(conn, info.context.tenant_id, scope, scope_id)
    return [LearningMatrixCell(level=c.level, depth=c.depth, count=c.count) for c in cells]


async def _balance(info: Ctx, scope: str, scope_id: str) -> list[KnowledgeShare]:
    async with info.context.read() as conn:
        shares = await queries.knowledge_balance_cells(
            conn, info.context.tenant_id, scope, scope_id
        )
    return [KnowledgeShare.of(s) for s in shares]


@strawberry.federation.type(keys=["id"], description="A learning group (owned by groups)")
class LearningGroup:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> LearningGroup:
        return cls(id=id)

    # The group's enquiries, newest first
    @strawberry.field
    async def enquiries(
        self,
        info: Ctx,
        status: EnquiryStatus | None = None,
        phase: Phase | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Enquiry]:
        return await board(
            info, first=first, after=after, group_id=self.id, status=status, phase=phase
        )

    # Validated learning claims by level x depth, zeros included
    @strawberry.field
    async def learning_matrix(self, info: Ctx) -> list[LearningMatrixCell]:
        return await _matrix(info, "group", self.id)

    # Ideas per field of knowledge across the group's enquiries
    @strawberry.field
    async def knowledge_balance(self, info: Ctx) -> list[KnowledgeShare]:
        return await _balance(info, "group", self.id)


@strawberry.federation.type(keys=["id"], description="A network of schools (owned by groups)")
class Network:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Network:
        return cls(id=id)

    # Enquiries of the network's groups, newest first
    @strawberry.field
    async def enquiries(
        self,
        info: Ctx,
        status: EnquiryStatus | None = None,
        phase: Phase | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[Enquiry]:
        return await board(
            info, first=first, after=after, network_id=self.id, status=status, phase=phase
        )

    # Validated learning claims by level x depth, zeros included
    @strawberry.field
    async def learning_matrix(self, info: Ctx) -> list[LearningMatrixCell]:
        return await _matrix(info, "network", self.id)


@strawberry.type
class OpenAction:
    """A planned action not yet completed."""

    id: strawberry.ID
    enquiry_id: strawberry.ID
    enquiry_title: str
    cycle_id: strawberry.ID
    description: str
    owner_id: strawberry.ID
    due_date: date | None
    overdue: bool
    planned_at: datetime

    @classmethod
    def of(cls, row: Any) -> OpenAction:
        return cls(
            id=strawberry.ID(row["action_id"]),
            enquiry_id=strawberry.ID(row["enquiry_id"]),
            enquiry_title=row["enquiry_title"],
            cycle_id=strawberry.ID(row["cycle_id"]),
            description=row["description"],
            owner_id=strawberry.ID(row["owner_id"]),
            due_date=row["due_date"],
            overdue=row["overdue"],
            planned_at=row["planned_at"],
        )

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        return await load(info, "enquiry", self.enquiry_id)  # type: ignore[no-any-return]


async def open_actions(info: Ctx, practitioner_id: str) -> list[OpenAction]:
    async with info.context.read() as conn:
        rows = await queries.open_actions(
            conn, info.context.tenant_id, practitioner_id, today=today()
        )
    return [OpenAction.of(r) for r in rows]


@strawberry.federation.type(keys=["id"], description="A member of staff (owned by groups)")
class Practitioner:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Practitioner:
        return cls(id=id)

    # The practitioner's open actions, soonest due first
    @strawberry.field
    async def open_actions(self, info: Ctx) -> list[OpenAction]:
        return await open_actions(info, self.id)


# -- the enquiry service's own entities -----------------------------------------------------------


@strawberry.type
class JournalEntry:
    """One thing that happened in an enquiry, in order (``seq``), with its author."""

    seq: int
    kind: str
    cycle_id: strawberry.ID | None
    entry_id: strawberry.ID | None
    phase: Phase | None
    author_id: strawberry.ID
    author_name: str
    body: str | None
    details: JSON
    written_at: datetime | None
    recorded_at: datetime

    @classmethod
    def of(cls, row: Any) -> JournalEntry:
        return cls(
            seq=row["seq"],
            kind=row["kind"],
            cycle_id=row["cycle_id"],
            entry_id=row["entry_id"],
            phase=Phase(row["phase"]) if row["phase"] else None,
            author_id=strawberry.ID(row["author_id"]),
            author_name=row["author_name"],
            body=row["body"],
            details=row["details"],
            written_at=row["written_at"],
            recorded_at=row["recorded_at"],
        )

    # The author, for the gateway to resolve from groups
    @strawberry.field
    def author(self) -> Practitioner:
        return Practitioner(id=self.author_id)


@strawberry.type
class Cycle:
    """One loop experience → reflection → new ideas → planned action, with its entries."""

    id: strawberry.ID
    number: int
    focus: str | None
    phase: Phase
    status: CycleStatus
    started_by: strawberry.ID
    started_at: datetime
    completed_at: datetime | None
    entries: list[JournalEntry]


@strawberry.federation.type(keys=["id"])
class Enquiry:
    id: strawberry.ID
    group_id: strawberry.ID
    network_id: strawberry.ID | None
    title: str
    question: str
    approach: Approach
    levels: list[LevelOfLearning]
    status: EnquiryStatus
    phase: Phase | None
    current_cycle_id: strawberry.ID | None
    current_cycle_number: int | None
    cycles_completed: int
    findings_shared: int
    overdue_actions: int
    proposed_by: strawberry.ID
    proposed_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Any) -> Enquiry:
        return cls(
            id=strawberry.ID(row["enquiry_id"]),
            group_id=strawberry.ID(row["group_id"]),
            network_id=row["network_id"],
            title=row["title"],
            question=row["question"],
            approach=Approach(row["approach"]),
            levels=[LevelOfLearning(v) for v in row["levels"]],
            status=EnquiryStatus(row["status"]),
            phase=Phase(row["phase"]) if row["phase"] else None,
            current_cycle_id=row["current_cycle_id"],
            current_cycle_number=row["current_cycle_number"],
            cycles_completed=row["cycles_completed"],
            findings_shared=row["findings_shared"],
            overdue_actions=row["overdue_actions"],
            proposed_by=strawberry.ID(row["proposed_by"]),
            proposed_at=row["proposed_at"],
            updated_at=row["updated_at"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Enquiry | None:
        return await load(info, "enquiry", id)  # type: ignore[no-any-return]

    @strawberry.field
    def group(self) -> LearningGroup:
        return LearningGroup(id=self.group_id)

    @strawberry.field
    def network(self) -> Network | None:
        return None if self.network_id is None else Network(id=self.network_id)

    # Everything that happened in the enquiry, in order
    @strawberry.field
    async def journal(self, info: Ctx) -> list[JournalEntry]:
        async with info.context.read() as conn:
            rows = await queries.journal(conn, info.context.tenant_id, self.id)
        return [JournalEntry.of(r) for r in rows]

    # The cycles in the order they started, each with its entries
    @strawberry.field
    async def cycles(self, info: Ctx) -> list[Cycle]:
        async with info.context.read() as conn:
            cycle_rows = await queries.cycles(conn, info.context.tenant_id, self.id)
            journal_rows = await queries.journal(conn, info.context.tenant_id, self.id)
        entries: dict[str, list[JournalEntry]] = defaultdict(list)
        for row in journal_rows:
            if row["cycle_id"] is not None:
                entries[row["cycle_id"]].append(JournalEntry.of(row))
        return [
            Cycle(
                id=strawberry.ID(r["cycle_id"]),
                number=r["number"],
                focus=r["focus"],
                phase=Phase(r["phase"]),
                status=CycleStatus(r["status"]),
                started_by=strawberry.ID(r["started_by"]),
                started_at=r["started_at"],
                completed_at=r["completed_at"],
                entries=entries[r["cycle_id"]],
            )
            for r in cycle_rows
        ]

    # Ideas per field of knowledge in this enquiry
    @strawberry.field
    async def knowledge_balance(self, info: Ctx) -> list[KnowledgeShare]:
        return await _balance(info, "enquiry", self.id)


@strawberry.federation.type(keys=["id"])
class LearningClaim:
    """A claim: we learned X at level L with depth D, backed by evidence, validated by a peer."""

    id: strawberry.ID
    group_id: strawberry.ID
    network_id: strawberry.ID | None
    enquiry_id: strawberry.ID | None
    claimant_id: strawberry.ID
    claimant_name: str
    level: LevelOfLearning
    depth: Depth
    statement: str
    evidence_refs: list[str]
    status: ClaimStatus
    validated_by: strawberry.ID | None
    challenges: int
    claimed_at: datetime
    validated_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> LearningClaim:
        return cls(
            id=strawberry.ID(row["claim_id"]),
            group_id=strawberry.ID(row["group_id"]),
            network_id=row["network_id"],
            enquiry_id=row["enquiry_id"],
            claimant_id=strawberry.ID(row["claimant_id"]),
            claimant_name=row["claimant_name"],
            level=LevelOfLearning(row["level"]),
            depth=Depth(row["depth"]),
            statement=row["statement"],
            evidence_refs=list(row["evidence_refs"]),
            status=ClaimStatus(row["status"]),
            validated_by=row["validated_by"],
            challenges=row["challenges"],
            claimed_at=row["claimed_at"],
            validated_at=row["validated_at"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> LearningClaim | None:
        return await load(info, "learning_claim", id)  # type: ignore[no-any-return]

    @strawberry.field
    def group(self) -> LearningGroup:
        return LearningGroup(id=self.group_id)

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        if self.enquiry_id is None:
            return None
        return await load(info, "enquiry", self.enquiry_id)  # type: ignore[no-any-return]


@strawberry.type
class PeerReviewFinding:
    entry_id: strawberry.ID
    school_id: strawberry.ID | None
    author_id: strawberry.ID
    author_name: str
    findings: str
    recorded_at: datetime


@strawberry.federation.type(keys=["id"])
class PeerReview:
    """A school-to-school review: request → focus → visit → findings → response → close."""

    id: strawberry.ID
    title: str
    host_school_id: strawberry.ID
    reviewing_school_ids: list[strawberry.ID]
    network_id: strawberry.ID | None
    status: PeerReviewStatus
    focus: str | None
    visit_date: date | None
    response: str | None
    requested_by: strawberry.ID
    requested_at: datetime
    findings_count: int

    @classmethod
    def of(cls, row: Any) -> PeerReview:
        return cls(
            id=strawberry.ID(row["peer_review_id"]),
            title=row["title"],
            host_school_id=strawberry.ID(row["host_school_id"]),
            reviewing_school_ids=[strawberry.ID(s) for s in row["reviewing_school_ids"]],
            network_id=row["network_id"],
            status=PeerReviewStatus(row["status"]),
            focus=row["focus"],
            visit_date=row["visit_date"],
            response=row["response"],
            requested_by=strawberry.ID(row["requested_by"]),
            requested_at=row["requested_at"],
            findings_count=row["findings"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> PeerReview | None:
        return await load(info, "peer_review", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def findings(self, info: Ctx) -> list[PeerReviewFinding]:
        async with info.context.read() as conn:
            rows = await queries.peer_review_findings(conn, info.context.tenant_id, self.id)
        return [
            PeerReviewFinding(
                entry_id=strawberry.ID(r["entry_id"]),
                school_id=r["school_id"],
                author_id=strawberry.ID(r["author_id"]),
                author_name=r["author_name"],
                findings=r["findings"],
                recorded_at=r["recorded_at"],
            )
            for r in rows
        ]


@strawberry.type
class SchoolPeerReviews:
    """A school's peer reviews: counts, and the reviews it hosts or reviews in (newest first)."""

    school_id: strawberry.ID
    requested: int
    given: int
    responded: int
    reviews: list[PeerReview]


_BUILDERS: dict[str, Any] = {
    "enquiry": Enquiry.of,
    "learning_claim": LearningClaim.of,
    "peer_review": PeerReview.of,
}
