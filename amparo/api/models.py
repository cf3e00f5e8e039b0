"""API tokens: one per integration, tied to a member of one organization."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored: the token itself is shown once, at issue.

    The token acts as its ``user`` inside its ``organization`` and loses its power
    as soon as that membership is deactivated or its role can no longer read reports.
    ``last_used_on`` is a date on purpose: no time, no address, no client.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_id})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
