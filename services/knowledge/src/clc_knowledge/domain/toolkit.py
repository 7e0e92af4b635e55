"""The Toolkit aggregate: an ordered, curated set of artefacts for a purpose ("starting a leadership
learning group"), published to an audience like an artefact's, and adopted by learning groups.

Rules, in the order ``decide`` checks them (the first broken one is reported):

1. the toolkit exists (``ToolkitNotFound``), or for ``CreateToolkit`` does not yet
   (``ToolkitAlreadyExists``); the actor may see it (``domain.visibility``, the artefact's rule:
   a draft toolkit is seen by its curators and its group, a published one by its audience);
2. who may: a new toolkit is placed in the actor's own group/school/network (``NotInScope``); its
   curators, its group's leaders or a tenant admin change and publish it (``NotACurator``); a
   leader of the adopting group (or a tenant admin) adopts it for that group (``NotInScope``);
3. the command's own rules: an artefact joins once (``ArtefactAlreadyInToolkit``) and must be one
   the actor sees (``ArtefactNotFound``); only published artefacts join a published toolkit and a
   toolkit is published only when all its artefacts are (``ArtefactNotPublished``,
   ``ToolkitHasUnpublishedArtefacts``); an empty toolkit is not published; published once; only
   a published toolkit is adopted, once per group.

Facts a command needs that the toolkit's stream does not hold are looked up by the application
and declared in ``FACTS`` (so a retry after they changed is still the same request): the actor's
``standing``, the ``artefact``'s status as the actor sees it, the ``unpublished_artefact_ids``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from eventkit.domain import Actor, Decider

from .artefact.rules import require_in_scope, require_visibility_scope
from .errors import ArtefactNotFound, ArtefactNotPublished, NotInScope
from .standing import Standing, is_tenant_admin
from .toolkit_errors import (
    ArtefactAlreadyInToolkit,
    ArtefactNotInToolkit,
    NotACurator,
    PositionOutOfRange,
    ToolkitAlreadyAdopted,
    ToolkitAlreadyExists,
    ToolkitAlreadyPublished,
    ToolkitHasUnpublishedArtefacts,
    ToolkitIsEmpty,
    ToolkitNotFound,
    ToolkitNotPublished,
    ToolkitOrderMismatch,
)
from .toolkit_messages import (
    TOOLKIT_EVENT_TYPES,
    AddArtefactToToolkit,
    AdoptToolkit,
    ArtefactAddedToToolkit,
    ArtefactFact,
    ArtefactRemovedFromToolkit,
    CreateToolkit,
    PublishToolkit,
    RemoveArtefactFromToolkit,
    ReorderToolkit,
    ToolkitAdopted,
    ToolkitCommand,
    ToolkitCommandBase,
    ToolkitCreated,
    ToolkitEvent,
    ToolkitPublished,
    ToolkitReordered,
)
from .values import ArtefactStatus, Visibility
from .visibility import ArtefactAudience, Reader, sees

__all__ = [
    "TOOLKIT_DECIDER",
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
    "ToolkitState",
    "reader_for",
]

# --- state ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolkitState:
    toolkit_id: str | None = None
    created: bool = False
    published: bool = False
    group_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    visibility: Visibility = Visibility.SCHOOL
    curator_ids: frozenset[str] = frozenset()
    artefact_ids: tuple[str, ...] = ()
    adopted_by: frozenset[str] = frozenset()  # group ids

    def audience(self, tenant_id: str) -> ArtefactAudience:
        return ArtefactAudience(
            tenant_id=tenant_id,
            status=ArtefactStatus.PUBLISHED if self.published else ArtefactStatus.DRAFT,
            visibility=self.visibility,
            group_id=self.group_id,
            school_id=self.school_id,
            network_id=self.network_id,
            contributor_ids=self.curator_ids,
        )


def evolve(state: ToolkitState, event: ToolkitEvent) -> ToolkitState:
    match event:
        case ToolkitCreated():
            return ToolkitState(
                toolkit_id=event.toolkit_id,
                created=True,
                group_id=event.group_id,
                school_id=event.school_id,
                network_id=event.network_id,
                visibility=event.visibility,
                curator_ids=frozenset(event.curator_ids),
            )
        case ArtefactAddedToToolkit():
            ids = list(state.artefact_ids)
            ids.insert(event.position, event.artefact_id)
            return replace(state, artefact_ids=tuple(ids))
        case ArtefactRemovedFromToolkit():
            kept = tuple(a for a in state.artefact_ids if a != event.artefact_id)
            return replace(state, artefact_ids=kept)
        case ToolkitReordered():
            return replace(state, artefact_ids=event.artefact_ids)
        case ToolkitPublished():
            return replace(state, published=True, visibility=event.visibility)
        case ToolkitAdopted():
            return replace(state, adopted_by=state.adopted_by | {event.group_id})
    return state


# --- decide -----------------------------------------------------------------------------------


def reader_for(
    actor: Actor, standing: Standing, group_id: str | None, network_id: str | None
) -> Reader:
    """The actor as a reader of something placed in ``group_id``/``network_id``, from their
    standing relative to that place (what ``sees`` needs to know of them)."""
    return Reader(
        tenant_id=actor.tenant_id,
        person_id=actor.person_id,
        admin=is_tenant_admin(actor),
        school_id=standing.school_id,
        group_ids=frozenset({group_id}) if standing.group_member and group_id else frozenset(),
        network_ids=frozenset({network_id})
        if network_id and (standing.network_member or standing.network_co_leader)
        else frozenset(),
    )


def _reader(command: ToolkitCommandBase, state: ToolkitState) -> Reader:
    return reader_for(command.actor, command.standing, state.group_id, state.network_id)


def _require_curator(command: ToolkitCommandBase, state: ToolkitState) -> None:
    actor = command.actor
    if is_tenant_admin(actor) or actor.person_id in state.curator_ids:
        return
    if state.group_id is not None and command.standing.group_leader:
        return
    raise NotACurator()


def _create(command: CreateToolkit) -> list[ToolkitEvent]:
    require_in_scope(
        command.actor, command.standing, command.group_id, command.school_id, command.network_id
    )
    require_visibility_scope(
        command.visibility, command.group_id, command.school_id, command.network_id
    )
    return [
        ToolkitCreated(
            toolkit_id=command.toolkit_id,
            author_id=command.actor.person_id,
            title=command.title,
            purpose=command.purpose,
            group_id=command.group_id,
            school_id=command.school_id,
            network_id=command.network_id,
            visibility=command.visibility,
            curator_ids=(command.actor.person_id,),
        )
    ]


def _add(state: ToolkitState, command: AddArtefactToToolkit) -> list[ToolkitEvent]:
    _require_curator(command, state)
    fact = command.artefact
    if fact.status is None:
        raise ArtefactNotFound(field="artefact_id")
    if fact.artefact_id in state.artefact_ids:
        raise ArtefactAlreadyInToolkit(field="artefact_id")
    if state.published and fact.status is not ArtefactStatus.PUBLISHED:
        raise ArtefactNotPublished(field="artefact_id")
    size = len(state.artefact_ids)
    position = size if command.position is None else command.position
    if position > size:
        raise PositionOutOfRange(field="position")
    return [
        ArtefactAddedToToolkit(
            toolkit_id=command.toolkit_id,
            author_id=command.actor.person_id,
            artefact_id=fact.artefact_id,
            position=position,
        )
    ]


def _remove(state: ToolkitState, command: RemoveArtefactFromToolkit) -> list[ToolkitEvent]:
    _require_curator(command, state)
    if command.artefact_id not in state.artefact_ids:
        raise ArtefactNotInToolkit(field="artefact_id")
    return [
        ArtefactRemovedFromToolkit(
            toolkit_id=command.toolkit_id,
            author_id=command.actor.person_id,
            artefact_id=command.artefact_id,
        )
    ]


def _reorder(state: ToolkitState, command: ReorderToolkit) -> list[ToolkitEvent]:
    _require_curator(command, state)
    wanted = command.artefact_ids
    if len(set(wanted)) != len(wanted) or set(wanted) != set(state.artefact_ids):
        raise ToolkitOrderMismatch(field="artefact_ids")
    if wanted == state.artefact_ids:
        return []
    return [
        ToolkitReordered(
            toolkit_id=command.toolkit_id, author_id=command.actor.person_id, artefact_ids=wanted
        )
    ]


def _publish(state: ToolkitState, command: PublishToolkit) -> list[ToolkitEvent]:
    _require_curator(command, state)
    if state.published:
        raise ToolkitAlreadyPublished()
    if not state.artefact_ids:
        raise ToolkitIsEmpty()
    if set(command.unpublished_artefact_ids) & set(state.artefact_ids):
        raise ToolkitHasUnpublishedArtefacts()
    visibility = command.visibility or state.visibility
    require_visibility_scope(visibility, state.group_id, state.school_id, state.network_id)
    return [
        ToolkitPublished(
            toolkit_id=command.toolkit_id,
            author_id=command.actor.person_id,
            visibility=visibility,
            artefact_ids=state.artefact_ids,
        )
    ]


def _adopt(state: ToolkitState, command: AdoptToolkit) -> list[ToolkitEvent]:
    if not (is_tenant_admin(command.actor) or command.adopter.group_leader):
        raise NotInScope(field="group_id")
    if not state.published:
        raise ToolkitNotPublished()
    if command.group_id in state.adopted_by:
        raise ToolkitAlreadyAdopted(field="group_id")
    return [
        ToolkitAdopted(
            toolkit_id=command.toolkit_id,
            author_id=command.actor.person_id,
            group_id=command.group_id,
            artefact_ids=state.artefact_ids,
            note=command.note,
        )
    ]


def decide(state: ToolkitState, command: ToolkitCommand) -> Sequence[ToolkitEvent]:
    if isinstance(command, CreateToolkit):
        if state.created:
            raise ToolkitAlreadyExists(field="toolkit_id")
        return _create(command)
    if not state.created or not sees(
        _reader(command, state), state.audience(command.actor.tenant_id)
    ):
        raise ToolkitNotFound(field="toolkit_id")
    match command:
        case AddArtefactToToolkit():
            return _add(state, command)
        case RemoveArtefactFromToolkit():
            return _remove(state, command)
        case ReorderToolkit():
            return _reorder(state, command)
        case PublishToolkit():
            return _publish(state, command)
        case AdoptToolkit():
            return _adopt(state, command)
    raise AssertionError(f"unhandled {command!r}")  # pragma: no cover


TOOLKIT_DECIDER: Decider[ToolkitState, ToolkitCommand, ToolkitEvent] = Decider(
    stream_type="toolkit",
    initial_state=ToolkitState,
    decide=decide,
    evolve=evolve,
)
