"""What a subgraph can do at a position: resolve a field itself, reach it through a key, or not.

The planner asks these questions for every field; they read only the supergraph metadata (and
the ``@provides`` in force at the position), never the plan being built.
"""

from __future__ import annotations

from clc_gateway.supergraph.model import FieldInGraph, Supergraph

from .ir import Field, Selection, field_set, render
from .select import Conds, Items

__all__ = ["Reach"]


class Reach:
    def __init__(self, sg: Supergraph) -> None:
        self.sg = sg

    def collect(self, type_name: str, sels: list[Selection] | None, conds: Conds = ()) -> Items:
        """The fields of ``sels`` that apply to objects of ``type_name``, fragments flattened."""
        out: Items = []
        for s in sels or ():
            if isinstance(s, Field):
                out.append((s, conds))
            elif self.sg.applies(s.type_condition, type_name):
                out.extend(self.collect(type_name, s.selections, conds + s.directives))
        return out

    def provided(self, type_name: str, prov: list[Selection] | None) -> dict[str, Field]:
        if prov is None:
            return {}
        return {f.name: f for f, _ in self.collect(type_name, prov)}

    def local(
        self, type_name: str, name: str, graph: str, prov: list[Selection] | None
    ) -> FieldInGraph | None:
        p = self.provided(type_name, prov).get(name)
        if p is not None:
            return FieldInGraph(provides=render(p.selections) if p.selections else None)
        return self.sg.resolving_graphs(type_name, name).get(graph)

    def field_type(self, type_name: str, name: str) -> str:
        return self.sg.types[type_name].fields[name].type_name

    def coverage(
        self,
        type_name: str,
        sels: list[Selection] | None,
        graph: str,
        prov: list[Selection] | None,
        depth: int = 0,
    ) -> int:
        """How many of the requested fields ``graph`` resolves without an entity jump."""
        if not sels or depth > 8 or type_name not in self.sg.types:
            return 0
        info = self.sg.types[type_name]
        types = [type_name]
        if info.kind in ("interface", "union") and not self.sg.is_interface_object(
            type_name, graph
        ):
            types = self.sg.possible_in_graph(type_name, graph)
        score = 0
        for t in types:
            for f, _ in self.collect(t, sels):
                if f.name == "__typename":
                    continue
                fg = self.local(t, f.name, graph, prov)
                if fg is not None and not fg.requires:
                    sub = field_set(fg.provides) if fg.provides else None
                    score += 1 + self.coverage(
                        self.field_type(t, f.name), f.selections, graph, sub, depth + 1
                    )
        return score

    # -- positions -------------------------------------------------------------------------------

    def candidates(self, type_name: str, name: str) -> list[tuple[str, str, FieldInGraph]]:
        out = [(g, type_name, fg) for g, fg in self.sg.resolving_graphs(type_name, name).items()]
        info = self.sg.types[type_name]
        for iface in info.interfaces:
            for g, fg in self.sg.resolving_graphs(iface, name).items():
                if self.sg.is_interface_object(iface, g):
                    out.append((g, iface, fg))
        return out

    def usable_key(
        self, rep_type: str, g: str, type_name: str, graph: str, prov: list[Selection] | None
    ) -> str | None:
        """A resolvable key of ``rep_type`` in ``g``, preferring one ``graph`` has here."""
        tig = self.sg.type_in(rep_type, g)
        keys = [k.fields for k in tig.keys if k.resolvable] if tig else []
        for k in keys:
            if all(
                self.local(type_name, f.name, graph, prov)
                for f, _ in self.collect(type_name, field_set(k))
            ):
                return k
        return keys[0] if keys else None

    def split(
        self, type_name: str, sels: list[Selection], graph: str, prov: list[Selection] | None
    ) -> tuple[list[Selection], list[Selection]]:
        """Separate the fields ``graph`` can neither resolve nor reach through a ``@key``."""
        info = self.sg.types.get(type_name)
        if info is None or info.kind != "object":
            return sels, []
        ok: list[Selection] = []
        bad: list[Selection] = []
        for s in sels:
            if (
                isinstance(s, Field)
                and s.name != "__typename"
                and not self.reachable(type_name, s.name, graph, prov)
            ):
                bad.append(s)
            else:
                ok.append(s)
        return ok, bad

    def reachable(
        self, type_name: str, name: str, graph: str, prov: list[Selection] | None, depth: int = 2
    ) -> bool:
        """Can ``graph``'s objects of this type get the field, through keys it can produce?"""
        if name not in self.sg.types[type_name].fields or self.local(type_name, name, graph, prov):
            return True
        if depth == 0:
            return False
        for g, rep_type, _ in self.candidates(type_name, name):
            tig = self.sg.type_in(rep_type, g)
            for k in tig.keys if tig else ():
                if k.resolvable and all(
                    self.reachable(type_name, kf.name, graph, prov, depth - 1)
                    for kf, _ in self.collect(type_name, field_set(k.fields))
                ):
                    return True
        return False
