"""Offline language detection of short messages.

Lingua (a maintained, offline detector) is restricted to the organization's
languages. Hotline texts are short and mix in English place names ("hay migra
en la 5 y broadway"), which pulls Lingua toward English, so for English and
Spanish a count of function words decides first when it is clear.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LINGUA = {
    "en": Language.ENGLISH,
    "es": Language.SPANISH,
    "ko": Language.KOREAN,
    "zh-hans": Language.CHINESE,
    "zh": Language.CHINESE,
    "tl": Language.TAGALOG,
    "vi": Language.VIETNAMESE,
    "hy": Language.ARMENIAN,
}

ES_WORDS = frozenset(
    "el la los las un una unos unas de del en y o que es esta estan estoy hay con por para pero como donde "
    "aqui alli ahi ahora ahorita migra agentes ayuda mi mis su sus se lo le les al muy mas ya no si tambien "
    "calle esquina cerca frente afuera adentro estan llevando detenido detenida gente personas carros camionetas "
    "vienen fueron se llevaron nos mi hijo esposo esposa vecino vecinos favor gracias hola buenos dias tardes".split()
)
EN_WORDS = frozenset(
    "the a an of in on at and or that is are am there here now right with by for but how where they them "
    "their my his her we you it this these those to from near outside inside taking took detained people cars "
    "vans coming going gone please help thanks hello street corner just saw seen agents".split()
)
WORD = re.compile(r"[a-z]+")

# Language detection reads only the head of a text; the report stores all of it. Lingua's cost is
# super-linear on one long token (64 K characters took 1.6 s, 256 K 40 s, holding the GIL), and the
# first 2,000 characters hold a whole SMS (1,600 at most) and say the language of anything longer.
LANGUAGE_TEXT_CHARS = 2_000


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return WORD.findall(folded)


@lru_cache(maxsize=32)
def _detector(codes: tuple[str, ...]) -> LanguageDetector | None:
    langs = {LINGUA[c] for c in codes if c in LINGUA}
    if len(langs) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str, candidates: list[str], default: str) -> tuple[str, bool]:
    """The most likely language of ``text`` among ``candidates``.

    Returns (code, sure). When unsure, the code is ``default``; callers then
    prefer a language the sender chose or used before. Only the first
    ``LANGUAGE_TEXT_CHARS`` characters are read.
    """
    text = text[:LANGUAGE_TEXT_CHARS]
    if sum(c.isalpha() for c in text) < 4:
        return default, False  # "ok", "si", a ZIP, emoji: nothing to tell a language by
    words = _words(text)
    latin = all(ord(c) < 0x250 for c in text if c.isalpha())
    if latin and "en" in candidates and "es" in candidates and words:
        # Latin script and both languages offered: function words decide when clear.
        es = sum(w in ES_WORDS for w in words)
        en = sum(w in EN_WORDS for w in words)
        # With other Latin-script languages offered (Tagalog uses "at"), one word is not enough.
        least = 1 if set(candidates) <= {"en", "es"} else 2
        if es != en and max(es, en) >= least and (abs(es - en) >= 2 or min(es, en) == 0):
            return ("es" if es > en else "en"), True
    detector = _detector(tuple(sorted(set(candidates))))
    values = detector.compute_language_confidence_values(text) if detector else []
    if not values or values[0].value < 0.75:
        return default, False
    best = values[0].language
    for code in candidates:
        if LINGUA.get(code) == best:
            return code, True
    return default, False
