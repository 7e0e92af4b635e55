"""Webhooks: a tenant's events delivered to its own HTTPS endpoints (README "Webhooks")."""
