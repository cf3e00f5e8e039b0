"""Twilio status callbacks for outbound texts, replayed signed through the real view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amparo.messaging.models import MessageStatus, MessageStatusEvent, OutboundMessage
from amparo.orgs.models import HotlineNumber
from conftest import SOUTH_TOKEN

FIXTURES = Path(__file__).parent / "fixtures"
URL = "/hooks/twilio/sms/status"
SID = "SM5a1f0e3c2b4d4e6f8a9b0c1d2e3f4a5b"


def payload(**overrides: str) -> dict:
    data = json.loads((FIXTURES / "sms_status.json").read_text())
    data.update(overrides)
    return data


@pytest.fixture
def message(north):  # type: ignore[no-untyped-def]
    return OutboundMessage.objects.create(
        organization=north, to_hash="h" * 64, to_number="+13235550142", from_number="+12135550100",
        body="Where exactly?", status=MessageStatus.SENDING, provider_id=SID,
    )


def status_of(message) -> str:  # type: ignore[no-untyped-def]
    return OutboundMessage.objects.get(pk=message.pk).status


def test_it_records_a_signed_delivery(message, twilio_post):
    assert twilio_post(URL, payload()).status_code == 200
    assert status_of(message) == MessageStatus.DELIVERED
    assert MessageStatusEvent.objects.get(message=message).status == "delivered"


def test_it_refuses_a_forged_callback(message, twilio_post):
    assert twilio_post(URL, payload(), token="not-the-token").status_code == 403
    assert twilio_post(URL, payload(), signature="").status_code == 403
    assert twilio_post(URL, payload(), token=SOUTH_TOKEN).status_code == 403  # another network's token
    assert status_of(message) == MessageStatus.SENDING
    assert not MessageStatusEvent.objects.exists()


def test_a_duplicate_is_recorded_once(message, twilio_post):
    for _ in range(2):
        assert twilio_post(URL, payload(MessageStatus="sent", SmsStatus="sent")).status_code == 200
    assert status_of(message) == MessageStatus.SENT
    assert MessageStatusEvent.objects.filter(message=message).count() == 1


def test_a_late_status_never_moves_it_backwards(message, twilio_post):
    assert twilio_post(URL, payload(MessageStatus="delivered")).status_code == 200
    assert twilio_post(URL, payload(MessageStatus="sent")).status_code == 200
    assert twilio_post(URL, payload(MessageStatus="undelivered", ErrorCode="30003")).status_code == 200
    assert status_of(message) == MessageStatus.DELIVERED
    assert MessageStatusEvent.objects.filter(message=message).count() == 3  # all heard, none applied


def test_a_failure_keeps_its_error_code(message, twilio_post):
    assert twilio_post(URL, payload(MessageStatus="sent")).status_code == 200
    assert twilio_post(URL, payload(MessageStatus="undelivered", ErrorCode="30005")).status_code == 200
    m = OutboundMessage.objects.get(pk=message.pk)
    assert (m.status, m.error_code) == (MessageStatus.UNDELIVERED, "30005")


def test_an_unknown_message_gets_200_and_nothing_changes(message, twilio_post):
    assert twilio_post(URL, payload(MessageSid="SM" + "0" * 32, SmsSid="SM" + "0" * 32)).status_code == 200
    # Neither our number nor our message: no organization to check the signature with.
    assert twilio_post(URL, payload(From="+19995550000", MessageSid="SMy"), token="nope").status_code == 200
    assert not MessageStatusEvent.objects.exists()
    # A known hotline still needs a valid signature, even for an unknown message.
    assert twilio_post(URL, payload(MessageSid="SMx"), token="nope").status_code == 403


def test_it_finds_the_message_by_sid_when_from_is_missing_or_not_a_hotline(message, twilio_post):
    data = payload(MessageStatus="sent")
    del data["From"]
    assert twilio_post(URL, data).status_code == 200
    assert status_of(message) == MessageStatus.SENT
    # A hotline number removed since the text went out.
    assert twilio_post(URL, payload(From="+19995550000"), token="nope").status_code == 403
    assert twilio_post(URL, payload(From="+19995550000")).status_code == 200
    assert status_of(message) == MessageStatus.DELIVERED


def test_another_orgs_message_id_cannot_be_touched_from_its_hotline(message, south, twilio_post):
    # South signs correctly but names north's message id from south's number: nothing found in south.
    [south_number] = HotlineNumber.objects.filter(organization=south).values_list("e164", flat=True)
    r = twilio_post(URL, payload(From=south_number), token=SOUTH_TOKEN)
    assert r.status_code == 200
    assert status_of(message) == MessageStatus.SENDING


def test_it_answers_400_without_sid_or_status(north, twilio_post):
    assert twilio_post(URL, {"From": "+12135550100"}).status_code == 400
