"""Small, real files for upload tests (a PDF whose text pypdf extracts, a DOCX, a PNG) and a
GraphQL multipart request to send them."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from typing import Any

__all__ = ["docx_with", "multipart_data", "pdf_with", "png"]


def pdf_with(text: str, padding: int = 0) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica (ASCII, no parentheses or backslashes);
    ``padding`` bytes more in an unreferenced binary stream make a large file of the same page."""
    content = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if padding:
        filler = bytes(range(256)) * (padding // 256 + 1)
        objects.append(b"<< /Length %d >>\nstream\n" % padding + filler[:padding] + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_with(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def png() -> bytes:
    """A 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def multipart_data(
    service: Any, token: str, query: str, files: dict[str, tuple[str, bytes]], **variables: Any
) -> dict[str, Any]:
    """``data`` of a GraphQL multipart request: each ``files`` entry (variable name -> (file
    name, bytes)) travels as a part, mapped into its (null) variable."""
    names = list(files)
    operations = {"query": query, "variables": {**variables, **dict.fromkeys(names)}}
    mapping = {str(i): [f"variables.{n}"] for i, n in enumerate(names)}
    response = await service.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files={str(i): files[n] for i, n in enumerate(names)},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result
