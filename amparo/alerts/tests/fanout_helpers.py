"""Shared by the fan-out tests: subscribers written directly (the subscriptions' actions are another
slice's), an organization with an alerts sender, and incidents with a verdict."""

from __future__ import annotations

from collections import Counter
from typing import Any

from amparo.alerts.models import AlertSettings, Subscriber, SubscriberArea, SubscriberStatus
from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import Incident
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.transports import SendResult
from amparo.verification.tests.conftest import BOYLE, make_incident

MG = "MG" + "0123456789abcdef" * 2


def alerts_on(org: Any, **values: Any) -> AlertSettings:
    values = {"messaging_service_sid": MG, "messages_per_second": 1, "approval_threshold": 1000, **values}
    settings, _created = AlertSettings.objects.update_or_create(organization=org, defaults=values)
    return settings


def subscribe(org: Any, phone: str, *, language: str = "en", zips: tuple[str, ...] = (BOYLE,), zones: tuple = (),
              status: str = SubscriberStatus.ACTIVE) -> Subscriber:
    sub = Subscriber.objects.create(organization=org, phone=phone, phone_hash=keyed_hash(org.pk, "tel:" + phone),
                                    language=language, status=status)
    for z in zips:
        SubscriberArea.objects.create(organization=org, subscriber=sub, zip=z)
    for zone in zones:
        SubscriberArea.objects.create(organization=org, subscriber=sub, zone=zone)
    return sub


def decided(org: Any, status: str, *, by: Any, zip_code: str = BOYLE) -> Incident:
    incident = make_incident(org, zip_code)
    incident_actions.start_verifying(incident, by=by)
    incident_actions.transition(incident, status, by=by, reason="checked")
    incident.refresh_from_db()
    return incident


class CountingTransport:
    """The console transport that counts what it was given, per number."""

    name = "counting"

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.bodies: list[str] = []
        self.senders: set[str] = set()

    def send(self, message: OutboundMessage) -> SendResult:
        self.sent[message.to_number] += 1
        self.bodies.append(message.body)
        self.senders.add(message.from_number)
        return SendResult(provider_id=f"SM{len(self.bodies):032d}", status=MessageStatus.SENT)
