from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from amparo.console.queue import queue_version
from amparo.console.tests.factories import incident_at_school, many_incidents, sms
from amparo.console.views.queue import queue, queue_fragment
from amparo.incidents import actions
from amparo.incidents.models import Incident
from amparo.orgs.models import Zone


def test_it_lists_open_incidents_with_their_place_and_counts(login, dispatcher, north):
    incident = incident_at_school(north, reports=3)
    r = login(dispatcher).get("/console/")
    html = r.content.decode()
    assert f"{incident.ref}" in html
    assert "Roosevelt Elementary" in html and "(School)" in html
    assert "3 reports" in html and "3 callers" in html
    assert f'href="/console/incidents/{incident.pk}/"' in html
    assert 'hx-trigger="every 2s"' in html and "since=" in html


def test_it_hides_closed_incidents(login, dispatcher, north):
    incident = incident_at_school(north)
    actions.close_incident(incident, by=dispatcher)
    assert login(dispatcher).get("/console/").context["events"] == []


def test_it_puts_vague_reports_and_floods_in_their_own_lanes(login, dispatcher, north):
    vague = sms(north, "hay migra por aqui, cuidado").incident
    for n in range(3):  # the same long text from three numbers is a flood
        flood = sms(north, "ALERT ICE checkpoint everywhere in the city share with everyone now",
                    number=f"+1310555{n:04d}").incident
    event = incident_at_school(north)
    r = login(dispatcher).get("/console/")
    assert [i.pk for i in r.context["events"]] == [event.pk]
    assert [i.pk for i in r.context["vague"]] == [vague.pk]
    assert [i.pk for i in r.context["floods"]] == [flood.pk]
    html = r.content.decode()
    assert "Vague reports" in html and "Floods under review" in html and "Needs review" in html


def test_it_orders_by_callers_then_freshness_then_place_kind(login, dispatcher, north):
    one = incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)
    three = incident_at_school(north, name="Garfield Court", alias="Garfield Court", reports=3, lat=34.3, lon=-118.4)
    # A ZIP-only incident (not a sensitive kind of place) with a report as fresh as Lincoln's.
    zip_only = sms(north, "agents on the corner in 90033").incident
    old = incident_at_school(north, name="Hoover Elementary", alias="Hoover Elementary", lat=34.4, lon=-118.5)
    Incident.objects.filter(pk=old.pk).update(last_report_at=timezone.now() - timedelta(hours=2))
    order = [i.pk for i in login(dispatcher).get("/console/").context["events"]]
    assert order == [three.pk, one.pk, zip_only.pk, old.pk]


def test_it_filters_by_status_and_zone(login, dispatcher, north):
    a, b = many_incidents(north, 2)
    actions.start_verifying(b, by=dispatcher)
    zone = Zone.objects.create(organization=north, name="East", zips=[], h3_cells=[a.h3_r8])
    c = login(dispatcher)
    assert [i.pk for i in c.get("/console/?status=verifying").context["events"]] == [b.pk]
    assert [i.pk for i in c.get(f"/console/?zone={zone.pk}").context["events"]] == [a.pk]
    assert c.get(f"/console/?zone={zone.pk}&status=verifying").context["events"] == []
    by_zip = Zone.objects.create(organization=north, name="ZIP", zips=[b.zip])
    assert b.pk in [i.pk for i in c.get(f"/console/?zone={by_zip.pk}").context["events"]]
    html = c.get(f"/console/?zone={zone.pk}").content.decode()
    assert f"zone={zone.pk}" in html  # the poll keeps the filter
    # Garbage filters are ignored, not errors.
    assert len(c.get("/console/?status=nope&zone=abc").context["events"]) == 2


def test_it_ignores_another_organizations_zone(login, dispatcher, north, south):
    many_incidents(north, 2)
    foreign = Zone.objects.create(organization=south, name="Theirs", zips=["00000"])
    r = login(dispatcher).get(f"/console/?zone={foreign.pk}")
    assert r.context["filters"].zone is None and len(r.context["events"]) == 2


def test_it_answers_an_unchanged_poll_with_204(login, dispatcher, north):
    incident_at_school(north)
    c = login(dispatcher)
    version = c.get("/console/").context["version"]
    r = c.get(f"/console/queue/fragment?since={version}")
    assert r.status_code == 204 and r.content == b""
    assert "no-store" in r["Cache-Control"]


def test_it_answers_a_poll_with_the_new_lanes_when_a_report_arrives(login, dispatcher, north):
    first = incident_at_school(north)
    c = login(dispatcher)
    version = c.get("/console/").context["version"]
    second = incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)
    r = c.get(f"/console/queue/fragment?since={version}")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    html = r.content.decode()
    assert f"{second.ref}" in html and f"{first.ref}" in html
    assert r.context["version"] != version and f"since={r.context['version']}" in html
    assert "<html" not in html  # a fragment, not a page


def test_it_changes_the_version_on_each_kind_of_change(dispatcher, north):
    incident = incident_at_school(north)
    seen = {queue_version(north)}
    sms(north, "more agents arrived at Roosevelt school")  # a report joins
    seen.add(queue_version(north))
    actions.start_verifying(incident, by=dispatcher)
    seen.add(queue_version(north))
    other = incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)
    seen.add(queue_version(north))
    actions.merge_incidents(incident, [other], by=dispatcher)
    seen.add(queue_version(north))
    assert len(seen) == 5


def test_it_costs_at_most_3_queries_to_answer_an_unchanged_poll(dispatcher, north, django_assert_max_num_queries):
    incident_at_school(north)
    request = RequestFactory().get("/console/queue/fragment", {"since": queue_version(north)})
    request.user = dispatcher
    request.session = {}
    with django_assert_max_num_queries(3):
        response = queue_fragment(request)
    assert response.status_code == 204


def test_it_costs_the_whole_request_stack_few_queries_on_an_unchanged_poll(login, dispatcher, north,
                                                                             django_assert_max_num_queries):
    incident_at_school(north)
    c = login(dispatcher)
    version = c.get("/console/").context["version"]
    # membership + version; the rest is the session, the user and the MFA middleware's checks
    with django_assert_max_num_queries(9):
        assert c.get(f"/console/queue/fragment?since={version}").status_code == 204


@pytest.mark.parametrize("count", [1, 20])
def test_it_lists_the_queue_in_constant_queries(login, dispatcher, north, count, django_assert_max_num_queries):
    many_incidents(north, count)
    sms(north, "hay migra por aqui")
    Zone.objects.create(organization=north, name="A", zips=["90013"])
    actions.assign_incident(Incident.objects.filter(organization=north).first(), dispatcher, by=dispatcher)
    request = RequestFactory().get("/console/")
    request.user = dispatcher
    request.session = {}
    # membership, zones, version, incidents (with assignees), gazetteer
    # +2 for verification: the offers' part of the version, and the live state of every card (one query).
    with django_assert_max_num_queries(7):
        r = queue(request)
    assert r.status_code == 200 and r.content.decode().count('class="card ') == count + 1
    # The whole stack adds the session, the user and the MFA middleware's checks.
    c = login(dispatcher)
    with django_assert_max_num_queries(14):
        assert len(c.get("/console/").context["events"]) == count
    with django_assert_max_num_queries(14):
        assert c.get("/console/queue/fragment?since=old").status_code == 200


CORNERS = [("Main", "Olive"), ("Soto", "Whittier"), ("Pico", "Hope"), ("Boyle", "Olympic"), ("Grand", "Alameda"),
           ("Figueroa", "Spring"), ("Flower", "Hill"), ("Cesar Chavez", "Broadway")]


@pytest.mark.parametrize("count", [1, 8])
def test_it_labels_street_level_incidents_in_constant_queries(dispatcher, north, count, django_assert_max_num_queries):
    # Labelling decrypts each first report's place_info, which needs the report's organization:
    # loaded with it, never one deferred query per card.
    for a, b in CORNERS[:count]:
        sms(north, f"ICE agents at {a} and {b} right now")
    street = [i for i in Incident.objects.filter(organization=north) if i.geo_precision == "street" and not i.place_id]
    assert len(street) == count
    request = RequestFactory().get("/console/")
    request.user = dispatcher
    request.session = {}
    # membership, zones, version (incidents and offers), incidents, gazetteer, live state, street labels
    with django_assert_max_num_queries(8):
        html = queue(request).content.decode()
    assert "Soto &amp; Whittier" in html if count > 1 else "Main &amp; Olive" in html


def test_it_fits_a_phone_and_loads_no_inline_script_or_style(login, dispatcher, north):
    incident_at_school(north)
    html = login(dispatcher).get("/console/").content.decode()
    assert "<style" not in html and 'style="' not in html
    assert "<script>" not in html and "<script src=" in html
    assert '"includeIndicatorStyles":false' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "https://" not in html and "http://" not in html  # nothing from another origin


def test_street_level_incidents_are_labelled_by_their_streets(login, dispatcher, north, django_assert_max_num_queries):
    """Issue 15, item 8: "Street-level" three times told #10, #11 and #12 apart from nothing."""
    corners = ["ICE agents at Cesar Chavez Ave and Soto St right now", "migra en Whittier Blvd y Atlantic Blvd",
               "ICE vans at 1st St and Boyle Ave"]
    made = [sms(north, text, number=f"+1323555{n:04d}").incident for n, text in enumerate(corners)]
    assert all(i.geo_precision == "street" for i in made), [i.geo_precision for i in made]
    html = login(dispatcher).get("/console/").content.decode()
    assert "Cesar Chavez Ave &amp; Soto St" in html or "Cesar Chavez &amp; Soto" in html
    assert "Atlantic" in html and "Boyle" in html and "Street-level" not in html
    page = login(dispatcher).get(f"/console/incidents/{made[0].pk}/").content.decode()
    assert "Cesar Chavez" in page and "Soto" in page


def test_a_vague_report_offers_no_dispatch(login, dispatcher, north):
    """Issue 15, item 8: the vague lane offered to send responders to "No place given"."""
    from amparo.incidents.actions import InvalidTransition
    from amparo.verification.actions import offer_incident

    vague = sms(north, "hay migra por aqui, cuidado").incident
    html = login(dispatcher).get(f"/console/incidents/{vague.pk}/").content.decode()
    assert 'id="dispatch-placeless"' in html and "Send offers" not in html
    with pytest.raises(InvalidTransition):
        offer_incident(vague, by=dispatcher)
