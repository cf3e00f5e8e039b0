from __future__ import annotations

import re
import unicodedata

from amparo.crypto.keys import keyed_hash

MIN_FINGERPRINT_CHARS = 20
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize_for_fingerprint(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", folded).strip()


def text_fingerprint(org_id: int, text: str) -> str:
    """A keyed hash of the normalized text, to spot one text sent from many numbers.

    Short texts ("ICE here") get none: many real reporters say the same few
    words, and the same short words are no sign of a campaign. Keyed, because a
    plain hash of a short text can be reversed by guessing."""
    normalized = normalize_for_fingerprint(text)
    if len(normalized) < MIN_FINGERPRINT_CHARS:
        return ""
    return keyed_hash(org_id, "fp:" + normalized)
