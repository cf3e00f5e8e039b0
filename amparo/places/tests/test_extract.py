from __future__ import annotations

import pytest

from amparo.places.extract import extract, intersection_key, normalize_street, normalize_text

# (text, intersection keys, addresses as (number, street), streets mentioned alone, zips)
ROWS = [
    # cross streets, English
    ("5th and Broadway", ["5|broadway"], [], [], []),
    ("Broadway & 5th St", ["5|broadway"], [], [], []),
    ("Seventh and Alvarado", ["7|alvarado"], [], [], []),
    ("ICE vans at the corner of 7th and Alvarado right now", ["7|alvarado"], [], [], []),
    ("Figueroa at 54th", ["54|figueroa"], [], [], []),
    ("Agents at Fifth Street and Main", ["5|main"], [], [], []),
    ("ICE raid @ 3rd & Vermont 😱", ["3|vermont"], [], [], []),
    ("they took my neighbor at Cesar E. Chavez Ave and Soto St. please help", ["cesar chavez|soto"], [], [], []),
    ("Martin Luther King Jr Blvd and Vermont", ["martin luther king jr|vermont"], [], [], []),
    ("twenty-first and Hoover", ["21|hoover"], [], [], []),
    ("soto and cesar chavez ave", ["cesar chavez|soto"], [], [], []),
    ("ICE AND CBP AT 5TH AND BROADWAY NOW", ["5|broadway"], [], [], []),
    ("🚨 ICE 5th & broadway!!! 🚨", ["5|broadway"], [], [], []),
    ("Soto/Cesar Chavez", ["cesar chavez|soto"], [], [], []),
    ("14th y Cesar E Chavez", ["14|cesar chavez"], [], [], []),
    # cross streets, Spanish and mixed
    ("la migra esta en la 5 y broadway ahorita", ["5|broadway"], [], [], []),
    ("LA MIGRA EN LA 5 Y BROADWAY", ["5|broadway"], [], [], []),
    ("en la Cesar Chavez con Soto", ["cesar chavez|soto"], [], [], []),
    ("en la cesar chavez con soto", ["cesar chavez|soto"], [], [], []),
    ("esquina de Whittier y Atlantic", ["atlantic|whittier"], [], [], []),
    ("esquina de whittier y atlantic", ["atlantic|whittier"], [], [], []),
    ("vimos migra en la whittier y atlantic", ["atlantic|whittier"], [], [], []),
    ("hay migra en la primera y soto", ["1|soto"], [], [], []),
    ("en la tercera con Indiana", ["3|indiana"], [], [], []),
    ("vans parked on la quinta con alvarado", ["5|alvarado"], [], [], []),
    ("5ta y Alvarado hay agentes", ["5|alvarado"], [], [], []),
    ("la migra en 1st st y boyle 90033", ["1|boyle"], [], [], ["90033"]),
    ("Esquina de Séptima y Álvarado", ["7|alvarado"], [], [], []),
    ("septima y alvarado, muchos agentes!!", ["7|alvarado"], [], [], []),
    # addresses, streets and ZIPs
    ("12345 Sunset Blvd", [], [(12345, "sunset")], [], []),
    ("1200 N Broadway ICE vans", [], [(1200, "broadway")], [], []),
    ("he lives at 123 main st", [], [(123, "main")], [], []),
    ("agentes en calle Soto 1200", [], [(1200, "soto")], [], []),
    ("address 4500 Whittier Blvd East LA 90022", [], [(4500, "whittier")], [], ["90022"]),
    ("ICE on Whittier Blvd 🚨🚨", [], [], ["whittier"], []),
    ("they went down Olympic Blvd toward Soto", [], [], ["olympic"], []),
    ("ICE in 90033 right now", [], [], [], ["90033"]),
    ("my zip is 90033-1234", [], [], [], ["90033"]),
    ("zip 00000 or 99999 are not zips", [], [], [], []),
    ("between 3rd and 4th on Main", [], [], ["main"], []),
    # things that are not places
    ("me and my son", [], [], [], []),
    ("tu y yo", [], [], [], []),
    ("rice and beans", [], [], [], []),
    ("Rice and beans for lunch", [], [], [], []),
    ("3 and 4 vans", [], [], [], []),
    ("ICE and CBP at the store", [], [], [], []),
    ("police y migra", [], [], [], []),
    ("my mom and dad are scared", [], [], [], []),
    ("I have 2 kids and 3 dogs", [], [], [], []),
    ("call 213-555-0100 now", [], [], [], []),
    ("la primera vez que los vi", [], [], [], []),
    ("the first time I saw them", [], [], [], []),
    ("entre la 3 y la 4", [], [], [], []),
    ("son las 5 y media", [], [], [], []),
    ("from 9 to 5 and then", [], [], [], []),
    ("I live on 5th. And Broadway is closed", [], [], ["5"], []),
    ("", [], [], [], []),
    ("🚨🚨🚨", [], [], [], []),
]


@pytest.mark.parametrize(("text", "intersections", "addresses", "streets", "zips"), ROWS)
def test_it_extracts(text: str, intersections: list[str], addresses: list[tuple[int, str]],
                     streets: list[str], zips: list[str]) -> None:
    ex = extract(text)
    assert [i.key for i in ex.intersections] == intersections
    assert [(a.number, a.street) for a in ex.addresses] == addresses
    assert ex.streets == streets
    assert ex.zips == zips


def test_it_has_at_least_forty_rows() -> None:
    assert len(ROWS) >= 40


@pytest.mark.parametrize(("text", "expected"), [
    ("la migra esta en la 5 y broadway ahorita", "la 5 y broadway"),
    ("ICE vans at the corner of 7th and Alvarado right now", "7th and Alvarado"),
    ("they took him at Cesar E. Chavez Ave and Soto St. please", "Cesar E. Chavez Ave and Soto St"),
    ("🚨 Esquina de Séptima y Álvarado 🚨", "Séptima y Álvarado"),
])
def test_it_gives_spans_into_the_original_text(text: str, expected: str) -> None:
    (inter,) = extract(text).intersections
    assert text[inter.span[0]:inter.span[1]] == expected
    assert any(s.kind == "intersection" and text[s.start:s.end] == expected for s in extract(text).spans)


def test_it_spans_addresses_and_zips() -> None:
    text = "🚨 ICE at 4500 Whittier Blvd, 90022 🚨"
    ex = extract(text)
    assert text[slice(*ex.addresses[0].span)] == "4500 Whittier Blvd"
    assert [text[s.start:s.end] for s in ex.spans] == ["4500 Whittier Blvd", "90022"]


def test_it_finds_a_corner_in_a_long_text() -> None:
    filler = "la gente tiene miedo y nadie sabe que hacer, please share this with everyone 🙏. " * 14
    text = filler + "Ahora mismo hay agentes en la esquina de Whittier y Atlantic. " + filler
    assert len(text) > 2000
    ex = extract(text)
    assert [i.key for i in ex.intersections] == ["atlantic|whittier"]
    assert text[slice(*ex.intersections[0].span)] == "Whittier y Atlantic"


def test_it_uses_known_streets_for_lowercase_text() -> None:
    assert extract("migra en soto y mott").intersections == []
    assert [i.key for i in extract("migra en soto y mott", {"soto", "mott"}).intersections] == ["mott|soto"]


@pytest.mark.parametrize(("raw", "key"), [
    ("5", "5"), ("5th", "5"), ("fifth", "5"), ("quinta", "5"), ("5ta", "5"), ("la 5", "5"),
    ("Fifth Street", "5"), ("seventh", "7"), ("7th", "7"), ("séptima", "7"), ("septimo", "7"),
    ("primera", "1"), ("primero", "1"), ("1st", "1"), ("segunda", "2"), ("tercera", "3"), ("3rd", "3"),
    ("cuarta", "4"), ("sexta", "6"), ("octava", "8"), ("novena", "9"), ("decima", "10"),
    ("decima tercera", "13"), ("vigesima", "20"), ("twenty-first", "21"), ("thirty ninth", "39"),
    ("fortieth", "40"), ("5ª", "5"), ("E 1st St", "1"), ("West Blvd", "west"),
    ("N Broadway", "broadway"), ("Calle 5", "5"), ("Avenida César Chávez", "cesar chavez"),
    ("Cesar E Chavez Ave", "cesar chavez"), ("César Chávez", "cesar chavez"), ("Whittier Boulevard", "whittier"),
])
def test_it_normalizes_streets(raw: str, key: str) -> None:
    assert normalize_street(raw) == key


def test_it_normalizes_text_and_keys() -> None:
    assert normalize_text("  ¡Ésta  es LA Calle-Soto! ") == "esta es la calle soto"
    assert intersection_key("Soto St", "César E. Chávez Ave") == intersection_key("cesar chavez", "soto")
    assert intersection_key("Soto St", "Cesar Chavez") == "cesar chavez|soto"
