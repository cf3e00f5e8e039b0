"""Incident numbers are each network's own sequence (issue 15, item 6): a network's first incident is
#1 whatever the others hold, every responder text says "#N", and a code names the incident by it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from amparo.incidents.actions import open_incident, recount, split_reports
from amparo.incidents.models import Incident
from amparo.intake.pipeline import ingest_report
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report
from amparo.verification import actions, notify
from amparo.verification.models import Offer, OfferStatus
from amparo.verification.tests.conftest import T0, make_incident
from conftest import NORTH_NUMBER


def busy_south(south, n: int = 12) -> None:
    for i in range(n):
        open_incident(south.pk, kind="event", at=T0 - timedelta(hours=i), zip="90210")


def test_a_networks_first_incident_is_number_1_however_busy_the_others_are(north, south):
    busy_south(south)
    first = make_incident(north)
    assert first.pk > 12 and first.number == 1 and first.ref == "#1"
    assert make_incident(north).number == 2
    assert list(Incident.objects.filter(organization=south).order_by("number")
                .values_list("number", flat=True)) == list(range(1, 13))


def test_a_split_takes_the_networks_next_number(north, south):
    busy_south(south, 3)
    incident = make_incident(north)
    for i in range(2):
        ingest_report(org=north, channel="sms", provider_id=f"SMsplit{i}", from_number=f"+1213555017{i}",
                      body="agents at 1st and Soto", received_at=T0, to_number=NORTH_NUMBER)
    Report.objects.filter(organization=north).update(incident=incident)
    recount(incident)
    last = Incident.objects.filter(organization=north).order_by("-number").first().number
    new = split_reports(incident, [Report.objects.filter(organization=north).first().pk], by="test")
    assert new.number == last + 1 and last + 1 < 4


def test_responders_see_the_networks_number_never_the_id(client, north, south, dispatcher, crew):
    busy_south(south)
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.filter(incident=incident).first()
    body = OutboundMessage.objects.filter(incident=incident).first().body
    assert "incident #1 near" in body and "YES #1" in body and f"#{incident.pk}" not in body
    page = client.get(reverse("verification:offer_page", args=[notify.offer_token(offer)])).content.decode()
    assert "Verification request #1" in page and f"#{incident.pk}" not in page


def test_a_reply_code_is_the_networks_number(north, south, dispatcher, crew):
    busy_south(south)
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    responder = crew[0]
    wrong = ingest_report(org=north, channel="sms", provider_id="SMcode1", from_number=responder.phone,
                          body=f"YES {incident.pk}", received_at=T0, to_number=NORTH_NUMBER)
    assert "no open offer with that number" in wrong.reply  # the global id names nothing
    right = ingest_report(org=north, channel="sms", provider_id="SMcode2", from_number=responder.phone,
                          body="YES #1", received_at=T0, to_number=NORTH_NUMBER)
    assert "assigned to incident #1" in right.reply
    assert Offer.objects.get(responder=responder, incident=incident).status == OfferStatus.ACCEPTED
