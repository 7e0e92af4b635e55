"""The webhooks subgraph's request context: servicekit's, plus the consistency token helpers.

Only a tenant admin sees webhook subscriptions and deliveries; anyone else reads none (not an
error: the lists are empty, a subscription by id is null), and row-level security keeps every
read inside the caller's tenant.
"""

from __future__ import annotations

from eventkit.principal import Principal
from servicekit import consistency
from servicekit.context import ServiceContext
from servicekit.runtime import Services
from strawberry.types import Info

from clc_webhooks.application import WebhooksService
from clc_webhooks.domain.subscription import TENANT_ADMIN

__all__ = ["SERVICE", "Ctx", "WebhooksContext", "encode_token"]

SERVICE = "webhooks"


def encode_token(position: int | None) -> str | None:
    return consistency.token_at(SERVICE, position)


class WebhooksContext(ServiceContext[WebhooksService]):
    def __init__(
        self,
        services: Services[WebhooksService],
        principal: Principal | None,
        auth_error: str | None,
    ) -> None:
        super().__init__(services, principal, auth_error)

    @property
    def is_admin(self) -> bool:
        return self.principal.has_role(TENANT_ADMIN)

    async def consistent(self, token: int | str | None) -> None:
        position = (
            token
            if isinstance(token, int)
            else (None if not token else consistency.position_in(token, SERVICE))
        )
        if not await self.reached(position):
            raise consistency.not_yet_consistent(str(token))


Ctx = Info[WebhooksContext, None]
