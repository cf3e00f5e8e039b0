"""The Twilio REST transport against a fake Twilio API on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from amparo.integrations.twilio.client.transport import TwilioTransport
from amparo.messaging.actions import send_to_reporter
from amparo.messaging.delivery import deliver
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.transports import PermanentSendError, TransientSendError
from amparo.orgs.models import HotlineNumber
from conftest import NORTH_TOKEN

from .conftest import ALICE, inbound

ACCOUNT = "AC00000000000000000000000000000000"
CREATED = json.loads((Path(__file__).parent / "fixtures" / "twilio_message_created.json").read_text())


class FakeTwilio:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply_status = 201
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                fake.requests.append({
                    "path": self.path, "auth": self.headers.get("Authorization", ""),
                    "form": {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()},
                })
                if fake.reply_status == 201:
                    body = json.dumps(CREATED).encode()
                else:
                    body = json.dumps({"code": 21211, "message": "Invalid 'To' Phone Number",
                                       "status": fake.reply_status}).encode()
                self.send_response(fake.reply_status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_twilio(settings) -> Iterator[FakeTwilio]:  # type: ignore[no-untyped-def]
    fake = FakeTwilio()
    settings.AMPARO_SMS_TRANSPORT = "twilio"
    settings.TWILIO_API_BASE = fake.url
    settings.AMPARO_PUBLIC_URL = "https://hotline.example.org"
    yield fake
    fake.close()


@pytest.fixture
def twilio_org(north):  # type: ignore[no-untyped-def]
    north.twilio_account_sid = ACCOUNT
    north.save(update_fields=["twilio_account_sid"])
    return north


def test_it_sends_from_the_hotline_with_the_status_callback(twilio_org, dispatcher, fake_twilio,
                                                            django_capture_on_commit_callbacks):
    # A second hotline number: the reply must come from the one the reporter wrote to.
    HotlineNumber.objects.create(organization=twilio_org, e164="+12135550111")
    report = inbound(twilio_org, "ICE at 5th and Broadway", to="+12135550111")
    with django_capture_on_commit_callbacks(execute=True):
        msg = send_to_reporter(report.incident, report, "Where exactly? Cross streets please.", by=dispatcher)
    [req] = fake_twilio.requests
    assert req["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert req["form"] == {
        "To": ALICE, "From": "+12135550111", "Body": "Where exactly? Cross streets please.",
        "StatusCallback": "https://hotline.example.org/hooks/twilio/sms/status",
    }
    assert req["auth"] == "Basic " + base64.b64encode(f"{ACCOUNT}:{NORTH_TOKEN}".encode()).decode()
    msg.refresh_from_db()
    assert msg.provider_id == CREATED["sid"]
    assert msg.status == MessageStatus.SENDING  # Twilio queued it; the callbacks tell the rest


def test_it_uses_whatsapp_addresses_for_whatsapp(twilio_org, dispatcher, fake_twilio,
                                                 django_capture_on_commit_callbacks):
    report = inbound(twilio_org, "ICE at 5th and Broadway", channel="whatsapp")
    with django_capture_on_commit_callbacks(execute=True):
        send_to_reporter(report.incident, report, "Where?", by=dispatcher)
    [req] = fake_twilio.requests
    assert req["form"]["To"] == f"whatsapp:{ALICE}" and req["form"]["From"] == "whatsapp:+12135550100"


def test_a_twilio_refusal_fails_the_message_and_a_server_error_retries(twilio_org, dispatcher, fake_twilio):
    report = inbound(twilio_org, "ICE at 5th and Broadway")
    msg = send_to_reporter(report.incident, report, "Where?", by=dispatcher)
    fake_twilio.reply_status = 503
    with pytest.raises(TransientSendError):
        deliver(msg.pk)
    assert OutboundMessage.objects.get(pk=msg.pk).status == MessageStatus.QUEUED
    fake_twilio.reply_status = 400
    assert deliver(msg.pk) == MessageStatus.FAILED
    assert OutboundMessage.objects.get(pk=msg.pk).error_code == "21211"
    assert len(fake_twilio.requests) == 2


def test_it_refuses_without_a_twilio_account(north, dispatcher, fake_twilio, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    report = inbound(north, "ICE at 5th and Broadway")
    msg = send_to_reporter(report.incident, report, "Where?", by=dispatcher)
    with pytest.raises(PermanentSendError):
        TwilioTransport().send(OutboundMessage.objects.select_related("organization").get(pk=msg.pk))
    assert fake_twilio.requests == []


def test_the_alerts_sender_sends_through_its_messaging_service(twilio_org, fake_twilio):
    # The alerts sender is a Messaging Service, not a number: Twilio picks the service's number
    # and applies the service's opt-outs, never the hotline's.
    service = "MG" + "0123456789abcdef" * 2
    msg = OutboundMessage(organization=twilio_org, to_number=ALICE, from_number=service, body="Alerta")
    result = TwilioTransport(api_base=fake_twilio.url).send(msg)
    [req] = fake_twilio.requests
    assert req["form"]["MessagingServiceSid"] == service and "From" not in req["form"]
    assert req["form"]["To"] == ALICE and result.provider_id == CREATED["sid"]
