"""Twilio status callbacks for an alert's copies (sent from the alerts Messaging Service, from a number that
is not a hotline number): found by MessageSid among the alerts' deliveries, signed by their network."""

from __future__ import annotations

import pytest

from amparo.alerts.batches import send_batch
from amparo.alerts.compose import compose_alert
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import (
    AlertBatch,
    AlertDelivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)
from amparo.alerts.tests.fanout_helpers import CountingTransport, alerts_on, decided, subscribe
from amparo.incidents.models import Status
from conftest import SOUTH_TOKEN

pytestmark = pytest.mark.django_db
URL = "/hooks/twilio/sms/status"
POOL_NUMBER = "+18885550123"  # a number of the alerts Messaging Service


@pytest.fixture
def delivery(north, dispatcher):  # type: ignore[no-untyped-def]
    alerts_on(north)
    subscribe(north, "+12135550301")
    alert = compose_alert(decided(north, Status.CONFIRMED, by=dispatcher), actor=dispatcher)
    plan_alert(alert.pk)
    send_batch(AlertBatch.objects.get(alert=alert).pk, CountingTransport())
    return AlertDelivery.objects.get()


def callback(delivery, status: str, **extra: str) -> dict:  # type: ignore[no-untyped-def]
    return {"MessageSid": delivery.provider_id, "MessageStatus": status, "From": POOL_NUMBER,
            "To": "+12135550301", "MessagingServiceSid": "MG" + "0" * 32, **extra}


def status_of(delivery) -> str:  # type: ignore[no-untyped-def]
    return AlertDelivery.objects.get(pk=delivery.pk).status


def test_it_records_delivery_and_never_moves_back(delivery, twilio_post):
    assert delivery.status == DeliveryStatus.SENT and delivery.provider_id
    assert twilio_post(URL, callback(delivery, "delivered")).status_code == 200
    assert status_of(delivery) == DeliveryStatus.DELIVERED
    assert twilio_post(URL, callback(delivery, "sent")).status_code == 200
    assert status_of(delivery) == DeliveryStatus.DELIVERED


def test_a_forged_callback_changes_nothing(delivery, twilio_post):
    assert twilio_post(URL, callback(delivery, "failed"), token=SOUTH_TOKEN).status_code == 403
    assert status_of(delivery) == DeliveryStatus.SENT


def test_an_undelivered_copy_keeps_its_code_and_counts_toward_undeliverable(delivery, twilio_post):
    assert twilio_post(URL, callback(delivery, "undelivered", ErrorCode="30003")).status_code == 200
    d = AlertDelivery.objects.get(pk=delivery.pk)
    assert (d.status, d.error_code) == (DeliveryStatus.UNDELIVERED, "30003")
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE  # once is not "repeated"


def test_an_unknown_message_gets_200_and_is_logged(north, twilio_post, caplog):
    r = twilio_post(URL, {"MessageSid": "SM" + "f" * 32, "MessageStatus": "delivered", "From": POOL_NUMBER})
    assert r.status_code == 200
    assert "unknown message" in caplog.text
