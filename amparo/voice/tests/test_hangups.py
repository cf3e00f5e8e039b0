"""A call that hangs up midway still leaves a report of what it captured;
one that chose nothing leaves only its Call row."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from amparo.reports.models import Report, ReportMedia
from amparo.voice.models import Call, CallState
from amparo.voice.tasks import sweep

from .conftest import CALL_SID


def _ended(status: str = "completed") -> Call:
    call = Call.objects.get(call_sid=CALL_SID)
    assert call.ended_at is not None and call.end_status == status
    return call


def test_it_keeps_no_report_for_a_hang_up_at_the_greeting(bilingual, caller):
    caller.dial_in()
    assert caller.hang_up().status_code == 204
    assert _ended().state == CallState.GREETING
    assert not Report.objects.exists()


def test_it_keeps_no_report_for_a_hang_up_at_the_language_menu_or_main_menu(bilingual, caller):
    caller.dial_in()
    caller.press("2")
    caller.hang_up("canceled")
    assert _ended("canceled").language == "es"
    assert not Report.objects.exists()


def test_it_keeps_no_report_for_a_hang_up_after_know_your_rights(bilingual, caller):
    caller.dial_in()
    caller.press("1")
    caller.press("3")
    caller.hang_up()
    assert _ended().option == "3"
    assert not Report.objects.exists()


def test_it_files_what_was_captured_on_a_hang_up_at_the_zip_prompt(bilingual, caller):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.hang_up()
    report = Report.objects.get(provider_id=CALL_SID)
    assert report.channel == "voice" and report.body.startswith("Call ended before recording")
    assert "option 2" in report.body and report.extra["option"] == "2" and report.extra["zip"] == ""
    assert _ended().report == report
    caller.hang_up()  # Twilio retries the callback: still one report
    assert Report.objects.count() == 1


def test_it_files_the_option_of_a_hang_up_at_the_second_zip_prompt(bilingual, caller):
    caller.dial_in()
    caller.press("2")
    caller.press("2")
    caller.press("12")
    caller.hang_up("completed")
    report = Report.objects.get(provider_id=CALL_SID)
    assert (report.zip, report.language) == ("", "es")
    assert "opción 2" in report.body


def test_it_files_a_report_for_a_hang_up_while_ringing_dispatchers(north, caller, on_duty):
    caller.dial_in()
    caller.press("1")
    caller.press("1")
    assert Call.objects.get().state == CallState.RINGING
    caller.hang_up()
    assert "option 1" in Report.objects.get(provider_id=CALL_SID).body


def test_it_waits_for_the_recording_when_the_call_ends_while_recording(north, caller, fake_twilio,
                                                                      django_capture_on_commit_callbacks):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.press("90033")
    assert Call.objects.get().state == CallState.RECORDING
    caller.hang_up()  # the status callback beats the recording callback
    assert not Report.objects.exists()
    fake_twilio.recording("RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")
    with django_capture_on_commit_callbacks(execute=True):
        caller.recording(base=fake_twilio.url)
    report = Report.objects.get(provider_id=CALL_SID)
    assert report.body.startswith("Voice report") and ReportMedia.objects.get(report=report).status == ReportMedia.STORED


def test_it_files_what_was_captured_when_a_hang_up_at_the_beep_leaves_no_recording_callback(north, caller):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.press("90033")
    caller.hang_up()
    assert sweep()["filed"] == []  # within the grace period
    assert sweep(now=timezone.now() + timedelta(minutes=5))["filed"] == [Call.objects.get().pk]
    report = Report.objects.get(provider_id=CALL_SID)
    assert "without a usable recording" in report.body and report.zip == "90033"


def test_it_files_what_was_captured_for_an_absent_recording(north, caller):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.press("")
    caller.press("")
    caller.recording(RecordingStatus="absent", RecordingUrl="", RecordingDuration="0")
    report = Report.objects.get(provider_id=CALL_SID)
    assert not report.media.exists() and "option 2" in report.body


def test_it_attaches_a_late_recording_to_the_report_filed_without_it(north, caller, fake_twilio,
                                                                     django_capture_on_commit_callbacks):
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.press("90033")
    caller.hang_up()
    sweep(now=timezone.now() + timedelta(minutes=5))
    fake_twilio.recording("RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")
    with django_capture_on_commit_callbacks(execute=True):
        caller.recording(base=fake_twilio.url)
    report = Report.objects.get(provider_id=CALL_SID)
    assert ReportMedia.objects.get(report=report).status == ReportMedia.STORED
    assert Call.objects.get().recording_deleted_at is not None
