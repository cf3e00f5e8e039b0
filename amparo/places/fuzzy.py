"""Bounded typo tolerance against a small vocabulary (the organization's place and street words).

Reports are typed in a hurry ("paramoount", "belomnt", "laknershim"), but a
correction that lands on the wrong word merges two events, so it is narrow on
purpose: only typed words of 5 letters or more, at most one edit (two from 8
letters), only into words of 4 letters or more of the gazetteer's own vocabulary, and only when exactly one
vocabulary word is that close. Candidates come from an index of deletions
(SymSpell) so a lookup costs a few dozen dictionary probes, not a scan.
"""

from __future__ import annotations

from collections.abc import Iterable

_CACHE_LIMIT = 20_000


def max_edits(length: int) -> int:
    """How many edits a word of this length may carry and still be recognized."""
    if length < 5:
        return 0
    return 1 if length < 8 else 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment); ``limit + 1`` once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class Speller:
    """Corrects a word to the one vocabulary word it is a likely typo of."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w.isalpha() and w.isascii())
        self._index: dict[str, list[str]] = {}
        for w in self.words:
            # Deep enough for the longest typo of w that may still be corrected to it.
            for d in _deletes(w, max_edits(len(w) + 2) if len(w) >= 4 else 0):
                self._index.setdefault(d, []).append(w)
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """``word`` itself when known, else its unique close vocabulary word, else None."""
        if word in self.words:
            return word
        hit = self._cache.get(word, "")
        if hit != "":
            return hit
        result = self._lookup(word)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _lookup(self, word: str) -> str | None:
        allowed = max_edits(len(word))
        if not allowed or not word.isalpha() or not word.isascii() or len(word) > 30:
            return None
        best: set[str] = set()
        best_d = allowed + 1
        seen: set[str] = set()
        for d in _deletes(word, allowed):
            for cand in self._index.get(d, ()):
                if cand in seen:
                    continue
                seen.add(cand)
                limit = allowed if len(cand) >= 4 else 0
                dist = osa_distance(word, cand, limit)
                if dist > limit:
                    continue
                if dist < best_d:
                    best, best_d = {cand}, dist
                elif dist == best_d:
                    best.add(cand)
        return next(iter(best)) if len(best) == 1 else None
