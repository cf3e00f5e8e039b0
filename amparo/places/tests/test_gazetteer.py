from __future__ import annotations

import pytest

from amparo.places.actions import create_place, delete_place, update_place
from amparo.places.gazetteer import Gazetteer, PlaceInfo, gazetteer_for


@pytest.fixture
def gaz() -> Gazetteer:
    return Gazetteer([
        (PlaceInfo(1, "Home Depot Boyle Heights", "store", 34.03, -118.20, "90023"), ["Home Depot"]),
        (PlaceInfo(2, "Home Depot Cypress Park", "store", 34.09, -118.22, "90065"),
         ["Home Depot", "2750 San Fernando Rd"]),
        (PlaceInfo(3, "Mariachi Plaza", "other", 34.047, -118.219, "90033"), ["Plaza del Mariachi", "1st y Boyle"]),
        (PlaceInfo(4, "Escuela Roosevelt", "school", 34.04, -118.21, "90033"),
         ["Roosevelt High School", "Cesar Chavez y Soto"]),
        (PlaceInfo(5, "Iglesia de San Pedro y San Pablo", "church", 34.0, -118.0, ""), []),
    ])


@pytest.mark.parametrize(("text", "place_id", "via"), [
    ("agentes en la plaza del mariachi", 3, "alias"),
    ("ICE at MARIACHI PLAZA", 3, "alias"),
    ("migra en el plaza mariachi 🚨", 3, "alias"),  # word order
    ("ICE outside roosevelt high school", 4, "alias"),
    ("ICE en la escuela roosevélt", 4, "alias"),  # accents
    ("vans at the school roosevelt high", 4, "alias"),
    ("soto and cesar chavez ave", 4, "intersection"),  # alias that is an intersection
    ("la migra esta en la Soto con César E. Chávez", 4, "intersection"),
    ("la migra en boyle y 1st", 3, "intersection"),
    ("ICE at 2790 San Fernando Road", 2, "address"),  # same hundred block
    ("misa en la iglesia de san pedro y san pablo", 5, "alias"),
])
def test_it_matches(gaz: Gazetteer, text: str, place_id: int, via: str) -> None:
    (match,) = gaz.match(text)
    assert (match.place_id, match.via) == (place_id, via)
    assert match.span[1] > match.span[0]


def test_it_prefers_the_longer_alias(gaz: Gazetteer) -> None:
    (match,) = gaz.match("ICE in the parking of the Home Depot, Cypress Park")
    assert (match.place_id, match.alias) == (2, "Home Depot Cypress Park")


def test_it_returns_the_ambiguity_of_a_chain_store(gaz: Gazetteer) -> None:
    matches = gaz.match("ICE at home depot")
    assert [m.place_id for m in matches] == [1, 2]


def test_it_resolves_a_chain_store_by_zip_or_street(gaz: Gazetteer) -> None:
    assert [m.place_id for m in gaz.match("ICE at home depot 90023")] == [1]
    assert [m.place_id for m in gaz.match("migra en el home depot de san fernando rd")] == [2]


def test_it_does_not_match_words_too_far_apart(gaz: Gazetteer) -> None:
    assert gaz.match("the plaza was empty, no ICE seen anywhere near the old mariachi") == []
    assert gaz.match("nothing here") == []
    assert gaz.match("2900 San Fernando Rd") == []  # another block


def test_it_gives_place_info(gaz: Gazetteer) -> None:
    info = gaz.place(4)
    assert info is not None and (info.kind, info.zip, info.lat) == ("school", "90033", 34.04)
    assert gaz.place(99) is None
    assert {"soto", "cesar chavez", "boyle", "1", "san fernando"} <= gaz.street_keys


def test_it_caches_per_version(north, south, django_assert_num_queries) -> None:
    place = create_place(north, name="Mariachi Plaza", aliases=["Plaza del Mariachi"],
                         lat=34.047, lon=-118.219, zip="90033")
    first = gazetteer_for(north)
    with django_assert_num_queries(1):
        assert gazetteer_for(north) is first
    assert [m.place_id for m in first.match("plaza del mariachi")] == [place.pk]

    update_place(place, aliases=["Plaza del Mariachi", "la plaza de boyle"])
    second = gazetteer_for(north)
    assert second is not first
    assert [m.place_id for m in second.match("en la plaza de boyle")] == [place.pk]

    delete_place(place)
    assert gazetteer_for(north).match("plaza del mariachi") == []


def test_it_keeps_each_organization_to_its_own_places(north, south) -> None:
    create_place(north, name="Mariachi Plaza", aliases=[], lat=34.047, lon=-118.219)
    assert gazetteer_for(south).match("ICE at Mariachi Plaza") == []
    assert len(gazetteer_for(north).match("ICE at Mariachi Plaza")) == 1
