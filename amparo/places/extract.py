"""Where a report is: ZIPs, addresses, cross streets and streets in free text.

Pure functions, no database, English and Spanish. Reports are typed in a hurry
on cheap phones, so the text is often lowercase, without accents, mixed-language
and full of emoji; the parser works on tokens and keeps every span in the
ORIGINAL text so a page can highlight what was understood.

False positives cost more than misses here: a wrong intersection sends an
observer to the wrong corner. Each side of an intersection must look like a
street (a street type, an ordinal, a capital, a street the organization knows,
or "la"/"calle" before it), and the evidence needed grows with how often the
connector joins non-streets ("at" and "con" need an ordinal or street type).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from amparo.places import vocab as V
from amparo.places.fuzzy import Speller
from amparo.places.normalize import (
    address_key,
    canon,
    intersection_key,
    is_zip,
    normalize_street,
    normalize_text,
    street_key,
)
from amparo.places.phrases import (
    Phrase,
    Tok,
    caps_informative,
    context_word,
    is_intersection,
    linked,
    parse_backward,
    parse_forward,
    plausible_street,
    tokenize,
)

__all__ = ["Address", "Extraction", "Intersection", "Span", "address_key", "extract", "intersection_key",
           "is_zip", "normalize_street", "normalize_text"]

# Place understanding reads only the head of a text; the report stores all of it. Its cost grows
# faster than the text (on this 2-core machine ~10-15 ms per 1,000 characters of street-looking
# words, 0.2-0.4 s at 20,000), and a place named after the first few thousand characters is rare.
# 8,000 covers the whole of the longest web-form report (a 5,000-character description, then the
# "Where:" line of its four place fields, tested in amparo/public/tests), so a typed address is
# always read, and every SMS (1,600 at most). See docs/decisions.md, decision 52.
PLACE_TEXT_CHARS = 8_000


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "zip", "address", "intersection", "street"


@dataclass(frozen=True)
class Address:
    number: int
    street: str  # a street key
    span: tuple[int, int]


@dataclass(frozen=True)
class Intersection:
    a: str
    b: str
    key: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Extraction:
    zips: list[str]
    addresses: list[Address]
    intersections: list[Intersection]
    streets: list[str]  # street keys mentioned alone
    spans: list[Span]



@lru_cache(maxsize=1)
def _everyday() -> Speller:
    """Everyday words long enough to be recognized with a typo ("esqunia", "aohrita")."""
    return Speller(w for w in V.STOPWORDS | V.COMMON_WORDS if len(w) >= 6)


def _correct(toks: list[Tok], correct: Callable[[str], str | None]) -> None:
    """Spell known street names right ("laknershim" -> "lankershim"), and everyday words a street
    must not run into ("blue island esqunia", "long point aohrita"); the spans stay the typed ones."""
    for t in toks:
        n = t.norm
        if len(n) < 5 or not n.isalpha() or n in V.STOPWORDS or n in V.SUFFIXES or t.ordinal:
            continue
        fixed = correct(n)
        if fixed is None and len(n) >= 6:
            fixed = _everyday().correct(n)
        if fixed and fixed != n:
            t.norm = fixed
            t.canon, t.ordinal = canon(fixed)


@lru_cache(maxsize=64)
def _short_names(known: frozenset[str]) -> dict[str, str]:
    """"chavez" -> "cesar chavez": the last word of exactly one known street of several words."""
    by_last: dict[str, list[str]] = {}
    for key in known:
        words = key.split()
        if len(words) >= 2 and len(words[-1]) >= 5 and words[-1].isalpha():
            by_last.setdefault(words[-1], []).append(key)
    return {w: keys[0] for w, keys in by_last.items() if len(keys) == 1 and w not in known
            and w not in V.STOPWORDS and w not in V.GENERIC_PLACE_WORDS}


def _typed_street(toks: list[Tok], j: int) -> tuple[int, str] | None:
    """Up to three words then a street type, all in one clause, from token j: (last index, key)."""
    if j < len(toks) and toks[j].norm in V.DIRECTIONALS and linked(toks, j + 1):
        j += 1
    for n in range(1, MAX_TYPED_WORDS + 1):
        end = j + n
        if end >= len(toks) or not all(linked(toks, i) for i in range(j, end + 1)):
            return None
        words = toks[j:end]
        if not all(w.norm.isalpha() and w.norm not in V.CONNECTORS and w.norm not in V.SUFFIXES for w in words):
            return None
        if toks[end].norm in V.SUFFIXES:
            key = street_key([w.norm for w in words])
            return (end, key) if key else None
    return None


MAX_TYPED_WORDS = 3


def _known_head(toks: list[Tok], p: Phrase | None, known: frozenset[str]) -> Phrase | None:
    """"pulaski asking for papers", "kedzie right now": a phrase without a street type after it ends
    with the longest run of its words that is a street the network knows, or else before the
    everyday words that end it ("asking", "right")."""
    if p is None or p.suffix or len(p.cores) < 2 or p.key in known:
        return p
    ends = [i for i in range(p.first, p.last + 1) if any(toks[i] is c for c in p.cores)]
    for n in range(len(ends) - 1, 0, -1):
        key = street_key([t.norm for t in toks[p.first:ends[n - 1] + 1]])
        if key in known:
            return Phrase(p.first, ends[n - 1], p.cores[:n], key, False, p.prefix, p.article)
    n = len(p.cores)
    while n > 1 and (p.cores[n - 1].norm in V.COMMON_WORDS or p.cores[n - 1].norm in V.UNITS):
        n -= 1
    if n == len(p.cores):
        return p
    return Phrase(p.first, ends[n - 1], p.cores[:n], street_key([t.norm for t in toks[p.first:ends[n - 1] + 1]]),
                  False, p.prefix, p.article)


def _bare_address(toks: list[Tok], k: int, p: Phrase | None) -> Phrase | None:
    """"at 5300 navigation", "en 4343 pulaski": a house number of three digits or more after a word
    of place, then one word that can only be a street's name, without its type. The street is that
    one word (what follows it is the sentence: "5300 navigation asking for papers")."""
    if p is None or p.article or p.prefix or len(toks[k].norm) < 3 or context_word(toks, k) not in V.LOCATIVE_PREPS:
        return None
    first = toks[k + 1]
    if p.cores[0] is not first or first.norm in V.UNITS or first.ordinal:
        return None
    head = Phrase(k + 1, k + 1, [first], street_key([first.norm]))
    return head if plausible_street(head) and head.key else None


def _connector(t: Tok, caps_ok: bool) -> bool:
    # "seventh st n alvarado": a lowercase "n" is "and"; "N Broadway" is north.
    return t.norm in V.CONNECTORS or t.norm in V.WEAK_CONNECTORS or (t.norm == "n" and not (caps_ok and t.cap))


def extract(text: str, known_streets: Iterable[str] = (),
            correct: Callable[[str], str | None] | None = None) -> Extraction:
    """Find ZIPs, addresses, intersections and streets in ``text``.

    ``known_streets`` are street keys the organization's gazetteer knows, which
    count as street-looking even when typed in lowercase; ``correct`` maps a
    word to the known street word it is a typo of (None when it is not one).
    """
    if not isinstance(text, str):
        text = ""
    text = text[:PLACE_TEXT_CHARS]
    known = frozenset(known_streets)
    short = _short_names(known)
    caps_ok = caps_informative(text)
    toks = tokenize(text)
    if correct is not None:
        _correct(toks, correct)
    used: set[int] = set()
    spans: list[Span] = []

    addresses: list[Address] = []
    house_numbers: set[int] = set()
    for k, t in enumerate(toks):
        if not t.num or len(t.norm) > 6 or int(t.norm) == 0 or not linked(toks, k + 1):
            continue
        p = _known_head(toks, parse_forward(toks, k + 1, caps_ok, particles=True), known)
        # "4301 s central": a directional after a house number says a street follows.
        directional = toks[k + 1].norm in V.DIRECTIONALS and p is not None and p.first < p.last
        if p and not p.article and p.strength(caps_ok, known) >= (1 if directional else 2) and p.key:
            addresses.append(Address(int(t.norm), short.get(p.key, p.key), (t.start, toks[p.last].end)))
            house_numbers.add(k)
            used.update(range(k, p.last + 1))
            continue
        typed = _typed_street(toks, k + 1)
        bare = None if typed is not None else _bare_address(toks, k, p)
        if bare is not None:
            addresses.append(Address(int(t.norm), short.get(bare.key, bare.key), (t.start, toks[bare.last].end)))
            house_numbers.add(k)
            used.update(range(k, bare.last + 1))
            continue
        if typed is not None:
            # "1800 blue island ave", "500 white oak rd": after a house number and before a street
            # type, everyday words are a street's name.
            last, key = typed
            addresses.append(Address(int(t.norm), short.get(key, key), (t.start, toks[last].end)))
            house_numbers.add(k)
            used.update(range(k, last + 1))

    intersections: list[Intersection] = []
    seen: set[str] = set()
    for c, t in enumerate(toks):
        if not _connector(t, caps_ok):
            continue
        a = parse_backward(toks, c, caps_ok)
        b = _known_head(toks, parse_forward(toks, c + 1, caps_ok, particles=True), known) if linked(toks, c + 1) else None
        if a is None or b is None or a.first in house_numbers:
            continue
        a.key, b.key = short.get(a.key, a.key), short.get(b.key, b.key)
        if not is_intersection(a, b, t.norm, context_word(toks, a.first), caps_ok, known):
            continue
        key = "|".join(sorted((a.key, b.key)))
        used.update(range(a.first, b.last + 1))
        if key not in seen and a.key != b.key:
            seen.add(key)
            intersections.append(Intersection(a.key, b.key, key, (toks[a.first].start, toks[b.last].end)))

    streets: list[str] = []
    k = 0
    while k < len(toks):
        p = None if k in used else _known_head(toks, parse_forward(toks, k, caps_ok, particles=True), known)
        if p is not None and toks[p.first].norm in V.NAME_PARTICLES and not (p.suffix or p.prefix):
            p = parse_forward(toks, k, caps_ok)  # "en Los Angeles" is the city; "Van Nuys Blvd" a street
        if p is None or any(i in used for i in range(p.first, p.last + 1)):
            k += 1
            continue
        after = p.last + 1
        if p.prefix and linked(toks, after) and toks[after].num and len(toks[after].norm) <= 6:
            # "calle Soto 1200", "Avenida Cesar Chavez 3400"
            addresses.append(Address(int(toks[after].norm), short.get(p.key, p.key), (toks[p.first].start, toks[after].end)))
            house_numbers.add(after)
            used.update(range(p.first, after + 1))
            k = after + 1
            continue
        strength = p.strength(caps_ok, known)
        if not (p.suffix or p.prefix) and all(t.norm in V.AREA_WORDS for t in p.cores):
            k += 1  # "on the southwest side", "en el lado norte": where in general, not a street
            continue
        if p.suffix or p.prefix or (context_word(toks, p.first) in V.STREET_PREPS and strength >= 2):
            street = short.get(p.key, p.key)
            if street not in streets:
                streets.append(street)
            spans.append(Span(toks[p.first].start, toks[p.last].end, "street"))
            used.update(range(p.first, p.last + 1))
            k = p.last + 1
            continue
        k += 1

    zips: list[str] = []
    for k, t in enumerate(toks):
        if k not in house_numbers and is_zip(t.norm):
            spans.append(Span(t.start, t.end, "zip"))
            if t.norm not in zips:
                zips.append(t.norm)

    spans += [Span(a.span[0], a.span[1], "address") for a in addresses]
    spans += [Span(i.span[0], i.span[1], "intersection") for i in intersections]
    spans.sort(key=lambda s: (s.start, -s.end))
    addresses.sort(key=lambda a: a.span)
    return Extraction(zips, addresses, intersections, streets, spans)
