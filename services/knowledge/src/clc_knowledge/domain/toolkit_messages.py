"""The Toolkit aggregate's commands and events (the data contract of the toolkit read model).

Commands carry the looked-up facts they need, declared in ``FACTS`` (so a retry after a fact
changed is still the same request): the actor's ``standing``, an ``ArtefactFact``, the
``unpublished_artefact_ids``, the ``adopter``'s standing in the adopting group.
"""

from __future__ import annotations

from typing import ClassVar

from eventkit.domain import Actor, Command, DomainEvent
from pydantic import BaseModel, ConfigDict, Field

from .standing import Standing
from .values import ArtefactStatus, EntryId, Identifier, LongText, Title, Visibility

__all__ = [
    "TOOLKIT_EVENT_TYPES",
    "AddArtefactToToolkit",
    "AdoptToolkit",
    "ArtefactAddedToToolkit",
    "ArtefactFact",
    "ArtefactRemovedFromToolkit",
    "CreateToolkit",
    "PublishToolkit",
    "RemoveArtefactFromToolkit",
    "ReorderToolkit",
    "ToolkitAdopted",
    "ToolkitCommand",
    "ToolkitCreated",
    "ToolkitEvent",
    "ToolkitPublished",
    "ToolkitReordered",
]

# --- commands ---------------------------------------------------------------------------------


class ToolkitCommandBase(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing"})
    actor: Actor
    standing: Standing = Standing()  # relative to the toolkit's group and network
    toolkit_id: EntryId


class CreateToolkit(ToolkitCommandBase):
    title: Title
    purpose: LongText
    group_id: Identifier | None = None
    school_id: Identifier | None = None
    network_id: Identifier | None = None
    visibility: Visibility = Visibility.SCHOOL


class ArtefactFact(BaseModel):
    """An artefact as the actor sees it (looked up): ``status`` None if it is not found or not
    visible to them."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    artefact_id: EntryId
    status: ArtefactStatus | None


class AddArtefactToToolkit(ToolkitCommandBase):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "artefact"})
    artefact: ArtefactFact
    position: int | None = Field(default=None, ge=0)  # None: at the end


class RemoveArtefactFromToolkit(ToolkitCommandBase):
    artefact_id: EntryId


class ReorderToolkit(ToolkitCommandBase):
    artefact_ids: tuple[EntryId, ...] = Field(max_length=500)


class PublishToolkit(ToolkitCommandBase):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "unpublished_artefact_ids"})
    visibility: Visibility | None = None  # None: the audience chosen when creating
    unpublished_artefact_ids: tuple[str, ...] = ()


class AdoptToolkit(ToolkitCommandBase):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "adopter"})
    group_id: Identifier
    adopter: Standing = Standing()  # the actor relative to the adopting group
    note: LongText | None = None


ToolkitCommand = (
    CreateToolkit
    | AddArtefactToToolkit
    | RemoveArtefactFromToolkit
    | ReorderToolkit
    | PublishToolkit
    | AdoptToolkit
)

# --- events (the data contract of the toolkit read model) -------------------------------------


class _ToolkitEvent(DomainEvent):
    toolkit_id: str
    author_id: str


class ToolkitCreated(_ToolkitEvent):
    title: str
    purpose: str
    group_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    visibility: Visibility
    curator_ids: tuple[str, ...]


class ArtefactAddedToToolkit(_ToolkitEvent):
    artefact_id: str
    position: int  # where it now stands, 0 first; those at and after it move one down


class ArtefactRemovedFromToolkit(_ToolkitEvent):
    artefact_id: str


class ToolkitReordered(_ToolkitEvent):
    artefact_ids: tuple[str, ...]  # the whole new order


class ToolkitPublished(_ToolkitEvent):
    visibility: Visibility
    artefact_ids: tuple[str, ...]  # what it held when published


class ToolkitAdopted(_ToolkitEvent):
    group_id: str
    artefact_ids: tuple[str, ...]  # what the group took up (a use of each is recorded)
    note: str | None = None


ToolkitEvent = (
    ToolkitCreated
    | ArtefactAddedToToolkit
    | ArtefactRemovedFromToolkit
    | ToolkitReordered
    | ToolkitPublished
    | ToolkitAdopted
)

#: every event type of the toolkit aggregate, for the event-type registry
TOOLKIT_EVENT_TYPES = (
    ToolkitCreated,
    ArtefactAddedToToolkit,
    ArtefactRemovedFromToolkit,
    ToolkitReordered,
    ToolkitPublished,
    ToolkitAdopted,
)
