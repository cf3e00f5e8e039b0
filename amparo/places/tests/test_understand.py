from __future__ import annotations

import json

import h3
import pytest

from amparo.places.actions import create_place
from amparo.places.understand import understand, zip_centroid
from amparo.reports.models import GeoPrecision


@pytest.fixture
def places(north):
    return {
        "plaza": create_place(north, name="Mariachi Plaza", aliases=["Plaza del Mariachi", "1st y Boyle"],
                              lat=34.0472, lon=-118.2194, zip="90033", kind="other"),
        "school": create_place(north, name="Escuela Roosevelt", aliases=["Cesar Chavez y Soto", "456 Mott St"],
                               lat=34.0407, lon=-118.2108, zip="90033", kind="school"),
        "depot_a": create_place(north, name="Home Depot Boyle Heights", aliases=["Home Depot"],
                                lat=34.0301, lon=-118.2002, zip="90023", kind="store"),
        "depot_b": create_place(north, name="Home Depot Cypress Park", aliases=["Home Depot"],
                                lat=34.0905, lon=-118.2261, zip="90065", kind="store"),
    }


def test_it_places_a_report_by_gazetteer_name(north, places) -> None:
    u = understand(north, "la migra esta en la plaza del mariachi ahorita 🚨")
    assert (u.place_id, u.place_kind, u.precision, u.method) == (places["plaza"].pk, "other", "place", "gazetteer")
    assert (u.lat, u.lon, u.zip) == (34.0472, -118.2194, "90033")
    assert u.h3_r8 == h3.latlng_to_cell(34.0472, -118.2194, 8)
    assert u.confidence >= 0.8
    assert any(s["kind"] == "place" for s in u.spans)


def test_it_places_a_report_by_gazetteer_intersection_and_address(north, places) -> None:
    u = understand(north, "ICE at soto and cesar chavez ave")
    assert (u.place_id, u.precision, u.method) == (places["school"].pk, "place", "gazetteer-intersection")
    assert u.intersections == ("cesar chavez|soto",)
    u = understand(north, "vans parked at 470 mott street")
    assert (u.place_id, u.method, u.addresses) == (places["school"].pk, "gazetteer-address", ("mott:4",))


def test_it_keeps_an_unknown_intersection_at_street_precision(north, places) -> None:
    u = understand(north, "ICE at 5th and Broadway")
    assert (u.place_id, u.precision, u.method, u.lat, u.zip) == (None, "street", "intersection", None, "")
    assert u.intersections == ("5|broadway",)
    u = understand(north, "ICE at 5th and Broadway 90013")
    assert (u.precision, u.zip, (u.lat, u.lon)) == ("street", "90013", zip_centroid("90013"))
    assert u.h3_r8


def test_it_falls_back_to_the_zip(north, places) -> None:
    u = understand(north, "migra en el 90022, cuidado")
    assert (u.precision, u.method, u.zip, u.place_id) == ("zip", "zip", "90022", None)
    assert (u.lat, u.lon) == zip_centroid("90022")
    assert 0 < u.confidence < 0.6


def test_it_does_not_place_an_ambiguous_chain_store(north, places) -> None:
    u = understand(north, "ICE at the home depot!!")
    assert (u.place_id, u.precision) == (None, "none")
    assert set(u.candidates) == {places["depot_a"].pk, places["depot_b"].pk}
    u = understand(north, "ICE at the home depot in 90065")
    assert (u.place_id, u.precision) == (places["depot_b"].pk, "place")


def test_it_understands_nothing_in_nothing(north) -> None:
    u = understand(north, "please help, they took my husband")
    assert (u.precision, u.method, u.confidence, u.lat, u.h3_r8) == ("none", "none", 0.0, None, "")


def test_it_does_not_use_another_organizations_places(south, places) -> None:
    u = understand(south, "la migra esta en la plaza del mariachi")
    assert (u.place_id, u.precision) == (None, "none")


def test_it_uses_one_query_when_warm(north, places, django_assert_num_queries) -> None:
    understand(north, "warm up")
    with django_assert_num_queries(1):
        u = understand(north, "ICE at soto and cesar chavez ave")
    assert u.place_id == places["school"].pk


def test_it_serializes_to_json(north, places) -> None:
    u = understand(north, "ICE on Whittier Blvd. Also at 5th and Broadway, 90013")
    data = json.loads(json.dumps(u.to_json()))
    assert data["precision"] == "street" and data["streets"] == ["whittier"]
    assert {s["kind"] for s in data["spans"]} == {"street", "intersection", "zip"}
    assert set(data) >= {"place_id", "place_kind", "zip", "lat", "lon", "precision", "confidence",
                         "method", "intersections", "addresses", "streets", "spans", "h3_r8"}


def test_it_uses_precisions_the_report_model_knows(north, places) -> None:
    texts = ["plaza del mariachi", "5th and Broadway", "90022", "nada"]
    assert {understand(north, t).precision for t in texts} == set(GeoPrecision.values)
