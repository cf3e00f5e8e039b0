from __future__ import annotations

import pytest
from django.urls import reverse

from amparo.verification import actions, notify
from amparo.verification.models import Dispatch, Offer, OfferStatus, Responder
from amparo.verification.tests.conftest import T0, make_incident, make_responder

pytestmark = pytest.mark.django_db


def test_it_offers_from_the_console_and_the_outsider_gets_404(client, north, dispatcher, outsider, crew):
    incident = make_incident(north)
    url = reverse("verification:offer", args=[incident.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert not Dispatch.objects.exists()
    client.force_login(dispatcher)
    picked = crew[1]
    r = client.post(url, {"responders": [picked.pk]})
    assert r.status_code == 302
    assert [o.responder_id for o in Offer.objects.all()] == [picked.pk]
    dispatch = Dispatch.objects.get()
    client.force_login(outsider)
    assert client.post(reverse("verification:cancel", args=[dispatch.pk])).status_code == 404
    client.force_login(dispatcher)
    client.post(reverse("verification:cancel", args=[dispatch.pk]))
    assert Dispatch.objects.get().status == "cancelled"


def test_the_panel_renders_with_bounded_queries(client, north, dispatcher, crew, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    from amparo.verification.panel import panel_context

    incident = make_incident(north)
    for i in range(10):
        make_responder(north, f"+1213555060{i}")
    actions.offer_incident(incident, by=dispatcher, now=T0)
    with django_assert_max_num_queries(12):
        html = render_to_string("verification/dispatch_panel.html", {"dispatch_panel": panel_context(incident)})
    assert "R 0201" in html and 'id="dispatch"' in html


def test_the_roster_is_scoped_and_admin_edits_it(client, north, south, admin_user, dispatcher, outsider,
                                                 django_assert_max_num_queries):
    mine = make_responder(north, "+12135550501", name="Ana")
    theirs = make_responder(south, "+12135550502", name="Beto")
    for i in range(5):
        make_responder(north, f"+1213555070{i}")
    client.force_login(dispatcher)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("verification:roster"))
    assert b"Ana" in r.content and b"Beto" not in r.content
    assert client.get(reverse("verification:responder_new")).status_code == 403  # dispatchers read only
    client.force_login(outsider)
    assert client.get(reverse("verification:responder_edit", args=[mine.pk])).status_code == 404
    assert client.post(reverse("verification:responder_remove", args=[mine.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("verification:responder_edit", args=[theirs.pk])).status_code == 404
    r = client.post(reverse("verification:responder_new"), {
        "name": "Carla", "phone": "(213) 555-0503", "languages": ["en"], "field_eligible": "on",
        "schedule": "Mon 08:00-17:00\nsat 22:00-02:00"})
    assert r.status_code == 302, r.content
    carla = Responder.objects.get(phone_hash=actions.phone_hash(north.pk, "+12135550503"))
    assert carla.name == "Carla" and carla.schedule[1] == {"day": 5, "start": "22:00", "end": "02:00"}
    client.post(reverse("verification:responder_remove", args=[mine.pk]))
    mine.refresh_from_db()
    assert not mine.is_active


def test_the_phone_page_accepts_and_expires(client, north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher)
    offer = Offer.objects.filter(responder=crew[0]).get()
    url = reverse("verification:offer_page", args=[notify.offer_token(offer)])
    r = client.get(url)
    assert r.status_code == 200 and b"Zone 90033" in r.content and b"lawful distance" in r.content
    r = client.post(url, {"choice": "accept"})
    assert b'id="offer-assigned"' in r.content
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert client.get(reverse("verification:offer_page", args=["forged:token"])).status_code == 404


def test_the_phone_page_link_dies_with_the_offer(client, north, dispatcher, crew, settings):
    from unittest import mock

    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher)
    offer = Offer.objects.filter(responder=crew[0]).get()
    token = notify.offer_token(offer)
    with mock.patch("django.core.signing.time.time", return_value=__import__("time").time() + 11 * 60):
        assert client.get(reverse("verification:offer_page", args=[token])).status_code == 404
    actions.remove_responder(crew[0], by=None)
    assert client.get(reverse("verification:offer_page", args=[token])).status_code == 404


def test_load_demo_includes_a_roster_with_zones(db):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("load_demo", stdout=__import__("io").StringIO())
    call_command("load_demo", stdout=__import__("io").StringIO())
    roster = Responder.objects.filter(organization__slug="demo")
    assert roster.count() == 6
    assert roster.filter(user__email="responder@demo.amparo.test").count() == 1
    assert all(r.zones.exists() for r in roster)
