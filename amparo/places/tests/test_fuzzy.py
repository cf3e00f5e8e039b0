"""Names as people type them: parts of names, abbreviations and typos, and what must stay unmatched."""

from __future__ import annotations

import pytest

from amparo.places.fuzzy import Speller, max_edits, osa_distance
from amparo.places.gazetteer import Gazetteer, PlaceInfo


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("jefferson", "jefferson", 0), ("jeffreson", "jefferson", 1), ("jeferson", "jefferson", 1),
    ("jefersonn", "jefferson", 2), ("hazard", "hazrad", 1), ("agnes", "angles", 2), ("", "abc", 3),
])
def test_it_measures_edits(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, 5) == distance


def test_it_allows_more_edits_to_longer_words() -> None:
    assert [max_edits(n) for n in (3, 4, 5, 7, 8, 12)] == [0, 0, 1, 1, 2, 2]


VOCAB = ["jefferson", "hazard", "elysian", "dolores", "mission", "wilmington", "soto", "hill", "lorena",
         "lorenzo"]


@pytest.mark.parametrize(("word", "expected"), [
    ("jefferson", "jefferson"),
    ("jeffreson", "jefferson"),  # transposition
    ("jefersonn", "jefferson"),  # two edits in a long word
    ("hazzard", "hazard"),
    ("elysain", "elysian"),
    ("missions", "mission"),  # plural or possessive without the apostrophe
    ("sotto", "soto"),  # a 5-letter typo of a 4-letter word
    ("hil", None),  # short words are never corrected
    ("hazrdd", None),  # two edits in a 6-letter word
    ("lorenz", None),  # as close to "lorena" as to "lorenzo": ambiguous
    ("loren", "lorena"),  # closer to one
    ("agents", None),
    ("", None),
    ("5th", None),
])
def test_it_corrects_only_close_unique_words(word: str, expected: str | None) -> None:
    assert Speller(VOCAB).correct(word) == expected


@pytest.fixture
def gaz() -> Gazetteer:
    return Gazetteer([
        (PlaceInfo(1, "Jefferson High School", "school", 34.0, -118.25, "90011"),
         ["Jefferson High", "Escuela Jefferson"]),
        (PlaceInfo(2, "St. Agnes Church", "church", 34.03, -118.28, "90007"), ["Iglesia Santa Inés"]),
        (PlaceInfo(3, "Hazard Park", "other", 34.06, -118.19, "90033"), ["Parque Hazard"]),
        (PlaceInfo(4, "Eastside Swap Meet", "store", 34.02, -118.18, "90022"), ["Swap meet del Eastside"]),
        (PlaceInfo(5, "Elysian Park", "other", 34.08, -118.24, "90012"), []),
        (PlaceInfo(6, "Dolores Mission", "church", 34.04, -118.22, "90033"),
         ["Iglesia Dolores Mission", "171 S Gless St"]),
        (PlaceInfo(7, "Superior Grocers Soto", "store", 34.05, -118.21, "90033"), ["Superior Soto"]),
        (PlaceInfo(8, "Superior Grocers Whittier", "store", 34.02, -118.17, "90022"), ["Superior Whittier"]),
        (PlaceInfo(9, "Wilmington Middle School", "school", 33.78, -118.26, "90744"), []),
        (PlaceInfo(10, "Lincoln Heights Library", "other", 34.07, -118.21, "90031"),
         ["Lincoln and Workman"]),
        (PlaceInfo(11, "Echo Lake Plaza", "store", 34.0, -118.0, "90026"), []),
        (PlaceInfo(12, "Grand Union Market", "store", 34.0, -118.1, "90013"), []),
    ])


@pytest.mark.parametrize(("text", "place_id"), [
    # a distinctive word of the name, alone
    ("la migra esta en la jefferson", 1),
    ("ICE at jefferson right now", 1),
    ("redada en hazard, cuidado", 3),
    ("agents near elysian", 5),
    ("migra en wilmington", 9),
    # abbreviations and possessives
    ("ICE outside jefferson hs", 1),
    ("ice at st agnes's", 2),
    ("vans outside saint agnes church", 2),
    ("wilmington ms", 9),  # "ms" is no abbreviation we expand, but "wilmington" alone is enough
    # typos, only of the gazetteer's words
    ("agentes en la escuela jeffreson", 1),
    ("ICE at Jefersonn High", 1),
    ("migra en el parque hazzard", 3),
    ("ICE at elysain park", 5),
    ("ICE at the eastside swapp meet", 4),
    # several words of a name together, one of them not generic
    ("el swap de eastside", 4),
    ("ICE en la iglesia dolores", 6),
    ("ice at echo lake", 11),  # "echo" is short, but with "lake" it names one place
    ("ICE at grand union", 12),
])
def test_it_matches_parts_of_names(gaz: Gazetteer, text: str, place_id: int) -> None:
    matches = gaz.match(text)
    assert [m.place_id for m in matches] == [place_id]
    assert matches[0].span[0] < matches[0].span[1]


@pytest.mark.parametrize("text", [
    "ICE at the high school",  # only generic words
    "migra en el swap meet",
    "ICE at the park",
    "la migra en la iglesia",
    "ICE at superior",  # a chain: "superior" is in two places' names
    "ICE on Jefferson Blvd",  # a street of the same name
    "ICE on calle Jefferson",
    "agents in north hazard",  # a directional makes it another place
    "ICE at echo",  # short words never match alone
    "migra at the lake",
    "ICE at lincoln",  # a street the gazetteer knows ("Lincoln and Workman")
    "agentes en jeff",  # too short to correct
    "ICE at grand",  # a word too common to match alone
    "ICE in Los Angeles, California",
])
def test_it_does_not_guess(gaz: Gazetteer, text: str) -> None:
    assert len(gaz.match(text)) != 1


def test_it_does_not_read_a_corner_as_a_place(gaz: Gazetteer) -> None:
    # "hazard" names the park alone, but inside a corner it is the street.
    assert gaz.match("ICE at Hazard Ave and Soto St") == []
    assert gaz.match("migra en la soto y la hazard") == []


def test_it_prefers_a_whole_name_to_a_part(gaz: Gazetteer) -> None:
    (match,) = gaz.match("vans at superior soto near hazard")
    assert match.place_id in {3, 7}
    (match,) = gaz.match("ICE at Superior Soto, not at jefferson")
    assert match.place_id == 7


def test_it_corrects_known_street_names(gaz: Gazetteer) -> None:
    assert [i.key for i in gaz.extract("migra en la lincon y la workmann").intersections] == ["lincoln|workman"]
    ex = gaz.extract("ICE at Lincolm and Workman")
    assert [i.key for i in ex.intersections] == ["lincoln|workman"]
    (match,) = gaz.match("ICE at Lincolm and Workman")
    assert (match.place_id, match.via) == (10, "intersection")
    assert gaz.correct_street("lincolm") == "lincoln"
    assert gaz.correct_street("hazard") is None  # a word of a place's name is not a street typo
