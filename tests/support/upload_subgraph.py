"""A stand-in subgraph that takes files by the GraphQL multipart request spec, on loopback.

Strawberry on FastAPI with ``multipart_uploads_enabled``: ``attach(title, file)`` answers the
file's size and sha256 (read in chunks), ``attachMany(files)`` one answer per file; ``hello``
is a plain query (GraphiQL's browser test runs it). It checks no token: it stands in for a
subgraph to see what arrives. ``UPLOAD_SDL`` is its SDL (``tests/data/upload_subgraph.graphql``,
with ``scalar Upload``), ``SUPERGRAPH`` that SDL composed by The Guild's composer::

    node gateway/compose/compose.mjs tests/data/upload_supergraph.graphql \
      uploads tests/data/upload_subgraph.graphql http://127.0.0.1:4010/graphql
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import strawberry
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter
from strawberry.file_uploads import Upload

__all__ = ["SUPERGRAPH", "UPLOAD_SDL", "create_app"]

HERE = Path(__file__).resolve().parent
SUPERGRAPH = (HERE.parent / "data" / "upload_supergraph.graphql").read_text()
UPLOAD_SDL = (HERE.parent / "data" / "upload_subgraph.graphql").read_text()


@strawberry.type
class Attachment:
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str


async def _digest(title: str, file: Upload) -> Attachment:
    digest, size = hashlib.sha256(), 0
    await file.seek(0)  # type: ignore[attr-defined]  # one file may stand at several paths
    while chunk := await file.read(1 << 20):  # type: ignore[attr-defined]
        digest.update(chunk)
        size += len(chunk)
    return Attachment(
        title=title,
        filename=file.filename or "",  # type: ignore[attr-defined]
        content_type=file.content_type or "",  # type: ignore[attr-defined]
        size=size,
        sha256=digest.hexdigest(),
    )


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "hello from the upload subgraph"


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def attach(self, title: str, file: Upload) -> Attachment:
        try:
            return await _digest(title, file)
        finally:
            await file.close()  # type: ignore[attr-defined]  # strawberry leaves them open

    @strawberry.mutation
    async def attach_many(self, files: list[Upload]) -> list[Attachment]:
        try:
            return [await _digest(f"file {i}", f) for i, f in enumerate(files)]
        finally:
            for f in files:
                await f.close()  # type: ignore[attr-defined]


def create_app() -> FastAPI:
    schema = strawberry.federation.Schema(query=Query, mutation=Mutation)
    app = FastAPI()
    app.include_router(GraphQLRouter(schema, multipart_uploads_enabled=True), prefix="/graphql")
    return app
