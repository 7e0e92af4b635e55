"""A stand-in identity provider: an RSA key made in the test, tokens it signs, and its JWKS served
over real HTTP on loopback (a thread running the standard library's HTTP server), counting the
fetches it answers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = ["Idp", "serving"]


class Idp:
    def __init__(self, issuer: str, audience: str = "clc", kid: str = "k1") -> None:
        self.issuer = issuer
        self.audience = audience
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.kid = kid
        self.rotate(kid)
        self.fetches = 0
        self.cache_control: str | None = None
        self.url = ""

    def rotate(self, kid: str) -> None:
        """A new signing key (the old ones stay published)."""
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def token(self, ttl_s: int = 300, kid: str | None = None, **claims: Any) -> str:
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "ext-subject-1",
            "iat": now,
            "exp": now + ttl_s,
        }
        body.update(claims)
        kid = kid or self.kid
        key = self.keys.get(kid) or next(iter(self.keys.values()))  # an unknown kid: any key
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


@contextmanager
def serving(idp: Idp) -> Iterator[Idp]:
    """Serve ``idp``'s JWKS at ``idp.url`` for the duration."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            idp.fetches += 1
            body = json.dumps(idp.jwks()).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            if idp.cache_control:
                self.send_header("cache-control", idp.cache_control)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    idp.url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
