"""``python -m devstack fetch`` (pre-warm the caches) and ``python -m devstack up``."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time

from devstack._proc import DevstackError, progress
from devstack.kafka_jars import fetch_kafka_libs, java_executable
from devstack.postgres import postgres_bin_dir, postgres_version
from devstack.runtime import Infrastructure


def fetch() -> None:
    """Fetch the Kafka jars and check that the embedded PostgreSQL binaries run here."""
    libs = fetch_kafka_libs()
    progress(f"kafka jars: {libs}")
    progress(f"java: {java_executable()}")
    progress(f"postgres: {postgres_version()} ({postgres_bin_dir()})")


def print_env(env: dict[str, str], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(env), flush=True)
    else:
        for key, value in env.items():
            print(f"export {key}={shlex.quote(value)}", flush=True)


def up(instance: str, *, as_json: bool) -> None:
    """Start PostgreSQL and Kafka, print where they are, stay up until Ctrl-C or SIGTERM."""
    with Infrastructure.start(instance) as infra:
        print_env(infra.env(), as_json=as_json)
        progress("up; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            progress("stopping")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="fetch the Kafka jars, check the PostgreSQL binaries")
    up_parser = commands.add_parser("up", help="start PostgreSQL and Kafka until Ctrl-C")
    up_parser.add_argument("--instance", default="dev", help="embedded PostgreSQL instance name")
    up_parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch()
        else:
            up(args.instance, as_json=args.json)
    except DevstackError as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
