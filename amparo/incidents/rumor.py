"""Is a report hearsay, a question, a chain letter or a warning about the future?

Such a report is one more voice about a known event when an incident is open at
the place it names, and nothing to act on otherwise: it never opens an event
incident on its own (amparo.incidents.correlate). The words are per language,
in ``lang/<code>.txt`` beside this module: a new language is a new file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent / "lang"
SECTIONS = ("hearsay", "question_openers", "chain", "future")
# "esta mañana" is this morning, not tomorrow.
_NOT_FUTURE_BEFORE = frozenset({"esta", "la", "por", "this", "en"})
_WORD = re.compile(r"[a-z0-9]+")
_QUESTION_OPENING_WORDS = 4  # how far into a sentence an opener still makes it a question


@dataclass(frozen=True)
class Mood:
    hearsay: bool = False
    question: bool = False
    chain: bool = False
    future: bool = False

    @property
    def rumor(self) -> bool:
        return self.hearsay or self.question or self.chain or self.future

    def labels(self) -> list[str]:
        return [name for name in ("hearsay", "question", "chain", "future") if getattr(self, name)]


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def phrases() -> dict[str, frozenset[tuple[str, ...]]]:
    """Every language file's phrases, by section, as word tuples."""
    found: dict[str, set[tuple[str, ...]]] = {s: set() for s in SECTIONS}
    for path in sorted(LANG_DIR.glob("*.txt")):
        section = ""
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            if section in found:
                words = tuple(_WORD.findall(fold(line)))
                if words:
                    found[section].add(words)
    return {s: frozenset(v) for s, v in found.items()}


@lru_cache(maxsize=8)
def _by_first(section: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases()[section]:
        out.setdefault(phrase[0], []).append(phrase)
    return {w: tuple(v) for w, v in out.items()}


@lru_cache(maxsize=1)
def _swaps() -> dict[str, str]:
    """Words of five letters or more typed with two letters swapped ("idcen" for "dicen"), the
    commonest slip of a hurried thumb; only a swap that is no other word of the lists, and only
    one way."""
    known = {w for section in phrases().values() for phrase in section for w in phrase}
    seen: dict[str, set[str]] = {}
    for w in known:
        if len(w) >= 5 and w.isalpha():
            for i in range(len(w) - 1):
                typo = w[:i] + w[i + 1] + w[i] + w[i + 2:]
                if typo != w and typo not in known:
                    seen.setdefault(typo, set()).add(w)
    return {typo: next(iter(ws)) for typo, ws in seen.items() if len(ws) == 1}


def _has(words: list[str], section: str, future: bool = False) -> bool:
    index = _by_first(section)
    for i, w in enumerate(words):
        for phrase in index.get(w, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                if future and len(phrase) == 1 and i and words[i - 1] in _NOT_FUTURE_BEFORE:
                    continue
                return True
    return False


def mood(text: str) -> Mood:
    """The mood of a report's text; never raises."""
    if not isinstance(text, str) or not text:
        return Mood()
    text = fold(text[:2000])
    p = phrases()
    swaps = _swaps()
    words = [swaps.get(w, w) for w in _WORD.findall(text)]
    question = False
    if "?" in text:
        for sentence in re.split(r"[.!\n¡]+", text):
            if "?" not in sentence:
                continue
            head = _WORD.findall(sentence)[:_QUESTION_OPENING_WORDS]
            if any(tuple(head[i:i + len(ph)]) == ph for ph in p["question_openers"] for i in range(len(head))):
                question = True
                break
    return Mood(hearsay=_has(words, "hearsay"), question=question,
                chain=_has(words, "chain"), future=_has(words, "future", future=True))
