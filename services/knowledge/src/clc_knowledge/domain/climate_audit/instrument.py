"""The built-in climate-for-learning instrument: fixed statements scored 1-5, in dimensions.

A climate audit runs a climate-for-learning audit tool *artefact* (what the group reads and
discusses: why, how to run it, what to do with the results); the statements people score are this
small built-in instrument, versioned by ``INSTRUMENT_ID`` so that runs of one tool stay comparable
over time. Scores: 1 strongly disagree .. 5 strongly agree. Every item is answered.

Dimensions follow the seeds' "climate for learning and relational trust" (Bryk & Schneider's
relational trust; the climate-for-learning audit of professional learning communities).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["INSTRUMENT", "INSTRUMENT_ID", "MAX_SCORE", "MIN_SCORE", "Dimension", "Item"]

INSTRUMENT_ID = "clc-climate-1"
MIN_SCORE, MAX_SCORE = 1, 5


class Dimension(StrEnum):
    RELATIONAL_TRUST = "relational_trust"
    CLIMATE_FOR_LEARNING = "climate_for_learning"
    COLLECTIVE_RESPONSIBILITY = "collective_responsibility"


@dataclass(frozen=True)
class Item:
    id: str
    dimension: Dimension
    statement: str


_T, _C, _R = (
    Dimension.RELATIONAL_TRUST,
    Dimension.CLIMATE_FOR_LEARNING,
    Dimension.COLLECTIVE_RESPONSIBILITY,
)

INSTRUMENT: tuple[Item, ...] = (
    Item("trust-1", _T, "I can admit a mistake in this group without it being held against me."),
    Item("trust-2", _T, "People here keep their word and do what they say they will do."),
    Item("trust-3", _T, "I trust colleagues here with an honest account of my practice."),
    Item("learn-1", _C, "We disagree about ideas openly and it makes our work better."),
    Item("learn-2", _C, "Trying something new and having it fail is treated as learning."),
    Item("learn-3", _C, "We look at evidence of pupils' learning together, not alone."),
    Item("resp-1", _R, "We share responsibility for the learning of every pupil, not just ours."),
    Item("resp-2", _R, "What one of us learns is shared with the rest of us."),
    Item("resp-3", _R, "Leaders here learn alongside us, not only direct us."),
)
