"""Who may read what, inside a tenant (relational trust), for the groups' read side.

Tenancy itself is row-level security's job; these are the rules *within* a tenant, in DOMAIN.md's
words (services/groups/README.md, "Who may read what"):

- a practitioner's **e-mail address** is seen by tenant admins and by the practitioner themself;
  anyone else reads null;
- **me** is a practitioner of the tenant: a caller whose person id is not a registered (and not
  erased) practitioner has no "me", which is an error, never an empty home screen;
- **who attended a session** is seen by the people in the room — the group's members (its
  facilitators and co-leaders are members too), its network's co-leaders — and tenant admins;
  anyone else reads null (what is shared in a group stays in it);
- **participation** figures about people (attendance) are shown only for a group of at least
  ``participation_minimum`` members, so that no one's attendance can be worked out from them;
  session counts are not about people and are always shown.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from eventkit.principal import Principal

from clc_groups.domain import TENANT_ADMIN, PractitionerStatus

__all__ = ["DEFAULT_PARTICIPATION_MINIMUM", "Visibility"]

DEFAULT_PARTICIPATION_MINIMUM = 5


@dataclass(frozen=True)
class Visibility:
    participation_minimum: int = DEFAULT_PARTICIPATION_MINIMUM

    @staticmethod
    def sees_everything(viewer: Principal) -> bool:
        """Tenant admins see everything of their tenant."""
        return viewer.has_role(TENANT_ADMIN)

    def may_see_email(self, viewer: Principal, practitioner_id: str) -> bool:
        return self.sees_everything(viewer) or viewer.person_id == practitioner_id

    def is_in_the_room(
        self, viewer: Principal, *, members: Set[str], network_co_leaders: Set[str]
    ) -> bool:
        """Whether ``viewer`` may see what is shared in a group with these members, in a network
        with these co-leaders."""
        person = viewer.person_id
        return self.sees_everything(viewer) or person in members or person in network_co_leaders

    @staticmethod
    def is_known_person(status: PractitionerStatus | None) -> bool:
        """Whether a practitioner with this status (None: not registered) may have a "me"."""
        return status is not None and status is not PractitionerStatus.ERASED

    def shows_participation(self, people: int) -> bool:
        """Whether figures about ``people`` people may be shown (at least the minimum)."""
        return people >= self.participation_minimum
