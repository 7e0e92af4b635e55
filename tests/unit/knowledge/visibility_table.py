"""The visibility decision as a table: (reader, artefact) → seen or not. Shared by the unit test
of ``sees`` and the integration test of its SQL form."""

from __future__ import annotations

from clc_knowledge.domain import ArtefactAudience, Reader
from clc_knowledge.domain.values import ArtefactStatus, Visibility

TENANT = "tenant-a"

#: column order of ``TABLE``
READERS: dict[str, Reader] = {
    "admin": Reader(tenant_id=TENANT, person_id="p-admin", admin=True, school_id="s-9"),
    "contributor": Reader(tenant_id=TENANT, person_id="p-con", school_id="s-1"),
    "group member": Reader(
        tenant_id=TENANT, person_id="p-grp", school_id="s-2", group_ids=frozenset({"g-1"})
    ),
    "colleague": Reader(tenant_id=TENANT, person_id="p-col", school_id="s-1"),
    "network school": Reader(
        tenant_id=TENANT, person_id="p-net", school_id="s-3", network_ids=frozenset({"n-1"})
    ),
    "network co-leader": Reader(
        tenant_id=TENANT, person_id="p-cld", school_id="s-8", network_ids=frozenset({"n-1"})
    ),
    "outsider": Reader(
        tenant_id=TENANT, person_id="p-out", school_id="s-4", network_ids=frozenset({"n-2"})
    ),
    "other tenant": Reader(tenant_id="tenant-b", person_id="p-x", admin=True, school_id="s-1"),
}


def _artefact(
    status: ArtefactStatus,
    visibility: Visibility,
    *,
    group: str | None = "g-1",
    in_commons: bool = False,
) -> ArtefactAudience:
    return ArtefactAudience(
        tenant_id=TENANT,
        status=status,
        visibility=visibility,
        group_id=group,
        school_id="s-1",
        network_id="n-1",
        contributor_ids=frozenset({"p-con"}),
        in_commons=in_commons,
    )


D, P, R = ArtefactStatus.DRAFT, ArtefactStatus.PUBLISHED, ArtefactStatus.RETIRED
G, S, N, T = Visibility.GROUP, Visibility.SCHOOL, Visibility.NETWORK, Visibility.TENANT

#: artefact → one mark per reader, in ``READERS`` order: Y seen, . not seen
TABLE: dict[str, tuple[ArtefactAudience, str]] = {
    "draft (network audience)": (_artefact(D, N), "YYY....."),
    "published to its group": (_artefact(P, G), "YYY....."),
    "published to its school": (_artefact(P, S), "YYYY...."),
    "published to its school, no group": (_artefact(P, S, group=None), "YY.Y...."),
    "published to its network": (_artefact(P, N), "YYYYYY.."),
    "published to the tenant": (_artefact(P, T), "YYYYYYY."),
    "group audience, in the commons": (_artefact(P, G, in_commons=True), "YYYYYYYY"),
    "retired, network audience": (_artefact(R, N), "YYYYYY.."),
}


def cases() -> list[tuple[str, str, bool]]:
    """(artefact, reader, seen) for every cell of the table."""
    return [
        (artefact, reader, marks[i] == "Y")
        for artefact, (_, marks) in TABLE.items()
        for i, reader in enumerate(READERS)
    ]
