"""servicekit.privacy without a database: who may ask for a person's data, the actions the audit
log and the API name alike, the audit table's SQL, the neutral label, and the privacy entities a
subgraph builds (their SDL)."""

from __future__ import annotations

from typing import Any

import strawberry
from eventkit.principal import Principal
from servicekit.federation import FederationSchema
from servicekit.privacy import (
    AuditAction,
    PersonalDataAction,
    audit_migration_sql,
    audit_table,
    may_access,
    privacy_entities,
    privacy_queries,
)
from servicekit.privacy_label import ERASED_LABEL


def test_the_person_and_tenant_admins_may_ask_no_one_else() -> None:
    me = Principal(tenant_id="t", person_id="zoe")
    colleague = Principal(tenant_id="t", person_id="lea", roles=frozenset({"teacher"}))
    admin = Principal(tenant_id="t", person_id="admin", roles=frozenset({"tenant_admin"}))
    assert may_access(me, "zoe") and may_access(admin, "zoe")
    assert not may_access(colleague, "zoe")


def test_the_api_names_every_audit_action() -> None:
    assert [a.value for a in AuditAction] == [a.value for a in PersonalDataAction]
    assert ERASED_LABEL == "Former practitioner"


def test_the_audit_table_is_append_only_and_tenant_guarded() -> None:
    sql = audit_migration_sql("kn_")
    assert audit_table("kn_") == "kn_personal_data_audit"
    assert "before update or delete on kn_personal_data_audit" in sql
    assert "before truncate on kn_personal_data_audit" in sql
    assert "force row level security" in sql
    assert "name" not in sql.replace("table_name", "")  # ids and an action, never a name


@strawberry.federation.type(keys=["id"])
class Practitioner:
    id: strawberry.ID


async def _practitioner(info: Any, person_id: str) -> Practitioner:
    return Practitioner(id=strawberry.ID(person_id))


def test_a_subgraph_extends_both_entities_with_a_field_named_after_itself() -> None:
    export, audit = privacy_entities(
        service="pottery",
        prefix="po_",
        tables=("po_pots",),
        practitioner=Practitioner,
        resolve_practitioner=_practitioner,
    )
    schema = FederationSchema(
        query=privacy_queries("pottery", export, audit),
        types=[Practitioner, export, audit],
        federation_version="2.5",
    )
    sdl = schema.as_str()
    assert 'type PersonalDataExport @key(fields: "practitionerId")' in sdl
    assert "pottery: JSON" in sdl
    assert 'type PersonalDataAudit @key(fields: "tenantId")' in sdl
    assert (
        "pottery(first: Int = 20, after: String = null, practitionerId: ID = null):"
        " PersonalDataAuditEntryConnection" in sdl
    )
    assert "type PersonalDataAuditEntry @shareable" in sdl
    assert (
        "personalDataExport(practitionerId: ID!, consistencyToken: String = null):"
        " PersonalDataExport" in sdl
    )
