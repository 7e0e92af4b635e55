"""The enquiry's personal data: the text of a personal reflective log entry, sealed with its
author's data key — the practitioner's key the groups service keeps — on its way into the event
store, and so on the topic (``servicekit.crypto.codec``; why a codec: ``clc_groups.application.
sealing``). Erasing the practitioner in groups destroys that one key, and with it every entry
they wrote, here and in every copy of the store or the topic. Work contributed to a group is not
personal data and is not sealed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicekit.crypto import PersonalData

__all__ = ["ERASED_ENTRY", "PERSONAL_DATA", "author_subject"]

#: what an entry's text reads as once its author is erased (the read model drops the entry)
ERASED_ENTRY = ""


def author_subject(data: Mapping[str, Any]) -> str:
    return f"practitioner:{data['author_id']}"


PERSONAL_DATA = PersonalData(
    fields={"ReflectiveLogEntryWritten": (author_subject, ("text",))},
    unreadable={"text": ERASED_ENTRY},
)
