"""The library and attachments through the knowledge subgraph, in-process over real PostgreSQL
and Kafka: files uploaded by the GraphQL multipart request spec, sniffed, stored, searchable by
their text and downloadable by those who may see the artefact; the library ranks, snippets,
prefixes, facets, and never shows what the caller may not see."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_knowledge.domain.errors import MAX_ATTACHMENT_BYTES

from tests.integration.knowledge.files import docx_with, pdf_with, png
from tests.integration.knowledge.service import (
    PAYLOAD,
    Service,
    a_running_service,
    settings_for,
    token,
)
from tests.integration.knowledge.world import Groups

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
AUTHOR = token("alice")
OUTSIDER = token("oz")  # a practitioner of tenant A in no group, school or network of these
OTHER_TENANT = token("admin-b", "tenant_admin", tenant="tenant-b")

ATTACH = f"""mutation($artefactId: ID!, $file: Upload!, $commandId: String) {{
  attachToArtefact(artefactId: $artefactId, file: $file, commandId: $commandId) {{
    artefact {{ id attachments {{ id filename mediaType sizeBytes sha256 searchable downloadUrl
      addedBy {{ id }} }} }} {PAYLOAD} }} }}"""

LIBRARY = """query($q: String, $filters: LibraryFilter, $first: Int, $after: String, $t: String) {
  library(query: $q, filters: $filters, first: $first, after: $after, consistencyToken: $t) {
    edges { cursor rank snippet node { id title kind visibility fromOtherTenant attribution
      artefact { id } commonsArtefact { id title } } }
    pageInfo { hasNextPage endCursor }
    facets { total kinds { kind count } knowledgeFields { knowledgeField count }
      levels { level count } visibilities { visibility count } networks { network { id } count } }
  } }"""


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running


async def published(
    service: Service, title: str, body: str, *, who: str = ADMIN, **fields: Any
) -> tuple[str, str]:
    """A published artefact: ``(id, consistency token)``."""
    artefact = str(uuid.uuid4())
    draft: dict[str, Any] = {
        "artefactId": artefact,
        "kind": "PROTOCOL",
        "knowledgeField": "PRACTITIONER",
        "title": title,
        "body": body,
        "levels": ["ADULT"],
        "visibility": "TENANT",
    }
    await service.ok(who, "draftArtefact", "artefact", **{**draft, **fields})
    return artefact, await service.ok(ADMIN, "publishArtefact", "artefact", artefactId=artefact)


async def upload(
    service: Service,
    who: str,
    artefact: str,
    content: bytes,
    filename: str,
    declared: str = "application/pdf",
    command_id: str | None = None,
) -> dict[str, Any]:
    operations = {
        "query": ATTACH,
        "variables": {"artefactId": artefact, "file": None, "commandId": command_id},
    }
    response = await service.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (filename, content, declared)},
        headers={"authorization": f"Bearer {who}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["attachToArtefact"]
    return result


async def search(service: Service, who: str, q: str | None, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = (await service.data(who, LIBRARY, q=q, **variables))["library"]
    return found


def ids(found: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in found["edges"]]


async def test_a_word_in_an_attached_pdf_finds_the_artefact_and_the_file_downloads(
    service: Service,
) -> None:
    artefact, _ = await published(service, "Soil walk", "We walked the school garden.")
    pdf = pdf_with("Mycorrhizal fungi connect the roots of trees")
    attached = await upload(service, ADMIN, artefact, pdf, "notes.pdf", command_id="attach-1")
    assert attached["userErrors"] == []
    [file] = attached["artefact"]["attachments"]
    assert (file["filename"], file["mediaType"], file["sizeBytes"]) == (
        "notes.pdf",
        "application/pdf",
        len(pdf),
    )
    assert file["searchable"] and file["addedBy"] == {"id": "admin"}

    t = attached["consistencyToken"]
    for query in ("mycorrhizal", "connecting root", "walk mycorrh"):  # stems, prefix
        found = await search(service, ADMIN, query, t=t)
        assert ids(found) == [artefact], query
    assert "**Mycorrhizal**" in (await search(service, ADMIN, "mycorrhizal"))["edges"][0]["snippet"]

    response = await service.http.get(
        file["downloadUrl"], headers={"authorization": f"Bearer {ADMIN}"}
    )
    assert response.status_code == 200 and response.content == pdf
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")

    # the same command again stores nothing new and answers the same
    again = await upload(service, ADMIN, artefact, pdf, "notes.pdf", command_id="attach-1")
    assert again["userErrors"] == [] and len(again["artefact"]["attachments"]) == 1


async def test_a_title_hit_ranks_above_a_body_hit(service: Service) -> None:
    body_hit, _ = await published(service, "Meeting notes", "We agreed our ground rules today.")
    title_hit, t = await published(service, "Ground rules template", "Agree how to talk.")
    found = await search(service, ADMIN, "ground rules", t=t)
    assert ids(found)[:2] == [title_hit, body_hit]
    assert found["edges"][0]["rank"] > found["edges"][1]["rank"]
    assert ids(await search(service, ADMIN, '"ground rules"', t=t))[:2] == [title_hit, body_hit]
    assert ids(await search(service, ADMIN, '"rules ground"', t=t)) == []  # a phrase keeps order


async def test_pages_and_facets_count_every_visible_hit(service: Service) -> None:
    t = ""
    for n in range(3):
        _, t = await published(
            service, f"Reflective exercise {n}", "Quiet reflection", kind="REFLECTIVE_EXERCISE"
        )
    first = await search(service, ADMIN, "reflection", first=2, t=t)
    assert len(first["edges"]) == 2 and first["pageInfo"]["hasNextPage"]
    rest = await search(service, ADMIN, "reflection", first=2, after=first["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    assert set(ids(first)).isdisjoint(ids(rest))
    assert first["facets"]["total"] == 3
    assert first["facets"]["kinds"] == [{"kind": "REFLECTIVE_EXERCISE", "count": 3}]
    only = await search(service, ADMIN, "reflection", filters={"kinds": ["PROTOCOL"]})
    assert only["edges"] == [] and only["facets"]["total"] == 0


async def test_the_library_never_shows_what_the_caller_may_not_see(service: Service) -> None:
    # membership, from the groups topic: Nia's school is in network n1, Oz's is not
    await (
        Groups(service)
        .person("nia", "s-in")
        .person("oz", "s-out")
        .school_in_network("s-in", "n1")
        .school_in_network("s-out", "n2")
        .send()
    )
    # a network-only artefact: invisible to a practitioner of a school outside the network
    network_only, t = await published(
        service,
        "Network lesson study",
        "Zeugma",
        visibility="NETWORK",
        networkId="n1",
        schoolId="s-home",
    )
    assert ids(await search(service, ADMIN, "zeugma", t=t)) == [network_only]
    assert ids(await search(service, token("nia"), "zeugma")) == [network_only]
    assert ids(await search(service, OUTSIDER, "zeugma")) == []
    # another tenant's artefact: invisible to tenant B until it is in the commons
    assert ids(await search(service, OTHER_TENANT, "zeugma")) == []
    shared = await service.ok(
        ADMIN,
        "publishArtefactToCommons",
        "artefact",
        artefactId=network_only,
        attribution="Network One",
    )
    await search(service, ADMIN, "zeugma", t=shared)  # the projector has the commons copy
    found = await search(service, OTHER_TENANT, "zeugma")
    [edge] = found["edges"]
    assert edge["node"]["fromOtherTenant"] and edge["node"]["artefact"] is None
    assert edge["node"]["id"] != network_only  # another tenant's id is never shown
    assert edge["node"]["commonsArtefact"] == {
        "id": edge["node"]["id"],
        "title": "Network lesson study",
    }
    assert (edge["node"]["attribution"], edge["node"]["visibility"]) == ("Network One", "COMMONS")
    assert found["facets"]["networks"] == []  # another tenant's places are not shown


async def test_an_upload_is_judged_by_its_bytes(service: Service) -> None:
    artefact, _ = await published(service, "Uploads", "Files")
    refused = await upload(service, ADMIN, artefact, b"MZ\x90\x00 not a pdf", "report.pdf")
    assert refused["userErrors"] == [
        {
            "code": "UNSUPPORTED_ATTACHMENT_TYPE",
            "message": refused["userErrors"][0]["message"],
            "field": "file",
        }
    ]
    text = await upload(service, ADMIN, artefact, b"plain words", "notes.txt", "text/plain")
    assert [e["code"] for e in text["userErrors"]] == ["UNSUPPORTED_ATTACHMENT_TYPE"]
    too_big = await upload(
        service, ADMIN, artefact, b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES), "a.pdf"
    )
    assert [(e["code"], e["field"]) for e in too_big["userErrors"]] == [
        ("ATTACHMENT_TOO_LARGE", "file")
    ]
    # a PNG sent as "application/pdf" is kept as what it is; a DOCX's text is searchable
    image = await upload(service, ADMIN, artefact, png(), "diagram.pdf", "application/pdf")
    docx = await upload(service, ADMIN, artefact, docx_with("Quokka census"), "census.docx")
    assert image["userErrors"] == [] and docx["userErrors"] == []
    files = {f["filename"]: f for f in docx["artefact"]["attachments"]}
    assert files["diagram.pdf"]["mediaType"] == "image/png"
    assert not files["diagram.pdf"]["searchable"] and files["census.docx"]["searchable"]
    t = docx["consistencyToken"]
    assert ids(await search(service, ADMIN, "quokka", t=t)) == [artefact]


async def test_attachments_are_for_editors_of_visible_artefacts_only(service: Service) -> None:
    artefact, _ = await published(service, "Editors only", "Body")
    pdf = pdf_with("secret")
    outsider = await upload(service, OUTSIDER, artefact, pdf, "x.pdf")
    other = await upload(service, OTHER_TENANT, artefact, pdf, "x.pdf")
    assert [e["code"] for e in outsider["userErrors"]] == ["NOT_AN_EDITOR"]
    assert [e["code"] for e in other["userErrors"]] == ["ARTEFACT_NOT_FOUND"]

    ok = await upload(service, ADMIN, artefact, pdf, "x.pdf")
    url = ok["artefact"]["attachments"][0]["downloadUrl"]
    for who, status in ((OTHER_TENANT, 404), (None, 401), ("not-a-token", 401)):
        headers = {"authorization": f"Bearer {who}"} if who else {}
        assert (await service.http.get(url, headers=headers)).status_code == status, who
