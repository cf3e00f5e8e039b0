"""Corners and addresses in the other ways people text them: "/", "con la", "n", "y la", "4301 s central"."""

from __future__ import annotations

import pytest

from amparo.places.extract import extract

KNOWN = frozenset({"cesar chavez", "mission", "whittier"})

# (text, intersection keys, addresses as (number, street), streets mentioned alone)
ROWS = [
    # a slash between two names, with nothing else to say they are streets
    ("there are agents at olympic/indiana, like 4 trucks", ["indiana|olympic"], [], []),
    ("hay ice en cesar chavez/evergreen right now", ["cesar chavez|evergreen"], [], []),
    ("ojo en la olympic/la indiana", ["indiana|olympic"], [], []),
    # "con la": the article after "con" marks the second street
    ("hay migra en mission con la marengo", ["marengo|mission"], [], []),
    ("estan deteniendo en cesar chavez con la evergreen", ["cesar chavez|evergreen"], [], []),
    # "y la" after a preposition
    ("acaban de llegar agentes a olympic y la indiana", ["indiana|olympic"], [], []),
    # "n" for "and", only lowercase and next to a street-looking side
    ("ice at sixth st n main", ["6|main"], [], []),
    ("compton ave n florence ice!! be careful", ["compton|florence"], [], []),
    ("ICE at 1200 N Broadway", [], [(1200, "broadway")], []),
    # addresses with a directional, and names that start with a stopword
    ("ice esta en 2310 s olympic con 5 trucks", [], [(2310, "olympic")], []),
    ("300 north los angeles hay migra", [], [(300, "los angeles")], []),
    ("ICE at 14400 Van Nuys Blvd", [], [(14400, "van nuys")], []),
    ("ICE on Van Nuys Blvd", [], [], ["van nuys"]),
    ("sherman way and van nuys blvd", ["sherman|van nuys"], [], []),
    # still nothing
    ("ICE en Los Angeles", [], [], []),
    ("he/she saw them", [], [], []),
    ("ICE/CBP vans everywhere", [], [], []),
    ("mac n cheese", [], [], []),
    ("tacos/burritos for lunch at home", [], [], []),
    ("olympic/indiana ice!!! be careful", [], [], []),  # no "at"/"en" before: could be anything
    ("vine con la tia", [], [], []),
    ("hablamos con la vecina", [], [], []),
    ("I have 3 n 4 kids", [], [], []),
    ("the white van parked on the corner", [], [], []),
]


@pytest.mark.parametrize(("text", "intersections", "addresses", "streets"), ROWS)
def test_it_reads_more_ways_to_write_a_corner(text: str, intersections: list[str],
                                              addresses: list[tuple[int, str]], streets: list[str]) -> None:
    ex = extract(text, KNOWN)
    assert [i.key for i in ex.intersections] == intersections
    assert [(a.number, a.street) for a in ex.addresses] == addresses
    assert ex.streets == streets


def test_it_corrects_only_known_street_words() -> None:
    vocab = {"lankershim": "lankershim", "vanowen": "vanowen"}

    def correct(word: str) -> str | None:
        return {"laknershim": "lankershim", "vanowne": "vanowen"}.get(word, vocab.get(word))

    ex = extract("unmarked vans at laknershim y vanowne", {"lankershim", "vanowen"}, correct)
    assert [i.key for i in ex.intersections] == ["lankershim|vanowen"]
    text = "unmarked vans at laknershim y vanowne"
    assert text[slice(*ex.intersections[0].span)] == "laknershim y vanowne"  # spans stay the typed words
    assert extract("unmarked vans at laknershim y vanowne", {"lankershim", "vanowen"}).intersections == []
