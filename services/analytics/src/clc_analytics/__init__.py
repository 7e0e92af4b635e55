"""The analytics sink (see README.md)."""
