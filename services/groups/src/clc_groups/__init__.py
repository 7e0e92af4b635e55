"""The groups service."""
