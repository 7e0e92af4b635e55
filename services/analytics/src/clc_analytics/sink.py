"""The consumer: every domain topic in, Parquet batches out, erasures applied.

It reads each topic's partitions directly (no consumer group: one sink per lake), from the
offsets in ``state.duckdb``, and lands records in batches — when ``batch_max_records`` are
buffered or the oldest has waited ``batch_max_seconds``. Landing a batch: (1) each record becomes
a pseudonymised row (``rows``), (2) the rows are written as one file per topic and date,
(3) every person the batch erases (``PractitionerErased``) has their pseudonym replaced in every
file holding it — the new files included — and (4) the batch number, the next offsets and the
erasures' digests commit in one transaction. A crash before (4) leaves files numbered above the
committed batch, which the next start removes before it re-reads the same records.

DuckDB work is blocking; it runs in a worker thread so ``/healthz`` keeps answering.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from .lake import Lake
from .pseudonyms import Pseudonyms
from .rows import Row, UnreadableRecord, row_of
from .settings import AnalyticsSettings
from .state import State
from .views import write_views_database

__all__ = ["Sink", "SinkStats"]

log = logging.getLogger("clc_analytics.sink")


@dataclass
class SinkStats:
    records: int = 0
    batches: int = 0
    files: int = 0
    erasures: int = 0
    files_rewritten: int = 0
    unreadable: int = 0


class Sink:
    def __init__(self, settings: AnalyticsSettings) -> None:
        self.settings = settings
        self.stats = SinkStats()
        self.ready = False
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        s = self.settings
        state = State(s.state_path)
        lake = Lake(s.lake_dir)
        try:
            removed = await asyncio.to_thread(lake.prepare, state.batch())
            if removed:
                log.warning("uncommitted files removed", extra={"files": [str(p) for p in removed]})
            await asyncio.to_thread(self._write_views)
            pseudonyms = Pseudonyms(s.pseudonym_secret, lambda: state.erased)
            consumer = AIOKafkaConsumer(
                bootstrap_servers=s.kafka_bootstrap_servers,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                client_id="clc-analytics",
            )
            await consumer.start()
            try:
                if await self._assign(consumer, state.offsets()):
                    self.ready = True
                    await self._consume(consumer, state, lake, pseudonyms)
            finally:
                self.ready = False
                await consumer.stop()
        finally:
            lake.close()
            state.close()

    def _write_views(self) -> None:
        try:
            write_views_database(self.settings.views_path, self.settings.lake_dir)
        except Exception:  # held open for writing by someone else: the views stay as they were
            log.warning("views database not rewritten", exc_info=True)

    async def _assign(self, consumer: AIOKafkaConsumer, stored: dict[tuple[str, int], int]) -> bool:
        """Assign every partition of every topic (waiting for topics not created yet) and seek
        to the stored offsets; False if stopped while waiting."""
        topics = self.settings.topics
        while not self._stop.is_set():
            # the consumer's own metadata is not refreshed for topics it does not subscribe to
            cluster = await consumer._client.fetch_all_metadata()
            found = {t: cluster.partitions_for_topic(t) for t in topics}
            if all(found.values()):
                parts = [TopicPartition(t, p) for t in topics for p in sorted(found[t] or ())]
                consumer.assign(parts)
                for tp in parts:
                    if (tp.topic, tp.partition) in stored:
                        consumer.seek(tp, stored[(tp.topic, tp.partition)])
                    else:
                        await consumer.seek_to_beginning(tp)
                log.info("assigned", extra={"partitions": len(parts), "topics": topics})
                return True
            log.info(
                "waiting for topics", extra={"missing": [t for t, p in found.items() if not p]}
            )
            await asyncio.sleep(1.0)
        return False

    async def _consume(
        self, consumer: AIOKafkaConsumer, state: State, lake: Lake, pseudonyms: Pseudonyms
    ) -> None:
        s = self.settings
        buffer: list[ConsumerRecord[bytes, bytes]] = []
        first_at = 0.0
        while True:
            stopping = self._stop.is_set()
            if not stopping:
                polled = await consumer.getmany(
                    timeout_ms=200, max_records=s.batch_max_records - len(buffer)
                )
                if polled and not buffer:
                    first_at = time.monotonic()
                for records in polled.values():
                    buffer.extend(records)
            full = len(buffer) >= s.batch_max_records
            due = bool(buffer) and time.monotonic() - first_at >= s.batch_max_seconds
            if buffer and (full or due or stopping):
                await asyncio.to_thread(self._land, buffer, state, lake, pseudonyms)
                buffer = []
            if stopping:
                return

    def _land(
        self,
        records: Sequence[ConsumerRecord[bytes, bytes]],
        state: State,
        lake: Lake,
        pseudonyms: Pseudonyms,
    ) -> None:
        rows: list[Row] = []
        next_offsets: dict[tuple[str, int], int] = {}
        for r in records:
            next_offsets[(r.topic, r.partition)] = r.offset + 1
            try:
                rows.append(row_of(r.topic, r.partition, r.offset, r.value, r.headers, pseudonyms))
            except UnreadableRecord as error:
                self.stats.unreadable += 1
                log.warning("unreadable record skipped", extra={"error": str(error)})
        batch = state.batch() + 1
        files = lake.write(batch, rows)
        erased = sorted({row.erased for row in rows if row.erased})
        rewritten = sum(lake.erase(p) for p in erased)
        state.commit(batch, next_offsets, [pseudonyms.erasure_digest(p) for p in erased])
        self.stats.records += len(rows)
        self.stats.batches += 1
        self.stats.files += len(files)
        self.stats.erasures += len(erased)
        self.stats.files_rewritten += rewritten
        log.info(
            "batch landed",
            extra={
                "batch": batch,
                "records": len(rows),
                "files": len(files),
                "erasures": len(erased),
            },
        )
