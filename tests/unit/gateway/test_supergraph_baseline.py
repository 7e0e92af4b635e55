"""No breaking change to what clients see unless it was declared.

The client-facing schema of the committed supergraph is compared with the committed baseline
(`gateway/schema.baseline.graphql`) by graphql-core's `find_breaking_changes`. A breaking change
fails here until the baseline is moved forward on purpose with `make schema-baseline`, which
refuses to drop anything that was not `@deprecated` first.
"""

from __future__ import annotations

from pathlib import Path

from clc_gateway.supergraph.evolution import api_sdl, breaking_changes

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "gateway" / "schema.baseline.graphql"
SUPERGRAPH = ROOT / "gateway" / "supergraph.graphql"


def test_the_api_schema_has_no_breaking_change_against_the_baseline() -> None:
    changes = breaking_changes(BASELINE.read_text(), api_sdl(SUPERGRAPH.read_text()))
    assert not changes, (
        "breaking changes to the client-facing schema:\n"
        + "\n".join(f"  {c.type.name}: {c.description}" for c in changes)
        + "\nFields go @deprecated before they go away. If this break is intended and announced, "
        "accept it with `make schema-baseline` and commit gateway/schema.baseline.graphql."
    )
