"""Operation -> plan. Walks the selection set keeping, at each position, the subgraph whose fetch
is producing the objects there ("current"); each field is either written into that fetch (the
subgraph resolves it: owns it, shares it or has it ``@provides``-d here) or moved to an entity
fetch of another subgraph through one of its ``@key``s. The key fields (and any ``@requires``
fields) are planned first at the same position, possibly through further fetches, and the entity
fetch depends on every fetch that delivers them.

Abstract positions are expanded per possible object type the current subgraph knows, so each
field is planned against a concrete type. A subgraph that sees an interface as an
``@interfaceObject`` cannot tell the concrete type: its objects are planned as the interface
itself and the concrete type is fetched from a subgraph that has the real interface.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from graphql import OperationDefinitionNode, print_ast

from .ir import Field, Fragment, Selection, field_set, has_alias, render, variables_in
from .plan import FetchNode, Plan
from .reach import Reach
from .select import (
    Conds,
    Items,
    alias_arguments,
    conflicts,
    emit,
    named,
    provides_of,
    typename,
)

__all__ = ["Planner"]


@dataclass(frozen=True)
class _Ctx:
    graph: str
    node: FetchNode
    path: tuple[str, ...]
    out: list[Selection]
    provides: list[Selection] | None = None
    chain: frozenset[tuple[str, str, str]] = frozenset()


#: the response key of a subscription event's own consistency token (see ``event_token``)
EVENT_TOKEN = "_clcEventToken"


class Planner(Reach):
    # -- entry ---------------------------------------------------------------------------------
    def plan(self, op: OperationDefinitionNode, selections: list[Selection]) -> Plan:
        self.nodes: list[FetchNode] = []
        self.groups: dict[tuple[str, tuple[str, ...], frozenset[int]], FetchNode] = {}
        self.errors: list[str] = []
        kind = op.operation.value
        roots_of = {"mutation": self.sg.mutation_type, "subscription": self.sg.subscription_type}
        root = roots_of.get(kind, self.sg.query_type)
        assert root is not None
        plan = Plan(op, root, selections, self.nodes)
        roots: dict[str, FetchNode] = {}
        previous: FetchNode | None = None
        for f, conds in self.collect(root, selections):
            if f.name in ("__schema", "__type"):
                plan.introspection = True
                continue
            if f.name == "__typename":
                continue
            graphs = self.sg.resolving_graphs(root, f.name)
            if not graphs:
                plan.errors.append(f"no subgraph resolves {root}.{f.name}")
                continue
            ftype = self.sg.types[root].fields[f.name].type_name
            g = max(
                sorted(graphs),
                key=lambda g: (
                    self.coverage(ftype, f.selections, g, provides_of(graphs[g])),
                    g in roots,
                ),
            )
            if kind == "mutation":
                node = self.new_node(g, (), False, "mutation")
                if previous is not None:
                    node.deps.add(previous.id)
                previous = node
            else:
                # a subscription's one root field is the event stream; the rest is planned as
                # for a query and run per event (execution/subscribe.py)
                node = roots.get(g) or self.new_node(g, (), False, kind)
                roots[g] = node
            ef = emit(node.selections, f, conds)
            if kind == "subscription" and ef.selections is not None:
                self.event_token(ftype, ef.selections)
            if f.selections is not None:
                provides = graphs[g].provides
                prov = field_set(provides) if provides else None
                ok, bad = self.split(ftype, f.selections, g, prov)
                ctx = _Ctx(
                    g, node, (f.key,), ef.selections if ef.selections is not None else [], prov
                )
                self.position(ftype, ok, ctx, named(graphs[g].type))
                tried = {g}
                while bad and kind == "query":
                    others = [o for o in sorted(graphs) if o not in tried]
                    if not others:
                        break
                    o = max(others, key=lambda o: self.coverage(ftype, bad, o, None))
                    tried.add(o)
                    ok, bad = self.split(ftype, bad, o, None)
                    if not ok:
                        continue
                    node = roots.get(o) or self.new_node(o, (), False)
                    roots[o] = node
                    ef = emit(node.selections, f, conds)
                    ctx = _Ctx(
                        o, node, (f.key,), ef.selections if ef.selections is not None else [], None
                    )
                    self.position(ftype, ok, ctx, named(graphs[o].type))
        for n in self.nodes:
            self.finalize(n, op)
        plan.errors.extend(self.errors)
        return plan

    def event_token(self, type_name: str, out: list[Selection]) -> None:
        """A subscription event's own consistency token, asked for under a private key when its
        type has one: the per-event entity fetches wait for it (execution/subscribe.py), so
        another service's fields reflect the event too. The shaper leaves the key out."""
        info = self.sg.types.get(type_name)
        if info is not None and "consistencyToken" in info.fields:
            out.append(Field(EVENT_TOKEN, "consistencyToken"))

    def new_node(
        self, graph: str, path: tuple[str, ...], entity: bool, op: str = "query"
    ) -> FetchNode:
        node = FetchNode(len(self.nodes), graph, path, entity, op)
        self.nodes.append(node)
        return node

    # -- selections ------------------------------------------------------------------------------
    def position(
        self, type_name: str, sels: list[Selection], ctx: _Ctx, graph_type: str | None = None
    ) -> set[int]:
        if graph_type and graph_type != type_name and graph_type in self.sg.types:
            # the subgraph declares a narrower type here (an object for a union, a smaller union)
            type_name = graph_type
        info = self.sg.types.get(type_name)
        if info is None or info.kind == "object":
            return self.concrete(type_name, self.collect(type_name, sels), ctx)
        if info.kind not in ("interface", "union"):
            return {ctx.node.id}
        if self.sg.is_interface_object(type_name, ctx.graph):
            return self.interface_object(type_name, sels, ctx)
        touched = {ctx.node.id}
        typename(ctx.out)
        possible = self.sg.possible_in_graph(type_name, ctx.graph)
        if not possible and info.kind == "interface":
            # no implementation here: plan the interface's own fields on the interface itself
            return self.concrete(type_name, self.collect(type_name, sels), ctx)
        for obj in possible:
            items = self.collect(obj, sels)
            if not items:
                continue
            frag = Fragment(obj)
            ctx.out.append(frag)
            touched |= self.concrete(obj, items, replace(ctx, out=frag.selections))
        return touched

    def interface_object(self, iface: str, sels: list[Selection], ctx: _Ctx) -> set[int]:
        """Objects of ``iface`` from a subgraph that only knows it as an ``@interfaceObject``."""
        touched = self.concrete(iface, self.collect(iface, sels), ctx)
        concrete = [
            s
            for s in sels
            if (isinstance(s, Fragment) and s.type_condition != iface)
            or (isinstance(s, Field) and s.name == "__typename")
        ]
        if not concrete:
            return touched
        real = [
            g
            for g, tig in self.sg.types[iface].graphs.items()
            if not tig.interface_object and any(k.resolvable for k in tig.keys)
        ]
        if not real:
            return touched
        g = real[0]
        key = next(k for k in self.sg.types[iface].graphs[g].keys if k.resolvable)
        deps = self.concrete(iface, self.collect(iface, field_set(key.fields)), ctx)
        node = self.entity_node(g, ctx.path, deps | {ctx.node.id})
        self.add_rep(node, iface, iface, field_set(key.fields))
        frag = node.fragment(iface)
        inner = replace(ctx, graph=g, node=node, out=frag.selections, provides=None)
        return touched | {node.id} | self.position(iface, concrete, inner)

    def concrete(self, type_name: str, items: Items, ctx: _Ctx) -> set[int]:
        touched = {ctx.node.id}
        typename(ctx.out)
        for f, conds in items:
            if f.name == "__typename":
                continue
            fg = self.local(type_name, f.name, ctx.graph, ctx.provides)
            if fg is None or fg.requires:
                moved = self.jump(type_name, f, conds, ctx)
                if moved is None:
                    self.errors.append(f"cannot plan {type_name}.{f.name}: no subgraph reachable")
                touched |= moved or {ctx.node.id}
                continue
            sels = f.selections
            if sels is not None:
                prov = field_set(fg.provides) if fg.provides else None
                sels, bad = self.split(self.field_type(type_name, f.name), sels, ctx.graph, prov)
                if bad:
                    # reachable only by fetching this field again, from a subgraph that has them
                    moved = self.jump(
                        type_name, replace(f, selections=bad), conds, ctx, frozenset({ctx.graph})
                    )
                    if moved is None:
                        sels = f.selections
                    else:
                        touched |= moved
            declared = self.sg.types[type_name].fields[f.name].type_str
            if fg.type and fg.type != declared:
                # this subgraph types the field differently (e.g. ID! for ID); an alias keeps the
                # subgraph query valid next to sibling types' fields of the same name
                digest = hashlib.sha1(fg.type.encode()).hexdigest()[:6]
                f = replace(f, key=f"_t_{f.key}_{digest}", original=f.key)
            ef = emit(ctx.out, f, conds)
            if sels is not None:
                child = replace(
                    ctx,
                    path=(*ctx.path, f.original or f.key),
                    out=ef.selections if ef.selections is not None else [],
                    provides=prov,
                )
                ftype = self.field_type(type_name, f.name)
                touched |= self.position(ftype, sels, child, named(fg.type))
        return touched

    # -- entity jumps ----------------------------------------------------------------------------
    def jump(
        self, type_name: str, f: Field, conds: Conds, ctx: _Ctx, avoid: frozenset[str] = frozenset()
    ) -> set[int] | None:
        best = None
        for g, rep_type, fg in self.candidates(type_name, f.name):
            if (rep_type, g, f.name) in ctx.chain or g in avoid:
                continue
            key = self.usable_key(rep_type, g, type_name, ctx.graph, ctx.provides)
            if key is None:
                continue
            local_key = all(
                self.local(type_name, k.name, ctx.graph, ctx.provides)
                for k, _ in self.collect(type_name, field_set(key))
            )
            sub = field_set(fg.provides) if fg.provides else None
            score = (
                not fg.requires,
                local_key,
                self.coverage(self.field_type(type_name, f.name), f.selections, g, sub),
                g == ctx.graph,
            )
            if best is None or score > best[0]:
                best = (score, g, rep_type, fg, key)
        if best is None:
            return None
        _, g, rep_type, fg, key = best
        ftype = self.field_type(type_name, f.name)
        sub = field_set(fg.provides) if fg.provides else None
        sels = f.selections
        moved: set[int] = set()
        if sels is not None:
            sels, bad = self.split(ftype, sels, g, sub)
            if bad:
                r = self.jump(type_name, replace(f, selections=bad), conds, ctx, avoid | {g})
                if r is None:
                    sels = f.selections
                else:
                    moved = r
        chained = replace(ctx, chain=ctx.chain | {(rep_type, g, f.name)})
        rep = field_set(key)
        deps = self.concrete(type_name, self.collect(type_name, rep), chained)
        if fg.requires:
            req = alias_arguments(field_set(fg.requires))
            deps |= self.concrete(type_name, self.collect(type_name, req), chained)
            rep = rep + req
        node = self.entity_node(g, ctx.path, deps, (rep_type, rep))
        self.add_rep(node, type_name, rep_type, rep)
        frag = node.fragment(rep_type)
        typename(frag.selections)
        ef = emit(frag.selections, f, conds)
        touched = deps | moved | {node.id}
        if sels is not None:
            inner = _Ctx(
                g,
                node,
                (*ctx.path, f.key),
                ef.selections if ef.selections is not None else [],
                sub,
                chained.chain,
            )
            touched |= self.position(ftype, sels, inner, named(fg.type))
        return touched

    def entity_node(
        self,
        graph: str,
        path: tuple[str, ...],
        deps: set[int],
        rep: tuple[str, list[Selection]] | None = None,
    ) -> FetchNode:
        gk = (graph, path, frozenset(deps))
        node = self.groups.get(gk)
        if node is not None and rep is not None and conflicts(node.rep_fields.get(rep[0]), rep[1]):
            # one representation cannot carry the same field with two argument sets
            node = None
            gk = (graph, path, frozenset(deps | {-len(self.nodes)}))
        if node is None:
            node = self.new_node(graph, path, True)
            node.deps = set(deps)
            self.groups[gk] = node
        return node

    def add_rep(
        self, node: FetchNode, type_name: str, rep_type: str, fields: list[Selection]
    ) -> None:
        node.rep_types[type_name] = rep_type
        if self.sg.is_abstract(rep_type):
            node.rep_types[rep_type] = rep_type
            for t in self.sg.possible.get(rep_type, ()):
                node.rep_types.setdefault(t, rep_type)
        node.rep_fields.setdefault(rep_type, []).extend(fields)

    # -- subgraph operation text ------------------------------------------------------------------
    def finalize(self, node: FetchNode, op: OperationDefinitionNode) -> None:
        used = variables_in(node.selections)
        defs = [
            f"${v.variable.name.value}:{print_ast(v.type)}"
            + (f"={print_ast(v.default_value)}" if v.default_value else "")
            for v in op.variable_definitions or ()
            if v.variable.name.value in used
        ]
        node.variables = tuple(sorted(used))
        node.aliased = has_alias(node.selections)
        body = render(node.selections)
        if node.entity:
            defs.insert(0, "$representations:[_Any!]!")
            body = "_entities(representations:$representations){" + body + "}"
        head = node.operation + ("(" + ",".join(defs) + ")" if defs else "")
        node.query = head + "{" + body + "}"
