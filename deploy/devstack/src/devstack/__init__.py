"""Local runtime: embedded PostgreSQL 18 and a real single-node Kafka, no Docker needed."""

from devstack._proc import DevstackError

__all__ = ["DevstackError"]
