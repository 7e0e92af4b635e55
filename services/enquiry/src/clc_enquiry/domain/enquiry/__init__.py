"""The Enquiry aggregate, a package because it outgrew one module: ``commands``, ``events``,
``state`` (with ``evolve``), its ``cycle`` and ``entries``, and ``decide`` (the rules; see its
docstring)."""

from __future__ import annotations

from .decide import (
    DECIDER,
    EnquiryState,
    decide,
    evolve,
)

__all__ = [
    "DECIDER",
    "EnquiryState",
    "decide",
    "evolve",
]
