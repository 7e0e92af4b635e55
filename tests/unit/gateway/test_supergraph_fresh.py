"""The committed supergraph is what `make supergraph` would write now — checked without Node.

(a) each service's SDL, printed offline as `clc-<service> sdl` prints it, equals the committed
`gateway/subgraphs/<name>.graphql`; (b) the supergraph's header records the sha256 of exactly those
files. Either fails after a schema change until `make supergraph` is run and its output committed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clc_enquiry.app import create_app as enquiry_app
from clc_gateway.supergraph.evolution import composed_from, sha256_text
from clc_groups.app import create_app as groups_app
from clc_knowledge.app import create_app as knowledge_app
from clc_webhooks.app import create_app as webhooks_app
from fastapi import FastAPI
from servicekit.cli import subgraph_sdl

ROOT = Path(__file__).resolve().parents[3]
SUBGRAPHS = ROOT / "gateway" / "subgraphs"
SUPERGRAPH = ROOT / "gateway" / "supergraph.graphql"
STALE = "stale: run `make supergraph` and commit gateway/subgraphs/ and gateway/supergraph.graphql"

#: every service composed into the supergraph (the Makefile's SUBGRAPHS, in the same order)
SERVICES: dict[str, Callable[[], FastAPI]] = {
    "groups": groups_app,
    "enquiry": enquiry_app,
    "knowledge": knowledge_app,
    "webhooks": webhooks_app,
}


@pytest.mark.parametrize("name", list(SERVICES))
def test_the_committed_subgraph_sdl_is_what_the_service_prints(name: str) -> None:
    printed = subgraph_sdl(SERVICES[name]()) + "\n"  # as `clc-<name> sdl > file` writes it
    committed = SUBGRAPHS / f"{name}.graphql"
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing; {STALE}"
    assert committed.read_text() == printed, f"{name}'s SDL changed; {STALE}"


def test_no_subgraph_file_is_left_over_from_a_removed_service() -> None:
    assert {p.stem for p in SUBGRAPHS.glob("*.graphql")} == set(SERVICES), STALE


def test_the_supergraph_was_composed_from_the_committed_subgraph_files() -> None:
    recorded = composed_from(SUPERGRAPH.read_text())
    assert list(recorded) == list(SERVICES), f"the supergraph composes {list(recorded)}; {STALE}"
    for name, entry in recorded.items():
        current = sha256_text((SUBGRAPHS / f"{name}.graphql").read_text())
        assert entry.sha256 == current, f"the supergraph predates {name}'s SDL; {STALE}"
