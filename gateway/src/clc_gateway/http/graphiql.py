"""GraphiQL at ``GET /graphql``, with no request leaving the machine.

The page and its assets come from ``gateway/graphiql/node_modules`` — GraphiQL's UMD bundle and
CSS, React and ReactDOM, pinned in ``gateway/graphiql/package-lock.json`` and installed by
``npm ci`` (``make graphiql``; ``make run`` does it when they are missing) — served under
``/graphiql/``, never from a CDN. Only the files named here are served.

When the assets are absent the gateway still starts, and the page says how to install them. In
development ``make run`` hands the gateway a dev token (``GATEWAY_GRAPHIQL_DEV_TOKEN``), which the
page pre-fills in the headers editor; the settings refuse one in production, where GraphiQL is
off unless ``GATEWAY_GRAPHIQL=true``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

__all__ = ["ASSETS", "GraphiQL", "default_assets_dir"]

#: URL name -> file under node_modules (the only files served)
ASSETS = {
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
}
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def default_assets_dir() -> Path:
    """``gateway/graphiql/node_modules`` of this checkout (the package is installed editable)."""
    return Path(__file__).resolve().parents[3] / "graphiql" / "node_modules"


_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>clc gateway — GraphiQL</title>
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="/graphiql/graphiql.min.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react.production.min.js"></script>
  <script src="/graphiql/react-dom.production.min.js"></script>
  <script src="/graphiql/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {{
      fetcher,
      defaultEditorToolsVisibility: {tools_visible},
      headers: {headers},
      shouldPersistHeaders: false,
    }}));
  </script>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>GraphiQL is not installed</h1>
<p>The gateway serves GraphiQL from <code>{where}</code>, which is missing. Install it once
(Node 20+ and npm; nothing is fetched from a CDN at run time):</p>
<pre>make graphiql        # npm ci in gateway/graphiql</pre>
<p><code>make run</code> does this by itself when npm is there. The GraphQL endpoint itself
works without it: <code>POST /graphql</code>.</p>
</body></html>
"""


@dataclass(frozen=True)
class GraphiQL:
    assets: Path
    """The ``node_modules`` folder holding the files of ``ASSETS``."""
    dev_token: str | None = None
    """A bearer token pre-filled in the headers editor (development only)."""

    @property
    def installed(self) -> bool:
        return all((self.assets / f).is_file() for f in ASSETS.values())

    def page(self) -> str:
        if not self.installed:
            return _MISSING.format(where=html.escape(str(self.assets)))
        headers = ""
        if self.dev_token:
            headers = json.dumps({"Authorization": f"Bearer {self.dev_token}"}, indent=2)
        # JSON in a <script>: "</" must not close the element
        encoded = json.dumps(headers).replace("</", "<\\/")
        return _PAGE.format(headers=encoded, tools_visible="true" if headers else "false")

    async def ide(self, request: Request) -> Response:
        accept = request.headers.get("accept", "")
        if "text/html" not in accept:
            message = "GET /graphql serves GraphiQL to browsers; send operations by POST"
            body = json.dumps({"errors": [{"message": message}]})
            return Response(body, status_code=405, media_type="application/json")
        return HTMLResponse(self.page(), headers={"cache-control": "no-store"})

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
        """The assets' route; ``GET /graphql`` itself is shared with GraphQL-over-HTTP GET, whose
        handler hands a browser's plain request to ``ide``."""
        return [Route("/graphiql/{name}", self.asset, methods=["GET"])]
