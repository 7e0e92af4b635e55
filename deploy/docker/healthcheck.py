"""The images' Docker HEALTHCHECK: exit 0 when the component answers GET /healthz, else 1.

Standard library only (the slim base has no curl). Port from CLC_HEALTH_PORT (each image sets
its own); https when CLC_HEALTH_SCHEME=https, without verifying the certificate, since only
this container's own loopback is asked.
"""

import os
import ssl
import sys
import urllib.request

scheme = os.environ.get("CLC_HEALTH_SCHEME", "http")
port = os.environ.get("CLC_HEALTH_PORT", "8000")
context = ssl._create_unverified_context() if scheme == "https" else None
try:
    with urllib.request.urlopen(
        f"{scheme}://127.0.0.1:{port}/healthz", timeout=2, context=context
    ) as answer:
        sys.exit(0 if answer.status == 200 else 1)
except Exception as error:
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
