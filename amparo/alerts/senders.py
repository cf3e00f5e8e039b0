"""The alerts sender: the organization's own Twilio Messaging Service (docs/alerts.md).

Single texts to one subscriber (confirmations, notices) go out through
messaging like any text, stored first and sent after commit; the Twilio
transport sends from the Messaging Service when ``from_number`` is its ``MG``
SID. Only a STOP to the alerts sender silences it (decision 62): a STOP to the
hotline never ends a subscriber's alerts.
"""

from __future__ import annotations

from django.db import transaction

from amparo.alerts.models import AlertSettings, Subscriber
from amparo.messaging.actions import MAX_LENGTH, enqueue_send
from amparo.messaging.models import MessageChannel, MessageKind, MessageStatus, OutboundMessage
from amparo.orgs.models import Organization
from amparo.reports.models import Sender
from amparo.reports.optouts import is_opted_out


def alerts_sender(org: Organization) -> str:
    """The organization's alerts Messaging Service SID, or "" when none is configured."""
    sid = AlertSettings.objects.filter(organization=org).values_list("messaging_service_sid", flat=True).first()
    return sid or ""


def send_from_alerts(org: Organization, subscriber: Subscriber, body: str) -> OutboundMessage:
    """Text ``subscriber`` from the alerts sender, after commit.

    Stored failed, and never handed to the provider, when the number replied
    STOP to the alerts sender (``opted_out``) or when the organization has no
    alerts sender (``no_sender``): the record shows what was not sent."""
    assert subscriber.organization_id == org.pk
    sid = alerts_sender(org)
    error = "" if sid else "no_sender"
    if not error and is_opted_out(org.pk, subscriber.phone_hash, sender=Sender.ALERTS):
        error = "opted_out"
    message = OutboundMessage.objects.create(
        organization_id=org.pk, to_hash=subscriber.phone_hash, to_number=subscriber.phone, from_number=sid,
        body=(body or "").strip()[:MAX_LENGTH], channel=MessageChannel.SMS, kind=MessageKind.SYSTEM,
        status=MessageStatus.FAILED if error else MessageStatus.QUEUED, error_code=error,
    )
    if not error:
        transaction.on_commit(lambda: enqueue_send(message.pk))
    return message
