"""The two entities through which the gateway merges every service's privacy answers.

- ``PersonalDataExport @key(fields: "practitionerId")``: the groups service answers
  ``personalDataExport(practitionerId)`` with it; every service adds one field named after itself
  (``groups``, ``enquiry``, ``knowledge``) holding its part of the document. One query through the
  gateway returns the whole document; the gateway fetches each part from its service.
- ``PersonalDataAudit @key(fields: "tenantId")``: the groups service answers
  ``personalDataAudit``; every service adds its own audit log as a connection field named after
  itself.

Each service builds both with ``privacy_entities``, giving its own ``Practitioner`` type (the
audit entries' ``performedBy`` and ``practitioner``). Every field checks the caller again: a
service's ``_entities`` is reachable by any caller with a token, not only through the root fields.

No ``from __future__ import annotations`` here: the types are built in a function, and strawberry
must see their annotations as objects.
"""

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Optional, cast

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from servicekit.consistency import wait_for_token
from servicekit.pagination import PageInfo, page_size

from .audit import AuditAction, AuditEntry, audit_entries, record_audit
from .export import TENANT_ADMIN, may_access, personal_data_part

__all__ = ["PersonalDataAction", "privacy_entities"]


@strawberry.enum(description="What was done with a person's data (the audit log's actions).")
class PersonalDataAction(Enum):
    REGISTRATION = "registration"
    PROFILE_READ = "profile_read"
    EMAIL_READ = "email_read"
    EXPORT = "export"
    ERASURE = "erasure"


def _cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(str(seq).encode()).decode()


def _after(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (binascii.Error, ValueError):
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"}) from None


def privacy_entities(
    *,
    service: str,
    prefix: str,
    tables: Sequence[str],
    practitioner: type,
    resolve_practitioner: Callable[[Info, str], Awaitable[Any]],
    notes: Sequence[str] = (),
) -> tuple[type, type]:
    """``(PersonalDataExport, PersonalDataAudit)`` for ``service``, whose read-model ``tables``
    are searched for a person's rows and whose audit table has ``prefix``."""

    async def performed_by(self: Any, info: Info) -> Any:
        return await resolve_practitioner(info, self.performed_by_id)

    async def whose(self: Any, info: Info) -> Any:
        return await resolve_practitioner(info, self.practitioner_id)

    # the service's own ``Practitioner``, known only now: strawberry reads these annotations
    performed_by.__annotations__["return"] = Optional[practitioner]  # noqa: UP045
    whose.__annotations__["return"] = Optional[practitioner]  # noqa: UP045

    @strawberry.federation.type(
        name="PersonalDataAuditEntry",
        shareable=True,
        description="One read or change of a person's data; it names people by reference only.",
    )
    class Entry:
        id: strawberry.ID
        at: datetime
        action: PersonalDataAction
        performed_by_id: strawberry.ID = strawberry.field(
            description="Who did it, by id (an admin account need not be a practitioner)."
        )
        practitioner_id: strawberry.ID = strawberry.field(description="Whose data, by id.")
        performed_by_field = strawberry.field(
            resolver=performed_by,
            name="performedBy",
            description="Who did it (null if they are not a practitioner of the tenant).",
        )
        practitioner_field = strawberry.field(
            resolver=whose, name="practitioner", description="Whose data it was."
        )

    @strawberry.federation.type(name="PersonalDataAuditEntryEdge", shareable=True)
    class Edge:
        cursor: str
        node: Entry

    @strawberry.federation.type(name="PersonalDataAuditEntryConnection", shareable=True)
    class Page:
        edges: list[Edge]
        page_info: PageInfo

    def _page(entries: list[AuditEntry], first: int) -> Page:
        shown = entries[:first]
        edges = [
            Edge(
                cursor=_cursor(e.seq),
                node=Entry(
                    id=strawberry.ID(str(e.seq)),
                    at=e.at,
                    action=PersonalDataAction(e.action.value),
                    performed_by_id=strawberry.ID(e.actor_id),
                    practitioner_id=strawberry.ID(e.subject_id),
                ),
            )
            for e in shown
        ]
        info = PageInfo(
            has_next_page=len(entries) > first, end_cursor=edges[-1].cursor if edges else None
        )
        return Page(edges=edges, page_info=info)

    async def _export(self: Any, info: Info) -> Optional[JSON]:  # noqa: UP045
        viewer = info.context.principal
        person = str(self.practitioner_id)
        if not may_access(viewer, person):
            return None
        async with info.context.read() as conn:
            part = await personal_data_part(
                conn, service=service, tables=tables, person_id=person, notes=notes
            )
            await record_audit(
                conn,
                prefix,
                viewer.tenant_id,
                actor_id=viewer.person_id,
                subject_id=person,
                action=AuditAction.EXPORT,
            )
        return cast(JSON, part)

    async def _audit(
        self: Any,
        info: Info,
        first: Optional[int] = 20,  # noqa: UP045
        after: Optional[str] = None,  # noqa: UP045
        practitioner_id: Optional[strawberry.ID] = None,  # noqa: UP045
    ) -> Optional[Page]:  # noqa: UP045
        viewer = info.context.principal
        if not viewer.has_role(TENANT_ADMIN) or self.tenant_id != viewer.tenant_id:
            return None
        size = page_size(first)
        async with info.context.read() as conn:
            entries = await audit_entries(
                conn,
                prefix,
                viewer.tenant_id,
                subject_id=practitioner_id,
                after=_after(after),
                first=size,
            )
        return _page(entries, size)

    export_field = strawberry.field(
        resolver=_export,
        name=service,
        description=f"What the {service} service holds about the person (null: not yours to see).",
    )
    audit_field = strawberry.field(
        resolver=_audit,
        name=service,
        description=f"The {service} service's audit log of personal data, newest first"
        " (tenant admins; null for anyone else).",
    )

    export_type = type(
        "PersonalDataExport",
        (),
        {
            "__annotations__": {"practitioner_id": strawberry.ID},
            "__doc__": "Everything the services hold about one practitioner, a part per service.",
            f"{service}_part": export_field,
            "resolve_reference": classmethod(
                lambda cls, **rep: cls(practitioner_id=strawberry.ID(rep["practitionerId"]))
            ),
        },
    )
    audit_type = type(
        "PersonalDataAudit",
        (),
        {
            "__annotations__": {"tenant_id": strawberry.ID},
            "__doc__": "The tenant's audit logs of personal data, a log per service.",
            f"{service}_log": audit_field,
            "resolve_reference": classmethod(
                lambda cls, **rep: cls(tenant_id=strawberry.ID(rep["tenantId"]))
            ),
        },
    )
    return (
        strawberry.federation.type(keys=["practitionerId"])(export_type),
        strawberry.federation.type(keys=["tenantId"])(audit_type),
    )


def privacy_queries(service: str, export_type: type, audit_type: type) -> type:
    """The root fields of the service that owns people (groups): ``personalDataExport`` and
    ``personalDataAudit``, answering the entities every service extends."""

    async def export(
        info: Info,
        practitioner_id: strawberry.ID,
        consistency_token: Optional[str] = None,  # noqa: UP045
    ) -> Any:
        # after a write (a registration, an erasure) the export waits until it is readable
        await wait_for_token(info.context, service, consistency_token)
        if not may_access(info.context.principal, str(practitioner_id)):
            return None
        return export_type(practitioner_id=practitioner_id)

    async def audit(info: Info, consistency_token: Optional[str] = None) -> Any:  # noqa: UP045
        await wait_for_token(info.context, service, consistency_token)
        viewer = info.context.principal
        if not viewer.has_role(TENANT_ADMIN):
            return None
        return audit_type(tenant_id=strawberry.ID(viewer.tenant_id))

    export.__annotations__["return"] = Optional[export_type]  # noqa: UP045
    audit.__annotations__["return"] = Optional[audit_type]  # noqa: UP045
    fields = {
        "personal_data_export": strawberry.field(
            resolver=export,
            description="Everything held about a practitioner, one part per service, as one"
            " document (the person themself or a tenant admin; null for anyone else).",
        ),
        "personal_data_audit": strawberry.field(
            resolver=audit,
            description="Who read or changed personal data, one log per service (tenant admins;"
            " null for anyone else).",
        ),
    }
    return strawberry.type(type("PrivacyQueries", (), fields))
