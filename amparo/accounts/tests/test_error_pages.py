"""Permission errors and missing pages are the site's own pages, in the reader's
language, with a way home (issue 15, item 3): never a bare "403 Forbidden"."""

from __future__ import annotations

import pytest
from django.test import Client

from amparo.testing.i18n import translated


def _say(language: str, msgid: str) -> str:
    return translated("es", msgid) if language == "es" else msgid


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["responder", "legal"])
def test_a_member_without_the_role_gets_the_sites_403_page(client, request, role, language):
    client.force_login(request.getfixturevalue(role))
    r = client.get("/console/", HTTP_ACCEPT_LANGUAGE=language)
    body = r.content.decode()
    assert r.status_code == 403
    assert f'<html lang="{language}">' in body and 'class="topbar"' in body  # base.html, its stylesheet
    assert _say(language, "You do not have access to this page") in body
    assert 'href="/home/" id="error-home"' in body


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_missing_page_says_so_in_the_visitors_language(client, db, language):
    r = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    body = r.content.decode()
    assert r.status_code == 404
    assert _say(language, "Page not found") in body and 'class="topbar"' in body
    assert 'id="error-report"' in body and 'id="error-login"' in body  # no account: the public form, the login


def test_a_member_who_follows_a_dead_link_is_offered_their_home(client, dispatcher):
    client.force_login(dispatcher)
    r = client.get("/console/incidents/999999/")
    assert r.status_code == 404 and 'id="error-home"' in r.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_expired_form_explains_what_to_do(db, language):
    r = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x@example.org", "password": "x"},
                                               HTTP_ACCEPT_LANGUAGE=language)
    body = r.content.decode()
    assert r.status_code == 403
    assert _say(language, "This form could not be sent") in body and 'href="/home/"' in body
