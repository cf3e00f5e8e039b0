from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amparo.audit.models import AuditEntry
from amparo.console.tests.factories import incident_at_school, sms

NASTY = "<script>alert(1)</script> <img src=x onerror=alert(1)> at Roosevelt school"


def test_it_shows_every_report_with_the_place_highlighted(login, dispatcher, north):
    incident = incident_at_school(north, reports=2)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert html.count('class="report"') == 2
    assert '<mark class="place">Roosevelt school</mark>' in html
    assert "SMS" in html and "New report" in html
    assert "Roosevelt Elementary" in html


def test_it_renders_script_and_onerror_payloads_as_text(login, dispatcher, north):
    incident_at_school(north)
    incident = sms(north, NASTY).incident
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in html


def test_it_audits_reading_the_reports(login, dispatcher, north):
    incident = incident_at_school(north, reports=2)
    login(dispatcher).get(f"/console/incidents/{incident.pk}/")
    ids = set(incident.reports.values_list("pk", flat=True))
    read = AuditEntry.objects.filter(organization=north, action="read", object_type="report", actor=dispatcher)
    assert {int(e.object_id) for e in read} == ids


def test_it_puts_the_known_place_on_the_map_without_tiles_by_default(login, dispatcher, north):
    incident = incident_at_school(north)
    r = login(dispatcher).get(f"/console/incidents/{incident.pk}/")
    markers = json.loads(r.context["map_markers_json"])
    assert markers[0]["label"] == f"{incident.ref}: Roosevelt Elementary"
    assert (markers[0]["lat"], markers[0]["lon"]) == (34.0501, -118.2401)
    html = r.content.decode()
    assert 'data-tile-url=""' in html and "map-plain" in html
    assert "no map server is contacted" in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/vendor/leaflet/leaflet.css" in html
    assert "https://" not in html and "http://" not in html


def test_it_uses_the_networks_tile_server_and_says_so(login, dispatcher, north):
    north.map_tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    north.map_attribution = "© OpenStreetMap contributors"
    north.save(update_fields=["map_tile_url", "map_attribution"])
    incident = incident_at_school(north)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "Map tiles: © OpenStreetMap contributors (configured by your network)." in html


def test_it_places_a_zip_only_incident_at_the_zip_centroid(login, dispatcher, north):
    incident = sms(north, "agents on the corner in 90033").incident
    r = login(dispatcher).get(f"/console/incidents/{incident.pk}/")
    markers = json.loads(r.context["map_markers_json"])
    assert len(markers) == 1 and markers[0]["approx"] and "90033" in markers[0]["label"]


def test_it_offers_only_the_valid_next_statuses(login, dispatcher, north):
    incident = incident_at_school(north)
    c = login(dispatcher)
    r = c.get(f"/console/incidents/{incident.pk}/")
    assert [s for s, _label, _key in r.context["next_statuses"]] == ["verifying", "closed"]
    html = r.content.decode()
    assert 'data-key="v"' in html and 'data-key="c"' not in html
    assert 'name="version" value="1"' in html


def test_it_shows_the_timeline_with_actors(login, dispatcher, north):
    from amparo.incidents import actions

    incident = incident_at_school(north)
    actions.start_verifying(incident, by=dispatcher)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "Opened" in html and "Status: Reported → Verifying" in html and "dispatcher@north.test" in html


def test_it_lists_the_shortcuts_and_keeps_a_place_for_messaging(login, dispatcher, north):
    incident = incident_at_school(north)
    html = login(dispatcher).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert 'id="shortcuts"' in html and "<kbd>g</kbd> <kbd>q</kbd>" in html
    assert 'id="messaging"' in html
    assert "<style" not in html and 'style="' not in html and "<script>" not in html


@pytest.mark.parametrize("reports", [1, 10])
def test_it_shows_an_incident_in_constant_queries(login, dispatcher, north, reports, django_assert_max_num_queries):
    incident = incident_at_school(north, reports=reports)
    c = login(dispatcher)
    c.get(f"/console/incidents/{incident.pk}/")  # first view seeds messaging's canned replies
    # 9 of ours, 4 of the request stack (session, user, MFA), the rest messaging's thread.
    # +9 for verification: the dispatch panel with its suggestions (7) and the on-scene panel (2).
    # +2 (was 27, counted 26): the reports' stored media (1) and the incident's legal hold (1).
    # +1: legal aid's cases on the incident, with their status (one left join).
    # +1: the alerts panel's list of the incident's alerts (no verdict here, so no preview).
    with django_assert_max_num_queries(30):
        r = c.get(f"/console/incidents/{incident.pk}/")
    assert len(r.context["reports"]) == reports


def test_it_shows_who_else_has_the_incident_open(client, login, dispatcher, admin_user, north):
    from django.core.cache import cache

    cache.clear()
    incident = incident_at_school(north)
    login(admin_user).get(f"/console/incidents/{incident.pk}/")
    r = login(dispatcher).get(f"/console/incidents/{incident.pk}/")
    assert r.context["others"] == ["admin@north.test"]
    assert "Also viewing:" in r.content.decode()
    r = client.get(f"/console/incidents/{incident.pk}/presence?v={incident.version}")
    assert r.context["others"] == ["admin@north.test"] and not r.context["changed"]


def test_it_tells_an_open_page_that_the_incident_changed(login, dispatcher, north):
    from amparo.incidents import actions

    incident = incident_at_school(north)
    c = login(dispatcher)
    url = f"/console/incidents/{incident.pk}/presence?v={incident.version}"
    assert "changed this incident" not in c.get(url).content.decode()
    actions.start_verifying(incident, by="someone")
    with CaptureQueriesContext(connection) as queries:
        r = c.get(url)
    sql = [q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries]
    assert len(sql) <= 8 and set(sql) <= {"SELECT", "SAVEPOINT", "RELEASE"}, sql  # presence writes nothing
    assert "changed this incident" in r.content.decode()
    assert f"?v={incident.version - 1}" in r.content.decode()  # keeps comparing with the page's version
