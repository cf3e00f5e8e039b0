"""The incident page's report extras (media, call back, web answers, legal hold) and /console/media/<id>/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.console.tests.factories import incident_at_school
from amparo.reports.media import store_bytes
from amparo.reports.models import Report, ReportMedia

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def stored(report: Report, data: bytes, content_type: str) -> ReportMedia:
    media = ReportMedia.objects.create(organization_id=report.organization_id, report=report)
    assert store_bytes(media, data, content_type)
    return media


def add_report(incident, channel: str, *, number: str | None = "+13235551234", extra=None, n: int = 1) -> Report:
    return Report.objects.create(organization_id=incident.organization_id, channel=channel, provider_id=f"{channel}:{n}",
                                 body="agents here", caller_number=number, received_at=timezone.now(),
                                 incident=incident, extra=extra)


@pytest.fixture
def voice_media(north):  # type: ignore[no-untyped-def]
    incident = incident_at_school(north)
    return stored(add_report(incident, "voice", n=90), MP3, "audio/mpeg")


def test_it_streams_the_decrypted_recording_and_audits_the_read(login, dispatcher, voice_media):
    r = login(dispatcher).get(f"/console/media/{voice_media.pk}/")
    assert r.status_code == 200
    assert r.content == MP3
    assert r["Content-Type"] == "audio/mpeg"
    assert r["Content-Disposition"] == "inline"
    assert "no-store" in r["Cache-Control"]
    assert r["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(object_type="media")
    assert (entry.action, entry.object_id, entry.actor_id) == ("read", str(voice_media.pk), dispatcher.pk)


def test_it_lets_an_admin_play_the_recording(login, admin_user, voice_media):
    assert login(admin_user).get(f"/console/media/{voice_media.pk}/").status_code == 200


def test_it_refuses_a_responder(login, responder, voice_media):
    assert login(responder).get(f"/console/media/{voice_media.pk}/").status_code == 403
    assert not AuditEntry.objects.filter(object_type="media").exists()


def test_it_hides_another_organizations_media(login, outsider, voice_media):
    assert login(outsider).get(f"/console/media/{voice_media.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(object_type="media").exists()


def test_it_sends_anonymous_visitors_to_log_in(client, voice_media):
    r = client.get(f"/console/media/{voice_media.pk}/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_it_serves_an_unsafe_declared_type_as_a_download(login, dispatcher, north):
    media = stored(add_report(incident_at_school(north), "sms", n=91), b"<script>x</script>", "text/html")
    r = login(dispatcher).get(f"/console/media/{media.pk}/")
    assert r["Content-Type"] == "application/octet-stream"
    assert r["Content-Disposition"].startswith("attachment")


def test_it_404s_media_not_yet_stored(login, dispatcher, north):
    report = add_report(incident_at_school(north), "sms", n=92)
    media = ReportMedia.objects.create(organization=north, report=report)
    assert login(dispatcher).get(f"/console/media/{media.pk}/").status_code == 404


def test_it_shows_a_player_for_a_recording_and_a_link_for_a_photo(login, dispatcher, north):
    incident = incident_at_school(north)
    audio = stored(add_report(incident, "voice", n=93), MP3, "audio/mpeg")
    photo = stored(add_report(incident, "web", extra={"what": "raid", "may_call": False}, n=94), JPEG, "image/jpeg")
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert f'<audio controls preload="none" src="/console/media/{audio.pk}/"' in html
    assert f'href="/console/media/{photo.pk}/"' in html
    # Rendering the page reads no media: only playing or opening it does.
    assert not AuditEntry.objects.filter(object_type="media").exists()


def test_it_offers_a_call_back_only_where_the_reporter_may_be_called(login, dispatcher, north):
    incident = incident_at_school(north)
    sms = Report.objects.get(incident=incident)
    consent = add_report(incident, "web", extra={"what": "raid", "may_call": True}, n=95)
    refused = add_report(incident, "web", extra={"what": "raid", "may_call": False}, n=96)
    no_extra = add_report(incident, "web", extra=None, n=97)
    no_number = add_report(incident, "voice", number=None, n=98)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert f'action="/voice/reports/{sms.pk}/call-back"' in html
    assert f'action="/voice/reports/{consent.pk}/call-back"' in html
    for r in (refused, no_extra, no_number):
        assert f'action="/voice/reports/{r.pk}/call-back"' not in html
    assert "+1323555" not in html  # neither the reporter's number nor anyone else's is on the page


def test_it_shows_the_web_forms_category_and_consent(login, dispatcher, north):
    from amparo.reports.models import WHAT_CHOICES

    value, label = WHAT_CHOICES[0]
    incident = incident_at_school(north)
    add_report(incident, "web", extra={"what": value, "may_call": False}, n=99)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert f"Chosen in the form: {label}" in html
    assert "Did not agree to be called" in html


def test_it_lets_an_admin_set_and_release_a_legal_hold(login, admin_user, north):
    from amparo.retention.models import LegalHold

    incident = incident_at_school(north)
    c = login(admin_user)
    html = c.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert 'id="hold-form"' in html and f'action="/retention/incidents/{incident.pk}/hold"' in html
    c.post(f"/retention/incidents/{incident.pk}/hold", {"reason": "case 24-123"})
    html = c.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "On legal hold since" in html and "case 24-123" in html and 'id="release-hold-form"' in html
    c.post(f"/retention/incidents/{incident.pk}/hold", {"release": "1"})
    assert not LegalHold.objects.filter(incident=incident, released_at__isnull=True).exists()
    assert 'id="hold-form"' in c.get(f"/console/incidents/{incident.pk}/").content.decode()


def test_it_shows_the_hold_to_a_dispatcher_without_the_form_or_reason(login, admin_user, dispatcher, north):
    from amparo.retention.actions import set_legal_hold

    incident = incident_at_school(north)
    set_legal_hold(incident, by=admin_user, reason="case 24-123")
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "On legal hold since" in html
    assert "case 24-123" not in html and 'id="release-hold-form"' not in html and 'id="hold-form"' not in html
