"""The groups application layer: use cases that turn inputs and a principal into commands.

``GroupsCommands`` bundles one use-case object per aggregate over a single event store; the API
and the roster import call it, and nothing else talks to the command handlers.
"""

from __future__ import annotations

from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from servicekit.commands import ConcurrentChange
from servicekit.commands import build_command as build
from servicekit.commands import command_context as context_for

from .base import Handlers, registry
from .learning_groups import LearningGroupCommands
from .networks import NetworkCommands
from .programmes import ProgrammeCommands
from .schools import OrganisationCommands, PractitionerCommands, SchoolCommands
from .visibility import Visibility

__all__ = [
    "ConcurrentChange",
    "GroupsCommands",
    "Handlers",
    "LearningGroupCommands",
    "NetworkCommands",
    "OrganisationCommands",
    "PractitionerCommands",
    "ProgrammeCommands",
    "SchoolCommands",
    "Visibility",
    "build",
    "context_for",
    "registry",
]


class GroupsCommands:
    def __init__(
        self,
        store: EventStore,
        events: EventRegistry | None = None,
        visibility: Visibility | None = None,
        *,
        fingerprint_key: bytes | None = None,
    ) -> None:
        #: the store every writer goes through (the service's seals personal fields)
        self.store = store
        self.handlers = Handlers.over(store, events, fingerprint_key=fingerprint_key)
        #: who may read what (the read side asks; it is policy, so it lives with the use cases)
        self.visibility = visibility or Visibility()
        self.schools = SchoolCommands(self.handlers)
        self.organisations = OrganisationCommands(self.handlers)
        self.practitioners = PractitionerCommands(self.handlers)
        self.networks = NetworkCommands(self.handlers)
        self.learning_groups = LearningGroupCommands(self.handlers)
        self.programmes = ProgrammeCommands(self.handlers)
