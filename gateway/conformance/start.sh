#!/usr/bin/env bash
# START_SCRIPT for the federation audit: serve the suite's supergraph on :4000 without authentication.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/.venv/bin/clc-gateway" serve --supergraph "$1" --port 4000 --no-auth
