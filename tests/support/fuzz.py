"""Schema-driven fuzzing of a subgraph over HTTP: hypothesis-graphql writes the operations.

The subgraph runs in-process on the test's event loop; hypothesis is synchronous, so the search
runs in a worker thread and hands each request back to the loop
(``run_coroutine_threadsafe``). That keeps one loop for the app, its pool and its consumers, as in
production, while hypothesis shrinks a failure to the smallest operation that shows it.

What every generated request must satisfy, whoever sends it:
- no 5xx, and a JSON answer whenever the status is 200;
- no error message that leaks internals (driver text, Python names, tracebacks);
- none of the victim tenant's private strings anywhere in the body (the victim's data is seeded
  with ``MARKER`` in every free-text value, which an attacker's generated input never contains).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import graphql
import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema

#: appears in every free-text value of the victim tenant; an attacker never sends it
MARKER = "Zq7victim"

#: fragments of error text that only an internal failure produces
INTERNAL_TEXT = (
    "asyncpg",
    "Traceback",
    "psycopg",
    "pydantic",
    "ValidationError",
    "duplicate key",
    "violates",
    'relation "',
    "NoneType",
    "object has no attribute",
)

Send = Callable[[str | None, str], Awaitable[httpx.Response]]


@dataclass
class FuzzReport:
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    with_errors: int = 0


def id_strategy(known_ids: Sequence[str]) -> st.SearchStrategy[graphql.ValueNode]:
    """IDs are mostly the victim's real ids (the interesting case), sometimes arbitrary text."""
    text = st.text(min_size=0, max_size=40)
    chosen = st.one_of(st.sampled_from(list(known_ids)), text)
    return chosen.map(lambda value: graphql.StringValueNode(value=value))


def custom_scalars(known_ids: Sequence[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    moments = st.sampled_from(
        [
            "2035-01-01T09:00:00Z",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "not a date",
            "2035-01-01T09:00:00",
        ]
    )
    days = st.sampled_from(["2025-03-04", "0001-01-01", "9999-12-31", "2025-02-30", "soon"])
    return {
        "ID": id_strategy(known_ids),
        "Date": days.map(lambda v: graphql.StringValueNode(value=v)),
        "DateTime": moments.map(lambda v: graphql.StringValueNode(value=v)),
        "_Any": st.sampled_from(
            [
                graphql.ObjectValueNode(fields=()),
                graphql.parse_value('{__typename: "School", id: "x"}'),
            ]
        ),
        "JSON": st.just(graphql.parse_value("{}")),
        "Upload": st.just(graphql.NullValueNode()),
    }


def check_response(
    response: httpx.Response, report: FuzzReport, *, victim: bool, marker: str = MARKER
) -> None:
    """``victim``: the sender is not the victim tenant, so none of its data may come back."""
    report.requests += 1
    report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
    assert response.status_code < 500, response.text[:2000]
    text = response.text
    if victim:
        assert marker not in text, f"victim data leaked: {text[:2000]}"
    if response.status_code != 200:
        return
    body = json.loads(text)
    assert isinstance(body, dict), text[:500]
    for error in body.get("errors") or []:
        report.with_errors += 1
        message = str(error.get("message", ""))
        for fragment in INTERNAL_TEXT:
            assert fragment not in message, f"internal text in error: {error}"


async def fuzz(
    send: Send,
    schema: graphql.GraphQLSchema,
    credentials: Sequence[str | None],
    known_ids: Sequence[str],
    *,
    examples: int,
    mode: Mode = Mode.POSITIVE,
    attacker: bool = True,
    marker: str = MARKER,
) -> FuzzReport:
    """Send ``examples`` generated operations, each with one of ``credentials``.

    ``attacker``: the credentials are not the victim tenant's, so the victim's marker must never
    come back; with the victim's own credentials only the other properties are checked.
    """
    loop = asyncio.get_running_loop()
    report = FuzzReport()
    operations = from_schema(schema, custom_scalars=custom_scalars(known_ids), mode=mode)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=operations, credential=st.sampled_from(list(credentials)))
    def one(operation: str, credential: str | None) -> None:
        future = asyncio.run_coroutine_threadsafe(send(credential, operation), loop)
        check_response(future.result(timeout=60), report, victim=attacker, marker=marker)

    await asyncio.to_thread(one)
    return report
