"""Correlation: the same event phrased differently joins; different events don't."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from amparo.incidents.models import Incident, Kind
from amparo.intake.pipeline import ingest_report
from amparo.places.actions import create_place
from amparo.reports.models import Report

T0 = datetime(2026, 6, 7, 9, 0, tzinfo=UTC)
_ids = itertools.count()


@pytest.fixture
def places(north):
    return {
        "hd_cypress": create_place(north, name="Home Depot Cypress Park", aliases=["Home Depot on San Fernando Rd", "el Home Depot de Cypress Park"],
                                   lat=34.1034, lon=-118.2263, zip="90065", kind="store"),
        "hd_sunset": create_place(north, name="Home Depot Sunset", aliases=["Home Depot Hollywood", "Home Depot on Sunset"],
                                  lat=34.0981, lon=-118.3227, zip="90028", kind="store"),
        "mariachi": create_place(north, name="Mariachi Plaza", aliases=["Plaza del Mariachi", "1st and Boyle"],
                                 lat=34.0472, lon=-118.2195, zip="90033", kind="other"),
        "macarthur": create_place(north, name="MacArthur Park", aliases=["Parque MacArthur", "Seventh and Alvarado"],
                                  lat=34.0576, lon=-118.2783, zip="90057", kind="other"),
        # About 700 m east of MacArthur Park.
        "school": create_place(north, name="Belmont High School", aliases=["Belmont High"],
                               lat=34.0623, lon=-118.2715, zip="90026", kind="school"),
    }


def send(org, body, minutes=0, sender=None, t0=T0):
    n = next(_ids)
    return ingest_report(org=org, channel="sms", provider_id=f"SMcorr{n}",
                         from_number=sender or f"+1213555{n:04d}", body=body,
                         received_at=t0 + timedelta(minutes=minutes)).report


def incident_of(report):
    return Report.objects.get(pk=report.pk).incident


def test_it_joins_the_same_event_phrased_differently(places, north):
    a = send(north, "ICE agents at the Home Depot in Cypress Park taking people")
    b = send(north, "la migra esta en el home depot de cypress park!!", 7)
    c = send(north, "cypress park home depot, 3 vans", 15)
    assert incident_of(a) == incident_of(b) == incident_of(c)
    inc = incident_of(a)
    assert inc.report_count == 3 and inc.caller_count == 3
    assert inc.place_id == places["hd_cypress"].pk


def test_it_joins_cross_streets_in_both_languages(north):
    a = send(north, "ICE at 5th and Broadway right now")
    b = send(north, "hay migra en la 5 y broadway", 5)
    c = send(north, "Broadway & 5th St, agents detaining a man", 12)
    assert incident_of(a) == incident_of(b) == incident_of(c)


def test_it_matches_an_alias_that_is_an_intersection(places, north):
    a = send(north, "Migra en la plaza del mariachi")
    b = send(north, "agents at 1st and boyle", 10)
    assert incident_of(a) == incident_of(b)


def test_it_keeps_two_stores_of_the_same_chain_apart(places, north):
    a = send(north, "ICE at the Home Depot on San Fernando Rd in Cypress Park")
    b = send(north, "ICE at the Home Depot on Sunset in Hollywood", 3)
    assert incident_of(a) != incident_of(b)


def test_it_keeps_the_same_place_two_days_apart(places, north):
    a = send(north, "migra en el parque MacArthur")
    b = send(north, "migra en el parque MacArthur", 2 * 24 * 60)
    assert incident_of(a) != incident_of(b)


def test_it_keeps_places_700m_apart(places, north):
    a = send(north, "ICE at MacArthur Park")
    b = send(north, "ICE outside Belmont High School", 5)
    assert incident_of(a) != incident_of(b)


def test_it_joins_nearby_places_within_the_distance(places, north):
    place = create_place(north, name="Langer's Deli", aliases=["Langers"], lat=34.0562, lon=-118.2767, zip="90057", kind="store")
    a = send(north, "ICE at MacArthur Park")
    b = send(north, "agents in front of Langers", 5)
    assert place.pk and incident_of(a) == incident_of(b)


def test_it_puts_placeless_reports_in_one_vague_lane(places, north):
    a = send(north, "dicen que hay migra en todos lados hoy")
    b = send(north, "ICE everywhere today be careful", 30)
    c = send(north, "ICE at MacArthur Park", 31)
    assert incident_of(a) == incident_of(b)
    assert incident_of(a).kind == Kind.VAGUE
    assert incident_of(c) != incident_of(a)


def test_it_never_joins_a_placeless_report_to_a_placed_incident(places, north):
    a = send(north, "ICE at MacArthur Park")
    b = send(north, "there is ICE somewhere", 5)
    assert incident_of(b).kind == Kind.VAGUE and incident_of(a).kind == Kind.EVENT


def test_it_makes_a_followup_from_the_same_number_join_its_incident(places, north):
    a = send(north, "ICE at MacArthur Park", sender="+12135550001")
    b = send(north, "they are still here, 2 vans", 10, sender="+12135550001")
    assert incident_of(a) == incident_of(b)
    assert Report.objects.get(pk=b.pk).route == "followup"


def test_it_groups_one_text_from_many_numbers_as_a_flood(places, north):
    text = "URGENT: ICE checkpoint at MacArthur Park, everyone avoid the area and share this message"
    reports = [send(north, text, i) for i in range(25)]
    groups = {incident_of(r) for r in reports}
    assert len(groups) == 1
    [group] = groups
    assert group.kind == Kind.FLOOD and group.needs_review
    assert group.report_count == 25


def test_it_groups_many_texts_from_one_number_as_a_flood(places, north):
    spots = ["5th and Broadway", "7th and Alvarado", "MacArthur Park", "Mariachi Plaza", "1st and Soto",
             "Cesar Chavez y Soto", "Whittier and Atlantic", "Home Depot Sunset", "3rd and Vermont", "Pico y Union"]
    reports = [send(north, f"ICE raid at {s}", i, sender="+12135559999") for i, s in enumerate(spots)]
    groups = {incident_of(r) for r in reports}
    assert len(groups) == 1
    assert groups.pop().kind == Kind.FLOOD
    assert Incident.objects.filter(kind=Kind.EVENT, report_count__gt=0).count() == 0


def test_it_joins_a_zip_only_report_to_the_only_incident_in_that_zip(places, north):
    a = send(north, "ICE at Mariachi Plaza")
    b = send(north, "migra en el 90033", 20)
    assert incident_of(a) == incident_of(b)


def test_its_cost_does_not_grow_with_history(places, north):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    costs = []
    for day in range(5):  # each day the same ten reports, then the one measured
        for i in range(10):
            send(north, f"ICE at {i + 1}th and Main", day * 24 * 60 + i)
        with CaptureQueriesContext(connection) as queries:
            send(north, "ICE at 3rd and Main", day * 24 * 60 + 30)
        costs.append(len(queries))
    # The same queries on the fifth day as on the first (a bound, not a count: PostgreSQL's lock adds some).
    assert max(costs) <= costs[0] + 2 and costs[0] <= 50, costs


def test_it_joins_an_ambiguous_chain_name_to_the_only_open_store_incident(places, north):
    a = send(north, "ICE at the Home Depot on Sunset in Hollywood")
    b = send(north, "la migra esta en el home depot agarrando gente", 10)
    assert incident_of(b) == incident_of(a)


def test_it_leaves_an_ambiguous_chain_name_vague_when_two_stores_are_active(places, north):
    a = send(north, "ICE at the Home Depot on Sunset in Hollywood")
    c = send(north, "ICE at the Home Depot in Cypress Park", 2)
    b = send(north, "la migra esta en el home depot agarrando gente", 10)
    assert incident_of(a) != incident_of(c)
    assert incident_of(b).kind == Kind.VAGUE


def test_a_report_naming_both_keys_of_two_incidents_merges_them(places, north):
    a = send(north, "ICE at MacArthur Park")
    b = send(north, "agents at Wilshire and Alvarado", 5)
    assert incident_of(a) != incident_of(b)
    c = send(north, "ICE at MacArthur Park by Wilshire and Alvarado", 10)
    assert incident_of(a) == incident_of(b) == incident_of(c)


def test_a_report_naming_two_places_far_apart_merges_nothing(places, north):
    a = send(north, "ICE at MacArthur Park")
    b = send(north, "ICE outside Belmont High School", 2)
    send(north, "they went from MacArthur Park to Belmont High", 10)
    assert incident_of(a) != incident_of(b)


def test_it_joins_a_town_named_alone_to_the_only_incident_in_its_zips(places, north):
    van_nuys = create_place(north, name="Van Nuys Courthouse", aliases=["corte de van nuys"], lat=34.1839, lon=-118.4483,
                            zip="91401", kind="court")
    a = send(north, "ICE at the Van Nuys Courthouse arresting people")
    b = send(north, "la migra at van nuys bro be careful pls", 10)
    assert van_nuys.pk and incident_of(b) == incident_of(a)


def test_it_reads_a_one_zip_town_as_that_zip(places, north):
    report = send(north, "migra at huntington park detaining people")
    assert (report.zip, report.geo_precision) == ("90255", "zip")


def test_a_town_name_needs_a_where_word(places, north):
    assert send(north, "ICE at the taco bell").geo_precision == "none"
