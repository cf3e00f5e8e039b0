"""What the public page may show (``amparo.alerts.selectors``): verdicts only,
after the delay, within the window, never at a home, never another network's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from amparo.alerts.models import AlertSettings
from amparo.alerts.selectors import alert_settings, public_updates, publishable_incidents
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import Incident, IncidentEvent, Kind, Status
from amparo.orgs.models import Zone
from amparo.places.actions import create_place
from amparo.places.models import PlaceKind
from amparo.reports.models import Report
from amparo.verification import actions as verification
from amparo.verification import onscene
from amparo.verification.models import Agency, Offer, Outcome
from amparo.verification.tests.conftest import BOYLE, make_incident, make_responder

pytestmark = pytest.mark.django_db


def decide(incident: Incident, status: str, *, by, at: datetime | None = None) -> Incident:  # type: ignore[no-untyped-def]
    """Give the incident a verdict; ``at`` moves the verdict's timeline event to that time."""
    incident_actions.start_verifying(incident, by=by)
    incident_actions.transition(incident, status, by=by, reason="checked")
    if at is not None:
        IncidentEvent.objects.filter(incident=incident, kind="status").update(at=at)
    return incident


def shown(org, now: datetime, **settings) -> list[int]:  # type: ignore[no-untyped-def]
    return [u.incident_id for u in public_updates(org, AlertSettings(organization=org, **settings), now=now)]


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def test_a_verdict_appears_after_the_delay_and_no_sooner(north, dispatcher, now):
    incident = decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now)
    assert shown(north, now + timedelta(minutes=29)) == []
    assert shown(north, now + timedelta(minutes=30)) == [incident.pk]
    assert shown(north, now + timedelta(minutes=5), updates_delay_minutes=5) == [incident.pk]


def test_the_delay_is_measured_from_the_verdict_not_the_report(north, dispatcher, now):
    incident = make_incident(north, at=now - timedelta(hours=3))
    decide(incident, Status.FALSE_ALARM, by=dispatcher, at=now)
    assert shown(north, now + timedelta(minutes=10)) == []
    update, = public_updates(north, AlertSettings(organization=north), now=now + timedelta(minutes=45))
    assert (update.verdict, update.verdict_at, update.published_at) == (
        Status.FALSE_ALARM, now, now + timedelta(minutes=30))
    assert update.first_report_at == now - timedelta(hours=3)


def test_only_the_window_of_days_is_shown(north, dispatcher, now):
    recent = decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now - timedelta(days=6))
    decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now - timedelta(days=8))
    assert shown(north, now) == [recent.pk]
    assert shown(north, now, updates_days=5) == []


def test_only_confirmed_incidents_and_false_alarms_are_shown(north, dispatcher, now):
    confirmed = decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now - timedelta(hours=2))
    false_alarm = decide(make_incident(north), Status.FALSE_ALARM, by=dispatcher, at=now - timedelta(hours=1))
    decide(make_incident(north), Status.UNVERIFIABLE, by=dispatcher, at=now - timedelta(hours=1))
    incident_actions.start_verifying(make_incident(north), by=dispatcher)
    make_incident(north)  # reported, never checked
    assert shown(north, now) == [false_alarm.pk, confirmed.pk]  # newest verdict first


def test_a_closed_incident_keeps_its_verdict(north, dispatcher, now):
    by_hand = decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now - timedelta(hours=2))
    incident_actions.close_incident(by_hand, by=dispatcher)
    idle = decide(make_incident(north, at=now - timedelta(days=2)), Status.FALSE_ALARM, by=dispatcher,
                  at=now - timedelta(days=1, hours=20))
    assert incident_actions.close_idle_incidents(now) >= 1
    assert Incident.objects.get(pk=idle.pk).status == Status.CLOSED
    assert shown(north, now) == [by_hand.pk, idle.pk]


def test_lanes_groups_and_merged_incidents_are_never_shown(north, dispatcher, now):
    at = now - timedelta(hours=3)
    for kind in (Kind.VAGUE, Kind.FLOOD):
        decide(incident_actions.open_incident(north.pk, kind=kind, at=at), Status.FALSE_ALARM, by=dispatcher, at=at)
    target, source = make_incident(north, at=at), make_incident(north, at=at)
    Report.objects.create(organization=north, channel="sms", provider_id="SMmerge", received_at=at, incident=source)
    decide(source, Status.CONFIRMED, by=dispatcher, at=at)
    incident_actions.merge_incidents(target, [source], by=dispatcher)
    assert shown(north, now) == []


def test_an_override_waits_its_own_delay_and_replaces_the_verdict(north, dispatcher, now):
    incident = decide(make_incident(north), Status.CONFIRMED, by=dispatcher, at=now - timedelta(hours=2))
    assert [u.verdict for u in public_updates(north, alert_settings(north), now=now)] == [Status.CONFIRMED]
    onscene.override_outcome(incident, Status.FALSE_ALARM, by=dispatcher, reason="it was a utility crew")
    # Withheld while the corrected verdict waits: the page never shows a verdict known to be wrong.
    assert shown(north, timezone.now() + timedelta(minutes=1)) == []
    update, = public_updates(north, alert_settings(north), now=timezone.now() + timedelta(minutes=31))
    assert (update.incident_id, update.verdict) == (incident.pk, Status.FALSE_ALARM)
    onscene.override_outcome(incident, Status.UNVERIFIABLE, by=dispatcher, reason="not sure after all")
    assert shown(north, timezone.now() + timedelta(hours=1)) == []


@pytest.mark.parametrize("where", ["incident place", "place kind only", "one report's place"])
def test_nothing_at_a_home_is_ever_published(north, dispatcher, now, where):
    home = create_place(north, name="Casa de la familia Canaria", aliases=[], lat=34.05, lon=-118.21, zip=BOYLE,
                        kind=PlaceKind.HOME)
    store = create_place(north, name="Tienda Esquina", aliases=[], lat=34.05, lon=-118.21, zip=BOYLE,
                         kind=PlaceKind.STORE)
    at = now - timedelta(hours=2)
    incident = make_incident(north, at=at)
    if where == "incident place":
        Incident.objects.filter(pk=incident.pk).update(place=home, place_kind=PlaceKind.HOME)
    elif where == "place kind only":  # the gazetteer entry was deleted, the kind stayed on the incident
        Incident.objects.filter(pk=incident.pk).update(place_kind=PlaceKind.HOME)
    else:  # the incident is at the store, but one of its reports named the home
        Incident.objects.filter(pk=incident.pk).update(place=store, place_kind=PlaceKind.STORE)
        Report.objects.create(organization=north, channel="sms", provider_id="SMstore", received_at=at,
                              incident=incident, place=store)
        Report.objects.create(organization=north, channel="sms", provider_id="SMhome", received_at=at,
                              incident=incident, place=home)
    decide(incident, Status.CONFIRMED, by=dispatcher, at=at)
    elsewhere = decide(make_incident(north, at=at), Status.CONFIRMED, by=dispatcher, at=at)
    assert shown(north, now) == [elsewhere.pk]
    assert incident.pk not in publishable_incidents(north.pk).values_list("pk", flat=True)


def test_an_incident_at_a_known_place_that_is_not_a_home_is_published(north, dispatcher, now):
    store = create_place(north, name="Tienda Esquina", aliases=[], lat=34.05, lon=-118.21, zip=BOYLE,
                         kind=PlaceKind.STORE)
    incident = make_incident(north, at=now - timedelta(hours=2))
    Incident.objects.filter(pk=incident.pk).update(place=store, place_kind=PlaceKind.STORE)
    Report.objects.create(organization=north, channel="sms", provider_id="SMstore", received_at=incident.first_report_at,
                          incident=incident, place=store)
    decide(incident, Status.CONFIRMED, by=dispatcher, at=now - timedelta(hours=1))
    assert shown(north, now) == [incident.pk]


def test_another_networks_verdicts_are_not_shown(north, south, dispatcher, now):
    decide(make_incident(south), Status.CONFIRMED, by=dispatcher, at=now - timedelta(hours=1))
    assert shown(north, now) == []
    assert len(shown(south, now)) == 1


def test_the_area_is_the_zones_and_the_zip_and_the_agency_is_what_the_responder_saw(north, dispatcher, now):
    Zone.objects.create(organization=north, name="Boyle Heights", zips=[BOYLE])
    Zone.objects.create(organization=north, name="Eastside", zips=[BOYLE, "90063"])
    responder = make_responder(north, "+12135550201")
    incident = make_incident(north, at=now - timedelta(hours=1))
    verification.offer_incident(incident, by=dispatcher, responders=[responder])
    offer = Offer.objects.get(incident=incident)
    verification.accept_offer(offer)
    onscene.arrive(offer)
    onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, note="two vans")
    update, = public_updates(north, alert_settings(north), now=timezone.now() + timedelta(minutes=30))
    assert update.areas == ("Boyle Heights", "Eastside", f"Zone {BOYLE}")
    assert (update.zip, update.agency, update.agency_label, update.confirmed) == (BOYLE, "ice", "ICE", True)


def test_a_false_alarm_names_no_agency(north, dispatcher, now):
    responder = make_responder(north, "+12135550201")
    incident = make_incident(north, at=now - timedelta(hours=1))
    verification.offer_incident(incident, by=dispatcher, responders=[responder])
    offer = Offer.objects.get(incident=incident)
    verification.accept_offer(offer)
    onscene.report_outcome(offer, outcome=Outcome.OTHER_AGENCY, agency=Agency.LOCAL_POLICE)
    update, = public_updates(north, alert_settings(north), now=timezone.now() + timedelta(minutes=30))
    assert (update.verdict, update.agency, update.agency_label) == (Status.FALSE_ALARM, "", "")


def test_reading_the_settings_writes_nothing(north):
    settings = alert_settings(north)
    assert (settings.pk, settings.updates_days, settings.updates_delay_minutes) == (None, 7, 30)
    assert not AlertSettings.objects.exists()
