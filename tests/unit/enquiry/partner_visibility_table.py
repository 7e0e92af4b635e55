"""Who reads a network's work shared with partner networks, as a table: (reader, work) → read or
not. Shared by the unit test of ``partner_sees`` and the integration test of its SQL form
(``readmodels.partner_views.partner_reader_sql``) under the real RLS policies.

Tenant A's network ``n-a`` is partnered with tenant B's ``n-b`` (both consented). A's ``n-a2``
consented to B's ``n-b`` but B never consented back; A's ``n-a3`` and C's ``n-c`` were partnered
until C ended it (only A's consent remains)."""

from __future__ import annotations

from clc_enquiry.domain import Consent, PartnerReader, SharedWork

A, B, C = "tenant-a", "tenant-b", "tenant-c"


def _consent(t: str, n: str, pt: str, pn: str) -> Consent:
    return Consent(tenant_id=t, network_id=n, partner_tenant_id=pt, partner_network_id=pn)


CONSENTS = frozenset(
    {
        _consent(A, "n-a", B, "n-b"),
        _consent(B, "n-b", A, "n-a"),
        _consent(A, "n-a2", B, "n-b"),  # not returned by B
        _consent(A, "n-a3", C, "n-c"),  # C ended it
    }
)

#: column order of ``TABLE``; each reader's networks are those of their own tenant
READERS: dict[str, PartnerReader] = {
    "A admin": PartnerReader(tenant_id=A, person_id="a-adm", admin=True),
    "A network member": PartnerReader(
        tenant_id=A, person_id="a-mem", network_ids=frozenset({"n-a"})
    ),
    "A other network": PartnerReader(
        tenant_id=A, person_id="a-oth", network_ids=frozenset({"n-a2"})
    ),
    "B admin": PartnerReader(tenant_id=B, person_id="b-adm", admin=True),
    "B partner member": PartnerReader(
        tenant_id=B, person_id="b-mem", network_ids=frozenset({"n-b"})
    ),
    "B other network": PartnerReader(
        tenant_id=B, person_id="b-oth", network_ids=frozenset({"n-b2"})
    ),
    "B no network": PartnerReader(tenant_id=B, person_id="b-none"),
    "C admin": PartnerReader(tenant_id=C, person_id="c-adm", admin=True),
    "C network member": PartnerReader(
        tenant_id=C, person_id="c-mem", network_ids=frozenset({"n-c"})
    ),
}


def _work(network: str, *, marked: bool = True, tenant: str = A) -> SharedWork:
    return SharedWork(tenant_id=tenant, network_id=network, marked=marked)


#: work → one mark per reader, in ``READERS`` order: Y read, . not read
TABLE: dict[str, tuple[SharedWork, str]] = {
    "marked, partnered network": (_work("n-a"), "YY.YY...."),
    "unmarked, partnered network": (_work("n-a", marked=False), "........."),
    "marked, consent not returned": (_work("n-a2"), "Y.Y......"),
    "marked, partnership ended": (_work("n-a3"), "Y........"),
    "B's marked work, read back in A": (_work("n-b", tenant=B), "YY.YY...."),
}


def cases() -> list[tuple[str, str, bool]]:
    """(work, reader, read) for every cell of the table."""
    return [
        (work, reader, marks[i] == "Y")
        for work, (_, marks) in TABLE.items()
        for i, reader in enumerate(READERS)
    ]
