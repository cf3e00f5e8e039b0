"""Signed Twilio fixtures replayed through the real view."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from amparo.incidents.models import Incident
from amparo.reports.models import Report, ReportMedia, reference
from conftest import NORTH_NUMBER, SOUTH_TOKEN

FIXTURES = Path(__file__).parent / "fixtures"
URL = "/hooks/twilio/sms"


def fixture(name: str, **overrides: str) -> dict:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    data.update(overrides)
    return data


def messages(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    return [m.text or "" for m in root.iter("Message")]


def test_it_stores_a_signed_report_and_acknowledges_in_spanish(north, twilio_post):
    response = twilio_post(URL, fixture("sms_inbound"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    report = Report.objects.get()
    assert report.organization == north
    assert report.provider_id == "SM0f3c9a6a1b2c4d5e6f7a8b9c0d1e2f3a"
    assert report.body == "Hay migra en la 5 y Broadway ahorita, se estan llevando gente"
    assert report.caller_number == "+13235550142"
    assert report.language == "es"
    assert report.incident is not None
    [reply] = messages(response)
    assert f"(referencia {reference(report.number)})" in reply  # the report's own reference, "R-1"
    assert "derecho" in reply.lower() or "orden" in reply.lower()  # know-your-rights line, in Spanish


def test_it_answers_a_replay_with_200_and_stores_nothing_new(north, twilio_post):
    assert twilio_post(URL, fixture("sms_inbound")).status_code == 200
    again = twilio_post(URL, fixture("sms_inbound"))
    assert again.status_code == 200
    assert Report.objects.count() == 1
    assert Incident.objects.count() == 1
    assert messages(again) == []


def test_it_refuses_a_forged_signature_and_stores_nothing(north, twilio_post):
    response = twilio_post(URL, fixture("sms_inbound"), token="not-the-token")
    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_it_refuses_a_missing_signature(north, twilio_post):
    assert twilio_post(URL, fixture("sms_inbound"), signature="").status_code == 403
    assert Report.objects.count() == 0


def test_it_refuses_another_orgs_token(north, south, twilio_post):
    response = twilio_post(URL, fixture("sms_inbound"), token=SOUTH_TOKEN)
    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_it_gives_404_for_an_unknown_number(north, twilio_post):
    response = twilio_post(URL, fixture("sms_inbound", To="+19995550000"))
    assert response.status_code == 404
    assert Report.objects.count() == 0


def test_it_signs_against_the_public_url(north, twilio_post, settings):
    settings.AMPARO_PUBLIC_URL = "https://hotline.example.org"
    assert twilio_post(URL, fixture("sms_inbound")).status_code == 200


def test_it_records_media_urls(north, twilio_post, monkeypatch):
    fetched = []
    monkeypatch.setattr("amparo.reports.tasks.enqueue_media_fetch", lambda ids: fetched.extend(ids))
    twilio_post(URL, fixture("mms_inbound"))
    media = ReportMedia.objects.get()
    assert media.url.startswith("https://api.twilio.com/")
    assert media.report.body == "ICE vans at MacArthur Park right now"


def test_it_takes_whatsapp_on_the_same_endpoint(north, twilio_post):
    assert twilio_post(URL, fixture("whatsapp_inbound")).status_code == 200
    report = Report.objects.get()
    assert report.channel == "whatsapp"
    assert report.caller_number == "+13235550188"


def test_it_rejects_get_and_malformed_posts(north, client, twilio_post):
    assert client.get(URL).status_code == 405
    response = twilio_post(URL, {"To": NORTH_NUMBER, "Body": "hi"})
    assert response.status_code == 400
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    ["", "x" * 2000, "🚨🚨 ICE 🚐 en la 5 y Broadway 🚨", "הם כאן עכשיו ליד הפארק", "<script>alert(1)</script>",
     "<img src=x onerror=alert(1)>", "\u202egnirts desrever", "\x00null"],
)
def test_it_stores_any_body_exactly(north, twilio_post, body):
    response = twilio_post(URL, fixture("sms_inbound", Body=body, MessageSid="SMbody" + str(abs(hash(body)))))
    assert response.status_code == 200
    assert Report.objects.get().body == body


def test_it_throttles_replies_not_storage(north, twilio_post):
    north.replies_per_caller_per_hour = 2
    north.save(update_fields=["replies_per_caller_per_hour"])
    replies = []
    for i in range(5):
        r = twilio_post(URL, fixture("sms_inbound", MessageSid=f"SMthrottle{i}", Body=f"ICE at {i+1}th and Main"))
        assert r.status_code == 200
        replies.append(messages(r))
    assert Report.objects.count() == 5
    assert sum(1 for r in replies if r) == 2


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["Body", "From", "MessageSid", "NumMedia", "MediaUrl0", "Foo"]),
                              st.text(max_size=200)))
def test_it_never_fails_with_500_on_signed_junk(north, twilio_post, params):
    params = {**params, "To": NORTH_NUMBER}
    response = twilio_post(URL, params)
    assert response.status_code < 500
