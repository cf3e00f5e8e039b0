"""Names several places share: a chain ("el home depot", "the walmart", "el vallarta") or a kind of
place the gazetteer holds more than one of ("the swap meet", "el car wash").

Such a name says the report is at one of those places without saying which: the report gets
them all as candidates (amparo.incidents.correlate.join_ambiguous joins the one open incident at
any of them). Names are the contiguous runs of one to three words of the places' names and
aliases, the same words the matcher uses (stopwords dropped); a run counts when two places or
more have it and it says more than an area or a street.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from amparo.places import vocab as V
from amparo.places.names import NameWord
from amparo.places.normalize import fold

MAX_WORDS = 3
# "every home depot", "todos los vallartas": all of those places, not one of them.
_ALL = frozenset("every all any each cada todos todas cualquier cualquiera".split())


def _says_which(word: str, streets: frozenset[str]) -> bool:
    """A word that can tell places apart: no area, direction, street type, number nor street."""
    return (word.isalpha() and len(word) >= 3 and word not in V.AREA_WORDS and word not in V.STOPWORDS
            and word not in V.DIRECTIONALS and word not in V.SUFFIXES and word not in streets
            and word not in V.ORDINAL_WORDS)


def eligible(gram: tuple[str, ...], streets: frozenset[str]) -> bool:
    """Whether a run of name words may name places alone; ``streets`` are the known street keys.

    One word must be a brand: 5 letters or more and no kind of place ("vallarta", not "plaza").
    Several words need one that says more than where ("home depot", "swap meet"; not "van nuys",
    a street, nor "los angeles", an area).
    """
    if len(gram) == 1:
        w = gram[0]
        return len(w) >= 5 and _says_which(w, streets) and w not in V.GENERIC_PLACE_WORDS \
            and w not in V.COMMON_WORDS
    return " ".join(gram) not in streets and any(_says_which(w, streets) for w in gram)


class SharedNames:
    """Runs of name words that two or more places have, and the places that have each."""

    def __init__(self, names: Iterable[tuple[int, list[str]]], streets: frozenset[str]) -> None:
        places: dict[tuple[str, ...], set[int]] = defaultdict(set)
        names = list(names)
        # One word that never starts a name is where the places are ("ICE Houston", "Federal
        # Building Houston"), not what they are.
        firsts = {words[0] for _, words in names if words}
        for place_id, words in names:
            for n in range(1, MAX_WORDS + 1):
                for i in range(len(words) - n + 1):
                    places[tuple(words[i:i + n])].add(place_id)
        self._places: dict[tuple[str, ...], frozenset[int]] = {
            gram: frozenset(ids) for gram, ids in places.items()
            if len(ids) >= 2 and eligible(gram, streets) and (len(gram) > 1 or gram[0] in firsts)}

    def __len__(self) -> int:
        return len(self._places)

    def names(self) -> list[tuple[str, ...]]:
        """The shared runs of name words ("home depot", "walmart")."""
        return list(self._places)

    def find(self, text: str, words: list[NameWord],
             skip: list[tuple[int, int]]) -> tuple[frozenset[int], tuple[int, int]]:
        """The places the shared names in ``words`` may mean, and where the first one is.

        ``skip`` are spans of the text already read as streets ("slauson y normandie"). Several
        shared names narrow each other ("vallarta supermarkets"); when they have no place in
        common ("el home depot o el walmart") they add up.
        """
        if not self._places:
            return frozenset(), (0, 0)
        found: list[tuple[frozenset[int], tuple[int, int]]] = []
        for n in range(1, MAX_WORDS + 1):
            for i in range(len(words) - n + 1):
                run = words[i:i + n]
                ids = self._places.get(tuple(w.word for w in run))
                if ids is None or (n == 1 and not run[0].free):
                    continue
                if any(a <= w.start < b for w in run for a, b in skip) or self._all_of(text, run):
                    continue
                found.append((ids, (run[0].start, run[-1].end)))
        if not found:
            return frozenset(), (0, 0)
        common = frozenset.intersection(*(ids for ids, _ in found))
        places = common if common else frozenset().union(*(ids for ids, _ in found))
        return places, min(span for _, span in found)

    @staticmethod
    def _all_of(text: str, run: list[NameWord]) -> bool:
        """A plural ("los swap meets", "home depots") or "every home depot": a rumor about them all."""
        last = fold(text[run[-1].start:run[-1].end])
        if last.endswith("s") and not run[-1].word.endswith("s"):
            return True
        before = [w.strip(".,;:!?¡¿") for w in fold(text[:run[0].start]).split()[-3:]]
        while before and before[-1] in V.ARTICLES | {"los", "las", "of", "de"}:
            before.pop()
        return bool(before) and before[-1] in _ALL
