"""Fingerprints of long texts, to spot one text sent from many numbers.

A chain message is copied with small changes: "Fwd:" or "reenviado:" in
front, emoji, case, "> " quote marks, a "pásalo" at the end. The fingerprint
is a keyed hash of the text's longest distinctive words, sorted: those
survive such changes, while two different real reports almost never share
their ten longest words."""

from __future__ import annotations

import re
import unicodedata

from amparo.crypto.keys import keyed_hash

MIN_FINGERPRINT_CHARS = 20
MIN_WORDS = 5
TOP_WORDS = 10
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Forwarding marks and sharing pleas that chain messages gain or lose as they travel.
NOISE = frozenset(
    "fwd fw re rv forwarded forward message mensaje reenviado reenviar reenvio pasalo pasala compartan "
    "comparte share please urgent urgente".split()
)


def normalize_for_fingerprint(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", folded).strip()


def fingerprint_words(text: str) -> list[str]:
    words = {w for w in normalize_for_fingerprint(text).split() if len(w) >= 4 and w not in NOISE}
    return sorted(sorted(words), key=len, reverse=True)[:TOP_WORDS]


def text_fingerprint(org_id: int, text: str) -> str:
    """A keyed hash of the text's longest words, or "" for a short text.

    Short texts ("ICE here") get none: many real reporters say the same few
    words, and that is no sign of a campaign. Keyed, because a plain hash of a
    short text can be reversed by guessing."""
    if len(normalize_for_fingerprint(text)) < MIN_FINGERPRINT_CHARS:
        return ""
    words = fingerprint_words(text)
    if len(words) < MIN_WORDS:
        return ""
    return keyed_hash(org_id, "fp:" + " ".join(sorted(words)))
