"""The responder's phone pages: by signed link and logged in; removed responders,
outsiders and expired links; the console's override and evidence views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.incidents.models import Incident, Status
from amparo.verification import actions, notify
from amparo.verification.models import Evidence, Offer, OfferStatus
from amparo.verification.tests.conftest import make_incident, make_responder

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


@pytest.fixture
def offer(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north, at=timezone.now())
    actions.offer_incident(incident, by=dispatcher)
    offer = Offer.objects.get(responder=crew[0], incident=incident)
    assert actions.accept_offer(offer) == actions.Accept.ASSIGNED
    return offer


def scene(offer) -> str:  # type: ignore[no-untyped-def]
    return reverse("verification:scene", args=[notify.offer_token(offer)])


def test_it_runs_the_visit_from_the_signed_link(client, north, offer):
    url = scene(offer)
    html = client.get(url).content.decode()
    assert "lawful distance" in html and "badge numbers" in html and 'style="' not in html and "<script>" not in html
    assert client.post(url, {"action": "arrive"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ON_SCENE
    client.post(url, {"action": "note", "text": "Two ICE vans, agents at the door of 1st St apartments."})
    r = client.post(url, {"action": "upload", "file": SimpleUploadedFile("a.png", PNG, content_type="image/png")},
                    follow=True)
    assert b"SHA-256" in r.content
    assert sorted(Evidence.objects.values_list("kind", flat=True)) == ["note", "photo"]
    r = client.post(url, {"action": "outcome", "outcome": "enforcement_seen", "agency_federal": "ice"}, follow=True)
    assert b"Outcome reported" in r.content
    assert Incident.objects.get(pk=offer.incident_id).status == Status.CONFIRMED
    client.post(url, {"action": "out"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CHECKED_OUT


def test_it_refuses_a_file_that_is_not_media_and_an_outcome_without_its_agency(client, north, offer):
    url = scene(offer)
    r = client.post(url, {"action": "upload", "file": SimpleUploadedFile("a.jpg", b"<svg onload=x>")}, follow=True)
    assert b"not a photo or a video" in r.content and not Evidence.objects.exists()
    r = client.post(url, {"action": "outcome", "outcome": "enforcement_seen", "agency_federal": ""}, follow=True)
    assert b"choose the agency" in r.content
    assert Incident.objects.get(pk=offer.incident_id).status == Status.VERIFYING


def test_sos_from_the_page_alerts(client, north, offer):
    r = client.post(scene(offer), {"action": "sos"}, follow=True)
    assert b"were alerted" in r.content
    offer.refresh_from_db()
    assert offer.sos_at is not None


def test_a_removed_responder_gets_403_and_files_nothing(client, north, offer, crew, admin_user):
    url = scene(offer)
    actions.remove_responder(crew[0], by=admin_user)
    assert client.get(url).status_code == 403
    r = client.post(url, {"action": "upload", "file": SimpleUploadedFile("a.png", PNG)})
    assert r.status_code == 403 and b"no longer on the responder roster" in r.content
    assert client.post(url, {"action": "arrive"}).status_code == 403
    assert not Evidence.objects.exists()


def test_an_expired_or_forged_link_is_refused(client, north, dispatcher, crew, settings):
    incident = make_incident(north, at=timezone.now())
    actions.offer_incident(incident, by=dispatcher)
    offer = Offer.objects.get(responder=crew[1], incident=incident)
    token = notify.offer_token(offer)
    assert client.get(reverse("verification:scene", args=[token])).status_code == 302  # to the accept page
    later = timezone.now() + timedelta(minutes=offer.dispatch.offer_minutes + 1)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.get(reverse("verification:scene", args=[token])).status_code == 404
    assert client.get(reverse("verification:scene", args=[token[:-2] + "xx"])).status_code == 404


def test_a_logged_in_responder_sees_only_their_own(client, north, south, responder, outsider, offer, crew):
    mine = make_responder(north, "+12135550444")
    from amparo.verification.models import Responder

    Responder.objects.filter(pk=mine.pk).update(user=responder)
    second = make_incident(north, at=timezone.now())
    actions.offer_incident(second, by=None, responders=[mine])
    my_offer = Offer.objects.get(responder=mine)
    actions.accept_offer(my_offer)
    client.force_login(responder)
    listing = client.get(reverse("verification:my_offers")).content.decode()
    assert f"my-offer-{my_offer.pk}" in listing and f"my-offer-{offer.pk}" not in listing
    assert client.get(reverse("verification:my_offer", args=[my_offer.pk])).status_code == 200
    assert client.get(reverse("verification:my_offer", args=[offer.pk])).status_code == 404  # crew[0]'s
    client.force_login(outsider)
    assert client.get(reverse("verification:my_offer", args=[my_offer.pk])).status_code == 404
    assert client.post(reverse("verification:my_offer", args=[my_offer.pk]), {"action": "arrive"}).status_code == 404
    my_offer.refresh_from_db()
    assert my_offer.status == OfferStatus.ACCEPTED


def test_the_dispatcher_overrides_and_reads_evidence_the_outsider_gets_404(client, north, dispatcher, outsider,
                                                                          offer):
    url = scene(offer)
    client.post(url, {"action": "upload", "file": SimpleUploadedFile("a.png", PNG)})
    client.post(url, {"action": "outcome", "outcome": "other_agency", "agency_other": "sheriff"})
    item = Evidence.objects.get()
    incident = Incident.objects.get(pk=offer.incident_id)
    assert incident.status == Status.FALSE_ALARM and incident.status_reason == "other agency: Sheriff"
    client.force_login(outsider)
    assert client.get(reverse("verification:evidence", args=[item.pk])).status_code == 404
    assert client.post(reverse("verification:override", args=[incident.pk]),
                       {"status": "confirmed", "reason": "x"}).status_code == 404
    client.force_login(dispatcher)
    page = client.get(reverse("console:incident", args=[incident.pk])).content.decode()
    assert 'id="onscene"' in page and "Another agency only: Sheriff" in page and 'id="dispatch"' in page
    r = client.get(reverse("verification:evidence", args=[item.pk]))
    assert r.status_code == 200 and r.content == PNG and r["Content-Type"] == "image/png"
    assert AuditEntry.objects.filter(object_type="evidence", object_id=str(item.pk), actor=dispatcher).exists()
    client.post(reverse("verification:override", args=[incident.pk]),
                {"status": "confirmed", "reason": "video shows HSI jackets", "version": incident.version})
    incident.refresh_from_db()
    assert incident.status == Status.CONFIRMED and incident.status_reason == "video shows HSI jackets"
