"""Recordings: stored by Amparo, then deleted at Twilio; reports correlated by the ZIP."""

from __future__ import annotations

import pytest

from amparo.places.actions import create_place
from amparo.reports.models import Report, ReportMedia
from amparo.voice.models import Call
from amparo.voice.recordings import RecordingNotStoredYet, delete_recording
from amparo.voice.tasks import sweep
from conftest import NORTH_TOKEN

from .conftest import ACCOUNT, CALL_SID, basic_auth

RE = "RE7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"


def _record(caller, zip_code: str = "90033"):  # type: ignore[no-untyped-def]
    caller.dial_in()
    caller.press("1")
    caller.press("2")
    caller.press(zip_code)


def test_it_lands_a_voice_report_in_the_incident_of_an_sms_in_the_same_zip(north, caller, twilio_post, fake_twilio,
                                                                           django_capture_on_commit_callbacks):
    create_place(north, name="Mariachi Plaza", aliases=["Plaza del Mariachi"], lat=34.0472, lon=-118.2194,
                 zip="90033", kind="other")
    sms = {"MessageSid": "SMmariachi00000000000000000000001", "From": "+13235550199", "To": "+12135550100",
           "Body": "ICE at Mariachi Plaza", "NumMedia": "0", "AccountSid": ACCOUNT}
    assert twilio_post("/hooks/twilio/sms", sms).status_code == 200
    first = Report.objects.get(provider_id=sms["MessageSid"])
    assert first.geo_precision == "place" and first.incident is not None

    _record(caller)
    fake_twilio.recording(RE)
    with django_capture_on_commit_callbacks(execute=True):
        caller.recording(base=fake_twilio.url)
    voice = Report.objects.get(provider_id=CALL_SID)
    assert voice.geo_precision == "zip" and voice.incident_id == first.incident_id
    assert ReportMedia.objects.get(report=voice).status == ReportMedia.STORED


def test_it_keeps_the_report_when_the_recording_download_fails(north, caller, fake_twilio,
                                                               django_capture_on_commit_callbacks):
    _record(caller)
    fake_twilio.routes[("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RE}.mp3")] = (503, {}, b"")
    with django_capture_on_commit_callbacks(execute=True):
        assert caller.recording(base=fake_twilio.url).status_code == 204
    report = Report.objects.get(provider_id=CALL_SID)
    media = ReportMedia.objects.get(report=report)
    assert media.status == ReportMedia.PENDING and media.attempts >= 1  # left for the retry and the sweeper
    assert fake_twilio.made("DELETE") == []
    with pytest.raises(RecordingNotStoredYet):
        delete_recording(Call.objects.get().pk)


def test_it_deletes_at_twilio_only_after_our_copy_is_stored(north, caller, fake_twilio,
                                                            django_capture_on_commit_callbacks):
    _record(caller)
    with django_capture_on_commit_callbacks(execute=False):
        caller.recording(base=fake_twilio.url)  # the fetch and the delete are queued, not run
    call = Call.objects.get()
    with pytest.raises(RecordingNotStoredYet):
        delete_recording(call.pk)
    ReportMedia.objects.filter(report=call.report).update(status=ReportMedia.FAILED)
    assert delete_recording(call.pk) == "kept"  # Twilio's copy is then the only one
    assert fake_twilio.made("DELETE") == []

    ReportMedia.objects.filter(report=call.report).update(status=ReportMedia.STORED)
    fake_twilio.recording(RE, delete_status=500)
    from amparo.core.provider import ProviderError

    with pytest.raises(ProviderError) as refused:
        delete_recording(call.pk)  # Huey retries it
    assert refused.value.transient
    fake_twilio.recording(RE, delete_status=404)  # already gone at Twilio: fine
    assert delete_recording(call.pk) == "deleted"
    deletes = fake_twilio.made("DELETE")
    assert deletes[-1]["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RE}.json"
    assert deletes[-1]["auth"] == basic_auth(NORTH_TOKEN)
    assert Call.objects.get().recording_deleted_at is not None
    assert delete_recording(call.pk) == "deleted"
    assert len(fake_twilio.made("DELETE")) == 2


def test_it_sweeps_stored_recordings_not_yet_deleted(north, caller, fake_twilio, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    _record(caller)
    with django_capture_on_commit_callbacks(execute=False):
        caller.recording(base=fake_twilio.url)
    call = Call.objects.get()
    ReportMedia.objects.filter(report=call.report).update(status=ReportMedia.STORED)
    fake_twilio.recording(RE)
    assert sweep()["deletes"] == []  # too fresh: the queued delete is still on its way
    assert sweep(now=timezone.now() + timedelta(minutes=15))["deletes"] == [call.pk]
    assert Call.objects.get().recording_deleted_at is not None


def test_it_refuses_a_recording_url_outside_twilio(north, caller, django_capture_on_commit_callbacks):
    _record(caller)
    with django_capture_on_commit_callbacks(execute=True):
        caller.recording(RecordingUrl="https://evil.example/steal")
    report = Report.objects.get(provider_id=CALL_SID)
    assert ReportMedia.objects.get(report=report).status == ReportMedia.REFUSED
    assert delete_recording(Call.objects.get().pk) == "kept"
