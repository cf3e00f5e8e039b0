"""The console's nav: only the pages the user's role opens."""

from __future__ import annotations

import pytest

from amparo.console.tests.factories import incident_at_school

pytestmark = pytest.mark.django_db

EVERYONE = ('href="/console/"', 'href="/voice/duty/"', 'href="/verification/responders/"', 'href="/blocklist/"')
ADMIN_ONLY = ('href="/audit/"', 'href="/manage/"')


@pytest.mark.parametrize("path", ["/console/", "/voice/duty/", "/verification/responders/", "/blocklist/"])
def test_it_shows_a_dispatcher_the_console_pages_but_not_the_admin_ones(login, dispatcher, north, path):
    html = login(dispatcher).get(path).content.decode()
    assert all(link in html for link in EVERYONE)
    assert not any(link in html for link in ADMIN_ONLY)


def test_it_shows_an_admin_audit_and_manage(login, admin_user, north):
    incident = incident_at_school(north)
    html = login(admin_user).get(f"/console/incidents/{incident.pk}/").content.decode()
    assert all(link in html for link in EVERYONE + ADMIN_ONLY)
    for link in ("/audit/", "/manage/", "/voice/duty/", "/verification/responders/", "/blocklist/"):
        assert login(admin_user).get(link).status_code == 200


def test_it_shows_a_dispatcher_only_links_they_may_open(login, dispatcher, north):
    c = login(dispatcher)
    for link in ("/voice/duty/", "/verification/responders/", "/blocklist/"):
        assert c.get(link).status_code == 200
    assert c.get("/audit/").status_code == 403 and c.get("/manage/").status_code == 403


def test_it_shows_no_console_to_a_responder(login, responder, north):
    assert login(responder).get("/console/").status_code == 403
