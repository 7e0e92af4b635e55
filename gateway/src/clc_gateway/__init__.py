"""The federation v2 router."""
