"""Outbound messages to reporters, their delivery status, and canned replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class MessageChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Dispatcher reply")
    ACK = "ack", _("Acknowledgement")
    SYSTEM = "system", _("System message")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    CONSOLE = "received-by-console", _("Recorded by the development console")


# A status only ever moves up this ladder; the final ones share the top rung,
# so the first final status Twilio reports is the one that stays.
STATUS_RANK: dict[str, int] = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.FAILED: 3,
    MessageStatus.CONSOLE: 3,
}


class OutboundMessage(models.Model):
    """One text sent (or to be sent) to one number: from a hotline number, or a subscriber's
    confirmation or notice from the alerts sender."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="outbound_messages")
    # The report whose sender is texted: it decides the hotline and the channel.
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_hash = models.CharField(max_length=64, db_index=True)
    to_number = EncryptedTextField()
    # The hotline number the text goes out from, or the alerts sender's Messaging Service SID
    # (MG + 32, amparo/alerts/senders.py). Not personal data; finds the org of a status callback.
    from_number = models.CharField(max_length=34)
    body = EncryptedTextField()
    channel = models.CharField(max_length=10, choices=MessageChannel.choices, default=MessageChannel.SMS)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.REPLY)
    status = models.CharField(max_length=24, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    provider_id = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=16, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Outside WhatsApp's 24-hour window only an approved template may go out:
    # Twilio then sends content_sid + content_variables, and ``body`` keeps the
    # template's preview as the reporter sees it, for the console.
    content_sid = models.CharField(max_length=34, blank=True)
    content_variables = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "provider_id"], condition=~Q(provider_id=""),
                                    name="outbound_provider_id_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "to_hash", "kind", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["provider_id"]),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"OutboundMessage {self.pk} ({self.status})"


class MessageStatusEvent(models.Model):
    """One status report from the provider, stored once (``key`` is MessageSid:MessageStatus)."""

    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="status_events")
    status = models.CharField(max_length=24)
    key = models.CharField(max_length=120)
    error_code = models.CharField(max_length=16, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "key"], name="status_event_once")]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id}:{self.status}"


class CannedReply(models.Model):
    """A prepared text a dispatcher can send in one click, per organization and language."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, blank=True, help_text=_("Where it came from, e.g. canned.ask_location."))
    language = models.CharField(max_length=8)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["language", "position", "id"]
        indexes = [models.Index(fields=["organization", "language", "position"])]

    def __str__(self) -> str:
        return f"{self.key or self.pk} ({self.language})"

    @property
    def choice(self) -> str:
        """What the reply form sends for this reply (an unsaved default has no id yet)."""
        return str(self.pk) if self.pk else f"default:{self.key}:{self.language}"


class CannedReplySeed(models.Model):
    """The defaults of one language were given to the organization once; an
    admin who deletes them does not get them back on the next page view."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "language"], name="canned_seed_once")]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.language}"


class WhatsAppTemplateKey(models.TextChoices):
    REOPEN = "reopen", _("Reopen the conversation (asks the reporter to reply)")
    # Rumor control: "your report {{1}} was checked and was not immigration enforcement".
    CORRECTION = "correction", _("Correction of a false alarm ({{1}} is the report's reference)")


class WhatsAppTemplate(models.Model):
    """A WhatsApp template approved at Twilio (Content API), per organization,
    purpose and language. Not personal data: the same text goes to everyone."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32, choices=WhatsAppTemplateKey.choices, default=WhatsAppTemplateKey.REOPEN)
    language = models.CharField(max_length=8)
    content_sid = models.CharField(max_length=34, help_text=_("The Content SID from Twilio, HX followed by 32 hex digits."))
    # What the reporter reads; {{1}} stands for the reporter's own report reference.
    body_preview = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key", "language"],
                                               name="one_whatsapp_template_per_key_lang")]
        ordering = ["key", "language"]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"
