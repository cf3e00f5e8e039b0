"""Tokens and street phrases: the parser under amparo.places.extract.

Every token keeps its span in the original text. A street phrase is an
optional article or street type ("la", "calle"), an optional directional, up
to three name words or one number/ordinal, and an optional street type
("St", "Blvd"); stopwords, clause breaks and a change of capitalization end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amparo.places import vocab as V
from amparo.places.normalize import canon, fold, street_key

_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+|[&/@+]")
# ASCII digits only: str.isdigit() is true of "²" and "٣". A token is at most as long as the
# text analysed (extract.PLACE_TEXT_CHARS); a long run of digits is a number, never a street name.
_NUMBER_RE = re.compile(r"[0-9]+")
_ASCII_DIGITS = frozenset("0123456789")
_BREAK_CHARS = frozenset(".,;:!?¡¿\n\r()[]{}\"|<>…")
_ABBREVIATIONS = V.SUFFIXES | V.DIRECTIONALS | V.PREFIX_TYPES | {"jr", "sr", "mt", "ft"}
_NAME_ONLY = frozenset({"jr", "sr"})  # parts of a name that do not count toward its length
# One-letter words that are conjunctions or pronouns, never a middle initial.
_NOT_INITIALS = frozenset({"y", "o", "u", "a", "i"})
MAX_STREET_TOKENS = 3

# -- tokens -------------------------------------------------------------------------------


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    norm: str
    canon: str
    ordinal: bool
    cap: bool
    brk: bool  # a sentence or clause break separates it from the previous token

    @property
    def num(self) -> bool:
        return _NUMBER_RE.fullmatch(self.norm) is not None

    @property
    def initial(self) -> bool:
        return (len(self.norm) == 1 and self.norm.isalpha()) or self.norm in _NAME_ONLY


def _is_break(gap: str, prev: Tok | None) -> bool:
    if not any(c in _BREAK_CHARS for c in gap):
        return False
    # "5th St. and Broadway", "Cesar E. Chavez": an abbreviation's period is no break.
    return not (gap.strip() == "." and prev is not None
                and (prev.norm in _ABBREVIATIONS or (len(prev.norm) == 1 and prev.norm.isalpha())))


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        norm = raw if raw in "&/@+" else "".join(c for c in fold(raw) if c.isalnum())
        if not norm:
            continue
        brk = _is_break(text[prev_end:m.start()], toks[-1] if toks else None)
        prev_end = m.end()
        if toks and not brk and (toks[-1].norm, norm) in V.COMPOUND_ORDINALS:
            last = toks[-1]
            last.end, last.norm = m.end(), last.norm + norm
            last.canon, last.ordinal = canon(last.norm)
            continue
        canonical, ordinal = canon(norm)
        toks.append(Tok(m.start(), m.end(), norm, canonical, ordinal, raw[0].isupper(), brk))
    return _merge_number_words(toks) if any(t.norm in V.CARDINAL_WORDS for t in toks) else toks


def _number_run(toks: list[Tok], k: int) -> tuple[int, int]:
    """The value of the number written in words from token k, and the index of its last token
    (value 0 when there is none): "cuarenta y siete" 47, "one hundred fifty" 150."""
    total, last, smallest = 0, -1, 10**6
    j = k
    while j < len(toks):
        t = toks[j]
        if j > k and t.brk:
            break
        if j > k and t.norm in V.NUMBER_JOINERS and j + 1 < len(toks) and toks[j + 1].norm in V.CARDINAL_WORDS \
                and 20 <= total and total % 10 == 0 and not toks[j + 1].brk:
            j += 1
            continue
        v = V.CARDINAL_WORDS.get(t.norm)
        if v is None:
            break
        if v == 100 and 0 < total < 10:
            total, smallest = total * 100, 100
        elif v < smallest and not (total % 100 and v >= 10) and not (total % 10 and total < 100):
            total, smallest = total + v, v
        else:
            break
        last = j
        j += 1
    return total, last


def _merge_number_words(toks: list[Tok]) -> list[Tok]:
    """Numbers written as words that name a street become its digits: "la veintiseis" is "la 26",
    "western y cuarenta y siete" is "western y 47". One word alone needs "la"/"calle" before it
    or a street type after it ("twenty" alone is a count); two or more words are a number anyway."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        value, last = _number_run(toks, k) if t.norm in V.CARDINAL_WORDS else (0, -1)
        if value:
            before = out[-1].norm if out and not t.brk else ""
            after = toks[last + 1].norm if last + 1 < len(toks) and not toks[last + 1].brk else ""
            words = last - k + 1
            if (words >= 2 and value >= 10) or (value >= 2 and (before in V.NUMBER_STREET_BEFORE or after in V.SUFFIXES)):
                digits = str(value)
                out.append(Tok(t.start, toks[last].end, digits, digits, False, t.cap, t.brk))
                k = last + 1
                continue
        out.append(t)
        k += 1
    return out


def _core_ok(t: Tok) -> bool:
    n = t.norm
    if n in V.STOPWORDS or n in V.CONNECTORS or n in V.WEAK_CONNECTORS or n in V.SUFFIXES:
        return False
    if t.num:
        return len(n) <= 3  # numbered streets; longer numbers are house numbers or ZIPs
    return t.ordinal or (n.isalpha() and len(n) > 1)


# -- street phrases -----------------------------------------------------------------------


@dataclass
class Phrase:
    first: int  # token index, article or street type included
    last: int
    cores: list[Tok]
    key: str
    suffix: bool = False
    prefix: bool = False
    article: bool = False

    def strength(self, caps_ok: bool, known: frozenset[str]) -> int:
        """3 street type or ordinal, 2 looks like a name, 1 a plain word, 0 a bare number."""
        bare = len(self.cores) == 1 and self.cores[0].num
        if self.suffix or self.prefix or any(t.ordinal for t in self.cores) or (bare and self.article):
            return 3
        if self.key in known:
            return 2
        if bare:
            return 0
        words = [t for t in self.cores if not t.initial]
        if self.article or (caps_ok and all(t.cap for t in words)):
            return 2
        return 1


def _take_cores(toks: list[Tok], j: int, step: int, caps_ok: bool) -> list[int]:
    """Indexes of name tokens from j in direction step (1 or -1), nearest first."""
    out: list[int] = []
    counted = 0
    case: bool | None = None
    while 0 <= j < len(toks):
        t = toks[j]
        if out and (t.brk if step > 0 else toks[j + 1].brk):
            break
        if _core_ok(t) and not t.initial:
            if t.num or t.ordinal:
                if not out:
                    out.append(j)
                break  # a number is a street name by itself
            if caps_ok and t.norm.isalpha():
                if case is None:
                    case = t.cap
                elif t.cap != case:
                    break  # "vimos migra Whittier": the capitals end where the name does
            if counted == MAX_STREET_TOKENS:
                break
            out.append(j)
            counted += 1
        elif t.initial and t.norm not in _NOT_INITIALS and (t.norm in _NAME_ONLY or out and (
                0 <= j + step < len(toks) and _core_ok(toks[j + step]) and not toks[j + step].num
                and not (toks[j + step].brk if step > 0 else t.brk))):
            out.append(j)
        else:
            break
        j += step
    while out and len(toks[out[-1]].norm) == 1 and toks[out[-1]].norm.isalpha():
        out.pop()
    return out


def linked(toks: list[Tok], i: int) -> bool:
    """Token i continues the clause of token i - 1."""
    return 0 < i < len(toks) and not toks[i].brk


def _particle(toks: list[Tok], j: int) -> bool:
    """"Van" in "Van Nuys", "Los" in "Los Angeles St": a stopword that starts a street's name."""
    return (j < len(toks) and toks[j].norm in V.NAME_PARTICLES and linked(toks, j + 1)
            and _core_ok(toks[j + 1]) and toks[j + 1].norm.isalpha() and not toks[j + 1].initial)


def parse_forward(toks: list[Tok], k: int, caps_ok: bool, particles: bool = False) -> Phrase | None:
    """The street phrase that starts at token k; ``particles`` where a street is expected."""
    n, j = len(toks), k
    article = prefix = False
    if j < n and toks[j].norm in V.ARTICLES and linked(toks, j + 1):
        article, j = True, j + 1
    if j < n and toks[j].norm in V.PREFIX_TYPES and linked(toks, j + 1) and _core_ok(toks[j + 1]):
        prefix, j = True, j + 1
    if (j < n and toks[j].norm in V.DIRECTIONALS and linked(toks, j + 1)
            and (_core_ok(toks[j + 1]) or particles and _particle(toks, j + 1))
            and toks[j + 1].norm not in V.SUFFIXES):
        j += 1
    lead = particles and _particle(toks, j)
    idx = _take_cores(toks, j + 1 if lead else j, 1, caps_ok)
    if not idx:
        return None
    if lead:
        idx = [j, *idx[:MAX_STREET_TOKENS - 1]]
    last = idx[-1]
    suffix = linked(toks, last + 1) and toks[last + 1].norm in V.SUFFIXES
    if suffix:
        last += 1
    cores = [toks[i] for i in idx]
    only = cores[0]
    if (len(cores) == 1 and only.ordinal and only.norm[0] not in _ASCII_DIGITS and not suffix
            and linked(toks, last + 1) and toks[last + 1].norm in V.ORDINAL_KILLERS):
        return None  # "la primera vez", "first time"
    key = street_key([t.norm for t in toks[k:last + 1]])
    return Phrase(k, last, cores, key, suffix, prefix, article)


def parse_backward(toks: list[Tok], c: int, caps_ok: bool) -> Phrase | None:
    """The street phrase that ends just before token c."""
    j = c - 1
    if j < 0 or toks[c].brk:
        return None
    suffix = toks[j].norm in V.SUFFIXES and linked(toks, j) and _core_ok(toks[j - 1]) \
        and not toks[j].ordinal
    if suffix:
        j -= 1
    idx = _take_cores(toks, j, -1, caps_ok)
    if not idx:
        return None
    first = idx[-1]
    if len(idx) < MAX_STREET_TOKENS and first >= 1 and linked(toks, first) and _particle(toks, first - 1):
        first -= 1  # "blue island y la calle 18": a name's particle before its word
    article = prefix = False
    if linked(toks, first) and toks[first - 1].norm in V.DIRECTIONALS and toks[first - 1].initial:
        first -= 1
    if linked(toks, first) and toks[first - 1].norm in V.PREFIX_TYPES:
        prefix, first = True, first - 1
    if linked(toks, first) and toks[first - 1].norm in V.ARTICLES:
        article, first = True, first - 1
    cores = [toks[i] for i in reversed(idx)]
    key = street_key([t.norm for t in toks[first:c]])
    return Phrase(first, c - 1, cores, key, suffix, prefix, article)


def context_word(toks: list[Tok], first: int) -> str:
    """The word before a phrase, past "of"/"de"/articles: "corner of 7th" gives "corner"."""
    k, skips = first - 1, 0
    while k >= 0 and not toks[k + 1].brk:
        if toks[k].norm in V.CONTEXT_SKIP and skips < 2:
            k, skips = k - 1, skips + 1
            continue
        return toks[k].norm
    return ""


def plausible_street(p: Phrase) -> bool:
    """Every word of ``p`` could be a street's name: an ordinal, or a word of 4 letters or more
    that is no stopword, common word, number word nor kind of place ("wilshire", not "running")."""
    for t in p.cores:
        if t.ordinal:
            continue
        n = t.norm
        if (t.initial or len(n) < 4 or not n.isalpha() or n in V.STOPWORDS or n in V.COMMON_WORDS
                or n in V.NUMBER_WORDS or n in V.PLACE_KIND_WORDS):
            return False
    return bool(p.cores)


def _common(p: Phrase, known: frozenset[str]) -> bool:
    """Only everyday words and no street type: "luego", "the park", "twenty" (but "la doce" is 12th)."""
    return p.key not in known and not (p.suffix or p.prefix) and all(
        t.norm in V.COMMON_WORDS or (t.norm in V.NUMBER_WORDS and not p.article) for t in p.cores)


def is_intersection(a: Phrase, b: Phrase, conn: str, ctx: str,
                     caps_ok: bool, known: frozenset[str]) -> bool:
    if ctx in V.BETWEEN or not a.key or not b.key or a.key == b.key:
        return False
    # "en la Whittier y Atlantic", "a vernon y la central": the article marks a street in Spanish.
    located = ctx in V.LOCATIVE_PREPS or ctx in V.MARKERS
    if _common(a, known) or _common(b, known):
        return False  # "en la soto y luego", "at alvarado and the park"
    if conn == "@" and located:
        conn = "and"  # "at normandie @ slauson": after "at", a second "@" joins two streets
    conn = "and" if conn == "n" else conn  # "seventh st n alvarado": a lowercase "n" is "and"
    sa, sb = a.strength(caps_ok, known), b.strength(caps_ok, known)
    lo, hi = min(sa, sb), max(sa, sb)
    if (conn in V.CONNECTORS and located and (a.key in known) != (b.key in known)
            and plausible_street(b if a.key in known else a)):
        # "agents at wilshire and alvarado": one street the organization knows, and beside it a
        # word that can only be another street's name ("juan y alvarado" is two people).
        return True
    if conn == "con":
        return lo >= 1 and (a.article or a.prefix or hi == 3 or (b.article and (located or lo >= 2)))
    if conn in V.WEAK_CONNECTORS:
        return hi == 3 and lo >= 2
    if lo == 0:
        other = b if sa == 0 else a
        return other.strength(caps_ok, known) == 3 or other.key in known
    if conn == "/" and lo >= 1 and located:
        return True  # "vernon/central": a slash between two names is how corners are texted
    return lo >= 2 or hi == 3 or ctx in V.MARKERS or (lo >= 1 and (a.article or b.article) and located)


def caps_informative(text: str) -> bool:
    upper = lower = 0
    for c in text:
        if c.isupper():
            upper += 1
        elif c.islower():
            lower += 1
    return lower > 0 and upper < 0.4 * (upper + lower)
