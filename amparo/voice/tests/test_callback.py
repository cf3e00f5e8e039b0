"""Calling a reporter back from the console through the hotline number."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.intake.pipeline import ingest_report
from amparo.voice.actions import CallBackError, call_back, set_duty
from amparo.voice.models import Call, CallState
from conftest import NORTH_NUMBER, NORTH_TOKEN

from .conftest import ACCOUNT, CALLER, DISPATCHER_PHONE, FIXTURES, basic_auth, local, twiml

CALLS = f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json"
CREATED = (FIXTURES / "callback_created.json").read_bytes()


@pytest.fixture
def report(north):  # type: ignore[no-untyped-def]
    return ingest_report(org=north, channel="sms", provider_id="SMcb1", from_number=CALLER, to_number=NORTH_NUMBER,
                         body="ICE at 1st and Boyle", received_at=timezone.now()).report


@pytest.fixture
def dispatcher_on_phone(north, dispatcher):  # type: ignore[no-untyped-def]
    set_duty(north, dispatcher, on_duty=False, phone=DISPATCHER_PHONE, schedule=[])
    return dispatcher


def test_it_rings_the_dispatcher_then_bridges_to_the_reporter_from_the_hotline(
        north, report, dispatcher_on_phone, fake_twilio, twilio_post, settings):
    fake_twilio.routes[("POST", CALLS)] = (201, {"Content-Type": "application/json"}, CREATED)
    call = call_back(report, by=dispatcher_on_phone)
    request = fake_twilio.made("POST")[0]
    assert request["auth"] == basic_auth(NORTH_TOKEN)
    form = request["form"]
    assert (form["To"], form["From"]) == (DISPATCHER_PHONE, NORTH_NUMBER)  # the dispatcher's phone first
    assert CALLER not in json.dumps(form)  # the reporter's number never leaves in the request
    assert form["Url"].endswith(f"/hooks/twilio/voice/bridge?call={call.pk}")
    call.refresh_from_db()
    assert (call.call_sid, call.direction, call.state, call.report, call.connected_to) == (
        "CAcb0000000000000000000000000000c1", Call.OUTBOUND, CallState.CALLBACK, report, dispatcher_on_phone)
    assert AuditEntry.objects.filter(action="call_back", object_id=str(report.pk)).count() == 1
    assert report.incident.events.filter(kind="call_back").exists()

    leg = {"AccountSid": ACCOUNT, "CallSid": call.call_sid, "CallStatus": "in-progress", "Direction": "outbound-api",
           "From": NORTH_NUMBER, "To": DISPATCHER_PHONE, "ApiVersion": "2010-04-01"}
    root = twiml(twilio_post(local(form["Url"], settings), leg))
    assert "report" in root.find("Say").text
    dial = root.find("Dial")
    assert dial.get("callerId") == NORTH_NUMBER and dial.find("Number").text == CALLER
    status = twilio_post(local(form["StatusCallback"], settings), {**leg, "CallStatus": "completed"})
    assert status.status_code == 204
    call.refresh_from_db()
    assert call.end_status == "completed" and call.report == report


def test_it_explains_why_a_call_back_cannot_be_placed(north, report, dispatcher, fake_twilio):
    with pytest.raises(CallBackError, match="phone number on the duty page"):
        call_back(report, by=dispatcher)
    set_duty(north, dispatcher, on_duty=False, phone=DISPATCHER_PHONE, schedule=[])
    fake_twilio.routes[("POST", CALLS)] = (400, {"Content-Type": "application/json"},
                                          b'{"code": 21215, "message": "Geo permission", "status": 400}')
    with pytest.raises(CallBackError, match="21215"):
        call_back(report, by=dispatcher)
    web = ingest_report(org=north, channel="web", provider_id="web:n1", from_number=CALLER, body="ICE at 90033",
                        extra={"may_call": False}).report
    with pytest.raises(CallBackError, match="did not agree"):
        call_back(web, by=dispatcher)
    hidden = ingest_report(org=north, channel="voice", provider_id="CAhidden", from_number="", body="ZIP 90033").report
    with pytest.raises(CallBackError, match="no phone number"):
        call_back(hidden, by=dispatcher)


def test_it_calls_back_from_the_console_button(north, report, dispatcher_on_phone, fake_twilio, login):
    fake_twilio.routes[("POST", CALLS)] = (201, {"Content-Type": "application/json"}, CREATED)
    resp = login(dispatcher_on_phone).post(f"/voice/reports/{report.pk}/call-back")
    assert resp.status_code == 302 and resp["Location"] == f"/console/incidents/{report.incident_id}/"
    assert Call.objects.filter(direction=Call.OUTBOUND, report=report).count() == 1


def test_it_refuses_a_call_back_to_responders_outsiders_and_get(north, report, responder, outsider, dispatcher_on_phone,
                                                              fake_twilio, login):
    url = f"/voice/reports/{report.pk}/call-back"
    assert login(responder).post(url).status_code == 403
    assert login(outsider).post(url).status_code == 404
    assert login(dispatcher_on_phone).get(url).status_code == 405
    assert fake_twilio.requests == [] and not Call.objects.exists()
