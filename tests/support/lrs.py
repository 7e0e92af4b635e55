"""A Learning Record Store stand-in on loopback that speaks the xAPI 1.0.3 statement resource.

What it checks as a real LRS does: the ``X-Experience-API-Version`` header on every request
(400 without it), Basic auth (401), a statement (or array) as JSON; ``POST /statements`` stores
and answers the ids (200); ``PUT /statements?statementId=`` stores one (204); a statement id it
holds already is not stored again — the same statement answers 204, a different one 409
Conflict; ``GET /statements?statementId=`` answers the stored statement (404 if none), a bare
``GET /statements`` a ``StatementResult``. ``refusing = True`` makes it answer 503 to every
request (a broken LRS); ``requests`` counts what reached it.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["LrsStandIn", "running_lrs"]

_SET_BY_LRS = ("stored", "authority", "version")


class LrsStandIn:
    def __init__(self, username: str, password: str) -> None:
        self.credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.statements: dict[str, dict[str, Any]] = {}
        self.refusing = False
        self.requests = 0
        self.conflicts = 0
        self.lock = threading.Lock()
        self.url = ""

    def store(self, statement: dict[str, Any]) -> int:
        """200/204 stored (or held already, the same), 409 held already and different."""
        sid = statement.setdefault("id", str(uuid.uuid4()))
        held = self.statements.get(sid)
        if held is not None:
            same = {k: v for k, v in held.items() if k not in _SET_BY_LRS} == statement
            if not same:
                self.conflicts += 1
            return 204 if same else 409
        stored = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        self.statements[sid] = {**statement, "stored": stored, "version": "1.0.3"}
        return 200


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _answer(self, code: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("X-Experience-API-Version", "1.0.3")
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refused(self) -> bool:
        lrs = self.server.lrs
        with lrs.lock:
            lrs.requests += 1
            refusing = lrs.refusing
        if refusing:
            self._answer(503, {"error": "unavailable"})
        elif not self.headers.get("X-Experience-API-Version", "").startswith("1.0."):
            self._answer(400, {"error": "X-Experience-API-Version header missing"})
        elif self.headers.get("Authorization") != f"Basic {lrs.credentials}":
            self._answer(401, {"error": "unauthorised"})
        elif urlsplit(self.path).path.rstrip("/") != "/xapi/statements":
            self._answer(404, {"error": "no such resource"})
        else:
            return False
        return True

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"null")

    def do_POST(self) -> None:
        if self._refused():
            return
        body = self._body()
        statements = body if isinstance(body, list) else [body]
        if not all(isinstance(s, dict) for s in statements):
            self._answer(400, {"error": "not a statement"})
            return
        lrs = self.server.lrs
        with lrs.lock:
            codes = [lrs.store(s) for s in statements]
        if 409 in codes:
            self._answer(409, {"error": "a statement with this id is held, and differs"})
        elif all(c == 204 for c in codes):
            self._answer(204)
        else:
            self._answer(200, [s["id"] for s in statements])

    def do_PUT(self) -> None:
        if self._refused():
            return
        sid = parse_qs(urlsplit(self.path).query).get("statementId", [""])[0]
        body = self._body()
        if not sid or not isinstance(body, dict) or body.get("id", sid) != sid:
            self._answer(400, {"error": "statementId missing or not the statement's id"})
            return
        lrs = self.server.lrs
        with lrs.lock:
            code = lrs.store({**body, "id": sid})
        self._answer(409 if code == 409 else 204)

    def do_GET(self) -> None:
        if self._refused():
            return
        sid = parse_qs(urlsplit(self.path).query).get("statementId", [""])[0]
        lrs = self.server.lrs
        with lrs.lock:
            if not sid:
                self._answer(200, {"statements": list(lrs.statements.values()), "more": ""})
            elif sid in lrs.statements:
                self._answer(200, lrs.statements[sid])
            else:
                self._answer(404, {"error": "no such statement"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, lrs: LrsStandIn) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lrs = lrs


@contextmanager
def running_lrs(username: str = "feed", password: str = "secret") -> Iterator[LrsStandIn]:
    """The stand-in on a free loopback port; ``lrs.url`` is its xAPI endpoint (``…/xapi``)."""
    lrs = LrsStandIn(username, password)
    server = _Server(lrs)
    lrs.url = f"http://127.0.0.1:{server.server_address[1]}/xapi"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lrs
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
