"""A webhook subscription: a tenant's endpoint, the event types it receives, its signing secret.

Only a tenant admin creates, rotates, pauses, resumes and replays. The secret itself never
enters an event: the application layer generates and stores it (encrypted) under a fresh
``secret_id`` and the events name that id only — the event log and the topic can be read by
operators and consumers, a secret must not be.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, assert_never

from eventkit.domain import Actor, Command, Decider, DomainEvent, Instant
from pydantic import BaseModel, ConfigDict

from .endpoints import check_endpoint, check_patterns
from .errors import (
    AlreadyPaused,
    NotPaused,
    NotTenantAdmin,
    WebhookSubscriptionAlreadyExists,
    WebhookSubscriptionNotFound,
)

__all__ = [
    "DECIDER",
    "EVENT_TYPES",
    "TENANT_ADMIN",
    "CreateWebhookSubscription",
    "PauseWebhookSubscription",
    "ReplayWebhookDeliveries",
    "ResumeWebhookSubscription",
    "RotateWebhookSecret",
    "SubscriptionCommand",
    "SubscriptionEvent",
    "SubscriptionState",
    "WebhookReplayRequested",
    "WebhookSecretRotated",
    "WebhookSubscriptionCreated",
    "WebhookSubscriptionPaused",
    "WebhookSubscriptionResumed",
    "decide",
    "evolve",
]

TENANT_ADMIN = "tenant_admin"

# --- events --------------------------------------------------------------------------------


class WebhookSubscriptionCreated(DomainEvent):
    subscription_id: str
    tenant_id: str
    url: str
    event_types: list[str]
    """CloudEvents types or globs of them (``clc.enquiry.*``)."""
    description: str | None = None
    secret_id: str
    """Which stored (encrypted) secret signs the deliveries; never the secret."""
    created_by: str


class WebhookSecretRotated(DomainEvent):
    subscription_id: str
    secret_id: str


class WebhookSubscriptionPaused(DomainEvent):
    subscription_id: str


class WebhookSubscriptionResumed(DomainEvent):
    subscription_id: str


class WebhookReplayRequested(DomainEvent):
    subscription_id: str
    replay_id: str
    from_time: datetime
    """Every event of the subscription's types recorded at or after this is delivered again."""


SubscriptionEvent = (
    WebhookSubscriptionCreated
    | WebhookSecretRotated
    | WebhookSubscriptionPaused
    | WebhookSubscriptionResumed
    | WebhookReplayRequested
)
EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    WebhookSubscriptionCreated,
    WebhookSecretRotated,
    WebhookSubscriptionPaused,
    WebhookSubscriptionResumed,
    WebhookReplayRequested,
)

# --- commands ------------------------------------------------------------------------------


class _AdminCommand(Command):
    actor: Actor
    subscription_id: str


class CreateWebhookSubscription(_AdminCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"secret_id", "http_loopback_allowed"})

    url: str
    event_types: tuple[str, ...]
    description: str | None = None
    secret_id: str
    http_loopback_allowed: bool = False


class RotateWebhookSecret(_AdminCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"secret_id"})

    secret_id: str


class PauseWebhookSubscription(_AdminCommand):
    pass


class ResumeWebhookSubscription(_AdminCommand):
    pass


class ReplayWebhookDeliveries(_AdminCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"replay_id"})

    from_time: Instant
    replay_id: str


SubscriptionCommand = (
    CreateWebhookSubscription
    | RotateWebhookSecret
    | PauseWebhookSubscription
    | ResumeWebhookSubscription
    | ReplayWebhookDeliveries
)

# --- state ---------------------------------------------------------------------------------


class SubscriptionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    tenant_id: str | None = None
    paused: bool = False
    secret_id: str | None = None


# --- decide / evolve -----------------------------------------------------------------------


def decide(state: SubscriptionState, command: SubscriptionCommand) -> list[SubscriptionEvent]:
    if not command.actor.has_role(TENANT_ADMIN):
        raise NotTenantAdmin()
    if isinstance(command, CreateWebhookSubscription):
        return _create(state, command)
    if not (state.exists and state.tenant_id == command.actor.tenant_id):
        raise WebhookSubscriptionNotFound(field="subscription_id")
    sid = command.subscription_id
    match command:
        case RotateWebhookSecret():
            return [WebhookSecretRotated(subscription_id=sid, secret_id=command.secret_id)]
        case PauseWebhookSubscription():
            if state.paused:
                raise AlreadyPaused(field="subscription_id")
            return [WebhookSubscriptionPaused(subscription_id=sid)]
        case ResumeWebhookSubscription():
            if not state.paused:
                raise NotPaused(field="subscription_id")
            return [WebhookSubscriptionResumed(subscription_id=sid)]
        case ReplayWebhookDeliveries():
            return [
                WebhookReplayRequested(
                    subscription_id=sid, replay_id=command.replay_id, from_time=command.from_time
                )
            ]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _create(
    state: SubscriptionState, command: CreateWebhookSubscription
) -> list[SubscriptionEvent]:
    if state.exists:
        raise WebhookSubscriptionAlreadyExists(field="subscription_id")
    url = check_endpoint(command.url, http_loopback_allowed=command.http_loopback_allowed)
    return [
        WebhookSubscriptionCreated(
            subscription_id=command.subscription_id,
            tenant_id=command.actor.tenant_id,
            url=url,
            event_types=list(check_patterns(command.event_types)),
            description=command.description,
            secret_id=command.secret_id,
            created_by=command.actor.person_id,
        )
    ]


def evolve(state: SubscriptionState, event: SubscriptionEvent) -> SubscriptionState:
    match event:
        case WebhookSubscriptionCreated():
            return SubscriptionState(
                exists=True, tenant_id=event.tenant_id, secret_id=event.secret_id
            )
        case WebhookSecretRotated():
            return state.model_copy(update={"secret_id": event.secret_id})
        case WebhookSubscriptionPaused():
            return state.model_copy(update={"paused": True})
        case WebhookSubscriptionResumed():
            return state.model_copy(update={"paused": False})
        case WebhookReplayRequested():
            return state
    assert_never(event)  # pragma: no mutate


DECIDER: Decider[SubscriptionState, SubscriptionCommand, SubscriptionEvent] = Decider(
    stream_type="webhook_subscription",
    initial_state=SubscriptionState,
    decide=decide,
    evolve=evolve,
)
