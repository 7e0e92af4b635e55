"""Test support shared across layers: builders and fakes (no mocks)."""
