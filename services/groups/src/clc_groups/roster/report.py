"""What an import tells its caller: what was accepted, what was left alone, what was refused.

A rejected import wrote nothing; its ``rejected`` list names every offending file, line, roster
``sourcedId`` and column, so the school system can fix its export in one go. Pupils, guardians,
parents and relatives never reach the report by name: they are counted by role and nothing more.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["ImportReport", "RowIssue"]


@dataclass(frozen=True, order=True)
class RowIssue:
    """One problem with one row (or, with ``line`` 1 or ``None``, with a whole file)."""

    file: str
    line: int | None
    source_id: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.source_id:
            parts.append(f"sourcedId={self.source_id}")
        if self.field:
            parts.append(f"[{self.field}]")
        return " ".join(parts) + f": {self.reason}"


@dataclass
class ImportReport:
    """The outcome of one import. ``accepted`` is false when anything was rejected: then no event
    was written, whatever the counts of the plan would have been."""

    tenant_id: str
    schools_registered: int = 0
    schools_updated: int = 0
    schools_unchanged: int = 0
    organisations_registered: int = 0
    organisations_updated: int = 0
    organisations_unchanged: int = 0
    practitioners_registered: int = 0
    practitioners_deactivated: int = 0
    practitioners_unchanged: int = 0
    skipped_non_staff: Counter[str] = field(default_factory=Counter)
    """Users who are not staff, counted by their OneRoster role (student, guardian, ...)."""
    warnings: list[RowIssue] = field(default_factory=list)
    """Rows accepted but not (fully) applied, e.g. staff with no role at a school or an
    organisation."""
    rejected: list[RowIssue] = field(default_factory=list)
    events_written: int = 0
    consistency_token: int = 0
    """Global position of the last event written (0 when nothing was)."""

    @property
    def accepted(self) -> bool:
        return not self.rejected

    @property
    def changes(self) -> int:
        return (
            self.schools_registered
            + self.schools_updated
            + self.organisations_registered
            + self.organisations_updated
            + self.practitioners_registered
            + self.practitioners_deactivated
        )

    def reject(self, issues: list[RowIssue]) -> ImportReport:
        """This report with the plan's counts cleared and ``issues`` as the reasons."""
        self.schools_registered = self.schools_updated = self.schools_unchanged = 0
        self.organisations_registered = self.organisations_updated = 0
        self.organisations_unchanged = 0
        self.practitioners_registered = self.practitioners_deactivated = 0
        self.practitioners_unchanged = 0
        self.rejected = sorted(set(self.rejected) | set(issues), key=_order)
        return self

    def summary(self) -> str:
        lines = [
            f"roster import for tenant {self.tenant_id}: "
            + ("accepted" if self.accepted else f"REJECTED ({len(self.rejected)} problems)"),
            f"  schools:       {self.schools_registered} registered, {self.schools_updated}"
            f" updated, {self.schools_unchanged} unchanged",
            f"  organisations: {self.organisations_registered} registered,"
            f" {self.organisations_updated} updated, {self.organisations_unchanged} unchanged",
            f"  practitioners: {self.practitioners_registered} registered,"
            f" {self.practitioners_deactivated} deactivated,"
            f" {self.practitioners_unchanged} unchanged",
        ]
        if self.skipped_non_staff:
            skipped = ", ".join(f"{n} {r}" for r, n in sorted(self.skipped_non_staff.items()))
            lines.append(f"  skipped (not staff, nothing stored): {skipped}")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        lines.extend(f"  rejected: {r}" for r in self.rejected)
        return "\n".join(lines)


def _order(issue: RowIssue) -> tuple[str, int, str, str, str]:
    return (
        issue.file,
        issue.line or 0,
        issue.source_id or "",
        issue.field or "",
        issue.reason,
    )
