"""The voice hotline: calls, who is on duty, and the organization's surge switch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class CallState(models.TextChoices):
    GREETING = "greeting", _("Greeting")
    LANGUAGE = "language", _("Language chosen")
    MENU = "menu", _("Main menu")
    KYR = "kyr", _("Know-your-rights information")
    RINGING = "ringing", _("Ringing dispatchers")
    CONNECTED = "connected", _("Connected to a dispatcher")
    ZIP = "zip", _("Asked for a ZIP code")
    RECORDING = "recording", _("Recording")
    RECORDED = "recorded", _("Recorded")
    CALLBACK = "callback", _("Call back from the console")


class Option(models.TextChoices):
    NONE = "", _("Nothing chosen")
    NOW = "1", _("Activity happening now")
    PAST = "2", _("Something that already happened")
    KYR = "3", _("Know-your-rights information")


class Call(models.Model):
    """One phone call through the hotline, inbound or a call back.

    Every webhook of a call finds its row by (organization, CallSid), so a
    replayed webhook changes nothing and the flow can be followed afterwards.
    The caller's number is encrypted; ``caller_hash`` matches it to reports.
    """

    INBOUND = "inbound"
    OUTBOUND = "outbound"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    call_sid = models.CharField(max_length=64)
    direction = models.CharField(max_length=10, default=INBOUND)
    hotline = models.ForeignKey("orgs.HotlineNumber", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    caller_hash = models.CharField(max_length=64, blank=True)
    caller_number = EncryptedTextField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    option = models.CharField(max_length=1, choices=Option.choices, blank=True)
    zip = models.CharField(max_length=5, blank=True)
    state = models.CharField(max_length=10, choices=CallState.choices, default=CallState.GREETING)
    surge = models.BooleanField(default=False)
    dial_status = models.CharField(max_length=16, blank=True)
    end_status = models.CharField(max_length=16, blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recording_sid = models.CharField(max_length=64, blank=True)
    recording_deleted_at = models.DateTimeField(null=True, blank=True)
    connected_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "call_sid"], name="call_sid_per_org")]
        indexes = [models.Index(fields=["organization", "state", "ended_at"])]
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Call {self.pk}"


class DutyStatus(models.Model):
    """Whether a dispatcher takes hotline calls, and on which phone.

    ``schedule`` is a list of ``{"day": 0-6 (Monday 0), "start": "HH:MM",
    "end": "HH:MM"}`` in the organization's time zone; an end before the
    start runs past midnight into the next day. ``phone_hash`` (keyed) finds
    the dispatcher when Twilio calls back about a leg ringing their phone.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on_duty = models.BooleanField(default=False)
    phone = EncryptedTextField(null=True, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    schedule = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_duty_status_per_member")]

    def __str__(self) -> str:
        return f"duty {self.user_id}@{self.organization_id}"


class VoiceSettings(models.Model):
    """An organization's hotline settings. Surge mode is on when ``surge_forced``
    or when at least ``surge_threshold`` incidents wait in status reported
    (0 turns the automatic switch off)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="voice_settings")
    surge_threshold = models.PositiveIntegerField(default=0)
    surge_forced = models.BooleanField(default=False)
    surge_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    surge_changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"voice settings of {self.organization_id}"
