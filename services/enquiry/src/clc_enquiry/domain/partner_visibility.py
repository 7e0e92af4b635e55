"""Who reads a network's work shared with partner networks: one pure decision,
``partner_sees(reader, work, consents)``.

A partnership joins two networks of different tenants; each side's co-leader consents in their own
tenant (groups service), and the partnership stands while both consents do. What is shared is a
network's enquiries marked "shared with partner networks" (with their shared findings) and the
network's learning matrix (``SharedWork.marked`` is always true for the matrix: the partnership
itself shares it). The rule:

1. unmarked work is never read through the partner view;
2. in the work's own tenant, the view shows what partners can see: read by the tenant's admins and
   by the people of the network (members of its groups who have not left, its co-leaders);
3. in another tenant, it is read only through a partnership both sides consented to, between the
   work's network and a network of the reader's tenant, by that tenant's admins or by the people
   of that partnered network. Nobody else — not a third tenant, not a practitioner of another
   network of the partner tenant, not after either side ended the partnership.

The same rule in SQL is ``clc_enquiry.readmodels.partner_views.partner_reader_sql``; a decision
table checks that both agree (``tests/unit/enquiry/partner_visibility_table.py``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Consent", "PartnerReader", "SharedWork", "active_partners", "partner_sees"]


class PartnerReader(BaseModel):
    """Who is reading: a person of a tenant, the networks they belong to there, and whether they
    administer the tenant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant_id: str
    person_id: str
    admin: bool = False
    network_ids: frozenset[str] = frozenset()


class SharedWork(BaseModel):
    """A piece of a network's work: an enquiry (marked or not), or the network's matrix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant_id: str
    network_id: str
    marked: bool = True


class Consent(BaseModel):
    """One side's consent: ``network_id`` of ``tenant_id`` to ``partner_network_id`` of
    ``partner_tenant_id``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant_id: str
    network_id: str
    partner_tenant_id: str
    partner_network_id: str

    def mirrored(self) -> Consent:
        return Consent(
            tenant_id=self.partner_tenant_id,
            network_id=self.partner_network_id,
            partner_tenant_id=self.tenant_id,
            partner_network_id=self.network_id,
        )


def active_partners(
    tenant_id: str, network_id: str, consents: frozenset[Consent]
) -> frozenset[tuple[str, str]]:
    """The (tenant, network) pairs partnered with this network, both sides having consented."""
    return frozenset(
        (c.partner_tenant_id, c.partner_network_id)
        for c in consents
        if c.tenant_id == tenant_id and c.network_id == network_id and c.mirrored() in consents
    )


def partner_sees(reader: PartnerReader, work: SharedWork, consents: frozenset[Consent]) -> bool:
    if not work.marked:
        return False
    if reader.tenant_id == work.tenant_id:
        return reader.admin or work.network_id in reader.network_ids
    return any(
        tenant == reader.tenant_id and (reader.admin or network in reader.network_ids)
        for tenant, network in active_partners(work.tenant_id, work.network_id, consents)
    )
