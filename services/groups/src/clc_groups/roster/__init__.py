"""OneRoster 1.2 CSV import: schools and staff of a tenant, keyed by tenant + ``sourcedId``.

Modules, in the order an import runs: ``csvfiles`` (strict UTF-8, 1.2 headers, the manifest),
``model`` (the OneRoster vocabularies and the rows we keep), ``validate`` (row-level reasons),
``plan`` (stable ids and the commands a roster means, decided by the domain), ``importer`` (all or
nothing, one transaction), ``report`` (what happened). Entry points: ``graphql.RosterMutation``
(the ``importRoster`` mutation) and ``cli.import_roster_main``.

Pupils, guardians, parents and relatives are never stored: their rows are read only to keep the
files' integrity (ids, references) and are counted by role in the report.
"""

from __future__ import annotations

from .csvfiles import FILE_NAMES, read_folder, read_roster_files
from .importer import Progress, RosterImporter
from .plan import stream_id
from .report import ImportReport, RowIssue
from .validate import parse_roster

__all__ = [
    "FILE_NAMES",
    "ImportReport",
    "Progress",
    "RosterImporter",
    "RowIssue",
    "parse_roster",
    "read_folder",
    "read_roster_files",
    "stream_id",
]
