"""An organization's address grid (optional): which corner a house number is at.

In a city whose numbered streets follow the house numbers (Chicago's 26th Street runs at
2600 South; Phoenix's 35th Avenue at 3500 West), "2600 S Pulaski" is the corner of Pulaski
and 26th. A network says so in ``Organization.address_grid``, a list of rules:

    [{"direction": "S", "every": 100, "start": 0, "unmarked": false}]

- ``direction``: the side of the origin the rule is for ("N", "S", "E" or "W"), as written
  before the street in an address ("2600 S Pulaski", "2600 sur pulaski");
- ``every``: house numbers per numbered street (100: 2600 is 26th, 2650 is still 26th's block);
- ``start``: the house number of "0th" street (0 in most cities);
- ``unmarked``: also apply to an address typed without a direction ("2600 pulaski").

Off by default (an empty list). Without it an address still joins an incident on the same
street and block. See docs/places.md, "Address grid".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from amparo.places import vocab as V
from amparo.places.extract import Extraction, Intersection
from amparo.places.phrases import tokenize

_DIRECTION = {"n": "N", "north": "N", "norte": "N", "s": "S", "south": "S", "sur": "S",
              "e": "E", "east": "E", "este": "E", "w": "W", "west": "W", "oeste": "W", "o": "W"}
MAX_NUMBERED = 400  # no city numbers its streets past this; a bigger result is a bad rule


@dataclass(frozen=True)
class GridRule:
    direction: str
    every: int
    start: int = 0
    unmarked: bool = False


def parse_grid(raw: Any) -> tuple[GridRule, ...]:
    """The valid rules of an organization's setting; anything malformed is left out."""
    rules = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        direction = _DIRECTION.get(str(item.get("direction", "")).strip().lower())
        every, start = item.get("every"), item.get("start", 0)
        if direction is None or not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 10_000:
            continue
        if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start < 100_000:
            continue
        rules.append(GridRule(direction, every, start, bool(item.get("unmarked", False))))
    return tuple(rules)


def corner_of(number: int, direction: str, rules: Iterable[GridRule]) -> int | None:
    """The numbered street a house number is at, by the first rule for its direction."""
    for rule in rules:
        if rule.direction == direction or (not direction and rule.unmarked):
            n = (number - rule.start) // rule.every
            return n if 1 <= n <= MAX_NUMBERED else None
    return None


def _direction_after_number(text: str, start: int, end: int) -> str:
    toks = tokenize(text[start:end])
    if len(toks) >= 2 and toks[1].norm in V.DIRECTIONALS:
        return _DIRECTION.get(toks[1].norm, "")
    return ""


def with_grid_corners(ex: Extraction, rules: Iterable[GridRule], text: str) -> Extraction:
    """``ex`` with the corner of each address the grid places ("2600 S Pulaski": 26|pulaski)."""
    rules = tuple(rules)
    added: list[Intersection] = []
    keys = {i.key for i in ex.intersections}
    for addr in ex.addresses:
        if addr.street.isdigit():
            continue  # "3115 W 26th": the numbered street is the one named
        n = corner_of(addr.number, _direction_after_number(text, *addr.span), rules)
        if n is None or str(n) == addr.street:
            continue
        key = "|".join(sorted((str(n), addr.street)))
        if key not in keys:
            keys.add(key)
            added.append(Intersection(str(n), addr.street, key, addr.span))
    if not added:
        return ex
    return Extraction(ex.zips, ex.addresses, [*ex.intersections, *added], ex.streets, ex.spans)
