"""Community information: the alerts settings of each organization, its
subscribers, the alerts sent from a verdict and the corrections of a false
alarm (docs/alerts.md).

Subscribers are personal data: the number is encrypted with the organization's
key and matched by keyed hash only. An alert's text is built from structured
fields and is the same for everyone of one language, so it is stored once per
language on the alert, never per recipient; a delivery row holds only ids and
a status, which keeps a 500,000-subscriber alert small and fast to plan.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class AlertSettings(models.Model):
    """What an organization publishes, and when (created when an admin first saves it;
    until then the defaults below apply)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="alert_settings")
    updates_days = models.PositiveIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)], help_text=_("Days a verified incident or false alarm stays on the public page."))
    # Measured from the verdict, so responders have left and a mistaken verdict can be
    # corrected before anything is public.
    updates_delay_minutes = models.PositiveIntegerField(
        default=30, validators=[MaxValueValidator(24 * 60)], help_text=_("Minutes after the verdict before it appears on the public page."))

    # The alerts sender. Alerts go out from a Messaging Service of their own, never from the
    # hotline's numbers: Twilio keeps opt-outs per number, or per Messaging Service with Advanced
    # Opt-Out, so a subscriber's STOP must reach a sender that is not the hotline (decision 62).
    messaging_service_sid = models.CharField(
        max_length=34, blank=True,
        validators=[RegexValidator(r"^MG[0-9a-fA-F]{32}\Z", _("A Messaging Service SID is MG followed by 32 "
                                                               "letters and digits (0-9, a-f)."))],
        help_text=_("The alerts sender: a Twilio Messaging Service of its own, not the one that holds the "
                    "hotline's numbers. Empty: no alert can be sent."))
    # Pacing is ours: Twilio's service queue holds messages for hours, then fails them.
    # A long code sends 1 per second, toll-free 3, a short code 100 or more.
    messages_per_second = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("How many messages per second the alerts sender may send: 1 for a long code, 3 for "
                    "toll-free, 100 or more for a short code."))
    approval_threshold = models.PositiveIntegerField(
        default=1000, validators=[MinValueValidator(1)],
        help_text=_("An alert to more subscribers than this needs a second dispatcher's approval."))
    expiry_hours = models.PositiveIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(48)],
        help_text=_("Hours after which the unsent part of an alert expires: a late alert misleads."))
    lapse_months = models.PositiveIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A subscription that received no alert and sent no message for this many months lapses, "
                    "with a notice."))

    def __str__(self) -> str:
        return f"AlertSettings({self.organization_id})"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for YES")
    ACTIVE = "active", _("Subscribed")
    STOPPED = "stopped", _("Stopped")  # STOP to the alerts sender
    LAPSED = "lapsed", _("Lapsed")  # silent for lapse_months
    UNDELIVERABLE = "undeliverable", _("Undeliverable")  # the carrier says the number cannot be reached


class Subscriber(models.Model):
    """A phone number that asked for alerts about some areas, in one language.

    One row per organization and number (``phone_hash``); signing up again
    reuses it. Written only through ``amparo.alerts.subscriptions``."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)  # keyed_hash(org, "tel:" + E.164), as reports' caller_hash
    phone = EncryptedTextField()  # E.164
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=16, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING)
    # The confirmation asked for YES at this time; YES counts only while it is recent.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last alert received or message sent: what lapsing is measured from.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "phone_hash"],
                                               name="alerts_subscriber_once_per_org")]
        indexes = [models.Index(fields=["organization", "status"]),
                   # Planning walks an alert's audience by id (keyset): in id order within the organization's
                   # active subscribers, never a sort of all of them per chunk (PostgreSQL; SQLite's index
                   # carries the rowid already).
                   models.Index(fields=["organization", "status", "id"], name="alerts_sub_keyset")]

    def __str__(self) -> str:
        return f"Subscriber {self.pk} ({self.status})"


class SubscriberArea(models.Model):
    """One area a subscriber hears about: a ZIP, or one of the network's zones."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="areas")
    zip = models.CharField(max_length=5, blank=True)
    zone = models.ForeignKey("orgs.Zone", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=(Q(zip="") & Q(zone__isnull=False)) | (~Q(zip="") & Q(zone__isnull=True)),
                                   name="alerts_area_zip_or_zone"),
            models.UniqueConstraint(fields=["subscriber", "zip", "zone"], name="alerts_area_once"),
        ]
        indexes = [models.Index(fields=["organization", "zip"]), models.Index(fields=["organization", "zone"])]

    def __str__(self) -> str:
        return self.zip or f"zone {self.zone_id}"


class ConsentEvent(models.TextChoices):
    REQUESTED = "requested", _("Asked to subscribe")
    CONFIRMED = "confirmed", _("Confirmed with YES")
    CHANGED = "changed", _("Changed area or language")
    STOPPED = "stopped", _("Stopped")
    RESTARTED = "restarted", _("Started again")
    LAPSED = "lapsed", _("Lapsed")


class ConsentChannel(models.TextChoices):
    SMS_ALERTS = "sms-alerts", _("SMS to the alerts sender")
    SMS_HOTLINE = "sms-hotline", _("SMS to the hotline")
    WEB = "web", _("Web form")
    SYSTEM = "system", _("Amparo")


class SubscriberConsent(models.Model):
    """The consent log: what the subscriber asked for, when, and by which channel."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    event = models.CharField(max_length=16, choices=ConsentEvent.choices)
    channel = models.CharField(max_length=16, choices=ConsentChannel.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.subscriber_id}:{self.event}"


class AlertKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed enforcement")
    FALSE_ALARM = "false_alarm", _("False alarm")


class AlertStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", _("Waiting for a second dispatcher")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class Alert(models.Model):
    """An alert about one verdict, composed by a dispatcher from structured fields only.

    ``texts`` maps a language to the exact text its subscribers receive (the
    fixed lines included), rendered when the alert is composed."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    status = models.CharField(max_length=16, choices=AlertStatus.choices)
    texts = models.JSONField(default=dict)
    audience = models.PositiveIntegerField(default=0)  # subscribers planned
    # A correction's alert reaches the people earlier alerts reached (``audience.correction_audience``),
    # never the incident's area: the queue plans it from this id alone.
    correction = models.ForeignKey("Correction", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="alerts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)  # every batch and delivery row exists
    expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "status"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Alert {self.pk} ({self.kind}, {self.status})"


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class AlertBatch(models.Model):
    """One Huey task's worth of deliveries, scheduled for its send time at the sender's rate."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="batches")
    seq = models.PositiveIntegerField()
    send_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "seq"], name="alerts_batch_seq_once")]
        indexes = [models.Index(fields=["status", "send_at"])]
        ordering = ["alert", "seq"]

    def __str__(self) -> str:
        return f"Batch {self.alert_id}/{self.seq} ({self.status})"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")  # claimed; a crash here leaves it, and it is reported, never resent
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    UNDELIVERED = "undelivered", _("Not delivered")
    SKIPPED = "skipped", _("Skipped")  # opted out or stopped after planning
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    UNKNOWN = "unknown", _("Not known whether sent")  # claimed by a worker that died
    CONSOLE = "received-by-console", _("Recorded by the development console")


class AlertDelivery(models.Model):
    """One subscriber's copy of one alert: ids and a status, nothing personal.

    Claimed queued -> sending with a conditional UPDATE before the provider is
    called (decision 24: at most once)."""

    # No index of their own: (alert, subscriber) and (batch, status) below lead with them, and every index
    # costs each of an alert's hundreds of thousands of inserts (25-35% of a chunk's insert on PostgreSQL).
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    batch = models.ForeignKey(AlertBatch, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=24, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=16, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "subscriber"], name="alerts_delivery_once")]
        indexes = [models.Index(fields=["batch", "status"]), models.Index(fields=["provider_id"])]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.status})"


class CorrectionStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")  # the dispatcher has not chosen yet
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DISMISSED = "dismissed", _("Not sent")


class Correction(models.Model):
    """Rumor control: the false-alarm correction for one incident, to its
    reporters (from the hotline) and to its alerts' recipients (from the alerts
    sender), each number once."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="corrections")
    status = models.CharField(max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.OFFERED)
    # For a flood group the dispatcher chooses: everyone in it, or nobody.
    include_flood = models.BooleanField(default=False)
    # For a vague lane (unrelated rumors mixed) the dispatcher ticks the reports about the rumor
    # that was checked; only their senders are told.
    reports = models.ManyToManyField("reports.Report", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # One per incident: offering it twice returns the same row, and it is sent at most once.
        constraints = [models.UniqueConstraint(fields=["incident"], name="alerts_correction_once_per_incident")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Correction {self.pk} ({self.status})"


class CorrectionRecipient(models.Model):
    """One number a correction goes to, once: by keyed hash, with the sender it
    goes out from and what it is sent as (a hotline OutboundMessage, or a
    subscriber's delivery)."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="recipients")
    phone_hash = models.CharField(max_length=64)
    sender = models.CharField(max_length=8)  # reports.models.Sender
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outbound = models.ForeignKey("messaging.OutboundMessage", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    status = models.CharField(max_length=24, default="queued")
    provider_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["correction", "phone_hash"], name="alerts_correction_once")]

    def __str__(self) -> str:
        return f"CorrectionRecipient {self.pk} ({self.sender}, {self.status})"
