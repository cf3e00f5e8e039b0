"""The demo's sent alert: the verified Mariachi Plaza incident alerted to the subscribers of Boyle Heights,
composed, planned and sent through the real actions with the console transport (nothing leaves the machine).

The subscriptions are another part of the demo; only when the network has no subscriber at all are a
handful written here, directly, so that the alert has someone to reach."""

from __future__ import annotations

from typing import Any

from amparo.alerts.actions import update_alert_settings
from amparo.alerts.batches import send_batch
from amparo.alerts.compose import AlertRefused, compose_alert
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    BatchStatus,
    Subscriber,
    SubscriberArea,
    SubscriberStatus,
)
from amparo.alerts.selectors import alert_settings
from amparo.crypto.keys import keyed_hash
from amparo.incidents.models import Incident
from amparo.messaging.transports import get_transport
from amparo.orgs.models import Organization

# A made-up Messaging Service SID: the console transport never calls Twilio.
DEMO_SENDER = "MG" + "de0" * 10 + "00"
DEMO_SUBSCRIBERS = [("+12135550401", "es"), ("+12135550402", "es"), ("+12135550403", "en"),
                    ("+12135550404", "ko"), ("+12135550405", "es")]


def ensure_demo_subscribers(org: Organization, zip_code: str) -> None:
    if Subscriber.objects.filter(organization=org).exists():
        return
    for phone, language in DEMO_SUBSCRIBERS:
        sub = Subscriber.objects.create(organization=org, phone=phone, language=language,
                                        phone_hash=keyed_hash(org.pk, "tel:" + phone), status=SubscriberStatus.ACTIVE)
        SubscriberArea.objects.create(organization=org, subscriber=sub, zip=zip_code)


def ensure_sent_alert(org: Organization, incident: Incident | None, dispatcher: Any) -> Alert | None:
    """Alert the verified incident once, and send it now with the console transport. None if it cannot be."""
    if incident is None or dispatcher is None:
        return None
    existing = Alert.objects.filter(organization=org, incident=incident).first()
    if existing is not None:
        return existing
    if not alert_settings(org).messaging_service_sid:
        update_alert_settings(org, values={"messaging_service_sid": DEMO_SENDER}, actor=dispatcher)
    ensure_demo_subscribers(org, incident.zip)
    incident.organization = org
    try:
        alert = compose_alert(incident, actor=dispatcher)
    except AlertRefused:
        return None
    plan_alert(alert.pk)  # at once (the queue would too): the demo shows a finished alert
    transport = get_transport("console")
    for batch_id in AlertBatch.objects.filter(alert=alert, status=BatchStatus.PLANNED).values_list("pk", flat=True):
        send_batch(batch_id, transport)
    alert.refresh_from_db()
    return alert
