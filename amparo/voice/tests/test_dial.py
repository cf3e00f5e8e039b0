"""Report now: ringing the on-duty dispatchers at once, the whisper, the first to accept; surge mode."""

from __future__ import annotations

from django.utils import timezone

from amparo.incidents.models import Incident, Kind, Status
from amparo.reports.models import Report
from amparo.voice.actions import set_surge
from amparo.voice.models import Call, CallState, VoiceSettings
from conftest import NORTH_NUMBER

from .conftest import ADMIN_PHONE, CALL_SID, DISPATCHER_PHONE, local, payload, says, twiml


def _ring(caller):  # type: ignore[no-untyped-def]
    caller.dial_in()
    caller.press("1")  # English
    return caller.press("1")  # report now


def test_it_rings_every_dispatcher_on_duty_at_once_with_the_hotline_as_caller_id(bilingual, caller, on_duty, responder):
    from amparo.voice.actions import set_duty

    set_duty(bilingual, responder, on_duty=True, phone="+13105550133", schedule=[])  # responders take no calls
    root = _ring(caller)
    assert "connect you" in says(root)[0][2]
    dial = root.find("Dial")
    call = Call.objects.get(call_sid=CALL_SID)
    assert dial.get("callerId") == NORTH_NUMBER
    assert dial.get("answerOnBridge") == "true"
    assert dial.get("action").endswith(f"/hooks/twilio/voice/dialed?call={call.pk}")
    numbers = dial.findall("Number")
    assert sorted(n.text for n in numbers) == sorted([DISPATCHER_PHONE, ADMIN_PHONE])
    assert {n.get("url") for n in numbers} == {f"http://localhost:8000/hooks/twilio/voice/whisper?call={call.pk}"}
    assert call.state == CallState.RINGING


def test_it_whispers_the_reference_and_connects_the_first_to_press_one(bilingual, caller, on_duty, dispatcher,
                                                                       twilio_post, settings):
    root = _ring(caller)
    call = Call.objects.get(call_sid=CALL_SID)
    whisper_url = local(root.find("Dial/Number").get("url"), settings)
    leg = payload("whisper_leg")
    whisper = twiml(twilio_post(whisper_url, leg))
    gather = whisper.find("Gather")
    assert gather.get("numDigits") == "1" and gather.get("actionOnEmptyResult") is None
    assert f"reference {call.pk}" in says(gather)[0][2] and "Press 1" in says(gather)[0][2]
    assert [n.tag for n in whisper] == ["Gather", "Hangup"]  # no key (a voicemail): that leg hangs up
    accept_url = local(gather.get("action"), settings)

    assert [n.tag for n in twiml(twilio_post(accept_url, {**leg, "Digits": "9"}))] == ["Hangup"]
    connected = twiml(twilio_post(accept_url, {**leg, "Digits": "1"}))
    assert list(connected) == []  # nothing more: Twilio bridges this leg
    call.refresh_from_db()
    assert (call.state, call.connected_to) == (CallState.CONNECTED, dispatcher)

    second = {**leg, "CallSid": "CAd1a2000000000000000000000000000c", "To": ADMIN_PHONE, "Called": ADMIN_PHONE}
    late = twiml(twilio_post(accept_url, {**second, "Digits": "1"}))
    assert [n.tag for n in late] == ["Say", "Hangup"] and "Another volunteer" in late[0].text
    assert [n.tag for n in twiml(twilio_post(whisper_url, second))] == ["Say", "Hangup"]
    call.refresh_from_db()
    assert call.connected_to == dispatcher

    done = caller.to(caller.url_of("Dial"), name="dial_action", DialCallStatus="completed")
    assert [n.tag for n in done] == ["Hangup"]
    caller.hang_up()
    report = Report.objects.get(provider_id=CALL_SID)
    assert "answered by a volunteer" in report.body and report.extra["connected"] is True


def test_it_falls_back_to_zip_and_recording_when_nobody_accepts(north, caller, on_duty):
    _ring(caller)
    for status in ("no-answer", "busy", "failed", "completed"):
        Call.objects.filter(call_sid=CALL_SID).update(state=CallState.RINGING)
        root = caller.to(f"/hooks/twilio/voice/dialed?call={Call.objects.get().pk}", name="dial_action",
                         DialCallStatus=status)
        assert "No volunteer" in says(root)[0][2]
        assert root.find("Gather").get("numDigits") == "5"
        assert Call.objects.get().state == CallState.ZIP


def test_it_records_instead_of_ringing_when_nobody_is_on_duty(north, caller, dispatcher):
    root = _ring(caller)
    assert root.find(".//Dial") is None and root.find("Gather").get("numDigits") == "5"


def test_it_switches_to_surge_by_hand(north, caller, on_duty, dispatcher):
    set_surge(north, forced=True, by=dispatcher)
    root = caller.dial_in()
    greeting = [s.text for s in root if s.tag == "Say"]
    assert "may be recorded" in greeting[0] and "text message" in greeting[0]
    assert "puede ser grabada" in greeting[1] and "mensaje de texto" in greeting[1]
    after = _ring_from_greeting(caller)
    assert after.find(".//Dial") is None and after.find("Gather").get("numDigits") == "5"
    call = Call.objects.get()
    assert call.surge is True
    vs = VoiceSettings.objects.get(organization=north)
    assert (vs.surge_changed_by, vs.surge_forced) == (dispatcher, True)


def _ring_from_greeting(caller):  # type: ignore[no-untyped-def]
    caller.press("1")
    return caller.press("1")


def test_it_switches_to_surge_when_the_queue_passes_the_threshold(north, caller, on_duty, admin_user):
    set_surge(north, forced=False, threshold=2, by=admin_user)
    now = timezone.now()
    for status in (Status.REPORTED, Status.VERIFYING):
        Incident.objects.create(organization=north, kind=Kind.EVENT, status=status, first_report_at=now, last_report_at=now)
    Incident.objects.create(organization=north, kind=Kind.VAGUE, first_report_at=now, last_report_at=now)
    caller.dial_in()
    assert Call.objects.get().surge is False  # one reported event incident: below the threshold
    Incident.objects.create(organization=north, kind=Kind.EVENT, first_report_at=now, last_report_at=now)
    caller.sid = "CAsurge000000000000000000000000002"
    root = caller.dial_in()
    assert "text message" in root.find("Say").text
    assert Call.objects.get(call_sid=caller.sid).surge is True
