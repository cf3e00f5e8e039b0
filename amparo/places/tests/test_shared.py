"""Names several places share ("el home depot"), corners with one known street, streets of aliases."""

from __future__ import annotations

import pytest

from amparo.places.actions import create_place
from amparo.places.extract import extract
from amparo.places.gazetteer import Gazetteer, PlaceInfo
from amparo.places.names import alias_intersection
from amparo.places.shared import eligible
from amparo.places.understand import understand


def _info(pk: int, name: str, kind: str = "store", zip_code: str = "") -> PlaceInfo:
    return PlaceInfo(pk, name, kind, 34.0 + pk / 100, -118.2, zip_code)


@pytest.fixture
def gaz() -> Gazetteer:
    return Gazetteer([
        (_info(1, "Home Depot Cypress Park", zip_code="90065"),
         ["Home Depot on San Fernando Rd", "el Home Depot de Cypress Park"]),
        (_info(2, "Home Depot Sunset", zip_code="90028"), ["Home Depot Hollywood", "Home Depot on Sunset"]),
        (_info(3, "Vallarta Supermarkets Van Nuys"), ["Vallarta Van Nuys"]),
        (_info(4, "Vallarta Supermarkets Pacoima"), ["Vallarta Pacoima"]),
        (_info(5, "Alameda Swap Meet"), ["Swap meet de la Alameda"]),
        (_info(6, "Paramount Swap Meet"), ["Swap meet de Paramount"]),
        (_info(7, "Walmart Panorama City"), ["Walmart Van Nuys Blvd"]),
        (_info(8, "Walmart Pico Rivera"), ["Walmart Washington Blvd"]),
        (_info(9, "MacArthur Park", "other"), ["Parque MacArthur", "Seventh and Alvarado"]),
        (_info(10, "Car wash at Vermont and Beverly", "workplace"), ["Vermont car wash"]),
        (_info(11, "Los Angeles Union Station", "other"), ["Union Station"]),
        (_info(12, "Los Angeles Flower Market"), ["Flower Market"]),
        (_info(13, "Van Nuys Courthouse", "court"), ["Corte de Van Nuys", "14400 Erwin St"]),
        (_info(14, "Garfield High School", "school"), []),
        (_info(15, "Roosevelt High School", "school"), []),
    ])


@pytest.mark.parametrize(("text", "places"), [
    ("la migra esta en el home depot agarrando gente", {1, 2}),
    ("ICE at the home depot!!", {1, 2}),
    ("icce agents outside el home edpot pls", {1, 2}),  # a typo of a word of the names
    ("la migra en el vallarta", {3, 4}),
    ("REDADA EN VALLARTA, CUIDADO", {3, 4}),
    ("saw border patrol at el vallarta supermarkets", {3, 4}),  # two shared names narrow each other
    ("ICE at Walmart", {7, 8}),
    ("the swap meet, be careful", {5, 6}),
    ("ICE at the high school", {14, 15}),
    ("migra en el home depot o en el walmart", {1, 2, 7, 8}),  # two chains add up
])
def test_it_gives_every_place_a_shared_name_may_mean(gaz: Gazetteer, text: str, places: set[int]) -> None:
    matches = gaz.match(text)
    assert {m.place_id for m in matches} == places
    assert all(m.via == "shared" and m.span[0] < m.span[1] for m in matches)


@pytest.mark.parametrize(("text", "place_id"), [
    ("la migra en el home depot 90028", 2),  # a ZIP says which
    ("ICE at the home depot on san fernando rd", 1),  # the whole alias
    ("walmart on washington", 8),
    ("vallarta pacoima", 4),
])
def test_it_still_places_a_chain_store_the_text_says(gaz: Gazetteer, text: str, place_id: int) -> None:
    assert [m.place_id for m in gaz.match(text)] == [place_id]


@pytest.mark.parametrize("text", [
    "hay migra en van nuys",  # a street and an area several places are on
    "ICE en Los Angeles",  # an area
    "ICE on Sunset Blvd",
    "agents at the park",  # one generic word
    "migra en el super",
    "home is where they took him",
    "the depot",
    "they said raids at every home depot today",  # every one of them: a rumor
    "mi tia dice que hay redadas en los swap meets",  # plural
    "ICE at all the walmarts",
    "en todos los vallarta",
])
def test_it_gives_no_candidates_for_areas_streets_and_generic_words(gaz: Gazetteer, text: str) -> None:
    assert gaz.match(text) == []


@pytest.mark.parametrize(("gram", "ok"), [
    (("vallarta",), True), (("walmart",), True), (("washington",), True), (("home", "depot"), True), (("swap", "meet"), True),
    (("depot",), False), (("plaza",), False), (("pico",), False), (("angeles",), False),
    (("van", "nuys"), False), (("los", "angeles"), False), (("sunset",), False), (("north", "hills"), False),
])
def test_it_says_which_runs_of_words_may_name_places(gram: tuple[str, ...], ok: bool) -> None:
    assert eligible(gram, frozenset({"sunset", "van nuys", "walmart washington"})) is ok


def test_it_reads_the_corner_after_at_in_a_name(gaz: Gazetteer) -> None:
    (match,) = gaz.match("ICE at vermont and beverly")
    assert (match.place_id, match.via) == (10, "intersection")
    assert {"vermont", "beverly"} <= gaz.street_keys and "car wash" not in gaz.street_keys


@pytest.mark.parametrize(("alias", "key"), [
    ("Car wash at Vermont and Beverly", "beverly|vermont"),
    ("Lankershim and Vanowen bus stop", "lankershim|vanowen"),
    ("12th and San Pedro factory", "12|san pedro"),
    ("Cesar E. Chavez y Soto", "cesar chavez|soto"),
    ("Iglesia de San Pedro y San Pablo", "iglesia de san pedro|san pablo"),  # looks like one; matched by words too
    ("Home Depot", None),
])
def test_it_reads_corner_aliases(alias: str, key: str | None) -> None:
    assert alias_intersection(alias) == key


def test_it_corrects_streets_of_corner_address_and_name_aliases(gaz: Gazetteer) -> None:
    assert gaz.correct_street("alvardo") == "alvarado"  # "Seventh and Alvarado"
    assert gaz.correct_street("bevrly") == "beverly"  # "Car wash at Vermont and Beverly"
    assert gaz.correct_street("erwinn") == "erwin"  # "14400 Erwin St"
    assert gaz.correct_street("washingtn") == "washington"  # "Walmart Washington Blvd"


KNOWN = frozenset({"alvarado", "vermont", "slauson", "cesar chavez", "soto"})


@pytest.mark.parametrize(("text", "keys"), [
    # one side known, the other a plausible street word, after "at"/"en"/"corner"
    ("agents at wilshire and alvarado", ["alvarado|wilshire"]),
    ("la migra en la wilshire y alvarado", ["alvarado|wilshire"]),
    ("saw border patrol at adams n vermont taking workers?", ["adams|vermont"]),
    ("unmarked vans at normandie @ slauson, agents in vests", ["normandie|slauson"]),  # "@" after "at"
    ("esquina de slauson y normandie", ["normandie|slauson"]),
    ("ice at thhe corner of alvarado and w 7th right now", ["7|alvarado"]),
    ("hay migra en 7th St/la alvarado", ["7|alvarado"]),
    ("immigration raid at the corner of slauson and normandie ave!!", ["normandie|slauson"]),
    ("immigration raid at alameda st n chavez", ["alameda|cesar chavez"]),  # the one known "... chavez"
    ("vernon n central ave ice!!!", ["central|vernon"]),
    # not corners
    ("at alvarado and running from them", []),  # a common word
    ("agents at alvarado and twenty more coming", []),  # a number word
    ("juan y alvarado fueron detenidos", []),  # nothing says a place follows
    ("en la soto y luego se fueron", []),
    ("ICE at alvarado and the park", []),
    ("ICE at walmart @ night", []),
    ("at vermont and ana's house", []),  # too short a word
    ("wilshire and normandie ice!!!", []),  # neither known, nothing says a place
])
def test_it_reads_corners_with_one_known_street(text: str, keys: list[str]) -> None:
    assert [i.key for i in extract(text, KNOWN).intersections] == keys


@pytest.fixture
def depots(north):
    return [
        create_place(north, name="Home Depot Cypress Park", aliases=["Home Depot on San Fernando Rd",
                                                                     "el Home Depot de Cypress Park"],
                     lat=34.09, lon=-118.22, zip="90065", kind="store"),
        create_place(north, name="Home Depot Sunset", aliases=["Home Depot Hollywood", "Home Depot on Sunset"],
                     lat=34.09, lon=-118.31, zip="90028", kind="store"),
    ]


def test_it_understands_a_chain_as_candidates(north, depots) -> None:
    u = understand(north, "la migra esta en el home depot agarrando gente")
    assert (u.place_id, u.precision, u.method) == (None, "none", "none")
    assert set(u.candidates) == {p.pk for p in depots}
    u = understand(north, "la migra esta en el home depot de hollywood")
    assert (u.place_id, u.precision, u.candidates) == (depots[1].pk, "place", ())


def test_it_does_not_give_candidates_to_another_organization(south, depots) -> None:
    u = understand(south, "la migra esta en el home depot agarrando gente")
    assert (u.place_id, u.candidates) == (None, ())
