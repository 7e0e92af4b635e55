"""One loop of an enquiry: experience → reflection → new ideas → planned action.

The rules of a cycle, kept strict so the journal reads in order:

* phases advance one step at a time, in that order (``PhaseOutOfOrder``); the only way back is a
  loop to reflection, with a reason, from new ideas or planned action
  (``LoopBackOnlyAfterReflection``): the group looks again at what happened, records late
  reflections, and walks the later phases once more;
* each entry kind is recorded only in its own phase: experiences in experience, reflections in
  reflection, ideas in new ideas, actions in planned action (``EntryOutOfPhase``); evidence may be
  attached in any phase of an open cycle;
* the reflection phase is left only once something was reflected on (``ReflectionNeededToMoveOn``),
  since reflections cannot be added later and the cycle could then never complete;
* a cycle completes only with at least one reflection and one planned action (``CycleIncomplete``);
* a completed cycle takes no more entries or steps (``CycleIsCompleted``).

Planned actions outlive their cycle: they are usually carried out during the next one, so they are
kept by the enquiry as ``PlannedAction`` and completed once, whatever the state of their cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from clc_enquiry.domain.errors import (
    CycleIncomplete,
    CycleIsCompleted,
    EntryOutOfPhase,
    LoopBackOnlyAfterReflection,
    PhaseOutOfOrder,
    ReflectionNeededToMoveOn,
)
from clc_enquiry.domain.values import CycleStatus, Phase, next_phase

__all__ = ["Cycle", "PlannedAction"]


@dataclass(frozen=True)
class Cycle:
    cycle_id: str
    number: int
    phase: Phase = Phase.EXPERIENCE
    status: CycleStatus = CycleStatus.OPEN
    experiences: int = 0
    reflections: int = 0
    ideas: int = 0
    actions: int = 0
    evidence: int = 0
    loops: int = 0  # how many times the group looped back to reflection

    @property
    def is_open(self) -> bool:
        return self.status is CycleStatus.OPEN

    # --- rules ----------------------------------------------------------------------------------

    def require_open(self) -> None:
        if not self.is_open:
            raise CycleIsCompleted(field="cycle_id")

    def require_phase(self, phase: Phase) -> None:
        """An entry of ``phase``'s kind is recorded only while the cycle is in that phase."""
        self.require_open()
        if self.phase is not phase:
            raise EntryOutOfPhase(
                f"This entry belongs to the {phase.value} phase; the cycle is in {self.phase.value}"
            )

    def require_can_advance_to(self, to_phase: Phase | None = None) -> Phase:
        """The phase the cycle moves to: the next one. ``to_phase``, if named, only guards it."""
        self.require_open()
        expected = next_phase(self.phase)
        if expected is None or (to_phase is not None and to_phase is not expected):
            after = expected.value if expected else "nothing: complete the cycle instead"
            raise PhaseOutOfOrder(
                f"The cycle is in {self.phase.value}; the next phase is {after}", field="to_phase"
            )
        if self.phase is Phase.REFLECTION and self.reflections == 0:
            raise ReflectionNeededToMoveOn()
        return expected

    def require_can_loop_back(self) -> None:
        """Back to reflection only from a phase after it."""
        self.require_open()
        if self.phase not in (Phase.NEW_IDEAS, Phase.PLANNED_ACTION):
            raise LoopBackOnlyAfterReflection(
                f"The cycle is in {self.phase.value}: it loops back to reflection only from"
                " new ideas or planned action"
            )

    def require_can_complete(self) -> None:
        self.require_open()
        missing = [
            what
            for what, count in (
                ("a reflection", self.reflections),
                ("a planned action", self.actions),
            )
            if count == 0
        ]
        if missing:
            raise CycleIncomplete(
                f"The cycle cannot complete yet: it needs {' and '.join(missing)}"
            )

    # --- evolution ------------------------------------------------------------------------------

    def advanced_to(self, phase: Phase) -> Cycle:
        return replace(self, phase=phase)

    def looped_back(self) -> Cycle:
        return replace(self, phase=Phase.REFLECTION, loops=self.loops + 1)

    def completed(self) -> Cycle:
        return replace(self, status=CycleStatus.COMPLETED)

    def with_experience(self) -> Cycle:
        return replace(self, experiences=self.experiences + 1)

    def with_reflection(self) -> Cycle:
        return replace(self, reflections=self.reflections + 1)

    def with_idea(self) -> Cycle:
        return replace(self, ideas=self.ideas + 1)

    def with_action(self) -> Cycle:
        return replace(self, actions=self.actions + 1)

    def with_evidence(self) -> Cycle:
        return replace(self, evidence=self.evidence + 1)


@dataclass(frozen=True)
class PlannedAction:
    action_id: str
    cycle_id: str
    owner_id: str
    completed: bool = False
    source_enquiry_id: str | None = None  # taken home from another enquiry's idea
    source_idea_id: str | None = None
    outcome_shared: bool = False
