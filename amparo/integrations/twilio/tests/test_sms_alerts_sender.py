"""The webhook learns that a message reached the alerts sender from its MessagingServiceSid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.alerts.models import AlertSettings, Subscriber, SubscriberStatus
from amparo.crypto.keys import keyed_hash
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report, Route, Sender
from amparo.reports.optouts import is_opted_out
from conftest import NORTH_NUMBER, SOUTH_TOKEN

from .test_sms_inbound import URL, fixture, messages

ALERTS_SID = "MG" + "b2" * 16
SERVICE_NUMBER = "+12135550999"  # a number of the alerts service: no HotlineNumber
FROM = "+13235550142"


@pytest.fixture
def alerts_on(north):  # type: ignore[no-untyped-def]
    AlertSettings.objects.create(organization=north, messaging_service_sid=ALERTS_SID)
    return north


def to_alerts(body: str, sid: str) -> dict:
    return fixture("sms_inbound", To=SERVICE_NUMBER, MessagingServiceSid=ALERTS_SID, Body=body, MessageSid=sid,
                   SmsMessageSid=sid, SmsSid=sid)


def test_alertas_then_si_to_the_alerts_service_subscribes(alerts_on, twilio_post):
    assert twilio_post(URL, to_alerts("ALERTAS 90033", "SMa1")).status_code == 200
    response = twilio_post(URL, to_alerts("SI", "SMa2"))
    assert response.status_code == 200 and messages(response) == []
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.ACTIVE
    assert Report.objects.get(provider_id="SMa2").route == Route.KEYWORD
    assert set(OutboundMessage.objects.values_list("from_number", flat=True)) == {ALERTS_SID}


def test_stop_to_the_alerts_service_is_an_alerts_opt_out_and_stop_to_the_hotline_is_not(alerts_on, twilio_post):
    h = keyed_hash(alerts_on.pk, "tel:" + FROM)
    twilio_post(URL, to_alerts("STOP", "SMa3"))
    assert is_opted_out(alerts_on.pk, h, sender=Sender.ALERTS)
    assert not is_opted_out(alerts_on.pk, h, sender=Sender.HOTLINE)
    twilio_post(URL, to_alerts("START", "SMa4"))
    twilio_post(URL, fixture("sms_inbound", Body="STOP", MessageSid="SMa5"))  # the hotline's own service
    assert is_opted_out(alerts_on.pk, h, sender=Sender.HOTLINE)
    assert not is_opted_out(alerts_on.pk, h, sender=Sender.ALERTS)


def test_a_report_to_the_alerts_service_is_answered_from_the_hotline(alerts_on, twilio_post):
    response = twilio_post(URL, to_alerts("Hay migra en la 5 y Broadway ahorita", "SMa6"))
    assert response.status_code == 200 and messages(response) == []
    report = Report.objects.get(provider_id="SMa6")
    assert report.route == Route.REPORT and report.incident is not None and report.hotline is None
    ack = OutboundMessage.objects.get()
    assert ack.from_number == NORTH_NUMBER and report.ref in ack.body


def test_any_message_from_a_subscriber_is_activity(alerts_on, twilio_post):
    twilio_post(URL, to_alerts("ALERTAS 90033", "SMa7"))
    twilio_post(URL, to_alerts("SI", "SMa8"))
    old = timezone.now() - timedelta(days=200)
    Subscriber.objects.update(last_activity_at=old)
    twilio_post(URL, fixture("sms_inbound", MessageSid="SMa9"))  # a report to the hotline
    assert Subscriber.objects.get().last_activity_at > old + timedelta(days=100)


def test_the_signature_is_checked_against_the_services_organization(alerts_on, south, twilio_post):
    assert twilio_post(URL, to_alerts("ALERTAS 90033", "SMb1"), token=SOUTH_TOKEN).status_code == 403
    assert not Subscriber.objects.exists()


def test_an_unknown_service_and_number_is_404(alerts_on, twilio_post):
    params = fixture("sms_inbound", To=SERVICE_NUMBER, MessagingServiceSid="MG" + "c3" * 16, MessageSid="SMb2")
    assert twilio_post(URL, params).status_code == 404
