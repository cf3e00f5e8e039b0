"""Zones as a subscriber's areas: chosen by SMS (ALERTAS and a zone's name, ZONA to change) and on the web
form, answered with the zones accepted when the name is unknown, and reached by the alerts of incidents
that lie in them, each subscriber once."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from amparo.alerts.audience import incident_audience
from amparo.alerts.models import Subscriber, SubscriberStatus
from amparo.alerts.subscriptions import zips_of, zones_of
from amparo.alerts.tests.conftest import ALERTS_SID, BETO, hash_of, sms, texts_to
from amparo.alerts.tests.fanout_helpers import subscribe
from amparo.orgs.models import Zone
from amparo.reports.models import Route, Sender
from amparo.texts.render import render_text
from amparo.texts.segments import segments
from amparo.verification.tests.conftest import make_incident

pytestmark = pytest.mark.django_db
ALERTS = Sender.ALERTS


def subscriber(org, number: str | None = None) -> Subscriber:  # type: ignore[no-untyped-def]
    return Subscriber.objects.get(organization=org, phone_hash=hash_of(org, number) if number else hash_of(org))


@pytest.mark.parametrize("body", ["ALERTAS Boyle Heights", "alertas boyle-heights", "Alertas  BOYLE HEIGHTS.",
                                  "alertas boyle"])
def test_alertas_and_a_zones_name_asks_for_yes_in_spanish(net, body):
    result = sms(net, body)
    assert result.reply is None and result.report.route == Route.KEYWORD and result.report.incident is None
    s = subscriber(net)
    assert (s.status, s.language, zones_of(s), zips_of(s)) == (SubscriberStatus.PENDING, "es", ["Boyle Heights"], [])
    confirmation, = texts_to(net)
    assert confirmation.from_number == ALERTS_SID
    assert confirmation.body == render_text(net.pk, "alerts.sub.confirm", "es", areas="Boyle Heights")
    assert "cerca de Boyle Heights" in confirmation.body
    sms(net, "Sí", sender=ALERTS)
    assert subscriber(net).status == SubscriberStatus.ACTIVE


def test_a_zones_name_is_matched_without_its_accents(net):
    Zone.objects.create(organization=net, name="Pico-Unión", zips=["90006"])
    sms(net, "ALERTS pico union", sender=ALERTS)
    assert zones_of(subscriber(net)) == ["Pico-Unión"] and subscriber(net).language == "en"


def test_on_the_hotline_alertas_and_words_that_name_no_zone_stay_a_report(net):
    result = sms(net, "Alertas hay migra en la 5 y Main")
    assert result.report.route == Route.REPORT and result.report.incident is not None
    assert not Subscriber.objects.exists()
    result = sms(net, "ALERTAS Boyle Hieghts", frm=BETO)  # a typo on the hotline: a report, not a reply
    assert result.report.route == Route.REPORT


def test_on_the_alerts_sender_an_unknown_zone_is_answered_with_the_zones_in_the_senders_language(net):
    Zone.objects.create(organization=net, name="East Los Angeles", zips=["90022"])
    result = sms(net, "ALERTAS Boyle Hieghts", sender=ALERTS)
    assert result.report.route == Route.KEYWORD
    assert result.reply == render_text(net.pk, "alerts.sub.bad_zone", "es",
                                       zones="Boyle Heights, East Los Angeles")
    assert result.reply.startswith("Alertas de Amparo: no conocemos esa zona. Zonas: Boyle Heights, East Los Angeles.")
    english = sms(net, "alerts nowhere", sender=ALERTS, frm=BETO)
    assert english.reply.startswith("Amparo alerts: we do not know that zone. Zones: Boyle Heights, East Los")
    assert not Subscriber.objects.exists()


def test_the_list_of_zones_is_cut_to_two_segments(net):
    for i in range(40):
        Zone.objects.create(organization=net, name=f"Neighbourhood number {i:02d}", zips=["90033"])
    reply = sms(net, "ALERTAS nowhere", sender=ALERTS).reply
    assert reply and segments(reply).count <= 2 and "Boyle Heights" in reply
    assert re.search(r"Neighbourhood number \d\d\.\.\.\.", reply)  # "..." then the sentence's full stop


def test_zona_replaces_the_zones_and_keeps_the_zips(net):
    Zone.objects.create(organization=net, name="East Los Angeles", zips=["90022"])
    sms(net, "ALERTAS 90033")
    sms(net, "SI", sender=ALERTS)
    sms(net, "ALERTAS Boyle Heights")
    assert (zips_of(subscriber(net)), zones_of(subscriber(net))) == (["90033"], ["Boyle Heights"])
    sms(net, "zona east los angeles", sender=ALERTS)
    s = subscriber(net)
    assert (s.status, zips_of(s), zones_of(s)) == (SubscriberStatus.ACTIVE, ["90033"], ["East Los Angeles"])
    assert texts_to(net)[-1].body == render_text(net.pk, "alerts.sub.confirmed", "es",
                                                 areas="ZIP 90033, East Los Angeles", languages="ENGLISH / ESPANOL")


def test_zona_with_an_unknown_name_or_none_lists_the_zones_in_the_subscribers_language(net):
    sms(net, "ALERTAS 90033")
    sms(net, "SI", sender=ALERTS)
    for body in ("ZONA Hollywood", "zone", "Zona"):
        result = sms(net, body, sender=ALERTS)
        assert result.reply == render_text(net.pk, "alerts.sub.bad_zone", "es", zones="Boyle Heights"), body
    assert zones_of(subscriber(net)) == []


def test_zona_is_no_keyword_on_the_hotline_nor_from_a_stranger(net):
    assert sms(net, "ZONA Boyle Heights").report.route == Route.REPORT
    assert sms(net, "ZONA Boyle Heights", sender=ALERTS, frm=BETO).report.route == Route.REPORT


def test_signing_up_again_after_stop_with_a_zone_starts_afresh(net):
    sms(net, "ALERTAS 90033")
    sms(net, "SI", sender=ALERTS)
    sms(net, "STOP", sender=ALERTS)
    sms(net, "ALERTAS Boyle Heights", sender=ALERTS)
    s = subscriber(net)
    assert (s.status, zips_of(s), zones_of(s)) == (SubscriberStatus.PENDING, [], ["Boyle Heights"])


# --- the web form ---------------------------------------------------------------------------------

URL = "/alerts/north/"


@pytest.fixture(autouse=True)
def no_wait(settings):  # type: ignore[no-untyped-def]
    settings.AMPARO_FORM_MIN_SECONDS = 0


def post(client, data, lang="en"):  # type: ignore[no-untyped-def]
    page = client.get(URL + f"?lang={lang}")
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(URL, {**data, "token": token, "lang": lang})


def test_the_form_offers_the_networks_zones_in_a_plain_select(client, net):
    html = client.get(URL + "?lang=es").content.decode()
    zone = Zone.objects.get(organization=net)
    assert '<select name="zone"' in html and f'<option value="{zone.pk}">Boyle Heights</option>' in html
    assert "O una de las zonas de la red" in html and "<script" not in html


def test_a_zone_chosen_on_the_form_is_the_subscriptions_area(client, net):
    zone = Zone.objects.get(organization=net)
    r = post(client, {"phone": "213-555-0177", "zip": "", "zone": str(zone.pk), "language": "es"})
    assert r.status_code == 302
    s = Subscriber.objects.get()
    assert (s.status, zips_of(s), zones_of(s)) == (SubscriberStatus.PENDING, [], ["Boyle Heights"])
    assert "Boyle Heights" in texts_to(net, "+12135550177")[0].body


def test_neither_zip_nor_zone_is_refused_in_the_pages_language(client, net):
    r = post(client, {"phone": "213-555-0177", "zip": "", "zone": "", "language": "es"}, lang="es")
    assert r.status_code == 200 and "Escriba un código ZIP o elija una zona." in r.content.decode()
    assert not Subscriber.objects.exists()


def test_another_networks_zone_is_refused(client, net, south):
    theirs = Zone.objects.create(organization=south, name="Their zone", zips=["90033"])
    r = post(client, {"phone": "213-555-0177", "zip": "", "zone": str(theirs.pk), "language": "en"})
    assert r.status_code == 200 and not Subscriber.objects.exists()


def test_a_network_without_zones_asks_for_a_zip(client, net):
    Zone.objects.filter(organization=net).delete()
    html = client.get(URL).content.decode()
    assert 'name="zone"' not in html
    r = post(client, {"phone": "213-555-0177", "zip": "", "language": "en"})
    assert r.status_code == 200 and not Subscriber.objects.exists()


# --- the audience -----------------------------------------------------------------------------------

def test_an_alert_reaches_the_subscribers_of_the_zone_that_holds_the_incident_each_once(net):
    boyle = Zone.objects.get(organization=net)
    east = Zone.objects.create(organization=net, name="East Los Angeles", zips=["90022"])
    by_zone = subscribe(net, "+12135550301", zips=(), zones=(boyle,))
    by_both = subscribe(net, "+12135550302", zips=("90023",), zones=(boyle, east))
    by_zip = subscribe(net, "+12135550303", zips=("90023",))
    subscribe(net, "+12135550304", zips=(), zones=(east,))  # another zone
    subscribe(net, "+12135550305", zips=("90022",))  # another ZIP
    incident = make_incident(net, "90023", at=timezone.now())
    audience = incident_audience(incident)
    assert sorted(audience.values_list("pk", flat=True)) == sorted([by_zone.pk, by_both.pk, by_zip.pk])
    assert audience.count() == 3


def test_a_zone_of_h3_cells_holds_an_incident_outside_its_zips(net):
    incident = make_incident(net, "90012", at=timezone.now())
    assert incident.h3_r8
    downtown = Zone.objects.create(organization=net, name="Downtown", h3_cells=[incident.h3_r8])
    s = subscribe(net, "+12135550401", zips=(), zones=(downtown,))
    subscribe(net, "+12135550402", zips=(), zones=(Zone.objects.get(name="Boyle Heights"),))
    assert list(incident_audience(incident).values_list("pk", flat=True)) == [s.pk]
