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

EXTENDED = (
    "LearningGroup",
    "Network",
    "Practitioner",
    "PersonalDataExport",
    "PersonalDataAudit",
)
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


# -- the enquiry subgraph follows the API convention (services/enquiry/README.md) ----------------


def _enquiry_document() -> Any:
    return parse(served_sdl(enquiry_schema()))


def test_enquiry_enum_values_are_upper_snake_case() -> None:
    from graphql import EnumTypeDefinitionNode

    for node in _enquiry_document().definitions:
        if isinstance(node, EnumTypeDefinitionNode):
            for value in node.values or ():
                name = value.name.value
                assert name == name.upper() and " " not in name, (node.name.value, name)


def _named_type(text: str) -> str:
    return text.replace("!", "").replace("[", "").replace("]", "")


def test_enquiry_ids_are_ids_people_are_references_and_tokens_are_strings() -> None:
    from graphql import InputObjectTypeDefinitionNode

    for node in _enquiry_document().definitions:
        if not isinstance(
            node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InputObjectTypeDefinitionNode
        ):
            continue
        if node.name.value.startswith("_"):
            continue
        for field in node.fields or ():
            name, type_name = field.name.value, _named_type(print_ast(field.type))
            where = f"{node.name.value}.{name}"
            # (``commandId`` is an idempotency key, not an entity's id)
            if (name == "id" or name.endswith(("Id", "Ids"))) and name != "commandId":
                assert type_name == "ID", where
            if name.endswith("By"):
                assert type_name == "Practitioner", where
            if name == "consistencyToken":
                assert type_name == "String", where
            for argument in getattr(field, "arguments", None) or ():
                arg_type = _named_type(print_ast(argument.type))
                if argument.name.value == "consistencyToken":
                    assert arg_type == "String", (where, argument.name.value)
                if argument.name.value == "id" or argument.name.value.endswith("Id"):
                    assert arg_type == "ID", (where, argument.name.value)
    # outputs name "who did it" one way, ``…By`` (inputs take ids: ``ownerId``)
    old_names = {"authorId", "author", "authorName", "claimantId", "claimantName", "ownerId"}
    for name, node in object_types(served_sdl(enquiry_schema())).items():
        assert not set(fields(node)) & old_names, name


def test_every_enquiry_mutation_returns_a_token_and_every_read_root_accepts_one() -> None:
    types = object_types(served_sdl(enquiry_schema()))
    for mutation in types["Mutation"].fields or ():
        payload = types[_named_type(print_ast(mutation.type))]
        assert fields(payload).get("consistencyToken") == "String", mutation.name.value
    for query in types["Query"].fields or ():
        if query.name.value.startswith("_"):
            continue
        assert "consistencyToken" in {a.name.value for a in query.arguments or ()}, query
    for name, field in (
        ("LearningGroup", "learningMatrix"),
        ("LearningGroup", "knowledgeBalance"),
        ("LearningGroup", "enquiries"),
        ("Network", "learningMatrix"),
        ("Network", "enquiries"),
        ("Practitioner", "openActions"),
    ):
        node = next(f for f in types[name].fields or () if f.name.value == field)
        assert "consistencyToken" in {a.name.value for a in node.arguments or ()}, (name, field)
