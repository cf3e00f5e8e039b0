"""The console's live view of verification: queue column, version, on-scene panel queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from amparo.console.queue import queue_version
from amparo.console.views.queue import queue
from amparo.verification import actions, evidence, onscene
from amparo.verification.live import onscene_context, queue_state
from amparo.verification.models import Agency, Offer, Outcome
from amparo.verification.tests.conftest import T0, configure, make_incident, make_responder


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


def test_it_measures_time_to_accept_and_time_to_verify(north, dispatcher, crew):
    incident = make_incident(north, at=T0 - timedelta(minutes=5))
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.get(responder=crew[0])
    actions.accept_offer(offer, now=T0 + timedelta(minutes=4))
    onscene.arrive(offer, now=T0 + timedelta(minutes=20), via="sms")
    state = queue_state(north.pk, [incident])[incident.pk]
    assert (state.offered, state.accepted, state.on_scene) == (2, 1, 1)
    assert state.accept_minutes == 4 and state.verify_minutes is None
    onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.HSI,
                           now=T0 + timedelta(minutes=25))
    assert queue_state(north.pk, [incident])[incident.pk].verify_minutes == 30  # from the first report


def test_the_queue_shows_it_and_its_version_moves_on_each_step(north, dispatcher, crew, outsider):
    incident = make_incident(north)
    seen = {queue_version(north)}
    actions.offer_incident(incident, by=dispatcher, now=T0)
    seen.add(queue_version(north))
    offer = Offer.objects.get(responder=crew[0])
    actions.accept_offer(offer, now=T0 + timedelta(minutes=3))
    seen.add(queue_version(north))
    onscene.arrive(offer, now=T0 + timedelta(minutes=9), via="sms")
    seen.add(queue_version(north))
    assert len(seen) == 4
    request = RequestFactory().get("/console/")
    request.user, request.session = dispatcher, {}
    html = queue(request).content.decode()
    assert "1 accepted" in html and "1 on scene" in html and "accepted in 3 min" in html
    request.user = outsider
    assert "on scene" not in queue(request).content.decode()


def test_the_on_scene_panel_costs_the_same_whatever_the_crowd(north, dispatcher, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    configure(north, seats=8, ring_size=8)
    for i in range(8):
        make_responder(north, f"+121355507{i:02d}")
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    for offer in Offer.objects.filter(incident=incident):
        actions.accept_offer(offer, now=T0)
        onscene.arrive(offer, now=T0, via="sms")
        evidence.add_observation(offer, "Agents in tactical vests, marked HSI.", now=T0)
        evidence.store_file(offer, SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 30), now=T0)
    first = Offer.objects.filter(incident=incident).first()
    onscene.report_outcome(first, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, note="two vans", now=T0)
    incident.refresh_from_db()
    with django_assert_max_num_queries(8):
        ctx = onscene_context(incident, dispatcher)
        html = render_to_string("verification/onscene_panel.html", {"onscene_panel": ctx})
    assert html.count('class="assignment ') == 8 and "Immigration enforcement seen: ICE" in html and "two vans" in html
