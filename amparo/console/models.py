from __future__ import annotations

from django.conf import settings
from django.db import models

from amparo.crypto.fields import EncryptedTextField


class IncidentNote(models.Model):
    """A dispatcher's note on an incident. Free text that may name people, so it
    is encrypted; the timeline event ("note") only points at it by id."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on #{self.incident_id}"
