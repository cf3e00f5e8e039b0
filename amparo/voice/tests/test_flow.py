"""The call flow, driven by signed webhooks as Twilio sends them."""

from __future__ import annotations

import pytest

from amparo.reports.models import Report, ReportMedia
from amparo.voice.models import Call, CallState
from conftest import NORTH_NUMBER, NORTH_TOKEN, SOUTH_TOKEN

from .conftest import CALL_SID, CALLER, basic_auth, payload, says


def test_it_greets_with_the_recording_notice_in_each_language_then_the_language_menu(bilingual, caller):
    root = caller.dial_in()
    greeting = [s for s in root if s.tag == "Say"]
    assert [(s.get("language"), s.get("voice")) for s in greeting] == [("en-US", "Polly.Joanna"), ("es-US", "Polly.Lupe")]
    assert "may be recorded" in greeting[0].text
    gather = root.find("Gather")
    assert gather.get("numDigits") == "1" and gather.get("actionOnEmptyResult") == "true"
    assert gather.get("action").endswith("attempt=0") and "/hooks/twilio/voice/language?call=" in gather.get("action")
    options = says(gather)
    assert [o[0] for o in options] == ["en-US", "es-US"]
    assert "press 1" in options[0][2] and "oprima 2" in options[1][2]
    call = Call.objects.get(call_sid=CALL_SID)
    assert (call.state, call.caller_number, call.surge) == (CallState.GREETING, CALLER, False)
    assert call.caller_hash and CALLER not in Call.objects.filter(pk=call.pk).values_list("caller_number", flat=True)[0].token


def test_it_goes_straight_to_the_menu_on_a_one_language_line(north, caller):
    north.languages = ["en", "hy"]  # Armenian has no phone voice yet: not offered
    north.save(update_fields=["languages"])
    root = caller.dial_in()
    assert [s.get("language") for s in root.findall("Say")] == ["en-US"]
    menu = caller.follow_redirect()
    gather = menu.find("Gather")
    assert "/hooks/twilio/voice/menu?" in gather.get("action")
    assert "press 1" in says(gather)[0][2] and "press 3" in says(gather)[0][2]


def test_it_drives_spanish_report_now_nobody_on_duty_recording_to_a_report(bilingual, caller, fake_twilio,
                                                                           django_capture_on_commit_callbacks):
    """The issue's "done when": greeting, Spanish, report now, nobody on shift,
    recording, a report in the console."""
    caller.dial_in()
    menu = caller.press("2")
    assert {s[0] for s in says(menu)} == {"es-US"}
    zip_prompt = caller.press("1")
    gather = zip_prompt.find("Gather")
    assert gather.get("numDigits") == "5" and "/hooks/twilio/voice/zip?" in gather.get("action")
    assert Call.objects.get(call_sid=CALL_SID).state == CallState.ZIP
    record = caller.press("90033")
    rec = record.find("Record")
    assert (rec.get("maxLength"), rec.get("playBeep"), rec.get("finishOnKey")) == ("180", "true", "#")
    assert "/hooks/twilio/voice/recording?call=" in rec.get("recordingStatusCallback")
    assert "/hooks/twilio/voice/recorded?call=" in rec.get("action")
    assert {s[0] for s in says(record)} == {"es-US"}
    assert [n.tag for n in record][-1] == "Hangup"
    done = caller.to(caller.url_of("Record"), RecordingUrl="x", RecordingDuration="42")
    assert [n.tag for n in done] == ["Say", "Hangup"]

    fake_twilio.recording("RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")
    with django_capture_on_commit_callbacks(execute=True):
        assert caller.recording(base=fake_twilio.url).status_code == 204
    report = Report.objects.get(organization=bilingual, provider_id=CALL_SID)
    assert (report.channel, report.language, report.zip, report.geo_precision) == ("voice", "es", "90033", "zip")
    assert report.caller_number == CALLER and report.hotline.e164 == NORTH_NUMBER
    assert "90033" in report.body and "42" in report.body
    assert report.extra["recording_sid"] == "RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f" and report.extra["option"] == "1"
    assert report.incident is not None
    media = ReportMedia.objects.get(report=report)
    assert (media.status, media.content_type) == (ReportMedia.STORED, "audio/mpeg")
    get = fake_twilio.made("GET")[0]
    assert get["path"].endswith("/Recordings/RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f.mp3") and get["auth"] == basic_auth(NORTH_TOKEN)
    deleted = fake_twilio.made("DELETE")
    assert [d["path"] for d in deleted] == [f"/2010-04-01/Accounts/{payload('recording_status')['AccountSid']}"
                                            "/Recordings/RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f.json"]
    call = Call.objects.get(call_sid=CALL_SID)
    assert (call.state, call.report_id, call.zip, call.option) == (CallState.RECORDED, report.pk, "90033", "1")
    assert call.recording_deleted_at is not None

    # Twilio sends the recording callback again, then the call's end: nothing new.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert caller.recording(base=fake_twilio.url).status_code == 204
        assert caller.hang_up().status_code == 204
    assert callbacks == []
    assert Report.objects.filter(provider_id=CALL_SID).count() == 1
    assert ReportMedia.objects.filter(report=report).count() == 1


def test_it_refuses_unsigned_forged_and_unknown_requests(north, south, twilio_post, caller):
    data = payload("call_incoming")
    assert twilio_post("/hooks/twilio/voice", data, signature="").status_code == 403
    assert twilio_post("/hooks/twilio/voice", data, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert twilio_post("/hooks/twilio/voice", data, token=SOUTH_TOKEN).status_code == 403
    assert twilio_post("/hooks/twilio/voice", {**data, "To": "+14155550000"}).status_code == 404
    assert not Call.objects.exists()
    caller.dial_in()
    call = Call.objects.get()
    step = f"/hooks/twilio/voice/menu?call={call.pk}&attempt=0"
    assert twilio_post(step, payload("gather", Digits="1"), signature="").status_code == 403
    assert twilio_post(step, payload("gather", Digits="1"), token=SOUTH_TOKEN).status_code == 403
    assert twilio_post(step, payload("gather", Digits="1", CallSid="CAother")).status_code == 404
    assert twilio_post("/hooks/twilio/voice/menu?call=999999&attempt=0", payload("gather")).status_code == 404
    assert twilio_post("/hooks/twilio/voice/status", payload("call_status"), signature="").status_code == 403
    assert twilio_post("/hooks/twilio/voice/status", {**payload("call_status"), "To": "+14155550000"}).status_code == 404
    rec = f"/hooks/twilio/voice/recording?call={call.pk}"
    assert twilio_post(rec, payload("recording_status"), signature="").status_code == 403
    assert Call.objects.get().option == "" and not Report.objects.exists()


def test_it_replays_the_first_webhook_without_a_second_call(north, caller):
    first = caller.dial_in()
    again = caller.dial_in()
    assert [n.tag for n in first] == [n.tag for n in again]
    assert Call.objects.count() == 1


@pytest.mark.parametrize("junk", ["7", "", "*", "12"])
def test_it_repeats_the_menu_once_on_junk_then_records(north, caller, junk):
    caller.dial_in()
    caller.press("1")
    again = caller.press(junk)
    gather = again.find("Gather")
    assert gather.get("action").endswith("attempt=1")
    assert "not an option" in says(gather)[0][2]
    record = caller.press(junk)
    assert record.find("Record") is not None and record.find("Gather") is None
    call = Call.objects.get()
    assert (call.state, call.option) == (CallState.RECORDING, "")


def test_it_asks_the_zip_once_more_then_skips_it(north, caller):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    again = caller.press("00000")  # five digits, not a real ZIP
    assert again.find("Gather").get("action").endswith("attempt=1")
    assert "not recognized" in says(again)[0][2]
    record = caller.press("")
    assert record.find("Record") is not None
    assert Call.objects.get().zip == ""


def test_it_tells_the_rights_in_the_callers_language_then_menu_or_goodbye(bilingual, caller):
    caller.dial_in()
    caller.press("2")
    kyr = caller.press("3")
    spoken = says(kyr)
    assert spoken[0][0] == "es-US" and len(spoken[0][2]) > 100
    assert "/hooks/twilio/voice/kyr?" in kyr.find("Gather").get("action")
    menu = caller.press("1")
    assert "/hooks/twilio/voice/menu?" in menu.find("Gather").get("action")
    caller.press("3")
    bye = caller.press("")
    assert [n.tag for n in bye] == ["Say", "Hangup"]
    assert Call.objects.get().option == "3"


def test_it_offers_a_language_on_the_phone_only_with_a_voice_and_translated_prompts(north, caller):
    from amparo.texts.models import TextOverride

    # "zh" has a voice but no catalog (Chinese is zh-hans); Armenian has a catalog but no voice.
    north.languages = ["ko", "zh", "es", "hy", "en"]
    north.save(update_fields=["languages"])
    root = caller.dial_in()
    assert [s.get("language") for s in root.find("Gather").iter("Say")] == ["ko-KR", "es-US", "en-US"]
    for key, text in (("ivr.menu", "지금 일어나는 단속을 신고하려면 1번을 누르세요."),
                      ("ivr.language_option", "한국어는 {digit}번을 누르세요.")):
        TextOverride.objects.create(organization=north, key=key, language="ko", text=text)
    caller.sid = "CAkorean0000000000000000000000001"
    root = caller.dial_in()
    options = says(root.find("Gather"))
    assert [o[:2] for o in options] == [("ko-KR", "Polly.Seoyeon"), ("es-US", "Polly.Lupe"), ("en-US", "Polly.Joanna")]
    assert options[0][2] == "한국어는 1번을 누르세요." and "oprima 2" in options[1][2]
    menu = caller.press("1")
    assert says(menu)[0] == ("ko-KR", "Polly.Seoyeon", "지금 일어나는 단속을 신고하려면 1번을 누르세요.")
    assert Call.objects.get(call_sid=caller.sid).language == "ko"
