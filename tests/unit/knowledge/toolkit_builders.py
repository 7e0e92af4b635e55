"""Builders for the toolkit's and climate audit's unit tests."""

from __future__ import annotations

from typing import Any

from clc_knowledge.domain import Standing
from clc_knowledge.domain.toolkit import (
    AddArtefactToToolkit,
    ArtefactAddedToToolkit,
    ArtefactFact,
    CreateToolkit,
    ToolkitCreated,
    ToolkitPublished,
)
from clc_knowledge.domain.values import ArtefactStatus, Visibility

from .builders import AUTHOR, GROUP, NETWORK, SCHOOL, actor, member

TOOLKIT = "7a1d2c3e-1111-4d4e-9a55-0f6f4a3c1a01"
A1 = "7a1d2c3e-0000-4d4e-9a55-000000000001"
A2 = "7a1d2c3e-0000-4d4e-9a55-000000000002"
A3 = "7a1d2c3e-0000-4d4e-9a55-000000000003"
OTHER_GROUP = "g-2"
PURPOSE = "Starting a leadership learning group"


def leader(school: str = SCHOOL) -> Standing:
    return member(school, group_leader=True)


def create(**overrides: Any) -> CreateToolkit:
    fields: dict[str, Any] = {
        "actor": actor(),
        "standing": member(),
        "toolkit_id": TOOLKIT,
        "title": "Starter toolkit",
        "purpose": PURPOSE,
        "group_id": GROUP,
        "school_id": SCHOOL,
        "network_id": NETWORK,
        "visibility": Visibility.NETWORK,
    }
    fields.update(overrides)
    return CreateToolkit(**fields)


def created(**overrides: Any) -> ToolkitCreated:
    fields: dict[str, Any] = {
        "toolkit_id": TOOLKIT,
        "author_id": AUTHOR,
        "title": "Starter toolkit",
        "purpose": PURPOSE,
        "group_id": GROUP,
        "school_id": SCHOOL,
        "network_id": NETWORK,
        "visibility": Visibility.NETWORK,
        "curator_ids": (AUTHOR,),
    }
    fields.update(overrides)
    return ToolkitCreated(**fields)


def add(
    artefact: str = A1,
    status: ArtefactStatus | None = ArtefactStatus.PUBLISHED,
    position: int | None = None,
    **overrides: Any,
) -> AddArtefactToToolkit:
    fields: dict[str, Any] = {
        "actor": actor(),
        "standing": member(),
        "toolkit_id": TOOLKIT,
        "artefact": ArtefactFact(artefact_id=artefact, status=status),
        "position": position,
    }
    fields.update(overrides)
    return AddArtefactToToolkit(**fields)


def added(artefact: str = A1, position: int = 0) -> ArtefactAddedToToolkit:
    return ArtefactAddedToToolkit(
        toolkit_id=TOOLKIT, author_id=AUTHOR, artefact_id=artefact, position=position
    )


def published(*artefacts: str) -> ToolkitPublished:
    return ToolkitPublished(
        toolkit_id=TOOLKIT,
        author_id=AUTHOR,
        visibility=Visibility.NETWORK,
        artefact_ids=artefacts,
    )
