"""Maps stored event type names to domain event classes, upcasting old schema versions.

An event's shape is frozen once written. When a model changes, bump its ``schema_version`` and
register an upcaster that turns the previous version's data into the next one; reads then chain
upcasters until the data matches the current class, so old streams never need rewriting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .domain import DomainEvent
from .envelope import EventMetadata, NewEvent, RecordedEvent
from .errors import UnknownEventType

__all__ = ["EventRegistry", "Upcaster"]

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class EventRegistry:
    def __init__(self, event_classes: Iterable[type[DomainEvent]] = ()) -> None:
        self._classes: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        for cls in event_classes:
            self.register(cls)

    def register(self, cls: type[DomainEvent]) -> type[DomainEvent]:
        known = self._classes.get(cls.event_type)
        if known is not None and known is not cls:
            raise ValueError(f"event type {cls.event_type!r} registered twice")
        self._classes[cls.event_type] = cls
        return cls

    def upcaster(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorator: ``@registry.upcaster("MemberAdded", 1)`` turns v1 data into v2 data."""

        def register(fn: Upcaster) -> Upcaster:
            self._upcasters[(event_type, from_version)] = fn
            return fn

        return register

    def has_upcaster(self, event_type: str, from_version: int) -> bool:
        """Whether ``from_version`` data can be read as the next version (the compatibility gate
        asks before it accepts a new schema version)."""
        return (event_type, from_version) in self._upcasters

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._classes

    def class_for(self, event_type: str) -> type[DomainEvent]:
        try:
            return self._classes[event_type]
        except KeyError:
            raise UnknownEventType(event_type) from None

    @property
    def event_types(self) -> dict[str, type[DomainEvent]]:
        return dict(self._classes)

    def to_new_event(self, event: DomainEvent, metadata: EventMetadata) -> NewEvent:
        return NewEvent(
            event_type=event.event_type,
            schema_version=event.schema_version,
            data=event.model_dump(mode="json"),
            metadata=metadata,
        )

    def upcast(self, event_type: str, schema_version: int, data: dict[str, Any]) -> dict[str, Any]:
        target = self.class_for(event_type).schema_version
        version = schema_version
        while version < target:
            step = self._upcasters.get((event_type, version))
            if step is None:
                raise UnknownEventType(f"{event_type} v{version}: no upcaster to v{version + 1}")
            data = step(data)
            version += 1
        return data

    def to_domain(self, recorded: RecordedEvent) -> DomainEvent:
        cls = self.class_for(recorded.event_type)
        data = self.upcast(recorded.event_type, recorded.schema_version, recorded.data)
        return cls.model_validate(data)
