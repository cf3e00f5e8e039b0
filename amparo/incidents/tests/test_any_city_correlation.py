"""Correlation in a city it was not tuned on (issue 11): corners typed with a typo, corners beside a
known place, hearsay that waited for its event. Invented streets and places."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from amparo.incidents.models import Kind
from amparo.intake.pipeline import ingest_report
from amparo.places.actions import create_place
from amparo.reports.models import Report

T0 = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)
_ids = itertools.count()


@pytest.fixture
def places(north):
    return {
        # Known on one street only.
        "barn": create_place(north, name="Builders Barn Quarry", aliases=["Builders Barn on Quarry Rd"],
                             lat=34.1034, lon=-118.2263, zip="90065", kind="store"),
        # Known at a corner of Tolliver Blvd.
        "mart": create_place(north, name="Save Mart", aliases=["Tolliver Blvd and Harlan Ave"],
                             lat=34.0981, lon=-118.3227, zip="90028", kind="store"),
    }


def send(org, body, minutes=0, sender=None):
    n = next(_ids)
    return ingest_report(org=org, channel="sms", provider_id=f"SMany{n}", from_number=sender or f"+1213557{n:04d}",
                         body=body, received_at=T0 + timedelta(minutes=minutes)).report


def incident_of(report):
    return Report.objects.get(pk=report.pk).incident


def test_a_corner_typed_with_a_typo_or_a_word_too_many_joins_the_corner(north):
    a = send(north, "ICE at 31st and Osterman Ave right now")
    b = send(north, "hay migra en 31st and ostreman", 5)
    c = send(north, "la migra at 31st and osterman bro be careful", 9)
    assert incident_of(a) == incident_of(b) == incident_of(c)
    d = send(north, "ICE at 13th and Osterman Ave", 12)  # another corner of the same street
    assert incident_of(d) != incident_of(a)


def test_a_corner_joins_the_place_known_on_that_street_alone(places, north):
    a = send(north, "ICE at the builders barn on quarry rd")
    b = send(north, "agents at quarry rd and 12th st", 6)
    assert incident_of(a) == incident_of(b)


def test_a_corner_does_not_join_a_place_known_at_another_crossing(places, north):
    a = send(north, "migra en el save mart")
    b = send(north, "ICE at Tolliver Blvd and Brackett Ave", 6)
    assert incident_of(a).kind == Kind.EVENT
    assert incident_of(a) != incident_of(b)


def test_a_question_that_waited_joins_the_event_when_it_opens(places, north):
    q = send(north, "is it true ice is at the save mart??", sender="+12135579001")
    follow = send(north, "anyone??", 2, sender="+12135579001")
    assert incident_of(q).kind == Kind.VAGUE
    a = send(north, "ICE at the save mart, 3 vans", 20)
    assert incident_of(q) == incident_of(follow) == incident_of(a)
    assert incident_of(a).kind == Kind.EVENT


def test_an_old_question_stays_in_the_lane(places, north):
    q = send(north, "es verdad que hay migra en el save mart?")
    a = send(north, "ICE at the save mart", 90)
    assert incident_of(q).kind == Kind.VAGUE
    assert incident_of(a).kind == Kind.EVENT


def test_a_street_named_alone_joins_the_place_known_on_that_street_alone(places, north):
    a = send(north, "ICE at Builders Barn Quarry, 3 vans")
    b = send(north, "agents at the courthouse on quarry rd", 7)
    assert incident_of(a) == incident_of(b)


def test_a_street_named_alone_does_not_join_a_place_known_at_a_corner(places, north):
    a = send(north, "migra en el save mart")
    b = send(north, "ICE on Tolliver Blvd right now", 6)
    assert incident_of(a) != incident_of(b)


def test_hearsay_that_waited_joins_a_zip_event_when_it_gets_its_place(places, north):
    q = send(north, "me dijeron que hay migra en el builders barn quarry")
    z = send(north, "hay ice en the 90065 area right now", 2)
    assert incident_of(q).kind == Kind.VAGUE
    a = send(north, "ICE at Builders Barn Quarry, 3 vans", 20)
    assert incident_of(a) == incident_of(z) == incident_of(q)
