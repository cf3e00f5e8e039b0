"""The alerts sign-up page /alerts/<org>/: no JavaScript, the same SMS confirmation as ALERTAS,
under the shared anti-pumping rule, and an answer page that never reveals a subscription."""

from __future__ import annotations

import re

import pytest

from amparo.alerts.models import ConsentChannel, Subscriber, SubscriberConsent, SubscriberStatus
from amparo.alerts.subscriptions import zips_of
from amparo.alerts.tests.conftest import ALERTS_SID, hash_of, sms, texts_to, with_alerts
from amparo.reports.models import Sender
from amparo.texts.render import render_text

pytestmark = pytest.mark.django_db
URL = "/alerts/north/"
ANA = "+12135550177"
GOOD = {"phone": "213-555-0177", "zip": "90033", "language": "es"}


@pytest.fixture
def net(north):  # type: ignore[no-untyped-def]
    return with_alerts(north)


@pytest.fixture(autouse=True)
def no_wait(settings):  # type: ignore[no-untyped-def]
    settings.AMPARO_FORM_MIN_SECONDS = 0


def token_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def post(client, data, lang="en"):  # type: ignore[no-untyped-def]
    page = client.get(URL + f"?lang={lang}")
    return client.post(URL, {**data, "token": token_of(page), "lang": lang})


def test_the_page_works_without_javascript_in_the_networks_languages(client, net):
    html = client.get(URL + "?lang=es").content.decode()
    assert "<script" not in html
    assert 'name="phone"' in html and 'name="zip"' in html
    assert 'value="es"' in html and 'value="en"' in html and 'value="ko"' not in html
    assert "Reciba alertas por mensaje de texto" in html


def test_a_sign_up_texts_the_same_confirmation_from_the_alerts_sender(client, net):
    r = post(client, GOOD)
    assert r.status_code == 302 and r["Location"].startswith("/alerts/north/thanks/")
    s = Subscriber.objects.get()
    assert (s.status, s.language, s.phone, zips_of(s)) == (SubscriberStatus.PENDING, "es", ANA, ["90033"])
    assert SubscriberConsent.objects.get().channel == ConsentChannel.WEB
    text, = texts_to(net, ANA)
    assert text.from_number == ALERTS_SID and text.body == render_text(net.pk, "alerts.sub.confirm", "es", areas="ZIP 90033")
    # and YES to the alerts sender confirms it
    sms(net, "SI", sender=Sender.ALERTS, frm=ANA)
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE


def test_the_answer_page_never_says_whether_the_number_was_subscribed(client, net):
    first = post(client, GOOD)
    sms(net, "YES", sender=Sender.ALERTS, frm=ANA)
    again = post(client, {**GOOD, "zip": "90023"})
    assert first["Location"] == again["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "reply YES" in page
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.ACTIVE and zips_of(s) == ["90033"]  # a stranger's form changes nothing


@pytest.mark.parametrize(("zip_code", "error"), [("9003", "5 digits"), ("00000", "not a US ZIP"),
                                                  ("02134", "ZIP codes in CA only")])
def test_a_bad_zip_is_refused_with_what_is_accepted_and_the_input_kept(client, net, zip_code, error):
    r = post(client, {**GOOD, "zip": zip_code})
    assert r.status_code == 200 and error in r.content.decode()
    assert 'value="213-555-0177"' in r.content.decode()
    assert not Subscriber.objects.exists()


def test_anti_pumping_foreign_numbers_and_the_forms_budget(client, net, settings):
    settings.AMPARO_FORM_TEXTS_PER_DAY = {**settings.AMPARO_FORM_TEXTS_PER_DAY, "alerts": 2}
    r = post(client, {**GOOD, "phone": "+44 20 7946 0958"})
    assert r.status_code == 302 and not Subscriber.objects.exists()
    for i in range(3):
        assert post(client, {**GOOD, "phone": f"213-555-014{i}"}).status_code == 302
    assert Subscriber.objects.count() == 2  # the third is answered the same, and nothing is stored or sent
    assert not texts_to(net, "+12135550142")


def test_without_an_alerts_sender_the_page_says_so_and_stores_nothing(client, north):
    html = client.get(URL).content.decode()
    assert "has not set up alerts" in html and 'name="phone"' not in html
    r = client.post(URL, {**GOOD, "token": "x"})
    assert r.status_code == 200 and not Subscriber.objects.exists()


def test_the_qr_code_is_an_svg_of_the_page(client, north, settings):
    r = client.get("/alerts/north/qr.svg")
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml"
    svg = r.content.decode()
    assert svg.startswith("<svg") and settings.AMPARO_PUBLIC_URL + URL in svg


def test_the_updates_page_links_to_the_sign_up_page(client, north):
    assert 'href="/alerts/north/?lang=' in client.get("/updates/north/").content.decode()


def test_opted_out_numbers_are_not_texted(client, net):
    from amparo.reports.optouts import opt_out

    opt_out(net.pk, hash_of(net, ANA), sender=Sender.ALERTS)
    assert post(client, GOOD).status_code == 302
    assert not Subscriber.objects.exists() and not texts_to(net, ANA)
