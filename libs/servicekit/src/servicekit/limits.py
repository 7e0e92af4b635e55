"""What one GraphQL document may ask for, checked before graphql-core's full validation.

graphql-core's validation is thorough but not cheap: ``OverlappingFieldsCanBeMerged`` is
quadratic in the fields sharing a response name, and strawberry's depth limiter walks every path
through the fragments. So a document is checked in order of cost, each step bounding the next:

1. tokens — counted first by one regular expression (C speed, stopping at the limit: graphql-core's
   Python lexer takes ~5 µs a token, too slow to meet a 490 kB document), then graphql-core's
   ``parse(max_tokens=…)`` as the authority;
2. size — the estimated cost (fields resolved, lists multiplied by ``first``), computed with a
   budget so a fragment "bomb" stops as soon as it is over, and the number of field nodes;
3. depth and aliases — strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` rules;
4. then the specification's rules.

Each refusal is a GraphQL error with ``extensions.code`` ``QUERY_TOO_COMPLEX``. The defaults
(``ServiceSettings``) let a gateway's batched ``_entities`` call with hundreds of representations
through: its representations are one variable (or, inlined, a few thousand tokens).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    validate,
)
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

__all__ = ["TOO_COMPLEX", "Limits", "check_limits", "more_tokens_than", "too_complex"]

TOO_COMPLEX = "QUERY_TOO_COMPLEX"


@dataclass(frozen=True)
class Limits:
    max_tokens: int = 5_000
    max_depth: int = 12
    max_aliases: int = 100
    max_cost: int = 50_000
    list_size: int = 10
    """What a list or connection without a literal ``first`` is assumed to hold."""
    max_field_nodes: int = 2_000
    """Field nodes written in the document (bounds the quadratic overlap check)."""


def check_limits(
    schema: GraphQLSchema, document: DocumentNode, limits: Limits
) -> list[GraphQLError]:
    """The limits ``document`` breaks (empty if none), cheapest checks first."""
    fields = _count_field_nodes(document, limits.max_field_nodes)
    if fields > limits.max_field_nodes:
        return [too_complex(f"the document has more than {limits.max_field_nodes} fields")]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            root = schema.get_root_type(operation.operation)
            if root is None:
                continue
            walk = _Cost(schema, fragments, limits)
            cost = walk.selections(operation.selection_set, root, limits.max_cost, frozenset())
            if cost > limits.max_cost:
                return [too_complex(f"the query's estimated cost exceeds {limits.max_cost}")]
    rules: Sequence[type[ValidationRule]] = (
        depth_validator(limits.max_depth, None),
        aliases_validator(limits.max_aliases),
    )
    return [too_complex(e.message) for e in validate(schema, document, rules)]


# GraphQL's lexical tokens (comments matched so they can be skipped, strings so their contents are
# one token); it counts what graphql-core's lexer counts for any document that lexes.
_TOKEN = re.compile(
    r'#[^\n\r]*|"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n\r]|\\.)*"'
    r"|[_A-Za-z][_0-9A-Za-z]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|[!$&()\[\]{}:=@|]"
)


def more_tokens_than(query: str, limit: int) -> bool:
    """Whether ``query`` has more than ``limit`` tokens; reads no further than that."""
    tokens = (m for m in _TOKEN.finditer(query) if not m.group().startswith("#"))
    return sum(1 for _ in islice(tokens, limit + 1)) > limit


def too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": TOO_COMPLEX})


def _count_field_nodes(document: DocumentNode, stop_above: int) -> int:
    count = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack and count <= stop_above:
        for selection in stack.pop().selections:
            count += isinstance(selection, FieldNode)
            inner = getattr(selection, "selection_set", None)
            if inner is not None:
                stack.append(inner)
    return count


class _Cost:
    """Fields an operation may resolve: 1 per field, lists multiply their selection."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        limits: Limits,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.limits = limits
        self.fragment_costs: dict[str, int] = {}

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        budget: int,
        seen: frozenset[str],
    ) -> int:
        """The cost of ``selection_set``, or anything above ``budget`` once it is over."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, budget - total, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(
                    selection.selection_set, target or parent, budget - total, seen
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic: the specification's rules report it
                total += self.fragment(fragment, parent, seen | {name})
            if total > budget:
                break
        return total

    def fragment(
        self, fragment: FragmentDefinitionNode, parent: GraphQLNamedType, seen: frozenset[str]
    ) -> int:
        """A fragment's cost does not depend on where it is spread: computed once (against the
        whole budget, so the value is exact or over it), which defuses fragment "bombs"."""
        name = fragment.name.value
        known = self.fragment_costs.get(name)
        if known is None:
            target = self.schema.get_type(fragment.type_condition.name.value) or parent
            budget = self.limits.max_cost
            known = self.fragment_costs[name] = self.selections(
                fragment.selection_set, target, budget, seen
            )
        return known

    def field(
        self, node: FieldNode, parent: GraphQLNamedType, budget: int, seen: frozenset[str]
    ) -> int:
        name = node.name.value
        if name.startswith("__") or node.selection_set is None:
            return 1  # introspection is bounded by its own schema, and off in production
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        definition = parent.fields.get(name)
        if definition is None:
            return 1
        times = self.multiplier(node, definition.type, parent)
        inner = self.selections(
            node.selection_set, get_named_type(definition.type), budget // times, seen
        )
        return 1 + times * inner

    def multiplier(
        self, node: FieldNode, type_: GraphQLOutputType, parent: GraphQLNamedType
    ) -> int:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        is_connection = get_named_type(type_).name.endswith("Connection")
        if parent.name.endswith("Connection"):
            return 1  # the edges of a connection were counted by the connection's `first`
        if not (is_connection or isinstance(type_, GraphQLList)):
            return 1
        for argument in node.arguments or ():
            if argument.name.value == "first" and isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
        return self.limits.list_size
