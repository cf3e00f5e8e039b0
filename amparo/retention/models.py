"""How long an organization keeps callers' numbers and words, and legal holds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class Mode(models.TextChoices):
    PURGE = "purge", _("Purge: remove numbers, words and media")
    COARSEN = "coarsen", _("Coarsen: purge, and keep only ZIP/area and the hour")


class OrgRetention(models.Model):
    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="retention")
    days = models.PositiveIntegerField(default=90, help_text=_("Days after an incident is closed."))
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.PURGE)
    unattached_days = models.PositiveIntegerField(
        default=30, help_text=_("Days to keep what belongs to no incident and no case: keyword texts, texts sent."))
    updated_at = models.DateTimeField(auto_now=True)


class LegalHold(models.Model):
    """Suspends the purge of one incident until released. The reason may name a
    case, so it is encrypted."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="legal_holds")
    reason = EncryptedTextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "incident", "released_at"])]


class PurgedIncident(models.Model):
    """An incident whose personal data retention removed: counts only."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.OneToOneField("incidents.Incident", on_delete=models.CASCADE, related_name="purge")
    at = models.DateTimeField()
    mode = models.CharField(max_length=8, choices=Mode.choices)
    reports = models.PositiveIntegerField(default=0)
    media = models.PositiveIntegerField(default=0)


class ProviderDeletion(models.Model):
    """The inbound message was deleted at Twilio (our copy is stored)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
