"""Every refusal of the Toolkit aggregate, one class per named rule::

    RuleViolated
    ├── ToolkitAlreadyExists          a toolkit with this id was already created
    ├── ArtefactAlreadyInToolkit      an artefact is in a toolkit once (no duplicates)
    ├── ArtefactNotInToolkit          only an artefact in the toolkit is removed from it
    ├── ToolkitOrderMismatch          a new order names exactly the toolkit's artefacts
    ├── PositionOutOfRange            an artefact is put at 0..(number of artefacts)
    ├── ToolkitAlreadyPublished       a toolkit is published once
    ├── ToolkitHasUnpublishedArtefacts  a published toolkit holds published artefacts only
    ├── ToolkitNotPublished           only a published toolkit is adopted
    ├── ToolkitIsEmpty                an empty toolkit is not published
    └── ToolkitAlreadyAdopted         a group adopts a toolkit once
    NotAuthorized
    └── NotACurator                   its curators, its group's leaders or a tenant admin change it
    NotFound
    └── ToolkitNotFound

Adding an unpublished artefact to a published toolkit is the artefact's ``ArtefactNotPublished``;
an artefact the actor may not see is ``ArtefactNotFound`` (both from ``domain.errors``).
"""

from __future__ import annotations

from eventkit.errors import NotAuthorized, NotFound, RuleViolated

__all__ = [
    "ArtefactAlreadyInToolkit",
    "ArtefactNotInToolkit",
    "NotACurator",
    "PositionOutOfRange",
    "ToolkitAlreadyAdopted",
    "ToolkitAlreadyExists",
    "ToolkitAlreadyPublished",
    "ToolkitHasUnpublishedArtefacts",
    "ToolkitIsEmpty",
    "ToolkitNotFound",
    "ToolkitNotPublished",
    "ToolkitOrderMismatch",
]


class ToolkitAlreadyExists(RuleViolated):
    code = "TOOLKIT_ALREADY_EXISTS"
    default_message = "A toolkit with this id already exists"


class ArtefactAlreadyInToolkit(RuleViolated):
    code = "ARTEFACT_ALREADY_IN_TOOLKIT"
    default_message = "The artefact is already in this toolkit"


class ArtefactNotInToolkit(RuleViolated):
    code = "ARTEFACT_NOT_IN_TOOLKIT"
    default_message = "The artefact is not in this toolkit"


class ToolkitOrderMismatch(RuleViolated):
    code = "TOOLKIT_ORDER_MISMATCH"
    default_message = "A new order names every artefact of the toolkit exactly once, and no other"


class PositionOutOfRange(RuleViolated):
    code = "POSITION_OUT_OF_RANGE"
    default_message = "The position is outside the toolkit (0 is first)"


class ToolkitAlreadyPublished(RuleViolated):
    code = "TOOLKIT_ALREADY_PUBLISHED"
    default_message = "The toolkit is already published"


class ToolkitHasUnpublishedArtefacts(RuleViolated):
    code = "TOOLKIT_HAS_UNPUBLISHED_ARTEFACTS"
    default_message = "A published toolkit holds published artefacts only: publish them first"


class ToolkitIsEmpty(RuleViolated):
    code = "TOOLKIT_IS_EMPTY"
    default_message = "An empty toolkit is not published: add an artefact first"


class ToolkitNotPublished(RuleViolated):
    code = "TOOLKIT_NOT_PUBLISHED"
    default_message = "Only a published toolkit can be adopted"


class ToolkitAlreadyAdopted(RuleViolated):
    code = "TOOLKIT_ALREADY_ADOPTED"
    default_message = "This group has already adopted the toolkit"


class NotACurator(NotAuthorized):
    code = "NOT_A_CURATOR"
    default_message = (
        "Only the toolkit's curators, its group's leaders or a tenant admin can change it"
    )


class ToolkitNotFound(NotFound):
    code = "TOOLKIT_NOT_FOUND"
    default_message = "No such toolkit"
