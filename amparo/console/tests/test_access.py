"""Who gets what on every console view: personas as in hc/test.py."""

from __future__ import annotations

import pytest

from amparo.console.tests.factories import incident_at_school
from amparo.incidents.models import Incident

GETS = ["/console/", "/console/queue/fragment", "/console/incidents/{pk}/", "/console/incidents/{pk}/presence",
        "/console/incidents/{pk}/live"]
POSTS = ["status", "merge", "split", "note", "assign"]


@pytest.fixture
def incident(north):
    return incident_at_school(north, reports=2)


@pytest.mark.parametrize("url", GETS)
@pytest.mark.parametrize("persona", ["dispatcher", "admin_user"])
def test_it_serves_dispatchers_and_admins(request, login, incident, url, persona):
    r = login(request.getfixturevalue(persona)).get(url.format(pk=incident.pk))
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


@pytest.mark.parametrize("url", GETS)
@pytest.mark.parametrize("persona", ["responder", "legal"])
def test_it_forbids_other_roles(request, login, incident, url, persona):
    assert login(request.getfixturevalue(persona)).get(url.format(pk=incident.pk)).status_code == 403


@pytest.mark.parametrize("url", GETS)
def test_it_sends_anonymous_to_login(client, incident, url):
    r = client.get(url.format(pk=incident.pk))
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/?next=/console/")


def test_it_sends_an_expired_htmx_poll_to_login_without_swapping(client, north):
    r = client.get("/console/queue/fragment?since=x", HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assert r["HX-Redirect"] == "/accounts/login/"


@pytest.mark.parametrize("url", GETS[2:])
def test_it_hides_another_organizations_incident(login, outsider, incident, url):
    assert login(outsider).get(url.format(pk=incident.pk)).status_code == 404


def test_it_shows_the_outsider_only_their_own_empty_queue(login, outsider, incident):
    r = login(outsider).get("/console/")
    assert r.status_code == 200
    assert r.context["org"].slug == "south"
    assert r.context["events"] == [] and r.context["vague"] == [] and r.context["floods"] == []
    assert f"#{incident.pk}" not in r.content.decode()


@pytest.mark.parametrize("action", POSTS)
def test_it_refuses_actions_on_another_organizations_incident(login, outsider, incident, action):
    r = login(outsider).post(f"/console/incidents/{incident.pk}/{action}",
                             {"version": incident.version, "to": "verifying", "text": "x"})
    assert r.status_code == 404
    fresh = Incident.objects.get(pk=incident.pk)
    assert fresh.version == incident.version and fresh.status == "reported"


@pytest.mark.parametrize("action", POSTS)
def test_it_refuses_actions_by_a_responder(login, responder, incident, action):
    r = login(responder).post(f"/console/incidents/{incident.pk}/{action}", {"version": incident.version})
    assert r.status_code == 403


def test_it_refuses_get_on_actions(login, dispatcher, incident):
    assert login(dispatcher).get(f"/console/incidents/{incident.pk}/status").status_code == 405


def test_it_works_in_the_organization_chosen_in_the_session(login, dispatcher, south, incident):
    from amparo.orgs.models import Membership

    Membership.objects.create(user=dispatcher, organization=south, role="dispatcher")
    c = login(dispatcher)
    assert c.get("/console/").context["org"].slug == "north"  # the oldest membership first
    c.post("/console/org/", {"org": south.pk})
    assert c.session["org_id"] == south.pk
    assert c.get("/console/").context["org"].slug == "south"
    assert c.get(f"/console/incidents/{incident.pk}/").status_code == 404
    c.post("/console/org/", {"org": 999999})  # not theirs: ignored
    assert c.session["org_id"] == south.pk


def test_it_ignores_a_session_org_the_user_lost(login, dispatcher, south, north):
    c = login(dispatcher)
    session = c.session
    session["org_id"] = south.pk
    session.save()
    assert c.get("/console/").context["org"].slug == "north"
