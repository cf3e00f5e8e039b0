from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedJSONField, EncryptedTextField


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    VOICE = "voice", _("Voice")
    WEB = "web", _("Web form")


class Route(models.TextChoices):
    """What the inbound router decided a message is (amparo/intake/router.py)."""

    KEYWORD = "keyword", _("Keyword")
    FOLLOWUP = "followup", _("Reply in a conversation")
    REPORT = "report", _("New report")
    RESPONDER = "responder", _("Responder reply")  # amparo/verification/replies.py


# What the web form asks "what is happening?" with; the answer is kept in Report.extra["what"].
WHAT_CHOICES = [
    ("stop", _("Immigration agents stopping or detaining people")),
    ("raid", _("A raid at a home or workplace")),
    ("sighting", _("Agents or vehicles seen in the area")),
    ("detained", _("Someone I know was detained")),
    ("other", _("Other")),
]


class Sender(models.TextChoices):
    """The two senders of an organization: what a number texts, and what texts it.

    Carriers and Twilio keep opt-outs per number, or per Messaging Service with
    Advanced Opt-Out, so ours are kept per sender too (docs/decisions.md)."""

    HOTLINE = "hotline", _("Hotline")  # every HotlineNumber of the organization, together
    ALERTS = "alerts", _("Alerts")  # the organization's alerts Messaging Service (alerts.AlertSettings)


class Pending(models.TextChoices):
    """What the intake worker still owes a stored report (amparo/intake/processing.py): nothing, its
    correlation (the webhook already answered, or no answer is due), or its correlation and its answer
    (which depends on what correlation finds: a follow-up quotes the caller's first report)."""

    DONE = "", _("Processed")
    PROCESS = "process", _("To correlate")
    ANSWER = "answer", _("To correlate and answer")


class GeoPrecision(models.TextChoices):
    NONE = "none", _("No place")
    ZIP = "zip", _("ZIP code")
    STREET = "street", _("Street address or intersection")
    PLACE = "place", _("Known place")


class Report(models.Model):
    """One inbound message or call, kept exactly as received; never edited.

    Derived fields (route, place understood, incident) are the pipeline's
    output and can be recomputed from the stored input.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="reports")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    provider_id = models.CharField(max_length=128)
    # The reporter's reference, "R-<number>": the organization's own sequence, set under the
    # intake lock as the report is stored, never changed (an incident's number changes when
    # incidents merge or split; a report's never does), never a global id that leaks volume.
    number = models.PositiveIntegerField(null=True, blank=True)
    hotline = models.ForeignKey("orgs.HotlineNumber", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    caller_hash = models.CharField(max_length=64, blank=True, db_index=True)
    caller_number = EncryptedTextField(null=True, blank=True)
    body = EncryptedTextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    received_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    imported = models.BooleanField(default=False)
    # Web form extras (callback consent and what the form asked).
    extra = EncryptedJSONField(null=True, blank=True)

    route = models.CharField(max_length=10, choices=Route.choices, default=Route.REPORT)
    # Place understood; ``place_info`` (encrypted) holds spans, streets, confidence.
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    zip = models.CharField(max_length=5, blank=True)
    h3_r8 = models.CharField(max_length=16, blank=True)
    geo_precision = models.CharField(max_length=8, choices=GeoPrecision.choices, default=GeoPrecision.NONE)
    place_confidence = models.FloatField(default=0.0)
    place_info = EncryptedJSONField(null=True, blank=True)
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    # Stored by the webhook, correlated by the worker right after (decision 144): set to "" in the
    # transaction that processes the report, so each is processed exactly once.
    pending = models.CharField(max_length=8, choices=Pending.choices, blank=True, default=Pending.DONE)
    # The sender the message reached, so the worker routes and answers it as the webhook would: the
    # alerts sender's keywords are its own, and a report to it is acknowledged from the hotline.
    sender = models.CharField(max_length=8, choices=Sender.choices, default=Sender.HOTLINE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "provider_id"], name="report_provider_id_unique"),
            models.UniqueConstraint(fields=["organization", "number"], name="report_number_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "caller_hash", "received_at"]),
            models.Index(fields=["organization", "text_fingerprint", "received_at"]),
            models.Index(fields=["incident", "received_at"]),
            # The worker's queue: only the few reports not yet processed are in it.
            models.Index(fields=["organization", "id"], condition=~models.Q(pending=""), name="report_pending"),
        ]
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.channel})"

    @property
    def ref(self) -> str:
        """The reference a reporter is given and quotes back: "R-27" (an incident is "#7")."""
        return reference(self.number) if self.number else ""


REF_PREFIX = "R-"


def reference(number: int) -> str:
    return f"{REF_PREFIX}{number}"


class ReportMedia(models.Model):
    """A photo or file attached to a report. The URL and the bytes are encrypted."""

    PENDING = "pending"
    STORED = "stored"
    FAILED = "failed"
    REFUSED = "refused"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="media")
    url = EncryptedTextField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    stored_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class OptOut(models.Model):
    """A number that texted STOP to one of the organization's senders: that
    sender sends it nothing until START. The other sender is not affected: a
    subscriber who stops alerts still gets the hotline's replies, and a STOP to
    the hotline does not end anyone's alerts. Written and read only through
    ``amparo.reports.optouts``."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    sender = models.CharField(max_length=8, choices=Sender.choices)
    caller_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "sender", "caller_hash"],
                                               name="optout_per_sender_unique")]
