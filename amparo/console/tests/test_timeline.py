"""The timeline and the dispatch panel in words a dispatcher reads (issue 15, item 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from amparo.console.tests.factories import incident_at_school
from amparo.console.timeline import load_names, timeline
from amparo.incidents.actions import record_event
from amparo.incidents.models import IncidentEvent
from amparo.messaging.actions import send_to_reporter
from amparo.testing.i18n import translated
from amparo.verification import actions, onscene
from amparo.verification.models import Agency, Offer, Outcome
from amparo.verification.tests.conftest import T0, configure, make_incident, make_responder


@pytest.fixture
def walked(north, dispatcher):
    """An incident offered to Rosa and Marco; Rosa accepts 1 min 35.928968 s later, arrives,
    reports enforcement by ICE and leaves; Marco declines."""
    configure(north, seats=1)
    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    marco = make_responder(north, "+12135550302", name="Marco Watcher")
    incident = make_incident(north, at=T0 - timedelta(minutes=5))
    actions.offer_incident(incident, by=dispatcher, responders=[rosa, marco], now=T0)
    mine = Offer.objects.get(responder=rosa)
    actions.decline_offer(Offer.objects.get(responder=marco), now=T0 + timedelta(seconds=20))
    actions.accept_offer(mine, now=T0 + timedelta(seconds=95.928968), via="page")
    onscene.arrive(mine, now=T0 + timedelta(minutes=9), via="sms")
    onscene.report_outcome(mine, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, now=T0 + timedelta(minutes=12))
    onscene.check_out(mine, now=T0 + timedelta(minutes=15))
    return incident


def _page(client, user, incident, language="en") -> str:
    client.force_login(user)
    return client.get(f"/console/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_it_names_responders_as_the_roster_does(client, dispatcher, walked):
    html = _page(client, dispatcher, walked)
    assert "Rosa Observer" in html and "Marco Watcher" in html
    assert "Accepted the request to verify (on the phone page)" in html
    assert "Declined the request to verify (by SMS)" in html
    assert "Asked Marco Watcher, Rosa Observer to verify (round 1)" in html
    assert "Reported the outcome: Immigration enforcement seen: ICE" in html
    assert "Left the scene safely (checked out)" in html
    assert "responder 1" not in html and "offer_accepted" not in html


def test_the_dispatch_panel_says_how_long_in_words(client, dispatcher, walked):
    html = _page(client, dispatcher, walked)
    assert "first acceptance after 1 min 36 s" in html and "after 0:01:35" not in html
    assert "1 of 1 seats taken · round 1 of offers" in html and "ring 1" not in html


def test_it_speaks_spanish_to_a_spanish_reader(client, dispatcher, walked):
    html = _page(client, dispatcher, walked, "es")
    outcome = translated("es", "Immigration enforcement seen")
    assert f"{outcome}: ICE" in html  # the proposal on the on-scene panel and the status reason
    assert "enforcement seen" not in html
    assert translated("es", "Accepted the request to verify") in html
    assert translated("es", "first acceptance after %(t)s", t="1 min 36 s") in html


def test_it_names_the_report_a_text_went_to(client, north, dispatcher):
    incident = incident_at_school(north)
    report = incident.reports.get()
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    html = _page(client, dispatcher, incident)
    assert f"Text sent to the reporter of report {report.ref}" in html and "message_sent" not in html


def test_reports_are_named_by_their_reference_never_their_id(client, north, dispatcher):
    """The card says "R-5": the timeline and the map say the same, whatever id the database gave the row
    (on PostgreSQL, where sequences outlive a test, or in a network that is not the first, they differ)."""
    from amparo.console.maps import map_markers
    from amparo.places.gazetteer import gazetteer_for
    from amparo.reports.models import Report

    incident = incident_at_school(north)
    report = incident.reports.get()
    Report.objects.filter(pk=report.pk).update(number=report.pk + 40)
    report.refresh_from_db()
    lines = [line.text for line in timeline(north, list(IncidentEvent.objects.filter(incident=incident)),
                                            notes={}, members={})]
    assert f"Report {report.ref} added" in lines and f"Report {report.pk} added" not in lines
    # The map labels a report whose place differs from the incident's the same way.
    elsewhere = Report(pk=report.pk, number=report.number, zip="90033")
    markers = map_markers(incident, [elsewhere], gazetteer_for(north))
    assert markers[-1]["label"].startswith(f"Report {report.ref}: ")


def test_an_unknown_kind_still_reads_as_a_phrase(north, dispatcher):
    incident = make_incident(north)
    record_event(incident, "from_a_newer_release", by="system")
    lines = timeline(north, list(IncidentEvent.objects.filter(incident=incident)), notes={}, members={})
    assert lines[-1].text == "Recorded: from a newer release" and lines[-1].actor == "System"
    with translation.override("es"):
        lines = timeline(north, list(IncidentEvent.objects.filter(incident=incident)), notes={}, members={})
    assert lines[-1].text == translated("es", "Recorded: %(what)s", what="from a newer release")


def test_it_loads_names_in_three_queries_whatever_the_crowd(north, dispatcher, django_assert_max_num_queries):
    crowd = [make_responder(north, f"+121355504{i:02d}", name=f"Responder {i}") for i in range(12)]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, responders=crowd, now=T0)
    for offer in Offer.objects.filter(incident=incident):
        actions.decline_offer(offer, now=T0 + timedelta(seconds=30))
    events = list(IncidentEvent.objects.filter(incident=incident).select_related("actor"))
    with django_assert_max_num_queries(3):
        load_names(north, events, notes={}, members={})
