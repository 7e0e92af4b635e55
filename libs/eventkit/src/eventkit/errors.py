"""Errors raised by eventkit and by the domains built on it.

Every error a caller can act on is named after the rule or condition it reports, and carries a
stable machine ``code`` (what GraphQL ``userErrors`` return) and, where the rule concerns one input,
the ``field`` that broke it.

::

    EventkitError                      anything eventkit raises on purpose
    ├── DomainError                    a command was refused; code + message + field reach the user
    │   ├── RuleViolated               a named business rule (subclass per rule in each domain)
    │   ├── NotAuthorized              the principal may not do this (reveals nothing more)
    │   ├── NotFound                   no such stream/entity for this tenant
    │   ├── InvalidInput               input fails validation before any rule is evaluated
    │   │   ├── InvalidCommandId       an idempotency key that is empty, too long or unprintable
    │   │   ├── DateOutOfRange         a date or instant outside what every read model stores
    │   │   ├── TimeZoneMissing        an instant without a UTC offset
    │   │   └── ControlCharacterInText a C0 control character (or unpaired surrogate) in a text
    │   ├── IdempotencyKeyReused       a command id already answered a different command
    │   └── IdAlreadyTaken             a create names an id another kind of aggregate uses
    ├── ConcurrencyError
    │   └── WrongExpectedVersion       the stream moved on since it was read; nothing was written
    ├── UnknownEventType               the registry cannot map a stored type name to a class
    ├── AuthenticationFailed           a credential is missing, malformed, expired or unverifiable
    └── ConsistencyTimeout             a read model did not reach a consistency token in time

Domains subclass ``RuleViolated`` once per rule, e.g.::

    class CoLeadersFromOneSchool(RuleViolated):
        code = "CO_LEADERS_FROM_ONE_SCHOOL"
        default_message = "Launching needs co-leaders from at least two different member schools"
"""

from __future__ import annotations

__all__ = [
    "AuthenticationFailed",
    "ConcurrencyError",
    "ConsistencyTimeout",
    "ControlCharacterInText",
    "DateOutOfRange",
    "DomainError",
    "EventkitError",
    "IdAlreadyTaken",
    "IdempotencyKeyReused",
    "InvalidCommandId",
    "InvalidInput",
    "NotAuthorized",
    "NotFound",
    "RuleViolated",
    "TimeZoneMissing",
    "UnknownEventType",
    "WrongExpectedVersion",
]


class EventkitError(Exception):
    """Base of every deliberate eventkit error."""


class DomainError(EventkitError):
    """A command was refused. Rendered to API clients as a user error."""

    code: str = "DOMAIN_ERROR"
    default_message: str = "The command was refused"

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r})"


class RuleViolated(DomainError):
    code = "RULE_VIOLATED"
    default_message = "A business rule was violated"


class NotAuthorized(DomainError):
    code = "NOT_AUTHORIZED"
    default_message = "You are not allowed to do this"


class NotFound(DomainError):
    code = "NOT_FOUND"
    default_message = "Not found"


class InvalidInput(DomainError):
    code = "INVALID_INPUT"
    default_message = "The input is not valid"


class InvalidCommandId(InvalidInput):
    code = "INVALID_COMMAND_ID"
    default_message = "The command id is not valid"

    def __init__(self, message: str | None = None, *, field: str | None = "command_id") -> None:
        super().__init__(message, field=field)


class IdempotencyKeyReused(DomainError):
    """The command id was already used for another command (another type, stream, actor or
    content). Nothing was written; a new command needs a new id."""

    code = "IDEMPOTENCY_KEY_REUSED"
    default_message = "This command id was already used for a different command"

    def __init__(self, message: str | None = None, *, field: str | None = "command_id") -> None:
        super().__init__(message, field=field)


class IdAlreadyTaken(DomainError):
    """A command that would create an aggregate names an id that, in this tenant, another kind
    of aggregate already has (stream ids are unique per tenant, across kinds)."""

    code = "ID_ALREADY_TAKEN"
    default_message = "This id is already in use"


# The input bounds every domain shares (``eventkit.domain``). They are raised by pydantic validators
# while a command is built, so they are also ``ValueError``s: pydantic wraps them in its
# ``ValidationError`` (keeping the instance in the error's ``ctx``), and the application layer
# re-raises them as themselves, naming the command field.
class DateOutOfRange(InvalidInput, ValueError):
    code = "DATE_OUT_OF_RANGE"
    default_message = "Dates must lie between 1900-01-01 and 2200-12-31 (UTC)"


class TimeZoneMissing(InvalidInput, ValueError):
    code = "TIME_ZONE_MISSING"
    default_message = "A date and time needs a time zone (e.g. 2025-01-31T15:30:00Z)"


class ControlCharacterInText(InvalidInput, ValueError):
    code = "CONTROL_CHARACTER_IN_TEXT"
    default_message = (
        "Text may not contain control characters (only tabs and line breaks, in multi-line text)"
    )


class ConcurrencyError(EventkitError):
    """Optimistic concurrency failed."""


class WrongExpectedVersion(ConcurrencyError):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        super().__init__(f"stream {stream_id!r}: expected version {expected}, actual {actual}")


class UnknownEventType(EventkitError):
    pass


class AuthenticationFailed(EventkitError):
    pass


class ConsistencyTimeout(EventkitError):
    def __init__(self, token: int, waited_s: float) -> None:
        self.token = token
        super().__init__(f"read model did not reach position {token} within {waited_s:.1f}s")
