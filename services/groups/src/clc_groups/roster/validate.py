"""Row-level validation: from the read CSV tables to a ``Roster``, or every reason it is refused.

Every row of every file is checked, so one pass reports all problems: a missing required value, a
value outside a OneRoster vocabulary, a ``sourcedId`` used twice in a file, a role naming an unknown
user or org, a bad status, date or e-mail address. Pupils, guardians, parents and relatives are
checked only as far as the file's integrity needs (id, status, duplicates): their names and
contact details are never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from pydantic import TypeAdapter, ValidationError

from clc_groups.domain.inputs import EmailAddress

from .csvfiles import CsvRow, CsvTable, RosterFiles
from .model import Org, OrgType, Role, RoleName, RoleType, Roster, StaffMember, Status
from .report import RowIssue

__all__ = ["parse_roster"]

E = TypeVar("E", bound=StrEnum)
_EMAIL: TypeAdapter[str] = TypeAdapter(EmailAddress)
_NON_STAFF_ORDER = (RoleName.STUDENT, RoleName.GUARDIAN, RoleName.PARENT, RoleName.RELATIVE)


class _Rows:
    """Checks of one file's rows, collecting issues instead of stopping at the first."""

    def __init__(self, table: CsvTable, mode: str, issues: list[RowIssue]) -> None:
        self.table, self.delta, self.issues = table, mode == "delta", issues

    def unique(self) -> list[tuple[CsvRow, str]]:
        """Rows with a sourcedId seen for the first time, paired with it."""
        first: dict[str, int] = {}
        kept: list[tuple[CsvRow, str]] = []
        for row in self.table.rows:
            sid = row.get("sourcedId")
            if not sid:
                self.fail(row, None, "sourcedId", "a value is required")
            elif sid in first:
                self.fail(
                    row, sid, "sourcedId", f"duplicate sourcedId (first on line {first[sid]})"
                )
            else:
                first[sid] = row.line
                kept.append((row, sid))
        return kept

    def fail(self, row: CsvRow, sid: str | None, field: str, reason: str) -> None:
        self.issues.append(RowIssue(self.table.name, row.line, sid, field, reason))

    def required(self, row: CsvRow, sid: str, field: str) -> str | None:
        value = row.get(field)
        if not value:
            self.fail(row, sid, field, "a value is required")
        return value or None

    def enum(self, row: CsvRow, sid: str, field: str, kind: type[E]) -> E | None:
        value = self.required(row, sid, field)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            self.fail(row, sid, field, f"{value!r} is not one of: {allowed}")
            return None

    def common(self, row: CsvRow, sid: str) -> Status | None:
        """Status (blank means active in a bulk file) and dateLastModified."""
        stamp = row.get("dateLastModified")
        if stamp:
            try:
                datetime.fromisoformat(stamp)
            except ValueError:
                self.fail(row, sid, "dateLastModified", f"{stamp!r} is not an ISO 8601 date-time")
        elif self.delta:
            self.fail(row, sid, "dateLastModified", "a value is required in a delta file")
        if not row.get("status") and not self.delta:
            return Status.ACTIVE
        return self.enum(row, sid, "status", Status)


def parse_roster(files: RosterFiles) -> tuple[Roster | None, list[RowIssue]]:
    issues: list[RowIssue] = []
    orgs = _orgs(_Rows(files.orgs, files.mode("orgs.csv"), issues))
    # References are checked against every id in the file, so one bad org row is one reason.
    org_ids = {row.get("sourcedId") for row in files.orgs.rows} - {""}
    users = _Rows(files.users, files.mode("users.csv"), issues)
    user_rows = {sid: (row, users.common(row, sid)) for row, sid in users.unique()}
    roles = _roles(_Rows(files.roles, files.mode("roles.csv"), issues), org_ids, set(user_rows))
    staff_ids = {r.user_source_id for r in roles if r.is_staff}
    staff = [
        member
        for sid, (row, status) in user_rows.items()
        if sid in staff_ids and (member := _staff(users, row, sid, status, org_ids))
    ]
    if issues:
        return None, issues
    skipped = _skipped(roles, set(user_rows) - staff_ids)
    staff_roles = tuple(r for r in roles if r.is_staff)
    return Roster(tuple(orgs), tuple(staff), staff_roles, skipped), []


def _orgs(rows: _Rows) -> list[Org]:
    orgs: list[Org] = []
    kept = rows.unique()
    known = {sid for _, sid in kept}
    for row, sid in kept:
        status = rows.common(row, sid)
        name = rows.required(row, sid, "name")
        kind = rows.enum(row, sid, "type", OrgType)
        parent = row.get("parentSourcedId") or None
        if parent is not None and parent not in known:
            rows.fail(row, sid, "parentSourcedId", f"unknown org {parent!r}")
        if status and name and kind:
            identifier = row.get("identifier") or None
            orgs.append(Org(row.line, sid, status, name, kind, identifier, parent))
    return orgs


def _roles(rows: _Rows, org_ids: set[str], user_ids: set[str]) -> list[Role]:
    roles: list[Role] = []
    for row, sid in rows.unique():
        status = rows.common(row, sid)
        role_type = rows.enum(row, sid, "roleType", RoleType)
        role = rows.enum(row, sid, "role", RoleName)
        user = _reference(rows, row, sid, "userSourcedId", user_ids, "user")
        org = _reference(rows, row, sid, "orgSourcedId", org_ids, "org")
        if status and role_type and role and user and org:
            roles.append(Role(row.line, sid, status, role_type, role, user, org))
    return roles


def _reference(
    rows: _Rows, row: CsvRow, sid: str, field: str, known: set[str], kind: str
) -> str | None:
    value = rows.required(row, sid, field)
    if value is not None and value not in known:
        rows.fail(row, sid, field, f"unknown {kind} {value!r}")
        return None
    return value


def _staff(
    rows: _Rows, row: CsvRow, sid: str, status: Status | None, org_ids: set[str]
) -> StaffMember | None:
    enabled = row.get("enabledUser").lower()
    if enabled not in ("true", "false"):
        rows.fail(row, sid, "enabledUser", f"{enabled!r} is not one of: true, false")
    given = row.get("preferredGivenName") or rows.required(row, sid, "givenName")
    family = row.get("preferredFamilyName") or rows.required(row, sid, "familyName")
    email = row.get("email") or None
    if email is not None:
        email = _checked(rows, row, sid, "email", lambda: _EMAIL.validate_python(email))
    primary = row.get("primaryOrg") or None
    if primary is not None and primary not in org_ids:
        rows.fail(row, sid, "primaryOrg", f"unknown org {primary!r}")
    if not (status and given and family) or enabled not in ("true", "false"):
        return None
    identifier = row.get("identifier") or None
    return StaffMember(row.line, sid, status, given, family, email, identifier, primary)


def _checked(rows: _Rows, row: CsvRow, sid: str, field: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except ValidationError as exc:
        rows.fail(row, sid, field, exc.errors()[0].get("msg", "invalid"))
        return ""


def _skipped(roles: list[Role], non_staff: set[str]) -> dict[str, int]:
    """Per role, how many non-staff users were left out (each counted once, by their first
    role in pupil, guardian, parent, relative order; users with no role as ``none``)."""
    held: dict[str, set[RoleName]] = {}
    for r in roles:
        if r.user_source_id in non_staff:
            held.setdefault(r.user_source_id, set()).add(r.role)
    counts: Counter[str] = Counter()
    for user in non_staff:
        mine = held.get(user, set())
        counts[next((str(n) for n in _NON_STAFF_ORDER if n in mine), "none")] += 1
    return dict(counts)
