"""The legal coordinator's queue: hearing reminders, 7 days and 1 day before."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ReminderKind", "HearingReminder"]


class ReminderKind(models.TextChoices):
    WEEK = "week", _("Hearing in 7 days")
    DAY = "day", _("Hearing tomorrow")


class HearingReminder(models.Model):
    """One reminder in the coordinator's queue, written by the minute sweep (``legal.sweep``)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("legal.Case", on_delete=models.CASCADE, related_name="reminders")
    hearing = models.ForeignKey("legal.Hearing", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hearing", "kind"], name="legal_one_reminder_per_kind")]
        indexes = [models.Index(fields=["organization", "done_at"])]
