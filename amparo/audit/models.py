from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who read or changed which sensitive record, when and why.

    Holds the record's type and id, never its content; and never the client's
    address or user agent."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=64, blank=True, help_text="api token, command or system job")
    action = models.CharField(max_length=32)  # read, export, change, delete
    object_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "at"])]
        ordering = ["-at"]


class AuditAlert(models.Model):
    """A member read more sensitive records in a short time than the work needs
    (settings.AMPARO_AUDIT_BULK_READS): shown to the organization's admins."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16, default="bulk_read")
    count = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        ordering = ["-at"]
