"""Reading the four OneRoster 1.2 CSV files we use, strictly: UTF-8, the 1.2 headers, a manifest.

OneRoster 1.2 CSV binding: every file is UTF-8 with a header row; ``manifest.csv`` holds
``propertyName,value`` pairs and names, per file, whether it is ``bulk``, ``delta`` or ``absent``.
Only ``manifest.csv``, ``orgs.csv``, ``users.csv`` and ``roles.csv`` are read; any other file of the
export (classes, enrollments, demographics, ...) is never opened. Columns the import needs must be
in the header; other 1.2 columns and vendor extensions are ignored. Problems here concern a whole
file (wrong encoding, a missing column, a bad manifest) or a row's shape (wrong number of values).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .report import RowIssue

__all__ = [
    "FILE_NAMES",
    "REQUIRED_COLUMNS",
    "CsvRow",
    "CsvTable",
    "RosterFiles",
    "read_folder",
    "read_roster_files",
]

MANIFEST, ORGS, USERS, ROLES = "manifest.csv", "orgs.csv", "users.csv", "roles.csv"
FILE_NAMES = (MANIFEST, ORGS, USERS, ROLES)

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    MANIFEST: ("propertyName", "value"),
    ORGS: ("sourcedId", "status", "dateLastModified", "name", "type", "identifier",
           "parentSourcedId"),
    USERS: ("sourcedId", "status", "dateLastModified", "enabledUser", "username", "givenName",
            "familyName", "identifier", "email"),
    ROLES: ("sourcedId", "status", "dateLastModified", "roleType", "role", "userSourcedId",
            "orgSourcedId"),
}  # fmt: skip
"""Columns the import relies on; the rest of the 1.2 set (userIds, grades, pronouns, ...) may be
present and is ignored."""

_MODES = frozenset({"bulk", "delta", "absent"})


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: Mapping[str, str]

    def get(self, column: str) -> str:
        """The value with surrounding blanks removed; "" when blank or not in the header."""
        return (self.values.get(column) or "").strip()


@dataclass(frozen=True)
class CsvTable:
    name: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]


@dataclass(frozen=True)
class RosterFiles:
    manifest: Mapping[str, str]
    orgs: CsvTable
    users: CsvTable
    roles: CsvTable

    def mode(self, file: str) -> str:
        """``bulk`` or ``delta``, as the manifest declares it for ``file``."""
        return self.manifest.get(f"file.{file.removesuffix('.csv')}", "bulk")


def read_folder(folder: Path) -> dict[str, bytes]:
    """The four files' bytes; a missing file is simply absent (and reported when read)."""
    return {name: (folder / name).read_bytes() for name in FILE_NAMES if (folder / name).is_file()}


def read_roster_files(
    sources: Mapping[str, bytes | str],
) -> tuple[RosterFiles | None, list[RowIssue]]:
    """The parsed files, or ``None`` and every file-level problem found."""
    by_name = {Path(name).name.lower(): content for name, content in sources.items()}
    issues: list[RowIssue] = []
    tables: dict[str, CsvTable] = {}
    for name in FILE_NAMES:
        if name not in by_name:
            issues.append(RowIssue(name, None, None, None, "file is missing"))
            continue
        table = _table(name, by_name[name], issues)
        if table is not None:
            tables[name] = table
    manifest = _manifest(tables[MANIFEST], issues) if MANIFEST in tables else {}
    if issues:
        return None, issues
    return RosterFiles(manifest, tables[ORGS], tables[USERS], tables[ROLES]), []


def _decode(name: str, content: bytes | str, issues: list[RowIssue]) -> str | None:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        issues.append(
            RowIssue(name, line, None, None, f"not UTF-8 encoded (byte {exc.start}); "
                     "OneRoster files must be UTF-8")
        )  # fmt: skip
        return None


def _table(name: str, content: bytes | str, issues: list[RowIssue]) -> CsvTable | None:
    text = _decode(name, content, issues)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = tuple(c.strip() for c in next(reader))
    except StopIteration:
        issues.append(RowIssue(name, 1, None, None, "file is empty: no header row"))
        return None
    except csv.Error as exc:
        issues.append(RowIssue(name, 1, None, None, f"unreadable header: {exc}"))
        return None
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in header]
    for column in missing:
        issues.append(RowIssue(name, 1, None, column, f"required column {column} is missing"))
    duplicated = sorted({c for c in header if header.count(c) > 1})
    for column in duplicated:
        issues.append(RowIssue(name, 1, None, column, f"column {column} appears twice"))
    if missing or duplicated:
        return None
    rows: list[CsvRow] = []
    start = reader.line_num + 1
    try:
        for values in reader:
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                issues.append(
                    RowIssue(name, line, values[0].strip() or None, None,
                             f"row has {len(values)} values, the header has {len(header)}")
                )  # fmt: skip
                continue
            rows.append(CsvRow(line, dict(zip(header, values, strict=True))))
    except csv.Error as exc:
        issues.append(RowIssue(name, reader.line_num, None, None, f"malformed CSV: {exc}"))
        return None
    return CsvTable(name, header, tuple(rows))


def _manifest(table: CsvTable, issues: list[RowIssue]) -> dict[str, str]:
    properties: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in table.rows:
        key, value = row.get("propertyName"), row.get("value")
        if key in properties:
            issues.append(RowIssue(MANIFEST, row.line, None, key, "property appears twice"))
        properties[key], lines[key] = value, row.line

    def fail(key: str, reason: str) -> None:
        issues.append(RowIssue(MANIFEST, lines.get(key), None, key, reason))

    for key, wanted in {"manifest.version": "1.0", "oneroster.version": "1.2"}.items():
        if properties.get(key) != wanted:
            fail(key, f"must be {wanted}, found {properties.get(key) or 'nothing'}")
    imported = {f"file.{name.removesuffix('.csv')}" for name in (ORGS, USERS, ROLES)}
    for key, value in properties.items():
        if key.startswith("file.") and key not in imported and value not in _MODES:
            fail(key, f"must be bulk, delta or absent, not {value!r}")
    for key in sorted(imported):
        if properties.get(key) not in ("bulk", "delta"):
            fail(key, "must be bulk or delta: the file is imported")
    return properties
