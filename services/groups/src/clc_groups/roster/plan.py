"""From a validated roster and what the tenant already has, to the events one import would write.

Identity: a school, organisation or practitioner imported from a roster is keyed by tenant +
``sourcedId``. Its
stream id is a UUIDv5 of exactly that, so every import of the same roster addresses the same
streams, and a command id is a UUIDv5 of tenant, ``sourcedId`` and the command's content, so
repeating an import (or racing another one) cannot write a change twice.

Every change goes through the application layer's ``build`` (the domain's input validation) and the
aggregate's own ``decide`` (its rules): the plan only chooses which command a row means. Nothing is
written here; a row whose command is refused becomes a rejected row instead.

Staff with no active role at a school but one at an organisation (a district's officer, a
university's tutor) are kept as practitioners of that organisation; an organisation is registered
only when someone of the roster works there, so a roster of schools alone writes what it always did.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventkit.domain import DomainEvent
from eventkit.errors import DomainError
from eventkit.principal import Principal

from clc_groups.application import build
from clc_groups.domain import (
    ORGANISATION_DECIDER,
    PRACTITIONER_DECIDER,
    SCHOOL_DECIDER,
    ActorCommand,
    DeactivatePractitioner,
    OrganisationState,
    PractitionerState,
    PractitionerStatus,
    RegisterOrganisation,
    RegisterPractitioner,
    RegisterSchool,
    SchoolState,
    UpdateOrganisation,
    UpdateSchool,
)

from .csvfiles import ORGS, USERS
from .model import ORGANISATION_KINDS, Org, Roster, StaffMember, Status
from .report import ImportReport, RowIssue

__all__ = ["Existing", "Plan", "Step", "command_id", "plan_import", "stream_id"]

NAMESPACE = uuid.UUID("0f7c3c1e-5d0a-5b8e-9a57-6f1e2c0b9d41")
"""Fixed forever: changing it would make every re-import register everyone again."""

DEACTIVATION_REASON = "OneRoster status tobedeleted"

# Command fields and the roster columns they come from, to name a refused value's column.
_COLUMNS = {"name": "name", "identifier": "identifier", "source_id": "sourcedId",
            "given_name": "givenName", "family_name": "familyName", "email": "email",
            "school_id": "orgSourcedId", "organisation_id": "orgSourcedId",
            "kind": "type"}  # fmt: skip


def stream_id(tenant_id: str, kind: str, source_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{tenant_id}\x1f{kind}\x1f{source_id}"))


def command_id(tenant_id: str, source_id: str, command: ActorCommand) -> str:
    content = command.model_dump(mode="json", exclude={"actor"})
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    name = type(command).__name__
    return str(uuid.uuid5(NAMESPACE, f"{tenant_id}\x1f{source_id}\x1f{name}\x1f{digest}"))


@dataclass(frozen=True)
class Existing:
    """The current state and version of the streams a roster names, by stream id."""

    schools: Mapping[str, tuple[SchoolState, int]] = field(default_factory=dict)
    practitioners: Mapping[str, tuple[PractitionerState, int]] = field(default_factory=dict)
    organisations: Mapping[str, tuple[OrganisationState, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One command's decided events, to be appended to one stream at an expected version."""

    action: str
    source_id: str
    stream_id: str
    stream_type: str
    expected_version: int
    command_id: str
    events: tuple[DomainEvent, ...]


@dataclass
class Plan:
    steps: list[Step]
    report: ImportReport


def plan_import(roster: Roster, existing: Existing, principal: Principal) -> Plan:
    plan = Plan(
        [], ImportReport(principal.tenant_id, skipped_non_staff=Counter(roster.skipped_non_staff))
    )
    registered: set[str] = set()
    for org in roster.schools:
        if _school(plan, org, existing, principal):
            registered.add(org.source_id)
    for org in _needed_organisations(roster):
        if _organisation(plan, org, existing, principal):
            registered.add(org.source_id)
    for member in roster.staff:
        _practitioner(plan, roster, member, existing, principal, registered)
    return plan


def _needed_organisations(roster: Roster) -> list[Org]:
    """The organisations some active member of staff with no school is placed at."""
    needed: set[str] = set()
    for member in roster.staff:
        if member.status is Status.ACTIVE and roster.placement(member) is None:
            placed = roster.organisation_placement(member)
            if placed is not None:
                needed.add(placed[0])
    return [o for o in roster.organisations if o.source_id in needed]


def _organisation(plan: Plan, org: Org, existing: Existing, principal: Principal) -> bool:
    """Plans the organisation's command; whether it exists after this import."""
    report = plan.report
    oid = stream_id(principal.tenant_id, "organisation", org.source_id)
    state, version = existing.organisations.get(oid, (OrganisationState(), 0))
    fields: dict[str, Any] = {
        "organisation_id": oid, "name": org.name, "kind": ORGANISATION_KINDS[org.type],
    }  # fmt: skip
    if not state.exists:
        command: ActorCommand | None = _decide(
            plan, ORGS, org, RegisterOrganisation, principal, state, "register_organisation",
            version, **fields, source_id=org.source_id,
        )  # fmt: skip
        if command is not None:
            report.organisations_registered += 1
        return command is not None
    if _decide(
        plan, ORGS, org, UpdateOrganisation, principal, state, "update_organisation", version,
        **fields,
    ):  # fmt: skip
        report.organisations_updated += 1
    else:
        report.organisations_unchanged += 1
    return True


def _school(plan: Plan, org: Org, existing: Existing, principal: Principal) -> bool:
    """Plans the school's command; whether the school exists after this import."""
    report, tenant = plan.report, principal.tenant_id
    sid = stream_id(tenant, "school", org.source_id)
    state, version = existing.schools.get(sid, (SchoolState(), 0))
    if org.status is Status.TO_BE_DELETED:
        report.warnings.append(
            RowIssue(ORGS, org.line, org.source_id, "status",
                     "tobedeleted: schools are not removed by an import; left as they are")
        )  # fmt: skip
        return state.exists
    fields: dict[str, Any] = {"school_id": sid, "name": org.name, "identifier": org.identifier}
    if not state.exists:
        command: ActorCommand | None = _decide(
            plan, ORGS, org, RegisterSchool, principal, state, "register_school", version,
            **fields, source_id=org.source_id,
        )  # fmt: skip
        if command is not None:
            report.schools_registered += 1
        return command is not None
    if _decide(plan, ORGS, org, UpdateSchool, principal, state, "update_school", version, **fields):
        report.schools_updated += 1
    else:
        report.schools_unchanged += 1
    return True


def _practitioner(
    plan: Plan,
    roster: Roster,
    member: StaffMember,
    existing: Existing,
    principal: Principal,
    registered: set[str],
) -> None:
    report, tenant = plan.report, principal.tenant_id
    pid = stream_id(tenant, "practitioner", member.source_id)
    state, version = existing.practitioners.get(pid, (PractitionerState(), 0))
    if member.status is Status.TO_BE_DELETED:
        if state.active and _decide(
            plan, USERS, member, DeactivatePractitioner, principal, state,
            "deactivate_practitioner", version, practitioner_id=pid, reason=DEACTIVATION_REASON,
        ):  # fmt: skip
            report.practitioners_deactivated += 1
        else:
            report.practitioners_unchanged += 1
        return
    if state.exists:
        report.practitioners_unchanged += 1
        if state.status is PractitionerStatus.DEACTIVATED:
            report.warnings.append(
                RowIssue(USERS, member.line, member.source_id, "status",
                         "active in the roster but deactivated here: reactivate by hand")
            )  # fmt: skip
        return
    workplace = _workplace(roster, member, tenant, registered)
    if workplace is None:
        report.warnings.append(
            RowIssue(USERS, member.line, member.source_id, None,
                     "no active staff role at a school or an organisation: not imported")
        )  # fmt: skip
        return
    if _decide(
        plan, USERS, member, RegisterPractitioner, principal, state, "register_practitioner",
        version, practitioner_id=pid, given_name=member.given_name,
        family_name=member.family_name, email=member.email, source_id=member.source_id,
        **workplace,
    ):  # fmt: skip
        report.practitioners_registered += 1


def _workplace(
    roster: Roster, member: StaffMember, tenant: str, registered: set[str]
) -> dict[str, Any] | None:
    """The command fields placing a member of staff at their school, else their organisation."""
    school = roster.placement(member)
    if school is not None:
        org, role = school
        return {"role": role, "school_id": stream_id(tenant, "school", org),
                "school_registered": org in registered}  # fmt: skip
    organisation = roster.organisation_placement(member)
    if organisation is not None:
        org, role = organisation
        return {"role": role, "organisation_id": stream_id(tenant, "organisation", org),
                "organisation_registered": org in registered}  # fmt: skip
    return None


def _decide(
    plan: Plan,
    file: str,
    row: Org | StaffMember,
    command_type: type[ActorCommand],
    principal: Principal,
    state: SchoolState | OrganisationState | PractitionerState,
    action: str,
    version: int,
    **fields: Any,
) -> ActorCommand | None:
    """Builds and decides the command; adds its step and returns it if it changes anything."""
    try:
        command = build(command_type, principal, **fields)
        if isinstance(state, SchoolState):
            decider: Any = SCHOOL_DECIDER
            target = str(fields["school_id"])
        elif isinstance(state, OrganisationState):
            decider = ORGANISATION_DECIDER
            target = str(fields["organisation_id"])
        else:
            decider = PRACTITIONER_DECIDER
            target = str(fields["practitioner_id"])
        events = tuple(decider.decide(state, command))
    except DomainError as exc:
        column = _COLUMNS.get(exc.field or "", exc.field)
        plan.report.rejected.append(RowIssue(file, row.line, row.source_id, column, exc.message))
        return None
    if not events:
        return None
    plan.steps.append(
        Step(action, row.source_id, target, decider.stream_type, version,
             command_id(principal.tenant_id, row.source_id, command), events)
    )  # fmt: skip
    return command
