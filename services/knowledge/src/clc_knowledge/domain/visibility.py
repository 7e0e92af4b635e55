"""Who sees an artefact: one pure decision, ``sees(reader, artefact)``, for every read and write.

The rule, in order (the first that applies decides):

1. another tenant's artefact is seen only while it is in the commons — and then only as the
   commons copy (``CommonsArtefact``), never by reading across the other tenant's rows;
2. a tenant admin and the artefact's contributors see it whatever its status;
3. a draft is seen by the members of its group (they write it together), and no one else;
4. a published (or retired) artefact is seen by the members of its group, and by its audience:
   ``GROUP`` no one more; ``SCHOOL`` the people of its school; ``NETWORK`` the people of its school
   and of every school in its network, and the network's co-leaders; ``TENANT`` everyone in the
   tenant; and while it is in the commons, everyone in every tenant.

The same rule in SQL, for read models that filter many rows at once (the library search): with
``:tenant``, ``:person``, ``:admin``, ``:school``, ``:groups`` (text[]) and ``:networks`` (text[])
taken from the ``Reader``, a row of ``artefacts`` (status, visibility, group_id, school_id,
network_id, contributor_ids text[], in_commons) is seen when
(``clc_knowledge.readmodels.visibility.visible_sql`` renders it with positional parameters):

    tenant_id = :tenant and (
        :admin or :person = any(contributor_ids) or group_id = any(:groups)
        or (status <> 'draft' and (
            visibility = 'tenant' or in_commons
            or (visibility in ('school', 'network') and school_id = :school)
            or (visibility = 'network' and network_id = any(:networks)))))

(other tenants' artefacts come from the commons table, never from this one). A ``Reader`` knows
the groups the person belongs to, their school, and the networks they reach (their school's
networks and the ones they co-lead): the local membership read model answers all three.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .values import ArtefactStatus, Visibility

__all__ = ["ArtefactAudience", "Reader", "sees"]


class Reader(BaseModel):
    """Who is reading: a person in a tenant, with what the membership model knows of them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant_id: str
    person_id: str
    admin: bool = False
    school_id: str | None = None
    group_ids: frozenset[str] = frozenset()
    network_ids: frozenset[str] = frozenset()  # their school's networks and those they co-lead


class ArtefactAudience(BaseModel):
    """What of an artefact decides who sees it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant_id: str
    status: ArtefactStatus
    visibility: Visibility
    group_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    contributor_ids: frozenset[str] = frozenset()
    in_commons: bool = False


def sees(reader: Reader, artefact: ArtefactAudience) -> bool:
    if reader.tenant_id != artefact.tenant_id:
        return artefact.in_commons and artefact.status is not ArtefactStatus.DRAFT
    if reader.admin or reader.person_id in artefact.contributor_ids:
        return True
    if artefact.group_id is not None and artefact.group_id in reader.group_ids:
        return True
    if artefact.status is ArtefactStatus.DRAFT:
        return False
    return artefact.in_commons or _in_audience(reader, artefact)


def _in_audience(reader: Reader, artefact: ArtefactAudience) -> bool:
    match artefact.visibility:
        case Visibility.TENANT | Visibility.COMMONS:
            return True
        case Visibility.GROUP:
            return False
        case Visibility.SCHOOL:
            return _same_school(reader, artefact)
        case Visibility.NETWORK:
            return _same_school(reader, artefact) or (
                artefact.network_id is not None and artefact.network_id in reader.network_ids
            )


def _same_school(reader: Reader, artefact: ArtefactAudience) -> bool:
    return reader.school_id is not None and reader.school_id == artefact.school_id
