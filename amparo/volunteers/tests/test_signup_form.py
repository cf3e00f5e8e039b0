"""The public sign-up form /join/<org>/: stores encrypted, keeps input on error, never reveals members,
and texts its confirmation only under the shared anti-pumping rule."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from amparo.crypto.keys import keyed_hash
from amparo.messaging.models import OutboundMessage
from amparo.orgs.models import Zone
from amparo.verification.actions import save_responder
from amparo.volunteers.models import Applicant

URL = "/join/north/"
GOOD = {"name": "Ana Reyes", "phone": "213-555-0177", "email": "ana@example.org", "languages": ["es", "en"],
        "zip": "90033", "interests": ["field_observer"], "skills": ["driver"], "availability": ["weekends"]}


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.AMPARO_FORM_MIN_SECONDS = 0


@pytest.fixture
def zoned(north):
    Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033", "90023"])
    return north


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def post(client, data, lang="en"):
    page = client.get(URL + f"?lang={lang}")
    return client.post(URL, {**data, "token": token_of(page), "lang": lang})


def texts_to(org, e164):
    return list(OutboundMessage.objects.filter(organization=org, to_hash=keyed_hash(org.pk, "tel:" + e164)))


def test_it_works_without_javascript_and_never_asks_immigration_status(client, zoned):
    html = client.get(URL).content.decode()
    assert "<script" not in html
    assert 'name="interests" value="dispatcher"' in html and 'value="legal_observer"' in html
    assert 'name="skills" value="driver"' in html and 'value="interpreter"' in html
    for word in ("citizen", "status\"", "visa", "documented", "ssn", "social security"):
        assert f'name="{word}' not in html.lower()
    assert "We never ask about immigration status" in html


def test_it_stores_a_sign_up_encrypted_and_texts_a_confirmation(client, zoned):
    r = post(client, GOOD)
    assert r.status_code == 302 and r["Location"] == "/join/north/thanks/"
    a = Applicant.objects.get()
    assert (a.name, a.phone, a.email, a.zip) == ("Ana Reyes", "+12135550177", "ana@example.org", "90033")
    assert a.interests == ["field_observer"] and a.skills == ["driver"] and a.status == "pending"
    with connection.cursor() as cur:
        cur.execute("SELECT name, phone, email FROM volunteers_applicant")
        raw = " ".join(str(v) for v in cur.fetchone())
    assert "Ana" not in raw and "5550177" not in raw and "example.org" not in raw
    [sms] = texts_to(zoned, "+12135550177")
    assert "North Network" in sms.body and a.confirmation_sent
    thanks = client.get(r["Location"]).content.decode()
    assert "will contact you" in thanks


def test_it_speaks_spanish_and_texts_in_spanish(client, zoned):
    r = post(client, GOOD, lang="es")
    page = client.get(r["Location"]).content.decode()
    assert 'lang="es"' in page and "Gracias" in page
    [sms] = texts_to(zoned, "+12135550177")
    assert "inscripción" in sms.body


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "call me maybe", "not a phone number we can text"),
    ("phone", "+1 213 555", "not a phone number we can text"),
    ("zip", "90265", "outside the area North Network covers"),
    ("zip", "٩٠٠٣٣", "5 digits"),
])
def test_bad_input_gets_a_clear_error_and_loses_nothing(client, zoned, field, value, message):
    r = post(client, {**GOOD, field: value})
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    assert 'value="Ana Reyes"' in html and 'value="ana@example.org"' in html
    assert re.search(r'value="driver"[^>]*checked', html) and re.search(r'value="es"[^>]*checked', html)
    assert not Applicant.objects.exists() and not OutboundMessage.objects.exists()


def test_a_zip_is_not_refused_when_the_network_names_no_zip(client, north):
    assert post(client, {**GOOD, "zip": "90265"}).status_code == 302


def test_a_member_signing_up_is_told_the_admin_will_contact_them_and_nothing_more(client, zoned):
    save_responder(zoned, name="Existing", phone="+12135550177", languages=["en"], training=[], zones=[],
                   field_eligible=True, on_call=False, schedule=[])
    member = post(client, GOOD)
    stranger = post(client, {**GOOD, "phone": "213-555-0178"})
    assert member["Location"] == stranger["Location"]  # the same page: membership is never revealed
    assert client.get(member["Location"]).content == client.get(stranger["Location"]).content
    flagged = Applicant.objects.get(phone_hash=keyed_hash(zoned.pk, "tel:+12135550177"))
    assert flagged.matches_member  # the admin sees it and calls


def test_a_double_submit_stores_one_sign_up(client, zoned):
    page = client.get(URL)
    data = {**GOOD, "token": token_of(page), "lang": "en"}
    client.post(URL, data)
    client.post(URL, data)
    post(client, GOOD)  # the same phone again, pending: still one
    assert Applicant.objects.count() == 1


def test_a_filled_honeypot_stores_nothing_and_keeps_the_input(client, zoned):
    r = post(client, {**GOOD, "website": "spam"})
    assert r.status_code == 200 and 'value="Ana Reyes"' in r.content.decode()
    assert not Applicant.objects.exists()


def test_foreign_numbers_are_never_texted(client, zoned):
    r = post(client, {**GOOD, "phone": "+44 20 7946 0958"})
    assert r.status_code == 302
    assert Applicant.objects.get().confirmation_sent is False
    assert not OutboundMessage.objects.exists()


def test_one_number_gets_at_most_n_texts_a_day_and_each_form_has_a_budget(client, zoned, settings):
    from amparo.messaging.typed_numbers import may_text_typed_number

    settings.AMPARO_TYPED_NUMBER_TEXTS_PER_DAY = 2
    settings.AMPARO_FORM_TEXTS_PER_DAY = {"volunteer_signup": 3, "alerts_signup": 3}
    number = "+12135550111"
    assert [may_text_typed_number(zoned, number, form="volunteer_signup") for _ in range(3)] == [True, True, False]
    others = [f"+1213555012{i}" for i in range(4)]
    assert [may_text_typed_number(zoned, n, form="volunteer_signup") for n in others] == [True, False, False, False]
    # another form keeps its own budget
    assert may_text_typed_number(zoned, "+12135550130", form="alerts_signup")


def test_the_form_is_flood_limited(client, zoned, settings):
    settings.AMPARO_FLOOD_LIMITS = {**settings.AMPARO_FLOOD_LIMITS, "form:client": (2, 600)}
    for i in range(2):
        post(client, {**GOOD, "phone": f"213-555-016{i}"})
    r = client.post(URL, {**GOOD, "phone": "213-555-0169"})
    assert r.status_code == 429
    assert Applicant.objects.count() == 2
