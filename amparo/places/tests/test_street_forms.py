"""Corners typed with a typo or a word too many, and numbered streets only their kind tells apart
(issue 11). Invented streets: nothing here is any real city's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.incidents.keys import raw_keys
from amparo.places.gazetteer import Gazetteer, PlaceInfo
from amparo.places.normalize import variant_pairs

_NAMES = ["quarry", "tolliver", "harlan", "elmwood", "brackett", "osterman", "windlow"]
_NOISE = ["bro", "asking", "ahorita", "pls", "rn"]


def _typo(word: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(min_value=1, max_value=len(word) - 2))
    if data.draw(st.booleans()):
        return word[:i] + word[i + 1:]  # a letter left out
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_NAMES), st.integers(min_value=1, max_value=99), st.data())
def test_a_corner_with_one_typo_or_a_word_too_many_meets_the_corner(name, n, data):
    clean = variant_pairs(str(n), name)
    typed = _typo(name, data) if data.draw(st.booleans()) else f"{name} {data.draw(st.sampled_from(_NOISE))}"
    assert clean & variant_pairs(str(n), typed), typed


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_NAMES), st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99),
       st.data())
def test_two_corners_of_one_street_never_meet(name, n, m, data):
    if n == m:
        return
    typed = _typo(name, data) if data.draw(st.booleans()) else name
    assert not variant_pairs(str(n), name) & variant_pairs(str(m), typed)


def test_two_different_streets_at_one_number_never_meet():
    for a in _NAMES:
        for b in _NAMES:
            if a != b:
                assert not variant_pairs("12", a) & variant_pairs("12", b), (a, b)


# -- "7th Ave" and "7th St" ---------------------------------------------------------------

ROWS = [
    (PlaceInfo(1, "Grocer 7th Ave", "store", 40.0, -90.0, "60623"), ["7th Ave and Brackett", "Grocer Brackett"]),
    (PlaceInfo(2, "Diner 7th St", "store", 40.0, -89.9, "60624"), ["7th St and Osterman"]),
    (PlaceInfo(3, "Grocer Windlow", "store", 40.1, -90.0, "60625"), ["Grocer 9th St"]),
]
_AVE = ["7th ave", "7th avenue", "7th Av", "avenida 7", "la avenida 7", "7 ave"]
_ST = ["7th st", "7th street", "7 st", "calle 7", "la calle 7"]


def _keys(g: Gazetteer, text: str) -> set[str]:
    ex = g.extract(text)
    return {i.key for i in ex.intersections}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_AVE), st.sampled_from(_ST), st.sampled_from(["harlan", "quarry", "osterman", "brackett"]),
       st.sampled_from(["ICE at {s} and {o}", "migra en {s} y {o}", "{o} & {s}", "la esquina de {s} y {o}"]))
def test_7th_ave_and_7th_st_stay_two_streets_where_the_gazetteer_has_both(ave, street, other, frame):
    g = Gazetteer(ROWS)
    a, b = _keys(g, frame.format(s=ave, o=other)), _keys(g, frame.format(s=street, o=other))
    assert a == {"|".join(sorted(("7 ave", other)))}
    assert b == {"|".join(sorted(("7 st", other)))}


def test_a_number_without_its_kind_takes_the_one_corner_the_gazetteer_knows():
    g = Gazetteer(ROWS)
    assert _keys(g, "ICE at 7th and brackett") == {"7 ave|brackett"}
    assert [m.place_id for m in g.match("ICE at 7th and brackett")] == [1]
    assert _keys(g, "ICE at 7th and harlan") == {"7|harlan"}  # neither: the bare number, which matches neither
    assert [m.place_id for m in g.match("ICE at 7th ave and osterman")] == []  # not the diner on 7th St


def test_a_number_with_one_kind_only_keeps_the_plain_key():
    g = Gazetteer(ROWS)
    assert _keys(g, "ICE at 9th st and harlan") == _keys(g, "ICE at 9th and harlan") == {"9|harlan"}


# -- keys of two stores of one chain ------------------------------------------------------

_STRONG = ("place", "cross", "addr")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["grocer", "the grocer", "el grocer"]),
       st.sampled_from(["on 7th ave", "de la avenida 7", "at 7th ave and brackett"]),
       st.sampled_from(["on 7th st", "de la calle 7", "at 7th st and osterman", "on windlow", "de la 9th st"]))
def test_two_stores_of_one_chain_never_share_a_strong_key(chain, where_a, where_b):
    g = Gazetteer(ROWS)

    def strong(text: str) -> set[tuple[str, str]]:
        ex = g.extract(text)
        m = g.match(text, ex)
        place = m[0].place_id if len(m) == 1 else None
        info = {"intersections": [i.key for i in ex.intersections],
                "addresses": [f"{a.street}:{a.number // 100}" for a in ex.addresses], "streets": ex.streets}
        return {k for k in raw_keys(place, info, "", "", "street") if k[0] in _STRONG}

    a, b = strong(f"ICE at {chain} {where_a}"), strong(f"ICE at {chain} {where_b}")
    assert not a & b, (a & b)
