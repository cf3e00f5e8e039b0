"""The words place names are matched on, the same for a gazetteer alias and a report."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def squash(words: Iterable[str]) -> str:
    """A name's letters and digits with no spaces: "Wal-Mart", "wal mart" and "walmart" are one;
    so are "Food 4 Less", "food for less" and "food4less"."""
    return "".join(V.NAME_DIGIT_WORDS.get(w, w) for w in words)


class Compounds:
    """The gazetteer's names however the words are split or joined, and its abbreviations.

    Built from the runs of name words of every name and alias; a report's run of one to three
    words that squashes to one of them is read as that name ("homedepot" is "home depot",
    "wal mart" is "walmart", "hd" is "home depot" when the gazetteer has a Home Depot).
    """

    MAX = 3

    def __init__(self, runs: Iterable[list[str]], abbreviations: dict[str, str] | None = None) -> None:
        self._to: dict[str, tuple[str, ...]] = {}
        grams: set[tuple[str, ...]] = set()
        for words in runs:
            for n in range(1, self.MAX + 1):
                for i in range(len(words) - n + 1):
                    gram = tuple(words[i:i + n])
                    grams.add(gram)
                    key = squash(gram)
                    if len(key) >= 4 and not key.isdigit():
                        self._to.setdefault(key, gram)
        for short, name in (abbreviations or {}).items():
            target = tuple(w.word for w in name_words(name))
            key = squash(w.word for w in name_words(short))
            if target in grams and key and key not in self._to:
                self._to[key] = target

    def __contains__(self, word: object) -> bool:
        return word in self._to

    def names(self) -> dict[str, tuple[str, ...]]:
        return self._to

    def rewrite(self, words: list[NameWord]) -> list[NameWord]:
        if not self._to:
            return words
        out: list[NameWord] = []
        i = 0
        while i < len(words):
            for n in range(self.MAX, 0, -1):
                run = words[i:i + n]
                if len(run) < n:
                    continue
                have = tuple(w.word for w in run)
                key = squash(have)
                target = self._to.get(key)
                if target is None and n == 1:
                    # "elahorro", "lafiesta": an article typed onto the name
                    for art in V.ARTICLES:
                        if key.startswith(art) and key[len(art):] in self._to:
                            target = self._to[key[len(art):]]
                            break
                if target is not None and target != have:
                    free = all(w.free for w in run)
                    out += [NameWord(t, run[0].start, run[-1].end, free) for t in target]
                    i += n
                    break
            else:
                out.append(words[i])
                i += 1
        return out
