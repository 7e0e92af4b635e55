"""The Parquet files: ``lake/topic=<topic>/date=<YYYY-MM-DD>/part-<batch>.parquet``, written
through DuckDB.

A file appears under its final name only once complete (written as ``.tmp``, then renamed), so a
reader never sees half a file. A batch's files are numbered by the batch; the batch counts as
landed only when the state database commits its number with the offsets (``State.commit``), so
files numbered above the committed batch are what a crash left behind, and ``discard_uncommitted``
removes them before the batch is consumed again: nothing is lost, nothing is landed twice.

An erased person's pseudonym is replaced by a random token in every file that holds it
(``erase``): each file is rewritten beside itself and renamed over the old one. The token is
random, derived from nothing, so no secret can link it back to the person, while the rows of one
erased person still count as one participant in the aggregates.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path

import duckdb

from .rows import COLUMNS, Row

__all__ = ["EMPTY_PARTITION", "Lake"]

#: an empty file with the full schema, so views bind before anything has landed
EMPTY_PARTITION = "topic=_/date=1970-01-01"
_PART = re.compile(r"^part-(\d{8})\.parquet$")
_SAFE_TOPIC = re.compile(r"^[A-Za-z0-9._-]+$")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._db = duckdb.connect()  # in memory: a scratch space for the batch being written
        columns = ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS.items())
        self._db.execute(f"create temp table batch ({columns})")
        self._columns = ", ".join(f'"{name}"' for name in COLUMNS)

    @property
    def glob(self) -> str:
        return str(self.root / "topic=*" / "date=*" / "*.parquet")

    def files(self) -> list[Path]:
        return sorted(self.root.glob("topic=*/date=*/*.parquet"))

    def prepare(self, committed_batch: int) -> list[Path]:
        """Make the lake consistent with the committed batch; return the files removed."""
        self._ensure_empty_partition()
        return self.discard_uncommitted(committed_batch)

    def discard_uncommitted(self, committed_batch: int) -> list[Path]:
        removed = []
        for path in self.root.glob("topic=*/date=*/*"):
            match = _PART.match(path.name)
            if path.name.endswith(".tmp") or (match and int(match.group(1)) > committed_batch):
                path.unlink()
                removed.append(path)
        return removed

    def write(self, batch: int, rows: Sequence[Row]) -> list[Path]:
        """One file per topic and date of ``rows``, numbered ``batch``."""
        written = []
        key = lambda row: (row.topic, row.date)  # noqa: E731
        for (topic, day), group in groupby(sorted(rows, key=key), key=key):
            if not _SAFE_TOPIC.match(topic):
                raise ValueError(f"not a topic name: {topic!r}")
            path = (
                self.root
                / f"topic={topic}"
                / f"date={day.isoformat()}"
                / f"part-{batch:08d}.parquet"
            )
            self._write_file(path, (row.values for row in group))
            written.append(path)
        return written

    def _write_file(self, path: Path, values: Iterable[tuple[object, ...]]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db.execute("delete from batch")
        rows = list(values)
        if rows:
            # one statement for the whole file: a column per parameter, zipped by unnest
            # (executemany runs a statement per row: ~30 rows/s against ~50k/s)
            columns = [list(column) for column in zip(*rows, strict=True)]
            unnested = ", ".join(f"unnest(?::{kind}[])" for kind in COLUMNS.values())
            self._db.execute(f"insert into batch select {unnested}", columns)
        query = f'select {self._columns} from batch order by "partition", "offset"'
        self._copy(query, path)

    def _copy(self, query: str, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        self._db.execute(f"copy ({query}) to {_literal(str(tmp))} (format parquet)")
        os.replace(tmp, path)

    def _ensure_empty_partition(self) -> None:
        path = self.root / EMPTY_PARTITION / "part-00000000.parquet"
        if not path.exists():
            self._write_file(path, [])

    def holding(self, pseudonym: str) -> list[Path]:
        """The files with a row naming ``pseudonym``."""
        rows = self._db.execute(
            f"select distinct filename from read_parquet({_literal(self.glob)}, filename = true,"
            " hive_partitioning = false, union_by_name = true) where list_contains(persons, ?)",
            [pseudonym],
        ).fetchall()
        return [Path(name) for (name,) in rows]

    def erase(self, pseudonym: str) -> int:
        """Replace ``pseudonym`` by a fresh random token everywhere; the number of files changed."""
        token = "erased_" + uuid.uuid4().hex
        files = self.holding(pseudonym)
        p, t = _literal(pseudonym), _literal(token)
        swap = f"case when {{col}} = {p} then {t} else {{col}} end"
        for path in files:
            query = (
                f"select * replace ({swap.format(col='actor')} as actor,"
                f" {swap.format(col='subject')} as subject,"
                " list_sort(list_distinct(list_transform(persons,"
                f" lambda x: {swap.format(col='x')}))) as persons,"
                f" replace(data::varchar, {p}, {t})::json as data)"
                f" from read_parquet({_literal(str(path))}, hive_partitioning = false)"
            )
            self._copy(query, path)
        return len(files)

    def close(self) -> None:
        self._db.close()
