"""Hot reload: poll the supergraph file and swap it in when it changes.

A file that fails to load is logged and ignored: the gateway keeps serving the last good
supergraph. Polling (mtime and size) needs no platform file-watch API and costs one ``stat`` a tick.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from clc_gateway.execution.engine import Engine

from .load import load_supergraph

__all__ = ["watch_supergraph"]

log = logging.getLogger("clc_gateway.supergraph")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


async def watch_supergraph(path: Path, engine: Engine, interval_s: float) -> None:
    last = _signature(path)
    while True:
        await asyncio.sleep(interval_s)
        sig = _signature(path)
        if sig is None or sig == last:
            continue
        last = sig
        try:
            # parsing is CPU work of ~0.2 s on a large supergraph: off the event loop
            sg = await asyncio.to_thread(lambda: load_supergraph(path.read_text()))
        except Exception:  # any broken file: keep serving the previous supergraph
            log.exception("supergraph reload failed; keeping the previous one")
            continue
        engine.replace_supergraph(sg)
        log.info("supergraph reloaded", extra={"subgraphs": sorted(sg.graph_names.values())})
