"""The Artefact aggregate: a unit of shared knowledge, its versions, audience and travels.

Rules, in the order ``decide`` checks them (the first broken one is reported):

1. the artefact exists (``ArtefactNotFound``), or for ``DraftArtefact``/``AdaptArtefact`` does not
   yet (``ArtefactAlreadyExists``);
2. the actor may see it (``domain.visibility``; otherwise ``ArtefactNotFound``: an artefact one may
   not see does not exist for them), unless a reaction's standing is vouched for;
3. a retired artefact takes no further changes (``ArtefactIsRetired``);
4. who may: a new artefact is placed in the actor's own group/school/network (``NotInScope``); its
   contributors, its group's leaders or a tenant admin revise, publish, set the audience, attach,
   claim best practice and retire (``NotAnEditor``); a tenant admin or a co-leader of its network
   publishes to and withdraws from the commons (``NotACommonsPublisher``);
5. the command's own rules: a public-field artefact cites a source; a co-constructed one has
   provenance and two or more contributors (an adaptation's provenance is its ``derivedFrom``, so
   it is exempt); group/school/network audiences name their place and the commons is reached only
   by publishing to it; a revision is of the current version and changes something (versions are
   kept, never overwritten); published once; only published artefacts are adapted, endorsed, used
   or put in the commons; contributors do not endorse their own; one endorsement per person;
   "best practice" only after an endorsement from another school; a use and an attachment id are
   recorded once; attachments at most 20 MB and of an allowed (sniffed) type.

Retiring an artefact that is in the commons withdraws it from the commons first (two events).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import Decider

from clc_knowledge.domain.errors import (
    ArtefactAlreadyExists,
    ArtefactIsRetired,
    ArtefactNotFound,
)
from clc_knowledge.domain.standing import is_tenant_admin
from clc_knowledge.domain.values import ArtefactStatus
from clc_knowledge.domain.visibility import Reader, sees

from . import changes, creation
from .commands import AdaptArtefact, ArtefactCommand, DraftArtefact
from .events import ArtefactEvent
from .state import ArtefactState, evolve

__all__ = ["DECIDER", "ArtefactState", "decide", "evolve"]


def _reader(command: ArtefactCommand, state: ArtefactState) -> Reader:
    """The actor as a reader of this artefact, from their standing relative to it."""
    standing = command.standing
    return Reader(
        tenant_id=command.actor.tenant_id,
        person_id=command.actor.person_id,
        admin=is_tenant_admin(command.actor),
        school_id=standing.school_id,
        group_ids=frozenset({state.group_id})
        if standing.group_member and state.group_id
        else frozenset(),
        network_ids=(
            frozenset({state.network_id})
            if state.network_id and (standing.network_member or standing.network_co_leader)
            else frozenset()
        ),
    )


def decide(state: ArtefactState, command: ArtefactCommand) -> Sequence[ArtefactEvent]:
    if isinstance(command, DraftArtefact | AdaptArtefact):
        if state.status is not None:
            raise ArtefactAlreadyExists(field="artefact_id")
        return creation.create(command)
    if state.status is None:
        raise ArtefactNotFound()
    if not command.standing.vouched and not sees(
        _reader(command, state), state.audience(command.actor.tenant_id)
    ):
        raise ArtefactNotFound()
    if state.status is ArtefactStatus.RETIRED:
        raise ArtefactIsRetired()
    return changes.change(state, command)


DECIDER: Decider[ArtefactState, ArtefactCommand, ArtefactEvent] = Decider(
    stream_type="artefact",
    initial_state=ArtefactState,
    decide=decide,
    evolve=evolve,
)
