"""The event catalogue at ``GET /events``: the stream described for the people who consume it.

- ``GET /events``: every service's topic and event types, as plain HTML (works with nothing
  installed), linking to each service's rendered page.
- ``GET /events/<service>``: the service's AsyncAPI document rendered by AsyncAPI's React
  component — its standalone bundle and CSS from ``gateway/events-ui/node_modules`` (pinned in
  ``gateway/events-ui/package-lock.json``, installed by ``npm ci``: ``make events-ui``; ``make
  run`` does it), served under ``/events/assets/``, never from a CDN. Without them the page says
  how to install them.
- ``GET /events/<service>.asyncapi.json``: the document itself (``docs/events``, ``make catalog``).
- ``GET /events/schemas/<service>/<EventType>/v<N>.json``: one event type's JSON Schema at one
  version — the address every event's ``ce_dataschema`` header names. Past versions are served
  from the compatibility baseline (``docs/events/baseline``), so an old event's schema still
  resolves after its type moved on.

No authentication: these describe the stream's shape, never its data.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

__all__ = ["ASSETS", "EventCatalog", "default_assets_dir", "default_docs_dir"]

#: URL name -> file under node_modules (the only files served)
ASSETS = {
    "asyncapi.js": "@asyncapi/react-component/browser/standalone/index.js",
    "asyncapi.css": "@asyncapi/react-component/styles/default.min.css",
}
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_ROOT = Path(__file__).resolve().parents[4]


def default_assets_dir() -> Path:
    """``gateway/events-ui/node_modules`` of this checkout (the package is installed editable)."""
    return _ROOT / "gateway" / "events-ui" / "node_modules"


def default_docs_dir() -> Path:
    """``docs/events`` of this checkout: the committed AsyncAPI documents and baseline."""
    return _ROOT / "docs" / "events"


_STYLE = "font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.4"

_RENDERED = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>clc {service} events</title>
  <link rel="stylesheet" href="/events/assets/asyncapi.css">
</head>
<body>
  <p style="margin: 0.5em 1em"><a href="/events">all services</a></p>
  <div id="asyncapi">Loading the {service} event catalogue…</div>
  <script src="/events/assets/asyncapi.js"></script>
  <script>
    AsyncApiStandalone.render({{
      schema: {{ url: "/events/{service}.asyncapi.json", options: {{ method: "GET" }} }},
      config: {{ show: {{ sidebar: true, errors: true }} }},
    }}, document.getElementById("asyncapi"));
  </script>
</body>
</html>
"""

_MISSING = """<p><strong>The rendered catalogue is not installed.</strong> The gateway renders the
AsyncAPI documents with files from <code>{where}</code>, which is missing. Install them once
(Node 20+ and npm; nothing is fetched from a CDN at run time):</p>
<pre>make events-ui        # npm ci in gateway/events-ui</pre>
<p>The documents themselves are served meanwhile:
<a href="/events/{service}.asyncapi.json">{service}.asyncapi.json</a>.</p>"""


@dataclass
class EventCatalog:
    docs: Path = field(default_factory=default_docs_dir)
    """``docs/events``: ``<service>.asyncapi.json`` and ``baseline/<service>.json``."""
    assets: Path = field(default_factory=default_assets_dir)
    """The ``node_modules`` folder holding the files of ``ASSETS``."""

    @property
    def installed(self) -> bool:
        return all((self.assets / f).is_file() for f in ASSETS.values())

    def services(self) -> list[str]:
        return sorted(p.name.removesuffix(".asyncapi.json") for p in self._documents())

    def _documents(self) -> list[Path]:
        return list(self.docs.glob("*.asyncapi.json"))

    def document(self, service: str) -> dict[str, Any] | None:
        path = self.docs / f"{service}.asyncapi.json"
        if service not in self.services() or not path.is_file():
            return None
        loaded: dict[str, Any] = json.loads(path.read_text())
        return loaded

    def schema(self, service: str, event: str, version: int) -> dict[str, Any] | None:
        """The event type's schema at ``version``: the current one, else the baseline's."""
        document = self.document(service)
        if document is None:
            return None
        message = document["components"]["messages"].get(event)
        if message is not None and message["payload"].get("x-schema-version") == version:
            payload: dict[str, Any] = message["payload"]
            return payload
        baseline = self.docs / "baseline" / f"{service}.json"
        if baseline.is_file():
            kept = json.loads(baseline.read_text()).get(event, {}).get(str(version))
            return dict(kept) if kept is not None else None
        return None

    async def index(self, _: Request) -> Response:
        items = []
        for service in self.services():
            document = self.document(service) or {}
            channels: list[dict[str, Any]] = list(document.get("channels", {}).values())
            topic = str(channels[0].get("address", "?")) if channels else "?"
            names = sorted(document.get("components", {}).get("messages", {}))
            events = ", ".join(f"<code>{html.escape(n)}</code>" for n in names)
            items.append(
                f'<h2><a href="/events/{service}">{service}</a></h2>'
                f"<p>topic <code>{html.escape(topic)}</code>: {len(names)} event types</p>"
                f"<p>{events}</p>"
            )
        body = "".join(items) or "<p>No AsyncAPI documents found: run <code>make catalog</code></p>"
        intro = (
            "<h1>clc event catalogue</h1><p>CloudEvents over Kafka, one topic per service. Each"
            " event's <code>ce_dataschema</code> header names its JSON Schema under"
            " <code>/events/schemas/</code>.</p>"
        )
        page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>clc events'
        page += f'</title></head><body style="{_STYLE}">{intro}{body}</body></html>'
        return HTMLResponse(page)

    async def service_page(self, request: Request) -> Response:
        service = request.path_params["service"]
        if service.endswith(".asyncapi.json"):
            return self._document_response(service.removesuffix(".asyncapi.json"))
        if self.document(service) is None:
            return Response("no such service", status_code=404, media_type="text/plain")
        if not self.installed:
            where = html.escape(str(self.assets))
            missing = _MISSING.format(where=where, service=service)
            page = (
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>clc {service}'
            )
            page += f' events</title></head><body style="{_STYLE}">{missing}</body></html>'
            return HTMLResponse(page)
        return HTMLResponse(_RENDERED.format(service=service))

    def _document_response(self, service: str) -> Response:
        document = self.document(service)
        if document is None:
            return JSONResponse({"error": "no such service"}, status_code=404)
        return JSONResponse(document)

    async def schema_response(self, request: Request) -> Response:
        p = request.path_params
        version = p["version"]
        if not version.isdigit():
            return JSONResponse({"error": "no such schema"}, status_code=404)
        schema = self.schema(p["service"], p["event"], int(version))
        if schema is None:
            return JSONResponse({"error": "no such schema"}, status_code=404)
        # the address it was fetched from is its identity, whatever host the gateway is behind
        return JSONResponse(
            {**schema, "$id": str(request.url)}, media_type="application/schema+json"
        )

    async def asset(self, request: Request) -> Response:
        found = ASSETS.get(request.path_params["name"])
        if found is None or not (self.assets / found).is_file():
            return Response("not found", status_code=404, media_type="text/plain")
        return FileResponse(
            self.assets / found,
            media_type=_TYPES[Path(found).suffix],
            headers={"cache-control": "public, max-age=3600"},
        )

    def routes(self) -> list[Route]:
        return [
            Route("/events", self.index, methods=["GET"]),
            Route("/events/assets/{name}", self.asset, methods=["GET"]),
            Route(
                "/events/schemas/{service}/{event}/v{version}.json",
                self.schema_response,
                methods=["GET"],
            ),
            Route("/events/{service}", self.service_page, methods=["GET"]),
        ]
