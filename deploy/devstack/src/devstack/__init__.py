"""Local runtime."""
