"""Live activity: the projection that announces changes, and the subscriptions that deliver them."""

from .announce import CHANNEL, ActivityAnnouncer

__all__ = ["CHANNEL", "ActivityAnnouncer"]
