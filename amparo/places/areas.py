"""Towns and neighbourhoods by their postal names ("en van nuys", "in huntington
park", "east los angeles area"), offline from the `zipcodes` package
(through amparo.places.zips).

USPS names each ZIP's city and the other names people use for it (acceptable
cities), which covers many neighbourhoods. A name is only read as an area
after a word that says "where" (en, in, at, near, around, por, cerca de) or
before "area"/"city", so "the taco bell" is never the city of Bell. Names
covering more than ``MAX_ZIPS`` ZIPs (Los Angeles itself) say too little.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from amparo.places import vocab as V
from amparo.places.extract import normalize_text
from amparo.places.zips import state_rows, zip_rows

MAX_ZIPS = 30
MIN_LETTERS = 4
BEFORE = frozenset("en in at near around por cerca from de del desde hacia to a".split())
AFTER = frozenset("area arae city ciudad neighborhood barrio".split())  # never generic place words
SKIP_BETWEEN = frozenset("the el la los las".split())


@dataclass(frozen=True)
class Area:
    name: str
    zips: tuple[str, ...]
    span_words: tuple[int, int]


@lru_cache(maxsize=16)
def _index(states: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for state in states:
        for row in state_rows(state):
            if not row.get("active", True):
                continue
            for name in [row["city"], *(row.get("acceptable_cities") or [])]:
                words = tuple(normalize_text(name).split())
                if words and sum(len(w) for w in words) >= MIN_LETTERS:
                    names[words].add(row["zip_code"])
    return {k: tuple(sorted(v)) for k, v in names.items() if len(v) <= MAX_ZIPS}


@lru_cache(maxsize=256)
def state_of(zip_code: str) -> str:
    rows = zip_rows(zip_code)
    return str(rows[0]["state"]) if rows else ""


def find_area(text: str, states: tuple[str, ...]) -> Area | None:
    """The longest postal area named in ``text`` in a "where" position, or None."""
    if not states:
        return None
    index = _index(states)
    words = normalize_text(text).split()
    best: Area | None = None
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            gram = tuple(words[i:i + n])
            if len(gram) < n or gram not in index:
                continue
            before = i - 1
            while before >= 0 and words[before] in SKIP_BETWEEN:
                before -= 1
            after = words[i + n] if i + n < len(words) else ""
            if after not in AFTER and (after in V.GENERIC_PLACE_WORDS or after in V.SUFFIXES):
                break  # "cypress park", "paramount swap meet": a longer name, not the town
            placed = (before >= 0 and words[before] in BEFORE) or after in AFTER
            if placed and (best is None or n > len(best.name.split())):
                best = Area(" ".join(gram), index[gram], (i, i + n))
            break
    return best
