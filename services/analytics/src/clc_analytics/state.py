"""What the sink has landed: Kafka offsets, the last landed batch, and the erasures seen —
in ``state.duckdb``, beside the files, committed together in one transaction per batch.

Offsets live here, never in Kafka (the sink joins no consumer group): the files of a batch and
"how far we got" agree after any crash (see ``lake``). Erasures are kept as keyed digests of the
pseudonym (``Pseudonyms.erasure_digest``), never the pseudonym itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

__all__ = ["State"]

_SCHEMA = (
    "create table if not exists offsets"
    " (topic varchar, partition integer, next_offset bigint, primary key (topic, partition))",
    "create table if not exists landed (id integer primary key, batch integer not null)",
    "create table if not exists erasures (digest varchar primary key, erased_at timestamptz)",
    "insert into landed values (1, 0) on conflict do nothing",
)

TopicPartition = tuple[str, int]


class State:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = duckdb.connect(str(path))
        for statement in _SCHEMA:
            self._db.execute(statement)
        self.erased: set[str] = {
            d for (d,) in self._db.execute("select digest from erasures").fetchall()
        }

    def batch(self) -> int:
        row = self._db.execute("select batch from landed where id = 1").fetchone()
        return int(row[0]) if row else 0

    def offsets(self) -> dict[TopicPartition, int]:
        rows = self._db.execute("select topic, partition, next_offset from offsets").fetchall()
        return {(t, p): int(o) for t, p, o in rows}

    def commit(
        self, batch: int, next_offsets: Mapping[TopicPartition, int], erased: Iterable[str]
    ) -> None:
        digests = list(erased)
        self._db.execute("begin")
        try:
            for (topic, partition), offset in next_offsets.items():
                self._db.execute(
                    "insert into offsets values (?, ?, ?) on conflict (topic, partition)"
                    " do update set next_offset = excluded.next_offset",
                    [topic, partition, offset],
                )
            self._db.execute("update landed set batch = ? where id = 1", [batch])
            for digest in digests:
                self._db.execute(
                    "insert into erasures values (?, now()) on conflict do nothing", [digest]
                )
            self._db.execute("commit")
        except BaseException:
            self._db.execute("rollback")
            raise
        self.erased.update(digests)

    def close(self) -> None:
        self._db.close()
