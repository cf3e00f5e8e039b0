"""A number the carrier could not reach is UNDELIVERABLE; when it signs up again (by SMS or on the web)
and confirms, it is active again, and its old failures do not count against it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from amparo.alerts.batches import send_batch
from amparo.alerts.compose import compose_alert
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import (
    AlertBatch,
    ConsentEvent,
    Subscriber,
    SubscriberConsent,
    SubscriberStatus,
)
from amparo.alerts.subscriptions import request_by_web
from amparo.alerts.tests.conftest import ALERTS_SID, ANA, hash_of, sms, texts_to
from amparo.alerts.tests.fanout_helpers import CountingTransport, decided
from amparo.incidents.models import Status
from amparo.messaging.models import OutboundMessage
from amparo.messaging.transports import PermanentSendError, SendResult
from amparo.reports.models import Sender

pytestmark = pytest.mark.django_db


class Unreachable(CountingTransport):
    """The carrier says the handset cannot be reached (Twilio 30003)."""

    def send(self, message: OutboundMessage) -> SendResult:
        raise PermanentSendError("unreachable handset", code="30003")


def subscriber(org) -> Subscriber:  # type: ignore[no-untyped-def]
    return Subscriber.objects.get(organization=org, phone_hash=hash_of(org))


def alert_fails(org, dispatcher) -> None:  # type: ignore[no-untyped-def]
    """A confirmed alert about the subscriber's ZIP that the carrier cannot deliver to them."""
    alert = compose_alert(decided(org, Status.CONFIRMED, by=dispatcher, zip_code="90033"), actor=dispatcher)
    plan_alert(alert.pk)
    alert.refresh_from_db()
    assert alert.audience == 1
    for batch_id in AlertBatch.objects.filter(alert=alert).values_list("pk", flat=True):
        send_batch(batch_id, Unreachable())


@pytest.fixture
def undeliverable(net, dispatcher):  # type: ignore[no-untyped-def]
    sms(net, "ALERTAS 90033")
    sms(net, "SI", sender=Sender.ALERTS)
    for _ in range(3):
        alert_fails(net, dispatcher)
    s = subscriber(net)
    assert s.status == SubscriberStatus.UNDELIVERABLE
    return s


def test_signing_up_again_by_sms_and_confirming_makes_it_active(net, dispatcher, undeliverable):
    sms(net, "ALERTAS 90033")
    s = subscriber(net)
    assert s.status == SubscriberStatus.PENDING
    confirmation = texts_to(net)[-1]
    assert confirmation.from_number == ALERTS_SID and "SI" in confirmation.body
    sms(net, "Sí", sender=Sender.ALERTS)
    s = subscriber(net)
    assert s.status == SubscriberStatus.ACTIVE and s.confirmed_at > undeliverable.confirmed_at
    assert list(SubscriberConsent.objects.filter(subscriber=s).values_list("event", flat=True))[-2:] == [
        ConsentEvent.REQUESTED, ConsentEvent.CONFIRMED]
    # The failures before the new confirmation do not count: one more is not three.
    alert_fails(net, dispatcher)
    assert subscriber(net).status == SubscriberStatus.ACTIVE
    alert_fails(net, dispatcher)
    alert_fails(net, dispatcher)
    assert subscriber(net).status == SubscriberStatus.UNDELIVERABLE


def test_signing_up_again_on_the_web_and_confirming_makes_it_active(net, dispatcher, undeliverable):
    assert request_by_web(net, phone=ANA, zip_code="90033", language="en", now=timezone.now())
    assert subscriber(net).status == SubscriberStatus.PENDING
    sms(net, "YES", sender=Sender.ALERTS)
    s = subscriber(net)
    assert (s.status, s.language) == (SubscriberStatus.ACTIVE, "en")


def test_yes_alone_never_revives_it(net, dispatcher, undeliverable):
    sms(net, "YES", sender=Sender.ALERTS)  # no confirmation is pending: it takes a new sign-up
    assert subscriber(net).status == SubscriberStatus.UNDELIVERABLE
