"""The planner's view of a selection set: fields and inline fragments, named fragments inlined.

The same tree serves both sides: the client operation (normalised from the AST) and the subgraph
operations the planner writes (printed by ``render``). ``@skip``/``@include`` stay on the node they
were written on; the subgraph sees them too (with the variables they use), and the response shaper
evaluates them again, so a cached plan does not depend on variable values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    parse,
    print_ast,
)
from graphql.language import Visitor, visit

__all__ = [
    "Field",
    "Fragment",
    "Selection",
    "field_set",
    "from_ast",
    "has_alias",
    "render",
    "unalias",
    "variables_in",
]


@dataclass
class Field:
    key: str
    name: str
    args: tuple[ArgumentNode, ...] = ()
    directives: tuple[DirectiveNode, ...] = ()
    selections: list[Selection] | None = None
    original: str | None = None
    """Set on a field the planner aliased; answers are renamed back to this key."""

    def args_text(self) -> str:
        if not self.args:
            return ""
        return "(" + ", ".join(print_ast(a) for a in self.args) + ")"


@dataclass
class Fragment:
    type_condition: str | None
    directives: tuple[DirectiveNode, ...] = ()
    selections: list[Selection] = field(default_factory=list)


Selection = Field | Fragment


def _conditions(directives: tuple[DirectiveNode, ...] | None) -> tuple[DirectiveNode, ...]:
    return tuple(d for d in directives or () if d.name.value in ("skip", "include"))


def from_ast(
    sel: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> list[Selection] | None:
    if sel is None:
        return None
    out: list[Selection] = []
    for s in sel.selections:
        if isinstance(s, FieldNode):
            out.append(
                Field(
                    key=s.alias.value if s.alias else s.name.value,
                    name=s.name.value,
                    args=tuple(s.arguments or ()),
                    directives=_conditions(s.directives),
                    selections=from_ast(s.selection_set, fragments),
                )
            )
        elif isinstance(s, InlineFragmentNode):
            out.append(
                Fragment(
                    s.type_condition.name.value if s.type_condition else None,
                    _conditions(s.directives),
                    from_ast(s.selection_set, fragments) or [],
                )
            )
        elif isinstance(s, FragmentSpreadNode):
            fd = fragments[s.name.value]
            out.append(
                Fragment(
                    fd.type_condition.name.value,
                    _conditions(s.directives),
                    from_ast(fd.selection_set, fragments) or [],
                )
            )
    return out


def unalias(value: object, sels: list[Selection]) -> None:
    """Rename aliased keys in a subgraph answer back to the keys the plan expects."""
    if isinstance(value, list):
        for v in value:
            unalias(v, sels)
        return
    if not isinstance(value, dict):
        return
    for s in sels:
        if isinstance(s, Fragment):
            unalias(value, s.selections)
            continue
        if s.original is not None and s.key in value:
            value[s.original] = value.pop(s.key)
        if s.selections:
            unalias(value.get(s.original or s.key), s.selections)


def has_alias(sels: list[Selection]) -> bool:
    return any(
        (isinstance(s, Field) and s.original is not None)
        or (s.selections and has_alias(s.selections))
        for s in sels
    )


def field_set(text: str) -> list[Selection]:
    """A ``join__FieldSet`` (``"id org { id }"``) as a selection list."""
    doc = parse("{" + text + "}")
    return from_ast(doc.definitions[0].selection_set, {}) or []  # type: ignore[attr-defined]


def _render_dirs(dirs: tuple[DirectiveNode, ...]) -> str:
    return "".join(" " + print_ast(d) for d in dirs)


def render(sels: list[Selection]) -> str:
    parts: list[str] = []
    for s in sels:
        if isinstance(s, Field):
            head = s.name if s.key == s.name else f"{s.key}:{s.name}"
            text = head + s.args_text() + _render_dirs(s.directives)
            if s.selections is not None:
                text += "{" + render(s.selections) + "}"
            parts.append(text)
        else:
            cond = f" on {s.type_condition}" if s.type_condition else ""
            parts.append(
                "..." + cond + _render_dirs(s.directives) + "{" + render(s.selections) + "}"
            )
    return " ".join(parts)


class _Vars(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        self.names.add(node.name.value)


def variables_in(sels: list[Selection]) -> set[str]:
    v = _Vars()
    for s in sels:
        nodes: list[object] = [*s.directives]
        if isinstance(s, Field):
            nodes += list(s.args)
        for n in nodes:
            visit(n, v)  # type: ignore[arg-type]
        if s.selections:
            v.names |= variables_in(s.selections)
    return v.names
