"""Numbered streets that only their kind tells apart: "7th Ave" and "7th St".

A street key drops the kind of street ("Whittier Blvd" and "whittier" are one street), which is
right almost everywhere. Where a network's gazetteer names one number as two kinds of street
(Phoenix's 7th Avenue and 7th Street run a few kilometres apart), the kind is kept for that number:
the key becomes "7 ave" or "7 st", in the gazetteer and in reports alike. A report that names the
number without a kind ("7th and mcdowell") takes the kind that makes a corner the gazetteer knows,
when exactly one does; otherwise it keeps the bare number, which matches neither.
Kinds and how they are written come from the language files ([street_type]).
"""

from __future__ import annotations

from collections.abc import Iterable

from amparo.places import vocab as V
from amparo.places.extract import Address, Extraction, Intersection
from amparo.places.phrases import Tok, linked, tokenize


def _kinds_in(toks: list[Tok]) -> list[tuple[str, str, int]]:
    """(number, kind, start) for each numbered street written with its kind: "7th Ave", "calle 7"."""
    out = []
    for k, t in enumerate(toks):
        if not (t.ordinal or (t.num and len(t.norm) <= 3)):
            continue
        kind = ""
        if linked(toks, k + 1) and toks[k + 1].norm in V.STREET_TYPES:
            kind = V.STREET_TYPES[toks[k + 1].norm]
        elif k and linked(toks, k) and toks[k - 1].norm in V.STREET_TYPES and toks[k - 1].norm in V.PREFIX_TYPES:
            kind = V.STREET_TYPES[toks[k - 1].norm]
        if kind:
            out.append((t.canon, kind, t.start))
    return out


class StreetKinds:
    """The numbers a gazetteer has as two or more kinds of street, and how to key them."""

    def __init__(self, alias_texts: Iterable[str]) -> None:
        seen: dict[str, set[str]] = {}
        for text in alias_texts:
            for number, kind, _ in _kinds_in(tokenize(text)):
                seen.setdefault(number, set()).add(kind)
        self.split: dict[str, frozenset[str]] = {n: frozenset(k) for n, k in seen.items() if len(k) >= 2}

    def __bool__(self) -> bool:
        return bool(self.split)

    def kinds(self, text: str) -> dict[str, frozenset[str]]:
        """The kinds ``text`` gives each split number it writes with one: {"7": {"st"}}."""
        out: dict[str, set[str]] = {}
        for n, kind, _ in _kinds_in(tokenize(text)):
            if n in self.split:
                out.setdefault(n, set()).add(kind)
        return {n: frozenset(k) for n, k in out.items()}

    def clash(self, alias_kinds: dict[str, frozenset[str]], text_kinds: dict[str, frozenset[str]]) -> bool:
        """An alias that says "7th Ave" against a text that says "7th St" (and not "7th Ave")."""
        return any(n in text_kinds and not kinds & text_kinds[n] for n, kinds in alias_kinds.items())

    def retype(self, ex: Extraction, text: str, corners: frozenset[str] = frozenset()) -> Extraction:
        """``ex`` with the kind added to every split number: "7|mcdowell" -> "7 ave|mcdowell".
        ``corners`` are the gazetteer's corner keys, to choose a kind the text does not say."""
        if not self.split or not any(
                n in self.split for n in [*ex.streets, *(a.street for a in ex.addresses),
                                          *(s for i in ex.intersections for s in (i.a, i.b))]):
            return ex
        written = [(n, kind, start) for n, kind, start in _kinds_in(tokenize(text)) if n in self.split]

        def kind_at(number: str, span: tuple[int, int]) -> str:
            for n, kind, start in written:
                if n == number and span[0] <= start < span[1]:
                    return kind
            return ""

        def typed(number: str, span: tuple[int, int], other: str = "") -> str:
            if number not in self.split:
                return number
            kind = kind_at(number, span)
            if not kind and other:
                known = [k for k in sorted(self.split[number])
                         if "|".join(sorted((f"{number} {k}", other))) in corners]
                kind = known[0] if len(known) == 1 else ""
            return f"{number} {kind}" if kind else number

        inters = []
        for i in ex.intersections:
            a, b = typed(i.a, i.span, i.b), typed(i.b, i.span, i.a)
            inters.append(Intersection(a, b, "|".join(sorted((a, b))), i.span))
        addresses = [Address(a.number, typed(a.street, a.span), a.span) for a in ex.addresses]
        streets = []
        for s in ex.streets:
            found = [f"{n} {kind}" for n, kind, _ in written if n == s]
            streets.append(found[0] if len(set(found)) == 1 else s)
        return Extraction(ex.zips, addresses, inters, streets, ex.spans)
