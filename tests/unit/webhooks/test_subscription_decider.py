"""The webhook subscription decider: given events, when a command, then events or a refusal."""

from __future__ import annotations

from datetime import UTC, datetime

from clc_webhooks.domain import DECIDER
from clc_webhooks.domain.errors import (
    AlreadyPaused,
    EndpointMustBeHttps,
    EndpointNotAllowed,
    InvalidEventTypePattern,
    NoEventTypes,
    NotPaused,
    NotTenantAdmin,
    WebhookSubscriptionAlreadyExists,
    WebhookSubscriptionNotFound,
)
from clc_webhooks.domain.subscription import (
    CreateWebhookSubscription,
    PauseWebhookSubscription,
    ReplayWebhookDeliveries,
    ResumeWebhookSubscription,
    RotateWebhookSecret,
    WebhookReplayRequested,
    WebhookSecretRotated,
    WebhookSubscriptionCreated,
    WebhookSubscriptionPaused,
    WebhookSubscriptionResumed,
)
from eventkit.domain import Actor

from tests.support.scenario import given

ADMIN = Actor(tenant_id="t1", person_id="p-admin", roles=frozenset({"tenant_admin"}))
MEMBER = Actor(tenant_id="t1", person_id="p-member", roles=frozenset())
OTHER_ADMIN = Actor(tenant_id="t2", person_id="p-admin", roles=frozenset({"tenant_admin"}))
SID = "sub-1"


def create(
    url: str = "https://hooks.school.example/clc", **kw: object
) -> CreateWebhookSubscription:
    fields: dict[str, object] = {
        "actor": ADMIN,
        "subscription_id": SID,
        "url": url,
        "event_types": ("clc.enquiry.*", "clc.groups.MemberAdded"),
        "secret_id": "s1",
    }
    fields.update(kw)
    return CreateWebhookSubscription(**fields)  # type: ignore[arg-type]


CREATED = WebhookSubscriptionCreated(
    subscription_id=SID,
    tenant_id="t1",
    url="https://hooks.school.example/clc",
    event_types=["clc.enquiry.*", "clc.groups.MemberAdded"],
    secret_id="s1",
    created_by="p-admin",
)


def test_a_tenant_admin_subscribes_an_https_endpoint() -> None:
    given(DECIDER).when(create()).then(CREATED)


def test_only_a_tenant_admin_subscribes() -> None:
    given(DECIDER).when(create(actor=MEMBER)).then_refused(NotTenantAdmin)


def test_a_subscription_id_is_used_once() -> None:
    given(DECIDER, CREATED).when(create()).then_refused(
        WebhookSubscriptionAlreadyExists, field="subscription_id"
    )


def test_plain_http_is_refused_unless_loopback_is_allowed() -> None:
    given(DECIDER).when(create("http://hooks.school.example/")).then_refused(
        EndpointMustBeHttps, field="url"
    )
    given(DECIDER).when(create("http://127.0.0.1:9000/")).then_refused(
        EndpointMustBeHttps, field="url"
    )
    allowed = create("http://127.0.0.1:9000/hook", http_loopback_allowed=True)
    given(DECIDER).when(allowed).then(
        CREATED.model_copy(update={"url": "http://127.0.0.1:9000/hook"})
    )
    # allowing loopback does not open plain http to anyone else
    other = create("http://hooks.school.example/", http_loopback_allowed=True)
    given(DECIDER).when(other).then_refused(EndpointMustBeHttps, field="url")


def test_internal_addresses_are_refused() -> None:
    for url in (
        "https://10.0.0.5/hook",
        "https://192.168.1.1/",
        "https://169.254.169.254/latest",
        "https://[::1]/",
        "https://localhost/",
        "https://0.0.0.0/",
    ):
        given(DECIDER).when(create(url)).then_refused(EndpointNotAllowed, field="url")


def test_malformed_urls_are_refused() -> None:
    for url in ("not a url", "https://", "https://user:pw@host.example/", "ftp://host.example/"):
        given(DECIDER).when(create(url)).then_refused(EndpointMustBeHttps, field="url")


def test_event_types_are_types_or_globs() -> None:
    given(DECIDER).when(create(event_types=())).then_refused(NoEventTypes, field="event_types")
    given(DECIDER).when(create(event_types=("clc.groups.*", "a b"))).then_refused(
        InvalidEventTypePattern, field="event_types"
    )
    given(DECIDER).when(create(event_types=tuple(f"t{i}" for i in range(21)))).then_refused(
        NoEventTypes, field="event_types"
    )


def test_rotate_pause_resume_replay() -> None:
    rotated = WebhookSecretRotated(subscription_id=SID, secret_id="s2")
    state = (
        given(DECIDER, CREATED)
        .when(RotateWebhookSecret(actor=ADMIN, subscription_id=SID, secret_id="s2"))
        .then(rotated)
    )
    assert state.secret_id == "s2"
    pause = PauseWebhookSubscription(actor=ADMIN, subscription_id=SID)
    paused = WebhookSubscriptionPaused(subscription_id=SID)
    given(DECIDER, CREATED).when(pause).then(paused)
    given(DECIDER, CREATED, paused).when(pause).then_refused(AlreadyPaused, field="subscription_id")
    resume = ResumeWebhookSubscription(actor=ADMIN, subscription_id=SID)
    given(DECIDER, CREATED).when(resume).then_refused(NotPaused, field="subscription_id")
    given(DECIDER, CREATED, paused).when(resume).then(
        WebhookSubscriptionResumed(subscription_id=SID)
    )
    at = datetime(2026, 11, 1, tzinfo=UTC)
    replay = ReplayWebhookDeliveries(actor=ADMIN, subscription_id=SID, from_time=at, replay_id="r1")
    given(DECIDER, CREATED).when(replay).then(
        WebhookReplayRequested(subscription_id=SID, replay_id="r1", from_time=at)
    )


def test_another_tenant_finds_no_subscription() -> None:
    for command in (
        RotateWebhookSecret(actor=OTHER_ADMIN, subscription_id=SID, secret_id="s2"),
        PauseWebhookSubscription(actor=OTHER_ADMIN, subscription_id=SID),
    ):
        given(DECIDER, CREATED).when(command).then_refused(
            WebhookSubscriptionNotFound, field="subscription_id"
        )
    given(DECIDER).when(PauseWebhookSubscription(actor=ADMIN, subscription_id=SID)).then_refused(
        WebhookSubscriptionNotFound, field="subscription_id"
    )
