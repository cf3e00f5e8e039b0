"""The public page of what was verified and its Atom feed: who sees what, in
which language, with which texts, and that nothing personal ever reaches them."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from amparo.alerts.actions import update_alert_settings
from amparo.incidents.actions import add_note
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.legal.models import Person, PersonIncident
from amparo.orgs.models import Zone
from amparo.places.actions import create_place
from amparo.places.models import PlaceKind
from amparo.reports.models import Report
from amparo.texts.models import TextOverride
from amparo.texts.registry import DO_NOT_GO_LINE, NOT_ENFORCEMENT_LINE
from amparo.texts.render import render_text
from amparo.verification import actions as verification
from amparo.verification import evidence, onscene
from amparo.verification.models import Agency, Offer, Outcome
from amparo.verification.tests.conftest import make_incident, make_responder

ATOM = "{http://www.w3.org/2005/Atom}"
ZIPS = ("90033", "90022", "90023", "90063", "90031")
# What must never be public: planted in every field that holds it, then searched for.
SECRETS = {
    "report body": "CANARY-BODY they took the neighbour from 4417 Calle Secreta",
    "caller number": "+13235550177",
    "web form address": "4417 Calle Secreta",
    "responder name": "Canary Responder",
    "responder phone": "+12135550188",
    "observation": "CANARY-OBSERVATION two vans, plate 7CNY123",
    "evidence note": "CANARY-EVIDENCE badge seen",
    "dispatcher note": "CANARY-NOTE the family asked for help",
    "override reason": "CANARY-REASON called the reporter back",
    "place name": "Canary Market",
}


def seed(org, dispatcher, count: int, *, start: int = 0) -> list[Incident]:  # type: ignore[no-untyped-def]
    """``count`` incidents, each checked on scene by a responder and left with
    every kind of personal detail; even ones confirmed (ICE), odd ones false alarms."""
    store = create_place(org, name=SECRETS["place name"], aliases=[], lat=34.05, lon=-118.21, zip=ZIPS[0],
                         kind=PlaceKind.STORE)
    incidents = []
    for i in range(start, start + count):
        zip_code = ZIPS[i % len(ZIPS)]
        Zone.objects.get_or_create(organization=org, name=f"Barrio {zip_code}", defaults={"zips": [zip_code]})
        incident = make_incident(org, zip_code, at=timezone.now() - timedelta(hours=2))
        Incident.objects.filter(pk=incident.pk).update(place=store, place_kind=PlaceKind.STORE)
        Report.objects.create(organization=org, channel="web", provider_id=f"WEB-{org.slug}-{i}",
                              caller_number=SECRETS["caller number"], body=SECRETS["report body"],
                              extra={"address": SECRETS["web form address"]}, received_at=incident.first_report_at,
                              incident=incident, zip=zip_code, place=store)
        responder = make_responder(org, f"+121355502{i:02d}", name=SECRETS["responder name"], zips=(zip_code,))
        verification.offer_incident(incident, by=dispatcher, responders=[responder])
        offer = Offer.objects.get(incident=incident)
        verification.accept_offer(offer)
        onscene.arrive(offer)
        evidence.add_observation(offer, SECRETS["evidence note"])
        if i % 2 == 0:
            onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE,
                                   note=SECRETS["observation"])
        else:
            onscene.report_outcome(offer, outcome=Outcome.NOTHING_FOUND, note=SECRETS["observation"])
            incident.refresh_from_db()
            onscene.override_outcome(incident, Status.FALSE_ALARM, by=dispatcher, reason=SECRETS["override reason"])
        incident.refresh_from_db()
        add_note(incident, SECRETS["dispatcher note"], by=dispatcher)
        IncidentEvent.objects.filter(incident=incident, kind="status").update(
            at=timezone.now() - timedelta(hours=1, minutes=i))
        incidents.append(incident)
    return incidents


def assert_no_secrets(text: str) -> None:
    leaked = [what for what, value in SECRETS.items() if value in text]
    assert not leaked, f"on the public page or feed: {leaked}"
    assert "4417" not in text and "7CNY123" not in text and "5550177" not in text and "5550188" not in text


@pytest.fixture
def checked(north, dispatcher):  # type: ignore[no-untyped-def]
    return seed(north, dispatcher, 2)


def entries(feed: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(feed).findall(f"{ATOM}entry")


def test_it_shows_confirmed_incidents_and_false_alarms_with_their_fixed_lines(client, north, checked):
    confirmed, false_alarm = checked
    page = client.get("/updates/north/?lang=en")
    assert page.status_code == 200 and page["Content-Language"] == "en"
    html = page.content.decode()
    assert html.count('class="update ') == 2
    assert f'id="update-{confirmed.number}"' in html and f'id="update-{false_alarm.number}"' in html
    assert "Confirmed: ICE" in html and "False alarm" in html
    assert str(DO_NOT_GO_LINE) in html and html.count(str(DO_NOT_GO_LINE)) == 1  # on the confirmed entry only
    assert str(NOT_ENFORCEMENT_LINE) in html and html.count(str(NOT_ENFORCEMENT_LINE)) == 1
    assert "Barrio 90033" in html and "ZIP code 90033" in html and "ZIP code 90022" in html
    # Each entry links to the rights and shows the hotline's number.
    assert html.count('href="#rights"') == 2 and 'id="rights"' in html
    assert html.count('href="tel:+12135550100"') == 3  # the page's line and each entry's
    assert "+1 213-555-0100" in html
    assert render_text(north.pk, "kyr.long", "en")[:60] in html


def test_it_needs_no_javascript(client, checked):
    html = client.get("/updates/north/").content.decode()
    assert "<script" not in html.lower() and "onclick" not in html.lower()


def test_it_never_shows_reporter_responder_evidence_or_place_details(client, north, dispatcher, checked):
    for lang in ("en", "es"):
        assert_no_secrets(client.get(f"/updates/north/?lang={lang}").content.decode())
        assert_no_secrets(client.get(f"/updates/north/feed.atom?lang={lang}").content.decode())


def test_nothing_at_a_home_reaches_the_page_or_the_feed(client, north, dispatcher, checked):
    home = create_place(north, name="Casa Canaria", aliases=[], lat=34.05, lon=-118.21, zip="90033",
                        kind=PlaceKind.HOME)
    at_home = checked[0]
    Report.objects.filter(incident=at_home).update(place=home)
    html = client.get("/updates/north/").content.decode()
    feed = client.get("/updates/north/feed.atom").content
    assert f'id="update-{at_home.number}"' not in html and f'id="update-{checked[1].number}"' in html
    assert [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in entries(feed)] == [str(checked[1].number)]


def test_an_incident_linked_to_a_person_affected_never_reaches_the_page_or_the_feed(client, north, checked):
    person = Person.objects.create(organization=north, name="Canary Detained Person")
    PersonIncident.objects.create(person=person, incident=checked[0])  # confirmed, then a person was linked
    html = client.get("/updates/north/").content.decode()
    feed = client.get("/updates/north/feed.atom").content
    assert f'id="update-{checked[0].number}"' not in html and f'id="update-{checked[1].number}"' in html
    assert [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in entries(feed)] == [str(checked[1].number)]


def test_it_waits_for_the_delay_set_by_the_admin(client, north, admin_user, checked):
    IncidentEvent.objects.filter(incident=checked[0], kind="status").update(at=timezone.now() - timedelta(minutes=20))
    html = client.get("/updates/north/").content.decode()
    assert f'id="update-{checked[0].number}"' not in html and f'id="update-{checked[1].number}"' in html
    update_alert_settings(north, values={"updates_delay_minutes": 15}, actor=admin_user)
    assert f'id="update-{checked[0].number}"' in client.get("/updates/north/").content.decode()


def test_it_shows_only_the_window_of_days(client, north, checked):
    IncidentEvent.objects.filter(incident=checked[0], kind="status").update(at=timezone.now() - timedelta(days=8))
    html = client.get("/updates/north/").content.decode()
    assert f'id="update-{checked[0].number}"' not in html and f'id="update-{checked[1].number}"' in html


def test_it_says_so_when_nothing_was_verified(client, north):
    html = client.get("/updates/north/").content.decode()
    assert "Nothing was verified in this period." in html and 'id="rights"' in html


@pytest.mark.parametrize("path", ["/updates/nowhere/", "/updates/nowhere/feed.atom"])
def test_an_unknown_network_is_a_404(client, north, path):
    assert client.get(path).status_code == 404


def test_every_persona_sees_the_same_public_page_and_only_that_networks(client, north, south, dispatcher,
                                                                        outsider, checked):
    before = client.get("/updates/north/?lang=en").content.decode().split('<main id="main">')[1]
    seed(south, outsider, 1, start=50)
    pages = []
    for user in (None, dispatcher, outsider):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get("/updates/north/?lang=en")
        assert response.status_code == 200
        pages.append(response.content.decode().split('<main id="main">')[1])
    # Anchors are each network's own numbers (south's #1 and north's #1 share one): south's verdict
    # changed nothing on north's page.
    assert before == pages[0] == pages[1] == pages[2]
    south_incident = Incident.objects.get(organization=south)
    # Each network numbers its own incidents, so south's #1 and north's #1 share an anchor: count instead.
    assert pages[0].count('class="update ') == 2 and "Barrio 90033" in pages[0]
    south_page = client.get("/updates/south/?lang=en").content.decode()
    assert south_page.count('class="update ') == 1 and f'id="update-{south_incident.number}"' in south_page


def test_it_speaks_spanish_from_the_link_the_cookie_or_the_browser(client, north, checked):
    with translation.override("es"):
        es_line, es_false = str(DO_NOT_GO_LINE), str(NOT_ENFORCEMENT_LINE)
    assert es_line != str(DO_NOT_GO_LINE) and es_false != str(NOT_ENFORCEMENT_LINE), "compile the catalogs"
    page = client.get("/updates/north/?lang=es")
    html = page.content.decode()
    assert page["Content-Language"] == "es" and '<html lang="es">' in html
    assert es_line in html and es_false in html
    assert render_text(north.pk, "kyr.long", "es")[:60] in html
    assert "Código postal 90033" in html
    # The choice is remembered, and a browser asking for Spanish gets Spanish.
    assert es_line in client.get("/updates/north/").content.decode()
    client.cookies.clear()
    assert es_line in client.get("/updates/north/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()


@pytest.mark.parametrize("lang", ["ko", "zh-hans", "tl", "vi", "hy"])
def test_it_renders_in_every_other_catalogs_language(client, north, checked, lang):
    page = client.get(f"/updates/north/?lang={lang}")
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.content.decode()
    feed = client.get(f"/updates/north/feed.atom?lang={lang}")
    assert feed.status_code == 200 and len(entries(feed.content)) == 2


def test_an_override_of_the_wording_keeps_the_fixed_lines(client, north, checked):
    TextOverride.objects.create(organization=north, key="alerts.confirmed", language="en",
                                text="Our observers saw agents here.")
    TextOverride.objects.create(organization=north, key="alerts.false_alarm", language="en", text="All clear.")
    html = client.get("/updates/north/?lang=en").content.decode()
    assert f"Our observers saw agents here. {DO_NOT_GO_LINE}" in html
    assert f"All clear. {NOT_ENFORCEMENT_LINE}" in html


def test_anchors_and_feed_ids_are_the_networks_numbers_never_row_ids(client, north, checked):
    """A row id counts every network's incidents on the deployment: the page and the feed show the
    network's own number ("#7"), as the console and the texts do."""
    confirmed, _false_alarm = checked
    Incident.objects.filter(pk=confirmed.pk).update(number=confirmed.pk + 70)
    number = confirmed.pk + 70
    html = client.get("/updates/north/?lang=en").content.decode()
    assert f'id="update-{number}"' in html and f'id="update-{confirmed.pk}"' not in html
    first, _second = entries(client.get("/updates/north/feed.atom?lang=en").content)
    assert first.find(f"{ATOM}id").text.endswith(f"/update/{number}")


def test_the_feed_is_atom_with_one_entry_per_verdict(client, north, checked):
    confirmed, false_alarm = checked
    response = client.get("/updates/north/feed.atom?lang=en")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "What was verified · North Network"
    first, second = entries(response.content)
    assert first.find(f"{ATOM}id").text == f"tag:localhost,2026:north/update/{confirmed.number}"  # AMPARO_PUBLIC_URL
    assert first.find(f"{ATOM}title").text.startswith("Confirmed: ICE · Barrio 90033")
    assert second.find(f"{ATOM}title").text.startswith("False alarm")
    summary = second.find(f"{ATOM}summary").text
    assert str(NOT_ENFORCEMENT_LINE) in summary and '<a href="tel:+12135550100">+1 213-555-0100</a>' in summary
    assert 'href="http://testserver/updates/north/?lang=en#rights"' in summary
    assert str(DO_NOT_GO_LINE) in first.find(f"{ATOM}summary").text
    link = first.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/updates/north/?lang=en#update-{confirmed.number}"


def test_the_feed_entry_keeps_its_id_when_the_verdict_changes(client, north, dispatcher, checked):
    confirmed = checked[0]
    onscene.override_outcome(confirmed, Status.FALSE_ALARM, by=dispatcher, reason="a utility crew")
    IncidentEvent.objects.filter(incident=confirmed, kind="status").update(at=timezone.now() - timedelta(hours=1))
    first = entries(client.get("/updates/north/feed.atom").content)[0]
    assert first.find(f"{ATOM}id").text == f"tag:localhost,2026:north/update/{confirmed.number}"  # AMPARO_PUBLIC_URL
    assert first.find(f"{ATOM}title").text.startswith("False alarm")


@override_settings(AMPARO_PUBLIC_URL="https://amparo.example.org")
def test_anchors_and_feed_ids_name_the_networks_own_number_never_the_id(client, north, south, dispatcher):
    """Ids are one sequence for every network on the deployment: the other networks' incidents come first,
    so that north's numbers and ids differ, and none of north's ids may be read on its page or feed."""
    for _ in range(3):
        make_incident(south, "90022")
    confirmed, false_alarm = seed(north, dispatcher, 2)
    assert (confirmed.number, false_alarm.number) == (1, 2) and confirmed.pk > 3
    html = client.get("/updates/north/?lang=en").content.decode()
    assert 'id="update-1"' in html and 'id="update-2"' in html
    assert f'id="update-{confirmed.pk}"' not in html and f'id="update-{false_alarm.pk}"' not in html
    feed = client.get("/updates/north/feed.atom?lang=en").content
    ids = [e.find(f"{ATOM}id").text for e in entries(feed)]
    # The deployment's configured host, not the request's: the same entry keeps its id behind any proxy.
    assert ids == ["tag:amparo.example.org,2026:north/update/1", "tag:amparo.example.org,2026:north/update/2"]
    assert all(e.find(f"{ATOM}link").get("href").endswith(f"#update-{n}") for e, n in zip(entries(feed), (1, 2)))
    assert f"update-{confirmed.pk}" not in feed.decode() and f"/{confirmed.pk}<" not in feed.decode()


@pytest.mark.parametrize("path", ["/updates/north/?lang=es", "/updates/north/feed.atom?lang=es"])
def test_the_query_count_does_not_grow_with_the_entries(client, north, dispatcher, path):
    seed(north, dispatcher, 1)
    client.get(path)  # warm: the language cookie, caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).content.count(b"update-") >= 1
    seed(north, dispatcher, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        body = client.get(path).content
    assert body.count(b"update-") >= 20
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]
    assert len(one) <= 8, [q["sql"] for q in one.captured_queries]
