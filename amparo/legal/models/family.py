"""Legal aid: the family thread of a case, and the reminders of shareable hearings sent to the family.

A ``FamilyMessage`` ties a text to a case: one sent to a safe-to-call contact
(``outbound``, a messaging row whose body is encrypted there) or a contact's
reply (``report``, the inbound message as received). The thread holds no copy
of a body, so purging the case's messages purges the thread.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FamilyMessage", "FamilyDirection", "FamilyHearingReminder", "FamilyReminderKind"]


class FamilyDirection(models.TextChoices):
    OUT = "out", _("Sent to the family")
    IN = "in", _("Reply from the family")


class FamilyMessage(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("legal.Case", on_delete=models.CASCADE, related_name="family_messages")
    contact = models.ForeignKey("legal.EmergencyContact", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="family_messages")
    direction = models.CharField(max_length=3, choices=FamilyDirection.choices)
    event = models.ForeignKey("legal.CaseEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outbound = models.ForeignKey("messaging.OutboundMessage", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organization", "direction", "created_at"])]


class FamilyReminderKind(models.TextChoices):
    WEEK = "week", _("7 days before")
    DAY = "day", _("1 day before")


class FamilyHearingReminder(models.Model):
    """A reminder of a shareable hearing sent to the family, for the date it named.

    The hearing's own ``reminded_*`` columns are the coordinator's. A hearing moved
    to another time is reminded again: ``starts_at`` is the time this reminder named."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    hearing = models.ForeignKey("legal.Hearing", on_delete=models.CASCADE, related_name="family_reminders")
    kind = models.CharField(max_length=4, choices=FamilyReminderKind.choices)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hearing", "kind", "starts_at"],
                                               name="legal_family_reminder_once")]
