"""The federation schema of every subgraph: strawberry's, with `_entities` safe for any input.

strawberry resolves representations one after another and trusts their shape: a representation
without ``__typename`` (or naming a type this subgraph does not have, or not an object at all)
raises in the middle of the loop. The coroutines already made for earlier representations are then
never awaited, and the client sees Python's ``KeyError`` text. A router only ever sends
well-formed representations, but `_entities` is reachable by any caller, so each representation is
checked first; a bad one becomes an error for its own list item, and the others resolve as usual.
"""

from typing import Any, cast

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema import FederationAny
from strawberry.types import Info

__all__ = ["FederationSchema"]


class FederationSchema(strawberry.federation.Schema):
    # No ``from __future__ import annotations`` here: strawberry reads this signature to build the
    # `_entities` field, so its annotations must be real objects.
    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        results: list[Any] = []
        given: list[Any] = list(representations)
        for index, representation in enumerate(given):
            problem = self._representation_problem(representation)
            if problem is not None:
                results.append(GraphQLError(f"representations[{index}]: {problem}"))
                continue
            (result,) = super().entities_resolver(info, [FederationAny(dict(representation))])
            outcome: Any = result
            if isinstance(outcome, Exception) and not isinstance(outcome, GraphQLError):
                # e.g. a TypeError from unexpected keys: say what is wrong, not Python's words
                outcome = GraphQLError(
                    f"representations[{index}]: not a valid reference to "
                    f"{representation['__typename']}"
                )
            results.append(outcome)
        return cast(list[FederationAny], results)

    def _representation_problem(self, representation: Any) -> str | None:
        if not isinstance(representation, dict):
            return "must be an object"
        type_name = representation.get("__typename")
        if not isinstance(type_name, str):
            return "must name its type in __typename"
        type_ = self.schema_converter.type_map.get(type_name)
        definition = getattr(type_, "definition", None) if type_ is not None else None
        keys = getattr(definition, "directives", None) or []
        if not any(type(d).__name__ == "Key" for d in keys):
            return f"{type_name} is not an entity of this subgraph"
        return None
