"""Normal forms of text and street names, shared by the extractor and the gazetteer."""

from __future__ import annotations

import re
import unicodedata

from amparo.places import vocab as V
from amparo.places.zips import is_real_zip

_DIGITS = re.compile(r"[0-9]+")


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def normalize_text(s: str) -> str:
    """Lowercase, without accents, punctuation as spaces, single spaces."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(s)).split())


def canon(word: str) -> tuple[str, bool]:
    """A word's canonical form and whether it is an ordinal ("quinta" -> "5")."""
    n = V.ORDINAL_WORDS.get(word)
    if n:
        return str(n), True
    m = V.ORDINAL_NUM_RE.match(word)
    if m:
        return str(int(m.group(1))), True
    if _DIGITS.fullmatch(word):
        # str(int(word)) without int(): a token of 4,301+ digits made int() raise and lost
        # the report. The token's length is bounded by the text analysed (extract.PLACE_TEXT_CHARS).
        return word.lstrip("0") or "0", False
    return word, False


def _merge_compounds(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if out and (out[-1], w) in V.COMPOUND_ORDINALS:
            out[-1] += w
        else:
            out.append(w)
    return out


def street_key(words: list[str]) -> str:
    toks = _merge_compounds([w for w in words if w])
    while len(toks) > 1 and (toks[0] in V.ARTICLES or toks[0] in V.PREFIX_TYPES):
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in V.SUFFIXES:
        toks.pop()
    while len(toks) > 1 and toks[0] in V.DIRECTIONALS:
        toks.pop(0)
    toks = [canon(t)[0] for t in toks]
    if len(toks) > 2:  # "Cesar E Chavez" is "Cesar Chavez"
        toks = [toks[0], *(t for t in toks[1:-1] if not (len(t) == 1 and t.isalpha())), toks[-1]]
    return " ".join(toks)


def normalize_street(s: str) -> str:
    """The key of a street name: "Cesar E Chavez Ave" and "César Chávez" give "cesar chavez"."""
    return street_key(normalize_text(s).split())


def intersection_key(a: str, b: str) -> str:
    return "|".join(sorted((normalize_street(a), normalize_street(b))))


def address_key(street: str, number: int) -> str:
    """A street key and the hundred block: "1234 Soto St" -> "soto:12"."""
    return f"{normalize_street(street)}:{number // 100}"


def is_zip(s: str) -> bool:
    """Five ASCII digits that name a real US ZIP code."""
    return is_real_zip(s)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _word_form(w: str) -> bool:
    """A word that can stand for a street of several words ("shepherd" in "shepherd bro")."""
    return (w.isalpha() and len(w) >= 4 and w not in V.STOPWORDS and w not in V.SUFFIXES
            and w not in V.DIRECTIONALS and w not in V.PREFIX_TYPES and w not in V.COMMON_WORDS
            and w not in V.GENERIC_PLACE_WORDS)


def street_forms(key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The forms a typed street key may be matched by, for correlation only: (exact, fuzzy).

    Exact: the key and, for a key of several words, its first and last word when either can be
    a street's name ("shepherd bro" typed for Shepherd, "cesar chavez" against "chavez"). Fuzzy:
    those single words with one letter left out, so one typo ("kdezie", "kedie", "centrl")
    meets the right spelling, which leaves out another letter to the same form (or is one).
    Numbers and short words have no fuzzy forms: "31st" and "13th" must stay apart."""
    words = key.split()
    exact = {key}
    if len(words) > 1:
        exact.update(w for w in (words[0], words[-1]) if _word_form(w))
    fuzzy: set[str] = set()
    for form in exact:
        if " " not in form and form.isalpha() and len(form) >= 5:
            fuzzy.add(form)
            fuzzy.update(_deletions(form))
    return frozenset(exact), frozenset(fuzzy)


def variant_pairs(a: str, b: str) -> set[str]:
    """Keys of the corner of two typed streets that also meet its misspelt or padded forms:
    each pair of exact forms, and each fuzzy form of one street with an exact form of the other."""
    ea, fa = street_forms(a)
    eb, fb = street_forms(b)
    out = set()
    for x, y in [*((x, y) for x in ea for y in eb), *((x, y) for x in fa for y in eb),
                 *((x, y) for x in ea for y in fb)]:
        if x != y:
            out.add("|".join(sorted((x, y))))
    return out
