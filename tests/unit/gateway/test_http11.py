"""The lean HTTP/1.1 client for subgraph calls, against a real loopback server: keep-alive reuse,
chunked answers, an idle connection the server closed, and ``Connection: close``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from clc_gateway.execution.http11 import Http11Pool


class Server:
    def __init__(self) -> None:
        self.connections = 0
        self.mode = "length"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                body = await reader.readexactly(length)
                if self.mode == "chunked":
                    writer.write(
                        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                        + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
                    )
                else:
                    extra = b"connection: close\r\n" if self.mode == "close" else b""
                    writer.write(
                        b"HTTP/1.1 201 Created\r\ncontent-length: %d\r\n%s\r\n" % (len(body), extra)
                        + body
                    )
                await writer.drain()
                if self.mode in ("close", "drop"):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def server() -> AsyncIterator[tuple[Server, str]]:
    state = Server()
    srv = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    yield state, f"http://127.0.0.1:{port}/graphql"
    srv.close()


async def test_connections_are_kept_alive_and_answers_read_in_full(
    server: tuple[Server, str],
) -> None:
    state, url = server
    pool = Http11Pool(timeout_s=5)
    for i in range(3):
        assert await pool.post(url, b'{"n": %d}' % i, {"content-type": "application/json"}) == (
            201,
            b'{"n": %d}' % i,
        )
    state.mode = "chunked"
    assert await pool.post(url, b"chunk me", {}) == (200, b"chunk me")
    assert state.connections == 1
    await pool.close()


async def test_an_idle_connection_the_server_closed_is_replaced(server: tuple[Server, str]) -> None:
    state, url = server
    pool = Http11Pool(timeout_s=5)
    state.mode = "drop"  # answers, then closes: the pooled connection goes stale
    assert await pool.post(url, b"a", {}) == (201, b"a")
    await asyncio.sleep(0.05)
    assert await pool.post(url, b"b", {}) == (201, b"b")
    assert state.connections == 2
    state.mode = "close"  # says so: the connection is not pooled
    assert await pool.post(url, b"c", {}) == (201, b"c")
    await pool.close()


async def test_a_refused_connection_raises() -> None:
    pool = Http11Pool(timeout_s=5)
    with pytest.raises(ConnectionRefusedError):
        await pool.post("http://127.0.0.1:9/graphql", b"x", {})
