"""The subgraphs compose: every groups entity the enquiry subgraph extends carries the same key in
both, and the shareable value types (PageInfo, UserError) are the same in both.

Read from the SDL each subgraph serves at ``_service { sdl }`` (what a gateway composes), built
in-process: no database or broker is needed.
"""

from __future__ import annotations

from typing import Any

import pytest
from clc_enquiry.api import build_schema as enquiry_schema
from clc_groups.api import build_schema as groups_schema
from graphql import ObjectTypeDefinitionNode, ObjectTypeExtensionNode, parse, print_ast

pytestmark = pytest.mark.integration

EXTENDED = ("LearningGroup", "Network", "Practitioner")
OWN = ("Enquiry", "LearningClaim", "PeerReview")
SHAREABLE = ("PageInfo", "UserError")


def served_sdl(schema: Any) -> str:
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None, result.errors
    sdl: str = result.data["_service"]["sdl"]
    return sdl


def object_types(sdl: str) -> dict[str, ObjectTypeDefinitionNode | ObjectTypeExtensionNode]:
    document = parse(sdl)
    return {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode)
    }


def keys(node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) -> set[str]:
    """The ``fields`` of each ``@key`` (whitespace-normalised), e.g. ``{"id"}``."""
    found = set()
    for directive in node.directives or ():
        if directive.name.value != "key":
            continue
        for argument in directive.arguments or ():
            if argument.name.value == "fields":
                found.add(" ".join(print_ast(argument.value).strip('"').split()))
    return found


def directive_names(node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) -> set[str]:
    return {d.name.value for d in node.directives or ()}


def fields(node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) -> dict[str, str]:
    return {f.name.value: print_ast(f.type) for f in node.fields or ()}


@pytest.fixture(scope="module")
def groups() -> dict[str, Any]:
    return object_types(served_sdl(groups_schema()))


@pytest.fixture(scope="module")
def enquiry() -> dict[str, Any]:
    return object_types(served_sdl(enquiry_schema()))


@pytest.mark.parametrize("name", EXTENDED)
def test_every_extended_entity_has_the_same_key_in_groups(
    name: str, groups: dict[str, Any], enquiry: dict[str, Any]
) -> None:
    assert name in groups, f"groups does not define {name}"
    assert name in enquiry
    owner_keys, extension_keys = keys(groups[name]), keys(enquiry[name])
    assert owner_keys, f"{name} is not an entity in groups"
    assert extension_keys, f"{name} carries no @key in enquiry"
    assert extension_keys <= owner_keys, (name, extension_keys, owner_keys)
    # The key fields themselves have the same type in both subgraphs.
    for key in extension_keys:
        for field in key.split():
            assert fields(enquiry[name])[field] == fields(groups[name])[field], (name, field)


def test_the_enquiry_subgraph_extends_only_what_groups_owns(
    groups: dict[str, Any], enquiry: dict[str, Any]
) -> None:
    """Every entity in enquiry is either its own or one of the groups entities it extends."""
    entities = {name for name, node in enquiry.items() if keys(node)}
    assert entities == {*OWN, *EXTENDED}
    for name in OWN:
        assert keys(enquiry[name]) == {"id"}
        assert name not in groups, f"{name} is owned by enquiry but also defined in groups"
    # Fields the enquiry subgraph adds to a groups entity are not also defined by groups (only the
    # keys are shared), so composition has exactly one resolver for each.
    for name in EXTENDED:
        added = set(fields(enquiry[name])) - {k for key in keys(enquiry[name]) for k in key.split()}
        assert added, name
        assert not added & set(fields(groups[name])), (name, added & set(fields(groups[name])))


@pytest.mark.parametrize("name", SHAREABLE)
def test_shareable_value_types_are_compatible(
    name: str, groups: dict[str, Any], enquiry: dict[str, Any]
) -> None:
    assert "shareable" in directive_names(groups[name])
    assert "shareable" in directive_names(enquiry[name])
    assert fields(enquiry[name]) == fields(groups[name])


def test_both_subgraphs_speak_the_same_federation_version() -> None:
    links = [
        next(line for line in served_sdl(s).splitlines() if "@link(" in line)
        for s in (groups_schema(), enquiry_schema())
    ]
    versions = {line.split("federation/")[1].split('"')[0] for line in links}
    assert versions == {"v2.5"}


def test_root_fields_do_not_collide(groups: dict[str, Any], enquiry: dict[str, Any]) -> None:
    for root in ("Query", "Mutation"):
        own = set(fields(enquiry[root])) - {"_service", "_entities"}
        assert not own & set(fields(groups[root])), (root, own & set(fields(groups[root])))
