"""Hearsay, questions and chain letters never open an incident (issue 11, class 5 and 6); a number
that flooded the hotline stays in its flood group for a bounded time (class 7)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from amparo.incidents.models import Kind
from amparo.incidents.rumor import mood
from amparo.intake.pipeline import ingest_report
from amparo.places.actions import create_place
from amparo.reports.models import Report

T0 = datetime(2026, 6, 9, 15, 0, tzinfo=UTC)
_ids = itertools.count()


@pytest.fixture
def places(north):
    return {
        "mart_a": create_place(north, name="Save Mart Tolliver", aliases=["Save Mart on Tolliver"],
                               lat=34.1034, lon=-118.2263, zip="90065", kind="store"),
        "mart_b": create_place(north, name="Save Mart Harlan", aliases=["Save Mart on Harlan"],
                               lat=34.0981, lon=-118.3227, zip="90028", kind="store"),
        "gate": create_place(north, name="Bienvenidos Gate", aliases=["The Gate", "El Portal"],
                             lat=34.0472, lon=-118.2195, zip="90033"),
    }


def send(org, body, minutes=0, sender=None):
    n = next(_ids)
    return ingest_report(org=org, channel="sms", provider_id=f"SMrum{n}", from_number=sender or f"+1213556{n:04d}",
                         body=body, received_at=T0 + timedelta(minutes=minutes)).report


def incident_of(report):
    return Report.objects.get(pk=report.pk).incident


@pytest.mark.parametrize("text", [
    "me dijeron que la migra está en el save mart de tolliver", "dicen que hay migra en el portal",
    "es verdad que están en el save mart?", "hay migra en el portal?", "they say ICE is at the gate",
    "is it true theres ice at save mart on harlan??", "Fwd: ICE at the gate, share with everyone",
    "mañana van a poner retenes en el portal, pásalo",
])
def test_hearsay_and_questions_never_open_an_incident(places, north, text):
    inc = incident_of(send(north, text))
    assert inc.kind == Kind.VAGUE


def test_hearsay_joins_the_open_incident_at_the_place_it_names(places, north):
    real = send(north, "ICE at the gate right now taking people")
    rumor = send(north, "me dijeron que la migra esta en el portal, es verdad?", 10)
    assert incident_of(rumor) == incident_of(real)
    assert incident_of(real).kind == Kind.EVENT


def test_a_real_report_this_morning_is_no_rumor():
    assert not mood("la migra estuvo esta mañana en el portal").rumor
    assert not mood("ICE at the gate right now").rumor
    assert not mood("acaban de llegar agentes a 90033?").rumor  # a "?" is not a question by itself
    assert mood("hay migra en [city] ahorita?").question


def test_a_number_that_flooded_stays_in_its_flood_group_for_a_while(places, north, settings):
    pest = "+12135559999"
    sent = [send(north, f"ICE at {100 * (i + 1)} Tolliver St", i, sender=pest) for i in range(north.flood_caller_messages)]
    flood = incident_of(sent[-1])
    assert flood.kind == Kind.FLOOD
    later = send(north, "ICE ICE ICE the gate", 40, sender=pest)
    assert incident_of(later) == flood
    # Bounded: after flood_hold_minutes the number is heard again.
    much_later = send(north, "ICE at the gate, 3 vans", 40 + north.flood_hold_minutes + 15, sender=pest)
    assert incident_of(much_later).kind == Kind.EVENT


def test_two_stores_of_one_chain_in_the_same_hour_are_never_merged(places, north):
    a = send(north, "ICE en el savemart de la tolliver")
    b = send(north, "migra at save-mart on harlan", 10)
    c = send(north, "ICE at the save mart harlan, 3 vans", 20)
    assert incident_of(a) != incident_of(b) == incident_of(c)
    assert incident_of(a).place_id == places["mart_a"].pk and incident_of(b).place_id == places["mart_b"].pk


def test_hearsay_typed_with_two_letters_swapped_is_still_hearsay():
    assert mood("idcen que hay migra en toda la villita").hearsay
    assert mood("me dijeron que estan en la tienda").hearsay
    assert not mood("ICE at the park right now, 3 vans").rumor


def test_a_sighting_everywhere_is_about_an_area_not_a_place():
    assert mood("ICE everywhere in gulfton be careful").rumor
    assert mood("hay migra por todos lados en pilsen").rumor
