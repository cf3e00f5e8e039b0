"""A responder's link (issue 15, item 13): read-only after check-out and the outcome window,
except for an upload begun before; dead after the organization's ``link_days``; never in a log."""

from __future__ import annotations

import io
import logging
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.servers.basehttp import WSGIRequestHandler
from django.urls import reverse
from django.utils import timezone

from amparo.verification import actions, evidence, notify
from amparo.verification.models import Evidence, Offer, OfferStatus
from amparo.verification.tests.conftest import configure, make_incident
from amparo.verification.tests.test_evidence import PNG

DAY = 86400


@pytest.fixture
def offer(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    now = timezone.now()
    incident = make_incident(north, at=now - timedelta(minutes=5))
    actions.offer_incident(incident, by=dispatcher, now=now)
    offer = Offer.objects.get(responder=crew[0], incident=incident)
    assert actions.accept_offer(offer, now=now) == actions.Accept.ASSIGNED
    offer.refresh_from_db()
    return offer


def checked_out(offer, ago: timedelta):  # type: ignore[no-untyped-def]
    at = timezone.now() - ago
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.CHECKED_OUT, checked_out_at=at, ended_at=at)
    offer.refresh_from_db()
    return offer


def scene(offer, token: str | None = None) -> str:  # type: ignore[no-untyped-def]
    return reverse("verification:scene", args=[token or notify.offer_token(offer)])


def old_token(offer, monkeypatch, age_seconds: int) -> str:  # type: ignore[no-untyped-def]
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - age_seconds)
    token = notify.offer_token(offer)
    monkeypatch.setattr(time, "time", real)
    return token


def test_within_the_window_after_check_out_the_page_still_takes_evidence(client, offer):
    checked_out(offer, timedelta(hours=5, minutes=50))
    page = client.get(scene(offer)).content.decode()
    assert 'id="evidence-upload"' in page
    client.post(scene(offer), {"action": "note", "text": "Two vans left northbound."})
    assert Evidence.objects.filter(offer=offer).count() == 1


def test_after_the_window_the_link_is_read_only(client, offer):
    evidence.add_observation(offer, "Agents at the bus stop.")
    checked_out(offer, timedelta(hours=6, minutes=1))
    page = client.get(scene(offer)).content.decode()
    assert 'id="evidence-upload"' not in page and 'id="obs-save"' not in page
    assert "read-only" in page and 'id="evidence-list"' in page  # what was filed stays readable
    r = client.post(scene(offer), {"action": "upload", "file": SimpleUploadedFile("p.png", PNG)})
    assert r.status_code == 302 and r["Location"].endswith("?m=closed")
    client.post(scene(offer), {"action": "note", "text": "One more thing"})
    assert Evidence.objects.filter(offer=offer).count() == 1


def test_the_window_follows_the_org_setting(client, north, offer):
    configure(north, outcome_hours_after_checkout=1)
    checked_out(offer, timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        evidence.add_observation(offer, "late")


def test_an_upload_begun_before_the_window_closed_is_accepted(offer):
    checked_out(offer, timedelta(hours=6, minutes=1))
    begun = timezone.now() - timedelta(minutes=2)  # a slow video, started a minute before the end
    item = evidence.store_file(offer, SimpleUploadedFile("p.png", PNG), started_at=begun)
    assert item.offer_id == offer.pk
    with pytest.raises(PermissionDenied):
        evidence.store_file(offer, SimpleUploadedFile("p.png", PNG))


def test_the_page_judges_an_upload_by_when_the_request_began(client, offer, monkeypatch):
    checked_out(offer, timedelta(hours=6, minutes=1))
    begun = timezone.now() - timedelta(minutes=2)
    monkeypatch.setattr("amparo.core.middleware.timezone", SimpleNamespace(now=lambda: begun))
    r = client.post(scene(offer), {"action": "upload", "file": SimpleUploadedFile("p.png", PNG)})
    assert r["Location"].endswith("?m=uploaded")
    assert Evidence.objects.filter(offer=offer).count() == 1


def test_the_link_stops_working_after_the_orgs_days(client, north, offer, monkeypatch):
    checked_out(offer, timedelta(days=1))
    fresh = old_token(offer, monkeypatch, 14 * DAY - 3600)
    assert client.get(scene(offer, fresh)).status_code == 200
    stale = old_token(offer, monkeypatch, 14 * DAY + 60)
    for url in (scene(offer, stale), reverse("verification:offer_page", args=[stale])):
        r = client.get(url)
        assert r.status_code == 410 and "This link has ended" in r.content.decode()
    r = client.post(scene(offer, stale), {"action": "note", "text": "late"})
    assert r.status_code == 410 and not Evidence.objects.filter(offer=offer).exists()
    r = client.get(scene(offer, stale), HTTP_ACCEPT_LANGUAGE="es")
    assert "Este enlace ya no funciona" in r.content.decode()
    configure(north, link_days=30)
    assert client.get(scene(offer, stale)).status_code == 200


def test_a_forged_link_is_still_a_404(client, offer):
    assert client.get(scene(offer, notify.offer_token(offer) + "x")).status_code == 404


@pytest.fixture
def captured():  # type: ignore[no-untyped-def]
    """What the configured console handlers (the access log and the root's) write."""
    stream = io.StringIO()
    handlers = [*logging.getLogger("django.server").handlers, *logging.getLogger().handlers]
    handlers = [h for h in handlers if isinstance(h, logging.StreamHandler) and h.filters]
    assert handlers, "the settings' console handler, with its filter, is missing"
    old = [h.setStream(stream) for h in handlers]
    yield stream
    for h, s in zip(handlers, old, strict=True):
        h.setStream(s)


def test_runservers_access_log_never_records_the_token(offer, captured):
    token = notify.offer_token(offer)
    handler = SimpleNamespace(request=None, log_date_time_string=lambda: "02/Dec/2026 05:00:00")
    for status in ("200", "302", "410"):
        WSGIRequestHandler.log_message(handler, '"%s" %s %s', f"GET /verification/o/{token}/scene/ HTTP/1.1",
                                       status, "512")
    written = captured.getvalue()
    assert written.count("/verification/o/[token]/scene/") == 3 and token not in written


def test_a_refused_link_is_logged_without_its_token(client, offer, monkeypatch, captured):
    stale = old_token(offer, monkeypatch, 15 * DAY)
    assert client.get(scene(offer, stale)).status_code == 410
    written = captured.getvalue()
    assert "/verification/o/[token]/scene/" in written and stale not in written
