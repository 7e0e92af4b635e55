"""Text for search, extracted from an attachment's bytes: PDF (pypdf) and DOCX (its
``word/document.xml``); images have none.

Extraction is bounded, because the file comes from a client: at most ``MAX_PAGES`` pages and
``MAX_CHARS`` characters; a DOCX whose document part claims more than ``MAX_DOCX_XML`` bytes
uncompressed is skipped (a zip bomb); a file the parser chokes on yields no text rather than a
refused upload (the file is still a valid attachment, just not searchable). CPU-bound: callers
run it in a worker thread.
"""

from __future__ import annotations

import logging
import re
import zipfile
from typing import BinaryIO
from xml.etree import ElementTree

from pypdf import PdfReader

__all__ = ["MAX_CHARS", "extract_text"]

log = logging.getLogger("clc_knowledge.attachments")

MAX_PAGES = 300
MAX_CHARS = 100_000
MAX_DOCX_XML = 30 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = re.compile(r"[^\S\n]+")
# control characters other than tab and line breaks (the domain's multi-line text refuses them)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def extract_text(media_type: str, file: BinaryIO) -> str:
    file.seek(0)
    try:
        if media_type == PDF:
            text = _pdf(file)
        elif media_type == DOCX:
            text = _docx(file)
        else:
            return ""
    except Exception:  # a malformed file: no text, but still an attachment
        log.warning("no text extracted from an attachment", extra={"media_type": media_type})
        return ""
    finally:
        file.seek(0)
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()[:MAX_CHARS]


def _pdf(file: BinaryIO) -> str:
    reader = PdfReader(file)
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(parts)


def _docx(file: BinaryIO) -> str:
    with zipfile.ZipFile(file) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML:
            return ""
        with archive.open(info) as xml:
            paragraphs: list[str] = []
            for _, element in ElementTree.iterparse(xml):
                if element.tag == f"{_W}p":
                    paragraphs.append("".join(t.text or "" for t in element.iter(f"{_W}t")))
                    element.clear()
    return "\n".join(p for p in paragraphs if p)
