from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class Kind(models.TextChoices):
    EVENT = "event", _("Incident")
    VAGUE = "vague", _("Vague reports")
    FLOOD = "flood", _("Flood under review")


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFYING = "verifying", _("Verifying")
    CONFIRMED = "confirmed", _("Confirmed")
    FALSE_ALARM = "false_alarm", _("False alarm")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.REPORTED, Status.VERIFYING, Status.CONFIRMED, Status.FALSE_ALARM, Status.UNVERIFIABLE)


class Incident(models.Model):
    """What the reports are about: an event, a lane of placeless reports, or a flood group."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.EVENT)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    status_reason = models.CharField(max_length=200, blank=True)
    first_report_at = models.DateTimeField()
    last_report_at = models.DateTimeField()
    report_count = models.PositiveIntegerField(default=0)
    caller_count = models.PositiveIntegerField(default=0)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    place_kind = models.CharField(max_length=16, blank=True)
    zip = models.CharField(max_length=5, blank=True)
    h3_r8 = models.CharField(max_length=16, blank=True)
    geo_precision = models.CharField(max_length=8, default="none")
    flood_key = models.CharField(max_length=80, blank=True)
    needs_review = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # ``version`` is the dispatchers' optimistic lock: it moves when what their actions decide on
    # changes (status, assignment, notes, a split), never for a new report. ``changes`` is what the
    # open incident page polls (decision 53): every change the page shows adds one to it, in SQL
    # (``incidents.actions.mark_changed`` or the action's own UPDATE), never read-modify-write.
    changes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "status", "last_report_at"]),
            models.Index(fields=["organization", "kind", "flood_key"]),
        ]
        ordering = ["-last_report_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class IncidentKey(models.Model):
    """A keyed hash of something that identifies where an incident is.

    Correlation looks these up by (organization, key, recent last_seen), so its
    cost depends on how many incidents are active, not on the history."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=8)  # place, cross, addr, street, on, zip, h3
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "key"], name="incident_key_unique")]
        indexes = [models.Index(fields=["organization", "key", "last_seen"])]


class IncidentEvent(models.Model):
    """One line of an incident's timeline: who did what, when. No personal content."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=32)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"])]


class IncidentNote(models.Model):
    """A dispatcher's note on an incident. Free text that may name people, so it
    is encrypted; the timeline event ("note") only points at it by id."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Born in the console app; the table keeps its name so existing rows stay (docs/decisions.md).
        db_table = "console_incidentnote"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on #{self.incident_id}"
