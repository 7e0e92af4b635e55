"""The Artefact aggregate, a package: ``commands``, ``events``, ``state`` (with ``evolve``),
``rules`` (between fields), ``creation`` (draft, adapt), ``changes`` (everything after) and
``decide`` (the order rules are checked in; see its docstring)."""

from __future__ import annotations

from .decide import DECIDER, ArtefactState, decide, evolve

__all__ = ["DECIDER", "ArtefactState", "decide", "evolve"]
