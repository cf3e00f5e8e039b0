"""The words place names are matched on, the same for a gazetteer alias and a report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from amparo.places import vocab as V
from amparo.places.normalize import normalize_street
from amparo.places.phrases import tokenize

# Words ignored inside aliases and in the text around them ("Escuela de Roosevelt").
ALIAS_STOPWORDS = frozenset("the el la los las de del of y and & / + @ at en on a an".split())


@dataclass(frozen=True)
class NameWord:
    word: str  # canonical, abbreviations expanded ("hs" gives "high" and "school")
    start: int
    end: int
    free: bool  # may name a place alone: not "North Hollywood" nor "Belmont Ave"


def name_words(text: str, fix: Any = None) -> list[NameWord]:
    """The words names are matched on, the same for an alias and a report ("Fifth" and "5th")."""
    toks = tokenize(text)
    out = []
    for k, t in enumerate(toks):
        if t.norm in ALIAS_STOPWORDS:
            continue
        word = fix(t.canon) if fix is not None else t.canon
        before = toks[k - 1].norm if k and not t.brk else ""
        after = toks[k + 1].norm if k + 1 < len(toks) and not toks[k + 1].brk else ""
        free = before not in V.DIRECTIONALS and before not in V.PREFIX_TYPES and after not in V.SUFFIXES
        for w in V.NAME_ABBREVIATIONS.get(word, (word,)):
            out.append(NameWord(w, t.start, t.end, free))
    return out


def alias_tokens(alias: str) -> frozenset[str]:
    words = [w.word for w in name_words(alias)]
    kept = [w for w in words if w not in V.SUFFIXES] or words
    return frozenset(kept)


def smallest_window(positions: list[tuple[int, str]], wanted: frozenset[str]) -> tuple[int, int] | None:
    """The shortest run of positions holding every wanted token (minimum-window)."""
    hits = [(n, tok) for n, tok in positions if tok in wanted]
    need, have = len(wanted), 0
    counts: dict[str, int] = {}
    best: tuple[int, int] | None = None
    lo = 0
    for hi in range(len(hits)):
        tok = hits[hi][1]
        counts[tok] = counts.get(tok, 0) + 1
        if counts[tok] == 1:
            have += 1
        while have == need:
            span = (hits[lo][0], hits[hi][0])
            if best is None or span[1] - span[0] < best[1] - best[0]:
                best = span
            low_tok = hits[lo][1]
            counts[low_tok] -= 1
            if counts[low_tok] == 0:
                have -= 1
            lo += 1
    return best


_ALIAS_INTERSECTION_RE = re.compile(r"^(.+?)\s+(?:and|y|&|/|con|at|@)\s+(.+)$|^([^/&@]+?)\s*[/&@]\s*([^/&@]+)$",
                                    re.IGNORECASE)
_ALIAS_AT_CORNER_RE = re.compile(r"^.+?\s+(?:at|@|en|on)\s+(.+\s+(?:and|y|&|/)\s+.+)$", re.IGNORECASE)
_ALIAS_ADDRESS_RE = re.compile(r"^\s*([0-9]{1,6})\s+(\S.*)$")
_NUMBER_RE = re.compile(r"[0-9]+")


def alias_address(alias: str) -> tuple[str, int] | None:
    """(street key, hundred block) when the alias is an address: "2750 San Fernando Rd"."""
    m = _ALIAS_ADDRESS_RE.match(alias)
    if m:
        street = normalize_street(m.group(2))
        if street and not _NUMBER_RE.fullmatch(street):
            return street, int(m.group(1)) // 100
    return None


def alias_intersection(alias: str) -> str | None:
    """The intersection key when the alias is a corner: "Cesar Chavez y Soto"."""
    m = _ALIAS_AT_CORNER_RE.match(alias.strip())
    if m:  # "Car wash at Vermont and Beverly": the corner is after "at"
        alias = m.group(1)
    m = _ALIAS_INTERSECTION_RE.match(alias.strip())
    if m:
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        ka, kb = _street_part(normalize_street(a)), _street_part(normalize_street(b))
        if ka and kb and ka != kb and ka not in V.STOPWORDS and kb not in V.STOPWORDS:
            return "|".join(sorted((ka, kb)))
    return None


def _street_part(key: str) -> str:
    """"vanowen bus stop" -> "vanowen": a corner alias may name what is there after the street."""
    words = key.split()
    while len(words) > 1 and words[-1] in V.PLACE_KIND_WORDS:
        words.pop()
    return " ".join(words)
