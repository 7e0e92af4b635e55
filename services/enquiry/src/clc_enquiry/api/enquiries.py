"""The ``Enquiry`` entity and what hangs off it: cycles, journal entries, open actions.

Objects are built from read-model rows; fields that need another query are async and read through
the context (so under the caller's tenant). Who did something is a ``Practitioner`` reference
(``proposedBy``, ``startedBy``, ``recordedBy``, ``ownedBy``) the gateway resolves from groups, the
one service that holds names (after erasure, the neutral label). An enquiry's journal, its cycles'
entries and its open actions are visible only to the people its group's work is shared with
(``readmodels.visibility``); to anyone else those lists are empty.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, connection, page_size
from servicekit.payloads import camel_case
from strawberry.scalars import JSON

from clc_enquiry.readmodels import pages, queries

from .base import Ctx, action_after, canonical, empty, int_after, page, time_id_after, valid_id
from .context import today
from .enums import Approach, CycleStatus, EnquiryStatus, JournalKind, LevelOfLearning, Phase

if TYPE_CHECKING:
    from .impact import ImpactMeasure
    from .progress import CohortProgress
    from .refs import KnowledgeShare, LearningGroup, Network, Practitioner
    from .turns import ActionLearningTurn
    from .two_loops import IdeaTakenHome

__all__ = [
    "Cycle",
    "Enquiry",
    "JournalEntry",
    "OpenAction",
    "board",
    "load_enquiry",
    "open_actions",
]

_REFS = "clc_enquiry.api.refs"
PractitionerRef = Annotated["Practitioner", strawberry.lazy(_REFS)]


def practitioner(person_id: str) -> Practitioner:
    # imported here: the groups' entities (``refs``) list enquiries, so they import this module
    from .refs import Practitioner

    return Practitioner(id=strawberry.ID(person_id))


# details whose values are a vocabulary: shown as the enum's GraphQL name, like every enum
_VOCABULARY_KEYS = frozenset({"knowledge_field", "from_phase", "kind", "about"})


def api_details(details: dict[str, Any]) -> Any:
    """A journal row's details as the API speaks: camelCase keys, UPPER_SNAKE vocabulary."""
    return {
        camel_case(key) or key: value.upper() if key in _VOCABULARY_KEYS else value
        for key, value in details.items()
    }


async def load_enquiry(info: Ctx, enquiry_id: str, *, fresh: bool = False) -> Enquiry | None:
    """The enquiry with this id in the caller's tenant, or ``None``."""
    row = await info.context.row("enquiry", canonical(enquiry_id), fresh=fresh)
    return None if row is None else Enquiry.of(row)


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
    """A page of the enquiry board, newest first (titles and progress: shared in the tenant)."""
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await queries.board_page(
            conn,
            info.context.tenant_id,
            today=today(),
            first=size,
            after=time_id_after(after),
            group_id=group_id,
            network_id=network_id,
            status=status.value if status else None,
            phase=phase.value if phase else None,
        )
    return connection(rows, size, "board_key", Enquiry.of)


async def open_actions(
    info: Ctx, owner_id: str, *, first: int | None, after: str | None
) -> Connection[OpenAction]:
    """``owner_id``'s open actions the caller may see, soonest due first."""
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await pages.actions(
            conn,
            info.context.tenant_id,
            owner_id,
            info.context.person_id,
            today=today(),
            after=action_after(after),
            first=size,
        )
    return page(rows, size, OpenAction.of)


async def _entries(
    info: Ctx,
    group_id: str,
    enquiry_id: str,
    cycle_id: str | None,
    first: int | None,
    after: str | None,
) -> Connection[JournalEntry]:
    if not await info.context.reads_group(group_id):
        return empty()
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await pages.journal(
            conn,
            info.context.tenant_id,
            enquiry_id,
            cycle_id=cycle_id,
            after=int_after(after),
            first=size,
        )
    return page(rows, size, JournalEntry.of)


@strawberry.type
class JournalEntry:
    """One thing that happened in an enquiry, in order (``seq``), with who recorded it."""

    seq: int
    kind: JournalKind
    cycle_id: strawberry.ID | None
    entry_id: strawberry.ID | None
    phase: Phase | None
    body: str | None
    details: JSON = strawberry.field(
        description="What else the entry says (e.g. knowledgeField, sources, ownerId, dueDate)"
    )
    written_at: datetime | None
    recorded_at: datetime
    author_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> JournalEntry:
        return cls(
            seq=row["seq"],
            kind=JournalKind(row["kind"]),
            cycle_id=row["cycle_id"],
            entry_id=row["entry_id"],
            phase=Phase(row["phase"]) if row["phase"] else None,
            body=row["body"],
            details=api_details(row["details"]),
            written_at=row["written_at"],
            recorded_at=row["recorded_at"],
            author_id=row["author_id"],
        )

    # Who recorded it (resolved by the groups service)

    @strawberry.field
    def recorded_by(self) -> PractitionerRef:
        return practitioner(self.author_id)


@strawberry.type
class Cycle:
    """One loop experience → reflection → new ideas → planned action, with its entries."""

    id: strawberry.ID
    number: int
    focus: str | None
    phase: Phase
    status: CycleStatus
    started_at: datetime
    completed_at: datetime | None
    starter_id: strawberry.Private[str]
    enquiry_id: strawberry.Private[str]
    group_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any, group_id: str) -> Cycle:
        return cls(
            id=strawberry.ID(row["cycle_id"]),
            number=row["number"],
            focus=row["focus"],
            phase=Phase(row["phase"]),
            status=CycleStatus(row["status"]),
            started_at=row["started_at"],
            completed_at=row["completed_at"],
            starter_id=row["started_by"],
            enquiry_id=row["enquiry_id"],
            group_id=group_id,
        )

    @strawberry.field
    def started_by(self) -> PractitionerRef:
        return practitioner(self.starter_id)

    # The cycle's part of the journal, in order (group readers only)

    @strawberry.field
    async def entries(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[JournalEntry]:
        return await _entries(info, self.group_id, self.enquiry_id, self.id, first, after)


@strawberry.federation.type(keys=["id"])
class Enquiry:
    """An evidence-led collaborative enquiry run by a learning group."""

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
    shared_with_partner_networks: bool  # marked: partner networks read its board entry
    cohort_id: strawberry.ID | None  # a programme's enquiry: its group is the cohort's group
    proposed_at: datetime
    updated_at: datetime
    proposer_id: strawberry.Private[str]

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
            shared_with_partner_networks=row["shared_with_partner_networks"],
            cohort_id=row["cohort_id"],
            proposed_at=row["proposed_at"],
            updated_at=row["updated_at"],
            proposer_id=row["proposed_by"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Enquiry | None:
        return await load_enquiry(info, valid_id(id))

    @strawberry.field
    def proposed_by(self) -> PractitionerRef:
        return practitioner(self.proposer_id)

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)]:
        from .refs import LearningGroup

        return LearningGroup(id=self.group_id)

    @strawberry.field
    def network(self) -> Annotated[Network, strawberry.lazy(_REFS)] | None:
        from .refs import Network

        return None if self.network_id is None else Network(id=self.network_id)

    # The programme cohort whose learning group runs this enquiry (a programme's enquiry)

    @strawberry.field
    async def cohort(
        self, info: Ctx
    ) -> Annotated[CohortProgress, strawberry.lazy("clc_enquiry.api.progress")] | None:
        from .progress import load_cohort

        return None if self.cohort_id is None else await load_cohort(info, self.cohort_id)

    # Everything that happened, in order (group readers only)

    @strawberry.field
    async def journal(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[JournalEntry]:
        return await _entries(info, self.group_id, self.id, None, first, after)

    # The cycles in the order they started

    @strawberry.field
    async def cycles(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Cycle]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await pages.cycles(
                conn, info.context.tenant_id, self.id, after=int_after(after), first=size
            )
        return page(rows, size, lambda r: Cycle.of(r, self.group_id))

    # Action learning set turns, in the order taken (group readers only)

    @strawberry.field
    async def action_learning_turns(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Annotated[ActionLearningTurn, strawberry.lazy("clc_enquiry.api.turns")]]:
        from .turns import turns_of

        return await turns_of(info, self.group_id, self.id, first, after)

    # Baselines and outcomes of its actions (group readers only)

    @strawberry.field
    async def impact_measures(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Annotated[ImpactMeasure, strawberry.lazy("clc_enquiry.api.impact")]]:
        from .impact import measures_of

        return await measures_of(info, "action", self.id, first, after)

    # The two loops: this enquiry's ideas taken home, with outcomes their home groups shared

    @strawberry.field
    async def ideas_taken_home(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Annotated[IdeaTakenHome, strawberry.lazy("clc_enquiry.api.two_loops")]]:
        from .two_loops import taken_home

        return await taken_home(info, self.id, first, after)

    # Ideas per field of knowledge in this enquiry

    @strawberry.field
    async def knowledge_balance(
        self, info: Ctx
    ) -> list[Annotated[KnowledgeShare, strawberry.lazy(_REFS)]]:
        from .refs import balance

        return await balance(info, "enquiry", self.id)


@strawberry.type
class OpenAction:
    """A planned action not yet completed."""

    id: strawberry.ID
    enquiry_id: strawberry.ID
    enquiry_title: str
    cycle_id: strawberry.ID
    description: str
    due_date: date | None
    overdue: bool
    planned_at: datetime
    owner_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> OpenAction:
        return cls(
            id=strawberry.ID(row["action_id"]),
            enquiry_id=strawberry.ID(row["enquiry_id"]),
            enquiry_title=row["enquiry_title"],
            cycle_id=strawberry.ID(row["cycle_id"]),
            description=row["description"],
            due_date=row["due_date"],
            overdue=row["overdue"],
            planned_at=row["planned_at"],
            owner_id=row["owner_id"],
        )

    @strawberry.field
    def owned_by(self) -> PractitionerRef:
        return practitioner(self.owner_id)

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        return await load_enquiry(info, self.enquiry_id)
