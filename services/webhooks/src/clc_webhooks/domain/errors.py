"""Every refusal the webhooks domain can give, one class per named rule::

DomainError (eventkit)
├── RuleViolated
│   ├── WebhookSubscriptionAlreadyExists   a subscription id is used once
│   ├── EndpointMustBeHttps                https only (http on loopback where allowed)
│   ├── EndpointNotAllowed                 no private, link-local or unspecified address
│   ├── NoEventTypes                       a subscription names 1-20 event types
│   ├── InvalidEventTypePattern            a pattern is a CloudEvents type or a glob of one
│   ├── AlreadyPaused                      pausing a paused subscription
│   └── NotPaused                          resuming an active one
├── NotAuthorized
│   └── NotTenantAdmin                     only a tenant admin manages webhooks
└── NotFound
    └── WebhookSubscriptionNotFound
"""

from __future__ import annotations

from eventkit.errors import NotAuthorized, NotFound, RuleViolated

__all__ = [
    "AlreadyPaused",
    "EndpointMustBeHttps",
    "EndpointNotAllowed",
    "InvalidEventTypePattern",
    "NoEventTypes",
    "NotPaused",
    "NotTenantAdmin",
    "WebhookSubscriptionAlreadyExists",
    "WebhookSubscriptionNotFound",
]


class WebhookSubscriptionAlreadyExists(RuleViolated):
    code = "WEBHOOK_SUBSCRIPTION_ALREADY_EXISTS"
    default_message = "A webhook subscription with this id exists already"


class EndpointMustBeHttps(RuleViolated):
    code = "ENDPOINT_MUST_BE_HTTPS"
    default_message = "The endpoint must be an https:// URL"


class EndpointNotAllowed(RuleViolated):
    code = "ENDPOINT_NOT_ALLOWED"
    default_message = (
        "The endpoint must be a public host: no private, link-local or unspecified address"
    )


class NoEventTypes(RuleViolated):
    code = "NO_EVENT_TYPES"
    default_message = "Name between 1 and 20 event types (e.g. clc.enquiry.*)"


class InvalidEventTypePattern(RuleViolated):
    code = "INVALID_EVENT_TYPE_PATTERN"
    default_message = (
        "An event type is a CloudEvents type such as clc.groups.MemberAdded,"
        " or a glob of one such as clc.enquiry.*"
    )


class AlreadyPaused(RuleViolated):
    code = "WEBHOOK_ALREADY_PAUSED"
    default_message = "The subscription is paused already"


class NotPaused(RuleViolated):
    code = "WEBHOOK_NOT_PAUSED"
    default_message = "The subscription is not paused"


class NotTenantAdmin(NotAuthorized):
    code = "NOT_TENANT_ADMIN"
    default_message = "Only a tenant admin manages webhooks"


class WebhookSubscriptionNotFound(NotFound):
    code = "WEBHOOK_SUBSCRIPTION_NOT_FOUND"
    default_message = "No such webhook subscription"
