"""Flood defense of the public web form and the API: 429 naming the hotline; webhooks never refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amparo.api.actions import issue_api_token
from amparo.reports.models import Report
from amparo.security.tests.helpers import assert_no_address
from amparo.testing.i18n import require_catalog
from conftest import NORTH_NUMBER

FORM = "/report/north/"
API = "/api/v1/incidents"
SHOWN = "+1 213-555-0100"
CLIENT_MSG = "Too many reports from this connection. Call or text the hotline at %(numbers)s."


@pytest.fixture
def limits(settings):  # type: ignore[no-untyped-def]
    def set_limits(**changes: tuple[int, int]) -> None:
        settings.AMPARO_FLOOD_LIMITS = {**settings.AMPARO_FLOOD_LIMITS,
                                        **{k.replace("__", ":"): v for k, v in changes.items()}}

    return set_limits


def test_it_refuses_a_flooding_client_naming_the_hotline(client, north, limits):
    limits(form__client=(3, 600))
    for _ in range(3):
        r = client.post(FORM, {"description": "x"}, REMOTE_ADDR="203.0.113.77")
        assert r.status_code == 200  # the form again (invalid), but not refused
    r = client.post(FORM, {"description": "x"}, REMOTE_ADDR="203.0.113.77")
    assert r.status_code == 429
    body = r.content.decode()
    assert f"Too many reports from this connection. Call or text the hotline at {SHOWN}." in body
    assert f'href="tel:{NORTH_NUMBER}"' in body
    assert int(r["Retry-After"]) > 0
    assert "'unsafe-inline'" not in r["Content-Security-Policy"]
    # Another connection is not refused; reading the form is never refused.
    assert client.post(FORM, {"description": "x"}, REMOTE_ADDR="198.51.100.9").status_code == 200
    assert client.get(FORM, REMOTE_ADDR="203.0.113.77").status_code == 200
    assert not Report.objects.exists()
    assert_no_address("203.0.113.77")


def test_it_refuses_in_spanish(client, north, limits):
    limits(form__client=(1, 600))
    client.post(FORM + "?lang=es", {"description": "x"})
    r = client.post(FORM + "?lang=es", {"description": "x"})
    assert r.status_code == 429
    body = r.content.decode()
    assert '<html lang="es">' in body and SHOWN in body
    require_catalog("es", CLIENT_MSG)
    assert "Demasiados reportes desde esta conexión" in body
    assert "Too many reports" not in body


def test_it_has_a_global_limit_per_organization(client, north, south, limits):
    limits(form__client=(100, 600), form__global=(2, 60))
    for i in range(2):
        assert client.post(FORM, {"description": "x"}, REMOTE_ADDR=f"203.0.113.{i}").status_code == 200
    r = client.post(FORM, {"description": "x"}, REMOTE_ADDR="203.0.113.50")
    assert r.status_code == 429
    assert f"Too many reports are arriving right now. Call or text the hotline at {SHOWN}." in r.content.decode()
    # Another organization's form is not flooded by it.
    assert client.post("/report/south/", {"description": "x"}, REMOTE_ADDR="203.0.113.50").status_code == 200


def test_it_still_stores_a_real_report_within_limits(client, north, settings):
    from amparo.public.tests.test_report_form import form_data

    settings.AMPARO_FORM_MIN_SECONDS = 0
    r = client.post(FORM, form_data(client))
    assert r.status_code == 302
    assert Report.objects.filter(organization=north).count() == 1


def test_it_keeps_the_honeypot(client, north, settings):
    from amparo.public.tests.test_report_form import form_data

    settings.AMPARO_FORM_MIN_SECONDS = 0
    r = client.post(FORM, form_data(client, website="http://spam.example"))
    assert r.status_code == 200
    assert not Report.objects.exists()


def _bearer(user, org) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, raw = issue_api_token(org=org, user=user, name="flood test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_it_refuses_a_flooding_api_client_with_json(client, north, dispatcher, limits):
    limits(api__client=(3, 60))
    auth = _bearer(dispatcher, north)
    for _ in range(3):
        assert client.get(API, REMOTE_ADDR="203.0.113.77", **auth).status_code == 200
    r = client.get(API, REMOTE_ADDR="203.0.113.77", **auth)
    assert r.status_code == 429
    data = r.json()
    assert data["hotline"] == [NORTH_NUMBER]
    assert data["detail"] == f"Too many reports from this connection. Call or text the hotline at {SHOWN}."
    assert int(r["Retry-After"]) > 0
    assert client.get(API, REMOTE_ADDR="198.51.100.9", **auth).status_code == 200
    assert_no_address("203.0.113.77")


def test_it_refuses_the_api_in_spanish(client, north, dispatcher, limits):
    limits(api__client=(1, 60))
    auth = _bearer(dispatcher, north)
    client.get(API, HTTP_ACCEPT_LANGUAGE="es", **auth)
    r = client.get(API, HTTP_ACCEPT_LANGUAGE="es", **auth)
    assert r.status_code == 429 and SHOWN in r.json()["detail"]
    require_catalog("es", CLIENT_MSG)
    assert r.json()["detail"].startswith("Demasiados reportes desde esta conexión")


def test_it_has_a_global_api_limit_per_organization(client, north, south, dispatcher, outsider, limits):
    limits(api__global=(2, 60))
    auth = _bearer(dispatcher, north)
    for i in range(2):
        assert client.get(API, REMOTE_ADDR=f"203.0.113.{i}", **auth).status_code == 200
    r = client.get(API, REMOTE_ADDR="203.0.113.9", **auth)
    assert r.status_code == 429 and "arriving right now" in r.json()["detail"]
    # The outsider's organization has its own budget.
    assert client.get(API, REMOTE_ADDR="203.0.113.9", **_bearer(outsider, south)).status_code == 200


def test_it_stops_answering_a_token_guesser(client, north, dispatcher, limits):
    limits(api__auth_failures=(3, 600))
    for i in range(3):
        r = client.get(API, REMOTE_ADDR="203.0.113.77", HTTP_AUTHORIZATION=f"Bearer amp_guess{i}")
        assert r.status_code == 401
    auth = _bearer(dispatcher, north)
    # Even a right guess is refused now, so guessing learns nothing.
    r = client.get(API, REMOTE_ADDR="203.0.113.77", **auth)
    assert r.status_code == 429 and "Too many requests from this connection" in r.json()["detail"]
    assert client.get(API, REMOTE_ADDR="198.51.100.9", **auth).status_code == 200
    assert_no_address("203.0.113.77")


def test_it_stores_every_signed_webhook_of_a_flood(north, twilio_post, limits):
    """Signed provider requests are never refused for volume: 200 texts from one number, 200 stored."""
    limits(form__client=(1, 600), form__global=(1, 60), api__client=(1, 60), api__global=(1, 60))
    fixture = Path(__file__).resolve().parents[2] / "integrations/twilio/tests/fixtures/sms_inbound.json"
    params = json.loads(fixture.read_text())
    for i in range(200):
        r = twilio_post("/hooks/twilio/sms", {**params, "MessageSid": f"SMflood{i:04d}", "SmsSid": f"SMflood{i:04d}",
                                              "SmsMessageSid": f"SMflood{i:04d}", "Body": f"ICE at {i} Main St"})
        assert r.status_code == 200, i
    assert Report.objects.filter(organization=north).count() == 200
