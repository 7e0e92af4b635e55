"""Subscriptions through the gateway, over the real processes (gateway, groups, enquiry; real
PostgreSQL and Kafka): over WebSocket (graphql-transport-ws) and over SSE, a member hears what
another client records in the group — with the groups' fields (the group's name, who recorded it)
resolved as for a query — and someone who may not see the group hears nothing.

A subscriber's ``LISTEN`` starts a moment after it subscribed (the protocol has no "subscribed"
message), so the writer records another entry every second until the first one is heard; what is
heard must be one of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
from devstack.services import start_gateway
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.e2e.gateway_world import new_id, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

HEADER = "x-consistency-token"

ACTIVITY = """
subscription Activity($group: ID!) {
  learningGroupActivity(groupId: $group) {
    kind
    group { name }
    enquiry { title }
    entry { kind body recordedBy { displayName } }
    sessionId
    consistencyToken
  }
}"""

MY_ACTIONS = """
subscription { myActions { kind action { description ownedBy { displayName } } enquiry { title } } }
"""


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    running = start_gateway(services, free_port=True)
    assert running is not None
    try:
        yield running.service.url
    finally:
        running.stop()


class Scene:
    """A group with a co-leader (Lee) and a member (Mo); Oz is in the tenant, not in the group."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tenant = f"live-{uuid.uuid4().hex[:6]}"
        self.admin = token(self.tenant, "admin", "tenant_admin")
        self.school, self.group = new_id(), new_id()
        self.lee, self.mo, self.oz = new_id(), new_id(), new_id()
        self.consistency: str | None = None

    def bearer(self, person: str) -> str:
        return token(self.tenant, person, "teacher")

    async def write(self, bearer: str, name: str, input_type: str, /, **values: Any) -> None:
        """A mutation through the gateway, waiting on (and moving on) the scene's token."""
        query = f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ userErrors {{ code }} }} }}"
        headers = {"authorization": f"Bearer {bearer}"}
        if self.consistency:
            headers[HEADER] = self.consistency
        async with httpx.AsyncClient(timeout=30) as http:
            resp = await http.post(
                f"{self.url}/graphql", json={"query": query, "variables": {"i": values}},
                headers=headers,
            )  # fmt: skip
        body = resp.json()
        assert "errors" not in body and body["data"][name]["userErrors"] == [], (name, body)
        self.consistency = resp.headers[HEADER]

    async def enquiry_in(self, phase_steps: int) -> tuple[str, str]:
        """A launched enquiry of the group with an open cycle, ``phase_steps`` past EXPERIENCE
        (a reflection is recorded on the way past REFLECTION)."""
        enquiry, cycle = new_id(), new_id()
        lee = self.bearer(self.lee)
        await self.write(
            lee, "proposeEnquiry", "ProposeEnquiryInput", enquiryId=enquiry, groupId=self.group,
            title="Live enquiry", question="Who hears it?", approach="COLLABORATIVE_ENQUIRY",
            levels=["ADULT"],
        )  # fmt: skip
        await self.write(lee, "launchEnquiry", "LaunchEnquiryInput", enquiryId=enquiry)
        await self.write(lee, "startCycle", "StartCycleInput", enquiryId=enquiry, cycleId=cycle)
        for step in range(phase_steps):
            if step == 1:
                await self.reflect(enquiry, cycle, "on the way")
            await self.write(
                lee, "advanceCyclePhase", "AdvanceCyclePhaseInput", enquiryId=enquiry,
                cycleId=cycle,
            )  # fmt: skip
        return enquiry, cycle

    async def reflect(self, enquiry: str, cycle: str, text: str) -> None:
        await self.write(
            self.bearer(self.lee), "recordReflection", "RecordReflectionInput",
            enquiryId=enquiry, cycleId=cycle, entryId=new_id(), text=text,
        )  # fmt: skip


@pytest.fixture(scope="module")
async def scene(gateway: str) -> Scene:
    s = Scene(gateway)
    await s.write(s.admin, "registerSchool", "RegisterSchoolInput", schoolId=s.school, name="Live")
    for person, given in ((s.lee, "Lee"), (s.mo, "Mo"), (s.oz, "Oz")):
        await s.write(
            s.admin, "registerPractitioner", "RegisterPractitionerInput", practitionerId=person,
            schoolId=s.school, givenName=given, familyName="Live", role="TEACHER",
        )  # fmt: skip
    await s.write(
        s.admin, "formLearningGroup", "FormLearningGroupInput", groupId=s.group,
        name="Live group", kind="ENQUIRY_GROUP",
    )  # fmt: skip
    for person, role in ((s.lee, "CO_LEADER"), (s.mo, "MEMBER")):
        await s.write(
            s.admin, "addMember", "AddMemberInput", groupId=s.group, practitionerId=person,
            role=role,
        )  # fmt: skip
    return s


@contextlib.asynccontextmanager
async def socket(url: str, init: dict[str, Any]) -> AsyncIterator[ClientConnection]:
    ws_url = url.replace("http://", "ws://") + "/graphql"
    async with connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(orjson.dumps({"type": "connection_init", "payload": init}).decode())
        yield ws


async def acked(ws: ClientConnection) -> None:
    assert orjson.loads(await asyncio.wait_for(ws.recv(), 10)) == {"type": "connection_ack"}


async def subscribe(ws: ClientConnection, sub_id: str, query: str, **variables: Any) -> None:
    payload = {"query": query, "variables": variables}
    await ws.send(orjson.dumps({"type": "subscribe", "id": sub_id, "payload": payload}).decode())


async def heard_while(
    receive: Callable[[], Awaitable[dict[str, Any]]], write: Callable[[int], Awaitable[None]]
) -> dict[str, Any]:
    """The first message heard while ``write(n)`` runs once a second (n = 0, 1, …)."""
    for n in range(30):
        await write(n)
        with contextlib.suppress(TimeoutError):
            return await asyncio.wait_for(receive(), 1.0)
    raise AssertionError("nothing heard in 30 s")


async def test_a_member_hears_a_reflection_another_client_records_over_websocket(
    scene: Scene,
) -> None:
    enquiry, cycle = await scene.enquiry_in(phase_steps=1)  # in REFLECTION
    texts: list[str] = []

    async def reflect(n: int) -> None:
        texts.append(f"reflection {n}")
        await scene.reflect(enquiry, cycle, texts[-1])

    async with socket(scene.url, {"Authorization": f"Bearer {scene.bearer(scene.mo)}"}) as ws:
        await acked(ws)
        await subscribe(ws, "a", ACTIVITY, group=scene.group)

        async def receive() -> dict[str, Any]:
            return dict(orjson.loads(await ws.recv()))

        message = await heard_while(receive, reflect)
    assert message["type"] == "next" and message["id"] == "a", message
    item = message["payload"]["data"]["learningGroupActivity"]
    assert "errors" not in message["payload"], message
    assert item["kind"] == "REFLECTION_RECORDED"
    assert item["group"] == {"name": "Live group"}  # from the groups subgraph
    assert item["enquiry"] == {"title": "Live enquiry"}
    assert item["entry"]["body"] in texts
    assert item["entry"]["recordedBy"] == {"displayName": "Lee Live"}  # groups again
    assert item["consistencyToken"]
    assert "_clcEventToken" not in item  # the gateway's own key for it is not shown


async def test_someone_who_may_not_see_the_group_gets_an_error_and_nothing_else(
    scene: Scene,
) -> None:
    async with socket(scene.url, {"Authorization": f"Bearer {scene.bearer(scene.oz)}"}) as ws:
        await acked(ws)
        await subscribe(ws, "x", ACTIVITY, group=scene.group)
        message = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
        # refused while starting: one result with the error, then the end (as graphql-ws does)
        assert message["type"] == "next" and message["id"] == "x", message
        assert message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        ended = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
    assert ended == {"type": "complete", "id": "x"}


async def test_another_tenant_may_not_follow_the_group_knowing_its_id(scene: Scene) -> None:
    other = token(f"other-{scene.tenant}", scene.mo, "tenant_admin")
    async with socket(scene.url, {"Authorization": f"Bearer {other}"}) as ws:
        await acked(ws)
        await subscribe(ws, "x", ACTIVITY, group=scene.group)
        message = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN", message


async def test_a_bad_token_in_connection_init_closes_the_socket_with_4403(scene: Scene) -> None:
    async with socket(scene.url, {"Authorization": "Bearer not-a-token"}) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_the_connection_limit_refuses_one_subscription_too_many(scene: Scene) -> None:
    async with socket(scene.url, {"Authorization": f"Bearer {scene.bearer(scene.mo)}"}) as ws:
        await acked(ws)
        for n in range(21):
            await subscribe(ws, f"s{n}", ACTIVITY, group=scene.group)
        message = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message == {
        "type": "error",
        "id": "s20",
        "payload": [
            {
                "message": "at most 20 subscriptions per connection",
                "extensions": {"code": "TOO_MANY_SUBSCRIPTIONS"},
            }
        ],
    }


async def test_a_member_hears_ideas_and_sessions_over_sse(scene: Scene) -> None:
    enquiry, cycle = await scene.enquiry_in(phase_steps=2)  # in NEW_IDEAS
    sessions: list[str] = []
    turns = itertools.count()

    async def idea_or_session(_: int) -> None:
        n = next(turns)  # alternates across calls of heard_while
        if n % 2:
            await scene.write(
                scene.bearer(scene.lee), "proposeIdea", "ProposeIdeaInput", enquiryId=enquiry,
                cycleId=cycle, entryId=new_id(), text=f"idea {n}", knowledgeField="PRACTITIONER",
            )  # fmt: skip
        else:
            sessions.append(new_id())
            await scene.write(
                scene.admin, "scheduleSession", "ScheduleSessionInput", groupId=scene.group,
                sessionId=sessions[-1], protocol="DIALOGUE",
                startsAt=(datetime.now(UTC) + timedelta(days=7)).isoformat(),
            )  # fmt: skip

    headers = {
        "authorization": f"Bearer {scene.bearer(scene.mo)}",
        "accept": "text/event-stream",
    }
    body = {"query": ACTIVITY, "variables": {"group": scene.group}}
    kinds: set[str] = set()
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(60, read=None)) as http,
        http.stream("POST", f"{scene.url}/graphql", json=body, headers=headers) as resp,
    ):
        assert resp.headers["content-type"].startswith("text/event-stream")
        lines = resp.aiter_lines()

        async def receive() -> dict[str, Any]:
            event = None
            async for line in lines:
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                elif line.startswith("data: ") and event == "next":
                    return dict(orjson.loads(line[len("data: ") :]))
            raise AssertionError("the stream ended")

        n = 0
        while kinds != {"IDEA_PROPOSED", "SESSION_SCHEDULED"} and n < 30:
            result = await heard_while(receive, idea_or_session)
            assert "errors" not in result, result
            item = result["data"]["learningGroupActivity"]
            assert item["group"] == {"name": "Live group"}
            if item["kind"] == "SESSION_SCHEDULED":
                assert item["sessionId"] in sessions
            else:
                assert item["entry"]["kind"] == "IDEA"
            kinds.add(item["kind"])
            n += 1
    assert kinds == {"IDEA_PROPOSED", "SESSION_SCHEDULED"}


async def test_my_actions_hears_an_action_planned_for_me(scene: Scene) -> None:
    enquiry, cycle = await scene.enquiry_in(phase_steps=3)  # in PLANNED_ACTION
    planned: list[str] = []

    async def plan(n: int) -> None:
        planned.append(f"try hinge questions ({n})")
        await scene.write(
            scene.bearer(scene.lee), "planAction", "PlanActionInput", enquiryId=enquiry,
            cycleId=cycle, entryId=new_id(), description=planned[-1], ownerId=scene.mo,
        )  # fmt: skip

    # the same person id in another tenant: hears nothing of this tenant's actions
    other = token(f"other-{scene.tenant}", scene.mo, "teacher")
    async with (
        socket(scene.url, {"Authorization": f"Bearer {scene.bearer(scene.mo)}"}) as ws,
        socket(scene.url, {"Authorization": f"Bearer {other}"}) as elsewhere,
    ):
        await acked(ws)
        await acked(elsewhere)
        await subscribe(elsewhere, "m", MY_ACTIONS)
        await subscribe(ws, "m", MY_ACTIONS)

        async def receive() -> dict[str, Any]:
            return dict(orjson.loads(await ws.recv()))

        message = await heard_while(receive, plan)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(elsewhere.recv(), 1.0)
    item = message["payload"]["data"]["myActions"]
    assert item["kind"] == "ACTION_PLANNED"
    assert item["action"]["description"] in planned
    assert item["action"]["ownedBy"] == {"displayName": "Mo Live"}
    assert item["enquiry"] == {"title": "Live enquiry"}
