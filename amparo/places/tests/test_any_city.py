"""Place understanding in a city it was never tuned on (issue 11): invented places and streets.

Chain names however written, numbered streets in every form, landmarks named with a street,
house numbers on an optional grid. No word of any real city's streets is needed in the code:
everything city-specific here comes from the gazetteer built in the test.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.places.extract import extract
from amparo.places.gazetteer import Gazetteer, PlaceInfo
from amparo.places.grid import parse_grid

ROWS = [
    (PlaceInfo(1, "Builders Barn Quarry Rd", "store", 40.0, -90.0, "60623"), ["Builders Barn 47th St", "4555 S Quarry Rd"]),
    (PlaceInfo(2, "Builders Barn Elmwood", "store", 40.1, -90.1, "60647"), ["2570 N Elmwood Ave"]),
    (PlaceInfo(3, "Save Mart Harlan", "store", 40.2, -90.2, "60639"), ["Savemart Harlan Ave"]),
    (PlaceInfo(4, "Save Mart Tolliver", "store", 40.3, -90.3, "60620"), []),
    (PlaceInfo(5, "Grub 4 Less Quarry", "store", 40.4, -90.4, "60632"), ["Grub 4 Less Tolliver Heights"]),
    (PlaceInfo(6, "Grub 4 Less 63rd", "store", 40.5, -90.5, "60636"), []),
    (PlaceInfo(7, "Bienvenidos Gate", "other", 40.6, -90.6, "60623"), ["The Gate", "El Portal", "26th and Osk"]),
]


def gaz(**kw: object) -> Gazetteer:
    return Gazetteer(ROWS, **kw)  # type: ignore[arg-type]  # keyword arguments of the test's own choosing


def matched(g: Gazetteer, text: str) -> list[int]:
    return [m.place_id for m in g.match(text)]


# -- 1. chain names ------------------------------------------------------------------------

def test_it_reads_a_chain_name_joined_split_or_hyphenated():
    g = gaz()
    for text in ("la migra en el buildersbarn", "ICE at builders-barn", "agents at the builders barn", "en el Builders  Barn"):
        assert matched(g, text) == [1, 2], text
    for text in ("ICE at savemart", "ICE at save mart", "ICE at save-mart", "ICE at the SAVEMART"):
        assert matched(g, text) == [3, 4], text
    for text in ("migra en el grub4less", "migra at grub 4 less", "migra at grub for less", "migra at grub-4-less"):
        assert matched(g, text) == [5, 6], text


def test_a_chain_with_its_street_is_that_store():
    g = gaz()
    assert matched(g, "el buildersbarn de la 47") == [1]
    assert matched(g, "buildersbarn on elmwood") == [2]
    assert matched(g, "grub for less on 63rd") == [6]


def test_a_chain_name_is_never_a_street():
    g = gaz()
    for text in ("ICE en el buildersbarn", "agents on builders barn", "migra on savemart now"):
        ex = g.extract(text)
        assert not ex.streets and not ex.intersections, text


def test_a_street_shared_at_the_end_of_names_stays_a_street():
    # "Tolliver" ends two places' names; "la harlan y la tolliver" is still a corner.
    ex = gaz().extract("hay migra en la harlan y la tolliver")
    assert [i.key for i in ex.intersections] == ["harlan|tolliver"]


def test_an_abbreviation_table_the_network_extends():
    assert matched(gaz(), "ICE at the bb on elmwood") == []
    g = gaz(abbreviations={"bb": "builders barn", "g4l": "grub 4 less"})
    assert matched(g, "ICE at the bb on elmwood") == [2]
    assert matched(g, "migra en el g4l") == [5, 6]
    # An abbreviation of a name the gazetteer does not have means nothing.
    assert matched(gaz(abbreviations={"zz": "no such store"}), "ICE at zz") == []


def test_the_shipped_abbreviations_apply_only_to_names_the_gazetteer_has():
    g = Gazetteer([(PlaceInfo(1, "Home Depot Quarry", "store", 40.0, -90.0, "60623"), []),
                   (PlaceInfo(2, "Home Depot Elmwood", "store", 40.1, -90.1, "60647"), [])])
    assert [m.place_id for m in g.match("HD on elmwood")] == [2]
    assert gaz().match("HD on elmwood") == []


_STORE_STREET = {1: ["47th", "la 47", "calle 47", "la cuarenta y siete"], 2: ["elmwood", "la elmwood", "elmwood ave"]}
_CHAIN = ["buildersbarn", "builders barn", "builders-barn", "Builders Barn", "BUILDERSBARN"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_CHAIN), st.sampled_from(_STORE_STREET[1]), st.sampled_from(_STORE_STREET[2]),
       st.sampled_from(["el {c} de {s}", "{c} on {s}", "the {c} by {s}", "ICE at {c} {s}"]))
def test_two_stores_of_one_chain_never_share_a_key(chain, street_a, street_b, frame):
    g = gaz()
    a, b = matched(g, frame.format(c=chain, s=street_a)), matched(g, frame.format(c=chain, s=street_b))
    assert a != b or a == [1, 2]  # named with its street: each its own store; never the same one
    assert not (a == [2] and b == [1])
    assert 1 not in b or len(b) == 2


# -- 2. numbered streets ---------------------------------------------------------------------

_EN_UNITS = "one two three four five six seven eight nine".split()
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
_ES_UNITS = "uno dos tres cuatro cinco seis siete ocho nueve".split()
_ES_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
_ES_VEINTI = {21: "veintiuno", 22: "veintidos", 23: "veintitres", 24: "veinticuatro", 25: "veinticinco",
              26: "veintiseis", 27: "veintisiete", 28: "veintiocho", 29: "veintinueve"}


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _en_words(n: int) -> str:
    head = "one hundred " if n >= 100 else ""
    n %= 100
    tens, units = divmod(n, 10)
    return head + (f"{_EN_TENS[tens]} {_EN_UNITS[units - 1]}" if units else _EN_TENS[tens])


def _es_words(n: int) -> str:
    head = "ciento " if n >= 100 else ""
    n %= 100
    if n in _ES_VEINTI:
        return head + _ES_VEINTI[n]
    tens, units = divmod(n, 10)
    return head + (f"{_ES_TENS[tens]} y {_ES_UNITS[units - 1]}" if units else _ES_TENS[tens])


def _forms(n: int) -> list[str]:
    forms = [f"{n}{_suffix(n)}", f"{n}{_suffix(n)} st", f"{n} st", f"la {n}", f"calle {n}", f"the {n}", f"W {n}{_suffix(n)} Street"]
    if n % 10 and n % 100 > 20:
        forms += [f"la {_es_words(n)}", _en_words(n)]
    return forms


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=21, max_value=150).filter(lambda n: n % 100 > 20 and n % 10 != 0),
       st.data())
def test_every_form_of_a_numbered_street_is_one_street(n, data):
    form = data.draw(st.sampled_from(_forms(n)))
    frame = data.draw(st.sampled_from(["hay migra en {s} y la western", "ICE at {s} & western", "western y {s}",
                                       "agents at western and {s}", "la esquina de {s} y western"]))
    text = frame.format(s=form)
    keys = [i.key for i in extract(text, frozenset({"western"})).intersections]
    assert keys == [f"{n}|western"], text


def test_numbers_in_words_that_are_counts_stay_counts():
    for text in ("hay como veinte agentes", "twenty agents at the park", "vi cuarenta y siete carros", "a la una y media"):
        assert not extract(text).intersections and not extract(text).streets, text


# -- 3. landmarks named with a street ------------------------------------------------------

def test_a_landmark_alias_is_matched_with_a_street_beside_it():
    g = gaz()
    for text in ("by the gate on 26th", "el portal de la 26", "ICE at the gate, 26th st", "migra en el portal de la veintiseis"):
        assert matched(g, text) == [7], text


# -- 4. house numbers and the optional grid -------------------------------------------------

def test_a_house_number_before_everyday_words_and_a_street_type_is_an_address():
    ex = extract("estan deteniendo personas en 1800 blue island ave")
    assert [(a.street, a.number) for a in ex.addresses] == [("blue island", 1800)]


def test_without_a_grid_an_address_is_its_block_only():
    ex = gaz().extract("ICE at 2600 S Osk")
    assert [(a.street, a.number // 100) for a in ex.addresses] == [("osk", 26)]
    assert not ex.intersections


def test_a_grid_puts_a_house_number_at_its_corner():
    g = gaz(grid=parse_grid([{"direction": "S", "every": 100}]))
    ex = g.extract("ICE at 2600 S Osk")
    assert [i.key for i in ex.intersections] == ["26|osk"]
    assert matched(g, "ICE at 2634 south osk") == [7]  # the gazetteer's "26th and Osk"
    assert not g.extract("ICE at 2600 N Osk").intersections  # no rule for north
    assert not g.extract("ICE at 2600 Osk").intersections  # no direction, no "unmarked"
    unmarked = gaz(grid=parse_grid([{"direction": "S", "every": 100, "unmarked": True}]))
    assert [i.key for i in unmarked.extract("ICE at 2600 osk rd").intersections] == ["26|osk"]


def test_a_grid_setting_that_is_malformed_is_ignored():
    assert parse_grid([{"direction": "up", "every": 100}, {"direction": "S", "every": 0}, {"direction": "S", "every": True},
                       "S", None, {"direction": "S", "every": 100, "start": -5}]) == ()
    assert parse_grid("S 100") == () and parse_grid(None) == ()
    assert len(parse_grid([{"direction": "sur", "every": 100, "start": 0}])) == 1


# -- 3. what the third pass read (issue 11) --------------------------------------------------

STREET_STORES = [
    (PlaceInfo(1, "El Pueblo Ridge Point", "store", 29.8, -95.5, "77055"), ["El Pueblo Spring Hollow"]),
    (PlaceInfo(2, "Mercadito Ridge Point", "store", 29.81, -95.49, "77055"), ["Ridge Point Flea Market"]),
    (PlaceInfo(3, "Corner Foods Marlowe", "store", 29.7, -95.52, "77074"), ["Corner Foods Bexley"]),
    (PlaceInfo(4, "Corner Foods Dunmore Quillan", "store", 29.70, -95.49, "77081"), []),
    (PlaceInfo(5, "El Pueblo Harwin", "store", 29.68, -95.3, "77087"), []),
]


def test_a_name_at_the_end_of_two_places_names_is_their_street_not_a_chain():
    g = Gazetteer(STREET_STORES)
    assert [i.key for i in g.extract("ice at brant rd n ridge point right now").intersections] == ["brant|ridge point"]


def test_the_words_after_a_chain_name_are_streets_of_that_store():
    g = Gazetteer(STREET_STORES)
    assert [i.key for i in g.extract("ahorita en dunmore and marlowe esta la migra").intersections] == ["dunmore|marlowe"]
    assert [m.place_id for m in g.match("ICE at the corner foods on marlowe")] == [3]
    assert [m.place_id for m in g.match("migra en el corner foods de la quillan")] == [4]


def test_a_street_runs_to_the_street_the_network_knows_not_past_it():
    g = gaz()
    assert [(a.street, a.number) for a in g.extract("agents at 4555 quarry asking for papers").addresses] == [("quarry", 4555)]
    assert [i.key for i in extract("ICE at archer ave & kedzie asking for papers").intersections] == ["archer|kedzie"]


def test_a_house_number_and_one_street_word_is_an_address_but_a_count_is_not():
    assert [(a.street, a.number) for a in extract("agents at 5300 navigation asking for papers").addresses] == [
        ("navigation", 5300)]
    for text in ("estan a 500 metros de la escuela", "like 300 people at the park", "hay 200 agentes", "at 1200 hours"):
        assert not extract(text).addresses, text


def test_a_typo_of_an_everyday_word_does_not_lengthen_a_street():
    g = Gazetteer(STREET_STORES)
    keys = [i.key for i in g.extract("cuidado en 18th st y bexley esqunia esta ice").intersections]
    assert keys == ["18|bexley"]
    assert [i.key for i in extract("ICE at shepherd @ 11ht, like 4 trucks").intersections] == ["11|shepherd"]


def test_the_words_of_every_report_and_a_city_two_places_end_with_name_no_place():
    g = Gazetteer([
        (PlaceInfo(1, "Oficina de ICE Rivertown", "court", 30.0, -95.0, "77060"), ["ICE Rivertown Field Office"]),
        (PlaceInfo(2, "Federal Building Rivertown", "court", 30.1, -95.1, "77002"), []),
        (PlaceInfo(3, "Corner Foods Marlowe", "store", 30.2, -95.2, "77074"), []),
    ])
    assert matched(g, "is ice in rivertown today") == []
    assert matched(g, "there are agents at la oficina de ice rivertown") == [1]
    # A one-letter word of a name still counts: "el zwapo" is Zwap-O-Rama.
    g2 = Gazetteer([(PlaceInfo(1, "Zwap-O-Rama Millfield", "store", 30.0, -95.0, "77060"), ["Zwap O Rama", "Zwap Meet Ashby"]),
                    (PlaceInfo(2, "Corner Foods", "store", 30.1, -95.0, "77061"), [])])
    assert matched(g2, "just drove by el zwapo, ice is there") == [1]
